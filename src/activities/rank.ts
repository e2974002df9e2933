import type { ModelTrouble, ResearchSettings, SearchResult, TokenUsage } from '../domain/types';
import { cleanIndices } from '../llm/parse';
import { rankingPrompt } from '../llm/prompts';
import { type ActivityDeps, today } from './deps';
import { troubleOrRethrow, unreadableTrouble, withPaidCalls } from './paid';

export interface RankResult {
  urls: string[];
  /** The chosen pages with the titles their search results gave, by the normalised URL (absent from older results). */
  pages?: { url: string; title: string }[];
  usage: TokenUsage;
  fallback?: string;
  /** Set when the answers stayed bad (empty, an HTML page, a refusal) after their tries: the search order is kept. */
  trouble?: ModelTrouble;
}

/** Same page, different fragment or trailing slash: one URL. */
export function normalizeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.hash = '';
    if (u.pathname.length > 1) u.pathname = u.pathname.replace(/\/+$/, '');
    return u.toString();
  } catch {
    return url;
  }
}

/** The first `limit` distinct pages, by normalised URL, each with the title of the result that named it first. */
function chosenPages(ranked: readonly SearchResult[], limit: number): { url: string; title: string }[] {
  const pages = new Map<string, string>();
  for (const r of ranked) {
    const url = normalizeUrl(r.url);
    if (!pages.has(url)) pages.set(url, r.title);
  }
  return [...pages].slice(0, limit).map(([url, title]) => ({ url, title }));
}

export function rankActivities(deps: ActivityDeps) {
  return {
    /** The model drops irrelevant and outdated results and orders the rest by credibility, then relevance. */
    async rankResults(input: { topic: string; query: string; results: SearchResult[]; settings: ResearchSettings }): Promise<RankResult> {
      const { topic, query, results, settings } = input;
      if (results.length === 0) return { urls: [], pages: [], usage: { calls: 0, promptTokens: 0, completionTokens: 0 } };
      return withPaidCalls(async ({ signal, meter, paid }) => {
        const reply = await deps.llm
          .chatJson('ranked_results', rankingPrompt(topic, query, results, settings.language, today(deps)), { model: settings.model, maxTokens: 200, outputLimit: settings.maxOutputTokens, signal, meter })
          .catch(troubleOrRethrow);
        const order = 'trouble' in reply ? undefined : reply.value ? cleanIndices(reply.value.indices, results.length) : undefined;
        const ranked = order ? order.map((i) => results[i]) : results;
        const pages = chosenPages(ranked, settings.urlsPerQuery);
        const urls = pages.map((p) => p.url);
        if ('trouble' in reply) return { urls, pages, usage: paid(), fallback: `the model ${reply.trouble.answered}; kept the search order`, trouble: reply.trouble };
        if (order) return { urls, pages, usage: paid() };
        return { urls, pages, usage: paid(), fallback: 'the ranking answer was unreadable; kept the search order', trouble: unreadableTrouble(deps.llm.endpoint, 'rankings', reply.raw) };
      });
    },
  };
}
