/**
 * Shared rate limits: two workers on one task queue, RESEARCH_LLM_RPS=2 and RESEARCH_SEARCH_RPS=1, two
 * runs at once. The stand-in model (behind a loopback proxy that notes arrival times) never sees more
 * than 3 requests in any one second, the search engine never more than 2, and both runs complete.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { loadConfig } from '../../src/config';
import { researchWorkflow } from '../../src/workflows/research';
import { type OfflineWorld, startOfflineWorld } from '../../offline/world';
import { peakInWindow } from '../../src/ratelimit/schedule';
import { buildActivityDeps, createResearchWorker } from '../../src/worker';
import type { ResearchWorkflowInput } from '../../src/workflows/research';
import { type LlmProxy, startLlmProxy } from '../cluster/llmProxy';
import { temporalAddress } from '../harness/research';

describe('RESEARCH_LLM_RPS across workers', () => {
  let world: OfflineWorld;
  let proxy: LlmProxy;
  let searchProxy: LlmProxy;
  let client: Client;
  const connections: NativeConnection[] = [];
  const workers: { worker: Worker; running: Promise<void> }[] = [];

  beforeAll(async () => {
    world = await startOfflineWorld({ slowPageDelayMs: 8_000 });
    proxy = await startLlmProxy(world.llm.baseUrl);
    searchProxy = await startLlmProxy(world.search.url);
    client = new Client({ connection: await Connection.connect({ address: temporalAddress() }) });
  });
  afterAll(async () => {
    for (const w of workers) w.worker.shutdown();
    await Promise.all(workers.map((w) => w.running));
    for (const c of connections) await c.close();
    await client?.connection.close();
    await proxy?.close();
    await searchProxy?.close();
    await world?.close();
  });

  it('keeps two workers running two runs under 2 model requests and 1 search per second together', async () => {
    const taskQueue = `ratelimit-${Date.now().toString(36)}`;
    const outputDir = await fs.mkdtemp(path.join(process.env.TEST_TMP_DIR ?? '/tmp', 'ratelimit-'));
    const config = loadConfig({
      ...world.env,
      OPENAI_BASE_URL: proxy.baseUrl,
      SEARXNG_URL: searchProxy.baseUrl,
      TEMPORAL_ADDRESS: temporalAddress(),
      TEMPORAL_TASK_QUEUE: taskQueue,
      RESEARCH_OUTPUT_DIR: outputDir,
      RESEARCH_CACHE_DIR: 'off',
      FETCH_TIMEOUT_MS: '4000',
      RESEARCH_LLM_RPS: '2',
      RESEARCH_SEARCH_RPS: '1',
      RESEARCH_KEYWORDS: '1',
      RESEARCH_QUERIES: '2',
      RESEARCH_URLS_PER_QUERY: '2',
    });
    for (let i = 0; i < 2; i++) {
      const connection = await NativeConnection.connect({ address: temporalAddress() });
      connections.push(connection);
      const worker = await createResearchWorker({
        connection,
        namespace: 'default',
        taskQueue,
        deps: buildActivityDeps(config),
        workflowBundle: { codePath: process.env.TEST_WORKFLOW_BUNDLE! },
      });
      workers.push({ worker, running: worker.run() });
    }
    const topics = ['tensorflow vs pytorch', 'solid-state batteries'];
    const handles = await Promise.all(
      topics.map((topic, i) => {
        const input: ResearchWorkflowInput = { topic, settings: config.research };
        return client.workflow.start(researchWorkflow, { taskQueue, workflowId: `${taskQueue}-${i}`, args: [input] });
      }),
    );
    const results = await Promise.all(handles.map((h) => h.result()));

    expect(results.map((r) => r.report.words > 0)).toEqual([true, true]);
    const times = proxy.requests.map((r) => r.atMs);
    // Enough requests that an unlimited pair of workers would have sent many at once.
    expect(times.length).toBeGreaterThanOrEqual(12);
    expect(peakInWindow(times, 1000)).toBeLessThanOrEqual(3);
    // Searches have their own limit: 1 per second, so at most 2 in any second (a slot may be taken half a slot late).
    const searches = searchProxy.requests.map((r) => r.atMs);
    expect(searches.length).toBeGreaterThanOrEqual(6);
    expect(peakInWindow(searches, 1000)).toBeLessThanOrEqual(2);
  }, 180_000);
});
