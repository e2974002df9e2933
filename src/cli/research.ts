/** `research "<topic>"`: starts a run (and, by default, a worker and the offline world) and follows it. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import type { Config } from '../config';
import { type ResearchInput, ResearchInputSchema, type ResearchResult, type ResearchSettings } from '../domain/types';
import { OFFLINE_WEB_PORT, type OfflineEndpoints, offlineTaskQueue, startOfflineWorld } from '../offlineWorld';
import { DEV_DATA_DIR, findTemporalCli, isServerUp, MISSING_CLI_HELP, startDevServer } from '../temporal/devServer';
import { buildActivityDeps, createResearchWorker } from '../worker';
import { progressQuery, SEARCH_ATTRIBUTES, WORKFLOW_TYPE } from '../workflows/definitions';
import type { ResearchWorkflowInput } from '../workflows/research';
import { loadCliConfig, rootMessage, UserError } from './errors';
import { askYesNo, confirmOfflineTopic, offlineResultCount } from './offlineTopics';
import { printResult, uiLink, watchProgress } from './format';

export async function research(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      budget: { type: 'string' },
      language: { type: 'string' },
      words: { type: 'string' },
      'no-worker': { type: 'boolean', default: false },
      'report-mode': { type: 'string' },
      verify: { type: 'boolean', default: false },
      yes: { type: 'boolean', default: false },
    },
  });
  const cfg = loadCliConfig();
  const overrides: Partial<ResearchSettings> = {};
  if (values.budget !== undefined) overrides.maxBudgetUsd = Number(values.budget);
  if (values.words !== undefined) overrides.reportWords = Number(values.words);
  if (values.language !== undefined) overrides.language = values.language;
  if (values['report-mode'] !== undefined) overrides.reportMode = values['report-mode'] as ResearchSettings['reportMode'];
  if (values.verify) overrides.verify = true;
  // Everything is checked here, before anything starts: a bad value never reaches the workflow.
  const checked = ResearchInputSchema.safeParse({ topic: positionals.join(' '), settings: { ...cfg.research, ...overrides } });
  if (!checked.success) throw new UserError(describeInputIssue(checked.error.issues[0]));
  const { topic, settings } = checked.data;

  const address = await ensureTemporal(cfg);
  let world: OfflineEndpoints | undefined;
  let taskQueue = cfg.temporal.taskQueue;
  if (cfg.offline) {
    if (!values['no-worker']) world = await startOfflineWorld({ webPort: OFFLINE_WEB_PORT });
    taskQueue = offlineTaskQueue(taskQueue, world);
    console.log('No OPENAI_API_KEY set: running OFFLINE with the bundled corpus, a local stand-in model and a local search engine.');
    console.log('The report will be made from that offline corpus, not from the live web. Set OPENAI_API_KEY for real research.');
    const found = world ? await offlineResultCount(world.search.url, topic) : undefined;
    const choice = { yes: values.yes, detach: args.includes('--detach'), interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY), ask: askYesNo, print: console.log };
    if (!(await confirmOfflineTopic(topic, found, choice))) {
      await world?.close();
      console.log('Stopped: nothing was started.');
      return 0;
    }
  }

  // The in-process worker's routine chatter (bundling, state changes) would drown the progress lines.
  if (!values['no-worker']) {
    Runtime.install({
      logger: new DefaultLogger('ERROR'),
      telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
    });
  }
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace: cfg.temporal.namespace });
  const workerConnection = values['no-worker'] ? undefined : await NativeConnection.connect({ address });
  try {
    const worker = workerConnection
      ? await createResearchWorker({
          connection: workerConnection,
          namespace: cfg.temporal.namespace,
          taskQueue,
          deps: buildActivityDeps(cfg, world),
        })
      : undefined;
    const run = async (): Promise<ResearchResult> => {
      const input: ResearchWorkflowInput = { topic, settings, searchAttributes: await hasSearchAttributes(connection, cfg.temporal.namespace) };
      const workflowId = `research-${slug(topic)}-${Date.now().toString(36)}`;
      const handle = await client.workflow.start(WORKFLOW_TYPE, {
        taskQueue,
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
      } catch (err) {
        if (err instanceof WorkflowFailedError && err.cause instanceof CancelledFailure) {
          // Cancelled from elsewhere (the UI, `client cancel`): the run wrote its report from what it had.
          const { memo } = await handle.describe();
          throw new UserError(`the run was cancelled${memo?.reportPath ? `; report from what it gathered: ${String(memo.reportPath)}` : ''}`);
        }
        throw err;
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

async function hasSearchAttributes(connection: Connection, namespace: string): Promise<boolean> {
  try {
    const response = await connection.operatorService.listSearchAttributes({ namespace });
    const names = Object.keys(response.customAttributes ?? {});
    return Object.values(SEARCH_ATTRIBUTES).every((k) => names.includes(k.name));
  } catch {
    return false;
  }
}

function slug(topic: string): string {
  return topic.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'topic';
}

const FLAG_OF: Record<string, string> = { maxBudgetUsd: '--budget', reportWords: '--words', language: '--language', reportMode: '--report-mode' };

function describeInputIssue(issue: { path: PropertyKey[]; message: string }): string {
  const field = String(issue.path[issue.path.length - 1] ?? '');
  if (issue.path[0] === 'topic') return issue.message;
  return `${FLAG_OF[field] ?? field} ${issue.message}`;
}
