/**
 * The report printed to PDF by chromium: its text (read back with the product's own PDF reader) has the
 * report's headings, the appendix printed open, and hostile text as text; without chromium, one line.
 */
import { composeReport } from '../../src/report/compose';
import { reportHtml } from '../../src/report/html';
import { PdfUnavailable, pdfBrowser, printPdf } from '../../src/report/pdf';
import { pdfToText } from '../../src/web/pdf';

const flat = (text: string) => text.replace(/\s+/g, ' ').trim();

/** A report's headings as a reader sees them (Markdown escapes undone). */
function headingsOf(markdown: string): string[] {
  return [...markdown.matchAll(/^#{1,3} (.+)$/gm)].map((m) => flat(m[1].replace(/\\(.)/g, '$1').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')));
}

describe('the report as PDF', () => {
  it("has the report's headings, its references and its appendix (printed open)", async () => {
    const markdown = composeReport({
      topic: 'Solid-state batteries',
      body: '# Solid-state batteries: density & cost\n\n## Energy density\n\nDense [1].\n\n## Manufacturing\n\nHard [2].',
      sources: [
        { url: 'https://a.example/one', title: 'Cells <img src=x onerror=alert(1)>', summary: 's' },
        { url: 'https://b.example/two', title: 'Lines', summary: 's' },
      ],
      pages: [
        { url: 'https://a.example/one', title: 'Cells', status: 'summarized', queries: ['q'] },
        { url: 'https://b.example/two', title: 'Lines', status: 'summarized', queries: ['q'] },
      ],
      queries: ['solid state electrolyte density'],
      notes: [],
      offline: true,
      stoppedByBudget: false,
      run: { workflowId: 'w', runId: 'r' },
      date: '2026-11-24',
    }).markdown;
    const pdf = await printPdf(reportHtml(markdown, { openAppendix: true }));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { text, title } = await pdfToText(pdf);
    const printed = flat(text);
    const headings = headingsOf(markdown);
    expect(headings).toEqual([
      'Solid-state batteries: density & cost',
      'Energy density',
      'Manufacturing',
      'References',
      'Appendix: how this report was made',
      'Search queries',
      'Pages used (2)',
      'Pages skipped (0)',
    ]);
    for (const heading of headings) expect(printed).toContain(heading);
    expect(printed).toContain('solid state electrolyte density'); // inside the appendix: printed open
    expect(printed).toContain('Cells <img src=x onerror=alert(1)>');
    expect(title).toBe('Solid-state batteries: density & cost');
  }, 60_000);

  it('says in one line how to install chromium when it is missing', async () => {
    const missing = ['/nonexistent/chromium'];
    expect(() => pdfBrowser(missing)).toThrow(PdfUnavailable);
    await expect(printPdf('<p>x</p>', missing)).rejects.toThrow(
      'PDF export needs chromium, which is not installed at /nonexistent/chromium: apt-get install -y chromium (or use --format html)',
    );
  });
});
