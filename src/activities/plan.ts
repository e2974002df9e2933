import type { ResearchSettings, TokenUsage } from '../domain/types';
import { fitKeywordResults } from '../llm/fit';
import { cleanPhrases } from '../llm/parse';
import { countTokens, tokenCounter } from '../llm/tokens';
import { type KeywordResults, keywordsPrompt, queriesPrompt } from '../llm/prompts';
import type { ActivityDeps } from './deps';
import { withHeartbeat } from './heartbeat';

export interface PhrasesResult {
  phrases: string[];
  usage: TokenUsage;
  /** Set when the model's answer was unusable and a fallback was used instead. */
  fallback?: string;
}

export function planActivities(deps: ActivityDeps) {
  return {
    async generateKeywords(input: { topic: string; settings: ResearchSettings }): Promise<PhrasesResult> {
      const { topic, settings } = input;
      return withHeartbeat(async (_hb, signal) => {
        const reply = await deps.llm.chatJson('search_keywords', keywordsPrompt(topic, settings.keywords, settings.language), {
          maxTokens: 300,
          signal,
        });
        const keywords = cleanPhrases(reply.value?.keywords ?? [], settings.keywords);
        if (keywords.length > 0) return { phrases: keywords, usage: reply.usage };
        return { phrases: [topic], usage: reply.usage, fallback: 'the model gave no usable keywords; searched the topic itself' };
      });
    },

    async planQueries(input: { topic: string; keywordResults: KeywordResults[]; settings: ResearchSettings }): Promise<PhrasesResult> {
      const { topic, settings } = input;
      return withHeartbeat(async (_hb, signal) => {
        // Room for the instructions and the answer; the search results get the rest of the window.
        const materialTokens = settings.contextTokens - 1_500 - countTokens(topic, settings.model);
        const fitted = fitKeywordResults(input.keywordResults, materialTokens, tokenCounter(settings.model));
        const reply = await deps.llm.chatJson('research_queries', queriesPrompt(topic, fitted, settings.queries, settings.language), {
          maxTokens: 500,
          signal,
        });
        const queries = cleanPhrases(reply.value?.queries ?? [], settings.queries);
        if (queries.length > 0) return { phrases: queries, usage: reply.usage };
        const keywords = input.keywordResults.map((k) => k.keyword);
        return { phrases: keywords, usage: reply.usage, fallback: 'the model gave no usable queries; used the keywords' };
      });
    },
  };
}
