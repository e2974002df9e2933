/**
 * Ctrl-C while page summaries are in flight: the command stops taking work, lets the calls in flight finish
 * and be recorded, says the run waits on the server and how to go on, and `watch` finishes it; no page is
 * paid twice. The real commands, against the real server, with the stand-in model in this process so its
 * calls can be counted.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { type OfflineWorld, startOfflineWorld } from '../../offline/world';
import { EXIT } from '../../src/cli/errors';
import { tempDir } from '../client/cli';
import { type RunningCommand, startCommand } from '../harness/command';
import { temporalAddress } from '../harness/research';
import { until } from '../harness/workerProcess';

describe('Ctrl-C in research', () => {
  let world: OfflineWorld;
  const commands: RunningCommand[] = [];
  beforeAll(async () => {
    // Summaries take 1.5 s, so several are in flight when the signal comes.
    world = await startOfflineWorld({ llmLatencyMs: 1_500 });
  });
  afterAll(async () => {
    for (const c of commands) c.child.kill('SIGKILL');
    await world.close();
  });

  it('drains the summaries in flight, says how to go on, and watch finishes the run without paying a page twice', async () => {
    const cwd = await tempDir('interrupt-');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...world.env,
      TEMPORAL_ADDRESS: temporalAddress(),
      TEMPORAL_TASK_QUEUE: `interrupt-${Date.now().toString(36)}`,
      RESEARCH_OUTPUT_DIR: 'reports',
      RESEARCH_CACHE_DIR: 'off',
      FETCH_TIMEOUT_MS: '4000',
    };
    const research = startCommand(['research', 'solid-state batteries', '--words', '300'], env, cwd);
    commands.push(research);
    await research.waitFor(/Research run started: \S+/, 120_000);
    const workflowId = /Research run started: (\S+)/.exec(research.text())![1];
    const summaries = () => world.llm.requests.filter((r) => r.stage === 'page_summary' || r.stage === 'merge_summaries');
    await until(async () => summaries().length >= 2, 120_000, 20);
    research.child.kill('SIGINT');

    expect(await research.exited).toBe(EXIT.interrupted);
    const said = research.text();
    expect(said).toMatch(/Stopping: \d+ steps? in flight finish and are recorded first/);
    expect(said).toContain(`npm run client -- watch ${workflowId}   continues it here`);
    expect(said).not.toMatch(/error:|at .*\.ts:\d+/);
    // Every call that had started was answered, and its answer reached the run: none was cut off.
    expect(summaries().every((r) => r.status === 200)).toBe(true);
    const paidBefore = summaries().length;

    const watch = startCommand(['watch', workflowId], env, cwd);
    commands.push(watch);
    expect(await watch.exited).toBe(EXIT.ok);
    expect(watch.text()).toContain(`No process works ${workflowId} any more`);
    const report = /Report: (.+\.md)/.exec(watch.text())?.[1];
    expect(report).toBeDefined();
    expect(await fs.readFile(path.resolve(cwd, report!), 'utf8')).toContain(`research-run: ${workflowId} `);

    // No page summary was asked twice: each (page, part) was paid once, before or after the interruption.
    const asked = summaries().map((r) => `${r.stage} ${r.subject} ${r.promptTokens}`);
    expect(asked.length).toBeGreaterThan(paidBefore);
    expect(new Set(asked).size).toBe(asked.length);

    const connection = await Connection.connect({ address: temporalAddress() });
    try {
      expect((await new Client({ connection }).workflow.getHandle(workflowId).describe()).status.name).toBe('COMPLETED');
    } finally {
      await connection.close();
    }
  }, 300_000);
});
