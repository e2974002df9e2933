/**
 * A research test bench: the suite's real Temporal server, a real worker on its own task queue, and
 * the offline world (real protocols on 127.0.0.1). Tests start runs through the real client.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { loadConfig } from '../../src/config';
import { LlmClient } from '../../src/llm/client';
import type { ActivityDeps } from '../../src/activities';
import type { ResearchResult, ResearchSettings } from '../../src/domain/types';
import { type OfflineWorld, startOfflineWorld } from '../../offline/world';
import { buildActivityDeps, createResearchWorker } from '../../src/worker';
import { researchWorkflow, type ResearchWorkflowInput } from '../../src/workflows/research';

export interface Bench {
  client: Client;
  world: OfflineWorld;
  taskQueue: string;
  outputDir: string;
  settings: ResearchSettings;
  start(topic: string, overrides?: Partial<ResearchSettings>): Promise<WorkflowHandle<typeof researchWorkflow>>;
  run(topic: string, overrides?: Partial<ResearchSettings>): Promise<{ handle: WorkflowHandle<typeof researchWorkflow>; result: ResearchResult }>;
  close(): Promise<void>;
}

let benchCount = 0;

// Worker lifecycle chatter would bury the test output; errors still show.
try {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
} catch {
  // already installed in this process by an earlier test file
}

export function temporalAddress(): string {
  const address = process.env.TEST_TEMPORAL_ADDRESS;
  if (!address) throw new Error('TEST_TEMPORAL_ADDRESS is not set: run the tests through jest (its globalSetup starts the server)');
  return address;
}

export async function startBench(
  options: {
    env?: Record<string, string>;
    world?: Parameters<typeof startOfflineWorld>[0];
    llmApiKey?: string;
    /** Replaces some of the worker's dependencies (a stand-in model or search provider in front of the world's). */
    deps?: (world: OfflineWorld, config: ReturnType<typeof loadConfig>) => Partial<ActivityDeps>;
  } = {},
): Promise<Bench> {
  const world = await startOfflineWorld({ slowPageDelayMs: 8_000, ...options.world });
  const outputDir = await fs.mkdtemp(path.join(process.env.TEST_TMP_DIR ?? '/tmp', 'reports-'));
  const taskQueue = `test-${process.pid}-${++benchCount}-${Date.now().toString(36)}`;
  const config = loadConfig({
    RESEARCH_OUTPUT_DIR: outputDir,
    TEMPORAL_ADDRESS: temporalAddress(),
    TEMPORAL_TASK_QUEUE: taskQueue,
    // Short enough that the suite's slow page times out quickly.
    FETCH_TIMEOUT_MS: '4000',
    // Every run reads its pages for real unless a test asks for the cache.
    RESEARCH_CACHE_DIR: 'off',
    ...options.env,
  });
  const deps = { ...buildActivityDeps(config, world), ...options.deps?.(world, config) };
  if (options.llmApiKey !== undefined) {
    // A worker holding another key than the one the stand-in model accepts.
    deps.llm = new LlmClient({ apiKey: options.llmApiKey, baseUrl: world.llm.baseUrl, jsonMode: config.llm.jsonMode, timeoutMs: config.llm.timeoutMs });
  }
  const workerConnection = await NativeConnection.connect({ address: temporalAddress() });
  const worker: Worker = await createResearchWorker({
    connection: workerConnection,
    namespace: 'default',
    taskQueue,
    deps,
    workflowBundle: { codePath: process.env.TEST_WORKFLOW_BUNDLE! },
  });
  const running = worker.run();
  const connection = await Connection.connect({ address: temporalAddress() });
  const client = new Client({ connection, namespace: 'default' });

  const start = (topic: string, overrides: Partial<ResearchSettings> = {}) => {
    const input: ResearchWorkflowInput = { topic, settings: { ...config.research, ...overrides } };
    return client.workflow.start(researchWorkflow, {
      taskQueue,
      workflowId: `${taskQueue}-${Math.random().toString(36).slice(2, 8)}`,
      args: [input],
    });
  };
  return {
    client,
    world,
    taskQueue,
    outputDir,
    settings: config.research,
    start,
    async run(topic, overrides) {
      const handle = await start(topic, overrides);
      return { handle, result: await handle.result() };
    },
    async close() {
      worker.shutdown();
      await running;
      await workerConnection.close();
      await connection.close();
      await world.close();
    },
  };
}

/** The error a run failed with, and the root of its cause chain (what the user is told). */
export async function failureOf(run: Promise<unknown>): Promise<{ error: unknown; root: Error }> {
  const error = await run.then(
    () => undefined,
    (err: unknown) => err,
  );
  let root: unknown = error;
  while ((root as { cause?: unknown } | undefined)?.cause) root = (root as { cause?: unknown }).cause;
  return { error, root: root as Error };
}
