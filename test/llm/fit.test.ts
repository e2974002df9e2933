import { fitKeywordResults, fitSummaries, splitIntoChunks } from '../../src/llm/fit';
import { tokenCounter } from '../../src/llm/tokens';

const count = tokenCounter('gpt-4o-mini');

describe('fitting material into the context window', () => {
  it('splits long text into bounded chunks at paragraph boundaries, losing nothing', () => {
    const paragraphs = Array.from({ length: 30 }, (_, i) => `Paragraph ${i} ${'word '.repeat(40)}`.trim());
    const chunks = splitIntoChunks(paragraphs.join('\n\n'), 250, count);
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks) expect(count(c)).toBeLessThanOrEqual(250);
    expect(chunks.join('\n\n')).toBe(paragraphs.join('\n\n'));
  });

  it('terminates and bounds chunks even for one huge paragraph and a tiny window', () => {
    const text = Array.from({ length: 50_000 }, (_, i) => String.fromCharCode(97 + ((i * 7) % 26))).join('');
    const chunks = splitIntoChunks(text, 1, count);
    expect(chunks.every((c) => count(c) <= 50)).toBe(true);
    expect(chunks.join('')).toBe(text);
  });

  it('drops results from the longest list until the planning material fits', () => {
    const r = (n: number) => ({ url: `https://e.example/${n}`, title: 't'.repeat(100), snippet: 's'.repeat(300) });
    const fitted = fitKeywordResults(
      [
        { keyword: 'a', results: [r(1), r(2), r(3), r(4), r(5), r(6)] },
        { keyword: 'b', results: [r(7), r(8)] },
      ],
      300,
      count,
    );
    expect(fitted.map((k) => k.results.length)).toEqual([1, 1]);
    expect(fitKeywordResults([{ keyword: 'a', results: [r(1)] }], 0, count)[0].results).toHaveLength(0);
  });

  it('shortens only the longest summaries to fit the report prompt', () => {
    const s = (n: number, words: number) => ({ url: `u${n}`, title: `t${n}`, summary: 'lorem ipsum '.repeat(words / 2).trim() });
    const short = s(1, 100);
    const fitted = fitSummaries([short, s(2, 5_000), s(3, 2_000)], 2_000, count);
    expect(fitted[0].summary).toBe(short.summary);
    expect(count(fitted[1].summary)).toBeLessThan(1_000);
    expect(fitted.reduce((n, x) => n + count(x.summary), 0)).toBeLessThanOrEqual(2_000 + 4);
  });
});
