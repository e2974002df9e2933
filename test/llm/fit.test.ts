import { fitKeywordResults, fitSummaries, splitIntoChunks } from '../../src/llm/fit';

describe('fitting material into the context window', () => {
  it('splits long text into bounded chunks at paragraph boundaries, losing nothing', () => {
    const paragraphs = Array.from({ length: 30 }, (_, i) => `Paragraph ${i} ${'word '.repeat(40)}`.trim());
    const chunks = splitIntoChunks(paragraphs.join('\n\n'), 1000);
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(1000);
    expect(chunks.join('\n\n')).toBe(paragraphs.join('\n\n'));
  });

  it('terminates and bounds chunks even for one huge paragraph and a tiny window', () => {
    const chunks = splitIntoChunks('x'.repeat(50_000), 1);
    expect(chunks.every((c) => c.length <= 200)).toBe(true);
    expect(chunks.join('')).toHaveLength(50_000);
  });

  it('drops results from the longest list until the planning material fits', () => {
    const r = (n: number) => ({ url: `https://e.example/${n}`, title: 't'.repeat(100), snippet: 's'.repeat(300) });
    const fitted = fitKeywordResults(
      [
        { keyword: 'a', results: [r(1), r(2), r(3), r(4), r(5), r(6)] },
        { keyword: 'b', results: [r(7), r(8)] },
      ],
      300,
    );
    expect(fitted.map((k) => k.results.length)).toEqual([1, 1]);
    expect(fitKeywordResults([{ keyword: 'a', results: [r(1)] }], 0)[0].results).toHaveLength(0);
  });

  it('shortens only the longest summaries to fit the report prompt', () => {
    const s = (n: number, len: number) => ({ url: `u${n}`, title: `t${n}`, summary: 'y'.repeat(len) });
    const fitted = fitSummaries([s(1, 400), s(2, 20_000), s(3, 8_000)], 2_000);
    expect(fitted[0].summary).toHaveLength(400);
    expect(fitted[1].summary.length).toBeLessThan(4_000);
    expect(fitted.reduce((n, x) => n + x.summary.length, 0)).toBeLessThanOrEqual(8_000 + 4);
  });
});
