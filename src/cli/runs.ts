/** Looking at and steering runs: list, status, watch, replay, budget; and the local dev server. */
import path from 'node:path';
import { Client, Connection, WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
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
  const cfg = loadCliConfig();
  const client = await connectClient(cfg);
  for await (const wf of client.workflow.list({ query: `WorkflowType = '${WORKFLOW_TYPE}'` })) {
    console.log(`${wf.startTime.toISOString()}  ${wf.status.name.padEnd(10)}  ${wf.workflowId}`);
  }
  await client.connection.close();
  return 0;
}

export async function status(workflowId: string | undefined): Promise<number> {
  if (!workflowId) throw new UserError('status needs a workflow ID: npm run client -- status <id> (see npm run client -- list)');
  const cfg = loadCliConfig();
  const client = await connectClient(cfg);
  try {
    const handle = client.workflow.getHandle(workflowId);
    const description = await handle.describe().catch(notFound(workflowId));
    console.log(`${workflowId}: ${description.status.name}`);
    if (description.status.name === 'RUNNING') {
      // A query needs a worker; a run nobody is working on says so instead of hanging.
      const progress = await Promise.race([
        handle.query(progressQuery),
        new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 5_000).unref()),
      ]);
      console.log(progress ? formatProgress(progress) : '  no worker answered: start one with npm run worker');
    } else if (description.status.name === 'COMPLETED') {
      printResult((await handle.result()) as ResearchResult);
    } else if (description.status.name === 'FAILED') {
      await handle.result().catch((err: unknown) => console.log(`  ${rootMessage(err)}`));
    }
  } finally {
    await client.connection.close();
  }
  return 0;
}

export async function watch(workflowId: string | undefined): Promise<number> {
  if (!workflowId) throw new UserError('watch needs a workflow ID: npm run client -- watch <id>');
  const client = await connectClient(loadCliConfig());
  try {
    const handle = client.workflow.getHandle(workflowId);
    await handle.describe().catch(notFound(workflowId));
    const stopWatching = watchProgress(() => handle.query(progressQuery));
    try {
      printResult((await handle.result()) as ResearchResult);
    } catch (err) {
      if (err instanceof WorkflowFailedError) throw new UserError(`research failed: ${rootMessage(err)}`);
      throw err;
    } finally {
      stopWatching();
    }
  } finally {
    await client.connection.close();
  }
  return 0;
}

/** Checks that a run's recorded history still replays with today's workflow code (safe to deploy). */
export async function replay(workflowId: string | undefined): Promise<number> {
  if (!workflowId) throw new UserError('replay needs a workflow ID: npm run client -- replay <id>');
  const client = await connectClient(loadCliConfig());
  try {
    const handle = client.workflow.getHandle(workflowId);
    await handle.describe().catch(notFound(workflowId));
    const history = await handle.fetchHistory();
    Runtime.install({ logger: new DefaultLogger('WARN') });
    const { Worker } = await import('@temporalio/worker');
    try {
      await Worker.runReplayHistory({ workflowsPath: require.resolve('../workflows') }, history, workflowId);
    } catch (err) {
      throw new UserError(`${workflowId} does not replay with the current workflow code: ${rootMessage(err)}`);
    }
    console.log(`${workflowId}: ${history.events?.length ?? 0} events replay cleanly with the current workflow code.`);
  } finally {
    await client.connection.close();
  }
  return 0;
}

export async function cancel(workflowId: string | undefined): Promise<number> {
  if (!workflowId) throw new UserError('cancel needs a workflow ID: npm run client -- cancel <id>');
  const client = await connectClient(loadCliConfig());
  try {
    const handle = client.workflow.getHandle(workflowId);
    const { status: state } = await handle.describe().catch(notFound(workflowId));
    if (state.name !== 'RUNNING') throw new UserError(`research run "${workflowId}" is already ${state.name.toLowerCase()}`);
    await handle.cancel();
    console.log(`${workflowId}: cancellation requested; the run stops reading pages and writes its report from what it has...`);
    await handle.result().catch(() => undefined); // ends Cancelled
    const { memo } = await handle.describe();
    console.log(memo?.reportPath ? `Report: ${String(memo.reportPath)}` : 'The run ended without a report.');
  } finally {
    await client.connection.close();
  }
  return 0;
}

export async function budget(workflowId: string | undefined, usd: string | undefined): Promise<number> {
  if (!workflowId || usd === undefined) throw new UserError('budget needs a workflow ID and an amount: npm run client -- budget <id> 2.5');
  const amount = positiveNumber('the budget', usd);
  const cfg = loadCliConfig();
  const client = await connectClient(cfg);
  try {
    const handle = client.workflow.getHandle(workflowId);
    const { status: state } = await handle.describe().catch(notFound(workflowId));
    if (state.name !== 'RUNNING') throw new UserError(`research run "${workflowId}" is ${state.name.toLowerCase()}: only a running run's budget can change`);
    const progress = await handle.executeUpdate(setBudgetUpdate, { args: [amount] });
    console.log(`${workflowId}: budget now $${progress.maxBudgetUsd}`);
    console.log(formatProgress(progress));
  } finally {
    await client.connection.close();
  }
  return 0;
}

/** Turns "no such workflow" into a one-line error that says where to find IDs. */
function notFound(workflowId: string) {
  return (err: unknown): never => {
    if (err instanceof WorkflowNotFoundError) {
      throw new UserError(`no research run "${workflowId}" on this server (npm run client -- list shows them)`);
    }
    throw err;
  };
}

async function connectClient(cfg: Config): Promise<Client> {
  if (!(await isServerUp(cfg.temporal.address))) {
    throw new UserError(`cannot reach a Temporal server at ${cfg.temporal.address}: start one with npm run server, or set TEMPORAL_ADDRESS`);
  }
  const connection = await Connection.connect({ address: cfg.temporal.address });
  return new Client({ connection, namespace: cfg.temporal.namespace });
}
