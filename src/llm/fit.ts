/**
 * Fitting material into a model's context window. Pure, and every loop shrinks its input each turn,
 * so it ends for any window size, even a small or unknown one.
 */
import type { SearchResult, SourceSummary } from '../domain/types';
import type { KeywordResults } from './prompts';
import type { TokenCounter } from './tokens';

interface Piece {
  text: string;
  tokens: number;
}

/**
 * Splits text into chunks of at most `maxTokens` (as `count` measures them), at paragraph, then
 * sentence, then hard boundaries. Pieces are packed greedily; a separator counts as one token.
 */
export function splitIntoChunks(text: string, maxTokens: number, count: TokenCounter): string[] {
  const limit = Math.max(50, Math.floor(maxTokens));
  const chunks: string[] = [];
  let current: Piece | undefined;
  for (const paragraph of text.split(/\n{2,}/)) {
    if (!paragraph.trim()) continue;
    const tokens = count(paragraph);
    const pieces = tokens <= limit ? [{ text: paragraph, tokens }] : splitLong(paragraph, limit, count);
    for (const piece of pieces) {
      if (current && current.tokens + 1 + piece.tokens > limit) {
        chunks.push(current.text);
        current = undefined;
      }
      current = current ? { text: `${current.text}\n\n${piece.text}`, tokens: current.tokens + 1 + piece.tokens } : piece;
    }
  }
  if (current?.text.trim()) chunks.push(current.text);
  return chunks;
}

/** A paragraph over the limit: sentences packed together, a sentence over the limit cut hard. */
function splitLong(paragraph: string, limit: number, count: TokenCounter): Piece[] {
  const out: Piece[] = [];
  let current: Piece | undefined;
  // Sentence ends in Latin and CJK punctuation; the space after one stays with its sentence.
  const sentences = paragraph.match(/[^.!?。！？\n]*(?:[.!?。！？]+\s*|\n+|$)/g)?.filter((x) => x.length > 0) ?? [paragraph];
  for (const sentence of sentences) {
    const tokens = count(sentence);
    const pieces = tokens <= limit ? [{ text: sentence, tokens }] : hardSplit(sentence, tokens, limit, count);
    for (const piece of pieces) {
      if (current && current.tokens + piece.tokens > limit) {
        out.push(current);
        current = undefined;
      }
      current = current ? { text: current.text + piece.text, tokens: current.tokens + piece.tokens } : piece;
    }
  }
  if (current) out.push(current);
  return out.map((p) => ({ text: p.text.trim(), tokens: p.tokens })).filter((p) => p.text.length > 0);
}

/** Cuts by characters, sized from the text's own characters per token and shrunk until each piece fits. */
function hardSplit(text: string, tokens: number, limit: number, count: TokenCounter): Piece[] {
  const out: Piece[] = [];
  const charsPerToken = text.length / Math.max(1, tokens);
  let rest = text;
  while (rest) {
    let size = Math.min(rest.length, Math.max(1, Math.floor(limit * charsPerToken * 0.95)));
    let piece = rest.slice(0, size);
    let n = count(piece);
    while (n > limit && size > 1) {
      size = Math.max(1, Math.floor(size * 0.8));
      piece = rest.slice(0, size);
      n = count(piece);
    }
    out.push({ text: piece, tokens: n });
    rest = rest.slice(size);
  }
  return out;
}

function resultTokens(r: SearchResult, count: TokenCounter): number {
  return count(r.title) + count(r.url) + count(r.snippet) + 8;
}

/** Drops results from the longest list until the material fits `maxTokens`. */
export function fitKeywordResults(list: readonly KeywordResults[], maxTokens: number, count: TokenCounter): KeywordResults[] {
  const fitted = list.map((k) => ({ keyword: k.keyword, results: [...k.results] as SearchResult[], tokens: k.results.map((r) => resultTokens(r, count)) }));
  let total = fitted.reduce((n, k) => n + k.tokens.reduce((a, b) => a + b, 0), 0);
  while (total > maxTokens) {
    const longest = fitted.reduce((a, b) => (b.results.length > a.results.length ? b : a));
    if (longest.results.length === 0) break;
    longest.results.pop();
    total -= longest.tokens.pop()!;
  }
  return fitted.map(({ keyword, results }) => ({ keyword, results }));
}

/** Shortens the longest summaries until all of them fit `maxTokens`; every source keeps at least a little text. */
export function fitSummaries(sources: readonly SourceSummary[], maxTokens: number, count: TokenCounter): SourceSummary[] {
  const budget = Math.max(0, maxTokens);
  const tokens = sources.map((s) => count(s.summary));
  const total = tokens.reduce((a, b) => a + b, 0);
  if (total <= budget || sources.length === 0) return [...sources];
  // Water-filling: find the per-source cap (in tokens) that makes the total fit.
  const sorted = [...tokens].sort((a, b) => a - b);
  let remaining = budget;
  let cap = 0;
  for (let i = 0; i < sorted.length; i++) {
    const share = Math.floor(remaining / (sorted.length - i));
    if (sorted[i] > share) {
      cap = share;
      break;
    }
    remaining -= sorted[i];
  }
  const floor = Math.max(cap, 50);
  return sources.map((s, i) => {
    if (tokens[i] <= floor) return s;
    // The summary's own characters per token turn the cap into a cut, shrunk until it fits.
    let chars = Math.floor((floor * s.summary.length) / tokens[i]);
    while (chars > 1 && count(s.summary.slice(0, chars)) > floor) chars = Math.floor(chars * 0.9);
    return { ...s, summary: `${s.summary.slice(0, chars).trimEnd()}…` };
  });
}
