/** A worker as its own process (for crash tests: SIGKILL hits the process that holds the work), and waiting on a condition. */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

export function startWorkerProcess(env: Record<string, string>, args: string[] = []): ChildProcess {
  // node itself (not the tsx wrapper, which forks), so SIGKILL hits the process that holds the work.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', () => undefined);
  return child;
}

/** SIGKILLs the workers still running and waits until they are gone. */
export async function stopWorkerProcesses(workers: readonly ChildProcess[]): Promise<void> {
  for (const w of workers) {
    if (w.exitCode === null && w.signalCode === null) {
      w.kill('SIGKILL');
      await new Promise((resolve) => w.once('exit', resolve));
    }
  }
}

/** Polls `check` until it holds; a check that throws (a query while the worker is still starting) is "not yet". */
export async function until(check: () => Promise<boolean>, timeoutMs: number, intervalMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
