/**
 * The reference's schedule (shared/researcher-spec.md), driven against the same offline world as our run, so
 * its time and tokens are measured, not quoted: keywords → keyword searches in parallel → plan → per query in
 * parallel: search, rank, then its 4 pages one after another (load, whole body text, chunked to the context
 * window, one summary per chunk, a merge for several) with no deduplication → one report call capped at 4,096
 * output tokens. Binary and PDF answers and failed loads are dropped; everything else is paid for, as the
 * reference did with its bot-block page.
 */
import { load } from 'cheerio';
import OpenAI from 'openai';
import type { SearchResult, SourceSummary } from '../src/domain/types';
import { type ChatMessage, keywordsPrompt, mergeSummariesPrompt, pageSummaryPrompt, queriesPrompt, rankingPrompt, reportPrompt } from '../src/llm/prompts';
import { KeywordsAnswer, PageSummaryAnswer, QueriesAnswer, RankingAnswer } from '../src/llm/schemas';
import type { OfflineWorld } from '../offline/world';
import { REFERENCE_SHAPE } from './harness';

/** gpt-4o-mini's 128k context less the reference's reserve for the answer and the prompt around the page. */
const CHUNK_TOKENS = 120_000;
/** The chunker's own estimate of characters per token. */
const CHARS_PER_TOKEN = 4;
const REPORT_MAX_TOKENS = 4_096;
const REPORT_WORDS = 2_000;

export interface ReferenceRun {
  ms: number;
  /** (query, URL) pairs summarized, and the distinct URLs among them. */
  pairs: number;
  distinctUrls: number;
  /** URLs chosen per query, in order. */
  chosen: Map<string, string[]>;
}

export async function driveReference(world: OfflineWorld, topic: string, today: string): Promise<ReferenceRun> {
  const openai = new OpenAI({ apiKey: world.llm.apiKey, baseURL: world.llm.baseUrl, maxRetries: 0, timeout: 600_000 });
  const language = 'en-us';
  const json = async (messages: ChatMessage[]): Promise<unknown> => {
    const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, temperature: 0, response_format: { type: 'json_object' } });
    return JSON.parse(completion.choices[0].message.content ?? '{}');
  };
  const search = async (q: string): Promise<SearchResult[]> => {
    const body = (await (await fetch(`${world.search.url}/search?${new URLSearchParams({ q, format: 'json' })}`)).json()) as {
      results: { url: string; title: string; content: string }[];
    };
    return body.results.slice(0, REFERENCE_SHAPE.searchResults).map((r) => ({ url: r.url, title: r.title, snippet: r.content }));
  };

  const started = performance.now();
  const { keywords } = KeywordsAnswer.parse(await json(keywordsPrompt(topic, REFERENCE_SHAPE.keywords, language)));
  const keywordResults = await Promise.all(keywords.map(async (keyword) => ({ keyword, results: await search(keyword) })));
  const { queries } = QueriesAnswer.parse(await json(queriesPrompt(topic, keywordResults, REFERENCE_SHAPE.queries, language)));
  const chosen = new Map<string, string[]>();
  const perQuery = await Promise.all(
    queries.map(async (query) => {
      const results = await search(query);
      const { indices } = RankingAnswer.parse(await json(rankingPrompt(topic, query, results, language, today)));
      const urls = indices
        .filter((i): i is number => Number.isInteger(i) && (i as number) >= 0 && (i as number) < results.length)
        .slice(0, REFERENCE_SHAPE.urlsPerQuery)
        .map((i) => results[i].url);
      chosen.set(query, urls);
      const summaries: SourceSummary[] = [];
      for (const url of urls) {
        const summary = await summarize(url, query);
        if (summary) summaries.push(summary);
      }
      return summaries;
    }),
  );

  async function summarize(url: string, query: string): Promise<SourceSummary | undefined> {
    const page = await loadPage(url);
    if (!page) return undefined;
    const chunks = chunk(page.text);
    const partials: string[] = [];
    for (const [index, text] of chunks.entries()) {
      const answer = PageSummaryAnswer.parse(await json(pageSummaryPrompt(topic, [query], { url, title: page.title, text }, language, { index, of: chunks.length })));
      if (answer.relevant) partials.push(answer.summary);
    }
    if (partials.length === 0) return undefined;
    if (partials.length === 1) return { url, title: page.title, summary: partials[0] };
    const merged = PageSummaryAnswer.parse(await json(mergeSummariesPrompt(topic, [query], { url, title: page.title }, partials, language)));
    return { url, title: page.title, summary: merged.summary };
  }

  const sources = perQuery.flat();
  await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: reportPrompt(topic, sources, { language, words: REPORT_WORDS, today }),
    temperature: 0,
    max_tokens: REPORT_MAX_TOKENS,
  });
  const all = [...chosen.values()].flat();
  return { ms: performance.now() - started, pairs: all.length, distinctUrls: new Set(all).size, chosen };
}

/** The page as a headless browser's `body.innerText` gives it: all text, menus and footers included. */
async function loadPage(url: string): Promise<{ title: string; text: string } | undefined> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  } catch {
    return undefined;
  }
  const body = await response.text();
  if (!(response.headers.get('content-type') ?? '').startsWith('text/html')) return undefined;
  const $ = load(body);
  $('script, style, noscript').remove();
  const text = $('body').text().replace(/[ \t]+/g, ' ').replace(/\n\s*\n+/g, '\n').trim();
  return { title: $('title').text().trim(), text };
}

function chunk(text: string): string[] {
  const size = CHUNK_TOKENS * CHARS_PER_TOKEN;
  const chunks: string[] = [];
  for (let at = 0; at < text.length; at += size) chunks.push(text.slice(at, at + size));
  return chunks.length > 0 ? chunks : [''];
}
