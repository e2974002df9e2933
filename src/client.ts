/**
 * The command line: `research "<topic>"` starts a run and follows it to its report; `server` runs the
 * local Temporal dev server; `list` and `status` look at runs.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection, WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { type Config, ConfigError, loadConfig } from './config';
import { type ResearchInput, ResearchInputSchema, type ResearchProgress, type ResearchResult, type ResearchSettings } from './domain/types';
import type { OfflineWorld } from './offline/world';
import { DEV_DATA_DIR, findTemporalCli, isServerUp, MISSING_CLI_HELP, startDevServer } from './temporal/devServer';
import { buildActivityDeps, createResearchWorker } from './worker';
import { progressQuery, SEARCH_ATTRIBUTES, setBudgetUpdate, WORKFLOW_TYPE } from './workflows/definitions';
import type { ResearchWorkflowInput } from './workflows/research';

/** A failure the user can act on: printed as one line, no stack. */
class UserError extends Error {}

const USAGE = `Usage:
  npm run research -- "<topic>" [--budget USD] [--language en-us] [--words N] [--no-worker]
  npm run server                      run the local Temporal dev server (UI on http://localhost:8233)
  npm run client -- list              recent research runs
  npm run client -- status <id>       progress of one run
  npm run client -- budget <id> <USD> change the spending cap of a run under way
  npm run client -- watch <id>        follow a run's progress until it ends
  npm run client -- replay <id>       replay a run's history against the current workflow code`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'research':
      return research(rest);
    case 'server':
      return server();
    case 'list':
      return list();
    case 'status':
      return status(rest[0]);
    case 'budget':
      return budget(rest[0], rest[1]);
    case 'watch':
      return watch(rest[0]);
    case 'replay':
      return replay(rest[0]);
    default:
      console.error(USAGE);
      return command ? 2 : 0;
  }
}

function config(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) throw new UserError(err.message);
    throw err;
  }
}

async function research(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      budget: { type: 'string' },
      language: { type: 'string' },
      words: { type: 'string' },
      'no-worker': { type: 'boolean', default: false },
    },
  });
  const cfg = config();
  const overrides: Partial<ResearchSettings> = {};
  if (values.budget !== undefined) overrides.maxBudgetUsd = Number(values.budget);
  if (values.words !== undefined) overrides.reportWords = Number(values.words);
  if (values.language !== undefined) overrides.language = values.language;
  // Everything is checked here, before anything starts: a bad value never reaches the workflow.
  const checked = ResearchInputSchema.safeParse({ topic: positionals.join(' '), settings: { ...cfg.research, ...overrides } });
  if (!checked.success) throw new UserError(describeInputIssue(checked.error.issues[0]));
  const { topic, settings } = checked.data;

  const address = await ensureTemporal(cfg);
  let world: OfflineWorld | undefined;
  if (cfg.offline && !values['no-worker']) {
    const { OFFLINE_WEB_PORT, startOfflineWorld } = await import('./offline/world');
    world = await startOfflineWorld({ webPort: OFFLINE_WEB_PORT });
    console.log('No OPENAI_API_KEY set: running OFFLINE with the bundled corpus, a local stand-in model and a local search engine.');
    console.log('The report will be made from that offline corpus, not from the live web. Set OPENAI_API_KEY for real research.');
  }

  // The in-process worker's routine chatter (bundling, state changes) would drown the progress lines.
  if (!values['no-worker']) Runtime.install({ logger: new DefaultLogger('WARN') });
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace: cfg.temporal.namespace });
  const workerConnection = values['no-worker'] ? undefined : await NativeConnection.connect({ address });
  try {
    const worker = workerConnection
      ? await createResearchWorker({
          connection: workerConnection,
          namespace: cfg.temporal.namespace,
          taskQueue: cfg.temporal.taskQueue,
          deps: buildActivityDeps(cfg, world),
        })
      : undefined;
    const run = async (): Promise<ResearchResult> => {
      const input: ResearchWorkflowInput = { topic: topic, settings, searchAttributes: await hasSearchAttributes(connection, cfg.temporal.namespace) };
      const workflowId = `research-${slug(topic)}-${Date.now().toString(36)}`;
      const handle = await client.workflow.start(WORKFLOW_TYPE, {
        taskQueue: cfg.temporal.taskQueue,
        workflowId,
        args: [input satisfies ResearchInput],
        ...(input.searchAttributes ? { typedSearchAttributes: [{ key: SEARCH_ATTRIBUTES.topic, value: topic }] } : {}),
      });
      console.log(`Research run started: ${workflowId}`);
      console.log(`Temporal UI: ${uiLink(address, cfg.temporal.namespace, workflowId)}`);
      process.once('SIGINT', () => {
        // Leaving is safe: the run's progress lives on the server and any worker can finish it.
        console.log(`\nStopped following ${workflowId}. The run keeps everything done so far on the server:`);
        console.log(`  npm run worker                         finishes it (or another research command's worker)`);
        console.log(`  npm run client -- status ${workflowId}   shows where it is`);
        process.exit(130);
      });
      const stopWatching = watchProgress(() => handle.query(progressQuery));
      try {
        return (await handle.result()) as ResearchResult;
      } finally {
        stopWatching();
      }
    };
    const result = worker ? await worker.runUntil(run()) : await run();
    printResult(result);
    return 0;
  } catch (err) {
    if (err instanceof WorkflowFailedError) {
      throw new UserError(`research failed: ${rootMessage(err)}`);
    }
    throw err;
  } finally {
    await connection.close();
    await workerConnection?.close();
    await world?.close();
  }
}

/** The address to use: the configured one, or a dev server this command starts when none answers locally. */
async function ensureTemporal(cfg: Config): Promise<string> {
  const address = cfg.temporal.address;
  if (await isServerUp(address)) return address;
  if (cfg.temporal.addressIsExplicit) {
    throw new UserError(`cannot reach a Temporal server at TEMPORAL_ADDRESS=${address}: start one (npm run server) or correct TEMPORAL_ADDRESS`);
  }
  if (!findTemporalCli()) throw new UserError(`no Temporal server answers at ${address}, and ${MISSING_CLI_HELP}`);
  console.log(`No Temporal server at ${address}: starting the local dev server (data in ${path.relative(process.cwd(), DEV_DATA_DIR) || '.'}/, UI on http://localhost:8233).`);
  const devServer = await startDevServer({
    port: 7233,
    uiPort: 8233,
    dbFile: path.join(DEV_DATA_DIR, 'dev.db'),
    logFile: path.join(DEV_DATA_DIR, 'server.log'),
    detached: true, // it outlives this command, so the run can be inspected in the UI afterwards
  });
  console.log(`Temporal dev server running (pid ${devServer.pid}); stop it with: kill ${devServer.pid}`);
  return devServer.address;
}

async function server(): Promise<number> {
  const cfg = config();
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

async function list(): Promise<number> {
  const cfg = config();
  const client = await connectClient(cfg);
  for await (const wf of client.workflow.list({ query: `WorkflowType = '${WORKFLOW_TYPE}'` })) {
    console.log(`${wf.startTime.toISOString()}  ${wf.status.name.padEnd(10)}  ${wf.workflowId}`);
  }
  await client.connection.close();
  return 0;
}

async function status(workflowId: string | undefined): Promise<number> {
  if (!workflowId) throw new UserError('status needs a workflow ID: npm run client -- status <id> (see npm run client -- list)');
  const cfg = config();
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

async function watch(workflowId: string | undefined): Promise<number> {
  if (!workflowId) throw new UserError('watch needs a workflow ID: npm run client -- watch <id>');
  const client = await connectClient(config());
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
async function replay(workflowId: string | undefined): Promise<number> {
  if (!workflowId) throw new UserError('replay needs a workflow ID: npm run client -- replay <id>');
  const client = await connectClient(config());
  try {
    const handle = client.workflow.getHandle(workflowId);
    await handle.describe().catch(notFound(workflowId));
    const history = await handle.fetchHistory();
    Runtime.install({ logger: new DefaultLogger('WARN') });
    const { Worker } = await import('@temporalio/worker');
    try {
      await Worker.runReplayHistory({ workflowsPath: require.resolve('./workflows') }, history, workflowId);
    } catch (err) {
      throw new UserError(`${workflowId} does not replay with the current workflow code: ${rootMessage(err)}`);
    }
    console.log(`${workflowId}: ${history.events?.length ?? 0} events replay cleanly with the current workflow code.`);
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

async function budget(workflowId: string | undefined, usd: string | undefined): Promise<number> {
  if (!workflowId || usd === undefined) throw new UserError('budget needs a workflow ID and an amount: npm run client -- budget <id> 2.5');
  const amount = positiveNumber('the budget', usd);
  const cfg = config();
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

async function connectClient(cfg: Config): Promise<Client> {
  if (!(await isServerUp(cfg.temporal.address))) {
    throw new UserError(`cannot reach a Temporal server at ${cfg.temporal.address}: start one with npm run server, or set TEMPORAL_ADDRESS`);
  }
  const connection = await Connection.connect({ address: cfg.temporal.address });
  return new Client({ connection, namespace: cfg.temporal.namespace });
}

async function hasSearchAttributes(connection: Connection, namespace: string): Promise<boolean> {
  try {
    const response = await connection.operatorService.listSearchAttributes({ namespace });
    const names = Object.keys(response.customAttributes ?? {});
    return Object.values(SEARCH_ATTRIBUTES).every((k) => names.includes(k.name));
  } catch {
    return false;
  }
}

function watchProgress(poll: () => Promise<ResearchProgress>): () => void {
  let last = '';
  const timer = setInterval(() => {
    poll()
      .then((p) => {
        const line = formatProgress(p);
        if (line !== last) console.log(line);
        last = line;
      })
      .catch(() => undefined); // a query can fail while no worker is polling; the next tick tries again
  }, 500);
  return () => clearInterval(timer);
}

function formatProgress(p: ResearchProgress): string {
  const pages = p.pagesPlanned > 0 ? `  pages ${p.pagesDone}/${p.pagesPlanned} read, ${p.pagesSummarized} useful` : '';
  const budget = p.stoppedByBudget ? '  (budget reached: no new pages)' : '';
  return `  [${p.stage}]${pages}  $${p.costUsd.toFixed(4)} of $${p.maxBudgetUsd}${budget}`;
}

function printResult(r: ResearchResult): void {
  const used = r.pages.filter((p) => p.status === 'summarized').length;
  console.log('');
  console.log(`Report: ${r.reportPath}`);
  console.log(
    `${r.reportWords} words from ${used} of ${r.pages.length} pages; ${r.cost.total.calls} LLM calls, ` +
      `${r.cost.total.promptTokens} prompt + ${r.cost.total.completionTokens} completion tokens, $${r.cost.total.costUsd.toFixed(4)}` +
      (r.stoppedByBudget ? '; cut short by the budget' : ''),
  );
}

function uiLink(address: string, namespace: string, workflowId: string): string {
  const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.split(':').pop())];
  const uiHost = host === '127.0.0.1' ? 'localhost' : host;
  return `http://${uiHost}:${port + 1000}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

function slug(topic: string): string {
  return topic.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'topic';
}

const FLAG_OF: Record<string, string> = { maxBudgetUsd: '--budget', reportWords: '--words', language: '--language' };

function describeInputIssue(issue: { path: PropertyKey[]; message: string }): string {
  const field = String(issue.path[issue.path.length - 1] ?? '');
  if (issue.path[0] === 'topic') return issue.message;
  return `${FLAG_OF[field] ?? field} ${issue.message}`;
}

function positiveNumber(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UserError(`${flag} must be a positive number (got "${value}")`);
  return n;
}

function rootMessage(err: unknown): string {
  let e: unknown = err;
  while (e instanceof Error && (e as { cause?: unknown }).cause) e = (e as { cause?: unknown }).cause;
  return e instanceof Error ? e.message : String(e);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof UserError ? `error: ${err.message}` : `error: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
