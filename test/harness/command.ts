/**
 * A command the user types, running as its own process (so a test can signal it mid-run), with its output
 * collected as it comes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

export interface RunningCommand {
  child: ChildProcess;
  text(): string;
  /** Resolves once the output matches; rejects with the output so far after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void>;
  exited: Promise<number | null>;
}

/** `tsx src/client.ts <args>` in `cwd`, with exactly `env` (plus PATH and HOME from this process). */
export function startCommand(args: string[], env: NodeJS.ProcessEnv, cwd = ROOT): RunningCommand {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'client.ts'), ...args], { cwd, env });
  return { child, ...collect(child), exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
}

export function collect(child: ChildProcess): Pick<RunningCommand, 'text' | 'waitFor'> {
  let text = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    for (const w of waiters.filter((w) => w.pattern.test(text))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  return {
    text: () => text,
    waitFor(pattern: RegExp, timeoutMs: number): Promise<void> {
      if (pattern.test(text)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${text}`)), timeoutMs);
        waiters.push({ pattern, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
  };
}
