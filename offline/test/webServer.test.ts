/** The corpus web server: right status, type and bytes for every URL, the 301, the slow page, request counts. */
import http from 'node:http';
import { CORPUS, type CorpusPage, corpusBody } from '../corpus';
import { OfflineWebServer } from '../webServer';

const SLOW_MS = 300;
let web: OfflineWebServer;

beforeAll(async () => {
  web = await OfflineWebServer.start({ slowPageDelayMs: SLOW_MS });
});
afterAll(() => web.close());
beforeEach(() => web.resetRequests());

function get(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(web.urlOf(path), { redirect: 'manual', ...init });
}

test('listens on 127.0.0.1 only', () => {
  expect(web.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(web.host).toBe(new URL(web.baseUrl).host);
});

test.each(CORPUS.map((p) => [p.kind, p.path, p] as [string, string, CorpusPage]))('%s %s: status, content type and exact bytes', async (_kind, path, page) => {
  const response = await get(path);
  expect(response.status).toBe(page.status);
  expect(response.headers.get('content-type')).toBe(page.contentType);
  const body = Buffer.from(await response.arrayBuffer());
  expect(body.equals(corpusBody(path)!)).toBe(true);
  expect(Number(response.headers.get('content-length'))).toBe(body.length);
});

test('the redirect answers 301 with an absolute Location to the article, which is served', async () => {
  const page = CORPUS.find((p) => p.kind === 'redirect')!;
  const response = await get(page.path);
  expect(response.status).toBe(301);
  expect(response.headers.get('location')).toBe(web.urlOf(page.redirectTo!));
  const followed = await fetch(web.urlOf(page.path));
  expect(followed.status).toBe(200);
  expect(followed.url).toBe(web.urlOf(page.redirectTo!));
  expect(await followed.text()).toContain('<article>');
});

test('the large page is about 3 MB', async () => {
  const page = CORPUS.find((p) => p.kind === 'large')!;
  const body = await (await get(page.path)).arrayBuffer();
  expect(body.byteLength).toBeGreaterThan(2_500_000);
  expect(body.byteLength).toBeLessThan(3_500_000);
});

test('the PDF starts with %PDF and is served inline', async () => {
  const page = CORPUS.find((p) => p.kind === 'pdf')!;
  const response = await get(page.path);
  expect(response.headers.get('content-disposition')).toMatch(/^inline; filename=".+\.pdf"$/);
  expect(Buffer.from(await response.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
});

test('the slow page answers only after its delay', async () => {
  const page = CORPUS.find((p) => p.kind === 'slow')!;
  const started = Date.now();
  const response = await get(page.path);
  await response.text();
  expect(Date.now() - started).toBeGreaterThanOrEqual(SLOW_MS - 20);
  expect(response.status).toBe(200);
});

test('a client that gives up on the slow page does not keep the server busy', async () => {
  const page = CORPUS.find((p) => p.kind === 'slow')!;
  const slowWeb = await OfflineWebServer.start({ slowPageDelayMs: 60_000 });
  await expect(fetch(slowWeb.urlOf(page.path), { signal: AbortSignal.timeout(100) })).rejects.toThrow();
  // A second request still waiting when the server closes: close must not wait for it.
  const pending = fetch(slowWeb.urlOf(page.path)).catch((err: unknown) => err);
  await new Promise((r) => setTimeout(r, 50));
  const started = Date.now();
  await slowWeb.close();
  expect(Date.now() - started).toBeLessThan(1000);
  // fetch errors come from Node's realm, not Jest's, so check the shape rather than the class.
  expect(String(await pending)).toMatch(/fetch failed|other side closed|socket/i);
});

test('counts requests per path, so double fetches show', async () => {
  const [first, second] = CORPUS.filter((p) => p.kind === 'article');
  await (await get(first.path)).text();
  await (await get(first.path)).text();
  await (await get(`${second.path}?utm_source=test`)).text();
  expect(web.requests.get(first.path)).toBe(2);
  expect(web.requests.get(second.path)).toBe(1);
  expect(web.fetchedMoreThanOnce()).toEqual([first.path]);
});

test('HEAD gives the headers without a body; other methods get 405', async () => {
  const page = CORPUS.find((p) => p.kind === 'article')!;
  const head = await get(page.path, { method: 'HEAD' });
  expect(head.status).toBe(200);
  expect(Number(head.headers.get('content-length'))).toBe(corpusBody(page.path)!.length);
  expect(await head.text()).toBe('');
  expect((await get(page.path, { method: 'POST', body: 'x' })).status).toBe(405);
});

test('unknown paths get a 404 page; robots.txt allows everything', async () => {
  const missing = await get('/no/such/page');
  expect(missing.status).toBe(404);
  expect(await missing.text()).toContain('Not Found');
  const robots = await get('/robots.txt');
  expect(await robots.text()).toBe('User-agent: *\nAllow: /\n');
});

test('latency applies to every answer', async () => {
  const laggy = await OfflineWebServer.start({ latencyMs: 150 });
  try {
    const started = Date.now();
    await (await fetch(laggy.urlOf('/robots.txt'))).text();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  } finally {
    await laggy.close();
  }
});

test('raw HTTP/1.1 clients get the same answer (no chunking surprises)', async () => {
  const page = CORPUS.find((p) => p.kind === 'bot-block')!;
  const { statusCode, headers } = await new Promise<http.IncomingMessage>((resolve, reject) => {
    http.get(web.urlOf(page.path), (res) => {
      res.resume();
      resolve(res);
    }).on('error', reject);
  });
  expect(statusCode).toBe(403);
  expect(headers['transfer-encoding']).toBeUndefined();
  expect(headers.server).toBe('EdgeShield');
});
