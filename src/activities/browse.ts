import { setImmediate as nextTurn } from 'node:timers/promises';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { isCacheable } from '../cache/summaryCache';
import { affordableChunks, affordableTextTokens, chunkTokens, pageTextTokenCap, SHORT_PAGE_TOKENS, SUMMARY_PROMPT_OVERHEAD_TOKENS, usageCost } from '../domain/budget';
import { type EvidenceQuote, type ModelTrouble, type RecheckedQuote, type PageBudget, type PageOutcome, type PageRefusal, type ResearchSettings, type TokenUsage, ZERO_USAGE } from '../domain/types';
import { badAnswerOf, FailureType, modelTroubleOf } from '../errors';
import { describeAnswer } from '../llm/completion';
import { splitIntoChunks } from '../llm/fit';
import { mergeSummariesPrompt, pageSummaryPrompt } from '../llm/prompts';
import { findEvidenceOffThread } from '../report/evidenceThread';
import { tokenCounter, truncateToTokens } from '../llm/tokens';
import type { ActivityDeps } from './deps';
import { troubleOrRethrow, unreadableTrouble, withPaidCalls } from './paid';

/** Saved after every paid chunk, so a retried attempt does not pay for the same chunk twice. */
interface BrowseProgress {
  url: string;
  /** One entry per chunk done: the summary, or null when the chunk was irrelevant. */
  partials: (string | null)[];
}

export function browseActivities(deps: ActivityDeps) {
  return {
    /**
     * Reads one page and summarizes it against every query that chose it. The page text stays inside
     * this activity: only the summary (or the reason it was skipped) goes back to the workflow.
     */
    async summarizePage(input: { url: string; topic: string; queries: string[]; settings: ResearchSettings; budget?: PageBudget; fresh?: boolean; recheck?: EvidenceQuote[] }): Promise<PageOutcome> {
      const { url, topic, queries, settings } = input;
      const cacheKey = { url, model: settings.model, language: settings.language, topic, queries };
      // `fresh`: a scheduled run compares what the page says now (its fresh summary still refreshes the cache).
      const cached = input.fresh ? undefined : await deps.summaryCache?.get(cacheKey);
      if (cached) return { ...cached, usage: ZERO_USAGE, cached: true };
      const outcome = await withPaidCalls<BrowseProgress, PageOutcome>(async ({ signal, meter, paid, resumed, checkpoint }) => {
        const loading = deps.readPage(url, signal);
        deps.warmPageReader?.(); // its threads start while the page loads, not once its bytes are in
        const page = await loading;
        if (!page.ok) return { url, status: page.status, reason: page.reason, usage: paid() };

        const count = tokenCounter(settings.model);
        const allChunks = await pageChunks(page.text, settings);
        const partials = resumed?.url === url ? [...resumed.partials] : [];

        // The page's cost is known before it is paid for: summarize only the chunks (or text) its allowance covers.
        const tokenCounts = allChunks.map(count);
        const pageTokens = sum(tokenCounts);
        const fitted = input.budget ? fitToAllowance(settings, allChunks, tokenCounts, input.budget, partials.length) : { chunks: allChunks, counts: tokenCounts };
        if (fitted.chunks.length === 0) {
          return { url, status: 'budget', title: page.title, reason: `not read: its ${pageTokens} tokens of text did not fit the $${input.budget!.allowanceUsd.toFixed(4)} the budget left for it`, usage: paid() };
        }
        const chunks = fitted.chunks;
        const allowed = (upTo: number) => partReadNote(sum(fitted.counts.slice(0, upTo)), pageTokens);
        let partial = allowed(chunks.length);
        const part = (i: number) => (chunks.length > 1 ? `, part ${i + 1} of ${chunks.length}` : '');
        const refused = (code: PageRefusal, detail: string, trouble?: ModelTrouble): PageOutcome => ({
          url,
          status: 'refused',
          refusal: code,
          title: page.title,
          reason: `the model refused this page (${code}${part(partials.length)}): ${detail}`,
          usage: paid(),
          ...(trouble ? { trouble } : {}),
        });
        let trouble: ModelTrouble | undefined;
        // A bad answer is asked again only while the allowance still covers this chunk and the ones after it.
        const mayRetry = (i: number) => () =>
          !input.budget || usageCost(settings.price, paid()) + (chunks.length - i) * chunkCallCost(settings, fitted.counts[i], input.budget) <= input.budget.allowanceUsd;

        for (let i = partials.length; i < chunks.length; i++) {
          // What the chunks so far really paid (answers may run longer than estimated): stop before crossing the allowance.
          if (i > 0 && input.budget && !nextChunkFits(settings, input.budget, paid(), fitted.counts[i], i) && (partial = allowed(i))) break;
          const prompt = pageSummaryPrompt(topic, queries, { url, title: page.title, text: chunks[i] }, settings.language, { index: i, of: chunks.length });
          const reply = await deps.llm
            .chatJson('page_summary', prompt, { model: settings.model, maxTokens: 1_200, outputLimit: settings.maxOutputTokens, signal, meter, mayRetry: mayRetry(i) })
            .catch((err: unknown) => refusalOf(err) ?? troubleOrRethrow(err));
          // The page's own text made the model refuse: skip the page, keep what was paid.
          if ('refusal' in reply) return refused(reply.refusal, reply.message, reply.trouble);
          const value = 'trouble' in reply ? undefined : reply.value;
          if (!value) {
            const unreadable = 'trouble' in reply ? `the model ${reply.trouble.answered}` : `the model's summary was not the JSON asked for: ${describeAnswer(reply.raw)}`;
            trouble = 'trouble' in reply ? reply.trouble : unreadableTrouble(deps.llm.endpoint, 'page summaries', reply.raw);
            // Nothing of the page read yet: the page is skipped with the reason. Else it is summarized from the parts before.
            if (partials.length === 0) return { url, status: 'failed', title: page.title, reason: `unreadable answer after retries: ${unreadable}`, usage: paid(), trouble };
            partial = `the model's answer for part ${i + 1} of ${chunks.length} stayed unreadable (${unreadable})`;
            break;
          }
          partials.push(value.relevant && value.summary.trim() ? value.summary.trim() : null);
          checkpoint({ url, partials });
        }

        const relevant = partials.filter((p): p is string => p !== null);
        const partialMark = { ...(partial ? { partial } : {}), ...(trouble ? { trouble } : {}) };
        if (relevant.length === 0) {
          return { url, status: 'irrelevant', title: page.title, reason: 'the model found nothing on the topic in it', usage: paid(), ...partialMark };
        }
        if (relevant.length === 1) return { url, status: 'summarized', title: page.title, summary: relevant[0], summaryTokens: count(relevant[0]), ...(await evidenceOf(relevant[0], chunks, input.recheck)), usage: paid(), ...partialMark };

        const merged = await deps.llm
          .chatJson('page_summary', mergeSummariesPrompt(topic, queries, { url, title: page.title }, relevant, settings.language), {
            model: settings.model,
            maxTokens: 2_000,
            outputLimit: settings.maxOutputTokens,
            signal,
            meter,
          })
          .catch((err: unknown) => refusalOf(err) ?? troubleOrRethrow(err));
        // An unreadable, bad or refused merge still leaves the paid-for partial summaries, which say the same things.
        const summary = ('refusal' in merged || 'trouble' in merged ? undefined : merged.value?.summary.trim()) || relevant.join('\n\n');
        return { url, status: 'summarized', title: page.title, summary, summaryTokens: count(summary), ...(await evidenceOf(summary, chunks, input.recheck)), usage: paid(), ...partialMark };
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
 * The chunks the allowance covers, from `done` on (those already paid stay); when not even the first fits,
 * as much of the first chunk's text as one call can take (a short page's worth at least), else none.
 */
function fitToAllowance(settings: ResearchSettings, chunks: string[], counts: number[], budget: PageBudget, done: number): { chunks: string[]; counts: number[] } {
  const whole = Math.max(done, affordableChunks(settings.price, counts, budget.allowanceUsd, budget.completionTokensPerCall));
  if (whole > 0) return { chunks: chunks.slice(0, whole), counts: counts.slice(0, whole) };
  const fits = Math.min(counts[0] ?? 0, affordableTextTokens(settings.price, budget.allowanceUsd, budget.completionTokensPerCall));
  if (fits < SHORT_PAGE_TOKENS) return { chunks: [], counts: [] };
  return { chunks: [truncateToTokens(chunks[0], fits, settings.model)], counts: [fits] };
}

/**
 * Whether the next chunk's call (and the merge after it) still fits, priced with the answers this page's
 * calls really got (when longer than the run's typical one).
 */
function nextChunkFits(settings: ResearchSettings, budget: PageBudget, paid: TokenUsage, chunkTokens: number, done: number): boolean {
  const answer = Math.max(budget.completionTokensPerCall, Math.ceil(paid.completionTokens / Math.max(1, paid.calls)));
  const next = usageCost(settings.price, { calls: 1, promptTokens: chunkTokens + SUMMARY_PROMPT_OVERHEAD_TOKENS, completionTokens: answer });
  const merge = usageCost(settings.price, { calls: 1, promptTokens: (done + 1) * answer + SUMMARY_PROMPT_OVERHEAD_TOKENS, completionTokens: answer });
  return usageCost(settings.price, paid) + next + merge <= budget.allowanceUsd;
}

const sum = (counts: readonly number[]) => counts.reduce((a, b) => a + b, 0);

/** Why a summary is partial, when the budget let it read only `read` of the page's `pageTokens` tokens. */
function partReadNote(read: number, pageTokens: number): string | undefined {
  return read < pageTokens ? `the budget allowed the first ${read} of its ${pageTokens} tokens` : undefined;
}

/**
 * The page's own sentence behind each figure the summary states travels with it (and, on a scheduled run, the
 * last run's quotes looked up again); the text read stays here.
 */
async function evidenceOf(summary: string, chunks: readonly string[], recheck?: EvidenceQuote[]): Promise<{ evidence: EvidenceQuote[]; rechecked?: RecheckedQuote[] }> {
  return findEvidenceOffThread(summary, chunks.join('\n'), { recheck });
}

/** Likely cost of one summary call over a chunk of `chunkTokens`. */
function chunkCallCost(settings: ResearchSettings, chunkTokens: number, budget: PageBudget): number {
  return usageCost(settings.price, { calls: 1, promptTokens: chunkTokens + SUMMARY_PROMPT_OVERHEAD_TOKENS, completionTokens: budget.completionTokensPerCall });
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

/**
 * The model refused the page: the input itself (InputRefused, with its code), or by answering a refusal or
 * stopping at its content filter (a BadAnswer of that kind, whose line naming the endpoint comes along). The
 * page is skipped, not retried.
 */
function refusalOf(err: unknown): { refusal: PageRefusal; message: string; trouble?: ModelTrouble } | undefined {
  const trouble = modelTroubleOf(err);
  const bad = badAnswerOf(err);
  if (trouble && bad && (bad.kind === 'refusal' || bad.kind === 'content_filter')) return { refusal: 'content_filter', message: `the model ${bad.answered}`, trouble };
  if (!(err instanceof ApplicationFailure) || err.type !== FailureType.InputRefused) return undefined;
  const [code, detail] = err.details ?? [];
  return { refusal: code === 'content_filter' ? 'content_filter' : 'context_length_exceeded', message: typeof detail === 'string' ? detail : err.message };
}
