/** `report <id> [--out FILE]`: a run's report, from the server (its result, or its history when cancelled). */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { WorkflowExecutionDescription, WorkflowHandle } from '@temporalio/client';
import { writeReportFile } from '../report/file';
import { cleanText } from '../text/hygiene';
import { runOfReport } from '../report/runMarker';
import { parseCommandArgs } from './args';
import { withRun } from './connect';
import { rootMessage, UserError } from './errors';
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
    const file = path.resolve(values.out);
    await fs.writeFile(file, found.markdown, { encoding: 'utf8', flag: 'wx' }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'EEXIST') throw new UserError(`${file} already exists: choose another --out file or remove it`);
      if (err.code === 'ENOENT') throw new UserError(`cannot write ${file}: its folder does not exist`);
      throw new UserError(`cannot write ${file}: ${err.message}`);
    });
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
    found = await reportFromHistory(await handle.fetchHistory());
  }
  if (!found) throw new UserError(`research run "${id}" is ${state.toLowerCase()} and carries no report this machine can read`);
  return found;
}

/**
 * Saves a run's report under `dir` (resolved where the command runs) with the usual safe, never-overwriting
 * name. When a worker on this machine already wrote this very report there (the in-process worker, same
 * folder), that file is the answer: no twin.
 */
export async function saveReport(dir: string, topic: string, workflowId: string, found: RunReport): Promise<string> {
  const folder = path.resolve(dir);
  if (found.fileName && path.basename(found.fileName) === found.fileName) {
    const existing = path.join(folder, found.fileName);
    if ((await fs.readFile(existing, 'utf8').catch(() => undefined)) === found.markdown) return existing;
  }
  // The worker's marker names the run that wrote it: a second save of that report finds its file again.
  return writeReportFile(folder, topic, found.markdown, runOfReport(found.markdown) ?? { workflowId, runId: workflowId });
}
