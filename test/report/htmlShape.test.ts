/**
 * The HTML export's shape, case by case (test/report/html.test.ts has the hostile reports): which links are
 * kept, where citations become links and where they stay text, where the appendix ends, the document's
 * language and title, and how a saved export is recognised as a run's.
 */
import { parseHTML } from 'linkedom';
import { isHtmlOfRun, isSafeHref, reportHtml } from '../../src/report/html';

const doc = (markdown: string, options?: Parameters<typeof reportHtml>[1]) => parseHTML(reportHtml(markdown, options)).document;

describe('the HTML export, case by case', () => {
  it.each([
    ['#ref-1', true],
    ['#appendix', true],
    ['#a_b-C9', true],
    ['#', false],
    ['#a b', false],
    ['#x"y', false],
    ['https://a.example/p?q=1', true],
    ['http://a.example', true],
    ['HTTPS://A.EXAMPLE/', true],
    ['javascript:alert(1)', false],
    ['JavaScript:alert(1)', false],
    ['data:text/html,x', false],
    ['mailto:a@b.example', false],
    ['ftp://a.example/', false],
    ['//a.example/', false],
    ['relative/page', false],
    ['', false],
  ])('isSafeHref(%j) is %s', (href, safe) => {
    expect(isSafeHref(href)).toBe(safe);
  });

  it('links citations in the body only, to references that exist, keeping the text around them', () => {
    const markdown = [
      '# T',
      '',
      'Before [1] middle [2][9] after.',
      '',
      'A link [about [1]](https://a.example/) is left as it is.',
      '',
      '## References',
      '',
      '[1] One, see [2].',
      '',
      '[2] Two.',
      '',
      '## Appendix: how this report was made',
      '',
      'Cites [1] in the appendix.',
    ].join('\n');
    const document = doc(markdown);
    const body = document.querySelector('main > p')!;
    expect(body.textContent).toBe('Before [1] middle [2][9] after.');
    expect([...body.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('href'), a.getAttribute('class')])).toEqual([
      ['[1]', '#ref-1', 'cite'],
      ['[2]', '#ref-2', 'cite'],
    ]);
    expect(body.innerHTML).toContain('[9] after.');
    // Inside a link: one link, no citation link nested in it.
    const linked = document.querySelectorAll('main > p')[1]!;
    expect([...linked.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(['https://a.example/']);
    // In the references and the appendix, [n] stays text.
    expect(document.getElementById('ref-1')!.querySelectorAll('a').length).toBe(0);
    expect(document.getElementById('ref-1')!.getAttribute('class')).toBe('reference');
    expect(document.getElementById('ref-2')).not.toBeNull();
    expect(document.querySelector('details.appendix')!.querySelectorAll('a').length).toBe(0);
  });

  it('anchors only reference paragraphs that start with [n] under References', () => {
    const document = doc('# T\n\n[3] not a reference here.\n\n## References\n\nIntroduction without a number.\n\n[3] Three.\n');
    expect(document.querySelectorAll('p.reference').length).toBe(1);
    expect(document.getElementById('ref-3')!.textContent).toBe('[3] Three.');
    expect(doc('# T\n\nSee [3].\n\n## Sources\n\n[3] Three.\n').getElementById('ref-3')).toBeNull();
  });

  it('closes the appendix at the next section, and has none when there is no appendix', () => {
    const document = doc('# T\n\nBody.\n\n## Appendix: how\n\n### Notes\n\nnote\n\n## After\n\nlast\n');
    const details = document.querySelector('details.appendix')!;
    expect(details.getAttribute('id')).toBe('appendix');
    expect(details.querySelector('summary > h2')!.textContent).toBe('Appendix: how');
    expect(details.textContent).toContain('note');
    expect(details.textContent).not.toContain('last');
    expect(document.querySelector('details + h2')?.textContent).toBe('After');
    expect(doc('# T\n\n## Appendix\n\nx\n').querySelector('details')).not.toBeNull();
    expect(doc('# T\n\n## Appendixes are not this\n\nx\n').querySelector('details')).toBeNull();
    expect(doc('# T\n\n## Not an Appendix\n\nx\n').querySelector('details')).toBeNull();
    expect(doc('# T\n\n### Appendix\n\nx\n').querySelector('details')).toBeNull();
  });

  it('takes its title from the first level-one heading, as plain text', () => {
    expect(doc('Intro.\n\n# Solid *state* `cells`\n\n# Second').title).toBe('Solid state cells');
    expect(doc('## Only a section\n\ntext').title).toBe('Research report');
    expect(doc('# ![only an image](https://a.example/i.png)\n\ntext').title).toBe('Research report');
  });

  it("states the document's language when it is a language tag, English otherwise", () => {
    expect(doc('# T', { language: 'de-DE' }).documentElement.getAttribute('lang')).toBe('de-DE');
    expect(doc('# T', { language: 'zh-Hant-TW' }).documentElement.getAttribute('lang')).toBe('zh-Hant-TW');
    expect(doc('# T').documentElement.getAttribute('lang')).toBe('en');
    for (const bad of ['"><script>', 'de DE', 'd', 'german-language-x', 'de-']) {
      expect(doc('# T', { language: bad }).documentElement.getAttribute('lang')).toBe('en');
    }
  });

  it('writes an image as its alt text, and a refused link as its text', () => {
    const document = doc('# T\n\n![a <b> chart](https://a.example/c.png) and [click](javascript:alert(1)) and [ok](https://a.example/).');
    const p = document.querySelector('main > p')!;
    expect(p.textContent).toBe('a <b> chart and [click](javascript:alert(1)) and ok.');
    expect([...p.querySelectorAll('a')].map((a) => [a.getAttribute('href'), a.getAttribute('rel')])).toEqual([['https://a.example/', 'noopener noreferrer nofollow']]);
    // The report's own anchors get no rel.
    expect(doc('# T\n\n[up](#appendix)').querySelector('main a')!.hasAttribute('rel')).toBe(false);
  });

  it('recognises the export of a run by its run marker, whatever characters the ids hold', () => {
    const run = { workflowId: 'research-a&b "x" <y>', runId: 'r-1' };
    const html = reportHtml(`# T\n\nBody.\n\n<!-- research-run: ${run.workflowId.replace(/ /g, '_')} ${run.runId} -->\n`);
    expect(isHtmlOfRun(html, { workflowId: run.workflowId.replace(/ /g, '_'), runId: 'r-1' })).toBe(true);
    expect(isHtmlOfRun(html, { workflowId: run.workflowId.replace(/ /g, '_'), runId: 'r-2' })).toBe(false);
    expect(isHtmlOfRun(reportHtml('# T\n\nNo marker.'), { workflowId: 'w', runId: 'r' })).toBe(false);
    expect(parseHTML(html).document.querySelector('footer')!.textContent).toBe(`Temporal run ${run.workflowId.replace(/ /g, '_')}`);
  });
});
