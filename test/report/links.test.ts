import { removeUnreadLinks } from '../../src/report/links';

const READ = ['https://a.example/one', 'https://b.example/two?x=1'];
const scrub = (markdown: string) => removeUnreadLinks(markdown, READ);
const URL_LIKE = /(?:[a-z][a-z0-9+.-]*:\/\/|www\.)[^\s<>()"'\]]*/gi;
const foreignUrls = (text: string) => [...text.matchAll(URL_LIKE)].map((m) => m[0]).filter((u) => !/^https:\/\/(a\.example\/one|b\.example\/two\?x=1)/.test(u));

describe('links in the report body', () => {
  it('keeps links to pages the run read (a fragment does not matter) and in-document anchors', () => {
    const body = 'See [one](https://a.example/one#part), <https://b.example/two?x=1>, [top](#summary) and https://a.example/one.';
    expect(scrub(body)).toEqual({ text: body, removed: 0 });
  });

  it('keeps the text of a removed link, but not a text that is the URL itself', () => {
    expect(scrub('A [useful page](http://evil.example/x) here.')).toEqual({ text: 'A useful page here.', removed: 1 });
    expect(scrub('A [http://evil.example/x](http://evil.example/x) here.')).toEqual({ text: 'A here.', removed: 1 });
    expect(scrub('A [**bold** text](http://evil.example/x).')).toEqual({ text: 'A **bold** text.', removed: 1 });
  });

  it('frees citations from a numeric definition that would make them links, and keeps them as citations', () => {
    const r = scrub('Fact [1]. More [1, 2].\n\n[1]: http://evil.example/def\n[2]: https://a.example/one\n');
    expect(r.text).toBe('Fact [1]. More [1, 2].\n\n');
    expect(r.removed).toBe(1);
  });

  it('keeps a named definition to a page that was read, and unlinks references to a foreign one', () => {
    const r = scrub('[docs][d] and [spam][s].\n\n[d]: https://a.example/one\n[s]: http://evil.example/s\n');
    expect(r.text).toBe('[docs][d] and spam.\n\n[d]: https://a.example/one\n');
    expect(r.removed).toBe(1);
  });

  it('removes images that would load a foreign URL, keeping their alt text, also inside a link that stays', () => {
    const r = scrub('[![chart](http://evil.example/pixel.png)](https://a.example/one)');
    expect(r.text).toBe('[chart](https://a.example/one)');
    expect(r.removed).toBe(1);
  });

  it('reduces raw HTML, comments included, to its text', () => {
    const r = scrub('Hi <a href="http://evil.example">there</a> <!-- research-run: x y --> <b>bold</b>\n\n<div onclick="x()">\n<p>block</p>\n</div>\n');
    expect(r.text).not.toMatch(/<|evil/);
    expect(r.text).toContain('Hi there bold');
    expect(r.text).toContain('block');
    expect(r.removed).toBe(1);
  });

  it('removes foreign URLs in code, tables and text where no autolink is made', () => {
    const r = scrub('| a | b |\n|---|---|\n| `curl http://evil.example/x` | seehttp://evil.example/y |\n\n```\nwget ftp://evil.example/z\n```\n');
    expect(foreignUrls(r.text)).toEqual([]);
    expect(r.text).toContain('| `curl ` |');
    expect(r.removed).toBe(3);
  });

  it('ends with no foreign URL even for deeply nested link syntax', () => {
    const nested = `${'['.repeat(40)}x${'](http://evil.example)'.repeat(40)}`;
    const r = scrub(`Start ${nested} end`);
    expect(foreignUrls(r.text)).toEqual([]);
    expect(r.text).toMatch(/^Start .*x.* end$/);
  });

  it('leaves Markdown without foreign links byte for byte as written', () => {
    const body = '# Title\n\n> A quote with *emphasis* and a \\[escaped\\] bracket [2].\n\n1. one\n2. two\n\n| x | y |\n|---|---|\n| 1 | 2 |\n';
    expect(scrub(body)).toEqual({ text: body, removed: 0 });
  });
});

describe('URLs with parentheses', () => {
  it('keeps a read page whose URL has parentheses, bare or linked, and removes a foreign one whole', () => {
    const read = ['https://en.wikipedia.org/wiki/Battery_(electricity)'];
    const body = 'See https://en.wikipedia.org/wiki/Battery_(electricity). And [w](https://en.wikipedia.org/wiki/Battery_(electricity)).';
    expect(removeUnreadLinks(body, read)).toEqual({ text: body, removed: 0 });
    const r = removeUnreadLinks('Code `http://evil.example/a_(b)` (see `http://evil.example/c`)', read);
    expect(r.text).toBe('Code `` (see ``)');
    expect(r.removed).toBe(2);
  });
});

describe('links formed by a removal', () => {
  it('removes a link that only appears once the link inside it is gone', () => {
    const r = removeUnreadLinks('A [[y](http://evil.example/in)](evil.example/relative) b', READ);
    expect(r.text).toBe('A y b');
  });

  it('leaves a body without any link syntax untouched without parsing it', () => {
    const body = 'Plain text with [1] and [2, 3] citations only.';
    expect(removeUnreadLinks(body, READ)).toEqual({ text: body, removed: 0 });
  });
});

describe('Markdown deeper than the parser can take', () => {
  it.each([
    ['blockquotes', `${'>'.repeat(5000)} x [a](http://evil.example/q) <b>y</b>`],
    ['emphasis', `${'*'.repeat(8000)}x${'*'.repeat(8000)} [a](http://evil.example/e)`],
  ])('%s: no error, and nothing foreign or active is left', (_name, body) => {
    const r = removeUnreadLinks(body, READ);
    expect(foreignUrls(r.text)).toEqual([]);
    expect(r.text).not.toMatch(/<b>|\]\(/);
    expect(r.removed).toBeGreaterThan(0);
  });
});
