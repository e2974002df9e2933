/**
 * The exported HTML as a file a reader opens: one well-formed document, its head (charset, the strict
 * Content-Security-Policy, no referrer, a title from the report's own heading), the report in <main>, and
 * the run it came from named once in a footer. Citations link to their reference, and a link the report
 * refused to carry leaves its text, not a dead or foreign link, even when it sits among kept ones.
 */
import { parseHTML } from 'linkedom';
import { reportHtml } from '../../src/report/html';

const MARKED = '# Battery costs\n\nPacks fell to $115/kWh [1].\n\n## References\n\n[1] Survey — https://a.example/survey\n\n<!-- research-run: research-abc run-1 -->\n\n';

it('is one document: doctype, head, body, main, and the footer naming its run', () => {
  const lines = reportHtml(MARKED).split('\n');
  expect(lines.slice(0, 4)).toEqual(['<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">']);
  expect(lines[4]).toMatch(/^<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;|^<meta http-equiv="Content-Security-Policy" content="default-src 'none'/);
  expect(lines.slice(5, 9)).toEqual([
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="research-run" content="research-abc run-1">',
    '<title>Battery costs</title>',
  ]);
  expect(lines[9]).toMatch(/^<style>/);
  const head = lines.indexOf('</head>');
  expect(lines.slice(head, head + 3)).toEqual(['</head>', '<body>', '<main>']);
  expect(lines.slice(-5)).toEqual(['<footer>Temporal run research-abc</footer>', '</main>', '</body>', '</html>', '']);
});

it('without a run marker: no run meta, no footer, and the marker never shows as text', () => {
  const html = reportHtml('# T\n\nBody.');
  expect(html).not.toContain('research-run');
  expect(html).not.toContain('<footer>');
  // The marker with blank lines after it is still the run's, and is not rendered as text.
  expect(reportHtml(MARKED)).not.toContain('&lt;!--');
});

it('takes its title from the first top-level heading, wherever it is, or says Research report', () => {
  expect(parseHTML(reportHtml('Intro paragraph.\n\n# The real title\n\nBody.')).document.title).toBe('The real title');
  expect(parseHTML(reportHtml('Just a paragraph.')).document.title).toBe('Research report');
  expect(parseHTML(reportHtml('## Only a section\n\nBody.')).document.title).toBe('Research report');
});

it('links every citation of an existing reference, keeps the text between them, and leaves a missing one as text', () => {
  const { document } = parseHTML(reportHtml('# T\n\nA [1] then B [2], and C [9].\n\n## References\n\n[1] One — https://a.example/1\n\n[2] Two — https://a.example/2\n'));
  const p = document.querySelector('main > p')!;
  expect(p.textContent).toBe('A [1] then B [2], and C [9].');
  expect([...p.querySelectorAll('a.cite')].map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
    ['[1]', '#ref-1'],
    ['[2]', '#ref-2'],
  ]);
  expect(document.getElementById('ref-2')!.textContent).toMatch(/^\[2\] Two/);
});

it('drops a refused link between kept ones without dropping the kept ones', () => {
  const { document } = parseHTML(reportHtml('# T\n\n[one](https://a.example/1) [bad](data:text/html,x) [two](https://a.example/2)'));
  const p = document.querySelector('main > p')!;
  expect([...p.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
    ['one', 'https://a.example/1'],
    ['two', 'https://a.example/2'],
  ]);
  expect(p.textContent).toContain('bad');
});
