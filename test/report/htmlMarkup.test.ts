/**
 * The HTML export's markup, exactly: what a reader's browser gets for the common shapes of a report (a cited
 * paragraph, a link, the reference list, the appendix), and the edge cases where a looser renderer would
 * change what the reader sees: an empty link target, code that looks like a citation, a citation after a
 * link, a subsection that happens to be called References, a marker-like comment quoted in the body, bare
 * addresses, an appendix that starts the document or ends at a top-level heading.
 */
import { parseHTML } from 'linkedom';
import { isSafeHref, reportHtml } from '../../src/report/html';

/** The rendered report between <main> and the footer (or </main>). */
function mainOf(markdown: string): string {
  const html = reportHtml(markdown);
  return html.slice(html.indexOf('<main>\n') + '<main>\n'.length, html.indexOf('\n</main>'));
}
const doc = (markdown: string) => parseHTML(reportHtml(markdown)).document;

describe('the HTML export, markup', () => {
  it('renders a cited paragraph, an outside link and the reference list as plain, exact markup', () => {
    expect(mainOf('# T\n\nSee [1] and [a](https://a.example/).\n\n## References\n\n[1] One.\n')).toBe(
      [
        '<h1>T</h1>',
        '<p>See <a href="#ref-1" class="cite">[1]</a> and <a href="https://a.example/" rel="noopener noreferrer nofollow">a</a>.</p>',
        '<h2>References</h2>',
        '<p id="ref-1" class="reference">[1] One.</p>',
        '',
      ].join('\n'),
    );
  });

  it('puts the whole appendix, up to its last line, inside one <details> with its heading as the summary', () => {
    expect(mainOf('# T\n\n## Appendix: how\n\nlast line\n')).toBe(
      ['<h1>T</h1>', '<details class="appendix" id="appendix">', '<summary><h2>Appendix: how</h2>', '</summary>', '<p>last line</p>', '</details>', ''].join('\n'),
    );
  });

  it('writes a link with an empty target as its text, with no stray tags', () => {
    const main = mainOf('# T\n\nAn [empty]() link, then [kept](https://a.example/k).');
    expect(main).toBe('<h1>T</h1>\n<p>An empty link, then <a href="https://a.example/k" rel="noopener noreferrer nofollow">kept</a>.</p>\n');
  });

  it('still links a citation that comes after a link in the same paragraph', () => {
    const document = doc('# T\n\nSee [the survey](https://a.example/s), as [1] says.\n\n## References\n\n[1] One.');
    expect([...document.querySelectorAll('main > p')[0]!.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(['https://a.example/s', '#ref-1']);
  });

  it('leaves code that looks like a citation as code', () => {
    const document = doc('# T\n\nIndex it as `x[1]`, as [1] does.\n\n## References\n\n[1] One.');
    expect(document.querySelector('main code')!.textContent).toBe('x[1]');
    expect([...document.querySelectorAll('main a.cite')].map((a) => a.textContent)).toEqual(['[1]']);
  });

  it('treats only a level-two References heading as the reference list', () => {
    const document = doc('# T\n\n## Findings\n\n### References\n\n[1] Is a sentence in the body, see [1].\n\n## References\n\n[1] One.');
    expect(document.querySelectorAll('p.reference').length).toBe(1);
    expect(document.getElementById('ref-1')!.textContent).toBe('[1] One.');
    // The body's paragraph under the subsection still links its citations.
    expect([...document.querySelectorAll('main a.cite')].map((a) => a.getAttribute('href'))).toEqual(['#ref-1', '#ref-1']);
  });

  it('links citations only to reference paragraphs, not to a code block that lists numbers', () => {
    const document = doc('# T\n\nSee [1].\n\n## References\n\n```\n[1] not a paragraph\n```\n');
    expect(document.querySelectorAll('main a.cite').length).toBe(0);
  });

  it('has an appendix when the report starts with it, and ends it at a top-level heading', () => {
    expect(doc('## Appendix\n\nx\n').querySelector('details.appendix')!.textContent).toContain('x');
    const details = doc('# T\n\n## Appendix\n\nin it\n\n# Next part\n\nafter it\n').querySelector('details.appendix')!;
    expect(details.textContent).toContain('in it');
    expect(details.textContent).not.toContain('after it');
  });

  it('makes no link of a bare address in the text', () => {
    const document = doc('# T\n\nThe model wrote https://evil.example/x and www.evil.example without a link.');
    expect(document.querySelectorAll('main a').length).toBe(0);
    expect(document.querySelector('main > p')!.textContent).toBe('The model wrote https://evil.example/x and www.evil.example without a link.');
  });

  it('refuses a link that only ends in an anchor', () => {
    expect(isSafeHref('javascript:alert(1)//#top')).toBe(false);
    expect(isSafeHref('data:text/html,x#a')).toBe(false);
  });

  it('strips only the trailing run marker: one quoted in the body stays visible text', () => {
    const document = doc('# T\n\nA page said <!-- research-run: a b --> in its text.\n\nLast.\n\n<!-- research-run: w r -->\n');
    expect([...document.querySelectorAll('main > p')].map((p) => p.textContent)).toEqual(['A page said <!-- research-run: a b --> in its text.', 'Last.']);
    expect(document.querySelector('footer')!.textContent).toBe('Temporal run w');
  });

  it('without a marker: the head is the usual lines and main ends with the report', () => {
    const lines = reportHtml('# T\n\nBody.').split('\n');
    const head = lines.slice(lines.indexOf('<head>') + 1, lines.indexOf('<title>T</title>'));
    expect(head.map((l) => l.replace(/content="default-src[^"]*"/, 'content="…"'))).toEqual([
      '<meta charset="utf-8">',
      '<meta http-equiv="Content-Security-Policy" content="…">',
      '<meta name="referrer" content="no-referrer">',
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
    ]);
    expect(doc('# T\n\nBody.').querySelector('main')!.textContent!.trim()).toBe('T\nBody.');
  });

  it('takes the title from the heading text only, trimmed, around an image', () => {
    expect(doc('# ![logo](https://a.example/l.png) Battery costs').title).toBe('Battery costs');
  });
});
