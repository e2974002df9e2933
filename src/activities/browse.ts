import { Context } from '@temporalio/activity';
import { isCacheable } from '../cache/summaryCache';
import { affordableChunks, chunkTokens, pageTextTokenCap } from '../domain/budget';
import { addUsage, type PageBudget, type PageOutcome, type ResearchSettings, type TokenUsage, ZERO_USAGE } from '../domain/types';
import { malformedResponse } from '../errors';
import { splitIntoChunks } from '../llm/fit';
import { estimateTokens } from '../llm/parse';
import { mergeSummariesPrompt, pageSummaryPrompt } from '../llm/prompts';
import type { ActivityDeps } from './deps';
import { withHeartbeat } from './heartbeat';

/** Saved after every paid chunk, so a retried attempt does not pay for the same chunk twice. */
interface BrowseCheckpoint {
  url: string;
  /** One entry per chunk done: the summary, or null when the chunk was irrelevant. */
  partials: (string | null)[];
  usage: TokenUsage;
}

export function browseActivities(deps: ActivityDeps) {
  return {
    /**
     * Reads one page and summarizes it against every query that chose it. The page text stays inside
     * this activity: only the summary (or the reason it was skipped) goes back to the workflow.
     */
    async summarizePage(input: { url: string; topic: string; queries: string[]; settings: ResearchSettings; budget?: PageBudget }): Promise<PageOutcome> {
      const { url, topic, queries, settings } = input;
      const cacheKey = { url, model: settings.model, language: settings.language, topic, queries };
      const cached = await deps.summaryCache?.get(cacheKey);
      if (cached) return { ...cached, usage: ZERO_USAGE, cached: true };
      const outcome = await withHeartbeat<BrowseCheckpoint, PageOutcome>(async (hb, signal) => {
        const page = await deps.readPage(url, signal);
        if (!page.ok) return { url, status: page.status, reason: page.reason, usage: ZERO_USAGE };

        const text = page.text.slice(0, pageTextTokenCap(settings) * 4);
        const allChunks = splitIntoChunks(text, chunkTokens(settings) * 4);
        const resumed = hb.resumed?.url === url ? hb.resumed : undefined;
        const partials = resumed ? [...resumed.partials] : [];
        let usage = resumed?.usage ?? ZERO_USAGE;

        // The page's cost is known before it is paid for: summarize only the chunks its allowance covers.
        const tokenCounts = allChunks.map(estimateTokens);
        const affordable = input.budget
          ? Math.max(partials.length, affordableChunks(settings.price, tokenCounts, input.budget.allowanceUsd, input.budget.completionTokensPerCall))
          : allChunks.length;
        if (affordable === 0) {
          const pageTokens = tokenCounts.reduce((a, b) => a + b, 0);
          return { url, status: 'budget', title: page.title, reason: `not read: its ${pageTokens} tokens of text did not fit the $${input.budget!.allowanceUsd.toFixed(4)} the budget left for it`, usage };
        }
        const chunks = allChunks.slice(0, affordable);
        const partial = chunks.length < allChunks.length ? `the budget allowed ${chunks.length} of its ${allChunks.length} parts` : undefined;

        for (let i = partials.length; i < chunks.length; i++) {
          const reply = await deps.llm.chatJson(
            'page_summary',
            pageSummaryPrompt(topic, queries, { url, title: page.title, text: chunks[i] }, settings.language, { index: i, of: chunks.length }),
            { maxTokens: 1_200, signal },
          );
          usage = addUsage(usage, reply.usage);
          if (!reply.value) {
            hb.checkpoint({ url, partials, usage });
            throw malformedResponse(`the model's summary of ${url} was not the JSON asked for: ${reply.raw.slice(0, 120)}`);
          }
          partials.push(reply.value.relevant && reply.value.summary.trim() ? reply.value.summary.trim() : null);
          hb.checkpoint({ url, partials, usage });
        }

        const relevant = partials.filter((p): p is string => p !== null);
        if (relevant.length === 0) {
          return { url, status: 'irrelevant', title: page.title, reason: 'the model found nothing on the topic in it', usage, ...(partial ? { partial } : {}) };
        }
        if (relevant.length === 1) return { url, status: 'summarized', title: page.title, summary: relevant[0], usage, ...(partial ? { partial } : {}) };

        const merged = await deps.llm.chatJson(
          'page_summary',
          mergeSummariesPrompt(topic, queries, { url, title: page.title }, relevant, settings.language),
          { maxTokens: 2_000, signal },
        );
        usage = addUsage(usage, merged.usage);
        // An unreadable merge still leaves the paid-for partial summaries, which say the same things.
        const summary = merged.value?.summary.trim() || relevant.join('\n\n');
        return { url, status: 'summarized', title: page.title, summary, usage, ...(partial ? { partial } : {}) };
      });
      if (deps.summaryCache && isCacheable(outcome)) {
        // Paid for already: a cache that cannot be written must not turn into a retry that pays again.
        await deps.summaryCache.put(cacheKey, outcome).catch((err: unknown) => Context.current().log.warn('summary cache not written', { url, error: String(err) }));
      }
      return outcome;
    },
  };
}
