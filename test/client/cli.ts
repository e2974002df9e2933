/**
 * The command a user types (`tsx src/client.ts ...`), run as a real process from any folder against the
 * suite's Temporal server; and the settings that make `research` leave the work to a separate worker.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Bench } from '../harness/research';
import { temporalAddress } from '../harness/research';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const CLIENT = path.join(ROOT, 'src', 'client.ts');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(args: string[], options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  const cleanEnv = { ...process.env };
  delete cleanEnv.OPENAI_API_KEY;
  try {
    const { stdout, stderr } = await run(TSX, [CLIENT, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...cleanEnv, TEMPORAL_ADDRESS: temporalAddress(), ...options.env },
      timeout: options.timeoutMs ?? 180_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr: withoutNpmNoise(stderr) };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: withoutNpmNoise(e.stderr ?? '') };
  }
}

/** A machine's npm configuration may warn on every start; that is not the command's output. */
function withoutNpmNoise(stderr: string): string {
  return stderr
    .split('\n')
    .filter((l) => !l.startsWith('npm warn'))
    .join('\n');
}

/**
 * `research` pointed at a bench's task queue with no worker of its own: the bench's worker (with its
 * own output folder, standing for another machine's disk) does the work. The key is never used by the
 * client; it only makes the command leave offline mode, whose task queue is the corpus port's.
 */
export function separateWorkerEnv(bench: Bench, extra: Record<string, string> = {}): Record<string, string> {
  return { TEMPORAL_TASK_QUEUE: bench.taskQueue, OPENAI_API_KEY: 'unused-by-the-client', RESEARCH_OFFLINE: 'false', ...extra };
}

export async function tempDir(prefix: string): Promise<string> {
  return fs.mkdtemp(path.join(process.env.TEST_TMP_DIR ?? '/tmp', prefix));
}

/** The single line a failing command printed, or the whole stderr when it printed more. */
export function oneLineError(r: CliResult): string {
  const lines = r.stderr.trim().split('\n');
  return lines.length === 1 ? lines[0] : r.stderr;
}
