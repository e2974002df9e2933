/**
 * A command the user types, running as its own process (so a test can signal it mid-run), with its output
 * collected as it comes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(__dirname, '..', '..');
/** tsx's loader by its path: `--import tsx` would resolve the package from the command's working folder. */
const TSX_LOADER = pathToFileURL(path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

export interface RunningCommand {
  child: ChildProcess;
  text(): string;
  /** Resolves once the output matches; rejects with the output so far after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void>;
  exited: Promise<number | null>;
}

/** `tsx src/client.ts <args>` in `cwd`, with exactly `env` (plus PATH and HOME from this process). */
export function startCommand(args: string[], env: NodeJS.ProcessEnv, cwd = ROOT): RunningCommand {
  // node itself (not the tsx wrapper, which forks), so a signal reaches the process that does the work.
  const child = spawn(process.execPath, ['--import', TSX_LOADER, path.join(ROOT, 'src', 'client.ts'), ...args], { cwd, env });
  return { child, ...collect(child), exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
}

export function collect(child: ChildProcess): Pick<RunningCommand, 'text' | 'waitFor'> {
  let text = '';
  const waiters: { pattern: RegExp; resolve: () => void; reject: () => void }[] = [];
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    for (const w of waiters.filter((w) => w.pattern.test(text))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  let exited = false;
  child.once('exit', () => {
    exited = true;
    for (const w of waiters.splice(0)) w.reject();
  });
  return {
    text: () => text,
    waitFor(pattern: RegExp, timeoutMs: number): Promise<void> {
      if (pattern.test(text)) return Promise.resolve();
      if (exited) return Promise.reject(new Error(`the command ended without ${pattern}; output:\n${text}`));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${text}`)), timeoutMs);
        waiters.push({
          pattern,
          resolve: () => (clearTimeout(timer), resolve()),
          reject: () => (clearTimeout(timer), reject(new Error(`the command ended without ${pattern}; output:\n${text}`))),
        });
      });
    },
  };
}
