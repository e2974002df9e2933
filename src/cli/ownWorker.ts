/**
 * The worker a command runs for its own user's runs: `research` (and `revise`) start one on a task queue of
 * their own, so a person's run is worked with that person's key, endpoint and settings, and never anyone
 * else's; `watch` starts one for a run whose own process is gone. Ctrl-C drains it: it stops taking work,
 * lets the calls in flight finish and be recorded (so nothing is paid twice), then leaves the run on the
 * server, saying how to go on.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import type { Config } from '../config';
import { type OfflineEndpoints, offlineTaskQueue, startOfflineWorld } from '../offlineWorld';
import { buildActivityDeps, createResearchWorker } from '../worker';
import type { TemporalTarget } from '../temporal/connection';
import { openNativeConnection, TemporalConnectionError } from '../temporal/reach';
import { EXIT, UserError } from './errors';

/** A run's own task queue ends with this and 8 hex digits. */
const OWN = '-own-';
const OWN_QUEUE = /-own-[0-9a-f]{8}$/;
const OFFLINE_PORT = /-offline-(\d+)-own-[0-9a-f]{8}$/;

/** A new task queue of this command's own: the shared queue's name (offline: the corpus port's) plus a random tail. */
export function ownTaskQueue(cfg: Config, world?: OfflineEndpoints): string {
  const base = cfg.offline ? offlineTaskQueue(cfg.temporal.taskQueue, world) : cfg.temporal.taskQueue;
  return `${base}${OWN}${randomBytes(4).toString('hex')}`;
}

export function isOwnTaskQueue(taskQueue: string): boolean {
  return OWN_QUEUE.test(taskQueue);
}

/** The corpus port an offline run's pages live on, from its own task queue's name. */
export function offlinePortOf(taskQueue: string): number | undefined {
  const match = OFFLINE_PORT.exec(taskQueue);
  return match ? Number(match[1]) : undefined;
}

/**
 * Does a live worker poll this task queue? A poller on this machine is alive while its process is; one on
 * another machine while it polled within the last long-poll interval (a live poller polls again within ~70 s).
 */
export async function isServed(client: Client, taskQueue: string, now = Date.now()): Promise<boolean> {
  const pollers = await Promise.all(
    [temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY].map((taskQueueType) =>
      client.workflowService
        .describeTaskQueue({ namespace: client.options.namespace, taskQueue: { name: taskQueue }, taskQueueType })
        .then((r) => r.pollers ?? []),
    ),
  );
  return pollers.flat().some((p) => isAlive(p.identity ?? '', Number(p.lastAccessTime?.seconds ?? 0) * 1000, now));
}

const LONG_POLL_MS = 75_000;

function isAlive(identity: string, lastAccessMs: number, now: number): boolean {
  // The SDK's default identity is "<pid>@<hostname>".
  const match = /^(\d+)@(.+)$/.exec(identity);
  if (match && match[2] === os.hostname()) return processExists(Number(match[1]));
  return now - lastAccessMs < LONG_POLL_MS;
}

function processExists(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What a user is told when they leave a run their own worker was working: it waits on the server, nothing is lost. */
export function leavingLines(workflowId: string): string[] {
  return [
    `Stopped. ${workflowId} keeps everything done and paid so far on the server, and goes on when a worker takes it:`,
    `  npm run client -- watch ${workflowId}   continues it here, with your settings, and saves its report`,
  ];
}

export interface OwnWorker {
  readonly taskQueue: string;
  /**
   * Runs the worker while `work` goes on. Ctrl-C (or SIGTERM) drains the worker instead, showing a countdown,
   * and answers 'interrupted'; a second Ctrl-C leaves at once.
   */
  runWhile<T>(work: () => Promise<T>, leaving: (workflowId: string) => string[], workflowId: () => string | undefined): Promise<T | 'interrupted'>;
  close(): Promise<void>;
}

/**
 * Starts a worker in this process on `taskQueue` with this user's configuration (and, offline, its own
 * world on `worldPort`), connected to `server` as every command connects (profile, TLS, API key), with the
 * same data converter (encryption keys) as the user's client. The SDK's own signal handling is off: Ctrl-C is this command's to handle.
 */
export async function startOwnWorker(cfg: Config, server: TemporalTarget, options: { taskQueue?: string; world?: OfflineEndpoints } = {}): Promise<OwnWorker> {
  installQuietRuntime();
  const taskQueue = options.taskQueue ?? ownTaskQueue(cfg, options.world);
  const connection = await openNativeConnection(server).catch((err: unknown) => {
    throw err instanceof TemporalConnectionError ? new UserError(err.message) : err;
  });
  let worker: Worker;
  try {
    worker = await createResearchWorker({
      connection,
      namespace: server.namespace,
      taskQueue,
      deps: buildActivityDeps(cfg, options.world),
      encryption: cfg.encryption,
    });
  } catch (err) {
    await connection.close();
    throw err;
  }
  return {
    taskQueue,
    runWhile: (work, leaving, workflowId) => runWhile(worker, cfg.worker.shutdownGraceMs, work, leaving, workflowId),
    close: () => connection.close(),
  };
}

/** The world an offline run needs: the corpus on the port its pages name (a run's own queue says which). */
export async function worldFor(cfg: Config, taskQueue?: string): Promise<OfflineEndpoints | undefined> {
  if (!cfg.offline) return undefined;
  const port = taskQueue ? offlinePortOf(taskQueue) : undefined;
  return startOfflineWorld(port ? { webPort: port } : {});
}

let runtimeInstalled = false;

/** The worker's routine chatter (bundling, state changes) would drown the progress lines; signals are ours. */
function installQuietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
    shutdownSignals: [],
  });
}

async function runWhile<T>(
  worker: Worker,
  graceMs: number,
  work: () => Promise<T>,
  leaving: (workflowId: string) => string[],
  workflowId: () => string | undefined,
): Promise<T | 'interrupted'> {
  const running = worker.run();
  let interrupted = false;
  let stopCountdown = () => undefined as void;
  const onSignal = () => {
    if (interrupted) {
      console.log('\nLeaving now: the calls still in flight will be redone by the next worker that takes the run.');
      process.exit(EXIT.interrupted);
    }
    interrupted = true;
    stopCountdown = countdown(worker, graceMs);
    worker.shutdown();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    let outcome: { value: T } | 'drained';
    try {
      outcome = await Promise.race([work().then((value) => ({ value })), running.then(() => 'drained' as const)]);
    } catch (err) {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch(() => undefined);
      throw err;
    }
    if (outcome !== 'drained' && !interrupted) {
      worker.shutdown();
      await running;
      return outcome.value;
    }
    await running;
    stopCountdown();
    const id = workflowId();
    if (id) for (const line of leaving(id)) console.log(line);
    return 'interrupted';
  } finally {
    stopCountdown();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Says what the drain waits for, and how long it may take, every few seconds until it is done. */
function countdown(worker: Worker, graceMs: number): () => void {
  const deadline = Date.now() + graceMs;
  const say = () => {
    const inFlight = worker.getStatus().numInFlightActivities;
    const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    console.log(`  Stopping: ${inFlight} step${inFlight === 1 ? '' : 's'} in flight finish and are recorded first (at most ${left} s). Ctrl-C again leaves at once.`);
  };
  console.log('');
  say();
  const timer = setInterval(say, 5_000);
  timer.unref();
  return () => clearInterval(timer);
}
