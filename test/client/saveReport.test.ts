/** Where the client saves a run's report: the user's folder, never over another report, no twin of the worker's own copy. */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { saveReport } from '../../src/cli/report';

describe('saveReport', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'save-report-'));
  });

  it('writes under the topic\'s safe name, and a second run of the topic gets a new file', async () => {
    const first = await saveReport(dir, 'Solid-state batteries?', 'run-1', { markdown: '# one\n<!-- research-run: run-1 -->', words: 2 });
    const second = await saveReport(dir, 'Solid-state batteries?', 'run-2', { markdown: '# two\n<!-- research-run: run-2 -->', words: 2 });
    expect(path.basename(first)).toBe('solid-state-batteries.md');
    expect(path.basename(second)).toBe('solid-state-batteries-2.md');
    expect(await fs.readFile(first, 'utf8')).toContain('# one');
  });

  it('answers the file the worker on this machine already wrote for this report, whatever its name', async () => {
    const markdown = '# report\nbody';
    await fs.writeFile(path.join(dir, 'worker-chosen-name.md'), markdown);
    expect(await saveReport(dir, 'topic', 'run-1', { markdown, words: 2, fileName: 'worker-chosen-name.md' })).toBe(path.join(dir, 'worker-chosen-name.md'));
    expect(await fs.readdir(dir)).toEqual(['worker-chosen-name.md']);
  });

  it('never takes another report\'s file, nor a file name that is a path', async () => {
    await fs.writeFile(path.join(dir, 'worker-chosen-name.md'), 'another report');
    const saved = await saveReport(dir, 'topic', 'run-1', { markdown: '# mine', words: 1, fileName: 'worker-chosen-name.md' });
    expect(path.basename(saved)).toBe('topic.md');
    expect(await fs.readFile(path.join(dir, 'worker-chosen-name.md'), 'utf8')).toBe('another report');
    const escaped = await saveReport(dir, 'other', 'run-2', { markdown: '# x', words: 1, fileName: '../outside.md' });
    expect(path.dirname(escaped)).toBe(dir);
  });
});
