/** Where the client saves a run's report: the user's folder, never over another report, whole or not at all. */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ReportNotSaved, saveReport, writeOutFile } from '../../src/cli/report';
import { EXIT, UserError } from '../../src/cli/errors';
import { entriesOf, fullFolder } from '../harness/fullDisk';

describe('saveReport', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'save-report-'));
  });

  it('writes under the topic\'s safe name, and a second run of the topic gets a new file', async () => {
    const first = await saveReport(dir, 'Solid-state batteries?', 'run-1', { markdown: '# one\n<!-- research-run: run-1 r1 -->', words: 2 });
    const second = await saveReport(dir, 'Solid-state batteries?', 'run-2', { markdown: '# two\n<!-- research-run: run-2 r2 -->', words: 2 });
    expect(path.basename(first)).toBe('solid-state-batteries.md');
    expect(path.basename(second)).toBe('solid-state-batteries-2.md');
    expect(await fs.readFile(first, 'utf8')).toContain('# one');
  });

  it('saving the same run\'s report again finds its file: no twin', async () => {
    const markdown = '# report\nbody\n<!-- research-run: run-1 r1 -->';
    const first = await saveReport(dir, 'topic', 'run-1', { markdown, words: 2 });
    expect(await saveReport(dir, 'topic', 'run-1', { markdown, words: 2 })).toBe(first);
    expect(await fs.readdir(dir)).toEqual(['topic.md']);
  });

  it('on a full disk says so in one line, with the way to get the report, and leaves nothing behind', async () => {
    const full = await fullFolder();
    try {
      const error = await saveReport(full.dir, 'topic', 'research-x-1', { markdown: '# report\n'.repeat(1000), words: 2000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ReportNotSaved);
      expect((error as ReportNotSaved).exitCode).toBe(EXIT.reportNotSaved);
      expect((error as Error).message).toContain(`report not saved: ${full.code}`);
      expect((error as Error).message).toContain('npm run client -- report research-x-1 --out FILE gets it');
      expect((error as Error).message).not.toContain('\n');
      expect(await entriesOf(full.dir)).toEqual([]);
    } finally {
      await full.release();
    }
  });

  it('under a path that is a file, names the cause', async () => {
    const file = path.join(dir, 'not-a-folder');
    await fs.writeFile(file, 'x');
    const error = await saveReport(path.join(file, 'reports'), 'topic', 'id-1', { markdown: '# r', words: 1 }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^report not saved: ENOTDIR \(a part of the path is a file, not a folder\) in /);
  });
});

describe('--out FILE', () => {
  it('writes a new file, and refuses an existing one in one line without touching it', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'out-file-'));
    const file = path.join(dir, 'report.md');
    expect(await writeOutFile(file, '# one')).toBe(file);
    const error = await writeOutFile(file, '# two').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(`${file} already exists: choose another --out file or remove it`);
    expect(await fs.readFile(file, 'utf8')).toBe('# one');
    expect(await fs.readdir(dir)).toEqual(['report.md']);
  });

  it('onto a full disk leaves no 0-byte file and no temp file', async () => {
    const full = await fullFolder();
    try {
      const error = await writeOutFile(path.join(full.dir, 'report.md'), '# report\n'.repeat(5000)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ReportNotSaved);
      expect((error as Error).message).toContain(full.code);
      expect(await entriesOf(full.dir)).toEqual([]);
    } finally {
      await full.release();
    }
  });
});
