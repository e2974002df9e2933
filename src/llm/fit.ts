/**
 * Fitting material into a model's context window. Pure, and every loop shrinks its input each turn,
 * so it ends for any window size, even a small or unknown one.
 */
import type { SearchResult, SourceSummary } from '../domain/types';
import type { KeywordResults } from './prompts';

const CHARS_PER_TOKEN = 4;

/** Splits text into chunks of at most `maxChars`, at paragraph, then sentence, then hard boundaries. */
export function splitIntoChunks(text: string, maxChars: number): string[] {
  const limit = Math.max(200, Math.floor(maxChars));
  const chunks: string[] = [];
  let current = '';
  const pieces = text.split(/\n{2,}/).flatMap((p) => (p.length <= limit ? [p] : splitLong(p, limit)));
  for (const piece of pieces) {
    if (current && current.length + piece.length + 2 > limit) {
      chunks.push(current);
      current = '';
    }
    current = current ? `${current}\n\n${piece}` : piece;
  }
  if (current.trim()) chunks.push(current);
  return chunks;
}

function splitLong(paragraph: string, limit: number): string[] {
  const out: string[] = [];
  let rest = paragraph;
  while (rest.length > limit) {
    const window = rest.slice(0, limit);
    const cut = Math.max(window.lastIndexOf('. '), window.lastIndexOf('\n'));
    const at = cut > limit / 2 ? cut + 1 : limit;
    out.push(rest.slice(0, at).trim());
    rest = rest.slice(at);
  }
  if (rest.trim()) out.push(rest.trim());
  return out;
}

function resultsChars(list: readonly KeywordResults[]): number {
  return list.reduce((n, k) => n + k.results.reduce((m, r) => m + r.title.length + r.url.length + r.snippet.length + 16, 0), 0);
}

/** Drops results from the longest list until the material fits `maxTokens`. */
export function fitKeywordResults(list: readonly KeywordResults[], maxTokens: number): KeywordResults[] {
  const fitted = list.map((k) => ({ keyword: k.keyword, results: [...k.results] as SearchResult[] }));
  while (resultsChars(fitted) / CHARS_PER_TOKEN > maxTokens) {
    const longest = fitted.reduce((a, b) => (b.results.length > a.results.length ? b : a));
    if (longest.results.length === 0) break;
    longest.results.pop();
  }
  return fitted;
}

/** Shortens the longest summaries until all of them fit `maxTokens`; every source keeps at least a little text. */
export function fitSummaries(sources: readonly SourceSummary[], maxTokens: number): SourceSummary[] {
  const maxChars = Math.max(0, maxTokens) * CHARS_PER_TOKEN;
  const total = sources.reduce((n, s) => n + s.summary.length, 0);
  if (total <= maxChars || sources.length === 0) return [...sources];
  // Water-filling: find the per-source cap that makes the total fit.
  const lengths = sources.map((s) => s.summary.length).sort((a, b) => a - b);
  let remaining = maxChars;
  let cap = 0;
  for (let i = 0; i < lengths.length; i++) {
    const share = Math.floor(remaining / (lengths.length - i));
    if (lengths[i] > share) {
      cap = share;
      break;
    }
    remaining -= lengths[i];
  }
  const floor = Math.max(cap, 200);
  return sources.map((s) => (s.summary.length <= floor ? s : { ...s, summary: `${s.summary.slice(0, floor).trimEnd()}…` }));
}
