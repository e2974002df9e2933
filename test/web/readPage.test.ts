import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { FailureType } from '../../src/errors';
import { REFUSED_PRIVATE_REASON, type ReadPageOptions, readPage } from '../../src/web/readPage';
import { buildPdf } from './pdfFixture';
import { type TestServer, html, redirect, startTestServer } from './testServer';

const ARTICLE = readFileSync(join(__dirname, '../fixtures/web/news-article.html'), 'utf8');
const CLOUDFLARE = `<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title></head><body>
  <div class="main-wrapper" role="main"><div class="main-content"><h1 class="zone-name-title h1">news.example</h1>
  <h2 class="h2" id="challenge-running">Checking if the site connection is secure</h2>
  <noscript><div class="h2"><span id="challenge-error-text">Enable JavaScript and cookies to continue</span></div></noscript>
  </div></div><div class="footer" role="contentinfo">Ray ID: 8a1b2c3d4e5f6a7b · Performance &amp; security by Cloudflare</div></body></html>`;
const NOSCRIPT_WALL = `<html><head><title>news.example</title></head><body><div id="app"></div>
  <noscript>Please enable JavaScript and cookies to continue</noscript></body></html>`;
const REPORT_LINES = [
  'Grid Storage Outlook 2024',
  'Battery storage connected to European grids reached 58 GWh at the end of 2023.',
  'Germany, Italy and Great Britain together added more than half of the new capacity.',
  'Cell prices fell by a fifth, and grid-balancing markets opened in four more countries.',
];
const PDF = buildPdf({ title: 'Grid Storage Outlook', pages: [REPORT_LINES] });
const PARAGRAPH = 'Europe added record amounts of grid storage last year, the observatory said in its annual report. ';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    '/article': html(ARTICLE),
    '/moved': redirect('/article', 301),
    '/loop': redirect('/loop'),
    '/missing': html('<html><head><title>Not found</title></head><body><h1>Page not found</h1></body></html>', 404),
    '/gone': html('', 410),
    '/image': (_q, response) => response.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47])),
    '/short': html('<html><head><title>Short</title></head><body><main><p>Just one line.</p></main></body></html>'),
    '/cloudflare': html(CLOUDFLARE, 403),
    '/noscript-wall': html(NOSCRIPT_WALL),
    '/rate-limited': html('<html><body>Slow down</body></html>', 429),
    '/down': (_q, response) => response.writeHead(503, { 'content-type': 'text/plain' }).end('Service temporarily down'),
    '/pdf': (_q, response) => response.writeHead(200, { 'content-type': 'application/pdf' }).end(PDF),
    '/files/outlook-2024.pdf': (_q, response) => response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(buildPdf({ pages: [REPORT_LINES] })),
    '/notes.txt': (_q, response) => response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(`Storage notes\n\n${PARAGRAPH.repeat(4)}`),
    '/latin1': (_q, response) =>
      response
        .writeHead(200, { 'content-type': 'text/html; charset=windows-1252' })
        .end(Buffer.from(`<html><body><article><p>Le stockage coûte 100 \x80 par kWh. ${PARAGRAPH.repeat(3)}</p></article></body></html>`, 'latin1')),
    '/long': html(`<html><head><title>Long</title></head><body><article>${Array.from({ length: 200 }, (_, i) => `<p>${i + 1}. ${PARAGRAPH}</p>`).join('')}</article></body></html>`),
    '/slow': (_q, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.write('<html>');
    },
    '/hang': () => {},
  });
});

afterAll(() => server.close());

function options(extra: Partial<ReadPageOptions> = {}): ReadPageOptions {
  return {
    timeoutMs: 3000,
    maxBytes: 2_000_000,
    maxRedirects: 5,
    allowPrivateNetwork: false,
    allowedPrivateHosts: [server.host],
    userAgent: 'deep-research-test/1.0',
    ...extra,
  };
}

describe('readPage', () => {
  it('reads an article page into its title and main text', async () => {
    const page = await readPage(server.url('/moved'), options());
    expect(page).toMatchObject({
      ok: true,
      url: server.url('/moved'),
      finalUrl: server.url('/article'),
      title: 'Grid batteries overtake pumped hydro in Europe',
      contentType: 'text/html',
      truncated: false,
    });
    if (!page.ok) throw new Error('unreachable');
    expect(page.text).toContain('| Germany | 16.4 | +68% |');
    expect(page.text).not.toContain('We use cookies');
  });

  it('decodes the charset the server names', async () => {
    const page = await readPage(server.url('/latin1'), options());
    expect(page.ok && page.text).toContain('Le stockage coûte 100 € par kWh.');
  });

  it('reads plain text', async () => {
    const page = await readPage(server.url('/notes.txt'), options());
    expect(page).toMatchObject({ ok: true, title: 'Storage notes', contentType: 'text/plain' });
  });

  it('reads a PDF, with its document title', async () => {
    const page = await readPage(server.url('/pdf'), options());
    expect(page).toMatchObject({ ok: true, title: 'Grid Storage Outlook', contentType: 'application/pdf', truncated: false });
    expect(page.ok && page.text).toContain('reached 58 GWh at the end of 2023.');
  });

  it('recognizes a PDF served as application/octet-stream, titled after its file name', async () => {
    const page = await readPage(server.url('/files/outlook-2024.pdf'), options());
    expect(page).toMatchObject({ ok: true, title: 'outlook-2024.pdf', contentType: 'application/pdf' });
  });

  it('fails a PDF cut by the byte cap', async () => {
    const page = await readPage(server.url('/pdf'), options({ maxBytes: 300 }));
    expect(page).toMatchObject({ ok: false, status: 'failed' });
    expect(!page.ok && page.reason).toMatch(/larger than the 300-byte download limit/);
  });

  it('still extracts a truncated HTML page, and says it is truncated', async () => {
    const page = await readPage(server.url('/long'), options({ maxBytes: 5_000 }));
    expect(page).toMatchObject({ ok: true, truncated: true });
    expect(page.ok && page.text.length).toBeGreaterThan(1_000);
  });

  it('caps the text at maxTextChars on a word boundary', async () => {
    const page = await readPage(server.url('/long'), options({ maxTextChars: 1_000 }));
    expect(page).toMatchObject({ ok: true, truncated: true });
    if (!page.ok) throw new Error('unreachable');
    expect(page.text.length).toBeLessThanOrEqual(1_000);
    expect(page.text.length).toBeGreaterThan(900);
    expect(page.text).toMatch(/\S$/);
  });

  it.each([
    ['/missing', 'HTTP 404 Not Found'],
    ['/gone', 'HTTP 410 Gone'],
  ])('fails %s with the HTTP status', async (path, reason) => {
    expect(await readPage(server.url(path), options())).toEqual({ ok: false, status: 'failed', reason });
  });

  it('fails a private address with a reason that says how to allow it', async () => {
    const page = await readPage(server.url('/article'), options({ allowedPrivateHosts: [] }));
    expect(page).toEqual({ ok: false, status: 'failed', reason: REFUSED_PRIVATE_REASON });
    expect(REFUSED_PRIVATE_REASON).toBe('refused: resolves to a private address (name the host in RESEARCH_ALLOWED_HOSTS, or set RESEARCH_ALLOW_PRIVATE_NETWORK=true, to allow)');
  });

  it('fails bad URLs and redirect loops', async () => {
    expect(await readPage('mailto:someone@example.com', options())).toMatchObject({ ok: false, status: 'failed', reason: expect.stringMatching(/^bad URL/) });
    expect(await readPage(server.url('/loop'), options({ maxRedirects: 2 }))).toMatchObject({
      ok: false,
      status: 'failed',
      reason: expect.stringMatching(/^too many redirects/),
    });
  });

  it('skips content that is not text', async () => {
    expect(await readPage(server.url('/image'), options())).toEqual({ ok: false, status: 'not-text', reason: 'not a text page: image/png' });
  });

  it('calls a page with almost no main text empty', async () => {
    expect(await readPage(server.url('/short'), options())).toMatchObject({ ok: false, status: 'empty', title: 'Short' });
  });

  it('recognizes bot walls: a Cloudflare 403, a <noscript> wall, a 429', async () => {
    expect(await readPage(server.url('/cloudflare'), options())).toMatchObject({ ok: false, status: 'blocked', reason: expect.stringContaining('Cloudflare') });
    expect(await readPage(server.url('/noscript-wall'), options())).toMatchObject({ ok: false, status: 'blocked', reason: expect.stringContaining('JavaScript and cookies') });
    expect(await readPage(server.url('/rate-limited'), options())).toMatchObject({ ok: false, status: 'blocked', reason: expect.stringContaining('HTTP 429') });
  });

  async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApplicationFailure);
    return error as ApplicationFailure;
  }

  it('throws a retryable Unavailable failure for a 5xx that is not a block page', async () => {
    const failure = await failureOf(readPage(server.url('/down'), options()));
    expect(failure.type).toBe(FailureType.Unavailable);
    expect(failure.nonRetryable).toBeFalsy();
    expect(failure.message).toContain(server.url('/down'));
    expect(failure.message).toContain('HTTP 503 Service Unavailable');
  });

  it('records a page that does not answer in time as failed, without a retry that would wait again', async () => {
    const result = await readPage(server.url('/slow'), options({ timeoutMs: 300 }));
    expect(result).toMatchObject({ ok: false, status: 'failed' });
    expect(!result.ok && result.reason).toMatch(/too slow: .*within 300 ms/);
  });

  it("rethrows cancellation as the signal's reason", async () => {
    const controller = new AbortController();
    const reason = new Error('activity cancelled');
    const reading = readPage(server.url('/hang'), options({ signal: controller.signal }));
    setTimeout(() => controller.abort(reason), 30);
    await expect(reading).rejects.toBe(reason);
  });
});
