/**
 * A worker killed (SIGKILL) while a follow-up round runs: another worker finishes the round and the run, and no
 * model call that had finished before the crash is made (or paid) again: not the first pass's, not the gap
 * analysis, not a page the round had already summarized.
 */
import type { ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { CORPUS } from '../../offline/corpus';
import { type OfflineWorld, startOfflineWorld } from '../../offline/world';
import { loadConfig } from '../../src/config';
import { researchWorkflow, type ResearchWorkflowInput } from '../../src/workflows/research';
import { temporalAddress } from '../harness/research';
import { startWorkerProcess, stopWorkerProcesses, until } from '../harness/workerProcess';

const TOPIC = 'solid-state batteries';
const study = CORPUS.find((page) => page.topic === TOPIC && page.followUpOf)!;

describe('a worker killed mid-round', () => {
  let world: OfflineWorld;
  let client: Client;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    // A model slow enough that the kill lands inside the round.
    world = await startOfflineWorld({ llmLatencyMs: 700, slowPageDelayMs: 8_000 });
    client = new Client({ connection: await Connection.connect({ address: temporalAddress() }) });
  });
  afterAll(async () => {
    await stopWorkerProcesses(workers);
    await client?.connection.close();
    await world?.close();
  });

  it('is replaced, the round and the run complete, and no finished call is paid again', async () => {
    const taskQueue = `rounds-crash-${Date.now().toString(36)}`;
    const outputDir = await fs.mkdtemp(path.join(process.env.TEST_TMP_DIR ?? '/tmp', 'rounds-crash-'));
    const env = { ...world.env, TEMPORAL_ADDRESS: temporalAddress(), TEMPORAL_TASK_QUEUE: taskQueue, RESEARCH_OUTPUT_DIR: outputDir, FETCH_TIMEOUT_MS: '4000', RESEARCH_MAX_PARALLEL_PAGES: '2' };
    const settings = { ...loadConfig(env).research, depth: 2 };
    const input: ResearchWorkflowInput = { topic: TOPIC, settings };
    const handle = await client.workflow.start(researchWorkflow, { taskQueue, workflowId: `${taskQueue}-run`, args: [input] });

    const first = startWorkerProcess(env);
    workers.push(first);
    // The round's child has ranked its study's results and is reading the study's page.
    await until(async () => world.llm.requests.some((r) => r.stage === 'page_summary' && r.subject.endsWith(study.path)), 150_000, 50);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const answered = world.llm.requests.filter((r) => r.status === 200);
    const before = (stage: string) => answered.filter((r) => r.stage === stage).length;

    workers.push(startWorkerProcess(env));
    const result = await handle.result();

    const count = (stage: string) => world.llm.requests.filter((r) => r.stage === stage && r.status === 200).length;
    expect(result.report.markdown).toContain('## References');
    expect(result.rounds?.find((r) => r.round === 2)?.gaps.map((g) => g.query)).toContain(study.followUpOf);
    expect(result.pages.find((p) => p.url.endsWith(study.path))).toMatchObject({ status: 'summarized', round: 2 });
    for (const stage of ['search_keywords', 'research_queries', 'gap_analysis', 'ranked_results']) expect({ stage, calls: count(stage) }).toEqual({ stage, calls: before(stage) });
    // Pages read before the crash are not read again: at most the two in flight (the study's among them) are redone.
    const read = result.pages.filter((p) => p.status === 'summarized' || p.status === 'irrelevant').length;
    expect(count('page_summary')).toBeLessThanOrEqual(read + 2);
    expect(before('page_summary')).toBeGreaterThanOrEqual(3);
    const child = await client.workflow.getHandle(`${handle.workflowId}-round-2`).describe();
    expect(child.status.name).toBe('COMPLETED');
  }, 300_000);
});
