/**
 * Pages built to break a reader, served over HTTP and read with readPage as a run reads them: through
 * the extraction pool's worker threads, within the default 5,000,000-byte fetch cap.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExtractionPool } from '../../src/web/extract/pool';
import { type ReadPageOptions, readPage } from '../../src/web/readPage';
import { deepPage, manyBlocksPage, tablePage } from './hostilePages';
import { type Route, type TestServer, html, startTestServer } from './testServer';

const FETCH_MAX_BYTES = 5_000_000;
const PARAGRAPH = 'Europe added record amounts of grid storage last year, the observatory said in its annual report. ';

function bytes(body: Buffer | string, contentType: string): Route {
  return (_request, response) => response.writeHead(200, { 'content-type': contentType }).end(body);
}

/** Deterministic bytes that look like a compressed file: no magic number, every byte value. */
function noise(length: number, seed = 7): Buffer {
  const out = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** windows-1251 bytes for Russian text (А-я are 0xC0-0xFF there) and ASCII. */
function windows1251(text: string): Buffer {
  return Buffer.from([...text].map((c) => {
    const code = c.codePointAt(0)!;
    if (code < 0x80) return code;
    if (code >= 0x410 && code <= 0x44f) return code - 0x350;
    throw new Error(`no windows-1251 byte for ${c}`);
  }));
}

const RUSSIAN = 'Ёмкость аккумуляторов в европейских сетях впервые превысила гидроаккумулирующие станции. '.replace('Ё', 'Е');
const PNG_HEADER = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let server: TestServer;
let pool: ExtractionPool;

beforeAll(async () => {
  server = await startTestServer({
    '/deep': html(deepPage(3_000)),
    '/table': html(tablePage(130_000)),
    '/heavy': html(manyBlocksPage(FETCH_MAX_BYTES)),
    '/cheap': html(`<html><head><title>Cheap</title></head><body><article><p>${PARAGRAPH.repeat(4)}</p></article></body></html>`),
    '/png-as-html': bytes(Buffer.concat([PNG_HEADER, noise(200_000)]), 'text/html; charset=utf-8'),
    '/binary-as-text': bytes(noise(200_000, 11), 'text/plain'),
    '/high-bytes-as-html': bytes(Buffer.from(noise(200_000, 3).map((b) => (b < 0x20 ? b + 0x80 : b))), 'text/html; charset=utf-8'),
    '/shift-jis': bytes(readFileSync(join(__dirname, '../fixtures/web/shift_jis.html')), 'text/html; charset=Shift_JIS'),
    '/windows-1251': bytes(
      windows1251(`<html><head><meta charset="windows-1251"><title>Аккумуляторы</title></head><body><article><p>${RUSSIAN.repeat(4)}</p></article></body></html>`),
      'text/html',
    ),
    '/undeclared-latin1': bytes(
      Buffer.from(`<html><body><article><p>Le stockage co\xfbte moins cher, a d\xe9clar\xe9 l'observatoire. ${PARAGRAPH.repeat(3)}</p></article></body></html>`, 'latin1'),
      'text/html',
    ),
  });
  // A generous time cap: this file tests memory and the event loop, and shared CI machines are slow.
  pool = new ExtractionPool({ threads: 2, timeoutMs: 90_000 });
  // Both threads started and warm, so timings below are about extraction, not thread start-up.
  await Promise.all([readPage(server.url('/cheap'), options()), readPage(server.url('/cheap'), options())]);
});

afterAll(async () => {
  await pool.close();
  await server.close();
});

function options(extra: Partial<ReadPageOptions> = {}): ReadPageOptions {
  return {
    timeoutMs: 20_000,
    maxBytes: FETCH_MAX_BYTES,
    maxRedirects: 5,
    allowPrivateNetwork: false,
    allowedPrivateHosts: [server.host],
    userAgent: 'deep-research-test/1.0',
    extractionPool: pool,
    ...extra,
  };
}

describe('pages that used to break the reader', () => {
  it('reads a 33 KB page nested 3,000 elements deep', async () => {
    const page = await readPage(server.url('/deep'), options());
    expect(page).toMatchObject({ ok: true, title: 'Deep page' });
    expect(page.ok && page.text).toContain('Battery storage on European grids passed pumped hydro');
  });

  it('reads a 130,000-row table, every row kept as a pipe row', async () => {
    const page = await readPage(server.url('/table'), options());
    expect(page).toMatchObject({ ok: true, title: 'Long table', truncated: false });
    if (!page.ok) throw new Error('unreachable');
    expect(page.text).toContain('| Row | Value |\n| --- | --- |\n| r1 | 1 |');
    expect(page.text).toContain(`| r130000 | ${130_000 % 97} |`);
  });

  it('extracts a many-blocks page at the byte cap off the event loop: a cheap page finishes while it is being extracted', async () => {
    const events: string[] = [];
    const heavy = readPage(server.url('/heavy'), options()).then((page) => {
      events.push('heavy');
      return page;
    });
    // Once the heavy body has arrived its extraction is under way in a pool thread; then read a cheap page.
    await waitFor(() => server.requests.includes('/heavy'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const cheap = await readPage(server.url('/cheap'), options());
    events.push('cheap');
    const page = await heavy;
    expect(cheap).toMatchObject({ ok: true, title: 'Cheap' });
    expect(events).toEqual(['cheap', 'heavy']);
    expect(page).toMatchObject({ ok: true, title: 'Many blocks' });
    expect(page.ok && page.text).toContain('Note 0: grid storage grew again this week.');
    expect(page.ok && page.text).not.toContain('Topic 2');
  });

  it('skips a page past the per-page memory cap as too large, and the pool reads the next page', async () => {
    const small = new ExtractionPool({ threads: 1, maxHeapMb: 24 });
    try {
      const page = await readPage(server.url('/heavy'), options({ extractionPool: small }));
      expect(page).toMatchObject({ ok: false, status: 'too-large', reason: expect.stringContaining('24 MB') });
      expect(await readPage(server.url('/cheap'), options({ extractionPool: small }))).toMatchObject({ ok: true, title: 'Cheap' });
    } finally {
      await small.close();
    }
  });

  it.each([
    ['a PNG served as text/html', '/png-as-html', /PNG image/],
    ['binary served as text/plain', '/binary-as-text', /binary data/],
    ['bytes that do not decode as the declared UTF-8', '/high-bytes-as-html', /does not decode/],
  ])('skips %s as not-text', async (_what, path, reason) => {
    expect(await readPage(server.url(path), options())).toEqual({ ok: false, status: 'not-text', reason: expect.stringMatching(reason) });
  });

  it('still reads a Shift_JIS page (charset in the header) and a windows-1251 page (charset in <meta>)', async () => {
    const japanese = await readPage(server.url('/shift-jis'), options());
    expect(japanese).toMatchObject({ ok: true, title: '電池の記事' });
    expect(japanese.ok && japanese.text).toContain('蓄電池の容量は昨年初めて揚水発電を上回った');
    const russian = await readPage(server.url('/windows-1251'), options());
    expect(russian).toMatchObject({ ok: true, title: 'Аккумуляторы' });
    expect(russian.ok && russian.text).toContain('аккумуляторов в европейских сетях');
  });

  it('reads a page that names no charset and is not UTF-8 as windows-1252, as browsers do', async () => {
    const page = await readPage(server.url('/undeclared-latin1'), options());
    expect(page.ok && page.text).toContain("Le stockage coûte moins cher, a déclaré l'observatoire.");
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}
