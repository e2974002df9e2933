/** `report <id> [--out FILE] [--format md|html|pdf]`: a run's report, from the server (its result, or its history when cancelled). */
import path from 'node:path';
import type { WorkflowExecutionDescription, WorkflowHandle } from '@temporalio/client';
import { writeExportFile, writeNewFile, writeReportFile } from '../report/file';
import { pdfBrowser, PdfUnavailable, printPdf } from '../report/pdf';
import { cleanText } from '../text/hygiene';
import { runOfReport } from '../report/runMarker';
import { parseCommandArgs } from './args';
import { fetchDecodedHistory, withRun } from './connect';
import { EXIT, rootMessage, UserError } from './errors';
import { reportFromHistory, reportFromResult, type RunReport } from './reportSource';

export async function report(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('report', args, { out: { type: 'string' }, format: { type: 'string' } });
  const [workflowId, extra] = positionals;
  if (extra !== undefined) throw new UserError(`report takes one workflow ID (got "${extra}" too): npm run client -- report <id> [--out FILE] [--format md|html|pdf]`);
  const format = reportFormat(values.format);
  // A PDF is bytes: into a file, or a pipe (`> report.pdf`), never onto a terminal.
  if (format === 'pdf' && values.out === undefined && process.stdout.isTTY) {
    throw new UserError('--format pdf writes a file: add --out FILE.pdf (or redirect: > report.pdf)');
  }
  checkFormatAvailable(format);
  return withRun('report', workflowId, async (handle, description) => {
    const found = await fetchReport(handle, description);
    const content = await renderReport(format, found.markdown);
    if (values.out === undefined) {
      process.stdout.write(typeof content === 'string' ? cleanText(content.endsWith('\n') ? content : `${content}\n`) : content);
      return;
    }
    const file = await writeOutFile(values.out, content);
    console.log(`Report of ${handle.workflowId} (${found.words} words) saved to ${file}`);
  });
}

/** The report's formats: Markdown (the source of truth, always saved), and exports made from it. */
export const REPORT_FORMATS = ['md', 'html', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** `--format`'s value, checked: one line naming the formats when it is none of them. */
export function reportFormat(value: string | undefined): ReportFormat {
  if (value === undefined) return 'md';
  const format = value.trim().toLowerCase().replace(/^markdown$/, 'md');
  if ((REPORT_FORMATS as readonly string[]).includes(format)) return format as ReportFormat;
  throw new UserError(`--format must be md, html or pdf (got "${value}")`);
}

/** Before anything starts: a PDF needs chromium here, said in one line when it is missing. */
export function checkFormatAvailable(format: ReportFormat): void {
  if (format !== 'pdf') return;
  try {
    pdfBrowser();
  } catch (err) {
    if (err instanceof PdfUnavailable) throw new UserError(err.message);
    throw err;
  }
}

/** The report in `format`: the Markdown as it is, one self-contained HTML file, or that HTML printed to PDF. */
export async function renderReport(format: ReportFormat, markdown: string): Promise<string | Buffer> {
  if (format === 'md') return markdown;
  // Loaded only for an export (markdown-it): `research` and `watch` load this module before a run starts.
  const { reportHtml } = await import('../report/html');
  if (format === 'html') return reportHtml(markdown);
  return printPdf(reportHtml(markdown, { openAppendix: true }));
}

/** The report of a finished run: completed → its result; cancelled → the report activity's result in its history. */
export async function fetchReport(handle: WorkflowHandle, description: WorkflowExecutionDescription): Promise<RunReport> {
  const state = description.status.name;
  const id = handle.workflowId;
  if (state === 'RUNNING') throw new UserError(`research run "${id}" is still running: npm run client -- watch ${id} follows it to its report`);
  let found: RunReport | undefined;
  if (state === 'COMPLETED') {
    found = await reportFromResult(await handle.result());
  } else if (state === 'FAILED') {
    const reason = await handle.result().then(
      () => 'unknown reason',
      (err: unknown) => rootMessage(err),
    );
    throw new UserError(`research run "${id}" failed without a report: ${reason}`);
  } else {
    found = await reportFromHistory(await fetchDecodedHistory(handle));
  }
  if (!found) throw new UserError(`research run "${id}" is ${state.toLowerCase()} and carries no report this machine can read`);
  return found;
}

/** A report the run holds but this command could not write to the user's folder: the run keeps it. */
export class ReportNotSaved extends UserError {
  override readonly exitCode = EXIT.reportNotSaved;
  constructor(
    readonly detail: string,
    /** The whole line to print, when it is not "Report not saved: <detail>" (an export failed, the Markdown was saved). */
    readonly line = `Report not saved: ${detail}`,
  ) {
    super(line.replace(/^Report/, 'report'));
  }
}

/** Where the report was saved, as the line a following command prints, and its exit code; a failed save is told, not thrown. */
export async function reportLine(save: Promise<string>): Promise<{ line: string; exitCode: number }> {
  try {
    return { line: `Report: ${await save}`, exitCode: EXIT.ok };
  } catch (err) {
    if (err instanceof ReportNotSaved) return { line: err.line, exitCode: err.exitCode };
    throw err;
  }
}

/**
 * Saves a run's report under `dir` (resolved where the command runs) with the usual safe, never-overwriting
 * name; a second save of the same run's report (its marker names the run) finds its file again. A failed
 * write (full disk, read-only folder, a path under a file) is a ReportNotSaved saying how to get the report.
 */
export async function saveReport(dir: string, topic: string, workflowId: string, found: RunReport, format: ReportFormat = 'md'): Promise<string> {
  const folder = path.resolve(dir);
  const run = runOfReport(found.markdown) ?? { workflowId, runId: workflowId };
  let saved: string;
  try {
    saved = await writeReportFile(folder, topic, found.markdown, run);
  } catch (err) {
    throw new ReportNotSaved(`${fileProblem(err, folder)}; it is kept on the server: npm run client -- report ${workflowId} --out FILE gets it`);
  }
  if (format === 'md') return saved;
  // The export sits next to the Markdown, under the same safe name; the Markdown stays the source of truth.
  const kind = format.toUpperCase();
  try {
    const content = await renderReport(format, found.markdown);
    const { isHtmlOfRun } = await import('../report/html');
    const isOwn = format === 'html' ? (existing: Buffer) => isHtmlOfRun(existing.toString('utf8'), run) : undefined;
    return `${saved}, ${await writeExportFile(saved, format, content, isOwn)}`;
  } catch (err) {
    const cause = err instanceof PdfUnavailable ? err.message : (err as NodeJS.ErrnoException).code ? fileProblem(err, folder) : `it could not be made: ${rootMessage(err).split('\n')[0]}`;
    const detail = `${cause}; the Markdown is saved: ${saved} (npm run client -- report ${workflowId} --format ${format} --out FILE tries again)`;
    throw new ReportNotSaved(detail, `Report saved, its ${kind} not: ${detail}`);
  }
}

/** `--out FILE`: a new file, written whole or not at all; never over an existing one. */
export async function writeOutFile(out: string, markdown: string | Uint8Array): Promise<string> {
  const file = path.resolve(out);
  await writeNewFile(file, markdown).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'EEXIST') throw new UserError(`${file} already exists: choose another --out file or remove it`);
    if (err.code === 'ENOENT') throw new UserError(`cannot write ${file}: its folder does not exist`);
    throw new ReportNotSaved(`${fileProblem(err, path.dirname(file))} (${file})`);
  });
  return file;
}

/** "ENOSPC (no space left on the device) in reports/": the cause a user can act on, where. */
export function fileProblem(err: unknown, folder: string): string {
  const code = (err as NodeJS.ErrnoException).code;
  const where = path.relative(process.cwd(), folder) || '.';
  const shown = where.startsWith('..') ? folder : `${where}/`;
  const meaning = code ? FILE_ERRORS[code] : undefined;
  if (code) return `${code}${meaning ? ` (${meaning})` : ''} in ${shown}`;
  return `${err instanceof Error ? err.message : String(err)} in ${shown}`;
}

const FILE_ERRORS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'a folder is in the way',
  ENAMETOOLONG: 'the path is too long',
  EIO: 'input/output error',
};
