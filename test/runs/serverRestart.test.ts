/**
 * Durability across a Temporal server restart: a dev server keeping its state in an SQLite file is
 * killed mid-run and started again on the same file. The run completes, and the `research` command
 * that started it says it lost the server (and how to reattach), waits, and reconnects to print the report.
 *
 * The kill is timed by the stand-in world (the first page summary asked of the model), not by a progress
 * line: the progress display polls, and on a fast machine a whole stage can pass between two polls.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { type OfflineWorld, startOfflineWorld } from '../../offline/world';
import { type DevServer, freePort, startDevServer } from '../../src/temporal/devServer';
import { collect } from '../harness/command';
import { until } from '../harness/workerProcess';

const ROOT = path.resolve(__dirname, '..', '..');

describe('Temporal server restarted mid-run', () => {
  let server: DevServer | undefined;
  let command: ChildProcess | undefined;
  let world: OfflineWorld | undefined;
  afterEach(async () => {
    command?.kill('SIGKILL');
    await server?.stop();
    await world?.close();
  });

  it('the run completes and research reconnects, saying how to reattach while the server is away', async () => {
    const tmp = await fs.mkdtemp(path.join(process.env.TEST_TMP_DIR ?? '/tmp', 'restart-'));
    const port = await freePort();
    const dbFile = path.join(tmp, 'temporal.db');
    const start = () => startDevServer({ port, dbFile, logFile: path.join(tmp, 'server.log'), startTimeoutMs: 90_000 });
    server = await start();

    // A model slow enough (0.5 s a call) that the run still has pages and the report to go when the server dies.
    world = await startOfflineWorld({ llmLatencyMs: 500, slowPageDelayMs: 8_000 });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...world.env,
      TEMPORAL_ADDRESS: server.address,
      RESEARCH_OUTPUT_DIR: path.join(tmp, 'reports'),
      RESEARCH_CACHE_DIR: 'off',
      FETCH_TIMEOUT_MS: '4000',
    };
    command = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'src', 'client.ts'), 'research', 'solid-state batteries'], { cwd: tmp, env });
    const output = collect(command);
    const exited = new Promise<number | null>((resolve) => command!.once('exit', (code) => resolve(code)));

    await output.waitFor(/Research run started: \S+/, 120_000);
    const workflowId = /Research run started: (\S+)/.exec(output.text())![1];
    const asked = (stage: string) => world!.llm.requests.filter((r) => r.stage.startsWith(stage)).length;
    await until(async () => asked('page_summary') > 0, 120_000, 20);
    const reportCallsAtKill = asked('report');
    process.kill(server.pid, 'SIGKILL'); // a crash, not a clean shutdown
    await output.waitFor(/reattaches later/, 30_000);
    expect(output.text()).toContain(`npm run client -- watch ${workflowId} reattaches later`);
    // Longer than the client library's own retries of a call (about half a minute), which alone would give up.
    await new Promise((r) => setTimeout(r, 40_000));
    server = await start();

    expect(await exited).toBe(0);
    const text = output.text();
    expect(text).toContain('answers again: following the run');
    const reportPath = /Report: (.+\.md)/.exec(text)?.[1];
    expect(reportPath).toBeDefined();
    expect(await fs.readFile(reportPath!, 'utf8')).toContain(`research-run: ${workflowId} `);
    // The kill landed mid-run: the report was written only after the server came back.
    expect(reportCallsAtKill).toBe(0);
    expect(asked('report')).toBeGreaterThan(0);

    const connection = await Connection.connect({ address: server.address });
    try {
      const description = await new Client({ connection }).workflow.getHandle(workflowId).describe();
      expect(description.status.name).toBe('COMPLETED');
    } finally {
      await connection.close();
    }
  }, 300_000);
});
