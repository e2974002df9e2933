import * as zlib from 'node:zlib';
import { type SafeFetchOptions, WebFetchError, fetchUrl } from '../../src/web/safeFetch';
import { type TestServer, html, redirect, startTestServer } from './testServer';

const PAGE = '<html><head><title>Hello</title></head><body><p>Hello from the test server.</p></body></html>';
const PNG_HEADER = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let server: TestServer;
let other: TestServer;
/** Resolves when the server sees the client drop the /hang connection. */
let hangClosed: Promise<void> = Promise.resolve();

beforeAll(async () => {
  other = await startTestServer({ '/page': html(PAGE) });
  server = await startTestServer({
    '/page': html(PAGE),
    '/headers': (request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(request.headers)),
    '/redirect': redirect('/page'),
    '/chain': redirect('/redirect', 303),
    '/dir/hop': redirect('../page?from=hop', 301),
    '/loop': redirect('/loop', 307),
    '/to-other': redirect(() => other.url('/page')),
    '/to-localhost': redirect(() => `http://localhost:${server.port}/page`),
    '/to-metadata': redirect('http://169.254.169.254/latest/meta-data/', 308),
    '/to-ftp': redirect('ftp://files.example/report.pdf'),
    '/big': (_request, response) => response.writeHead(200, { 'content-type': 'text/plain' }).end('a'.repeat(100_000)),
    '/slow': (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.write('<html><body>');
      // ...and never finishes.
    },
    '/hang': (request) => {
      hangClosed = new Promise((resolve) => request.socket.once('close', () => resolve()));
    },
    '/gzip': (_request, response) => response.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(zlib.gzipSync(PAGE)),
    '/deflate': (_request, response) => response.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'deflate' }).end(zlib.deflateSync(PAGE)),
    '/deflate-raw': (_request, response) => response.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'deflate' }).end(zlib.deflateRawSync(PAGE)),
    '/br': (_request, response) => response.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'br' }).end(zlib.brotliCompressSync(PAGE)),
    '/bomb': (_request, response) => response.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(zlib.gzipSync(Buffer.alloc(20_000_000))),
    '/bad-gzip': (_request, response) => response.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(PAGE),
    '/missing': html('<h1>Not found</h1>', 404),
    '/image': (_request, response) => response.writeHead(200, { 'content-type': 'image/png' }).end(PNG_HEADER),
    '/latin1': (_request, response) => response.writeHead(200, { 'content-type': 'Text/HTML; Charset="ISO-8859-1"' }).end('<p>x</p>'),
    '/cut': (request, response) => {
      response.writeHead(200, { 'content-type': 'text/html', 'content-length': '1000' });
      response.write('<html>only part');
      setTimeout(() => request.socket.destroy(), 20);
    },
  });
});

afterAll(async () => {
  await Promise.all([server.close(), other.close()]);
});

function options(extra: Partial<SafeFetchOptions> = {}): SafeFetchOptions {
  return {
    timeoutMs: 3000,
    maxBytes: 1_000_000,
    maxRedirects: 5,
    allowPrivateNetwork: false,
    allowedPrivateHosts: [server.host],
    userAgent: 'deep-research-test/1.0',
    ...extra,
  };
}

async function fetchError(promise: Promise<unknown>): Promise<WebFetchError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebFetchError);
  return error as WebFetchError;
}

describe('fetchUrl address checks', () => {
  it('refuses loopback when private networks are off and the host is not listed, before sending anything', async () => {
    const before = server.requests.length;
    const error = await fetchError(fetchUrl(server.url('/page'), options({ allowedPrivateHosts: [] })));
    expect(error.kind).toBe('refused-address');
    expect(error.retryable).toBe(false);
    expect(server.requests.length).toBe(before);
  });

  it('allows exactly the listed host:port', async () => {
    const response = await fetchUrl(server.url('/page'), options());
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe(PAGE);
    const wrongPort = await fetchError(fetchUrl(server.url('/page'), options({ allowedPrivateHosts: ['127.0.0.1:1'] })));
    expect(wrongPort.kind).toBe('refused-address');
  });

  it('allows everything private when allowPrivateNetwork is true', async () => {
    const response = await fetchUrl(other.url('/page'), options({ allowPrivateNetwork: true, allowedPrivateHosts: [] }));
    expect(response.status).toBe(200);
  });

  it('checks the addresses a host name resolves to (localhost)', async () => {
    const error = await fetchError(fetchUrl(`http://localhost:${server.port}/page`, options({ allowedPrivateHosts: [] })));
    expect(error.kind).toBe('refused-address');
    expect(error.message).toMatch(/localhost resolves to the private address/);
  });

  it.each([
    ['not a url', /not a valid URL/],
    ['ftp://files.example/report.pdf', /unsupported scheme ftp:/],
    ['file:///etc/passwd', /unsupported scheme file:/],
    ['http://user:secret@127.0.0.1/', /credentials/],
  ])('rejects %s as a bad URL', async (url, message) => {
    const error = await fetchError(fetchUrl(url, options()));
    expect(error.kind).toBe('bad-url');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(message);
  });
});

describe('fetchUrl redirects', () => {
  it('follows a chain of redirects and reports where it ended', async () => {
    const response = await fetchUrl(server.url('/chain'), options());
    expect(response).toMatchObject({ requestedUrl: server.url('/chain'), finalUrl: server.url('/page'), status: 200, redirects: 2 });
  });

  it('resolves a relative Location against the current URL', async () => {
    const response = await fetchUrl(server.url('/dir/hop'), options());
    expect(response.finalUrl).toBe(server.url('/page?from=hop'));
  });

  it('re-checks every hop: a redirect to an unlisted private host is refused without contacting it', async () => {
    const before = other.requests.length;
    expect((await fetchError(fetchUrl(server.url('/to-other'), options()))).kind).toBe('refused-address');
    expect(other.requests.length).toBe(before);
    expect((await fetchError(fetchUrl(server.url('/to-localhost'), options()))).kind).toBe('refused-address');
    expect((await fetchError(fetchUrl(server.url('/to-metadata'), options()))).kind).toBe('refused-metadata');
  });

  it('re-checks the scheme of every hop', async () => {
    expect((await fetchError(fetchUrl(server.url('/to-ftp'), options()))).kind).toBe('bad-url');
  });

  it('stops a redirect loop after maxRedirects', async () => {
    const before = server.requests.length;
    const error = await fetchError(fetchUrl(server.url('/loop'), options({ maxRedirects: 3 })));
    expect(error.kind).toBe('too-many-redirects');
    expect(error.retryable).toBe(false);
    expect(server.requests.length - before).toBe(4);
  });
});

describe('fetchUrl bodies', () => {
  it('caps the body at maxBytes and marks it truncated', async () => {
    const capped = await fetchUrl(server.url('/big'), options({ maxBytes: 10_000 }));
    expect(capped.truncated).toBe(true);
    expect(capped.body.length).toBe(10_000);
    const whole = await fetchUrl(server.url('/big'), options({ maxBytes: 100_000 }));
    expect(whole.truncated).toBe(false);
    expect(whole.body.length).toBe(100_000);
  });

  it.each(['/gzip', '/deflate', '/deflate-raw', '/br'])('decodes a compressed body (%s)', async (path) => {
    const response = await fetchUrl(server.url(path), options());
    expect(response.body.toString()).toBe(PAGE);
    expect(response.truncated).toBe(false);
  });

  it('applies the cap to decompressed bytes (a gzip bomb stops at maxBytes)', async () => {
    const response = await fetchUrl(server.url('/bomb'), options({ maxBytes: 64 * 1024 }));
    expect(response.truncated).toBe(true);
    expect(response.body.length).toBe(64 * 1024);
  });

  it('returns non-2xx answers instead of throwing', async () => {
    const response = await fetchUrl(server.url('/missing'), options());
    expect(response.status).toBe(404);
    expect(response.body.toString()).toContain('Not found');
  });

  it('reports the MIME type lower-case without parameters, the charset apart, and lower-case headers', async () => {
    const response = await fetchUrl(server.url('/latin1'), options());
    expect(response.contentType).toBe('text/html');
    expect(response.charset).toBe('iso-8859-1');
    expect(response.headers['content-type']).toBe('Text/HTML; Charset="ISO-8859-1"');
    expect((await fetchUrl(server.url('/image'), options())).contentType).toBe('image/png');
  });

  it('sends the user agent and asks for compressed bodies', async () => {
    const response = await fetchUrl(server.url('/headers'), options());
    const sent = JSON.parse(response.body.toString()) as Record<string, string>;
    expect(sent['user-agent']).toBe('deep-research-test/1.0');
    expect(sent['accept-encoding']).toBe('gzip, deflate, br');
    expect(sent.accept).toContain('text/html');
  });
});

describe('fetchUrl failures', () => {
  it('times out a response that never finishes, as a retryable failure', async () => {
    const started = Date.now();
    const error = await fetchError(fetchUrl(server.url('/slow'), options({ timeoutMs: 300 })));
    expect(error.kind).toBe('timeout');
    expect(error.retryable).toBe(true);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('reports a connection cut mid-body as a retryable failure: closed before the body was complete', async () => {
    const error = await fetchError(fetchUrl(server.url('/cut'), options()));
    expect(error.kind).toBe('closed-early');
    expect(error.message).toMatch(/^[^:]+:\d+: the connection closed before the body was complete/);
    expect(error.retryable).toBe(true);
  });

  it('reports a body that does not decompress as a failure not worth retrying', async () => {
    const error = await fetchError(fetchUrl(server.url('/bad-gzip'), options()));
    expect(error.kind).toBe('decompress');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/could not decompress the gzip body/);
  });

  it('reports a refused connection as a retryable connection failure', async () => {
    const closed = await startTestServer({});
    const url = closed.url('/');
    const host = closed.host;
    await closed.close();
    const error = await fetchError(fetchUrl(url, options({ allowedPrivateHosts: [host] })));
    expect(error.kind).toBe('connection');
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/ECONNREFUSED/);
  });

  it('rejects promptly when the signal aborts, and drops the connection', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const fetching = fetchUrl(server.url('/hang'), options({ signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    const error = await fetchError(fetching);
    expect(error.kind).toBe('aborted');
    expect(error.retryable).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(server.requests).toContain('/hang');
    await hangClosed;
  });

  it('rejects at once when the signal is already aborted', async () => {
    const before = server.requests.length;
    const error = await fetchError(fetchUrl(server.url('/page'), options({ signal: AbortSignal.abort() })));
    expect(error.kind).toBe('aborted');
    expect(server.requests.length).toBe(before);
  });
});
