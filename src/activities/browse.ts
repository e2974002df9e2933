import { setImmediate as nextTurn } from 'node:timers/promises';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { isCacheable } from '../cache/summaryCache';
import { affordableChunks, chunkTokens, pageTextTokenCap } from '../domain/budget';
import { addUsage, type PageBudget, type PageOutcome, type PageRefusal, type ResearchSettings, type TokenUsage, ZERO_USAGE } from '../domain/types';
import { FailureType, malformedResponse } from '../errors';
import { splitIntoChunks } from '../llm/fit';
import { mergeSummariesPrompt, pageSummaryPrompt } from '../llm/prompts';
import { tokenCounter, truncateToTokens } from '../llm/tokens';
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
        const loading = deps.readPage(url, signal);
        deps.warmPageReader?.(); // its threads start while the page loads, not once its bytes are in
        const page = await loading;
        if (!page.ok) return { url, status: page.status, reason: page.reason, usage: ZERO_USAGE };

        const count = tokenCounter(settings.model);
        const allChunks = await pageChunks(page.text, settings);
        const resumed = hb.resumed?.url === url ? hb.resumed : undefined;
        const partials = resumed ? [...resumed.partials] : [];
        let usage = resumed?.usage ?? ZERO_USAGE;

        // The page's cost is known before it is paid for: summarize only the chunks its allowance covers.
        const tokenCounts = allChunks.map(count);
        const affordable = input.budget
          ? Math.max(partials.length, affordableChunks(settings.price, tokenCounts, input.budget.allowanceUsd, input.budget.completionTokensPerCall))
          : allChunks.length;
        if (affordable === 0) {
          const pageTokens = tokenCounts.reduce((a, b) => a + b, 0);
          return { url, status: 'budget', title: page.title, reason: `not read: its ${pageTokens} tokens of text did not fit the $${input.budget!.allowanceUsd.toFixed(4)} the budget left for it`, usage };
        }
        const chunks = allChunks.slice(0, affordable);
        const partial = chunks.length < allChunks.length ? `the budget allowed ${chunks.length} of its ${allChunks.length} parts` : undefined;
        const refused = (code: PageRefusal, detail: string): PageOutcome => ({
          url,
          status: 'refused',
          refusal: code,
          title: page.title,
          reason: `the model refused this page (${code}${chunks.length > 1 ? `, part ${partials.length + 1} of ${chunks.length}` : ''}): ${detail}`,
          usage,
        });
        for (let i = partials.length; i < chunks.length; i++) {
          const reply = await deps.llm
            .chatJson(
              'page_summary',
              pageSummaryPrompt(topic, queries, { url, title: page.title, text: chunks[i] }, settings.language, { index: i, of: chunks.length }),
              { maxTokens: 1_200, signal },
            )
            .catch((err: unknown) => refusalOf(err) ?? Promise.reject(err));
          // The page's own text made the model refuse: skip the page, keep what was paid.
          if ('refusal' in reply) return refused(reply.refusal, reply.message);
          usage = addUsage(usage, reply.usage);
          if (reply.finishReason === 'content_filter') return refused('content_filter', "the model's content filter cut its answer");
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
        const partialMark = partial ? { partial } : {};
        if (relevant.length === 1) return { url, status: 'summarized', title: page.title, summary: relevant[0], summaryTokens: count(relevant[0]), usage, ...partialMark };

        const merged = await deps.llm
          .chatJson('page_summary', mergeSummariesPrompt(topic, queries, { url, title: page.title }, relevant, settings.language), {
            maxTokens: 2_000,
            signal,
          })
          .catch((err: unknown) => refusalOf(err) ?? Promise.reject(err));
        if (!('refusal' in merged)) usage = addUsage(usage, merged.usage);
        // An unreadable or refused merge still leaves the paid-for partial summaries, which say the same things.
        const summary = ('refusal' in merged ? undefined : merged.value?.summary.trim()) || relevant.join('\n\n');
        return { url, status: 'summarized', title: page.title, summary, summaryTokens: count(summary), usage, ...partialMark };
      });
      if (deps.summaryCache && isCacheable(outcome)) {
        // Paid for already: a cache that cannot be written must not turn into a retry that pays again.
        await deps.summaryCache.put(cacheKey, outcome).catch((err: unknown) => Context.current().log.warn('summary cache not written', { url, error: String(err) }));
      }
      return outcome;
    },
  };
}

/**
 * The page's text cut to the page cap and split into chunks, both in the model's own tokens, so a CJK
 * page (about a token a character, not four characters a token) fits the model's window too.
 */
export async function pageChunks(pageText: string, settings: ResearchSettings): Promise<string[]> {
  const text = truncateToTokens(pageText, pageTextTokenCap(settings), settings.model);
  await nextTurn(); // tokenizing a long page is CPU work: let heartbeats and other pages through
  return splitIntoChunks(text, chunkTokens(settings), tokenCounter(settings.model));
}

/** The model refused the input itself (InputRefused, with its code): the page is skipped, not retried. */
function refusalOf(err: unknown): { refusal: PageRefusal; message: string } | undefined {
  if (!(err instanceof ApplicationFailure) || err.type !== FailureType.InputRefused) return undefined;
  const [code, detail] = err.details ?? [];
  return { refusal: code === 'content_filter' ? 'content_filter' : 'context_length_exceeded', message: typeof detail === 'string' ? detail : err.message };
}
