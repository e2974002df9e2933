/**
 * The bench's setting: one real Temporal dev server, and per measurement an offline world in this process
 * with real workers as their own processes (`src/worker.ts`, as `npm run worker` starts them) on their own
 * task queue, pointed at the world by its settings. Workers run apart so their CPU work (page extraction)
 * cannot delay the stand-ins' clocks, as on the web where the services are other machines.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfig } from '../src/config';
import type { ResearchResult, ResearchSettings } from '../src/domain/types';
import { freePort, startDevServer, type DevServer } from '../src/temporal/devServer';
import { researchWorkflow } from '../src/workflows/research';
import { type OfflineWorld, type OfflineWorldOptions, startOfflineWorld } from '../offline/world';

export interface Server {
  address: string;
  tmp: string;
  stop(): Promise<void>;
}

const ROOT = path.join(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const WORKER_READY_MS = 180_000;

export async function startServer(): Promise<Server> {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } } });
  } catch {
    // already installed
  }
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'deep-research-bench-'));
  const server: DevServer = await startDevServer({ port: await freePort(), logFile: path.join(tmp, 'temporal.log'), startTimeoutMs: 90_000 });
  return { address: server.address, tmp, stop: () => server.stop() };
}

/** The reference run's shape: 2 keywords, 4 queries, 8 results, 4 URLs per query (the product's defaults too). */
export const REFERENCE_SHAPE = { keywords: 2, queries: 4, searchResults: 8, urlsPerQuery: 4 } as const;

export interface Setup {
  client: Client;
  world: OfflineWorld;
  taskQueue: string;
  settings: ResearchSettings;
  start(topic: string, overrides?: Partial<ResearchSettings>): Promise<WorkflowHandle<typeof researchWorkflow>>;
  /** Starts a run and waits for it; `ms` is start-to-result wall time seen by the client. */
  run(topic: string, overrides?: Partial<ResearchSettings>): Promise<{ handle: WorkflowHandle<typeof researchWorkflow>; result: ResearchResult; ms: number }>;
  close(): Promise<void>;
}

let count = 0;

export async function startSetup(server: Server, options: { world: OfflineWorldOptions; workers?: number; env?: Record<string, string> }): Promise<Setup> {
  const world = await startOfflineWorld(options.world);
  const taskQueue = `bench-${process.pid}-${++count}-${Date.now().toString(36)}`;
  const env: Record<string, string> = {
    ...world.env,
    RESEARCH_OFFLINE: 'false',
    RESEARCH_OUTPUT_DIR: path.join(server.tmp, 'reports'),
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    RESEARCH_CACHE_DIR: 'off',
    RESEARCH_KEYWORDS: String(REFERENCE_SHAPE.keywords),
    RESEARCH_QUERIES: String(REFERENCE_SHAPE.queries),
    RESEARCH_SEARCH_RESULTS: String(REFERENCE_SHAPE.searchResults),
    RESEARCH_URLS_PER_QUERY: String(REFERENCE_SHAPE.urlsPerQuery),
    // The reference makes one pass: the figures compared with it measure one pass (rounds.ts sets depth per run).
    RESEARCH_DEPTH: '1',
    ...options.env,
  };
  const config = loadConfig(env);
  const workers: ChildProcess[] = [];
  try {
    for (let i = 0; i < (options.workers ?? 1); i++) workers.push(await startWorker(env));
  } catch (err) {
    await Promise.all(workers.map(stopWorker));
    await world.close();
    throw err;
  }
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: 'default' });
  const start = (topic: string, overrides: Partial<ResearchSettings> = {}) =>
    client.workflow.start(researchWorkflow, {
      taskQueue,
      workflowId: `${taskQueue}-${Math.random().toString(36).slice(2, 8)}`,
      args: [{ topic, settings: { ...config.research, ...overrides } }],
    });
  return {
    client,
    world,
    taskQueue,
    settings: config.research,
    start,
    async run(topic, overrides) {
      const started = performance.now();
      const handle = await start(topic, overrides);
      const result = await handle.result();
      return { handle, result, ms: performance.now() - started };
    },
    async close() {
      await Promise.all(workers.map(stopWorker));
      await connection.close();
      await world.close();
    },
  };
}

/** `src/worker.ts` as its own process; resolves once it polls. */
function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [TSX, 'src/worker.ts'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`worker not polling after ${WORKER_READY_MS / 1000} s`)), WORKER_READY_MS);
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill('SIGTERM');
      reject(new Error(`${err.message}: ${output.slice(-500)}`));
    };
    child.stdout!.on('data', (d: Buffer) => {
      output = (output + d.toString()).slice(-4000);
      if (output.includes('Worker polling')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.stderr!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    child.once('exit', (code) => fail(new Error(`worker exited with ${code}`)));
  });
}

function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  return exited;
}
