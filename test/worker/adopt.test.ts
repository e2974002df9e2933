/**
 * A research command killed mid-run (a crash: no drain) leaves its run on its own task queue; a shared worker
 * asked to (`npm run worker -- --adopt <id>`) works it to its end, and a worker not asked never touches it.
 */
import { Client, Connection } from '@temporalio/client';
import { type OfflineWorld, startOfflineWorld } from '../../offline/world';
import type { ResearchResult } from '../../src/domain/types';
import { tempDir } from '../client/cli';
import { type RunningCommand, startCommand } from '../harness/command';
import { temporalAddress } from '../harness/research';
import { startWorkerProcess, stopWorkerProcesses, until } from '../harness/workerProcess';
import type { ChildProcess } from 'node:child_process';

describe('a run whose own process crashed', () => {
  let world: OfflineWorld;
  let connection: Connection;
  const commands: RunningCommand[] = [];
  const workers: ChildProcess[] = [];
  beforeAll(async () => {
    world = await startOfflineWorld({ llmLatencyMs: 400 });
    connection = await Connection.connect({ address: temporalAddress() });
  });
  afterAll(async () => {
    for (const c of commands) c.child.kill('SIGKILL');
    await stopWorkerProcesses(workers);
    await connection.close();
    await world.close();
  });

  it('is finished by a shared worker only when asked to adopt it', async () => {
    const sharedQueue = `adopt-${Date.now().toString(36)}`;
    const env: Record<string, string> = {
      ...(world.env as Record<string, string>),
      TEMPORAL_ADDRESS: temporalAddress(),
      TEMPORAL_TASK_QUEUE: sharedQueue,
      RESEARCH_CACHE_DIR: 'off',
      FETCH_TIMEOUT_MS: '4000',
    };
    const research = startCommand(['research', 'remote work productivity', '--words', '300'], { ...process.env, ...env, RESEARCH_OUTPUT_DIR: await tempDir('adopt-') });
    commands.push(research);
    await research.waitFor(/Research run started: \S+/, 120_000);
    const workflowId = /Research run started: (\S+)/.exec(research.text())![1];
    await until(async () => world.llm.requests.some((r) => r.stage === 'page_summary'), 120_000, 20);
    research.child.kill('SIGKILL');
    await research.exited;

    const handle = new Client({ connection }).workflow.getHandle(workflowId);
    // A shared worker on the configured queue does not take it by itself.
    workers.push(startWorkerProcess(env));
    const calls = world.llm.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 20_000)); // past the heartbeat timeout of the pages the crash left
    expect((await handle.describe()).status.name).toBe('RUNNING');
    expect(world.llm.requests.length).toBe(calls);

    // Asked to, a worker finishes it.
    workers.push(startWorkerProcess(env, ['--adopt', workflowId]));
    const result = (await handle.result()) as ResearchResult;
    expect(result.report.markdown).toContain(`research-run: ${workflowId} `);
    expect(result.pages.filter((p) => p.status === 'summarized').length).toBeGreaterThan(0);
  }, 300_000);
});
