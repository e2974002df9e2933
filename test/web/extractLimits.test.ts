/** Extraction on pages shaped to defeat recursion or quadratic passes, and the guard in front of Readability. */
import { extractMainContent } from '../../src/web/extract/mainContent';
import { readabilityGuard } from '../../src/web/extract/readability';
import { parseFlat } from '../../src/web/extract/tree';
import { deepPage } from './hostilePages';

const SENTENCE = 'Battery storage on European grids passed pumped hydro for the first time last year. ';
const wrap = (body: string) => `<!doctype html><html><head><title>Doc</title></head><body>${body}</body></html>`;

describe('extraction limits', () => {
  it('reads a page nested 20,000 elements deep with the linear extractor (Readability would overflow its stack)', () => {
    const page = extractMainContent(deepPage(20_000), 'https://x.example/deep');
    expect(page.text).toContain('Battery storage on European grids passed pumped hydro');
    expect(page.extractor).toBe('linear');
  });

  it('writes lists nested 5,000 deep without recursion, indenting only the first levels', () => {
    const nested = `${'<ul><li>level'.repeat(5_000)}${'</li></ul>'.repeat(5_000)}`;
    const page = extractMainContent(wrap(`<article><p>${SENTENCE.repeat(3)}</p>${nested}</article>`), 'https://x.example/lists');
    expect(page.text).toContain('- level\n  - level');
    expect(page.text.match(/level/g)!.length).toBeGreaterThan(1_000);
  });

  it('measures depth, nodes and size without recursion, and keeps hostile shapes away from Readability', () => {
    const deep = parseFlat(deepPage(3_000));
    expect(deep.maxDepth).toBeGreaterThanOrEqual(3_000);
    expect(readabilityGuard(deep, 33_000)).toEqual({ ok: false, reason: expect.stringContaining('levels deep') });
    const ordinary = parseFlat(wrap(`<article><p>${SENTENCE}</p></article>`));
    expect(readabilityGuard(ordinary, 500)).toEqual({ ok: true });
    expect(readabilityGuard(ordinary, 50_000_000)).toEqual({ ok: false, reason: expect.stringContaining('characters') });
    // Shallow enough and small enough, but hundreds of blocks each 55 deep: Readability's ancestor walks would crawl.
    const block = `${'<div>'.repeat(55)}<p>${SENTENCE}</p>${'</div>'.repeat(55)}`;
    const crawling = parseFlat(wrap(block.repeat(400)));
    expect(crawling.maxDepth).toBeLessThan(60);
    expect(readabilityGuard(crawling, 200_000)).toEqual({ ok: false, reason: expect.stringContaining('depth sum') });
  });

  it('uses Readability on an ordinary article and keeps its structure as text', () => {
    const body = `<nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>Storage record</h1>
      ${`<p>${SENTENCE.repeat(3)}</p>`.repeat(4)}<ul><li>Germany leads</li><li>Italy follows</li></ul></article>
      <footer>All rights reserved</footer>`;
    const page = extractMainContent(wrap(body), 'https://x.example/a');
    expect(page.extractor).toBe('readability');
    expect(page.text).toMatch(/^# Storage record$/m);
    expect(page.text).toContain('- Germany leads\n- Italy follows');
    expect(page.text).not.toContain('All rights reserved');
    expect(page.text).not.toContain('Home');
  });
});
