/**
 * Budget arithmetic, pure so the workflow can use it deterministically: prices, a page's chunks and
 * allowance, what fits in an allowance. The planner (planner.ts) decides with it; the page and report
 * activities hold themselves to the allowances it hands out with it.
 */
import type { Price, ReportCallBudget, ResearchSettings, TokenUsage } from './types';

export function usageCost(price: Price, usage: TokenUsage): number {
  return (usage.promptTokens * price.inputPerMillion + usage.completionTokens * price.outputPerMillion) / 1_000_000;
}

/** Tokens of page text sent to the model for one page at most (pages longer than this are cut). */
export function pageTextTokenCap(settings: ResearchSettings): number {
  return Math.min(16_000, Math.max(1_000, settings.contextTokens - 2_000) * 2);
}

/** Size of one chunk of page text, in tokens, leaving room for the prompt and the answer. */
export function chunkTokens(settings: ResearchSettings): number {
  return Math.max(500, Math.min(8_000, Math.floor(settings.contextTokens * 0.6) - 1_000));
}

/**
 * Before any page has been read: a median article's main text plus its summary (one call). Kept modest:
 * a page's real cost is known once it is fetched, and estimates learn from the pages read.
 */
export const PRIOR_PAGE_USAGE: TokenUsage = { calls: 1, promptTokens: 1_000, completionTokens: 300 };

/** The instructions, topic and queries around a page's text in a summary call. */
export const SUMMARY_PROMPT_OVERHEAD_TOKENS = 500;

/**
 * How many of a page's chunks, in order, can be summarized within `allowanceUsd`: each chunk is one
 * call (its tokens plus the instructions, and an answer of `completionTokensPerCall`), and more than one
 * chunk needs a merge call over the partial answers. 0 when not even the first chunk fits.
 */
export function affordableChunks(price: Price, chunkTokenCounts: readonly number[], allowanceUsd: number, completionTokensPerCall: number): number {
  let spent = 0;
  for (let i = 0; i < chunkTokenCounts.length; i++) {
    spent += usageCost(price, { calls: 1, promptTokens: chunkTokenCounts[i] + SUMMARY_PROMPT_OVERHEAD_TOKENS, completionTokens: completionTokensPerCall });
    const merge = i === 0 ? 0 : usageCost(price, { calls: 1, promptTokens: (i + 1) * completionTokensPerCall + SUMMARY_PROMPT_OVERHEAD_TOKENS, completionTokens: completionTokensPerCall });
    if (spent + merge > allowanceUsd) return i;
  }
  return chunkTokenCounts.length;
}

/**
 * What a page may spend: an even share of what is free among the pages that could start now, but at
 * least twice the likely cost of a page while that much is free. A tight budget so reads a few pages
 * whole rather than many in useless slivers, and what a page leaves unspent goes to the next one.
 */
export function pageAllowance(freeUsd: number, pagesReadyToStart: number, nextPageEstimateUsd: number): number {
  if (freeUsd <= 0) return 0;
  return Math.min(freeUsd, Math.max(2 * nextPageEstimateUsd, freeUsd / Math.max(1, pagesReadyToStart)));
}

/** Likely cost of the next page: the mean of pages read so far, never below half the prior. */
export function estimatePageCost(price: Price, pagesCostSoFar: number, pagesPaidSoFar: number): number {
  const prior = usageCost(price, PRIOR_PAGE_USAGE);
  if (pagesPaidSoFar === 0) return prior;
  return Math.max(pagesCostSoFar / pagesPaidSoFar, prior / 2);
}

/** Tokens one word of output takes, on average over the languages a report is written in. */
export const TOKENS_PER_WORD = 1.6;

/** Output tokens `words` words take. */
export function tokensForWords(words: number): number {
  return Math.ceil(words * TOKENS_PER_WORD);
}

/**
 * Characters per token for text the workflow has not tokenized (it cannot load a tokenizer in its
 * sandbox). Only for text whose real count is unknown: page outcomes carry `summaryTokens`, counted by the
 * activity with the model's tokenizer.
 */
export const CHARS_PER_TOKEN_UNTOKENIZED = 4;

/** A page shorter than this is rarely worth a summary call of its own (nor a page allowance under its cost). */
export const SHORT_PAGE_TOKENS = 300;

/** The typical answer of one page-summary call: the mean of those paid (`browse`), the prior before any. */
export function summaryAnswerTokens(browse: TokenUsage): number {
  return browse.calls > 0 ? Math.ceil(browse.completionTokens / browse.calls) : PRIOR_PAGE_USAGE.completionTokens;
}

/** The least a page allowance must be to summarize anything: one call over a short text, with a typical answer. */
export function smallestPageCost(price: Price, completionTokens: number): number {
  return usageCost(price, { calls: 1, promptTokens: SHORT_PAGE_TOKENS + SUMMARY_PROMPT_OVERHEAD_TOKENS, completionTokens });
}

/** A small call's JSON answer: a few phrases or indices. */
const SMALL_CALL_COMPLETION_TOKENS = 100;

/** Likely cost of one small JSON call (keywords, query plan, ranking). */
export function estimateSmallCallCost(price: Price, promptTokens: number): number {
  return usageCost(price, { calls: 1, promptTokens, completionTokens: SMALL_CALL_COMPLETION_TOKENS });
}

/** True when spending `next` more, with `reserved` kept back, stays within the cap. */
export function fitsBudget(spent: number, next: number, reserved: number, cap: number): boolean {
  return spent + next + reserved <= cap;
}

/**
 * The most tokens of a page's text one summary call can take within `allowanceUsd` (its instructions and an
 * answer of `completionTokensPerCall` paid too), for a page whose first chunk alone does not fit; 0 when no
 * text does.
 */
export function affordableTextTokens(price: Price, allowanceUsd: number, completionTokensPerCall: number): number {
  const fixed = usageCost(price, { calls: 1, promptTokens: SUMMARY_PROMPT_OVERHEAD_TOKENS, completionTokens: completionTokensPerCall });
  if (price.inputPerMillion <= 0) return allowanceUsd >= fixed ? Number.MAX_SAFE_INTEGER : 0;
  return Math.max(0, Math.floor(((allowanceUsd - fixed) * 1_000_000) / price.inputPerMillion));
}

/**
 * The most answer tokens (as written) a call over `promptTokens` may be asked for, so that it and what was
 * paid before (`paidUsd`) stay within `allowanceUsd`, when each written token is billed `answerScale`
 * completion tokens (more than 1 for a model that reasons before answering). Unbounded at a zero price.
 */
export function affordableAnswerTokens(price: Price, allowanceUsd: number, paidUsd: number, promptTokens: number, answerScale: number): number {
  const left = allowanceUsd - paidUsd - usageCost(price, { calls: 1, promptTokens, completionTokens: 0 });
  if (price.outputPerMillion <= 0) return left >= 0 ? Number.MAX_SAFE_INTEGER : 0;
  return Math.max(0, Math.floor((left * 1_000_000) / (price.outputPerMillion * Math.max(answerScale, Number.EPSILON))));
}

/** The rate a report call's next answer is asked at: the rate the run learnt, or, for a first answer before it learnt one, the cautious `firstAnswerScale`. */
export function askingScale(budget: ReportCallBudget): number {
  return Math.max(budget.answerScale, budget.firstAnswerScale ?? 0);
}

/**
 * A report call's budget once its first answer was billed `billedTokens` for the `writtenTokens` it wrote: later
 * answers are asked at that rate. An answer too short to measure keeps the cautious rate.
 */
export function afterFirstAnswer(budget: ReportCallBudget, billedTokens: number, writtenTokens: number): ReportCallBudget {
  if (budget.firstAnswerScale === undefined) return budget;
  const { firstAnswerScale, ...learnt } = budget;
  return { ...learnt, answerScale: writtenTokens >= MEASURABLE_ANSWER_TOKENS ? billedTokens / writtenTokens : firstAnswerScale };
}

/** An answer this long shows how its model bills (a shorter one may be mostly the call's fixed overhead). */
export const MEASURABLE_ANSWER_TOKENS = 20;
