/**
 * The rendering fallback with Debian's chromium: pages built by script are read, every request the
 * browser makes is held to our fetch rules, and what is not needed is not loaded. The offline world
 * serves the client-rendered and hostile pages of the corpus; a test server serves the odd cases.
 * The private targets are real servers, so a refusal is proved where it counts: they saw nothing.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as net from 'node:net';
import { type OfflineWorld, startOfflineWorld } from '../../offline/world';
import { ExtractionPool } from '../../src/web/extract/pool';
import { type ReadPageOptions, readPage } from '../../src/web/readPage';
import type { RenderMode } from '../../src/web/render/decision';
import { BrowserPool } from '../../src/web/render/pool';
import { type TestServer, html, redirect, startTestServer } from './testServer';

const CHROMIUM = '/usr/bin/chromium';
const CLIENT_RENDERED = '/tidewatch/lagoons/porthmear-first-year';
const HOSTILE = '/saltmarsh-atlas/sites/blackwater-realignment';

/** A server that counts every connection made to it, and would hand out a secret to anyone who asked. */
interface Target {
  host: string;
  connections: number;
  server: net.Server;
}

async function target(address: string): Promise<Target> {
  const result = { host: '', connections: 0, server: net.createServer() };
  result.server.on('connection', (socket) => {
    result.connections++;
    socket.end('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 31\r\naccess-control-allow-origin: *\r\n\r\nroot:x:0:0:root:/root:/bin/bash');
  });
  await new Promise<void>((resolve) => result.server.listen(0, address, resolve));
  result.host = `${address}:${(result.server.address() as net.AddressInfo).port}`;
  return result;
}

/** The chromium processes this test process started (descendants, from /proc). */
function chromiumDescendants(): number[] {
  const parents = new Map<number, number>();
  const names = new Map<number, string>();
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      names.set(Number(entry), stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
    } catch {
      // ended while we looked
    }
  }
  const isOurs = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) if (p === process.pid) return true;
    return false;
  };
  return [...names].filter(([pid, name]) => /chrom/i.test(name) && isOurs(pid)).map(([pid]) => pid);
}

const paragraph = (n: number) => `Paragraph ${n} of the harbour survey: the new wall stands four metres above the spring tide line, the engineers said.`;

let world: OfflineWorld;
let server: TestServer;
let extraction: ExtractionPool;
let pool: BrowserPool;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does this)`);
  world = await startOfflineWorld({ siteHosts: true });
  const shell = (script: string) =>
    html(`<!doctype html><html><head><title>Harbour app</title><script type="module">${script}</script></head><body><div id="root"></div><noscript>Please enable JavaScript.</noscript></body></html>`);
  const build = `document.getElementById('root').innerHTML = '<article><h1>Harbour survey</h1>' + [1,2,3,4].map(n => '<p>Paragraph ' + n + ' of the harbour survey: the new wall stands four metres above the spring tide line, the engineers said.</p>').join('') + '</article>';`;
  server = await startTestServer({
    '/with-media': html(`<!doctype html><html><head><title>Media</title><link rel="stylesheet" href="/style.css"><script type="module">${build}</script></head><body><div id="root"></div><img src="/photo.jpg"><video src="/clip.mp4" autoplay></video><audio src="/sound.mp3" autoplay></audio><iframe src="/embed"></iframe><style>@font-face { font-family: X; src: url(/font.woff2); } body { font-family: X; }</style></body></html>`),
    '/over-cap': shell(`fetch('/big.json').then(r => r.text()).then(t => { document.body.append('BIG ' + t.slice(0, 40)); }).catch(() => {}); ${build}`),
    '/big.json': html(`"${'x'.repeat(300_000)}"`),
    '/redirect-loop': shell(`fetch('/loop').then(r => r.text()).then(t => document.body.append('LOOPED ' + t)).catch(() => {}); ${build}`),
    '/loop': redirect('/loop?again'),
    '/busy-forever': shell('while (true) {}'),
    '/crash': shell('const hoard = []; for (;;) hoard.push(new Array(4e6).fill(7));'),
    '/plain': html(`<!doctype html><html><head><title>Plain</title></head><body><article><h1>Harbour survey</h1>${[1, 2, 3, 4].map((n) => `<p>${paragraph(n)}</p>`).join('')}</article></body></html>`),
  });
  extraction = new ExtractionPool({ threads: 1 });
  pool = new BrowserPool({ executablePath: CHROMIUM, pages: 2 });
});

afterAll(async () => {
  await pool?.close();
  await extraction?.close();
  await server?.close();
  await world?.close();
});

function options(mode: RenderMode, extra: Partial<ReadPageOptions> = {}): ReadPageOptions {
  return {
    timeoutMs: 15_000,
    maxBytes: 5_000_000,
    maxRedirects: 3,
    allowPrivateNetwork: false,
    allowedPrivateHosts: [...world.allowedHosts, server.host],
    userAgent: 'deep-research-test/1.0',
    extractionPool: extraction,
    render: { mode, renderer: pool },
    ...extra,
  };
}

describe('a page whose article a script builds from JSON', () => {
  it('is read through chromium, facts and all; as fetched it is an empty shell', async () => {
    const url = world.web.urlOf(CLIENT_RENDERED);
    const page = world.corpus.find((p) => p.path === CLIENT_RENDERED)!;
    const asFetched = await readPage(url, options('auto', { render: undefined }));
    expect(asFetched).toMatchObject({ ok: false, status: 'empty' });

    const rendered = await readPage(url, options('auto'));
    expect(rendered).toMatchObject({ ok: true, title: page.title });
    if (!rendered.ok) throw new Error('unreachable');
    for (const fact of page.facts) expect(rendered.text).toContain(fact);
    expect(rendered.text).not.toContain('You need to enable JavaScript');
  });

  it('is skipped as needs-browser, saying why, when chromium is missing or rendering is off; the pool says it is missing once', async () => {
    let missing = 0;
    const noBrowser = new BrowserPool({ executablePath: undefined, onMissingBrowser: () => missing++ });
    const url = world.web.urlOf(CLIENT_RENDERED);
    for (let i = 0; i < 2; i++) {
      const page = await readPage(url, options('auto', { render: { mode: 'auto', renderer: noBrowser } }));
      expect(page).toMatchObject({ ok: false, status: 'needs-browser', reason: expect.stringMatching(/chromium is not installed.*apt-get install chromium/) });
    }
    expect(missing).toBe(1);
    expect(await readPage(url, options('never'))).toMatchObject({ ok: false, status: 'needs-browser', reason: expect.stringContaining('RESEARCH_RENDER=never') });
  });

  it('is not rendered when its static HTML reads well (auto), and is with RESEARCH_RENDER=always', async () => {
    const page = await readPage(server.url('/plain'), options('auto', { render: { mode: 'auto', renderer: { available: true, render: () => Promise.reject(new Error('rendered')) } } }));
    expect(page).toMatchObject({ ok: true });
    const always = await readPage(server.url('/plain'), options('always', { render: { mode: 'always', renderer: { available: true, render: () => Promise.resolve({ ok: false, reason: 'asked' }) } } }));
    expect(always).toMatchObject({ ok: true }); // a render that fails leaves a readable static page as it was
  });
});

describe("a page whose script reaches for what a reader's browser must never reach", () => {
  it('gets its article read, and not one request to a private address, another loopback port or a file through', async () => {
    const privateTarget = await target('127.0.0.250');
    const loopbackTarget = await target('127.0.0.1');
    try {
      const url = `${world.web.urlOf(HOSTILE)}?private=${privateTarget.host}&loopback=${loopbackTarget.host}`;
      const page = await readPage(url, options('auto'));
      expect(page).toMatchObject({ ok: true });
      if (!page.ok) throw new Error('unreachable');
      for (const fact of world.corpus.find((p) => p.path === HOSTILE)!.facts) expect(page.text).toContain(fact);
      // The servers the script aimed at saw no connection at all: not by fetch, XHR, frame, image, WebSocket, beacon or preconnect.
      expect(privateTarget.connections).toBe(0);
      expect(loopbackTarget.connections).toBe(0);
      expect(page.text).not.toMatch(/root:x:0:0|read http|read file/);
      // Nor did the browser take them to the proxy that catches what escapes interception.
      expect(pool.escapedRequests.join('\n')).not.toMatch(new RegExp(`${privateTarget.host}|${loopbackTarget.host}|10\\.0\\.0\\.1|169\\.254`));
    } finally {
      privateTarget.server.close();
      loopbackTarget.server.close();
    }
  });

  it('has each of those requests refused by the guard, file: ones included', async () => {
    const privateTarget = await target('127.0.0.250');
    const loopbackTarget = await target('127.0.0.1');
    try {
      const page = world.corpus.find((p) => p.path === HOSTILE)!;
      const url = `${world.web.urlOf(HOSTILE)}?private=${privateTarget.host}&loopback=${loopbackTarget.host}`;
      const result = await pool.render({
        document: { url, body: Buffer.from(await (await fetch(url)).arrayBuffer()), contentType: page.contentType },
        limits: { timeoutMs: 15_000, maxBytes: 5_000_000, maxRedirects: 3, allowPrivateNetwork: false, allowedPrivateHosts: world.allowedHosts, userAgent: 'deep-research-test/1.0', maxRequests: 100, maxTotalBytes: 20_000_000 },
      });
      if (!result.ok) throw new Error(result.reason);
      const refused = result.refused.map((r) => r.url).join('\n');
      expect(refused).toContain(`http://${privateTarget.host}/admin/config`);
      expect(refused).toContain(`http://${loopbackTarget.host}/`);
      expect(refused).toContain('http://169.254.169.254/latest/meta-data/');
      expect(refused).toContain(`ws://${loopbackTarget.host}/`);
      // file:///etc/passwd never became a request: chromium refuses it to a web page before interception, and nothing read it.
      expect(result.log.some((r) => r.url.startsWith('file:') && r.outcome === 'served')).toBe(false);
      expect(result.html).toContain('fetch refused file:///etc/passwd');
      expect(result.html).not.toContain('root:x:0:0');
      expect(privateTarget.connections + loopbackTarget.connections).toBe(0);
    } finally {
      privateTarget.server.close();
      loopbackTarget.server.close();
    }
  });
});

describe('what the browser loads, and for how long', () => {
  it('loads no image, video, audio, font, style sheet or frame', async () => {
    const page = await readPage(server.url('/with-media'), options('always'));
    expect(page).toMatchObject({ ok: true });
    expect(page.ok && page.text).toContain('Paragraph 4 of the harbour survey');
    for (const path of ['/photo.jpg', '/clip.mp4', '/sound.mp3', '/font.woff2', '/style.css', '/embed']) expect(server.requests).not.toContain(path);
  });

  it('refuses a response over the size cap and a redirect loop past the limit, and still reads the page', async () => {
    for (const path of ['/over-cap', '/redirect-loop']) {
      const page = await readPage(server.url(path), options('auto', { maxBytes: 100_000 }));
      expect(page).toMatchObject({ ok: true });
      if (!page.ok) throw new Error('unreachable');
      expect(page.text).toContain('Paragraph 4 of the harbour survey');
      expect(page.text).not.toMatch(/BIG|LOOPED/);
    }
    // The first request and three redirects, then the guard stops following.
    expect(server.requests.filter((p) => p.startsWith('/loop')).length).toBe(4);
  });

  it('gives up on a page whose script never finishes, within the page-wide time cap', async () => {
    const start = Date.now();
    const page = await readPage(server.url('/busy-forever'), options('auto', { timeoutMs: 4_000 }));
    expect(page).toMatchObject({ ok: false, status: 'failed', reason: expect.stringContaining('rendering it in chromium failed') });
    expect(Date.now() - start).toBeLessThan(12_000);
  });

  it('survives a page that crashes its renderer: that page fails, the next one is read', async () => {
    const crashed = await readPage(server.url('/crash'), options('auto'));
    expect(crashed).toMatchObject({ ok: false, status: 'failed', reason: expect.stringContaining('crashed') });
    const next = await readPage(world.web.urlOf(CLIENT_RENDERED), options('auto'));
    expect(next).toMatchObject({ ok: true });
  });

  it('leaves no chromium process behind once closed (what the worker does on SIGTERM), and a closed pool renders nothing', async () => {
    const own = new BrowserPool({ executablePath: CHROMIUM, pages: 1 });
    const before = new Set(chromiumDescendants());
    expect(await readPage(world.web.urlOf(CLIENT_RENDERED), options('auto', { render: { mode: 'auto', renderer: own } }))).toMatchObject({ ok: true });
    expect(chromiumDescendants().filter((pid) => !before.has(pid)).length).toBeGreaterThan(0);
    await own.close();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(chromiumDescendants().filter((pid) => !before.has(pid))).toEqual([]);
    expect(await own.render({ document: { url: world.web.urlOf(CLIENT_RENDERED), body: Buffer.from(''), contentType: 'text/html' }, limits: { timeoutMs: 1_000, maxBytes: 1_000, maxRedirects: 0, allowPrivateNetwork: false, allowedPrivateHosts: [], userAgent: 'x', maxRequests: 1, maxTotalBytes: 1_000 } })).toMatchObject({ ok: false });
  });
});
