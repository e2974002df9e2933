import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MAX_NAME_BYTES, reportBaseName, writeReportFile } from '../../src/report/file';
import { isReportOfRun, runMarker } from '../../src/report/runMarker';

const runA = { workflowId: 'research-topic-a', runId: 'run-a' };
const runB = { workflowId: 'research-topic-b', runId: 'run-b' };
const report = (text: string, run: typeof runA) => `${text}\n\n${runMarker(run)}\n`;
const tempDir = () => fs.mkdtemp(path.join(process.env.TEST_TMP_DIR ?? os.tmpdir(), 'report-file-'));

describe('report file names', () => {
  it('derives a safe, bounded file name from any topic', () => {
    expect(reportBaseName('TensorFlow vs. PyTorch: 2026?')).toBe('tensorflow-vs-pytorch-2026');
    expect(reportBaseName('../../etc/passwd')).toBe('etc-passwd');
    expect(reportBaseName('???')).toBe('research-report');
    expect(reportBaseName('Ünïcödé café')).toBe('unicode-cafe');
    expect(Buffer.byteLength(reportBaseName('word '.repeat(100)))).toBeLessThanOrEqual(MAX_NAME_BYTES);
  });

  it('caps names in UTF-8 bytes, not characters, and never cuts a character in half', () => {
    const cjk = '深度学习框架的比较研究'.repeat(8); // 88 characters, 264 bytes
    const name = reportBaseName(cjk);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(cjk.startsWith(name)).toBe(true);
    expect(name.length).toBe(40);
    const korean = reportBaseName('한국어 연구 보고서 '.repeat(20));
    expect(korean.startsWith('한국어-연구-보고서')).toBe(true); // composed syllables, not decomposed jamo
  });

  it('writes the report of an 80-character CJK topic', async () => {
    const dir = await tempDir();
    const topic = '人工智能对全球劳动力市场的长期影响以及各国政府应对自动化浪潮的政策比较和未来展望研究报告'.padEnd(80, '研');
    expect(topic).toHaveLength(80);
    const file = await writeReportFile(dir, topic, report('body', runA), runA);
    expect(await fs.readFile(file, 'utf8')).toContain('body');
    expect(await fs.readdir(dir)).toEqual([path.basename(file)]);
  });
});

describe('report files', () => {
  it('never overwrites another report; a retry of the same run finds its own file and leaves it as it is', async () => {
    const dir = await tempDir();
    const first = await writeReportFile(dir, 'Topic', report('first', runA), runA);
    const second = await writeReportFile(dir, 'Topic', report('second', runB), runB);
    const retry = await writeReportFile(dir, 'Topic', report('second again', runB), runB);
    expect(path.basename(first)).toBe('topic.md');
    expect(path.basename(second)).toBe('topic-2.md');
    expect(retry).toBe(second);
    expect(await fs.readFile(first, 'utf8')).toContain('first');
    expect(await fs.readFile(second, 'utf8')).toContain('second');
    expect((await fs.readdir(dir)).sort()).toEqual(['topic-2.md', 'topic.md']);
  });

  it('writes a new file for a new run with the same workflow ID (a reset)', async () => {
    const dir = await tempDir();
    const original = { workflowId: 'research-topic-x', runId: 'first-run' };
    const reset = { ...original, runId: 'run-after-reset' };
    const before = await writeReportFile(dir, 'Topic', report('before', original), original);
    const after = await writeReportFile(dir, 'Topic', report('after', reset), reset);
    expect(after).not.toBe(before);
    expect(await fs.readFile(before, 'utf8')).toContain('before');
    expect(await fs.readFile(after, 'utf8')).toContain('after');
  });

  it('recognises a run only by the marker line that ends its report', () => {
    expect(isReportOfRun(report('x', runA), runA)).toBe(true);
    expect(isReportOfRun(report('x', runA), { ...runA, runId: 'other' })).toBe(false);
    // A body quoting the marker somewhere does not make the file that run's.
    expect(isReportOfRun(`${runMarker(runB)}\n${report('x', runA)}`, runB)).toBe(false);
    // An ID cannot end the comment early.
    expect(runMarker({ workflowId: 'a --> <b>', runId: 'r' })).toBe('<!-- research-run: a%20--%3E%20%3Cb%3E r -->');
  });

  it('leaves 50 distinct, whole files after 50 concurrent writes of one topic', async () => {
    const dir = await tempDir();
    const runs = Array.from({ length: 50 }, (_, i) => ({ workflowId: `research-same-${i}`, runId: `run-${i}` }));
    const texts = runs.map((run, i) => report(`report ${i} `.repeat(2000), run));
    const files = await Promise.all(runs.map((run, i) => writeReportFile(dir, 'Same topic', texts[i], run)));
    expect(new Set(files).size).toBe(50);
    const names = (await fs.readdir(dir)).sort();
    expect(names).toHaveLength(50);
    expect(names.every((n) => /^same-topic(-\d+)?\.md$/.test(n))).toBe(true);
    for (const [i, file] of files.entries()) expect(await fs.readFile(file, 'utf8')).toBe(texts[i]);
  });
});
