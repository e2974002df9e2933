/**
 * The production-shaped stack on this machine: PostgreSQL from Debian's package and the Temporal server
 * built from its Go module (scripts/cluster/prepare.sh), schema set up by the module's SQL tool,
 * configured from the module's development-postgres12.yaml with this run's free ports, in a temp folder.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, promises as fs, readdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { freePort } from '../../src/temporal/devServer';
import { searchAttributeFlags } from '../../src/temporal/searchAttributes';
import { type Proc, run, start, until } from './processes';

export const ROOT = path.resolve(__dirname, '..', '..');
export const SERVER_VERSION = 'v1.29.1';
const SERVER_DIR = path.join(ROOT, '.tools', `temporal-server-${SERVER_VERSION}`);
const DB_USER = 'temporal';
const DB_PASSWORD = 'temporal';

function postgresBin(name: string): string {
  const versions = readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error('PostgreSQL is not installed: run scripts/cluster/prepare.sh');
  return path.join('/usr/lib/postgresql', versions[0], 'bin', name);
}

/** PostgreSQL refuses to run as root: run it as the package's `postgres` user then. */
function postgresIdentity(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  return { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) };
}

export interface Postgres {
  port: number;
  proc: Proc;
  stop(): Promise<void>;
}

export async function startPostgres(tmp: string): Promise<Postgres> {
  const who = postgresIdentity();
  const dataDir = path.join(tmp, 'pgdata');
  const socketDir = path.join(tmp, 'pgsock');
  const pwFile = path.join(tmp, 'pgpass');
  await fs.mkdir(dataDir, { mode: 0o700 });
  await fs.mkdir(socketDir);
  await fs.writeFile(pwFile, DB_PASSWORD);
  if (who.uid !== undefined) for (const p of [dataDir, socketDir, pwFile]) await fs.chown(p, who.uid, who.gid!);
  await run(postgresBin('initdb'), ['-D', dataDir, '-U', DB_USER, `--pwfile=${pwFile}`, '--auth=scram-sha-256', '-E', 'UTF8'], { ...who, cwd: tmp });
  const port = await freePort();
  const proc = start('postgres', postgresBin('postgres'), ['-D', dataDir, '-p', String(port), '-k', socketDir, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'], {
    ...who,
    cwd: tmp,
    logFile: path.join(tmp, 'postgres.log'),
  });
  await until('PostgreSQL accepting connections', async () => (await run(postgresBin('pg_isready'), ['-h', '127.0.0.1', '-p', String(port)]), true), 30_000);
  // SIGINT: PostgreSQL's fast shutdown.
  return { port, proc, stop: () => proc.stop('SIGINT') };
}

const sqlTool = path.join(SERVER_DIR, 'bin', 'temporal-sql-tool');

/** Creates both databases and applies every schema version, as the SQL tool's docs describe. */
export async function setupSchema(pgPort: number): Promise<void> {
  const schemaDir = path.join(SERVER_DIR, 'schema', 'postgresql', 'v12');
  for (const [db, schema] of [
    ['temporal', 'temporal'],
    ['temporal_visibility', 'visibility'],
  ]) {
    const base = ['--plugin', 'postgres12', '--ep', '127.0.0.1', '-p', String(pgPort), '-u', DB_USER, '--pw', DB_PASSWORD, '--db', db];
    await run(sqlTool, [...base, 'create-database']);
    await run(sqlTool, [...base, 'setup-schema', '-v', '0.0']);
    await run(sqlTool, [...base, 'update-schema', '-d', path.join(schemaDir, schema, 'versioned')]);
  }
}

/** The module's development-postgres12.yaml with this run's ports, database and dynamic config. */
export async function writeServerConfig(tmp: string, pgPort: number): Promise<{ configDir: string; frontendPort: number }> {
  let yaml = await fs.readFile(path.join(SERVER_DIR, 'config', 'development-postgres12.yaml'), 'utf8');
  const ports = new Map<number, number>();
  for (const fixed of [7233, 7243, 7234, 7235, 7239, 7936, 8000]) ports.set(fixed, await freePort());
  // Membership ports are stored as smallint: they must stay below 32768, under the ephemeral range.
  for (const fixed of [6933, 6934, 6935, 6939]) ports.set(fixed, await freeLowPort([...ports.values()]));
  const replace = (pattern: RegExp, value: (match: string, ...groups: string[]) => string) => {
    if (!pattern.test(yaml)) throw new Error(`the module's config changed: ${pattern} not found`);
    yaml = yaml.replace(pattern, value);
  };
  replace(/(grpcPort|membershipPort|httpPort|port): (\d+)/g, (_m, key: string, port: string) => `${key}: ${ports.get(Number(port)) ?? port}`);
  replace(/listenAddress: "127\.0\.0\.1:8000"/, () => `listenAddress: "127.0.0.1:${ports.get(8000)}"`);
  replace(/rpcAddress: "localhost:7233"/, () => `rpcAddress: "127.0.0.1:${ports.get(7233)}"`);
  replace(/connectAddr: "127\.0\.0\.1:5432"/g, () => `connectAddr: "127.0.0.1:${pgPort}"`);
  replace(/filepath: "config\/dynamicconfig\/development-sql\.yaml"/, () => `filepath: "${path.join(tmp, 'config', 'dynamicconfig', 'development-sql.yaml')}"`);
  const configDir = path.join(tmp, 'config');
  await fs.mkdir(path.join(configDir, 'dynamicconfig'), { recursive: true });
  await fs.writeFile(path.join(configDir, 'development-postgres12.yaml'), yaml);
  await fs.copyFile(path.join(SERVER_DIR, 'config', 'dynamicconfig', 'development-sql.yaml'), path.join(configDir, 'dynamicconfig', 'development-sql.yaml'));
  return { configDir, frontendPort: ports.get(7233)! };
}

/** A free port in 20000–32767, away from the ephemeral range (where other processes' ports come from). */
async function freeLowPort(taken: number[]): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_768);
    if (taken.includes(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port below 32768');
}

export interface TemporalServer {
  address: string;
  /** Starts the server process (again); resolves when the frontend answers. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function temporalServer(tmp: string, configDir: string, frontendPort: number): TemporalServer {
  const address = `127.0.0.1:${frontendPort}`;
  let proc: Proc | undefined;
  return {
    address,
    async start() {
      proc = start('temporal-server', path.join(SERVER_DIR, 'bin', 'temporal-server'), ['--root', tmp, '--config', path.relative(tmp, configDir), '--env', 'development-postgres12', '--allow-no-auth', 'start'], {
        cwd: tmp,
        logFile: path.join(tmp, 'temporal-server.log'),
      });
      const exited = proc.exited.then((code) => {
        throw new Error(`the Temporal server exited (code ${code}) while starting; see ${path.join(tmp, 'temporal-server.log')}`);
      });
      exited.catch(() => undefined);
      await Promise.race([until('Temporal server SERVING', async () => (await temporalCli(['operator', 'cluster', 'health', '--address', address])).includes('SERVING'), 120_000, 500), exited]);
    },
    async stop() {
      await proc?.stop('SIGTERM', 30_000);
    },
  };
}

export function temporalCli(args: string[]): Promise<string> {
  const local = path.join(ROOT, '.tools', 'bin', 'temporal');
  return run(existsSync(local) ? local : 'temporal', args);
}

/** The namespace and the workflow's search attributes, as an operator would register them. */
export async function registerNamespace(address: string, namespace: string): Promise<void> {
  await temporalCli(['operator', 'namespace', 'create', '--namespace', namespace, '--retention', '24h', '--address', address]);
  await until('namespace registered', async () => (await temporalCli(['operator', 'namespace', 'describe', '--namespace', namespace, '--address', address]), true), 30_000, 500);
  for (const flag of searchAttributeFlags()) {
    const [name, type] = flag.split('=');
    await temporalCli(['operator', 'search-attribute', 'create', '--namespace', namespace, '--address', address, '--name', name, '--type', type]);
  }
}
