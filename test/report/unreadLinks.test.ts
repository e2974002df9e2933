/**
 * No URL the run did not read reaches the report body, whatever form a page or the model gave it: each
 * trigger of the parse, each HTML attribute that loads a URL, bare URLs and their punctuation, references to
 * removed definitions, and bodies built to be too deep to parse, at the exact depth where parsing gives way
 * to disarming. Without a server.
 */
import { disarm, readPredicate, removeUnreadLinks, urlKey } from '../../src/report/links';

const READ = ['https://a.example/one', 'www.b.example/two'];
const scrub = (markdown: string) => removeUnreadLinks(markdown, READ);
const isRead = readPredicate(READ);

describe('which URLs count as read', () => {
  it('matches a read page whatever its fragment, a www. address as http, and an in-document anchor', () => {
    expect(isRead('https://a.example/one#results')).toBe(true);
    expect(isRead('  https://a.example/one  ')).toBe(true);
    expect(isRead('HTTPS://A.EXAMPLE/one')).toBe(true);
    expect(isRead('http://www.b.example/two')).toBe(true);
    expect(isRead('www.b.example/two')).toBe(true);
    expect(isRead('#summary')).toBe(true);
    expect(isRead(' #summary')).toBe(true);
  });

  it('matches nothing else: another path, scheme or host, an unparsable URL, an empty one', () => {
    for (const url of ['https://a.example/one/', 'http://a.example/one', 'https://a.example/two', 'https://evil.example/one', 'not a url', '', 'summary#x']) {
      expect([url, isRead(url)]).toEqual([url, false]);
    }
  });

  it('ignores a read "URL" that is no URL instead of failing', () => {
    expect(readPredicate(['::nonsense::', 'https://a.example/one'])('https://a.example/one')).toBe(true);
    expect(urlKey('::nonsense::')).toBeUndefined();
    expect(urlKey('WWW.b.example/two#x')).toBe('http://www.b.example/two');
  });
});

describe('every form a link can take', () => {
  it.each([
    ['an inline link with a relative URL', 'See [the page](evil/path) now.', 'See the page now.', 1],
    ['a definition alone on its line', 'Text.\n\n[x]: http://evil.example/y\nMore.', 'Text.\n\nMore.', 1],
    ['a definition at the very end', 'Text.\n\n[x]: http://evil.example/y', 'Text.\n\n', 1],
    ['raw HTML', 'Hi <b>there</b>.', 'Hi there.', 0],
    ['a bare URL of any scheme', 'Get ftp://evil.example/file.', 'Get .', 1],
    ['a www. address', 'Visit www.evil.example today.', 'Visit today.', 1],
    ['a WWW. address in capitals', 'Visit WWW.EVIL.EXAMPLE today.', 'Visit today.', 1],
    ['a link whose text is its URL', 'Go [www.evil.example](http://www.evil.example) now.', 'Go now.', 1],
    ['an image with a foreign source', 'Chart: ![a *b* [c] <d>](http://evil.example/p.png).', 'Chart: a b \\[c\\] \\<d\\>.', 1],
    ['an image without alt text', 'Pixel: ![](http://evil.example/p.png).', 'Pixel: .', 1],
    ['an autolink', 'Mail <http://evil.example/x> now.', 'Mail now.', 1],
  ])('removes %s', (_form, body, text, removed) => {
    expect(scrub(body)).toEqual({ text, removed });
  });

  it('keeps links, autolinks, bare URLs and images of read pages as written', () => {
    const body = 'See [one](https://a.example/one), <https://a.example/one>, https://a.example/one, ![c](https://a.example/one) and [two](http://www.b.example/two).';
    expect(scrub(body)).toEqual({ text: body, removed: 0 });
  });

  it('unlinks a reference to a removed definition, keeping its text, and counts the definition once', () => {
    const body = 'A [full text][src] and [src][] and [src] and ![pic][src].\n\n[src]: http://evil.example/s\n';
    expect(scrub(body)).toEqual({ text: 'A full text and src and src and pic.\n\n', removed: 1 });
  });

  it('keeps [1] a citation when its numeric definition goes, even one to a read page', () => {
    expect(scrub('Fact [1].\n\n[1]: https://a.example/one\n')).toEqual({ text: 'Fact [1].\n\n', removed: 0 });
    expect(scrub('Fact [see][1].\n\n[1]: https://a.example/one\n')).toEqual({ text: 'Fact see.\n\n', removed: 0 });
  });

  it('counts every HTML attribute that would load a foreign URL, and none that loads a read one', () => {
    const attributes = [
      '<img src="http://evil.example/1">',
      '<img srcset="http://evil.example/2 2x">',
      '<form action="http://evil.example/3"></form>',
      '<button formaction="http://evil.example/4">b</button>',
      '<object data="http://evil.example/5"></object>',
      '<video poster="http://evil.example/6"></video>',
      '<table background="http://evil.example/7"></table>',
      '<q cite="http://evil.example/8">q</q>',
      '<svg><use xlink:href="http://evil.example/9"></use></svg>',
      '<a href="http://evil.example/10">ten</a>',
      '<a href="https://a.example/one">read</a>',
    ];
    const r = scrub(`<div>${attributes.join('')}</div>\n`);
    expect(r.removed).toBe(10);
    expect(r.text).not.toMatch(/evil|</);
    expect(r.text).toContain('tenread');
  });

  it('leaves no tag in the text of raw HTML, even one it decoded from an entity', () => {
    const r = scrub('<span>&lt;script&gt;alert(1)&lt;/script&gt;</span> after');
    expect(r.text).not.toContain('<');
    expect(r.text).toBe('&lt;script&gt;alert(1)&lt;/script&gt; after');
  });
});

describe('bare URLs and the punctuation around them', () => {
  it.each([
    ['Read http://evil.example/x.', 'Read .'],
    ['Read http://evil.example/x, then stop.', 'Read , then stop.'],
    ['(see http://evil.example/x)', '(see )'],
    ['(see `http://evil.example/x_(y)`)', '(see ``)'],
    ['Read `http://evil.example/x!?`.', 'Read `!?`.'],
    ['a `http://evil.example/x` b', 'a `` b'],
    ['a http://evil.example/x b', 'a b'],
    ['start http://evil.example/x', 'start '],
  ])('%j becomes %j', (body, text) => {
    expect(scrub(body).text).toBe(text);
  });

  it('keeps a read URL followed by punctuation', () => {
    expect(scrub('Read `https://a.example/one`. Then `www.b.example/two`!')).toEqual({ text: 'Read `https://a.example/one`. Then `www.b.example/two`!', removed: 0 });
  });
});

describe('bodies too deep to parse are disarmed, at exactly the depth where parsing gives way', () => {
  const kept = '[one](https://a.example/one)';
  const disarmed = '[one]\\(https://a.example/one)';

  it.each([
    ['quote markers', (n: number) => `${'>'.repeat(n)} ${kept}`],
    ['quote markers with spaces', (n: number) => `${'> '.repeat(n)}${kept}`],
    ['a run of emphasis markers', (n: number) => `${kept} ${'*'.repeat(n)}`],
    ['a run of tildes', (n: number) => `${kept} ${'~'.repeat(n)}`],
    ['a run of underscores', (n: number) => `${kept} ${'_'.repeat(n)}`],
    ['a run of backticks', (n: number) => `${kept} ${'`'.repeat(n)}`],
  ])('%s: 31 are parsed, 32 disarmed', (_what, body) => {
    expect(scrub(body(31)).text).toContain(kept);
    expect(scrub(body(32)).text).toContain(disarmed);
  });

  it('list indentation: 63 columns are parsed, 64 disarmed', () => {
    for (const marker of ['-', '*', '+', '1.', '2)']) {
      expect(scrub(`${' '.repeat(63)}${marker} ${kept}`).text).toContain(kept);
      expect(scrub(`${' '.repeat(64)}${marker} ${kept}`).text).toContain(disarmed);
      expect(scrub(`${'\t'.repeat(64)}${marker} ${kept}`).text).toContain(disarmed);
    }
  });

  it('open brackets: 32 deep are parsed, 33 disarmed; escaped and closed ones do not count', () => {
    expect(scrub(`${'['.repeat(31)} ${kept}`).text).toContain(kept);
    expect(scrub(`${'['.repeat(32)} ${kept}`).text).toContain(disarmed);
    expect(scrub(`${'\\['.repeat(40)} ${kept}`).text).toContain(kept);
    expect(scrub(`${'[x]'.repeat(40)} ${kept}`).text).toContain(kept);
    expect(scrub(`${']'.repeat(10)}${'['.repeat(31)} ${kept}`).text).toContain(kept);
  });

  it('a link nested five deep needs more passes than allowed: what is left is disarmed', () => {
    const nested = '[[[[[y](http://evil.example/1)](http://evil.example/2)](http://evil.example/3)](http://evil.example/4)](http://evil.example/5)';
    expect(scrub(`A ${nested} b`).text).toBe('A [y]\\() b');
    const four = '[[[[y](http://evil.example/1)](http://evil.example/2)](http://evil.example/3)](http://evil.example/4)';
    expect(scrub(`A ${four} b`).text).toBe('A y b');
  });
});

describe('disarming without a parser', () => {
  it('removes foreign URLs, breaks links and definitions, and shows tags as text', () => {
    const body = 'a [x](https://a.example/one) <b>b</b> http://evil.example/z.\n[d]: https://a.example/one\n   [e]: /y\n    [f]: /code';
    expect(disarm(body, isRead)).toEqual({
      text: 'a [x]\\(https://a.example/one) &lt;b>b&lt;/b> .\n\\[d]: https://a.example/one\n   \\[e]: /y\n    [f]: /code',
      removed: 1,
    });
  });
});
