/**
 * The request guard's decisions, one request at a time, without a browser: a stand-in for Playwright's
 * Route records whether the request was answered (and with what) or refused (and how). Fetches go to a
 * real test server on loopback through our safe fetch, so the address rules are the real ones.
 */
import { gzipSync } from 'node:zlib';
import type { Route } from 'playwright-core';
import { type GuardRecord, type RenderLimits, RequestGuard } from '../../src/web/render/guard';
import { type TestServer, html, redirect, startTestServer } from './testServer';

interface Outcome {
  fulfilled?: { status?: number; headers?: Record<string, string>; body?: string | Buffer; contentType?: string };
  aborted?: string;
}

interface FakeRequest {
  url: string;
  resourceType?: string;
  method?: string;
  headers?: Record<string, string>;
  /** The request comes from a sub-frame (an iframe), not the page itself. */
  subFrame?: boolean;
  /** frame() throws, as it does for a service worker's request. */
  noFrame?: boolean;
}

function fakeRoute(request: FakeRequest, outcome: Outcome): Route {
  return {
    request: () => ({
      url: () => request.url,
      resourceType: () => request.resourceType ?? 'fetch',
      method: () => request.method ?? 'GET',
      headers: () => request.headers ?? {},
      frame: () => {
        if (request.noFrame) throw new Error('service worker request');
        return { parentFrame: () => (request.subFrame ? {} : null) };
      },
    }),
    fulfill: async (response: Outcome['fulfilled']) => {
      if (outcome.fulfilled || outcome.aborted) throw new Error('Route is already handled!');
      outcome.fulfilled = response;
    },
    abort: async (code?: string) => {
      if (outcome.fulfilled || outcome.aborted) throw new Error('Route is already handled!');
      outcome.aborted = code ?? 'failed';
    },
  } as unknown as Route;
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    '/data.json': (_request, response) =>
      response.writeHead(200, { 'content-type': 'application/json', 'x-served-by': 'test', 'access-control-allow-origin': '*' }).end('{"headline":"Harbour"}'),
    '/big.json': html('x'.repeat(5_000)),
    '/small.json': html('y'.repeat(600)),
    '/hop': redirect('/hop?again'),
    '/moved': redirect('/data.json'),
    '/missing': html('gone', 404),
    '/packed.js': (_request, response) =>
      response.writeHead(200, { 'content-type': 'text/javascript', 'content-encoding': 'gzip', 'transfer-encoding': 'chunked', 'keep-alive': 'timeout=5', 'alt-svc': 'h3=":443"', 'strict-transport-security': 'max-age=60' }).end(gzipSync('buildArticle();')),
    '/slow.json': (_request, response) => {
      setTimeout(() => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'), 3_000).unref();
    },
  });
});
afterAll(() => server.close());

const DOCUMENT = 'https://news.example/story';

function guardFor(limits: Partial<RenderLimits> = {}, deadlineInMs = 10_000): RequestGuard {
  return new RequestGuard(
    {
      timeoutMs: 10_000,
      maxBytes: 1_000,
      maxRedirects: 2,
      allowPrivateNetwork: false,
      allowedPrivateHosts: [server.host],
      userAgent: 'deep-research-test/1.0',
      maxRequests: 10,
      maxTotalBytes: 10_000,
      ...limits,
    },
    Date.now() + deadlineInMs,
    { url: DOCUMENT, body: Buffer.from('<html><body><div id="root"></div></body></html>'), contentType: 'text/html; charset=windows-1252' },
    new AbortController().signal,
  );
}

async function send(guard: RequestGuard, request: FakeRequest): Promise<Outcome> {
  const outcome: Outcome = {};
  await guard.handle(fakeRoute(request, outcome));
  return outcome;
}

const last = (guard: RequestGuard): GuardRecord => guard.log[guard.log.length - 1]!;

describe('the request guard', () => {
  it('serves the page itself from the bytes already fetched, once, whatever the fragment', async () => {
    const guard = guardFor();
    const first = await send(guard, { url: `${DOCUMENT}#top`, resourceType: 'document' });
    expect(first.fulfilled).toEqual({ status: 200, contentType: 'text/html; charset=windows-1252', body: Buffer.from('<html><body><div id="root"></div></body></html>') });
    expect(last(guard)).toEqual({ url: `${DOCUMENT}#top`, resourceType: 'document', outcome: 'served' });
    // A second navigation to it (a script reloading the page) goes out like any request: here, to a name that does not resolve.
    const again = await send(guard, { url: DOCUMENT, resourceType: 'document' });
    expect(again.aborted).toBeDefined();
    expect(last(guard).outcome).toBe('refused');
  });

  it.each(['image', 'media', 'font', 'stylesheet', 'texttrack', 'manifest', 'eventsource', 'websocket', 'ping', 'other'])('does not load a resource of type %s', async (resourceType) => {
    const guard = guardFor();
    const before = server.requests.length;
    const outcome = await send(guard, { url: server.url('/data.json'), resourceType });
    expect(outcome).toEqual({ aborted: 'blockedbyclient' });
    expect(last(guard)).toEqual({ url: server.url('/data.json'), resourceType, outcome: 'not-loaded' });
    expect(guard.refused).toEqual([]);
    expect(server.requests.length).toBe(before);
  });

  it('does not load a document into a frame', async () => {
    const guard = guardFor();
    expect(await send(guard, { url: server.url('/data.json'), resourceType: 'document', subFrame: true })).toEqual({ aborted: 'blockedbyclient' });
    expect(last(guard).outcome).toBe('not-loaded');
  });

  it.each(['file:///etc/passwd', 'ftp://files.example/a', 'chrome://settings', 'data:text/plain,hi', 'ws://127.0.0.1:6379/'])('refuses %s: only http(s) is fetched', async (url) => {
    const guard = guardFor();
    expect(await send(guard, { url, resourceType: 'fetch' })).toEqual({ aborted: 'accessdenied' });
    expect(guard.refused).toEqual([{ url, resourceType: 'fetch', outcome: 'refused', reason: `the ${url.split(':')[0]}: scheme is never fetched` }]);
  });

  it('refuses a request to a private address, or to another port on loopback, at connect time', async () => {
    const guard = guardFor();
    const otherPort = `http://127.0.0.1:${server.port === 65_535 ? 1 : server.port + 1}/admin`;
    for (const url of ['http://10.0.0.1/admin/config', 'http://169.254.169.254/latest/meta-data/', otherPort]) {
      expect(await send(guard, { url })).toEqual({ aborted: 'accessdenied' });
      expect(last(guard)).toMatchObject({ url, outcome: 'refused', reason: expect.stringMatching(/private address|cloud metadata address/) });
    }
  });

  it('fetches what scripts ask for with our fetch, and hands it over without the wire headers', async () => {
    const guard = guardFor();
    const outcome = await send(guard, { url: server.url('/data.json'), headers: { accept: 'application/json' } });
    expect(outcome.fulfilled?.status).toBe(200);
    expect(outcome.fulfilled?.body?.toString()).toBe('{"headline":"Harbour"}');
    expect(outcome.fulfilled?.headers).toMatchObject({ 'content-type': 'application/json', 'x-served-by': 'test', 'access-control-allow-origin': '*' });
    expect(Object.keys(outcome.fulfilled?.headers ?? {})).not.toEqual(expect.arrayContaining(['content-length']));
    expect(Object.keys(outcome.fulfilled?.headers ?? {})).not.toContain('connection');
    expect(last(guard)).toEqual({ url: server.url('/data.json'), resourceType: 'fetch', outcome: 'served' });
  });

  it('hands over a compressed script decompressed, without the headers that describe the wire (the browser would decode it twice)', async () => {
    const outcome = await send(guardFor(), { url: server.url('/packed.js'), resourceType: 'script' });
    expect(outcome.fulfilled?.body?.toString()).toBe('buildArticle();');
    expect(outcome.fulfilled?.headers).toEqual(expect.objectContaining({ 'content-type': 'text/javascript' }));
    for (const header of ['content-encoding', 'content-length', 'transfer-encoding', 'keep-alive', 'alt-svc', 'strict-transport-security']) {
      expect(Object.keys(outcome.fulfilled?.headers ?? {})).not.toContain(header);
    }
  });

  it('times a request out at the page deadline', async () => {
    const guard = guardFor({}, 500);
    expect(await send(guard, { url: server.url('/slow.json') })).toEqual({ aborted: 'timedout' });
    expect(last(guard)).toMatchObject({ outcome: 'refused', reason: expect.stringContaining('no complete answer within') });
  });

  it('follows redirects within the limit and refuses a loop past it', async () => {
    const guard = guardFor();
    expect((await send(guard, { url: server.url('/moved') })).fulfilled?.body?.toString()).toBe('{"headline":"Harbour"}');
    expect(await send(guard, { url: server.url('/hop') })).toEqual({ aborted: 'failed' });
    expect(last(guard)).toMatchObject({ outcome: 'refused', reason: expect.stringContaining('more than 2 redirects') });
  });

  it('hands over an error status as it came (the page decides what to do with it)', async () => {
    expect((await send(guardFor(), { url: server.url('/missing') })).fulfilled?.status).toBe(404);
  });

  it('refuses a response over the size cap rather than hand over a cut script or data file', async () => {
    const guard = guardFor();
    expect(await send(guard, { url: server.url('/big.json') })).toEqual({ aborted: 'failed' });
    expect(last(guard)).toMatchObject({ outcome: 'refused', reason: 'larger than 1000 bytes' });
  });

  it('keeps to the page-wide byte budget: the next response may have only what is left', async () => {
    const guard = guardFor({ maxTotalBytes: 1_000 });
    expect((await send(guard, { url: server.url('/small.json') })).fulfilled?.status).toBe(200);
    expect(await send(guard, { url: server.url('/small.json') })).toEqual({ aborted: 'failed' });
    expect(last(guard)).toMatchObject({ reason: 'larger than 400 bytes' });
    // What the cut response read counts too: nothing is left.
    expect(await send(guard, { url: server.url('/small.json') })).toEqual({ aborted: 'blockedbyclient' });
    expect(last(guard)).toMatchObject({ reason: 'the page used its 1000-byte budget' });
    const spent = guardFor({ maxTotalBytes: 600 });
    await send(spent, { url: server.url('/small.json') });
    expect(await send(spent, { url: server.url('/data.json') })).toEqual({ aborted: 'blockedbyclient' });
    expect(last(spent)).toMatchObject({ reason: 'the page used its 600-byte budget' });
  });

  it('keeps to the request count per page', async () => {
    const guard = guardFor({ maxRequests: 2 });
    for (let i = 0; i < 2; i++) expect((await send(guard, { url: server.url('/data.json') })).fulfilled?.status).toBe(200);
    expect(await send(guard, { url: server.url('/data.json') })).toEqual({ aborted: 'blockedbyclient' });
    expect(last(guard)).toMatchObject({ outcome: 'refused', reason: 'more than 2 requests for one page' });
  });

  it('makes no request once the page is out of time', async () => {
    const guard = guardFor({}, -1);
    const before = server.requests.length;
    expect(await send(guard, { url: server.url('/data.json') })).toEqual({ aborted: 'blockedbyclient' });
    expect(last(guard)).toMatchObject({ reason: 'the page ran out of time' });
    expect(server.requests.length).toBe(before);
  });

  it('makes only GET requests, answers a CORS preflight itself, and sends nothing for either', async () => {
    const guard = guardFor();
    const before = server.requests.length;
    expect(await send(guard, { url: server.url('/data.json'), method: 'POST' })).toEqual({ aborted: 'accessdenied' });
    expect(last(guard)).toMatchObject({ outcome: 'refused', reason: 'POST requests are not made while rendering' });
    const preflight = await send(guard, { url: server.url('/data.json'), method: 'OPTIONS', headers: { origin: 'https://news.example', 'access-control-request-headers': 'x-api-key' } });
    expect(preflight.fulfilled).toEqual({
      status: 204,
      headers: { 'access-control-allow-origin': 'https://news.example', 'access-control-allow-methods': 'GET', 'access-control-allow-headers': 'x-api-key' },
    });
    expect(server.requests.length).toBe(before);
  });

  it('fails a request it cannot judge (a service worker\'s) rather than let it go out by itself', async () => {
    const guard = guardFor();
    expect(await send(guard, { url: server.url('/data.json'), resourceType: 'document', noFrame: true })).toEqual({ aborted: 'failed' });
  });
});
