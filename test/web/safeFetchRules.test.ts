/**
 * The rules of a page fetch as an attacker probes them: credentials in the URL, private addresses written
 * every way a URL allows, names that resolve to private addresses, https with a certificate nobody vouches
 * for, default ports in the allow-list, redirects at the limit, bodies at the byte cap, encodings, headers,
 * deadlines. Every fetch has a short deadline, so a fault fails its test in seconds. Only loopback servers.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import dns, { type LookupAddress } from 'node:dns';
import { promises as fs } from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as zlib from 'node:zlib';
import { fetchUrl, type SafeFetchOptions, WebFetchError } from '../../src/web/safeFetch';
import { html, redirect, startTestServer, type TestServer } from './testServer';

jest.setTimeout(10_000);

const PAGE = '<p>Hello</p>';
let server: TestServer;
/** Text that does not compress much (hex of a hash chain), so half its brotli body holds about half of it. */
const BR_CUT_TEXT = Array.from({ length: 800 }, (_, i) => createHash('sha256').update(String(i)).digest('hex')).join(' ');
/** The endless routes whose connection the client closed. */
const endlessClosed = new Set<string>();

beforeAll(async () => {
  server = await startTestServer({
    '/page': html(PAGE),
    '/echo': (request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: request.method, url: request.url, headers: request.headers })),
    '/hop2': redirect('/hop1', 301),
    '/hop1': redirect('/page', 308),
    '/no-location': (_request, response) => response.writeHead(302, { 'content-type': 'text/plain' }).end('moved, but where?'),
    '/multiple-choices': (_request, response) => response.writeHead(300, { location: '/page', 'content-type': 'text/plain' }).end('pick one'),
    '/not-modified': (_request, response) => response.writeHead(304, { location: '/page' }).end(),
    '/bad-location': redirect('http://[oops/'),
    '/to-credentials': redirect(() => `http://user@${server.host}/page`),
    '/exact': (_request, response) => response.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(1000)),
    '/two-chunks': (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('a'.repeat(600));
      setTimeout(() => response.end('b'.repeat(600)), 10);
    },
    '/identity': (_request, response) => response.writeHead(200, { 'content-encoding': 'identity' }).end(PAGE),
    '/unknown-encoding': (_request, response) => response.writeHead(200, { 'content-encoding': 'zstd' }).end('raw bytes'),
    '/x-gzip': (_request, response) => response.writeHead(200, { 'content-encoding': 'x-gzip' }).end(zlib.gzipSync(PAGE)),
    '/spaced-gzip': (_request, response) => response.writeHead(200, { 'content-encoding': ' GZip ' }).end(zlib.gzipSync(PAGE)),
    '/empty-gzip': (_request, response) => response.writeHead(200, { 'content-encoding': 'gzip' }).end(),
    '/gzip-big': (_request, response) => response.writeHead(200, { 'content-encoding': 'gzip' }).end(zlib.gzipSync('y'.repeat(5000))),
    '/deflate-1': (_request, response) => response.writeHead(200, { 'content-encoding': 'deflate' }).end(zlib.deflateRawSync('')),
    // A zlib-wrapped body whose first byte arrives alone: the two header bytes are read before choosing.
    '/deflate-split': (_request, response) => {
      const body = zlib.deflateSync(PAGE);
      response.writeHead(200, { 'content-encoding': 'deflate' });
      response.write(body.subarray(0, 1));
      setTimeout(() => response.end(body.subarray(1)), 30);
    },
    // Raw deflate whose first byte has the zlib method nibble (8) but whose header checksum fails: a stored block.
    '/deflate-stored-raw': (_request, response) =>
      response.writeHead(200, { 'content-encoding': 'deflate' }).end(Buffer.from([0x08, 0x05, 0x00, 0xfa, 0xff, ...Buffer.from('hello'), 0x03, 0x00])),
    // Raw deflate whose first two bytes pass the zlib checksum (0x5350 % 31 = 0) without the method nibble.
    '/deflate-checksum-lookalike': (_request, response) => response.writeHead(200, { 'content-encoding': 'deflate' }).end(zlib.deflateRawSync('   page text')),
    // A whole deflate body of one byte (an unfinished empty stream): what arrived, nothing.
    '/deflate-one-byte': (_request, response) => response.writeHead(200, { 'content-encoding': 'deflate' }).end(Buffer.from([0x03])),
    // A brotli body the server cut short, but ended cleanly: what did arrive is decoded.
    '/br-cut': (_request, response) => {
      const whole = zlib.brotliCompressSync(BR_CUT_TEXT, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } });
      response.writeHead(200, { 'content-encoding': 'br' }).end(whole.subarray(0, Math.floor(whole.length / 2)));
    },
    // Compressed bodies that never end (a decompression bomb served slowly): read up to the cap, then let go.
    ...Object.fromEntries(
      (['deflate', 'gzip'] as const).map((encoding) => [
        `/endless-${encoding}`,
        (request: import('node:http').IncomingMessage, response: import('node:http').ServerResponse) => {
          const compress = encoding === 'gzip' ? zlib.createGzip() : zlib.createDeflate();
          response.writeHead(200, { 'content-encoding': encoding });
          compress.pipe(response);
          const timer = setInterval(() => compress.write('z'.repeat(4096)) && compress.flush(), 5);
          request.socket.on('close', () => {
            clearInterval(timer);
            endlessClosed.add(encoding);
          });
        },
      ]),
    ),
    '/bad-br': (_request, response) => response.writeHead(200, { 'content-encoding': 'br' }).end('not brotli at all, not at all'),
    '/cookies': (_request, response) => {
      response.setHeader('set-cookie', ['a=1', 'b=2']);
      response.setHeader('X-Mixed-Case', 'Yes');
      response.writeHead(200, { 'content-type': 'text/html;charset = UTF-8 ; foo=bar' }).end(PAGE);
    },
    '/no-type': (_request, response) => {
      response.removeHeader('content-type');
      response.writeHead(200).end('untyped');
    },
    '/typed-params': (_request, response) => response.writeHead(200, { 'content-type': ' TEXT/Plain ; format=flowed; charset=windows-1252' }).end('x'),
    '/charset-only-param': (_request, response) => response.writeHead(200, { 'content-type': 'text/plain; name="a;b"' }).end('x'),
    '/charset-lookalike': (_request, response) => response.writeHead(200, { 'content-type': 'text/plain; notcharset=latin1' }).end('x'),
    '/hang': () => undefined,
    '/slow-body': (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('partial');
    },
  });
});

afterAll(async () => {
  await server.close();
});

function options(extra: Partial<SafeFetchOptions> = {}): SafeFetchOptions {
  return { timeoutMs: 2000, maxBytes: 100_000, maxRedirects: 5, allowPrivateNetwork: false, allowedPrivateHosts: [server.host], userAgent: 'rules-test/1.0', ...extra };
}

async function failure(promise: Promise<unknown>): Promise<WebFetchError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebFetchError);
  return error as WebFetchError;
}

describe('credentials in the URL', () => {
  it.each([
    ['a user name only', (host: string) => `http://user@${host}/page`],
    ['a password only', (host: string) => `http://:s3cret@${host}/page`],
    ['both', (host: string) => `http://user:s3cret@${host}/page`],
  ])('are refused with %s, before anything is sent, and the message carries no secret', async (_case, url) => {
    const before = server.requests.length;
    const error = await failure(fetchUrl(url(server.host), options()));
    expect(error.kind).toBe('bad-url');
    expect(error.message).toBe(`credentials in URL are not allowed: ${server.host}`);
    expect(server.requests.length).toBe(before);
  });

  it('are refused in a redirect target too', async () => {
    const error = await failure(fetchUrl(server.url('/to-credentials'), options()));
    expect(error.kind).toBe('bad-url');
    expect(error.message).toMatch(/credentials/);
  });
});

describe('private addresses written every way a URL allows', () => {
  it.each([
    (port: number) => `http://2130706433:${port}/page`,
    (port: number) => `http://0x7f.1:${port}/page`,
    (port: number) => `http://0177.0.0.1:${port}/page`,
    (port: number) => `http://127.1:${port}/page`,
    (port: number) => `http://[::ffff:127.0.0.1]:${port}/page`,
    (port: number) => `http://[::1]:${port}/page`,
    (port: number) => `http://LOCALHOST:${port}/page`,
    (port: number) => `https://[::ffff:7f00:1]:${port}/page`,
  ])('refuses %p unless listed', async (url) => {
    const before = server.requests.length;
    const error = await failure(fetchUrl(url(server.port), options({ allowedPrivateHosts: [] })));
    expect(error.kind).toBe('refused-address');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/resolves to the private address (127\.0\.0\.1|::1|::ffff:7f00:1)$/);
    expect(server.requests.length).toBe(before);
  });

  it('compares the allow-list entry without case (the configuration hands entries over trimmed)', async () => {
    const response = await fetchUrl(`http://LocalHost:${server.port}/page`, options({ allowedPrivateHosts: [`LOCALHOST:${server.port}`] }));
    expect(response.body.toString()).toBe(PAGE);
  });

  it('takes the default port of the scheme when the URL gives none', async () => {
    // Nothing listens on 127.0.0.1:80 or :443 here: allowed, the fetch reaches the network and fails there.
    const http80 = await failure(fetchUrl('http://127.0.0.1/', options({ allowedPrivateHosts: ['127.0.0.1:80'] })));
    expect([http80.kind, http80.retryable]).toEqual(['connection', true]);
    const https443 = await failure(fetchUrl('https://127.0.0.1/', options({ allowedPrivateHosts: ['127.0.0.1:443'] })));
    expect(https443.kind).toBe('connection');
    for (const [url, entry] of [
      ['http://127.0.0.1/', '127.0.0.1:443'],
      ['https://127.0.0.1/', '127.0.0.1:80'],
    ]) {
      expect((await failure(fetchUrl(url!, options({ allowedPrivateHosts: [entry!] })))).kind).toBe('refused-address');
    }
    // An entry without a port allows the host on any port.
    expect((await failure(fetchUrl('http://127.0.0.1/', options({ allowedPrivateHosts: ['127.0.0.1'] })))).kind).toBe('connection');
  });

  it('without an allow-list, refuses every private address', async () => {
    const { allowedPrivateHosts: _none, ...rest } = options();
    expect((await failure(fetchUrl(server.url('/page'), rest))).kind).toBe('refused-address');
  });
});

describe('names that resolve to private addresses (DNS rebinding)', () => {
  const answer = (result: Error | LookupAddress[]) =>
    jest.spyOn(dns, 'lookup').mockImplementation(((_host: string, _options: unknown, callback: (e: Error | null, a?: LookupAddress[]) => void) => {
      if (result instanceof Error) callback(result);
      else callback(null, result);
    }) as unknown as typeof dns.lookup);

  afterEach(() => jest.restoreAllMocks());

  it('refuses a name when any address it resolves to is private, naming that address', async () => {
    answer([
      { address: '93.184.216.34', family: 4 },
      { address: '10.1.2.3', family: 4 },
    ]);
    const error = await failure(fetchUrl('http://rebind.example/page', options()));
    expect(error.kind).toBe('refused-address');
    expect(error.message).toBe('rebind.example resolves to the private address 10.1.2.3');
  });

  it('refuses a name that resolves to an IPv6 form of a private IPv4 address', async () => {
    answer([{ address: '::ffff:10.1.2.3', family: 6 }]);
    expect((await failure(fetchUrl('http://mapped.example/', options()))).message).toBe('mapped.example resolves to the private address ::ffff:10.1.2.3');
    // The mapped form of a cloud metadata address is refused as such.
    answer([{ address: '::ffff:169.254.169.254', family: 6 }]);
    expect((await failure(fetchUrl('http://metadata.example/', options()))).message).toBe('metadata.example resolves to ::ffff:169.254.169.254, a link-local or cloud metadata address');
  });

  it('fails a name with no address as a network failure not worth retrying', async () => {
    answer([]);
    const error = await failure(fetchUrl('http://empty.example/', options()));
    expect(error.kind).toBe('dns');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/no address for empty\.example/);
  });

  it('fails a name that does not exist for good, and a resolver hiccup as worth retrying', async () => {
    answer(Object.assign(new Error('getaddrinfo ENOTFOUND gone.example'), { code: 'ENOTFOUND' }));
    const gone = await failure(fetchUrl('http://gone.example/', options()));
    expect([gone.kind, gone.retryable]).toEqual(['dns', false]);
    expect(gone.message).toBe('gone.example: getaddrinfo ENOTFOUND gone.example');
    jest.restoreAllMocks();
    answer(Object.assign(new Error('temporary failure'), { code: 'EAI_AGAIN' }));
    const flaky = await failure(fetchUrl('http://flaky.example/', options()));
    expect([flaky.kind, flaky.retryable]).toEqual(['dns', true]);
    expect(flaky.message).toBe('flaky.example: EAI_AGAIN: temporary failure');
  });

  it('lets a name resolve to a private address when it is on the list, or private networks are allowed', async () => {
    answer([{ address: '127.0.0.1', family: 4 }]);
    const listed = await fetchUrl(`http://intranet.example:${server.port}/page`, options({ allowedPrivateHosts: [`intranet.example:${server.port}`] }));
    expect(listed.body.toString()).toBe(PAGE);
    const open = await fetchUrl(`http://intranet.example:${server.port}/page`, options({ allowPrivateNetwork: true, allowedPrivateHosts: [] }));
    expect(open.body.toString()).toBe(PAGE);
    expect((await failure(fetchUrl(`http://intranet.example:${server.port}/page`, options()))).kind).toBe('refused-address');
  });
});

describe('https', () => {
  let tlsServer: https.Server;
  let port: number;
  let cert: string;
  let tlsKey: Buffer;
  let connections = 0;

  beforeAll(async () => {
    // A certificate made here, for 127.0.0.1, signed by nobody Node trusts (an EC key: made in milliseconds).
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'safefetch-tls-'));
    try {
      execFileSync(
        'openssl',
        ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
        { stdio: 'ignore' },
      );
    } catch (error) {
      throw new Error(`openssl is needed to make the test certificate (apt-get install -y openssl): ${String(error)}`);
    }
    cert = await fs.readFile(path.join(dir, 'cert.pem'), 'utf8');
    tlsKey = await fs.readFile(path.join(dir, 'key.pem'));
    tlsServer = https.createServer({ key: tlsKey, cert }, (request, response) => {
      if (request.url === '/to-http') response.writeHead(302, { location: server.url('/page') }).end();
      else if (request.url === '/to-self') response.writeHead(301, { location: '/page' }).end();
      else response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<p>secure ${request.url}</p>`);
    });
    tlsServer.on('connection', () => connections++);
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
    port = (tlsServer.address() as AddressInfo).port;
    await fs.rm(dir, { recursive: true, force: true });
  });

  afterAll(async () => {
    tlsServer.closeAllConnections();
    await new Promise((resolve) => tlsServer.close(resolve));
  });

  it('speaks TLS and refuses a certificate nobody vouches for, for good', async () => {
    const before = connections;
    const error = await failure(fetchUrl(`https://127.0.0.1:${port}/page`, options({ allowedPrivateHosts: [`127.0.0.1:${port}`] })));
    expect(error.kind).toBe('tls');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/^127\.0\.0\.1:\d+: DEPTH_ZERO_SELF_SIGNED_CERT: self[- ]signed certificate/);
    expect(connections).toBe(before + 1);
  });

  it('fails plain HTTP on an https address as a TLS failure, for good', async () => {
    const error = await failure(fetchUrl(`https://${server.host}/page`, options()));
    expect([error.kind, error.retryable]).toEqual(['tls', false]);
    expect(error.message).toMatch(/EPROTO/);
  });

  it('fails a server that demands a client certificate as a TLS failure, for good', async () => {
    const strict = https.createServer({ key: tlsKey, cert, requestCert: true, rejectUnauthorized: true }, (_request, response) => response.end('secret'));
    await new Promise<void>((resolve) => strict.listen(0, '127.0.0.1', resolve));
    const strictPort = (strict.address() as AddressInfo).port;
    try {
      const error = await failure(fetchUrl(`https://127.0.0.1:${strictPort}/`, options({ allowedPrivateHosts: [`127.0.0.1:${strictPort}`], extraCa: [cert] })));
      expect([error.kind, error.retryable]).toEqual(['tls', false]);
      expect(error.message).toMatch(/ERR_SSL_\w*CERTIFICATE_REQUIRED|certificate required/i);
    } finally {
      strict.closeAllConnections();
      await new Promise((resolve) => strict.close(resolve));
    }
  });

  it('fetches over TLS from a server whose certificate it is told to trust', async () => {
    const response = await fetchUrl(`https://127.0.0.1:${port}/page?q=1`, options({ allowedPrivateHosts: [`127.0.0.1:${port}`], extraCa: [cert] }));
    expect(response).toMatchObject({ status: 200, finalUrl: `https://127.0.0.1:${port}/page?q=1`, contentType: 'text/html', charset: 'utf-8', redirects: 0 });
    expect(response.body.toString()).toBe('<p>secure /page?q=1</p>');
    const hop = await fetchUrl(`https://127.0.0.1:${port}/to-self`, options({ allowedPrivateHosts: [`127.0.0.1:${port}`], extraCa: [cert] }));
    expect([hop.finalUrl, hop.redirects, hop.body.toString()]).toEqual([`https://127.0.0.1:${port}/page`, 1, '<p>secure /page</p>']);
  });

  it('checks a redirect from https to http on its own', async () => {
    const both = options({ allowedPrivateHosts: [`127.0.0.1:${port}`, server.host], extraCa: [cert] });
    expect(await fetchUrl(`https://127.0.0.1:${port}/to-http`, both)).toMatchObject({ status: 200, finalUrl: server.url('/page'), redirects: 1 });
    const httpsOnly = options({ allowedPrivateHosts: [`127.0.0.1:${port}`], extraCa: [cert] });
    expect((await failure(fetchUrl(`https://127.0.0.1:${port}/to-http`, httpsOnly))).kind).toBe('refused-address');
  });

  it('refuses an https URL to a private address before connecting', async () => {
    const before = connections;
    expect((await failure(fetchUrl(`https://127.0.0.1:${port}/page`, options({ allowedPrivateHosts: [], extraCa: [cert] })))).kind).toBe('refused-address');
    expect(connections).toBe(before);
  });
});

describe('redirects', () => {
  it('follows exactly maxRedirects hops, and refuses one more', async () => {
    expect(await fetchUrl(server.url('/hop2'), options({ maxRedirects: 2 }))).toMatchObject({ status: 200, redirects: 2, finalUrl: server.url('/page') });
    const error = await failure(fetchUrl(server.url('/hop2'), options({ maxRedirects: 1 })));
    expect(error.kind).toBe('too-many-redirects');
    expect(error.message).toBe(`more than 1 redirects, last to /page`);
    expect((await failure(fetchUrl(server.url('/hop1'), options({ maxRedirects: 0 })))).kind).toBe('too-many-redirects');
  });

  it('returns a redirect status without a Location, and statuses that are no redirect, as they are', async () => {
    const noLocation = await fetchUrl(server.url('/no-location'), options());
    expect([noLocation.status, noLocation.body.toString(), noLocation.redirects]).toEqual([302, 'moved, but where?', 0]);
    const choices = await fetchUrl(server.url('/multiple-choices'), options());
    expect([choices.status, choices.body.toString(), choices.finalUrl]).toEqual([300, 'pick one', server.url('/multiple-choices')]);
    expect((await fetchUrl(server.url('/not-modified'), options())).status).toBe(304);
  });

  it('fails on a Location that is no URL, naming where it came from', async () => {
    const error = await failure(fetchUrl(server.url('/bad-location'), options()));
    expect(error.kind).toBe('bad-url');
    expect(error.message).toBe(`bad redirect location from ${server.host}: http://[oops/`);
  });
});

describe('bodies at the byte cap', () => {
  it('keeps a body of exactly maxBytes whole, and cuts one byte more', async () => {
    const exact = await fetchUrl(server.url('/exact'), options({ maxBytes: 1000 }));
    expect([exact.body.length, exact.truncated]).toEqual([1000, false]);
    const over = await fetchUrl(server.url('/exact'), options({ maxBytes: 999 }));
    expect([over.body.length, over.truncated]).toEqual([999, true]);
  });

  it('cuts across chunks at the cap, keeping the first chunk whole', async () => {
    const response = await fetchUrl(server.url('/two-chunks'), options({ maxBytes: 1000 }));
    expect(response.truncated).toBe(true);
    expect(response.body.toString()).toBe('a'.repeat(600) + 'b'.repeat(400));
  });

  it('applies the cap to the decompressed body', async () => {
    const response = await fetchUrl(server.url('/gzip-big'), options({ maxBytes: 1234 }));
    expect([response.body.toString(), response.truncated]).toEqual(['y'.repeat(1234), true]);
  });
});

describe('encodings', () => {
  it.each([
    ['/identity', PAGE],
    ['/unknown-encoding', 'raw bytes'],
    ['/x-gzip', PAGE],
    ['/spaced-gzip', PAGE],
    ['/empty-gzip', ''],
    ['/deflate-1', ''],
    ['/deflate-split', PAGE],
    ['/deflate-stored-raw', 'hello'],
    ['/deflate-checksum-lookalike', '   page text'],
    ['/deflate-one-byte', ''],
  ])('%s gives %j', async (route, body) => {
    const response = await fetchUrl(server.url(route), options());
    expect([response.body.toString(), response.truncated]).toEqual([body, false]);
  });

  it('fails a brotli body that does not decompress, for good', async () => {
    const error = await failure(fetchUrl(server.url('/bad-br'), options()));
    expect([error.kind, error.retryable]).toEqual(['decompress', false]);
    expect(error.message).toMatch(new RegExp(`^${server.host.replace(/\./g, '\\.')}: could not decompress the br body: `));
  });
});

describe('bodies that never end or end too soon', () => {
  it('decodes what arrived of a brotli body cut short, without failing the page', async () => {
    const response = await fetchUrl(server.url('/br-cut'), options());
    const text = response.body.toString();
    expect(text.length).toBeGreaterThan(BR_CUT_TEXT.length / 4);
    expect(BR_CUT_TEXT.startsWith(text)).toBe(true);
    expect(response.truncated).toBe(false);
  });

  it.each(['deflate', 'gzip'])('stops an endless %s body at the byte cap, long before the deadline, and closes the connection', async (encoding) => {
    const started = Date.now();
    const response = await fetchUrl(server.url(`/endless-${encoding}`), options({ maxBytes: 50_000, timeoutMs: 5000 }));
    expect([response.body.length, response.truncated]).toEqual([50_000, true]);
    expect(response.body.toString()).toBe('z'.repeat(50_000));
    expect(Date.now() - started).toBeLessThan(4000);
    for (let i = 0; i < 100 && !endlessClosed.has(encoding); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(endlessClosed.has(encoding)).toBe(true);
  });
});

describe('what a failure carries', () => {
  it('keeps the socket or decompressor error as its cause', async () => {
    const refused = await failure(fetchUrl('http://127.0.0.1:1/', options({ allowedPrivateHosts: ['127.0.0.1:1'] })));
    expect([refused.kind, (refused.cause as NodeJS.ErrnoException).code]).toEqual(['connection', 'ECONNREFUSED']);
    const undecodable = await failure(fetchUrl(server.url('/bad-br'), options()));
    const zlibError = undecodable.cause as NodeJS.ErrnoException;
    expect(zlibError.code).toMatch(/^ERR_/);
    expect(undecodable.message).toContain(zlibError.message);
    expect(new WebFetchError('timeout', 'm').cause).toBeUndefined();
  });
});

describe('headers, type and charset', () => {
  it('sends the user agent, the Accept header asked for, and the path with its query', async () => {
    const response = await fetchUrl(server.url('/echo?a=1&b=two'), options({ accept: 'application/pdf', userAgent: 'ua/2' }));
    const sent = JSON.parse(response.body.toString()) as { method: string; url: string; headers: Record<string, string> };
    expect([sent.method, sent.url]).toEqual(['GET', '/echo?a=1&b=two']);
    expect(sent.headers['user-agent']).toBe('ua/2');
    expect(sent.headers.accept).toBe('application/pdf');
    const fallback = JSON.parse((await fetchUrl(server.url('/echo'), options())).body.toString()) as { headers: Record<string, string> };
    expect(fallback.headers.accept).toBe('text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8,*/*;q=0.5');
  });

  it('joins repeated headers, lower-cases names, and reads the charset among other parameters', async () => {
    const response = await fetchUrl(server.url('/cookies'), options());
    expect(response.headers['set-cookie']).toBe('a=1, b=2');
    expect(response.headers['x-mixed-case']).toBe('Yes');
    expect([response.contentType, response.charset]).toEqual(['text/html', 'utf-8']);
    const typed = await fetchUrl(server.url('/typed-params'), options());
    expect([typed.contentType, typed.charset]).toEqual(['text/plain', 'windows-1252']);
  });

  it('gives an empty type and no charset when the server sends none', async () => {
    const untyped = await fetchUrl(server.url('/no-type'), options());
    expect(untyped.contentType).toBe('');
    expect('charset' in untyped).toBe(false);
    const noCharset = await fetchUrl(server.url('/charset-only-param'), options());
    expect([noCharset.contentType, 'charset' in noCharset]).toEqual(['text/plain', false]);
    // A parameter that only ends in "charset" names none.
    expect('charset' in (await fetchUrl(server.url('/charset-lookalike'), options()))).toBe(false);
  });
});

describe('deadlines and cancellation', () => {
  it('times out a server that never answers, saying where and after how long', async () => {
    const started = Date.now();
    const error = await failure(fetchUrl(server.url('/hang'), options({ timeoutMs: 200 })));
    expect([error.kind, error.retryable]).toEqual(['timeout', true]);
    expect(error.message).toBe(`${server.host}: no complete answer within 200 ms`);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('stops reading a body when the caller cancels', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user stop')), 100);
    const error = await failure(fetchUrl(server.url('/slow-body'), options({ signal: controller.signal })));
    expect([error.kind, error.retryable]).toEqual(['aborted', false]);
    expect(error.message).toBe(`fetch of ${server.url('/slow-body')} was cancelled`);
    expect((error.cause as Error).message).toBe('user stop');
  });

  it('is not cancelled by a signal that aborts after it finished', async () => {
    const controller = new AbortController();
    const response = await fetchUrl(server.url('/page'), options({ signal: controller.signal }));
    controller.abort();
    expect(response.body.toString()).toBe(PAGE);
  });

  it('says an already cancelled fetch was cancelled, with the reason', async () => {
    const error = await failure(fetchUrl(server.url('/page'), options({ signal: AbortSignal.abort('gone') })));
    expect(error.message).toBe(`fetch of ${server.url('/page')} was cancelled`);
    expect(error.cause).toBe('gone');
  });
});

describe('error kinds', () => {
  it.each([
    ['timeout', true],
    ['connection', true],
    ['closed-early', true],
    ['dns', false],
    ['tls', false],
    ['decompress', false],
    ['refused-metadata', false],
    ['refused-address', false],
    ['bad-url', false],
    ['too-many-redirects', false],
    ['aborted', false],
  ] as const)('%s is retryable: %s, unless said otherwise', (kind, retryable) => {
    const error = new WebFetchError(kind, 'm');
    expect([error.name, error.retryable, error.message]).toEqual(['WebFetchError', retryable, 'm']);
    expect(new WebFetchError(kind, 'm', { retryable: !retryable }).retryable).toBe(!retryable);
  });

  it.each(['not a url', 'http://', 'mailto:a@b.example', 'javascript:alert(1)'])('refuses %p as a bad URL', async (url) => {
    const error = await failure(fetchUrl(url, options()));
    expect(error.kind).toBe('bad-url');
  });
});
