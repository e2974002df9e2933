/**
 * Ranks corpus pages for a query like a small search engine: BM25-style weights over title, snippet and body,
 * with rare terms counting more than common ones. A page must contain at least half of the query's content
 * terms, so a query about something the corpus does not cover finds little or nothing.
 */
import { CORPUS, type CorpusPage, corpusMainText } from './corpus';
import { contentTerms, contentTokens } from './text';

export interface SearchHit {
  page: CorpusPage;
  score: number;
}

interface IndexedPage {
  page: CorpusPage;
  title: Set<string>;
  snippet: Set<string>;
  /** Term frequencies of the body text the engine saw when it crawled the page. */
  body: Map<string, number>;
}

const TITLE_WEIGHT = 3;
const SNIPPET_WEIGHT = 2;
const BODY_WEIGHT = 2;
/** BM25's k1: how fast repeated body mentions stop adding. */
const BODY_SATURATION = 1.5;
const MIN_COVERAGE = 0.5;

let index: { pages: IndexedPage[]; documentFrequency: Map<string, number> } | undefined;

/** What the engine crawled: a moved page was crawled at its new address; blocked, dead and binary URLs have no body. */
function crawledText(page: CorpusPage): string {
  return corpusMainText(page.redirectTo ?? page.path);
}

function buildIndex() {
  const pages = CORPUS.filter((page) => page.indexed).map((page): IndexedPage => {
    const body = new Map<string, number>();
    for (const token of contentTokens(crawledText(page))) body.set(token, (body.get(token) ?? 0) + 1);
    return { page, title: contentTerms(page.title), snippet: contentTerms(page.snippet), body };
  });
  const documentFrequency = new Map<string, number>();
  for (const entry of pages) {
    for (const term of new Set([...entry.title, ...entry.snippet, ...entry.body.keys()])) {
      documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    }
  }
  return { pages, documentFrequency };
}

/** Matching pages, best first; ties keep corpus order, so results are reproducible. */
export function searchCorpus(query: string): SearchHit[] {
  index ??= buildIndex();
  const { pages, documentFrequency } = index;
  const terms = [...contentTerms(query)];
  if (terms.length === 0) return [];
  const hits: SearchHit[] = [];
  for (const entry of pages) {
    if (!namesFollowUp(entry.page, terms)) continue;
    let matched = 0;
    let score = 0;
    for (const term of terms) {
      const tf = entry.body.get(term) ?? 0;
      const field =
        (entry.title.has(term) ? TITLE_WEIGHT : 0) + (entry.snippet.has(term) ? SNIPPET_WEIGHT : 0) + (BODY_WEIGHT * tf) / (tf + BODY_SATURATION);
      if (field === 0) continue;
      matched += 1;
      const df = documentFrequency.get(term) ?? 0;
      score += Math.log(1 + (pages.length - df + 0.5) / (df + 0.5)) * field;
    }
    if (matched / terms.length >= MIN_COVERAGE) hits.push({ page: entry.page, score: score * (entry.page.popularity ?? 1) });
  }
  return hits.sort((a, b) => b.score - a.score);
}

/** A follow-up-only page answers only a query that names its thing (every content word of the name). */
function namesFollowUp(page: CorpusPage, queryTerms: readonly string[]): boolean {
  if (!page.followUpOf) return true;
  return [...contentTerms(page.followUpOf)].every((term) => queryTerms.includes(term));
}
