/** Looking at and steering runs: list, status, watch, replay, cancel, budget; and the local dev server. */
import path from 'node:path';
import {
  Client,
  Connection,
  type WorkflowExecutionDescription,
  WorkflowFailedError,
  type WorkflowHandle,
  WorkflowNotFoundError,
} from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { Config } from '../config';
import type { ResearchResult } from '../domain/types';
import { DEV_DATA_DIR, isServerUp, startDevServer } from '../temporal/devServer';
import { progressQuery, setBudgetUpdate, WORKFLOW_TYPE } from '../workflows/definitions';
import { loadCliConfig, positiveNumber, rootMessage, UserError } from './errors';
import { formatProgress, printResult, watchProgress } from './format';

export async function server(): Promise<number> {
  const cfg = loadCliConfig();
  if (await isServerUp(cfg.temporal.address)) {
    console.log(`A Temporal server already answers at ${cfg.temporal.address}.`);
    return 0;
  }
  const dev = await startDevServer({
    port: Number(cfg.temporal.address.split(':').pop()),
    uiPort: Number(cfg.temporal.address.split(':').pop()) + 1000,
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

export async function list(): Promise<number> {
  const client = await connectClient(loadCliConfig());
  try {
    for await (const wf of client.workflow.list({ query: `WorkflowType = '${WORKFLOW_TYPE}'` })) {
      console.log(`${wf.startTime.toISOString()}  ${wf.status.name.padEnd(10)}  ${wf.workflowId}`);
    }
  } finally {
    await client.connection.close();
  }
  return 0;
}

export function status(workflowId: string | undefined): Promise<number> {
  return withRun('status', workflowId, async (handle, { status: state }) => {
    console.log(`${handle.workflowId}: ${state.name}`);
    if (state.name === 'RUNNING') {
      // A query needs a worker; a run nobody is working on says so instead of hanging.
      const progress = await Promise.race([
        handle.query(progressQuery),
        new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 5_000).unref()),
      ]);
      console.log(progress ? formatProgress(progress) : '  no worker answered: start one with npm run worker');
    } else if (state.name === 'COMPLETED') {
      printResult((await handle.result()) as ResearchResult);
    } else if (state.name === 'FAILED') {
      await handle.result().catch((err: unknown) => console.log(`  ${rootMessage(err)}`));
    }
  });
}

export function watch(workflowId: string | undefined): Promise<number> {
  return withRun('watch', workflowId, async (handle) => {
    const stopWatching = watchProgress(() => handle.query(progressQuery));
    try {
      printResult((await handle.result()) as ResearchResult);
    } catch (err) {
      if (err instanceof WorkflowFailedError) throw new UserError(`research failed: ${rootMessage(err)}`);
      throw err;
    } finally {
      stopWatching();
    }
  });
}

/** Checks that a run's recorded history still replays with today's workflow code (safe to deploy). */
export function replay(workflowId: string | undefined): Promise<number> {
  return withRun('replay', workflowId, async (handle) => {
    const history = await handle.fetchHistory();
    Runtime.install({ logger: new DefaultLogger('WARN') });
    const { Worker } = await import('@temporalio/worker');
    try {
      await Worker.runReplayHistory({ workflowsPath: require.resolve('../workflows') }, history, handle.workflowId);
    } catch (err) {
      throw new UserError(`${handle.workflowId} does not replay with the current workflow code: ${rootMessage(err)}`);
    }
    console.log(`${handle.workflowId}: ${history.events?.length ?? 0} events replay cleanly with the current workflow code.`);
  });
}

export function cancel(workflowId: string | undefined): Promise<number> {
  return withRun('cancel', workflowId, async (handle, { status: state }) => {
    if (state.name !== 'RUNNING') throw new UserError(`research run "${handle.workflowId}" is already ${state.name.toLowerCase()}`);
    await handle.cancel();
    console.log(`${handle.workflowId}: cancellation requested; the run stops reading pages and writes its report from what it has...`);
    await handle.result().catch(() => undefined); // ends Cancelled
    const { memo } = await handle.describe();
    console.log(memo?.reportPath ? `Report: ${String(memo.reportPath)}` : 'The run ended without a report.');
  });
}

export function budget(workflowId: string | undefined, usd: string | undefined): Promise<number> {
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

/**
 * The frame every command on one run shares: the ID is given, the server answers, the run exists
 * (else a one-line error saying where to find IDs), and the connection is closed afterwards.
 */
export async function withRun(
  command: string,
  workflowId: string | undefined,
  work: (handle: WorkflowHandle, description: WorkflowExecutionDescription) => Promise<void>,
): Promise<number> {
  if (!workflowId) throw new UserError(`${command} needs a workflow ID: npm run client -- ${command} <id> (npm run client -- list shows them)`);
  const client = await connectClient(loadCliConfig());
  try {
    const handle = client.workflow.getHandle(workflowId);
    const description = await handle.describe().catch((err: unknown) => {
      if (err instanceof WorkflowNotFoundError) {
        throw new UserError(`no research run "${workflowId}" on this server (npm run client -- list shows them)`);
      }
      throw err;
    });
    await work(handle, description);
  } finally {
    await client.connection.close();
  }
  return 0;
}

async function connectClient(cfg: Config): Promise<Client> {
  if (!(await isServerUp(cfg.temporal.address))) {
    throw new UserError(`cannot reach a Temporal server at ${cfg.temporal.address}: start one with npm run server, or set TEMPORAL_ADDRESS`);
  }
  const connection = await Connection.connect({ address: cfg.temporal.address });
  return new Client({ connection, namespace: cfg.temporal.namespace });
}
