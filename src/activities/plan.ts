import type { ModelTrouble, ResearchSettings, TokenUsage } from '../domain/types';
import { fitKeywordResults } from '../llm/fit';
import { cleanPhrases } from '../llm/parse';
import { countTokens, tokenCounter } from '../llm/tokens';
import { type KeywordResults, keywordsPrompt, queriesPrompt } from '../llm/prompts';
import type { ActivityDeps } from './deps';
import { troubleOrRethrow, unreadableTrouble, withPaidCalls } from './paid';

export interface PhrasesResult {
  phrases: string[];
  /** Every answer paid for, in all attempts. */
  usage: TokenUsage;
  /** Set when the model's answer was unusable and a fallback was used instead. */
  fallback?: string;
  /** Set when the answers stayed bad (empty, an HTML page, a refusal) after their tries. */
  trouble?: ModelTrouble;
}

export function planActivities(deps: ActivityDeps) {
  /** When the answers never read as the JSON asked for (not when they did, with nothing usable in them). */
  const unreadable = (reply: { value?: unknown; raw: string }, what: string) => (reply.value === undefined ? { trouble: unreadableTrouble(deps.llm.endpoint, what, reply.raw) } : {});

  return {
    async generateKeywords(input: { topic: string; settings: ResearchSettings }): Promise<PhrasesResult> {
      const { topic, settings } = input;
      return withPaidCalls(async ({ signal, meter, paid }) => {
        const fallback = (why: string) => ({ phrases: [topic], usage: paid(), fallback: `${why}; searched the topic itself` });
        const reply = await deps.llm
          .chatJson('search_keywords', keywordsPrompt(topic, settings.keywords, settings.language), { model: settings.model, maxTokens: 300, outputLimit: settings.maxOutputTokens, signal, meter })
          .catch(troubleOrRethrow);
        if ('trouble' in reply) return { ...fallback(`the model ${reply.trouble.answered}`), trouble: reply.trouble };
        const keywords = cleanPhrases(reply.value?.keywords ?? [], settings.keywords);
        if (keywords.length > 0) return { phrases: keywords, usage: paid() };
        return { ...fallback('the model gave no usable keywords'), ...unreadable(reply, 'keywords') };
      });
    },

    async planQueries(input: { topic: string; keywordResults: KeywordResults[]; settings: ResearchSettings }): Promise<PhrasesResult> {
      const { topic, settings } = input;
      return withPaidCalls(async ({ signal, meter, paid }) => {
        const keywords = input.keywordResults.map((k) => k.keyword);
        const fallback = (why: string) => ({ phrases: keywords, usage: paid(), fallback: `${why}; used the keywords` });
        // Room for the instructions and the answer; the search results get the rest of the window.
        const materialTokens = settings.contextTokens - 1_500 - countTokens(topic, settings.model);
        const fitted = fitKeywordResults(input.keywordResults, materialTokens, tokenCounter(settings.model));
        const reply = await deps.llm
          .chatJson('research_queries', queriesPrompt(topic, fitted, settings.queries, settings.language), { model: settings.model, maxTokens: 500, outputLimit: settings.maxOutputTokens, signal, meter })
          .catch(troubleOrRethrow);
        if ('trouble' in reply) return { ...fallback(`the model ${reply.trouble.answered}`), trouble: reply.trouble };
        const queries = cleanPhrases(reply.value?.queries ?? [], settings.queries);
        if (queries.length > 0) return { phrases: queries, usage: paid() };
        return { ...fallback('the model gave no usable queries'), ...unreadable(reply, 'research queries') };
      });
    },
  };
}

