/** Looking at and steering runs: status, watch, cancel, budget; and the local dev server. */
import path from 'node:path';
import type { WorkflowExecutionDescription, WorkflowHandle } from '@temporalio/client';
import type { CancelRecord, ResearchProgress, ResearchResult } from '../domain/types';
import { DEV_DATA_DIR, splitAddress, startDevServer } from '../temporal/devServer';
import { usesTls } from '../temporal/connection';
import { isServerUp } from '../temporal/reach';
import { progressQuery, setBudgetUpdate, stopNowUpdate } from '../workflows/definitions';
import { readRunMemo } from '../workflows/memo';
import { parseCommandArgs } from './args';
import { EXIT, loadCliConfig, positiveNumber, rootMessage, UserError } from './errors';
import { fetchDecodedHistory, withRun } from './connect';
import { followRun } from './follow';
import { formatProgress, printResult } from './format';
import { runRow } from './list';
import { isOwnTaskQueue, isServed, leavingLines, startOwnWorker, worldFor } from './ownWorker';
import { checkFormatAvailable, reportFormat, saveReport } from './report';
import { reportFromHistory, reportFromResult, runTopic } from './reportSource';

export async function server(): Promise<number> {
  const cfg = loadCliConfig();
  if (await isServerUp(cfg.temporal)) {
    console.log(`A Temporal server already answers at ${cfg.temporal.address}.`);
    return 0;
  }
  // The dev server is local and plain: settings that name TLS or an API key name another server.
  const [host] = splitAddress(cfg.temporal.address);
  if (usesTls(cfg.temporal) || cfg.temporal.apiKey || !['localhost', '127.0.0.1'].includes(host)) {
    throw new UserError(`npm run server starts a local dev server, but the settings name ${cfg.temporal.address} (${cfg.temporal.source}${usesTls(cfg.temporal) ? ', with TLS' : ''}): connect to that server, or unset them`);
  }
  const dev = await startDevServer({
    port: splitAddress(cfg.temporal.address)[1],
    uiPort: splitAddress(cfg.temporal.address)[1] + 1000,
    dbFile: path.join(DEV_DATA_DIR, 'dev.db'),
    namespaces: [cfg.temporal.namespace],
  });
  console.log(`Temporal dev server on ${dev.address}, UI on ${dev.uiUrl}. Data: ${path.join(DEV_DATA_DIR, 'dev.db')}. Ctrl-C stops it.`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await dev.stop();
  return 0;
}

export async function status(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('status', args, { json: { type: 'boolean', default: false } });
  return withRun('status', positionals[0], async (handle, description) => {
    const state = description.status.name;
    const progress = state === 'RUNNING' ? await queryWithin(handle, 5_000) : undefined;
    const result = state === 'COMPLETED' ? await handle.result() : undefined;
    // An encrypted run keeps its topic out of the search attributes; its (decrypted) result still has it.
    const listed = runRow(description);
    const row = { ...listed, topic: listed.topic ?? result?.topic };
    const failure = state === 'FAILED' ? await handle.result().then(() => undefined, (err: unknown) => rootMessage(err)) : undefined;
    if (values.json) {
      console.log(JSON.stringify({ ...row, progress, result: result && withoutMarkdown(result), cancel: cancelRecordOf(description), failure }, null, 2));
      return;
    }
    console.log(`${handle.workflowId}: ${state}`);
    if (row.topic) console.log(`  topic: ${row.topic}`);
    // A query needs a worker; a run nobody is working on says so instead of hanging.
    if (state === 'RUNNING') console.log(progress ? formatProgress(progress) : '  no worker answered: start one with npm run worker');
    if (result) {
      const found = await reportFromResult(result);
      printResult(result, `Report: npm run client -- report ${handle.workflowId} [--out FILE]`, found?.words ?? result.report.words);
    }
    if (state === 'CANCELLED') {
      const record = cancelRecordOf(description);
      if (record) console.log(`  ${record.note}; it paid $${record.costUsd.toFixed(4)}`);
      if (record?.kind !== 'now') console.log(`  its report from what it gathered: npm run client -- report ${handle.workflowId} [--out FILE]`);
    }
    if (failure) console.log(`  ${failure}`);
  });
}

/**
 * Follows a run to its end (reattaching after `research` was left or `--detach`ed), then saves its report here.
 * A run whose own process is gone (its command was stopped, or crashed) waits on its own task queue: this
 * command then works it itself, with this user's settings, saying so.
 */
export function watch(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('watch', args, { format: { type: 'string' } });
  const format = reportFormat(values.format);
  checkFormatAvailable(format);
  let code: number = EXIT.ok;
  return withRun('watch', positionals[0], async (handle, description, client) => {
    const cfg = loadCliConfig();
    const follow = () => followRun(handle, { server: cfg.temporal, outputDir: cfg.outputDir, format });
    const taskQueue = description.taskQueue;
    if (description.status.name !== 'RUNNING' || !isOwnTaskQueue(taskQueue) || (await isServed(client, taskQueue))) {
      code = await follow();
      return;
    }
    console.log(`No process works ${handle.workflowId} any more (the command that started it stopped): this command goes on with it, with your settings.`);
    const world = await worldFor(cfg, taskQueue);
    try {
      const worker = await startOwnWorker(cfg, cfg.temporal, { taskQueue, world });
      try {
        const outcome = await worker.runWhile(follow, leavingLines, () => handle.workflowId);
        code = outcome === 'interrupted' ? EXIT.interrupted : outcome;
      } finally {
        await worker.close();
      }
    } finally {
      await world?.close();
    }
  }).then(() => code);
}

/**
 * `cancel <id>`: the run stops reading, writes its report from what it has, and ends Cancelled; the report is
 * saved here. `cancel <id> --now`: it stops at once (its activities are cancelled, no report is written, what
 * it paid is recorded) and ends Cancelled.
 */
export function cancel(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('cancel', args, { now: { type: 'boolean', default: false } });
  return withRun('cancel', positionals[0], async (handle, { status: state }) => {
    if (state.name !== 'RUNNING') throw new UserError(`research run "${handle.workflowId}" is already ${state.name.toLowerCase()}`);
    if (values.now) {
      await handle.executeUpdate(stopNowUpdate).catch((err: unknown) => {
        throw new UserError(`research run "${handle.workflowId}" could not be stopped at once: ${rootMessage(err)}`);
      });
      await handle.cancel(); // the run has stopped its work; this request lets it end Cancelled
      console.log(`${handle.workflowId}: stopping at once; its activities in flight are cancelled...`);
    } else {
      await handle.cancel();
      console.log(`${handle.workflowId}: cancellation requested; the run stops reading pages and writes its report from what it has...`);
    }
    await handle.result().catch(() => undefined); // ends Cancelled
    const record = cancelRecordOf(await handle.describe());
    if (record) console.log(`${handle.workflowId}: ${record.note}; it paid $${record.costUsd.toFixed(4)}`);
    if (values.now) return;
    const history = await fetchDecodedHistory(handle);
    const found = await reportFromHistory(history);
    const cfg = loadCliConfig();
    console.log(
      found
        ? `Report: ${await saveReport(cfg.outputDir, runTopic(history) ?? handle.workflowId, handle.workflowId, found)}`
        : 'The run ended without a report.',
    );
  });
}

/** How a cancelled run ended, from its memo (runs cancelled before this was recorded have none). */
export function cancelRecordOf(description: Pick<WorkflowExecutionDescription, 'memo'>): CancelRecord | undefined {
  return readRunMemo(description.memo).cancel;
}

export function budget(args: string[]): Promise<number> {
  const { positionals } = parseCommandArgs('budget', args, {});
  const [workflowId, usd] = positionals;
  if (!workflowId || usd === undefined) throw new UserError('budget needs a workflow ID and an amount: npm run client -- budget <id> 2.5');
  const amount = positiveNumber('the budget', usd);
  return withRun('budget', workflowId, async (handle, { status: state }) => {
    if (state.name !== 'RUNNING') {
      throw new UserError(`research run "${handle.workflowId}" is ${state.name.toLowerCase()}: only a running run's budget can change`);
    }
    const progress = await handle.executeUpdate(setBudgetUpdate, { args: [amount] });
    console.log(`${handle.workflowId}: budget now $${progress.maxBudgetUsd}`);
    console.log(formatProgress(progress));
  });
}

async function queryWithin(handle: WorkflowHandle, ms: number): Promise<ResearchProgress | undefined> {
  return Promise.race([
    handle.query(progressQuery).catch(() => undefined),
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms).unref()),
  ]);
}

/** The result for scripts, without the report's Markdown (npm run client -- report gives that). */
function withoutMarkdown(result: ResearchResult): unknown {
  const { report, ...rest } = result;
  const { markdown: _markdown, ...meta } = report;
  return { ...rest, report: meta };
}
