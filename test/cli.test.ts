/**
 * The command a user types, run as a real process against the suite's Temporal server.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { findTemporalCli } from '../src/temporal/devServer';
import { OFFLINE_NOTICE } from '../src/report/compose';
import { temporalAddress } from './harness/research';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

async function research(args: string[], env: Record<string, string>) {
  return client(['research', ...args], env);
}

function withoutKey(): NodeJS.ProcessEnv {
  const cleanEnv = { ...process.env };
  delete cleanEnv.OPENAI_API_KEY;
  return cleanEnv;
}

async function client(args: string[], env: Record<string, string>) {
  const cleanEnv = withoutKey();
  try {
    const { stdout, stderr } = await run(TSX, ['src/client.ts', ...args], {
      cwd: ROOT,
      env: { ...cleanEnv, ...env },
      timeout: 180_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

async function emptyDir(): Promise<string> {
  return fs.mkdtemp(path.join(process.env.TEST_TMP_DIR ?? '/tmp', 'cli-reports-'));
}

describe('npm run research', () => {
  it('runs offline by default, says so, writes the report and leaves a Completed run on the server', async () => {
    const outputDir = await emptyDir();
    const taskQueue = `cli-${Date.now().toString(36)}`;
    const r = await research(['tensorflow vs pytorch'], {
      TEMPORAL_ADDRESS: temporalAddress(),
      TEMPORAL_TASK_QUEUE: taskQueue,
      RESEARCH_OUTPUT_DIR: outputDir,
      RESEARCH_CACHE_DIR: path.join(outputDir, '.cache'),
      FETCH_TIMEOUT_MS: '4000',
    });
    expect(r.stderr).not.toMatch(/error:/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/running OFFLINE/);
    const workflowId = /Research run started: (\S+)/.exec(r.stdout)?.[1];
    expect(workflowId).toBeDefined();
    expect(r.stdout).toContain(`/workflows/${workflowId}`);
    const reportPath = /Report: (.+\.md)/.exec(r.stdout)?.[1];
    expect(reportPath).toBeDefined();
    expect(path.dirname(reportPath!)).toBe(path.resolve(outputDir));
    expect((await fs.readdir(outputDir)).filter((f) => f.endsWith('.md'))).toEqual([path.basename(reportPath!)]);
    const report = await fs.readFile(reportPath!, 'utf8');
    expect(report.split('\n')[0]).toBe(OFFLINE_NOTICE);

    const { stdout } = await run(findTemporalCli()!, ['workflow', 'list', '--address', temporalAddress(), '--query', `WorkflowId = '${workflowId}'`]);
    expect(stdout).toMatch(/Completed/);

    // The run can be looked at again afterwards, and replayed against the current code.
    const env = { TEMPORAL_ADDRESS: temporalAddress() };
    const status = await client(['status', workflowId!], env);
    expect(status.stdout).toContain(`${workflowId}: COMPLETED`);
    expect(status.stdout).toContain(`Report: npm run client -- report ${workflowId}`);
    const replay = await client(['replay', workflowId!], env);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(/deterministic: \d+ events replay cleanly with the current workflow code/);
  }, 240_000);

  it('runs two offline research commands at once without either taking the other one\'s pages', async () => {
    const outputDir = await emptyDir();
    const env = { TEMPORAL_ADDRESS: temporalAddress(), RESEARCH_OUTPUT_DIR: outputDir, RESEARCH_CACHE_DIR: 'off', FETCH_TIMEOUT_MS: '4000' };
    const runs = await Promise.all([research(['tensorflow vs pytorch'], env), research(['solid-state batteries'], env)]);
    for (const r of runs) {
      expect(r.stderr).not.toMatch(/error:/);
      expect(r.code).toBe(0);
      const report = await fs.readFile(/Report: (.+\.md)/.exec(r.stdout)![1], 'utf8');
      expect(report).not.toMatch(/refused/);
      expect(report).toMatch(/### Pages used \([1-9]/);
    }
  }, 240_000);

  it.each([
    ['an empty topic', ['   '], /topic is empty/],
    ['a topic over 500 characters', ['x'.repeat(501)], /longer than 500 characters/],
  ])('refuses %s with a one-line error and writes nothing', async (_what, args, message) => {
    const outputDir = await emptyDir();
    const r = await research(args, { TEMPORAL_ADDRESS: temporalAddress(), RESEARCH_OUTPUT_DIR: outputDir });
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(await fs.readdir(outputDir)).toEqual([]);
  });

  it('names an unreachable TEMPORAL_ADDRESS and what to do, and writes nothing', async () => {
    const outputDir = await emptyDir();
    const r = await research(['tensorflow vs pytorch'], { TEMPORAL_ADDRESS: '127.0.0.1:1', RESEARCH_OUTPUT_DIR: outputDir });
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/cannot connect to Temporal at 127\.0\.0\.1:1 \(TEMPORAL_ADDRESS\): nothing accepts connections .*npm run server/);
    expect(await fs.readdir(outputDir)).toEqual([]);
  });

  it('names a bad flag and what is allowed, before starting anything', async () => {
    const outputDir = await emptyDir();
    const r = await research(['tensorflow vs pytorch', '--words', '5'], { TEMPORAL_ADDRESS: '127.0.0.1:1', RESEARCH_OUTPUT_DIR: outputDir });
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toBe('error: --words must be a whole number of words from 100 to 20000');
    expect(await fs.readdir(outputDir)).toEqual([]);
  });

  it.each([
    ['an unknown flag', ['--colour', 'red'], /^error: research: Unknown option '--colour'; research takes --budget, --language, --words, --no-worker, --detach, --review/],
    ['a flag without its value', ['--budget'], /^error: research: Option '--budget <value>' argument missing; research takes --budget/],
    ['a budget that is not a number', ['--budget', 'lots'], /^error: --budget must be a positive number of US dollars/],
    ['a negative budget (its own check, not "argument is ambiguous")', ['--budget', '-3'], /^error: --budget must be a positive number of US dollars/],
    ['a negative word count', ['--words', '-500'], /^error: --words must be a whole number of words from 100 to 20000/],
    ['a language that is not a BCP 47 tag', ['--language', 'en_US'], /^error: --language must be a BCP 47 language tag such as en-us/],
    ['a language that is no tag at all', ['--language', 'français!'], /^error: --language must be a BCP 47 language tag/],
    ['no rounds', ['--depth', '0'], /^error: --depth must be a whole number of rounds from 1 to 5$/],
    ['a depth that is not a number', ['--depth', 'deep'], /^error: --depth must be a whole number of rounds from 1 to 5$/],
    ['too broad a round', ['--breadth', '9'], /^error: --breadth must be a whole number of follow-up questions from 1 to 8$/],
  ])('refuses %s in one line, never a stack trace, before starting anything', async (_what, flags, message) => {
    const outputDir = await emptyDir();
    const r = await research(['tensorflow vs pytorch', ...flags], { TEMPORAL_ADDRESS: '127.0.0.1:1', RESEARCH_OUTPUT_DIR: outputDir });
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(message);
    expect(await fs.readdir(outputDir)).toEqual([]);
  });

  it('validates RESEARCH_LANGUAGE the same way as --language', async () => {
    const r = await research(['tensorflow vs pytorch'], { TEMPORAL_ADDRESS: '127.0.0.1:1', RESEARCH_LANGUAGE: 'en_US' });
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toBe('error: invalid configuration: RESEARCH_LANGUAGE must be a BCP 47 language tag such as en-us, de-de, fr or zh-hant-tw (got "en_US")');
  });

  it('writes the report where the user runs it: a relative RESEARCH_OUTPUT_DIR is resolved in the current folder', async () => {
    const user = await emptyDir();
    const r = await run(TSX, [path.join(ROOT, 'src', 'client.ts'), 'research', 'solid-state batteries'], {
      cwd: user,
      env: { ...withoutKey(), TEMPORAL_ADDRESS: temporalAddress(), RESEARCH_OUTPUT_DIR: 'here', RESEARCH_CACHE_DIR: 'off', FETCH_TIMEOUT_MS: '4000' },
      timeout: 180_000,
    });
    const saved = path.join(await fs.realpath(user), 'here', 'solid-state-batteries.md');
    expect(r.stdout).toContain(`Report: ${saved}`);
    expect(await fs.readFile(saved, 'utf8')).toMatch(/^# /m);
  }, 240_000);

  it('names a bad setting and what is allowed', async () => {
    const r = await research(['tensorflow vs pytorch'], { TEMPORAL_ADDRESS: temporalAddress(), RESEARCH_MAX_PARALLEL_PAGES: '0' });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/RESEARCH_MAX_PARALLEL_PAGES must be at least 1/);
  });
});
