/**
 * Finding and starting the Temporal CLI dev server: used by `npm run research` when nothing answers at
 * the default address, by `npm run server`, and by the test harness.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { projectRoot } from '../build/projectRoot';
import { isServerUp } from './reach';
import { searchAttributeFlags } from './searchAttributes';

export const PROJECT_ROOT = projectRoot(__dirname);
export const PROJECT_TEMPORAL_CLI = path.join(PROJECT_ROOT, '.tools', 'bin', 'temporal');
export const DEV_DATA_DIR = path.join(PROJECT_ROOT, '.temporal');

/** `temporal` on PATH, else the copy `npm run setup` builds into .tools/bin. */
export function findTemporalCli(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, 'temporal');
    if (existsSync(candidate)) return candidate;
  }
  return existsSync(PROJECT_TEMPORAL_CLI) ? PROJECT_TEMPORAL_CLI : undefined;
}

export const MISSING_CLI_HELP =
  'the Temporal CLI was not found: run `npm run setup` (builds it with Go into .tools/bin), or install the Temporal CLI ' +
  '(https://docs.temporal.io/cli) and put `temporal` on PATH, or install Go so setup can build it';

export interface DevServerOptions {
  port: number;
  /** Omit for a headless server (no UI). */
  uiPort?: number;
  /** SQLite file for persistence; omit for an in-memory server. */
  dbFile?: string;
  /** Where the server's output goes; default: discarded. */
  logFile?: string;
  /** Keep running after this process exits (the `research` command's server outlives the run). */
  detached?: boolean;
  namespaces?: string[];
  startTimeoutMs?: number;
}

export interface DevServer {
  address: string;
  uiUrl?: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const cli = findTemporalCli();
  if (!cli) throw new Error(MISSING_CLI_HELP);
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(options.port), '--log-level', 'warn'];
  args.push(...(options.uiPort ? ['--ui-port', String(options.uiPort)] : ['--headless']));
  if (options.dbFile) {
    mkdirSync(path.dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
  }
  for (const ns of options.namespaces ?? []) if (ns !== 'default') args.push('--namespace', ns);
  for (const flag of searchAttributeFlags()) args.push('--search-attribute', flag);

  let logFd: number | undefined;
  if (options.logFile) {
    mkdirSync(path.dirname(options.logFile), { recursive: true });
    logFd = openSync(options.logFile, 'a');
  }
  const child: ChildProcess = spawn(cli, args, {
    detached: options.detached ?? false,
    stdio: ['ignore', logFd ?? 'ignore', logFd ?? 'ignore'],
  });
  if (logFd !== undefined) closeSync(logFd);
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `exited with ${signal ?? `code ${code}`}`;
  });
  if (options.detached) child.unref();

  const address = `127.0.0.1:${options.port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  while (!(await isServerUp(address))) {
    if (exited) throw new Error(`the Temporal dev server ${exited}${options.logFile ? `; see ${options.logFile}` : ''}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the Temporal dev server did not answer on ${address} within ${options.startTimeoutMs ?? 60_000} ms`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    address,
    uiUrl: options.uiPort ? `http://localhost:${options.uiPort}` : undefined,
    pid: child.pid!,
    stop: () => stopProcess(child),
  };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await done;
  clearTimeout(timer);
}

/** True when something accepts TCP connections at `address`: a cheap probe for a server that went away. */
export function isPortOpen(address: string, timeoutMs = 1_000): Promise<boolean> {
  const [host, port] = splitAddress(address);
  return tcpOpen(host, port, timeoutMs);
}

/** `host:port` (the last colon splits, so IPv6 hosts keep theirs). */
export function splitAddress(address: string): [string, number] {
  const i = address.lastIndexOf(':');
  return [address.slice(0, i), Number(address.slice(i + 1))];
}

function tcpOpen(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

/** A port nobody is listening on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
