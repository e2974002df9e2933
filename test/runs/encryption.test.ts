/**
 * Research only its owner can read, on the real Temporal server: a run started with RESEARCH_ENCRYPTION_KEYS
 * leaves nothing of its topic, searches, pages or report readable in its history (read raw, without the
 * codec, every payload decoded from base64 as the default converter writes it), nor in its ID or search
 * attributes; its owner's `client report` and `client status` read it; the codec server decodes it for a
 * request with the token (and the Temporal CLI through it) and refuses one without; a run recorded without
 * encryption still reads, a rotated key file still opens the older run, and a missing or wrong key is one
 * line naming the run, the key file and the key id.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { main as codecServer } from '../../src/codecServer';
import { loadConfig } from '../../src/config';
import type { ResearchResult } from '../../src/domain/types';
import { clientDataConverter } from '../../src/temporal/dataConverter';
import { findTemporalCli, freePort } from '../../src/temporal/devServer';
import { loadKeyRing } from '../../src/temporal/encryption';
import { cli, type CliResult, tempDir } from '../client/cli';
import { historyText } from '../harness/historyText';
import { temporalAddress } from '../harness/research';

const TOPIC = 'tensorflow vs pytorch';
const TOKEN = randomBytes(24).toString('hex');

describe('research only its owner can read', () => {
  let direct: Connection;
  let dir: string;
  const keys = { k1: '', other: '', rotated: '' };
  let privateId: string;
  let plainId: string;
  let result: ResearchResult;

  beforeAll(async () => {
    direct = await Connection.connect({ address: temporalAddress() });
    dir = await tempDir('encryption-');
    const line = (id: string) => `${id} ${randomBytes(32).toString('base64')}\n`;
    const k1 = line('k1');
    const k2 = line('k2');
    keys.k1 = path.join(dir, 'owner.keys');
    keys.other = path.join(dir, 'someone-else.keys');
    keys.rotated = path.join(dir, 'rotated.keys');
    await fs.writeFile(keys.k1, `# the owner's key\n${k1}`);
    await fs.writeFile(keys.other, k2);
    await fs.writeFile(keys.rotated, `${k2}${k1}`);
  });
  afterAll(() => direct?.close());

  const runEnv = (extra: Record<string, string>) => ({ RESEARCH_OUTPUT_DIR: path.join(dir, 'reports'), RESEARCH_CACHE_DIR: 'off', FETCH_TIMEOUT_MS: '4000', ...extra });
  const startedId = (r: CliResult) => {
    expect(r.stderr.trim()).toBe('');
    expect(r.code).toBe(0);
    return /Research run started: (\S+)/.exec(r.stdout)![1];
  };

  it('an encrypted run: its raw history holds no topic word, URL, query or report sentence; its owner reads it', async () => {
    privateId = startedId(await cli(['research', TOPIC, '--words', '300'], { env: runEnv({ RESEARCH_ENCRYPTION_KEYS: keys.k1 }) }));
    expect(privateId).toMatch(/^research-[0-9a-z]+-[0-9a-f]{10}$/);

    const owner = new Client({ connection: direct, dataConverter: clientDataConverter(loadKeyRing(keys.k1)) });
    result = await owner.workflow.getHandle<() => Promise<ResearchResult>>(privateId).result();
    expect(result.topic).toBe(TOPIC);
    const urls = result.pages.map((p) => p.url);
    expect(urls.length).toBeGreaterThan(3);

    const raw = await new Client({ connection: direct }).workflow.getHandle(privateId).fetchHistory();
    const text = historyText(raw);
    expect(text.length).toBeGreaterThan(10_000);
    for (const word of ['tensorflow', 'pytorch']) expect(text.toLowerCase()).not.toContain(word);
    expect(text).not.toMatch(/https?:\/\//);
    for (const url of urls) expect(text).not.toContain(url.replace(/^https?:\/\//, ''));
    for (const query of result.queries) expect(text).not.toContain(query);
    const sentences = result.report.markdown
      .split(/\n+|(?<=[.!?])\s+/)
      .map((s) => s.trim())
      .filter((s) => s.length >= 40);
    expect(sentences.length).toBeGreaterThan(10);
    for (const sentence of sentences) expect(text).not.toContain(sentence);
    // What is there is ciphertext under the owner's key id.
    const input = raw.events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0];
    expect(Buffer.from(input.metadata!.encoding!).toString()).toBe('binary/encrypted');
    expect(Buffer.from(input.metadata!['encryption-key-id']!).toString()).toBe('k1');

    const description = await owner.workflow.getHandle(privateId).describe();
    expect(description.typedSearchAttributes.getAll().map((p) => p.key.name)).not.toContain('ResearchTopic');
    expect(await description.staticSummary()).toBe(TOPIC);

    const report = await cli(['report', privateId], { env: { RESEARCH_ENCRYPTION_KEYS: keys.k1 } });
    expect(report.code).toBe(0);
    expect(report.stdout.trim()).toBe(result.report.markdown.trim());
    const status = await cli(['status', privateId], { env: { RESEARCH_ENCRYPTION_KEYS: keys.k1 } });
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`${privateId}: COMPLETED`);
    expect(status.stdout).toContain(`topic: ${TOPIC}`);
  }, 240_000);

  it('a run recorded without encryption still reads with a key set; a rotated key file opens the older run; list shows both, with or without keys', async () => {
    plainId = startedId(await cli(['research', 'solid-state batteries', '--words', '300'], { env: runEnv({}) }));
    const plain = await cli(['report', plainId], { env: { RESEARCH_ENCRYPTION_KEYS: keys.k1 } });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain(`research-run: ${plainId} `);

    const rotated = await cli(['report', privateId], { env: { RESEARCH_ENCRYPTION_KEYS: keys.rotated } });
    expect(rotated.code).toBe(0);
    expect(rotated.stdout.trim()).toBe(result.report.markdown.trim());

    // Its history exported as stored (encrypted) replays with the keys, from the server and from the file.
    const exported = path.join(dir, 'private-history.json');
    expect((await cli(['history', privateId, '--out', exported], { env: { RESEARCH_ENCRYPTION_KEYS: keys.rotated } })).code).toBe(0);
    const firstInput = (JSON.parse(await fs.readFile(exported, 'utf8')) as { events: { workflowExecutionStartedEventAttributes: { input: { payloads: { metadata: { encoding: string } }[] } } }[] })
      .events[0].workflowExecutionStartedEventAttributes.input.payloads[0];
    expect(Buffer.from(firstInput.metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
    for (const target of [privateId, exported]) {
      const replayed = await cli(['replay', target], { env: { RESEARCH_ENCRYPTION_KEYS: keys.rotated } });
      expect(replayed.stdout).toMatch(/deterministic: \d+ events replay cleanly/);
      expect(replayed.code).toBe(0);
    }

    for (const env of [{}, { RESEARCH_ENCRYPTION_KEYS: keys.other }] as Record<string, string>[]) {
      const list = await cli(['list', '--limit', '500'], { env });
      expect(list.stderr.trim()).toBe('');
      const privateRow = list.stdout.split('\n').find((l) => l.includes(privateId));
      expect(privateRow).toContain('(encrypted)');
      expect(privateRow).not.toContain('tensorflow');
      expect(list.stdout.split('\n').find((l) => l.includes(plainId))).toContain('solid-state batteries');
    }
  }, 240_000);

  it('a wrong or missing key: one line naming the run, the key file and the key id; no stack, no empty report', async () => {
    for (const command of ['report', 'status']) {
      const wrong = await cli([command, privateId], { env: { RESEARCH_ENCRYPTION_KEYS: keys.other } });
      expect(wrong.code).toBe(1);
      expect(wrong.stdout).toBe('');
      expect(wrong.stderr.trim()).toBe(`error: cannot decrypt run ${privateId} with the keys in ${keys.other}: key id k1 not found`);
    }
    const none = await cli(['report', privateId]);
    expect(none.code).toBe(1);
    expect(none.stdout).toBe('');
    expect(none.stderr.trim()).toBe(`error: cannot decrypt run ${privateId}: it is encrypted (key id k1) and RESEARCH_ENCRYPTION_KEYS is not set`);
  }, 120_000);

  it('the codec server decodes for a request with the token, refuses one without, and lets the Temporal CLI show the run', async () => {
    const port = await freePort();
    const server = await codecServer(loadConfig({ RESEARCH_ENCRYPTION_KEYS: keys.k1, CODEC_SERVER_TOKEN: TOKEN, CODEC_SERVER_PORT: String(port) }));
    try {
      const raw = await new Client({ connection: direct }).workflow.getHandle(privateId).fetchHistory();
      const input = raw.events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0] as Payload;
      const body = JSON.stringify({ payloads: [asJson(input)] });
      const post = (route: string, headers: Record<string, string>, payload = body) =>
        fetch(`${server.url}${route}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: payload });

      const decoded = await post('/default/decode', { Authorization: `Bearer ${TOKEN}`, 'X-Namespace': 'default' });
      expect(decoded.status).toBe(200);
      const [plain] = ((await decoded.json()) as { payloads: { metadata: Record<string, string>; data: string }[] }).payloads;
      expect(Buffer.from(plain.metadata.encoding, 'base64').toString()).toBe('json/plain');
      expect(JSON.parse(Buffer.from(plain.data, 'base64').toString())).toMatchObject({ topic: TOPIC });
      expect((await post('/decode', { Authorization: `Bearer ${TOKEN}` })).status).toBe(200);

      for (const headers of [{}, { Authorization: 'Bearer not-the-token' }, { Authorization: TOKEN }] as Record<string, string>[]) {
        const refused = await post('/default/decode', headers);
        expect(refused.status).toBe(401);
        expect(await refused.text()).not.toContain('tensorflow');
      }

      // What the UI's encode sends comes back encrypted under the first key, and decodes again.
      const encoded = await post('/default/encode', { Authorization: `Bearer ${TOKEN}` }, JSON.stringify({ payloads: [plain] }));
      const [sealed] = ((await encoded.json()) as { payloads: { metadata: Record<string, string>; data: string }[] }).payloads;
      expect(Buffer.from(sealed.metadata['encryption-key-id'], 'base64').toString()).toBe('k1');

      // The Temporal UI: its origin may call (CORS), another may not; a browser signed in at /login carries the token as a cookie.
      const preflight = (origin: string) => fetch(`${server.url}/default/decode`, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,x-namespace' } });
      const ui = await preflight('http://localhost:8233');
      expect(ui.status).toBe(204);
      expect(ui.headers.get('access-control-allow-origin')).toBe('http://localhost:8233');
      expect(ui.headers.get('access-control-allow-credentials')).toBe('true');
      expect(ui.headers.get('access-control-allow-headers')).toMatch(/X-Namespace/i);
      const elsewhere = await preflight('http://attacker.example');
      expect(elsewhere.status).toBe(403);
      expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
      expect((await fetch(`${server.url}/login`, { method: 'POST', body: new URLSearchParams({ token: 'wrong' }) })).status).toBe(401);
      const login = await fetch(`${server.url}/login`, { method: 'POST', body: new URLSearchParams({ token: TOKEN }) });
      const cookie = login.headers.get('set-cookie')!.split(';')[0];
      expect(login.headers.get('set-cookie')).toMatch(/HttpOnly/);
      expect((await post('/default/decode', { Cookie: cookie, Origin: 'http://localhost:8233' })).status).toBe(200);

      // The Temporal CLI, as the README tells the owner to run it.
      const temporal = findTemporalCli()!;
      const show = (codec: string[]) =>
        promisify(execFile)(temporal, ['workflow', 'show', '-w', privateId, '--address', temporalAddress(), '--namespace', 'default', ...codec], {
          env: { PATH: process.env.PATH ?? '', HOME: dir },
          maxBuffer: 64 * 1024 * 1024,
        });
      const through = await show(['--codec-endpoint', `${server.url}/{namespace}`, '--codec-auth', `Bearer ${TOKEN}`]);
      expect(through.stdout).toMatch(/ResultEncoding\s+json\/plain/);
      expect(through.stdout).toContain(`"topic":"${TOPIC}"`);
      const without = await show([]);
      expect(without.stdout).toMatch(/ResultEncoding\s+binary\/encrypted/);
      expect(without.stdout).not.toContain('tensorflow');
    } finally {
      await server.close();
    }
  }, 120_000);
});

function asJson(payload: Payload): { metadata: Record<string, string>; data: string } {
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(payload.metadata ?? {})) metadata[key] = Buffer.from(value ?? []).toString('base64');
  return { metadata, data: Buffer.from(payload.data ?? []).toString('base64') };
}
