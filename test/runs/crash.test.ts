/**
 * Durability: a worker process killed mid-run (SIGKILL, no goodbye), another one started; the run
 * finishes, and the LLM calls that had completed before the crash are not made (or paid) again.
 */
import type { ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../../src/config';
import { type OfflineWorld, startOfflineWorld } from '../../offline/world';
import { progressQuery } from '../../src/workflows/definitions';
import { researchWorkflow, type ResearchWorkflowInput } from '../../src/workflows/research';
import { temporalAddress } from '../harness/research';
import { startWorkerProcess, stopWorkerProcesses, until } from '../harness/workerProcess';

describe('a worker killed mid-run', () => {
  let world: OfflineWorld;
  let client: Client;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    // A model slow enough that the kill lands while pages are being read.
    world = await startOfflineWorld({ llmLatencyMs: 700, slowPageDelayMs: 8_000 });
    client = new Client({ connection: await Connection.connect({ address: temporalAddress() }) });
  });
  afterAll(async () => {
    await stopWorkerProcesses(workers);
    await client?.connection.close();
    await world?.close();
  });

  it('is replaced by another worker and the run completes without repeating finished LLM calls', async () => {
    const taskQueue = `crash-${Date.now().toString(36)}`;
    const outputDir = await fs.mkdtemp(path.join(process.env.TEST_TMP_DIR ?? '/tmp', 'crash-'));
    // A worker configured as a user would: a real endpoint and a SearxNG instance, which happen to be local.
    const env = {
      ...world.env,
      TEMPORAL_ADDRESS: temporalAddress(),
      TEMPORAL_TASK_QUEUE: taskQueue,
      RESEARCH_OUTPUT_DIR: outputDir,
      FETCH_TIMEOUT_MS: '4000',
      RESEARCH_MAX_PARALLEL_PAGES: '2',
    };
    // One pass: the stage counts below are the first pass's (a crash mid-round has its own test, rounds.crash).
    const settings = { ...loadConfig(env).research, depth: 1 };
    const input: ResearchWorkflowInput = { topic: 'tensorflow vs pytorch', settings };
    const handle = await client.workflow.start(researchWorkflow, { taskQueue, workflowId: `${taskQueue}-run`, args: [input] });

    const first = startWorkerProcess(env);
    workers.push(first);
    await until(async () => (await handle.query(progressQuery)).pagesSummarized >= 2, 90_000);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const before = { keywords: count(world, 'search_keywords'), plan: count(world, 'research_queries'), rank: count(world, 'ranked_results') };
    const summariesBefore = count(world, 'page_summary');

    workers.push(startWorkerProcess(env));
    const result = await handle.result();

    expect(result.report.markdown).toContain('## References');
    // Stages finished before the crash were not run again.
    expect(count(world, 'search_keywords')).toBe(before.keywords);
    expect(count(world, 'research_queries')).toBe(before.plan);
    expect(count(world, 'ranked_results')).toBe(before.rank);
    // Pages: those read before the crash are not read again; at most the two in flight are redone.
    const read = result.pages.filter((p) => p.status === 'summarized' || p.status === 'irrelevant').length;
    expect(count(world, 'page_summary')).toBeLessThanOrEqual(read + 2);
    expect(summariesBefore).toBeGreaterThanOrEqual(2);
  }, 180_000);
});

function count(world: OfflineWorld, stage: string): number {
  return world.llm.requests.filter((r) => r.stage === stage && r.status === 200).length;
}
