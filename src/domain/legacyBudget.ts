/**
 * The budget gates of runs recorded before the planner (no `budget-planner` patch marker in their history):
 * the report reserved whole at the words asked from the start, a small call that did not fit stopping the
 * run, the report's parts priced at four characters a token. Kept only so those histories replay with the
 * same decisions (the same activities scheduled); new runs use planner.ts. Pure.
 */
import { estimatePageCost, estimateSmallCallCost, fitsBudget, pageAllowance, smallestPageCost, summaryAnswerTokens, tokensForWords, usageCost } from './budget';
import type { BudgetLedger } from './ledger';
import type { BudgetGates, ExtensionToFit, FramingBasis, FramingBudget, PageQueue, ReportShape, SectionsBudget, SectionToFit, SmallCall } from './planner';
import type { Material } from './reportCost';
import type { ResearchSettings } from './types';

/** The small calls' prompts as these runs priced them. */
const SMALL_CALL_PROMPT_TOKENS = { keywords: 150, plan: 1_500, rank: 600 } as const;
/** A summary's tokens, for reserving the report before the summary exists. */
const TYPICAL_SUMMARY_TOKENS = 500;
/** The sectioned report's calls and their instructions, as these runs reserved them. */
const SECTIONED_REPORT = { calls: 8, instructionTokens: 3_000, answerOverhead: 1.1, planAnswerTokens: 500 };

/** The report's cost as these runs reserved it, over `summaryTokens` of summaries at the words asked. */
export function legacyReportCost(settings: ResearchSettings, summaryTokens: number): number {
  const wordTokens = tokensForWords(settings.reportWords);
  if (settings.reportMode === 'sections') {
    const promptTokens = 2 * summaryTokens + 2 * wordTokens + SECTIONED_REPORT.instructionTokens;
    const completionTokens = Math.ceil(wordTokens * SECTIONED_REPORT.answerOverhead) + SECTIONED_REPORT.planAnswerTokens;
    return usageCost(settings.price, { calls: SECTIONED_REPORT.calls, promptTokens, completionTokens });
  }
  return usageCost(settings.price, { calls: 1, promptTokens: summaryTokens + 1_000, completionTokens: wordTokens });
}

/** One report call over `promptChars` of material writing `words` words, as these runs priced it. */
export function legacyReportCallCost(settings: ResearchSettings, promptChars: number, words: number): number {
  return usageCost(settings.price, { calls: 1, promptTokens: Math.ceil(promptChars / 4) + 800, completionTokens: Math.ceil(words * 1.6) + 100 });
}

export class LegacyGates implements BudgetGates {
  readonly capsCalls = false;

  constructor(
    private readonly settings: ResearchSettings,
    private readonly books: BudgetLedger,
  ) {}

  private fits(next: number, reserve = 0): boolean {
    return this.books.spent() + next + reserve <= this.books.capUsd;
  }

  smallCallEstimate(kind: SmallCall): number {
    return estimateSmallCallCost(this.settings.price, SMALL_CALL_PROMPT_TOKENS[kind]);
  }

  freeUsd(): number {
    return this.books.capUsd - this.books.spent() - this.books.reserved();
  }

  pageEstimate(): number {
    const { count, costUsd } = this.books.pagesPaid();
    return estimatePageCost(this.settings.price, costUsd, count);
  }

  /** The report reserved whole at the words asked, over the summaries so far (as these runs' rounds kept it back). */
  reportReserve(m: Material): number {
    return legacyReportCost(this.settings, m.summaryTokens);
  }

  /** (These runs stopped for good after the first step that did not fit: the caller stops the books.) */
  smallCallFits(kind: SmallCall, m: Material): boolean {
    if (this.books.stopped) return false;
    return fitsBudget(this.books.spent() + this.books.reserved(), this.smallCallEstimate(kind), legacyReportCost(this.settings, m.summaryTokens), this.books.capUsd);
  }

  summaryCompletionTokens(): number {
    return summaryAnswerTokens(this.books.used('browse'));
  }

  pageAllowance(queue: PageQueue, m: Material): number {
    if (this.books.stopped) return 0;
    const report = legacyReportCost(this.settings, m.summaryTokens + (queue.running + 1) * TYPICAL_SUMMARY_TOKENS);
    const free = this.books.capUsd - this.books.spent() - this.books.reserved() - report;
    const ready = Math.min(queue.queued, this.settings.maxParallelPages - queue.running);
    const { count, costUsd } = this.books.pagesPaid();
    const allowance = pageAllowance(free, ready, estimatePageCost(this.settings.price, costUsd, count));
    return allowance >= smallestPageCost(this.settings.price, this.summaryCompletionTokens()) ? allowance : 0;
  }

  reportShape(): ReportShape {
    const words = this.settings.reportWords;
    return { mode: this.settings.reportMode, words, asked: words, floor: words };
  }

  singleAllowance(): undefined {
    return undefined;
  }

  /** Sections in plan order, each while it and the summary after it fit; the first always. No allowances. */
  fitSections(sections: readonly SectionToFit[], framing: { summaryWords: number; conclusionWords: number }): SectionsBudget {
    const framingCost = 2 * legacyReportCallCost(this.settings, sections.reduce((n, s) => n + s.words * 7, 0), framing.summaryWords + framing.conclusionWords);
    let committed = 0;
    const words = sections.map((s, i) => {
      const cost = legacyReportCallCost(this.settings, s.sourceChars, s.words);
      if (i > 0 && !this.fits(committed + cost, framingCost)) return 0;
      committed += cost;
      return s.words;
    });
    const framingBasis = { sectionWords: sections.reduce((n, s) => n + s.words, 0), ...framing };
    return { words, allowances: words.map(() => 0), ...framing, framingBasis };
  }

  extensionAllowances(candidates: readonly ExtensionToFit[], _sections: number, framing: FramingBasis): number[] {
    const framingCost = 2 * legacyReportCallCost(this.settings, framing.sectionWords * 7, framing.summaryWords + framing.conclusionWords);
    return candidates.map((c) => (this.fits(legacyReportCallCost(this.settings, c.sourceChars + c.writtenChars, c.moreWords), framingCost) ? 1 : 0));
  }

  framingBudget(_sectionWords: number, summaryWords: number, conclusionWords: number): FramingBudget {
    return { summaryWords, conclusionWords };
  }

  verifyAllowance(flaggedChars: number, flagged: number): number {
    return this.fits(legacyReportCallCost(this.settings, flaggedChars, 60 * flagged)) ? 1 : 0;
  }

  answerScale(): number {
    return 1;
  }

  /** (Its gates hold no call to an allowance: see capsCalls.) */
  firstAnswerScale(): undefined {
    return undefined;
  }
}
