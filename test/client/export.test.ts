/**
 * `--format html|pdf` as a user runs it, against the suite's real Temporal server, the work done by a separate
 * worker: `research --format pdf` writes a PDF next to the Markdown, and `report <id> --format html|pdf` works
 * from another folder (another machine: the worker's disk is gone) with the report read from the server.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { type Bench, startBench } from '../harness/research';
import { CONTENT_SECURITY_POLICY } from '../../src/report/html';
import { pdfToText } from '../../src/web/pdf';
import { cli, oneLineError, separateWorkerEnv, tempDir } from './cli';

let bench: Bench;
beforeAll(async () => {
  bench = await startBench();
});
afterAll(async () => {
  await bench?.close();
});

const flat = (text: string) => text.replace(/\s+/g, ' ').trim();

/** A report's headings as a reader sees them (Markdown escapes undone). */
function headingsOf(markdown: string): string[] {
  return [...markdown.matchAll(/^#{1,3} (.+)$/gm)].map((m) => flat(m[1].replace(/\\(.)/g, '$1').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')));
}

describe('research --format pdf', () => {
  it("writes the PDF next to the Markdown, under the same name, with the report's headings", async () => {
    const user = await tempDir('pdf-');
    const env = separateWorkerEnv(bench, { RESEARCH_OUTPUT_DIR: 'out' });
    const r = await cli(['research', 'tensorflow vs pytorch', '--no-worker', '--words', '600', '--format', 'pdf'], { env, cwd: user });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const folder = path.join(await fs.realpath(user), 'out');
    expect(r.stdout).toContain(`Report: ${path.join(folder, 'tensorflow-vs-pytorch.md')}, ${path.join(folder, 'tensorflow-vs-pytorch.pdf')}`);
    expect((await fs.readdir(folder)).sort()).toEqual(['tensorflow-vs-pytorch.md', 'tensorflow-vs-pytorch.pdf']); // no temp file left
    const markdown = await fs.readFile(path.join(folder, 'tensorflow-vs-pytorch.md'), 'utf8');
    const { text } = await pdfToText(await fs.readFile(path.join(folder, 'tensorflow-vs-pytorch.pdf')));
    const headings = headingsOf(markdown);
    expect(headings.length).toBeGreaterThanOrEqual(6);
    expect(headings).toEqual(expect.arrayContaining(['References', 'Appendix: how this report was made', 'Search queries']));
    for (const heading of headings) expect(flat(text)).toContain(heading);
  }, 240_000);
});

describe('report <id> --format', () => {
  it('prints the HTML and writes the PDF of a finished run from another folder, after the worker\'s disk is gone', async () => {
    const { handle } = await bench.run('solid-state batteries');
    await fs.rm(bench.outputDir, { recursive: true, force: true });
    const elsewhere = await tempDir('export-elsewhere-');
    const markdown = (await cli(['report', handle.workflowId], { cwd: elsewhere })).stdout;

    const html = await cli(['report', handle.workflowId, '--format', 'html'], { cwd: elsewhere });
    expect(html.stderr).toBe('');
    expect(html.code).toBe(0);
    const { document } = parseHTML(html.stdout);
    expect(document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content')).toBe(CONTENT_SECURITY_POLICY);
    expect(document.querySelectorAll('script').length).toBe(0);
    expect([...document.querySelectorAll('h1, h2, h3')].map((h) => flat(h.textContent ?? ''))).toEqual(headingsOf(markdown));
    const citations = [...document.querySelectorAll('a.cite')];
    expect(citations.length).toBeGreaterThan(0);
    for (const a of citations) expect(document.getElementById(a.getAttribute('href')!.slice(1))).not.toBeNull();
    expect(document.querySelector('details.appendix summary')?.textContent?.trim()).toBe('Appendix: how this report was made');

    const pdf = await cli(['report', handle.workflowId, '--format', 'pdf', '--out', 'r.pdf'], { cwd: elsewhere });
    expect(pdf.stderr).toBe('');
    expect(pdf.code).toBe(0);
    expect(pdf.stdout).toMatch(/saved to .*r\.pdf/);
    const { text } = await pdfToText(await fs.readFile(path.join(elsewhere, 'r.pdf')));
    for (const heading of headingsOf(markdown)) expect(flat(text)).toContain(heading);
    const again = await cli(['report', handle.workflowId, '--format', 'pdf', '--out', 'r.pdf'], { cwd: elsewhere });
    expect(oneLineError(again)).toMatch(/^error: .*r\.pdf already exists: choose another --out file or remove it$/);
  }, 240_000);

  it('refuses a format it does not know in one line, before anything starts', async () => {
    for (const args of [['report', 'x', '--format', 'docx'], ['research', 'topic', '--format', 'docx'], ['watch', 'x', '--format', 'docx']]) {
      const r = await cli(args, { env: { TEMPORAL_ADDRESS: '127.0.0.1:1' } });
      expect(r.code).toBe(1);
      expect(oneLineError(r)).toBe('error: --format must be md, html or pdf (got "docx")');
    }
  });
});
