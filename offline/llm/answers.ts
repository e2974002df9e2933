/**
 * The stand-in model's answers for the JSON stages. Deterministic and made only from what the prompt holds:
 * phrases from the topic and the listed titles, result numbers ordered by word overlap, and whole sentences
 * copied from the page text.
 */
import { contentTerms, contentTokens, countShared, normalizeSpace, sentencesOf, splitSentences, stem, words } from '../text';
import type { ListedResult } from './promptReader';

const KEYWORD_VARIATIONS = ['', 'comparison', 'benchmarks', 'statistics', 'latest developments', 'case studies', 'pros and cons', 'trends', 'expert analysis', 'research'];
const MAX_KEYWORD_CHARS = 60;
const TERMS_FROM_TITLE = 3;
export const MAX_SUMMARY_SENTENCES = 8;
/** A merged summary stays well inside the output limit the product gives the merge call. */
export const MAX_MERGED_SENTENCES = 2 * MAX_SUMMARY_SENTENCES;

/** A short search phrase for the topic: the topic itself, or its first content words when it is long. */
export function topicPhrase(topic: string): string {
  const clean = normalizeSpace(topic).replace(/[?!.]+$/, '');
  if (clean.length <= MAX_KEYWORD_CHARS) return clean;
  return words(clean)
    .filter((w) => contentTerms(w).size > 0)
    .slice(0, 6)
    .join(' ');
}

export function keywordsAnswer(topic: string, count: number): { keywords: string[] } {
  const base = topicPhrase(topic);
  return { keywords: KEYWORD_VARIATIONS.slice(0, count).map((v) => (v ? `${base} ${v}` : base)) };
}

/** The title without its " | Site" suffix. */
export function cleanTitle(title: string): string {
  return title.replace(/\s+[|–—]\s+[^|–—]+$/, '').trim();
}

/** Up to three words of a title that the topic does not already say. */
function newTitleWords(title: string, topicTerms: Set<string>): string[] {
  const picked: string[] = [];
  for (const word of words(cleanTitle(title))) {
    if (/^\d+$/.test(word) || contentTerms(word).size === 0) continue;
    const term = stem(word);
    if (topicTerms.has(term) || picked.some((p) => stem(p) === term)) continue;
    picked.push(word);
    if (picked.length === TERMS_FROM_TITLE) break;
  }
  return picked;
}

/** Round-robin over the keyword searches, so every keyword's best results come first. */
function interleave<T>(lists: readonly T[][]): T[] {
  const out: T[] = [];
  const longest = Math.max(0, ...lists.map((l) => l.length));
  for (let i = 0; i < longest; i++) for (const list of lists) if (i < list.length) out.push(list[i]);
  return out;
}

/**
 * The topic itself, then one query per result title: the topic plus the title's new words. The plain topic
 * query already brings back the top results, so titles are taken from further down the list first.
 */
export function queriesAnswer(topic: string, keywordResults: readonly { keyword: string; results: ListedResult[] }[], count: number): { queries: string[] } {
  const base = topicPhrase(topic);
  const topicTerms = contentTerms(topic);
  const queries: string[] = [base];
  const seen = new Set([base.toLowerCase()]);
  const add = (query: string) => {
    if (queries.length < count && !seen.has(query.toLowerCase())) {
      seen.add(query.toLowerCase());
      queries.push(query);
    }
  };
  const titles = [...new Set(interleave(keywordResults.map((k) => k.results)).map((r) => r.title))];
  const skip = Math.min(count, Math.max(0, titles.length - (count - 1)));
  for (const title of [...titles.slice(skip), ...titles.slice(0, skip)]) {
    const extra = newTitleWords(title, topicTerms);
    if (extra.length > 0) add(`${base} ${extra.join(' ')}`);
  }
  for (const variation of KEYWORD_VARIATIONS.slice(1)) add(`${base} ${variation}`);
  return { queries: queries.slice(0, count) };
}

/**
 * Result numbers by how many query and topic terms their title and snippet share. A result is kept when it
 * shares a topic term, or two of the query's: one stray common word does not make it relevant.
 */
export function rankingAnswer(topic: string, query: string, results: readonly ListedResult[]): { indices: number[] } {
  const topicTerms = contentTerms(topic);
  const queryTerms = contentTerms(query);
  const wanted = new Set([...queryTerms, ...topicTerms]);
  return {
    indices: results
      .map((r) => {
        const terms = contentTerms(`${r.title} ${r.snippet}`);
        return { index: r.index, overlap: countShared(wanted, terms), onTopic: countShared(topicTerms, terms) > 0 || countShared(queryTerms, terms) >= 2 };
      })
      .filter((r) => r.onTopic && r.overlap > 0)
      .sort((a, b) => b.overlap - a.overlap || a.index - b.index)
      .map((r) => r.index),
  };
}

/** A ranking with the mistakes real models make: out of range, repeated, fractional and quoted numbers. */
export function badIndicesAnswer(ranked: number[], resultCount: number): { indices: unknown[] } {
  const first = ranked[0] ?? 0;
  return { indices: [resultCount + 3, first, first, 1.5, String(ranked[1] ?? 0), -1, ...ranked] };
}

interface ScoredSentence {
  text: string;
  position: number;
  score: number;
}

/**
 * Sentences of the page that bear on the topic: any topic word, or two words of the questions. Sentences
 * with numbers come first, as the prompt asks to keep every figure.
 */
function bearingSentences(text: string, topic: string, questions: readonly string[]): { hits: ScoredSentence[]; total: number } {
  const topicTerms = contentTerms(topic);
  const questionTerms = new Set([...contentTerms(questions.join(' '))].filter((t) => !topicTerms.has(t)));
  const sentences = sentencesOf(text);
  const hits: ScoredSentence[] = [];
  const seen = new Set<string>();
  sentences.forEach((sentence, position) => {
    const key = sentence.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    const terms = new Set(contentTokens(sentence));
    const topicHits = countShared(topicTerms, terms);
    const questionHits = countShared(questionTerms, terms);
    if (topicHits === 0 && questionHits < 2) return;
    const score = (topicHits > 0 ? 4 : 0) + (/\d/.test(sentence) ? 3 : 0) + topicHits + questionHits;
    hits.push({ text: sentence, position, score });
  });
  return { hits, total: sentences.length };
}

/** Relevant when several sentences bear on the topic, or a good share of a short text does. */
export function pageSummaryAnswer(topic: string, questions: readonly string[], pageText: string): { relevant: boolean; summary: string } {
  const { hits, total } = bearingSentences(pageText, topic, questions);
  const relevant = hits.length >= 3 || (hits.length > 0 && hits.length / Math.max(total, 1) >= 0.25);
  if (!relevant) return { relevant: false, summary: '' };
  const chosen = [...hits]
    .sort((a, b) => b.score - a.score || a.position - b.position)
    .slice(0, MAX_SUMMARY_SENTENCES)
    .sort((a, b) => a.position - b.position);
  return { relevant: true, summary: chosen.map((s) => s.text).join(' ') };
}

/** The partial notes' sentences in order, each once; past the cap, those with figures are kept first. */
export function mergeAnswer(partials: readonly string[]): { relevant: boolean; summary: string } {
  const seen = new Set<string>();
  const sentences: string[] = [];
  for (const partial of partials) {
    for (const sentence of splitSentences(normalizeSpace(partial))) {
      const key = sentence.toLowerCase();
      if (!seen.has(key)) {
        seen.add(key);
        sentences.push(sentence);
      }
    }
  }
  if (sentences.length === 0) return { relevant: false, summary: '' };
  const kept = sentences
    .map((text, position) => ({ text, position, figures: /\d/.test(text) ? 1 : 0 }))
    .sort((a, b) => b.figures - a.figures || a.position - b.position)
    .slice(0, MAX_MERGED_SENTENCES)
    .sort((a, b) => a.position - b.position);
  return { relevant: true, summary: kept.map((s) => s.text).join(' ') };
}

/** The kinds of thing a page cites for figures it does not give itself. */
const CITED_KINDS = ['Study', 'Benchmark', 'Survey', 'Standard', 'Report', 'Trial', 'Index', 'Census', 'Audit'];
/** One to four capitalised words before a kind word: "Nordhavn Cell Durability Study". */
const NAMED_THING = new RegExp(`(?:[A-Z][\\p{L}\\p{N}-]*[ \\t]+){1,4}(?:${CITED_KINDS.join('|')})\\b`, 'gu');
const LEADING_ARTICLE = /^(?:The|A|An|Our|This|Its|Their)\s+/;

/** The named studies, benchmarks, surveys and standards a text mentions, each once, in order. */
export function namedThings(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(NAMED_THING)) {
    const name = match[0].replace(LEADING_ARTICLE, '').trim();
    if (name.split(/\s+/).length < 2 || found.some((f) => f.toLowerCase() === name.toLowerCase())) continue;
    found.push(name);
  }
  return found;
}

/**
 * Open questions, read only from the summaries given: a study, benchmark, survey or standard a summary names
 * whose own page was not among the sources (no source's title names it), so its figures are missing; nothing
 * already asked is asked again. Its query is the thing's name, what only a search for it finds.
 */
export function gapsAnswer(
  asked: readonly string[],
  sources: readonly { title: string; summary: string }[],
  count: number,
): { gaps: { question: string; query: string; why: string }[] } {
  const lower = (s: string) => s.toLowerCase();
  const askedAlready = (name: string) => asked.some((q) => lower(q).includes(lower(name)));
  const hasOwnSource = (name: string) => sources.some((s) => lower(s.title).includes(lower(name)));
  const gaps: { question: string; query: string; why: string }[] = [];
  for (const source of sources) {
    for (const name of namedThings(source.summary)) {
      if (gaps.length >= count || askedAlready(name) || hasOwnSource(name) || gaps.some((g) => g.query === name)) continue;
      gaps.push({
        question: `What figures does the ${name} give?`,
        query: name,
        why: `"${cleanTitle(source.title)}" names the ${name} but gives none of its results`,
      });
    }
  }
  return { gaps };
}
