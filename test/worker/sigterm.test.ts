/**
 * Graceful shutdown: a worker process gets SIGTERM while model calls are in flight. It takes no new work,
 * lets those calls and their activities finish, exits cleanly; another worker finishes the run, and no
 * model call is made twice.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../../src/config';
import { researchWorkflow } from '../../src/workflows/research';
import { type OfflineWorld, startOfflineWorld } from '../../offline/world';
import { progressQuery } from '../../src/workflows/definitions';
import type { ResearchWorkflowInput } from '../../src/workflows/research';
import { type LlmProxy, repeatedCalls, startLlmProxy } from '../cluster/llmProxy';
import { temporalAddress } from '../harness/research';

const ROOT = path.resolve(__dirname, '..', '..');

function startWorkerProcess(env: Record<string, string>): { child: ChildProcess; exited: Promise<number | null> } {
  // node itself (not the tsx wrapper, which forks), so the signal reaches the process that holds the work.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'ignore'] });
  return { child, exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
}

describe('a worker stopped with SIGTERM mid-run', () => {
  let world: OfflineWorld;
  let proxy: LlmProxy;
  let client: Client;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    // A model slow enough that the signal lands while calls are in flight.
    world = await startOfflineWorld({ llmLatencyMs: 1_500, slowPageDelayMs: 8_000 });
    proxy = await startLlmProxy(world.llm.baseUrl);
    client = new Client({ connection: await Connection.connect({ address: temporalAddress() }) });
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await client?.connection.close();
    await proxy?.close();
    await world?.close();
  });

  it('finishes the calls in flight, exits cleanly, and the run completes elsewhere without repeating any', async () => {
    const taskQueue = `sigterm-${Date.now().toString(36)}`;
    const env = {
      ...world.env,
      OPENAI_BASE_URL: proxy.baseUrl,
      TEMPORAL_ADDRESS: temporalAddress(),
      TEMPORAL_TASK_QUEUE: taskQueue,
      RESEARCH_OUTPUT_DIR: await fs.mkdtemp(path.join(process.env.TEST_TMP_DIR ?? '/tmp', 'sigterm-')),
      RESEARCH_CACHE_DIR: 'off',
      FETCH_TIMEOUT_MS: '4000',
      RESEARCH_MAX_PARALLEL_PAGES: '3',
      WORKER_SHUTDOWN_GRACE_MS: '60000',
    };
    const input: ResearchWorkflowInput = { topic: 'tensorflow vs pytorch', settings: loadConfig(env).research };
    const handle = await client.workflow.start(researchWorkflow, { taskQueue, workflowId: `${taskQueue}-run`, args: [input] });

    const first = startWorkerProcess(env);
    children.push(first.child);
    const deadline = Date.now() + 120_000;
    while (!((await handle.query(progressQuery)).pagesSummarized >= 1 && proxy.inFlight() >= 1)) {
      if (Date.now() > deadline) throw new Error('the run never reached its pages');
      await sleep(100);
    }
    const signalledAt = Date.now();
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    // Everything asked before the signal was answered and taken: nothing cut off.
    const before = proxy.requests.filter((r) => r.atMs <= signalledAt);
    expect(before.some((r) => r.doneMs !== undefined && r.doneMs > signalledAt)).toBe(true);
    expect(before.filter((r) => r.status !== 200)).toEqual([]);

    const second = startWorkerProcess(env);
    children.push(second.child);
    const result = await handle.result();
    expect(result.report.markdown).toContain('## References');
    expect(repeatedCalls(proxy.requests)).toEqual([]);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 240_000);
});
