import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { reportBaseName, writeReportFile } from '../../src/report/file';

describe('report files', () => {
  it('derives a safe, bounded file name from any topic', () => {
    expect(reportBaseName('TensorFlow vs. PyTorch: 2026?')).toBe('tensorflow-vs-pytorch-2026');
    expect(reportBaseName('../../etc/passwd')).toBe('etc-passwd');
    expect(reportBaseName('???')).toBe('research-report');
    expect(reportBaseName('Ünïcödé café')).toBe('unicode-cafe');
    expect(reportBaseName('word '.repeat(100)).length).toBeLessThanOrEqual(80);
  });

  it('never overwrites another report, but a retry of the same run finds its own file', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'report-file-'));
    const first = await writeReportFile(dir, 'Topic', 'first <!-- research-run: run-a -->', 'research-run: run-a ');
    const second = await writeReportFile(dir, 'Topic', 'second <!-- research-run: run-b -->', 'research-run: run-b ');
    const retry = await writeReportFile(dir, 'Topic', 'second again <!-- research-run: run-b -->', 'research-run: run-b ');
    expect(path.basename(first)).toBe('topic.md');
    expect(path.basename(second)).toBe('topic-2.md');
    expect(retry).toBe(second);
    expect(await fs.readFile(first, 'utf8')).toContain('first');
    expect(await fs.readFile(second, 'utf8')).toContain('second again');
    expect((await fs.readdir(dir)).sort()).toEqual(['topic-2.md', 'topic.md']);
  });
});
