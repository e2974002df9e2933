/**
 * Which server the settings name, read as the Temporal CLI reads them (the SDK's own loader): a
 * temporal.toml profile with the TEMPORAL_* settings over it; when the local dev server may be started; and
 * the one-line errors for a profile, certificate or key that is not there. Files only, no server.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';
import { resolveTemporalTarget } from '../../src/temporal/connection';

let dir: string;
let toml: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(process.env.TEST_TMP_DIR ?? os.tmpdir(), 'profiles-'));
  for (const file of ['ca.pem', 'client.pem', 'client.key']) await fs.writeFile(path.join(dir, file), `-----BEGIN ${file}-----\n`);
  toml = path.join(dir, 'temporal.toml');
  await fs.writeFile(
    toml,
    [
      '[profile.default]',
      'address = "localhost:7233"',
      '',
      '[profile.prod]',
      'address = "prod.example.internal:7233"',
      'namespace = "research"',
      '[profile.prod.tls]',
      `server_ca_cert_path = "${path.join(dir, 'ca.pem')}"`,
      `client_cert_path = "${path.join(dir, 'client.pem')}"`,
      `client_key_path = "${path.join(dir, 'client.key')}"`,
      'server_name = "frontend.internal"',
      '',
      '[profile.cloud]',
      'address = "research.a1b2c.tmprl.cloud:7233"',
      'namespace = "research.a1b2c"',
      'api_key = "key-from-the-profile"',
      '',
    ].join('\n'),
  );
});

describe('the Temporal server the settings name', () => {
  it('by default: the local dev server address, namespace default, plain text, which research may start', () => {
    const target = loadConfig({}).temporal;
    expect(target).toMatchObject({ address: 'localhost:7233', namespace: 'default', mayStartDevServer: true, source: 'the default address' });
    expect(target.tls).toBeUndefined();
  });

  it('a profile of temporal.toml: its address, namespace, CA, client certificate and server name (certificates loaded)', () => {
    const target = loadConfig({ TEMPORAL_CONFIG_FILE: toml, TEMPORAL_PROFILE: 'prod' }).temporal;
    expect(target).toMatchObject({ address: 'prod.example.internal:7233', namespace: 'research', mayStartDevServer: false });
    expect(target.source).toBe(`profile "prod" of ${toml}`);
    const tls = target.tls as { serverNameOverride?: string; serverRootCACertificate?: Uint8Array; clientCertPair?: { crt: Uint8Array; key: Uint8Array } };
    expect(tls.serverNameOverride).toBe('frontend.internal');
    expect(Buffer.from(tls.serverRootCACertificate!).toString()).toContain('ca.pem');
    expect(Buffer.from(tls.clientCertPair!.crt).toString()).toContain('client.pem');
    expect(Buffer.from(tls.clientCertPair!.key).toString()).toContain('client.key');
  });

  it('the TEMPORAL_* settings win over the profile, as with the Temporal CLI', () => {
    const target = loadConfig({ TEMPORAL_CONFIG_FILE: toml, TEMPORAL_PROFILE: 'prod', TEMPORAL_ADDRESS: 'other.example:7233', TEMPORAL_NAMESPACE: 'staging', TEMPORAL_TLS_SERVER_NAME: 'other.example' }).temporal;
    expect(target).toMatchObject({ address: 'other.example:7233', namespace: 'staging', source: `profile "prod" of ${toml}, address from TEMPORAL_ADDRESS` });
    expect((target.tls as { serverNameOverride?: string }).serverNameOverride).toBe('other.example');
  });

  it('an API key turns TLS on (Temporal Cloud), unless TEMPORAL_TLS=false', () => {
    const cloud = loadConfig({ TEMPORAL_CONFIG_FILE: toml, TEMPORAL_PROFILE: 'cloud' }).temporal;
    expect(cloud).toMatchObject({ address: 'research.a1b2c.tmprl.cloud:7233', namespace: 'research.a1b2c', apiKey: 'key-from-the-profile', tls: true, mayStartDevServer: false });
    const plain = loadConfig({ TEMPORAL_ADDRESS: 'localhost:7233', TEMPORAL_API_KEY: 'k', TEMPORAL_TLS: 'false' }).temporal;
    expect(plain.tls).toBe(false);
  });

  it('reads the default profile of the file in the Temporal CLI\'s place (XDG_CONFIG_HOME/temporalio/temporal.toml)', async () => {
    const home = path.join(dir, 'xdg');
    await fs.mkdir(path.join(home, 'temporalio'), { recursive: true });
    await fs.writeFile(path.join(home, 'temporalio', 'temporal.toml'), '[profile.default]\naddress = "tls.example:7233"\n[profile.default.tls]\n');
    const target = loadConfig({ XDG_CONFIG_HOME: home }).temporal;
    expect(target).toMatchObject({ address: 'tls.example:7233', mayStartDevServer: false });
    expect(target.tls).toEqual(expect.objectContaining({}));
  });

  it.each([
    ['TEMPORAL_ADDRESS names a server', { TEMPORAL_ADDRESS: 'localhost:7233' }],
    ['TLS is on', { TEMPORAL_TLS: 'true' }],
    ['an API key is set', { TEMPORAL_API_KEY: 'k' }],
    ['a profile names another server', { TEMPORAL_PROFILE: 'prod' }],
  ])('research does not start a local dev server when %s', (_why, env) => {
    expect(loadConfig({ TEMPORAL_CONFIG_FILE: toml, ...env }).temporal.mayStartDevServer).toBe(false);
  });

  it('a profile that names the local default address without TLS still lets research start the dev server', () => {
    expect(loadConfig({ TEMPORAL_CONFIG_FILE: toml }).temporal.mayStartDevServer).toBe(true);
  });

  it.each([
    ['a profile that is not in the file', { TEMPORAL_PROFILE: 'staging' }, /TEMPORAL_PROFILE "staging" is not a profile of .*temporal\.toml \(it has "default", "prod", "cloud"\)/],
    ['a config file that does not exist', { TEMPORAL_CONFIG_FILE: '/nonexistent/temporal.toml' }, /TEMPORAL_CONFIG_FILE names \/nonexistent\/temporal.toml, which does not exist/],
    ['a client certificate without its key', { TEMPORAL_ADDRESS: 'a.example:7233', TEMPORAL_TLS_CLIENT_CERT_PATH: 'CERT' }, /TEMPORAL_TLS_CLIENT_CERT_PATH is set but TEMPORAL_TLS_CLIENT_KEY_PATH \(or the profile's client_key_path\) is not: a client certificate needs both/],
    ['a CA file that is not there', { TEMPORAL_ADDRESS: 'a.example:7233', TEMPORAL_TLS_SERVER_CA_CERT_PATH: '/nonexistent/ca.pem' }, /TEMPORAL_TLS_SERVER_CA_CERT_PATH: cannot read \/nonexistent\/ca.pem \(no such file\)/],
    ['a bad TEMPORAL_TLS', { TEMPORAL_TLS: 'sometimes' }, /TEMPORAL_TLS must be true or false/],
  ])('%s is one line naming the setting', (_label, env, message) => {
    const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === 'CERT' ? path.join(dir, 'client.pem') : v]));
    let caught: unknown;
    try {
      loadConfig({ TEMPORAL_CONFIG_FILE: toml, ...resolved });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).not.toContain('\n');
  });

  it('a profile\'s bad address names the profile', async () => {
    const bad = path.join(dir, 'bad.toml');
    await fs.writeFile(bad, '[profile.default]\naddress = "https://x.example"\n');
    expect(() => resolveTemporalTarget({ TEMPORAL_CONFIG_FILE: bad })).toThrow(`address in profile "default" of ${bad} must be host:port, e.g. localhost:7233 (got "https://x.example")`);
  });

  it('never echoes the API key or the codec token in a message', () => {
    expect(() => loadConfig({ CODEC_SERVER_TOKEN: 'short-secret' })).toThrow(/CODEC_SERVER_TOKEN must be at least 16 characters/);
    expect(() => loadConfig({ CODEC_SERVER_TOKEN: 'short-secret' })).not.toThrow(/short-secret/);
  });
});
