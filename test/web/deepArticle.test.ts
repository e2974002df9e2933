/**
 * A story nested 3,000 elements deep on an otherwise ordinary news page (menu, consent banner, the
 * <form> content systems wrap around a story): read through the page reader as a run reads it, in the
 * extraction pool's threads, by the linear extractor (no recursion), not skipped as empty.
 */
import { extractMainContent } from '../../src/web/extract/mainContent';
import { ExtractionPool } from '../../src/web/extract/pool';
import { readPage } from '../../src/web/readPage';
import { deepArticlePage } from './hostilePages';
import { type TestServer, html, startTestServer } from './testServer';

let server: TestServer;
let pool: ExtractionPool;

beforeAll(async () => {
  server = await startTestServer({ '/storage': html(deepArticlePage(3_000)) });
  pool = new ExtractionPool({ threads: 1, timeoutMs: 60_000 });
});

afterAll(async () => {
  await pool.close();
  await server.close();
});

describe('a story nested 3,000 elements deep inside <article>', () => {
  it('is read whole by the page reader, without the menu or the consent banner', async () => {
    const page = await readPage(server.url('/storage'), {
      timeoutMs: 20_000,
      maxBytes: 5_000_000,
      maxRedirects: 5,
      allowPrivateNetwork: false,
      allowedPrivateHosts: [server.host],
      userAgent: 'deep-research-test/1.0',
      extractionPool: pool,
    });
    expect(page).toMatchObject({ ok: true, title: 'Grid storage passes pumped hydro | Energy Observer' });
    if (!page.ok) throw new Error('unreachable');
    for (let i = 1; i <= 8; i++) expect(page.text).toContain(`Paragraph ${i} of the storage report`);
    expect(page.text).not.toContain('We use cookies');
    expect(page.text).not.toContain('Analysis');
  });

  it('is read by the linear extractor: Readability recurses and is not given a page this deep', () => {
    const content = extractMainContent(deepArticlePage(3_000), 'https://observer.example/storage');
    expect(content.extractor).toBe('linear');
    expect(content.text).toContain('Paragraph 8 of the storage report');
  });
});
