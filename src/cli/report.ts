/** `report <id> [--out FILE]`: a run's report, from the server (its result, or its history when cancelled). */
import path from 'node:path';
import type { WorkflowExecutionDescription, WorkflowHandle } from '@temporalio/client';
import { writeNewFile, writeReportFile } from '../report/file';
import { cleanText } from '../text/hygiene';
import { runOfReport } from '../report/runMarker';
import { parseCommandArgs } from './args';
import { fetchDecodedHistory, withRun } from './connect';
import { EXIT, rootMessage, UserError } from './errors';
import { reportFromHistory, reportFromResult, type RunReport } from './reportSource';

export async function report(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('report', args, { out: { type: 'string' } });
  const [workflowId, extra] = positionals;
  if (extra !== undefined) throw new UserError(`report takes one workflow ID (got "${extra}" too): npm run client -- report <id> [--out FILE]`);
  return withRun('report', workflowId, async (handle, description) => {
    const found = await fetchReport(handle, description);
    if (values.out === undefined) {
      process.stdout.write(cleanText(found.markdown.endsWith('\n') ? found.markdown : `${found.markdown}\n`));
      return;
    }
    const file = await writeOutFile(values.out, found.markdown);
    console.log(`Report of ${handle.workflowId} (${found.words} words) saved to ${file}`);
  });
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
  constructor(readonly detail: string) {
    super(`report not saved: ${detail}`);
  }
}

/** Where the report was saved, as the line a following command prints, and its exit code; a failed save is told, not thrown. */
export async function reportLine(save: Promise<string>): Promise<{ line: string; exitCode: number }> {
  try {
    return { line: `Report: ${await save}`, exitCode: EXIT.ok };
  } catch (err) {
    if (err instanceof ReportNotSaved) return { line: `Report not saved: ${err.detail}`, exitCode: err.exitCode };
    throw err;
  }
}

/**
 * Saves a run's report under `dir` (resolved where the command runs) with the usual safe, never-overwriting
 * name; a second save of the same run's report (its marker names the run) finds its file again. A failed
 * write (full disk, read-only folder, a path under a file) is a ReportNotSaved saying how to get the report.
 */
export async function saveReport(dir: string, topic: string, workflowId: string, found: RunReport): Promise<string> {
  const folder = path.resolve(dir);
  try {
    return await writeReportFile(folder, topic, found.markdown, runOfReport(found.markdown) ?? { workflowId, runId: workflowId });
  } catch (err) {
    throw new ReportNotSaved(`${fileProblem(err, folder)}; it is kept on the server: npm run client -- report ${workflowId} --out FILE gets it`);
  }
}

/** `--out FILE`: a new file, written whole or not at all; never over an existing one. */
export async function writeOutFile(out: string, markdown: string): Promise<string> {
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
