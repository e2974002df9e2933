/**
 * A full disk where the user saves reports: the research still succeeds and its report stays on the server;
 * the command says in one line that it could not save it and how to get it, exits with its own code, and
 * leaves no temp or partial file. The real `research` command, on the real Temporal server.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { EXIT } from '../../src/cli/errors';
import { cli, separateWorkerEnv, tempDir } from '../client/cli';
import { entriesOf, type FullFolder, fullFolder } from '../harness/fullDisk';
import { type Bench, startBench, temporalAddress } from '../harness/research';

const NOT_SAVED = /Report not saved: (ENOSPC|EACCES) \([^)]+\) in [^;\n]+; it is kept on the server: npm run client -- report (\S+) --out FILE gets it/;

describe('research with its report folder on a full disk', () => {
  let full: FullFolder;
  let bench: Bench | undefined;
  let connection: Connection;
  beforeAll(async () => {
    full = await fullFolder();
    connection = await Connection.connect({ address: temporalAddress() });
  });
  afterAll(async () => {
    await bench?.close();
    await full.release();
    await connection.close();
  });

  async function expectKeptOnServer(r: { code: number; stdout: string; stderr: string }): Promise<void> {
    expect(r.stderr).not.toMatch(/error:|at .*\.ts:\d+/);
    expect(r.code).toBe(EXIT.reportNotSaved);
    const match = NOT_SAVED.exec(r.stdout);
    expect(match).not.toBeNull();
    expect(match![1]).toBe(full.code);
    const workflowId = match![2];
    expect(r.stdout).toMatch(/\d+ words from \d+ of \d+ pages/);
    expect((await new Client({ connection }).workflow.getHandle(workflowId).describe()).status.name).toBe('COMPLETED');
    expect(await entriesOf(full.dir)).toEqual([]);

    // The report is there for the asking, from the server.
    const elsewhere = path.join(await tempDir('saved-elsewhere-'), 'report.md');
    const saved = await cli(['report', workflowId, '--out', elsewhere]);
    expect(saved.code).toBe(0);
    expect(await fs.readFile(elsewhere, 'utf8')).toContain(`research-run: ${workflowId} `);
  }

  it('with its own worker: the run completes, the command exits 3 with one line', async () => {
    const r = await cli(['research', 'tensorflow vs pytorch', '--words', '300'], {
      env: { TEMPORAL_TASK_QUEUE: `full-${Date.now().toString(36)}`, RESEARCH_OUTPUT_DIR: full.dir, RESEARCH_CACHE_DIR: 'off', FETCH_TIMEOUT_MS: '4000' },
    });
    await expectKeptOnServer(r);
  }, 240_000);

  it('with a separate worker: the same, and the worker is not affected', async () => {
    bench = await startBench();
    const r = await cli(['research', '--no-worker', 'solid-state batteries', '--words', '300'], { env: separateWorkerEnv(bench, { RESEARCH_OUTPUT_DIR: full.dir }) });
    await expectKeptOnServer(r);
  }, 240_000);
});
