/**
 * The page reader is where page text enters: whatever a page carries (bidi controls, zero-width characters,
 * terminal escapes, raw or as HTML character references), its title, text and skip reasons come out clean,
 * for HTML, plain text and PDF alike, and right-to-left text comes out as it went in.
 */
import { type ReadPageOptions, type ReadPageResult, readPage } from '../../src/web/readPage';
import { ARABIC, CLEAN_TITLE, EMOJI_FAMILY, ESCAPE_LEFTOVERS, HEBREW, HOSTILE_TITLE, PERSIAN, cleanParagraph, hiddenCharacters, hostileParagraph } from '../text/hostileText';
import { PDF_CSI, PDF_DEL, PDF_ESC, hostilePdf } from './hostilePdf';
import { type TestServer, startTestServer } from './testServer';

const PARAGRAPHS = [1, 2, 3, 4];
const HTML = `<!doctype html><html><head><title>${HOSTILE_TITLE}</title></head><body><main><article>
  <h1>Grid&#x2066; storage&#x2069;&#27;[2J</h1>
  ${PARAGRAPHS.map((n) => `<p>${hostileParagraph(n)}</p>`).join('\n')}
  <p lang="ar" dir="rtl">${ARABIC}</p><p lang="he" dir="rtl">${HEBREW}</p><p>${PERSIAN} ${EMOJI_FAMILY}</p>
</article></main></body></html>`;
const TEXT = `${HOSTILE_TITLE}\r\n\r\n${PARAGRAPHS.map(hostileParagraph).join('\r\n\r\n')}\r\n`;
const PDF_LINES = Array.from({ length: 6 }, (_, i) => `Storage rose by ${i + 12} percent ${PDF_ESC}[2J${PDF_CSI}31min 2025${PDF_DEL}, the observatory said.`);

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    '/page.html': (_q, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(HTML),
    '/notes.txt': (_q, response) => response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(TEXT),
    '/report.pdf': (_q, response) => response.writeHead(200, { 'content-type': 'application/pdf' }).end(hostilePdf(`\u202EGrid storage\u202C\u009B2J outlook\u200B`, PDF_LINES)),
    // Header values are Latin-1: a server can send the 8-bit CSI (0x9B) in a content type or a redirect target.
    '/typed': (_q, response) => response.writeHead(200, { 'content-type': 'image/x-\x9b2Jtrap' }).end('GIF89a'),
    '/moved': (_q, response) => response.writeHead(302, { location: '/next-\x9b2J\x9d0;pwned\x9c' }).end(),
  });
});

afterAll(() => server.close());

function options(extra: Partial<ReadPageOptions> = {}): ReadPageOptions {
  return { timeoutMs: 5000, maxBytes: 2_000_000, maxRedirects: 5, allowPrivateNetwork: false, allowedPrivateHosts: [server.host], userAgent: 'deep-research-test/1.0', ...extra };
}

function clean(result: ReadPageResult): void {
  const texts = result.ok ? [result.title, result.text] : [result.reason, result.title ?? ''];
  for (const text of texts) {
    expect(hiddenCharacters(text)).toEqual([]);
    for (const leftover of ESCAPE_LEFTOVERS) expect(text).not.toContain(leftover);
  }
}

describe('readPage cleans what a page carries', () => {
  it('an HTML page: title, headings and paragraphs keep their words, lose their controls; RTL text and joiners stay', async () => {
    const page = await readPage(server.url('/page.html'), options());
    clean(page);
    if (!page.ok) throw new Error(`not read: ${page.reason}`);
    expect(page.title).toBe(CLEAN_TITLE);
    expect(page.text).toContain('# Grid storage');
    for (const n of PARAGRAPHS) expect(page.text).toContain(cleanParagraph(n));
    for (const kept of [ARABIC, HEBREW, PERSIAN, EMOJI_FAMILY]) expect(page.text).toContain(kept);
  });

  it('a plain-text page: its first line as the title, CRLF as LF', async () => {
    const page = await readPage(server.url('/notes.txt'), options());
    clean(page);
    if (!page.ok) throw new Error(`not read: ${page.reason}`);
    expect(page.title).toBe(CLEAN_TITLE);
    expect(page.text).toBe(`${CLEAN_TITLE}\n\n${PARAGRAPHS.map(cleanParagraph).join('\n\n')}`);
  });

  it('a PDF: its title and text (escapes pdf.js passes through)', async () => {
    const page = await readPage(server.url('/report.pdf'), options());
    clean(page);
    if (!page.ok) throw new Error(`not read: ${page.reason}`);
    expect(page.title).toBe('Grid storage outlook');
    expect(page.text).toContain('Storage rose by 12 percent in 2025, the observatory said.');
  });

  it('a skip reason that quotes what the server sent (its content type, its redirect target)', async () => {
    const typed = await readPage(server.url('/typed'), options());
    expect(typed).toMatchObject({ ok: false, status: 'not-text' });
    clean(typed);
    expect(!typed.ok && typed.reason).toBe('not a text page: image/x-trap');

    const moved = await readPage(server.url('/moved'), options({ maxRedirects: 0 }));
    expect(moved).toMatchObject({ ok: false, status: 'failed' });
    clean(moved);
    expect(!moved.ok && moved.reason).toMatch(/last to \/next-$/);
  });
});
