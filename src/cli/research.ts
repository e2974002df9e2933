/** `research "<topic>"`: starts a run (and, by default, a worker and the offline world) and follows it. */
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { Config } from '../config';
import { NewRunInputSchema } from '../domain/newRun';
import type { ResearchSettings } from '../domain/types';
import { OFFLINE_WEB_PORT, type OfflineEndpoints, offlineResultCount, offlineTaskQueue, startOfflineWorld } from '../offlineWorld';
import type { TemporalTarget } from '../temporal/connection';
import { DEV_DATA_DIR, findTemporalCli, MISSING_CLI_HELP, startDevServer } from '../temporal/devServer';
import { isServerUp } from '../temporal/reach';
import { ensureSearchAttributes } from '../temporal/searchAttributes';
import { WORKFLOW_TYPE } from '../workflows/definitions';
import type { researchWorkflow, ResearchWorkflowInput } from '../workflows/research';
import { parseCommandArgs } from './args';
import { clientOn, connectTemporal } from './connect';
import { EXIT, loadCliConfig, UserError } from './errors';
import { followRun } from './follow';
import { askYesNo, confirmOfflineTopic } from './offlineTopics';
import { uiLine } from './format';
import { leavingLines, type OwnWorker, startOwnWorker } from './ownWorker';
import { checkFormatAvailable, reportFormat } from './report';
import { startOptions } from './startOptions';

export async function research(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('research', args, {
      budget: { type: 'string' },
      language: { type: 'string' },
      words: { type: 'string' },
      'no-worker': { type: 'boolean', default: false },
      detach: { type: 'boolean', default: false },
      review: { type: 'boolean', default: false },
      'review-timeout': { type: 'string' },
      'report-mode': { type: 'string' },
      verify: { type: 'boolean', default: false },
      depth: { type: 'string' },
      breadth: { type: 'string' },
      yes: { type: 'boolean', default: false },
      format: { type: 'string' },
  });
  const cfg = loadCliConfig();
  const { topic, settings } = checkedInput(positionals.join(' '), cfg, values);
  const format = reportFormat(values.format);
  checkFormatAvailable(format);

  // A detached run is left to workers elsewhere (npm run worker), as with --no-worker.
  const ownWorker = !values['no-worker'] && !values.detach;
  const server = await ensureTemporal(cfg);
  // Connected (and the namespace checked) before anything else starts: a bad setting stops here, in one line.
  const connection = await connectTemporal(server);
  let offline: Awaited<ReturnType<typeof prepareOffline>> | undefined;
  try {
    offline = cfg.offline ? await prepareOffline(topic, ownWorker, { yes: values.yes, detach: values.detach }) : undefined;
  } catch (err) {
    await connection.close();
    throw err;
  }
  if (offline === 'stopped') {
    await connection.close();
    return EXIT.ok;
  }
  const world = offline?.world;
  const client = clientOn(connection, cfg);
  let worker: OwnWorker | undefined;
  try {
    // This user's run on a task queue of its own, worked by this process with this user's key and settings.
    worker = ownWorker ? await startOwnWorker(cfg, server, { world }) : undefined;
    const taskQueue = worker?.taskQueue ?? (cfg.offline ? offlineTaskQueue(cfg.temporal.taskQueue, world) : cfg.temporal.taskQueue);
    const input: ResearchWorkflowInput = { topic, settings, searchAttributes: await ensureSearchAttributes(connection, cfg.temporal.namespace) };
    const privacy = { encrypted: Boolean(cfg.encryption), indexTopic: cfg.indexTopic };
    const handle = await client.workflow.start<typeof researchWorkflow>(WORKFLOW_TYPE, startOptions(input, taskQueue, Date.now(), privacy));
    console.log(`Research run started: ${handle.workflowId}${cfg.encryption ? ` (encrypted with key ${cfg.encryption.keys[0].id} of ${cfg.encryption.file})` : ''}`);
    console.log(uiLine({ ...cfg.temporal, address: server.address }, handle.workflowId));
    if (settings.review) console.log(`After ranking the run waits for your review: npm run client -- review ${handle.workflowId}`);
    if (values.detach) {
      await printDetachedHelp(client, taskQueue, handle.workflowId);
      return EXIT.ok;
    }
    // Attached to a terminal, a run started with --review asks here; otherwise `client review <id>` answers.
    const reviewPrompt = settings.review && process.stdin.isTTY ? terminalQuestion : undefined;
    const follow = () => followRun(handle, { server, outputDir: cfg.outputDir, reviewPrompt, format });
    if (!worker) {
      process.once('SIGINT', () => {
        console.log(`\nStopped following ${handle.workflowId}; it goes on with the workers on task queue ${taskQueue}.`);
        console.log(`  npm run client -- watch ${handle.workflowId}   follows it again`);
        process.exit(EXIT.interrupted);
      });
      return await follow();
    }
    const outcome = await worker.runWhile(follow, leavingLines, () => handle.workflowId);
    return outcome === 'interrupted' ? EXIT.interrupted : outcome;
  } finally {
    await connection.close();
    await worker?.close();
    await world?.close();
  }
}

export type ResearchFlags = { budget?: string; words?: string; language?: string; review: boolean; 'review-timeout'?: string; 'report-mode'?: string; verify: boolean; depth?: string; breadth?: string };

/** The run's input from the topic, the configuration and the flags, all checked before anything starts: a bad value never reaches the workflow. */
export function checkedInput(topic: string, cfg: Config, values: ResearchFlags): Pick<ResearchWorkflowInput, 'topic' | 'settings'> {
  const overrides: Partial<ResearchSettings> = {};
  if (values.budget !== undefined) overrides.maxBudgetUsd = Number(values.budget);
  if (values.words !== undefined) overrides.reportWords = Number(values.words);
  if (values.language !== undefined) overrides.language = values.language;
  if (values.review) overrides.review = true;
  if (values['review-timeout'] !== undefined) overrides.reviewTimeoutSeconds = durationSeconds('--review-timeout', values['review-timeout']);
  if (values['report-mode'] !== undefined) overrides.reportMode = values['report-mode'] as ResearchSettings['reportMode'];
  if (values.verify) overrides.verify = true;
  if (values.depth !== undefined) overrides.depth = Number(values.depth);
  if (values.breadth !== undefined) overrides.breadth = Number(values.breadth);
  const checked = NewRunInputSchema.safeParse({ topic, settings: { ...cfg.research, ...overrides } });
  if (!checked.success) throw new UserError(describeInputIssue(checked.error.issues[0]));
  return checked.data;
}

/**
 * Offline: says so, starts the offline world for the in-process worker, and says which topics it covers;
 * 'stopped' when the user chose not to go on with a topic it does not cover.
 */
async function prepareOffline(topic: string, inProcessWorker: boolean, flags: { yes: boolean; detach: boolean }): Promise<{ world?: OfflineEndpoints } | 'stopped'> {
  const world = inProcessWorker ? await startOfflineWorld({ webPort: OFFLINE_WEB_PORT }) : undefined;
  console.log('No OPENAI_API_KEY set: running OFFLINE with the bundled corpus, a local stand-in model and a local search engine.');
  console.log('The report will be made from that offline corpus, not from the live web. Set OPENAI_API_KEY for real research.');
  const found = await offlineResultCount(topic);
  const choice = { ...flags, interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY), ask: askYesNo, print: console.log };
  if (await confirmOfflineTopic(topic, found, choice)) return { world };
  await world?.close();
  console.log('Stopped: nothing was started.');
  return 'stopped';
}

/** A detached run needs a worker on its task queue: say whether one polls, and how to follow the run. */
async function printDetachedHelp(client: Client, taskQueue: string, workflowId: string): Promise<void> {
  console.log(`Detached. npm run client -- watch ${workflowId} follows it; npm run client -- report ${workflowId} gets its report once done.`);
  const pollers = await client.workflowService
    .describeTaskQueue({ namespace: client.options.namespace, taskQueue: { name: taskQueue }, taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW })
    .then((r) => r.pollers?.length ?? 0)
    .catch(() => 0);
  if (pollers === 0) console.log(`No worker polls task queue ${taskQueue} yet: npm run worker (on any machine that reaches the server) runs it.`);
}

/**
 * The server to use: the configured one, or the local dev server this command starts when nothing answers
 * and nothing names another server (no TEMPORAL_ADDRESS, no profile address, no TLS, no API key). When the
 * configured one does not answer, the connection that follows says why in one line.
 */
async function ensureTemporal(cfg: Config): Promise<TemporalTarget> {
  const server = cfg.temporal;
  if (!server.mayStartDevServer || (await isServerUp(server))) return server;
  const address = server.address;
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
  return { ...server, address: devServer.address };
}

const FLAG_OF: Record<string, string> = { maxBudgetUsd: '--budget', reportWords: '--words', language: '--language', reviewTimeoutSeconds: '--review-timeout', reportMode: '--report-mode', depth: '--depth', breadth: '--breadth' };

function describeInputIssue(issue: { path: PropertyKey[]; message: string }): string {
  const field = String(issue.path[issue.path.length - 1] ?? '');
  if (issue.path[0] === 'topic') return issue.message;
  return `${FLAG_OF[field] ?? field} ${issue.message}`;
}

/** "10m", "90s", "1h" or plain seconds. */
function durationSeconds(flag: string, value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(s|m|h)?$/i.exec(value.trim());
  if (!match) throw new UserError(`${flag} must be a duration such as 10m, 90s or 1h (got "${value}")`);
  const unit = { s: 1, m: 60, h: 3600 }[(match[2] ?? 's').toLowerCase() as 's' | 'm' | 'h'];
  return Math.round(Number(match[1]) * unit);
}

/** One line typed in this terminal. */
async function terminalQuestion(question: string): Promise<string> {
  const readline = await import('node:readline/promises');
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}
