import type { ResearchSettings, SearchResult, TokenUsage } from '../domain/types';
import { cleanIndices } from '../llm/parse';
import { rankingPrompt } from '../llm/prompts';
import type { ActivityDeps } from './deps';
import { withHeartbeat } from './heartbeat';

export interface RankResult {
  urls: string[];
  usage: TokenUsage;
  fallback?: string;
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

export function rankActivities(deps: ActivityDeps) {
  return {
    /** The model drops irrelevant and outdated results and orders the rest by credibility, then relevance. */
    async rankResults(input: { topic: string; query: string; results: SearchResult[]; settings: ResearchSettings }): Promise<RankResult> {
      const { topic, query, results, settings } = input;
      if (results.length === 0) return { urls: [], usage: { calls: 0, promptTokens: 0, completionTokens: 0 } };
      return withHeartbeat(async (_hb, signal) => {
        const today = deps.now().toISOString().slice(0, 10);
        const reply = await deps.llm.chatJson('ranked_results', rankingPrompt(topic, query, results, settings.language, today), {
          maxTokens: 200,
          signal,
        });
        const order = reply.value ? cleanIndices(reply.value.indices, results.length) : undefined;
        const ranked = order ? order.map((i) => results[i]) : results;
        const urls = [...new Set(ranked.map((r) => normalizeUrl(r.url)))].slice(0, settings.urlsPerQuery);
        return order
          ? { urls, usage: reply.usage }
          : { urls, usage: reply.usage, fallback: 'the ranking answer was unreadable; kept the search order' };
      });
    },
  };
}
