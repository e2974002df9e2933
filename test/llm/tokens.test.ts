import { pageChunks } from '../../src/activities/browse';
import { loadConfig } from '../../src/config';
import { chunkTokens, pageTextTokenCap, tokensForWords } from '../../src/domain/budget';
import type { ResearchSettings } from '../../src/domain/types';
import { countTokens, encodingForModel, segments, truncateToTokens } from '../../src/llm/tokens';

// gpt-4o on a small context window, writing Chinese: where four characters a token went wrong.
const settings = (overrides: Partial<ResearchSettings> = {}): ResearchSettings => ({
  ...loadConfig({}).research,
  model: 'gpt-4o',
  language: 'zh-cn',
  price: { inputPerMillion: 2.5, outputPerMillion: 10 },
  contextTokens: 8192,
  maxOutputTokens: 2048,
  ...overrides,
});

// A Chinese page with no spaces and few stops: about one token a character, not four characters a token.
const CJK_SENTENCE = '深度学习框架的比较研究表明张量流与派火炬在研究与生产环境中的使用各有长处和短处';
const cjkPage = Array.from({ length: 60 }, (_, i) => `${CJK_SENTENCE.repeat(8)}第${i}段。`).join('\n\n');

describe('the tokenizer', () => {
  it('uses the encoding of the model: o200k for the gpt-4o family and newer, cl100k for gpt-4 and gpt-3.5', () => {
    expect(['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-5', 'o3-mini', 'openai/gpt-4o'].map(encodingForModel)).toEqual(Array(6).fill('o200k_base'));
    expect(['gpt-4', 'gpt-4-turbo', 'gpt-3.5-turbo'].map(encodingForModel)).toEqual(Array(3).fill('cl100k_base'));
    expect(encodingForModel('llama3.1:8b')).toBe('o200k_base');
  });

  it('counts real tokens: CJK text takes about a token a character, English about four characters a token', () => {
    expect(countTokens('hello world', 'gpt-4o')).toBe(2);
    const cjk = CJK_SENTENCE.repeat(20);
    expect(countTokens(cjk, 'gpt-4o')).toBeGreaterThan(cjk.length / 2);
    const english = 'The quick brown fox jumps over the lazy dog. '.repeat(100);
    expect(countTokens(english, 'gpt-4o')).toBeLessThan(english.length / 4);
  });

  it('treats special-token text in a page as plain text instead of throwing', () => {
    expect(countTokens('a page that says <|endoftext|> in its body', 'gpt-4o')).toBeGreaterThan(5);
  });

  it('cuts text into bounded segments that lose nothing and never split a surrogate pair', () => {
    const text = `${'😀'.repeat(300)} ${'x'.repeat(1000)}`;
    const parts = [...segments(text)];
    expect(parts.join('')).toBe(text);
    expect(parts.every((p) => p.length <= 256 && !/[\uD800-\uDBFF]$/.test(p))).toBe(true);
  });

  it('truncates to a token budget', () => {
    const cut = truncateToTokens(CJK_SENTENCE.repeat(100), 500, 'gpt-4o');
    expect(countTokens(cut, 'gpt-4o')).toBeLessThanOrEqual(500);
    expect(countTokens(cut, 'gpt-4o')).toBeGreaterThan(400);
  });

  it('names the tokens-per-word figure once', () => {
    expect(tokensForWords(1000)).toBe(1600);
  });
});

describe('a CJK page', () => {
  it('is chunked within chunkTokens, so no chunk overflows an 8k context (4 chars a token made ~15k-token chunks)', async () => {
    const s = settings();
    const total = countTokens(cjkPage, s.model);
    expect(total).toBeGreaterThan(pageTextTokenCap(s)); // long enough to be cut, too
    const chunks = await pageChunks(cjkPage, s);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(countTokens(chunk, s.model)).toBeLessThanOrEqual(chunkTokens(s));
    // Nothing but the page cap is lost: the chunks hold (nearly) the whole capped text, in order.
    const kept = chunks.reduce((n, c) => n + countTokens(c, s.model), 0);
    expect(kept).toBeGreaterThan(pageTextTokenCap(s) * 0.95);
    expect(kept).toBeLessThanOrEqual(pageTextTokenCap(s) + chunks.length);
    expect(cjkPage.startsWith(chunks[0])).toBe(true);
  });
});
