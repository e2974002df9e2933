/**
 * The research worker: polls the task queue, runs the workflow code and the activities. Runs inside
 * `npm run research` by default, or as its own process with `npm run worker` (start several, on one
 * or many machines, to scale out: Temporal spreads the work over them).
 */
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { type ActivityDeps, createActivities } from './activities';
import { SummaryCache } from './cache/summaryCache';
import { type Config, ConfigError, loadConfig } from './config';
import { LlmClient } from './llm/client';
import { createSearchProvider } from './search';
import { readPage } from './web/readPage';
import { OFFLINE_WEB_PORT, type OfflineEndpoints, offlineTaskQueue, startOfflineWorld } from './offlineWorld';

export const WORKFLOWS_PATH = require.resolve('./workflows');

/** The activities' dependencies from configuration; with an offline world, pointed at its stand-ins. */
export function buildActivityDeps(config: Config, world?: OfflineEndpoints): ActivityDeps {
  const apiKey = world ? world.llm.apiKey : config.llm.apiKey;
  if (!apiKey) throw new ConfigError('OPENAI_API_KEY is not set: set it to use a real model, or leave it unset to run offline');
  const llm = new LlmClient({
    apiKey,
    baseUrl: world ? world.llm.baseUrl : config.llm.baseUrl,
    model: config.research.model,
    jsonMode: config.llm.jsonMode,
    timeoutMs: config.llm.timeoutMs,
  });
  const search = createSearchProvider(world ? { ...config.search, provider: 'searxng', searxngUrl: world.search.url } : config.search);
  const fetchOptions = {
    timeoutMs: config.fetch.timeoutMs,
    maxBytes: config.fetch.maxBytes,
    maxRedirects: config.fetch.maxRedirects,
    allowPrivateNetwork: config.fetch.allowPrivateNetwork,
    // The offline world's web server is on loopback: allow exactly its hosts, nothing else private.
    allowedPrivateHosts: world ? world.allowedHosts : [],
    userAgent: config.fetch.userAgent,
  };
  return {
    llm,
    search,
    readPage: (url, signal) => readPage(url, { ...fetchOptions, signal }),
    outputDir: config.outputDir,
    offline: Boolean(world),
    now: () => new Date(),
    summaryCache: config.cache ? new SummaryCache(config.cache.dir, config.cache.ttlMs) : undefined,
  };
}

export interface ResearchWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** A prebuilt workflow bundle (tests build it once); default: bundle from source. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

export function createResearchWorker(options: ResearchWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    activities: createActivities(options.deps),
    // Pages are I/O bound; the workflow's own cap (maxParallelPages) is the real limit per run.
    maxConcurrentActivityTaskExecutions: 32,
  });
}

async function main(): Promise<void> {
  const config = loadConfig();
  let world: OfflineEndpoints | undefined;
  let taskQueue = config.temporal.taskQueue;
  if (config.offline) {
    world = await startOfflineWorld({ webPort: OFFLINE_WEB_PORT });
    taskQueue = offlineTaskQueue(taskQueue, world);
    console.log('No OPENAI_API_KEY set: this worker uses the bundled offline world (local stand-in model, search and web).');
  }
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await createResearchWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue,
    deps: buildActivityDeps(config, world),
  });
  console.log(`Worker polling task queue "${taskQueue}" on ${config.temporal.address} (namespace ${config.temporal.namespace}).`);
  try {
    await worker.run(); // stops on SIGINT/SIGTERM (the worker's own shutdown handling)
  } finally {
    await connection.close();
    await world?.close();
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(`worker: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
