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

/** Before any page has been read: a typical main-content page plus its summary. */
const PRIOR_PAGE_USAGE: TokenUsage = { calls: 1, promptTokens: 4_000, completionTokens: 500 };

/** Likely cost of the next page: the mean of pages read so far, never below half the prior. */
export function estimatePageCost(price: Price, pagesCostSoFar: number, pagesPaidSoFar: number): number {
  const prior = usageCost(price, PRIOR_PAGE_USAGE);
  if (pagesPaidSoFar === 0) return prior;
  return Math.max(pagesCostSoFar / pagesPaidSoFar, prior / 2);
}

/**
 * Likely cost of the report: every summary in the prompt plus the words asked for. Sectioned, the
 * summaries are read twice (plan, then each section its own), the sections twice more (summary and
 * conclusion), with each call's instructions.
 */
export function estimateReportCost(settings: ResearchSettings, summaryChars: number): number {
  const summaryTokens = Math.ceil(summaryChars / 4);
  const wordTokens = Math.ceil(settings.reportWords * 1.6);
  if (settings.reportMode === 'sections') {
    const promptTokens = 2 * summaryTokens + 2 * wordTokens + 8_000;
    return usageCost(settings.price, { calls: 10, promptTokens, completionTokens: Math.ceil(wordTokens * 1.1) + 500 });
  }
  return usageCost(settings.price, { calls: 1, promptTokens: summaryTokens + 1_000, completionTokens: wordTokens });
}

/** Likely cost of one small JSON call (keywords, query plan, ranking). */
export function estimateSmallCallCost(price: Price, promptTokens: number): number {
  return usageCost(price, { calls: 1, promptTokens, completionTokens: 200 });
}

/** True when spending `next` more, with `reserved` kept back, stays within the cap. */
export function fitsBudget(spent: number, next: number, reserved: number, cap: number): boolean {
  return spent + next + reserved <= cap;
}
