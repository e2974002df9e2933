/**
 * Research on a Temporal server that only speaks TLS and requires a client certificate, as a team's own
 * cluster or Temporal Cloud does: the suite's real dev server behind a TLS proxy (certificates made by the
 * test with Debian's openssl; test/harness/tls.ts). The real `research` command runs to its report, its
 * client and its in-process worker both through the proxy, configured once by the TEMPORAL_TLS_* settings and
 * once by a temporal.toml profile; `npm run worker` connects the same way. Every way of getting it wrong is
 * one line naming the address and the cause.
 */
import { execFile, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import http2 from 'node:http2';
import type net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { cli, type CliResult, tempDir } from '../client/cli';
import { freePort } from '../../src/temporal/devServer';
import { collect } from '../harness/command';
import { temporalAddress } from '../harness/research';
import { type Certificates, makeCertificates, startTlsProxy, type TlsProxy } from '../harness/tls';

const ROOT = path.resolve(__dirname, '..', '..');
const TOPIC = 'tensorflow vs pytorch';

describe('research on a Temporal that requires TLS with a client certificate', () => {
  let certs: Certificates;
  let proxy: TlsProxy;
  let dir: string;
  let direct: Connection;

  beforeAll(async () => {
    dir = await tempDir('tls-');
    certs = await makeCertificates(path.join(dir, 'certs'));
    proxy = await startTlsProxy(certs, temporalAddress());
    direct = await Connection.connect({ address: temporalAddress() });
  });
  afterAll(async () => {
    await proxy?.close();
    await direct?.close();
  });

  /** The settings of a user of the TLS server, by environment variables. */
  const tlsEnv = (overrides: Record<string, string> = {}) => ({
    TEMPORAL_ADDRESS: proxy.address,
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: certs.ca,
    TEMPORAL_TLS_CLIENT_CERT_PATH: certs.clientCert,
    TEMPORAL_TLS_CLIENT_KEY_PATH: certs.clientKey,
    ...overrides,
  });
  const runEnv = (folder: string) => ({ RESEARCH_OUTPUT_DIR: folder, RESEARCH_CACHE_DIR: 'off', FETCH_TIMEOUT_MS: '4000', TEMPORAL_TASK_QUEUE: `tls-${Date.now().toString(36)}` });

  async function expectResearchThroughProxy(r: CliResult, folder: string, authorizedBefore: number): Promise<string> {
    expect(r.stderr.trim()).toBe('');
    expect(r.code).toBe(0);
    const workflowId = /Research run started: (\S+)/.exec(r.stdout)?.[1];
    expect(workflowId).toBeDefined();
    expect(r.stdout).toMatch(/\d+ words from \d+ of \d+ pages/);
    expect((await fs.readdir(folder)).filter((f) => f.endsWith('.md'))).toHaveLength(1);
    // The command's client and its own worker each connected through the proxy, with the client certificate.
    expect(proxy.authorized() - authorizedBefore).toBeGreaterThanOrEqual(2);
    // The run is on the server behind the proxy.
    expect((await new Client({ connection: direct }).workflow.getHandle(workflowId!).describe()).status.name).toBe('COMPLETED');
    return workflowId!;
  }

  it('configured by the TEMPORAL_TLS_* settings: the run reaches its report, and client commands read it', async () => {
    const folder = await tempDir('tls-env-reports-');
    const before = proxy.authorized();
    const r = await cli(['research', TOPIC, '--words', '300'], { env: { ...tlsEnv(), ...runEnv(folder) } });
    const workflowId = await expectResearchThroughProxy(r, folder, before);

    const status = await cli(['status', workflowId], { env: tlsEnv() });
    expect(status.stderr.trim()).toBe('');
    expect(status.stdout).toContain(`${workflowId}: COMPLETED`);
  }, 240_000);

  it('configured by a temporal.toml profile (no TEMPORAL_ADDRESS): the same, and `npm run worker` connects by it too', async () => {
    const toml = path.join(dir, 'temporal.toml');
    await fs.writeFile(
      toml,
      [
        '[profile.default]',
        'address = "localhost:7233"',
        '',
        '[profile.secure]',
        `address = "${proxy.address}"`,
        'namespace = "default"',
        '[profile.secure.tls]',
        `server_ca_cert_path = "${certs.ca}"`,
        `client_cert_path = "${certs.clientCert}"`,
        `client_key_path = "${certs.clientKey}"`,
        '',
      ].join('\n'),
    );
    const profileEnv = { TEMPORAL_ADDRESS: '', TEMPORAL_CONFIG_FILE: toml, TEMPORAL_PROFILE: 'secure' };
    const folder = await tempDir('tls-profile-reports-');
    const before = proxy.authorized();
    const r = await cli(['research', 'solid-state batteries', '--words', '300'], { env: { ...profileEnv, ...runEnv(folder) } });
    const workflowId = await expectResearchThroughProxy(r, folder, before);

    const report = await cli(['report', workflowId], { env: profileEnv });
    expect(report.code).toBe(0);
    expect(report.stdout).toContain(`research-run: ${workflowId} `);

    // A shared worker by the same profile: it polls through the proxy.
    const beforeWorker = proxy.authorized();
    const worker = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...profileEnv, TEMPORAL_TASK_QUEUE: `tls-worker-${Date.now().toString(36)}`, RESEARCH_CACHE_DIR: 'off' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      await collect(worker).waitFor(new RegExp(`Worker polling task queue "[^"]+" on ${proxy.address.replace(/\./g, '\\.')}`), 60_000);
      expect(proxy.authorized()).toBeGreaterThan(beforeWorker);
    } finally {
      worker.kill('SIGKILL');
    }
  }, 240_000);

  /** The one line a failing command printed: one line of stderr, no stack. */
  function oneLine(r: CliResult): string {
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    return lines[0];
  }

  it('without a client certificate: one line naming the address and that the server requires one; nothing starts', async () => {
    const folder = await tempDir('tls-nocert-');
    const env = tlsEnv({ TEMPORAL_TLS_CLIENT_CERT_PATH: '', TEMPORAL_TLS_CLIENT_KEY_PATH: '' });
    const line = oneLine(await cli(['research', TOPIC, '--words', '300'], { env: { ...env, ...runEnv(folder) } }));
    expect(line).toBe(
      `error: cannot connect to Temporal at ${proxy.address} (TEMPORAL_ADDRESS): the TLS handshake failed: the server requires a client certificate and none is set ` +
        "(set TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH, or the profile's client_cert_path and client_key_path)",
    );
    expect(await fs.readdir(folder)).toEqual([]);
    expect(proxy.refused().some((code) => /CERTIFICATE/.test(code))).toBe(true);
    // The worker says the same, in its own line.
    const worker = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/worker.ts'], { cwd: ROOT, env: { ...process.env, ...env } }).catch((err: { code: number; stderr: string }) => err);
    expect((worker as { code: number }).code).toBe(1);
    expect((worker as { stderr: string }).stderr.trim()).toBe(`worker: ${line.replace(/^error: /, '')}`);
  }, 120_000);

  it('trusting another CA than the one that signed the server: one line saying so', async () => {
    const line = oneLine(await cli(['list'], { env: tlsEnv({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: certs.otherCa }) }));
    expect(line).toMatch(
      new RegExp(`^error: cannot connect to Temporal at ${proxy.address} \\(TEMPORAL_ADDRESS\\): the TLS handshake failed: the server's certificate is not signed by a CA this client trusts \\([A-Z_]+; it trusts the CA in TEMPORAL_TLS_SERVER_CA_CERT_PATH`),
    );
  });

  it('expecting another server name than the certificate holds: one line naming the names', async () => {
    const line = oneLine(await cli(['list'], { env: tlsEnv({ TEMPORAL_TLS_SERVER_NAME: 'temporal.other.example' }) }));
    expect(line).toMatch(/the server's certificate is not for the name this client expects \(.*temporal\.other\.example.*DNS:localhost.*; set TEMPORAL_TLS_SERVER_NAME to a name it holds\)$/);
  });

  it('a client certificate from a CA the server does not trust: one line saying the server refused it', async () => {
    const otherKey = certs.otherCa.replace(/\.pem$/, '.key');
    const line = oneLine(await cli(['list'], { env: tlsEnv({ TEMPORAL_TLS_CLIENT_CERT_PATH: certs.otherCa, TEMPORAL_TLS_CLIENT_KEY_PATH: otherKey }) }));
    expect(line).toMatch(/the TLS handshake failed: the server (closed the connection as soon as it saw this client's certificate|refused this client's certificate)/);
  });

  it('plain text to the TLS port, and TLS to the plain port: one line each, saying which side speaks what', async () => {
    const plainToTls = oneLine(await cli(['list'], { env: { TEMPORAL_ADDRESS: proxy.address } }));
    expect(plainToTls).toMatch(new RegExp(`^error: cannot connect to Temporal at ${proxy.address} \\(TEMPORAL_ADDRESS\\): the server speaks TLS and this client plain text \\(set TEMPORAL_TLS=true`));
    const tlsToPlain = oneLine(await cli(['list'], { env: { TEMPORAL_ADDRESS: temporalAddress(), TEMPORAL_TLS: 'true' } }));
    expect(tlsToPlain).toMatch(new RegExp(`^error: cannot connect to Temporal at ${temporalAddress()} \\(TEMPORAL_ADDRESS\\): the server speaks plain text, not TLS`));
  });

  it('npm run server starts no local dev server when the settings name TLS or another host', async () => {
    // Nothing answers at either: a plain local dev server would be started there if the settings did not name TLS or another host.
    const settings: Record<string, string>[] = [{ TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`, TEMPORAL_TLS: 'true' }, { TEMPORAL_ADDRESS: 'temporal.example.invalid:7233' }];
    for (const env of settings) {
      const line = oneLine(await cli(['server'], { env, timeoutMs: 30_000 }));
      expect(line).toMatch(/^error: npm run server starts a local dev server, but the settings name \S+ \(TEMPORAL_ADDRESS(, with TLS)?\): connect to that server, or unset them$/);
    }
  });

  it('a namespace that does not exist: one line naming it', async () => {
    const line = oneLine(await cli(['list'], { env: tlsEnv({ TEMPORAL_NAMESPACE: 'no-such-namespace' }) }));
    expect(line).toBe(
      `error: cannot connect to Temporal at ${proxy.address} (TEMPORAL_ADDRESS): namespace "no-such-namespace" does not exist there (set TEMPORAL_NAMESPACE or the profile's namespace; temporal operator namespace list shows them)`,
    );
  });

  it('an API key the server refuses: one line, without the key', async () => {
    // A frontend that refuses every call as Temporal Cloud refuses a bad key: gRPC status UNAUTHENTICATED.
    const refusing = http2.createServer();
    refusing.on('stream', (stream) => stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '16', 'grpc-message': 'Request unauthorized.' }, { endStream: true }));
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    const address = `127.0.0.1:${(refusing.address() as net.AddressInfo).port}`;
    try {
      const r = await cli(['list'], { env: { TEMPORAL_ADDRESS: address, TEMPORAL_API_KEY: 'wrong-key-0123456789', TEMPORAL_TLS: 'false' } });
      expect(oneLine(r)).toBe(`error: cannot connect to Temporal at ${address} (TEMPORAL_ADDRESS): the server refused the API key (TEMPORAL_API_KEY or the profile's api_key): Request unauthorized.`);
      expect(r.stderr + r.stdout).not.toContain('wrong-key-0123456789');
    } finally {
      refusing.close();
    }
  });
});
