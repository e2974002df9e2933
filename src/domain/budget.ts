/**
 * Budget arithmetic, pure so the workflow can use it deterministically. The workflow holds the
 * numbers; these functions only say what a step is likely to cost and whether it still fits.
 */
import type { Price, ResearchSettings, TokenUsage } from './types';

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
 * Typical prompt sizes of the small calls (instructions plus the topic, or the search results they
 * weigh), for the gate before each; their answers are short and priced in.
 */
export const SMALL_CALL_PROMPT_TOKENS = {
  keywords: 150,
  plan: 1_500,
  rank: 600,
} as const;

/** A page summary's usual length in tokens, for reserving the report's cost before the summary exists. */
export const TYPICAL_SUMMARY_TOKENS = 500;

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
 * sandbox). Only for summaries whose real count is unknown: page outcomes carry `summaryTokens`,
 * counted by the activity with the model's tokenizer; prefer `estimateReportCostFromTokens`.
 */
export const CHARS_PER_TOKEN_UNTOKENIZED = 4;

/** The sectioned report's calls (a plan, about five sections, a summary and a conclusion) and their instructions, as measured on the offline runs. */
const SECTIONED_REPORT = { calls: 8, instructionTokens: 3_000, answerOverhead: 1.1, planAnswerTokens: 500 };

/**
 * Likely cost of the report: the summaries' tokens in the prompt plus the words asked for. Sectioned, the
 * summaries are read twice (plan, then each section its own), the sections twice more (summary and
 * conclusion), with each call's instructions.
 */
export function estimateReportCostFromTokens(settings: ResearchSettings, summaryTokens: number): number {
  const wordTokens = tokensForWords(settings.reportWords);
  if (settings.reportMode === 'sections') {
    const promptTokens = 2 * summaryTokens + 2 * wordTokens + SECTIONED_REPORT.instructionTokens;
    const completionTokens = Math.ceil(wordTokens * SECTIONED_REPORT.answerOverhead) + SECTIONED_REPORT.planAnswerTokens;
    return usageCost(settings.price, { calls: SECTIONED_REPORT.calls, promptTokens, completionTokens });
  }
  return usageCost(settings.price, { calls: 1, promptTokens: summaryTokens + 1_000, completionTokens: wordTokens });
}

/** Likely cost of the report from the summaries' characters (see CHARS_PER_TOKEN_UNTOKENIZED). */
export function estimateReportCost(settings: ResearchSettings, summaryChars: number): number {
  return estimateReportCostFromTokens(settings, Math.ceil(summaryChars / CHARS_PER_TOKEN_UNTOKENIZED));
}

/** A small call's JSON answer: a few phrases or indices. */
const SMALL_CALL_COMPLETION_TOKENS = 100;

/** Likely cost of one small JSON call (keywords, query plan, ranking). */
export function estimateSmallCallCost(price: Price, promptTokens: number): number {
  return usageCost(price, { calls: 1, promptTokens, completionTokens: SMALL_CALL_COMPLETION_TOKENS });
}

/**
 * The least any run costs that yields a report: its small calls, one short page and the report at the
 * words asked for, each at the smallest size it comes in (a lower bound, not an estimate: a budget is
 * refused only when no run could be useful on it, never when it would merely be tight).
 */
const LEAST_RUN = { keywords: 100, plan: 1_000, rank: 400, smallAnswer: 30, pagePrompt: 800, pageAnswer: 200, reportPrompt: 1_300 };

export function minimumUsefulBudget(settings: ResearchSettings): number {
  const call = (promptTokens: number, completionTokens: number) => usageCost(settings.price, { calls: 1, promptTokens, completionTokens });
  const smallCalls = call(LEAST_RUN.keywords, LEAST_RUN.smallAnswer) + call(LEAST_RUN.plan, LEAST_RUN.smallAnswer) + settings.queries * call(LEAST_RUN.rank, LEAST_RUN.smallAnswer);
  const onePage = call(LEAST_RUN.pagePrompt, LEAST_RUN.pageAnswer);
  const report = call(LEAST_RUN.reportPrompt, tokensForWords(settings.reportWords));
  return smallCalls + onePage + report;
}

/** True when spending `next` more, with `reserved` kept back, stays within the cap. */
export function fitsBudget(spent: number, next: number, reserved: number, cap: number): boolean {
  return spent + next + reserved <= cap;
}
