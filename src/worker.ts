/**
 * The research worker: polls the task queue, runs the workflow code and the activities. Runs inside
 * `npm run research` by default, or as its own process: `npm start` (compiled, prebuilt workflow
 * bundle) or `npm run worker` (from source). Start several, on one or many machines, to scale out:
 * Temporal spreads the work over them, and the shared rate limits hold across all of them.
 */
import { Client } from '@temporalio/client';
import { parseCommandArgs } from './cli/args';
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { type ActivityDeps, createActivities } from './activities';
import { HEARTBEAT_INTERVAL_MS } from './activities/heartbeat';
import { WORKFLOW_BUNDLE_ENTRY, workflowBundle } from './build/workflowBundle';
import { SummaryCache } from './cache/summaryCache';
import { type Config, ConfigError, loadConfig } from './config';
import { LlmClient } from './llm/client';
import { SharedRateLimiter } from './ratelimit/sharedLimiter';
import type { WorkerTracing } from './metrics/tracing';
import type { ResearchMetrics } from './metrics/research';
import { createSearchProvider } from './search';
import type { SearchProvider } from './search/types';
import { clientDataConverter, workerDataConverter } from './temporal/dataConverter';
import { cannotDecryptLine, decryptionErrorIn, type KeyRing } from './temporal/encryption';
import { openConnection, openNativeConnection } from './temporal/reach';
import { readPage } from './web/readPage';
import { closeSharedBrowserPool, sharedBrowserPool } from './web/render/pool';
import { OFFLINE_WEB_PORT, type OfflineEndpoints, offlineTaskQueue, startOfflineWorld } from './offlineWorld';
import { atMostEvery, THREAD_WARM_UP_INTERVAL_MS, WARM_UP_DELAY_MS, warmExtractionThreads, warmingUpOnFirstCall, warmTokenizer } from './worker/warmUp';

/** The workflow bundle's entry (research run and rate limiter), for those who bundle it themselves. */
export const WORKFLOWS_PATH = WORKFLOW_BUNDLE_ENTRY;

/**
 * Activity dependencies plus the shared rate limiters, which the worker connects to Temporal, and the
 * warm-up of what later stages load on first use (started once the worker's first activity runs).
 */
export type WorkerDeps = ActivityDeps & { rateLimiters?: SharedRateLimiter[]; warmUp?: () => Promise<void> };

/** The activities' dependencies from configuration; with an offline world, pointed at its stand-ins. */
export function buildActivityDeps(config: Config, world?: OfflineEndpoints, metrics?: ResearchMetrics): WorkerDeps {
  const apiKey = world ? world.llm.apiKey : config.llm.apiKey;
  if (!apiKey) throw new ConfigError('OPENAI_API_KEY is not set: set it to use a real model, or leave it unset to run offline');
  const rateLimiters: SharedRateLimiter[] = [];
  const llmLimiter = config.rateLimits.llmRps ? new SharedRateLimiter('llm', config.rateLimits.llmRps) : undefined;
  const searchLimiter = config.rateLimits.searchRps ? new SharedRateLimiter('search', config.rateLimits.searchRps) : undefined;
  for (const limiter of [llmLimiter, searchLimiter]) if (limiter) rateLimiters.push(limiter);
  const acquireLlm = llmLimiter ? (signal?: AbortSignal) => llmLimiter.acquire(signal) : undefined;
  const acquireSearch = searchLimiter ? (signal?: AbortSignal) => searchLimiter.acquire(signal) : undefined;
  const llm = new LlmClient({
    apiKey,
    baseUrl: world ? world.llm.baseUrl : config.llm.baseUrl,
    jsonMode: config.llm.jsonMode,
    timeoutMs: config.llm.timeoutMs,
    acquire: acquireLlm && metrics ? metrics.timedAcquire('llm', acquireLlm) : acquireLlm,
    observe: metrics ? (call) => metrics.modelCall(call) : undefined,
  });
  const provider = createSearchProvider(world ? { ...config.search, provider: 'searxng', searxngUrl: world.search.url } : config.search);
  const waitForSearch = acquireSearch && metrics ? metrics.timedAcquire('search', acquireSearch) : acquireSearch;
  const search: SearchProvider = waitForSearch
    ? {
        name: provider.name,
        search: async (query, options) => {
          await waitForSearch(options.signal);
          return provider.search(query, options);
        },
      }
    : provider;
  const fetchOptions = {
    timeoutMs: config.fetch.timeoutMs,
    maxBytes: config.fetch.maxBytes,
    maxRedirects: config.fetch.maxRedirects,
    allowPrivateNetwork: config.fetch.allowPrivateNetwork,
    // The offline world's web server is on loopback: allow exactly its hosts, and the hosts the user named.
    allowedPrivateHosts: [...(world ? world.allowedHosts : []), ...config.fetch.allowedHosts],
    userAgent: config.fetch.userAgent,
    // Pages built by script are rendered in chromium, started only when a page needs it.
    render: { mode: config.fetch.render, renderer: sharedBrowserPool() },
  };
  return {
    llm,
    search,
    readPage: (url, signal) => readPage(url, { ...fetchOptions, signal }),
    offline: Boolean(world),
    now: () => new Date(),
    summaryCache: config.cache ? new SummaryCache(config.cache.dir, config.cache.ttlMs) : undefined,
    rateLimiters,
    // The tokenizer, loaded while the keywords call is out; the page reader's threads, started while a page loads.
    warmUp: () => warmTokenizer(config.research.model),
    warmPageReader: atMostEvery(THREAD_WARM_UP_INTERVAL_MS, () => warmExtractionThreads(), { delayMs: WARM_UP_DELAY_MS }),
  };
}

export interface ResearchWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: WorkerDeps;
  /** A workflow bundle (tests build one once); default: the prebuilt one when compiled, else the cached one. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Concurrency and shutdown settings; defaults as in config.ts. */
  tuning?: Config['worker'];
  /** RESEARCH_ENCRYPTION_KEYS: the payloads this worker sends are encrypted with the ring's first key. */
  encryption?: KeyRing;
  /** WORKER_METRICS_PORT: pages are counted as the activities return them (model calls: through deps.llm). */
  metrics?: ResearchMetrics;
  /** WORKER_OTEL_ENDPOINT: OpenTelemetry spans for workflows and activities (the traced workflow bundle). */
  tracing?: WorkerTracing;
}

export const DEFAULT_TUNING: Config['worker'] = { maxConcurrentActivities: 32, maxConcurrentWorkflowTasks: 40, shutdownGraceMs: 30_000 };

export async function createResearchWorker(options: ResearchWorkerOptions): Promise<Worker> {
  const tuning = options.tuning ?? DEFAULT_TUNING;
  const limiterClient = new Client({ connection: options.connection, namespace: options.namespace, dataConverter: clientDataConverter(options.encryption) });
  for (const limiter of options.deps.rateLimiters ?? []) limiter.bind({ client: limiterClient, taskQueue: options.taskQueue });
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    dataConverter: workerDataConverter(options.encryption),
    workflowBundle: options.workflowBundle ?? (await workflowBundle(undefined, { tracing: options.tracing !== undefined, sealedFailures: options.encryption !== undefined })),
    activities: warmingUpOnFirstCall(createActivities(options.deps), options.deps.warmUp),
    interceptors: await activityInterceptors(options),
    ...(options.tracing ? { sinks: options.tracing.sinks } : {}),
    // Pages are I/O bound; the workflow's own cap (maxParallelPages) is the real limit per run.
    maxConcurrentActivityTaskExecutions: tuning.maxConcurrentActivities,
    maxConcurrentWorkflowTaskExecutions: tuning.maxConcurrentWorkflowTasks,
    // On SIGTERM: stop polling, let activities in flight finish (or be cancelled and retried elsewhere after the grace time).
    shutdownGraceTime: tuning.shutdownGraceMs,
    shutdownForceTime: tuning.shutdownGraceMs + 15_000,
    // Heartbeats (and the per-chunk checkpoints they carry) reach the server within ~2 s, not 80% of the
    // heartbeat timeout: a worker killed mid-page loses at most the chunk it was on.
    maxHeartbeatThrottleInterval: HEARTBEAT_INTERVAL_MS,
    defaultHeartbeatThrottleInterval: HEARTBEAT_INTERVAL_MS,
  });
}

/**
 * Tracing first, so an activity's metrics are recorded inside its span. The metrics hook (and prom-client
 * with it) loads only when metrics are on: `research` starts this worker before its run and has none.
 */
async function activityInterceptors(options: ResearchWorkerOptions): Promise<WorkerOptions['interceptors']> {
  const metrics = options.metrics ? [(await import('./metrics/activityInterceptor')).activityMetrics(options.metrics)] : [];
  const activity = [...(options.tracing ? [options.tracing.activity] : []), ...metrics];
  return activity.length > 0 ? { activity } : undefined;
}

async function main(args: string[]): Promise<void> {
  const { values } = parseCommandArgs('worker', args, { adopt: { type: 'string' } });
  const config = loadConfig();
  // Before the first connection: the SDK's Runtime (with its exporter) is installed once per process.
  // Loaded only when asked for, as tracing below: prom-client costs every command's start-up otherwise.
  const served = config.worker.metrics ? await (await import('./metrics/install')).installWorkerMetrics(config.worker.metrics) : undefined;
  if (served) console.log(`Metrics (Prometheus): ${served.url}`);
  // Loaded only when asked for: the OpenTelemetry packages cost every command's start-up otherwise.
  const tracing = config.worker.tracing ? (await import('./metrics/tracing')).startWorkerTracing(config.worker.tracing) : undefined;
  if (tracing) console.log(`Traces (OpenTelemetry, OTLP/HTTP): ${config.worker.tracing!.endpoint}`);
  let world: OfflineEndpoints | undefined;
  let taskQueue = config.temporal.taskQueue;
  if (config.offline) {
    world = await startOfflineWorld({ webPort: OFFLINE_WEB_PORT });
    taskQueue = offlineTaskQueue(taskQueue, world);
    console.log('No OPENAI_API_KEY set: this worker uses the bundled offline world (local stand-in model, search and web).');
  }
  const connection = await openNativeConnection(config.temporal);
  const metrics = served?.metrics;
  const deps = buildActivityDeps(config, world, metrics);
  const worker = await createResearchWorker({ connection, namespace: config.temporal.namespace, taskQueue, deps, tuning: config.worker, encryption: config.encryption, metrics, tracing });
  const adopted = values.adopt ? await adoptRun(values.adopt, config, connection, deps, world, metrics, tracing) : undefined;
  const startedIn = (performance.now() / 1000).toFixed(2);
  console.log(`Worker polling task queue "${taskQueue}" on ${config.temporal.address} (namespace ${config.temporal.namespace}; ready ${startedIn} s after start).`);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () =>
      console.log(`${signal}: no new work taken; activities in flight get up to ${config.worker.shutdownGraceMs / 1000} s to finish, then are retried elsewhere.`),
    );
  }
  try {
    // Both stop on SIGINT/SIGTERM (the SDK's shutdown handling, with the grace time above).
    await Promise.all([worker.run(), adopted?.run()]);
  } finally {
    await closeSharedBrowserPool();
    await connection.close();
    await world?.close();
    await served?.close();
    await tracing?.shutdown();
  }
}

/**
 * `--adopt <workflow-id>`: also work a run whose own process is gone (started by `research`, on a task queue of
 * its own), with this worker's settings, until it ends. It is asked for by name: a worker never takes another
 * person's run by itself.
 */
async function adoptRun(
  workflowId: string,
  config: Config,
  connection: NativeConnection,
  deps: WorkerDeps,
  world?: OfflineEndpoints,
  metrics?: ResearchMetrics,
  tracing?: WorkerTracing,
): Promise<{ run(): Promise<void> }> {
  const clientConnection = await openConnection(config.temporal);
  const handle = new Client({ connection: clientConnection, namespace: config.temporal.namespace, dataConverter: clientDataConverter(config.encryption) }).workflow.getHandle(workflowId);
  const description = await handle.describe().catch((err: unknown) => {
    const decryption = decryptionErrorIn(err);
    if (decryption) throw new ConfigError(`--adopt: ${cannotDecryptLine(workflowId, decryption)}`);
    throw new ConfigError(`--adopt: no run "${workflowId}" on ${config.temporal.address} (${err instanceof Error ? err.message : String(err)})`);
  });
  const adoptedQueue = description.taskQueue;
  if (description.status.name !== 'RUNNING') throw new ConfigError(`--adopt: run "${workflowId}" is ${description.status.name.toLowerCase()}, nothing to take over`);
  const webPort = world ? Number(new URL(world.web.baseUrl).port) : undefined;
  if (world && !adoptedQueue.startsWith(offlineTaskQueue(config.temporal.taskQueue, world))) {
    throw new ConfigError(`--adopt: run "${workflowId}" reads the offline corpus on another port than this worker's ${webPort}: npm run client -- watch ${workflowId} finishes it`);
  }
  const worker = await createResearchWorker({ connection, namespace: config.temporal.namespace, taskQueue: adoptedQueue, deps, tuning: config.worker, encryption: config.encryption, metrics, tracing });
  console.log(`Also working run ${workflowId} (task queue "${adoptedQueue}") until it ends.`);
  return {
    run: async () => {
      try {
        await worker.runUntil(handle.result().then(
          () => undefined,
          () => undefined,
        ));
        console.log(`Run ${workflowId} has ended; this worker no longer polls "${adoptedQueue}".`);
      } finally {
        await clientConnection.close();
      }
    },
  };
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err) => {
    console.error(`worker: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
