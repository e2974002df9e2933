/**
 * The run's one budget planner: it prices every step (small calls, pages, each part of the report) from the
 * books (ledger.ts) and the report's cost model (reportCost.ts), and answers whether a step fits and with
 * how much. Asking never changes anything: the run stops starting pages only by `stop()` on the books.
 *
 * When the budget cannot buy everything, value comes in this order:
 *   1. the small calls (keywords, query plan, ranking), but never at the cost of one page and the shortest report;
 *   2. a few pages (PAGES_BEFORE_REPORT), with only the shortest report kept back for;
 *   3. the report, sized to what is left: from the words asked (or what its sources can fill) down to the floor;
 *   4. more pages, while the report at the words asked (or what its sources can fill) still fits after them.
 * Estimates learn from what the run paid: pages from the pages read, the report from its first calls.
 */
import { estimatePageCost, estimateSmallCallCost, pageAllowance, smallestPageCost, summaryAnswerTokens, TOKENS_PER_WORD, usageCost } from './budget';
import type { BudgetLedger } from './ledger';
import {
  extensionUsage,
  framingUsage,
  type Material,
  PRIOR_RATES,
  reportCost,
  type ReportMode,
  type ReportRates,
  sectionUsage,
  verifyUsage,
  wordsThatFit,
} from './reportCost';
import type { ResearchSettings, TokenUsage } from './types';
import { floorWords, MIN_FRAMING_WORDS, MIN_SECTION_WORDS } from './words';

export type SmallCall = 'keywords' | 'plan' | 'rank';

/** Pages read, with only the shortest report kept back, before the report at full length is. */
export const PAGES_BEFORE_REPORT = 3;
/** A report can say a little more than its sources' summaries hold (tables, comparisons), not much more without padding. */
export const MATERIAL_STRETCH = 1.5;
/**
 * A report call's allowance may run this far over its estimate while the budget has room, so a wordy answer is
 * not cut and an answer cut at the model's output limit can be continued twice (each continuation sends the
 * prompt again).
 */
export const REPORT_HEADROOM = 3;
/** However little is left, the report is paid at least this many words (only estimates that ran over make it cross the cap). */
export const SMALLEST_REPORT_WORDS = 60;
/**
 * What is kept back for the shortest report runs this far over its estimate: prompts counted higher by the
 * provider than estimated (test/domain/plannerWorlds.test.ts found a world where those errors, summed over the
 * small calls and pages before it, left the report its prompt and no answer).
 */
export const SHORTEST_REPORT_MARGIN = 1.3;
/**
 * How many completion tokens a model may bill per token of report it writes, before the run has paid a report call
 * to show it: a model that reasons before it writes bills several (the offline world's pricey-report bills 4), and no
 * earlier call need show it (its summaries may be billed as written). A report call's first answer is asked only as
 * long as its allowance pays at this rate; its bill teaches the true rate, and the call goes on at that. A model
 * billing up to this rate so stays within the allowance; one billing more crosses it by a fraction of what asking
 * at the prior rate would.
 */
export const UNLEARNT_ANSWER_SCALE = 8;
/** A page summary before any has been read. */
export const TYPICAL_SUMMARY = { tokens: 500, words: 350 } as const;
/** The small calls' prompts: instructions and the topic, plus the search results they weigh. */
export const SMALL_CALL_PROMPT_TOKENS = { keywords: 150, plan: 250, planPerResult: 80, rank: 150, rankPerResult: 80 } as const;
/** Flagged sentences kept back for when `--verify` is on, before any is flagged, each with one cited source. */
const PRIOR_FLAGGED = 3;
const FLAGGED_SENTENCE_WORDS = 40;

export interface PageQueue {
  /** Pages waiting whose site is free. */
  queued: number;
  /** Pages being read. */
  running: number;
}

/** The report the budget pays for: its mode and words, and why it has fewer words than asked. */
export interface ReportShape {
  mode: ReportMode;
  words: number;
  asked: number;
  floor: number;
  limitedBy?: 'budget' | 'material';
}

/** A planned section, for fitting: the words the plan gave it, and its sources' tokens in a prompt (see materialTokens). */
export interface SectionToFit {
  words: number;
  sourceTokens: number;
  /** Its sources' summaries' characters (the gates of runs recorded before the planner count those). */
  sourceChars: number;
}

/** The sections the budget pays for: per planned section its words (0: left out) and allowance. */
export interface SectionsBudget {
  words: number[];
  allowances: number[];
  summaryWords: number;
  conclusionWords: number;
  /** What the gates of later steps price the summary and conclusion at (see extensionAllowances). */
  framingBasis: FramingBasis;
}

/** The sections' words the summary and conclusion read, and the words they write. */
export interface FramingBasis {
  sectionWords: number;
  summaryWords: number;
  conclusionWords: number;
}

/** More of a short section: its sources, what it has, and the words asked for. */
export interface ExtensionToFit {
  sourceTokens: number;
  sourceChars: number;
  writtenWords: number;
  writtenChars: number;
  moreWords: number;
}

export interface FramingBudget {
  summaryWords: number;
  conclusionWords: number;
  allowanceUsd?: number;
}

/** What the workflow's budget gates ask; the planner answers for new runs, legacyBudget.ts for runs recorded before it. */
export interface BudgetGates {
  /** Whether calls are held to the allowances these gates hand out (the gates of runs recorded before the planner hand out none). */
  readonly capsCalls: boolean;
  /** What is neither spent nor promised to a call in flight. */
  freeUsd(): number;
  smallCallEstimate(kind: SmallCall): number;
  /** The likely cost of the next page. */
  pageEstimate(): number;
  /**
   * What is kept back for the report over `m` while more pages are read (a follow-up round's pages too): the
   * shortest report while fewer than PAGES_BEFORE_REPORT sources are read, the report at its full length after.
   */
  reportReserve(m: Material): number;
  smallCallFits(kind: SmallCall, m: Material): boolean;
  pageAllowance(queue: PageQueue, m: Material): number;
  summaryCompletionTokens(): number;
  reportShape(m: Material): ReportShape;
  singleAllowance(m: Material): number | undefined;
  fitSections(sections: readonly SectionToFit[], framing: { summaryWords: number; conclusionWords: number }): SectionsBudget;
  extensionAllowances(candidates: readonly ExtensionToFit[], sections: number, framing: FramingBasis): number[];
  framingBudget(sectionWords: number, summaryWords: number, conclusionWords: number): FramingBudget;
  /** The verification pass's allowance over flagged sentences of `flaggedChars` (text and cited sources); 0 when it does not fit. */
  verifyAllowance(flaggedChars: number, flagged: number): number;
  /** The rate at which report calls bill their answers (for their allowances), once learnt. */
  answerScale(): number;
  /** Until a report call has shown how the model bills its answers, the rate a call's first answer is asked at (UNLEARNT_ANSWER_SCALE). */
  firstAnswerScale(): number | undefined;
}

const ONE_SOURCE: Material = { sources: 1, summaryTokens: TYPICAL_SUMMARY.tokens, summaryWords: TYPICAL_SUMMARY.words };

export class BudgetPlanner implements BudgetGates {
  readonly capsCalls = true;

  constructor(
    private readonly settings: ResearchSettings,
    readonly books: BudgetLedger,
    /** Runs recorded before pages shared the budget among every free slot read the first few on a share of it all. */
    private readonly firstPagesHoard = false,
  ) {}

  /**
   * The least budget a run can be useful on (the client refuses less): the keywords, the query plan and one
   * ranking, then one typical page and the shortest report over it. The small calls come first in the order of
   * value: without a ranking the pages read are the search's first, which may all be unreadable (a bench run
   * at 25% of a full run's cost skipped the query plan and three rankings and read no page). One ranking is
   * enough for pages worth reading; the other queries' rankings are left out before the page and the report.
   */
  static minimumBudget(settings: ResearchSettings, books: BudgetLedger): number {
    const planner = new BudgetPlanner(settings, books);
    return planner.smallCallEstimate('keywords') + planner.smallCallEstimate('plan') + planner.smallCallEstimate('rank') + planner.essentialsUsd();
  }

  private cost(usage: TokenUsage): number {
    return usageCost(this.settings.price, usage);
  }

  /** What is neither spent nor promised to a call in flight. */
  freeUsd(): number {
    return this.books.capUsd - this.books.spent() - this.books.reserved();
  }

  smallCallEstimate(kind: SmallCall): number {
    const used = this.books.used(kind);
    if (used.calls > 0) return this.cost(used) / used.calls;
    const { keywords, searchResults } = this.settings;
    const p = SMALL_CALL_PROMPT_TOKENS;
    const prompt = kind === 'keywords' ? p.keywords : kind === 'plan' ? p.plan + p.planPerResult * keywords * searchResults : p.rank + p.rankPerResult * searchResults;
    return estimateSmallCallCost(this.settings.price, prompt);
  }

  /** A small call fits while one page and the shortest report over it stay affordable after it. */
  smallCallFits(kind: SmallCall): boolean {
    return this.freeUsd() - this.smallCallEstimate(kind) >= this.essentialsUsd();
  }

  /** One page and the shortest report over it: what no small call may eat into. */
  essentialsUsd(): number {
    return this.pageEstimate() + this.shortestReport(ONE_SOURCE);
  }

  /** The likely cost of the next page: the mean of the pages paid so far, never below half the prior. */
  pageEstimate(): number {
    const { count, costUsd } = this.books.pagesPaid();
    return estimatePageCost(this.settings.price, costUsd, count);
  }

  reportReserve(m: Material): number {
    return m.sources < PAGES_BEFORE_REPORT ? this.shortestReport(m) : this.fullReport(m);
  }

  /** The typical answer of one page-summary call, learnt from the pages read so far. */
  summaryCompletionTokens(): number {
    return summaryAnswerTokens(this.books.used('browse'));
  }

  /** The least a page allowance must be to summarize anything: one call over a short text. */
  smallestPage(): number {
    return smallestPageCost(this.settings.price, this.summaryCompletionTokens());
  }

  /** A summary like those read so far; before any, a typical one. */
  typicalSummary(m: Material): { tokens: number; words: number } {
    return m.sources > 0 ? { tokens: m.summaryTokens / m.sources, words: m.summaryWords / m.sources } : TYPICAL_SUMMARY;
  }

  /**
   * What the next page may spend, 0 when none fits, at least twice a likely page while that much is free. What is
   * free beyond the report at its full length is shared evenly among every page that could start now; while
   * fewer than PAGES_BEFORE_REPORT pages are (being) read, what is free beyond the report's shortest form is
   * theirs too, shared among those first pages, which come before the report's length. The report is priced
   * over the sources it will have: those read, those in flight and this page.
   */
  pageAllowance(queue: PageQueue, m: Material): number {
    if (this.books.stopped) return 0;
    const typical = this.typicalSummary(m);
    const withPages = (n: number): Material => ({ sources: m.sources + n, summaryTokens: m.summaryTokens + n * typical.tokens, summaryWords: m.summaryWords + n * typical.words });
    const active = m.sources + queue.running;
    const estimate = this.pageEstimate();
    // An allowance is reserved while its page is in flight: a share of the whole budget split among the first
    // few pages alone kept every other slot waiting, so what is beyond the full report is split among them all,
    // the report priced over every page that could start now.
    if (this.firstPagesHoard) return this.hoardingPageAllowance(queue, withPages(queue.running + 1), active);
    const ready = Math.max(1, Math.min(queue.queued, this.settings.maxParallelPages - queue.running));
    const beyondReport = this.freeUsd() - this.fullReport(withPages(queue.running + 1));
    const evenShare = (this.freeUsd() - this.fullReport(withPages(queue.running + ready))) / ready;
    let allowance = beyondReport > 0 ? Math.min(beyondReport, Math.max(2 * estimate, evenShare)) : 0;
    if (active < PAGES_BEFORE_REPORT) {
      const beyondShortest = this.freeUsd() - this.shortestReport(withPages(queue.running + 1));
      const firstPagesShare = (beyondShortest - Math.max(0, beyondReport)) / (PAGES_BEFORE_REPORT - active);
      if (beyondShortest > 0) allowance = Math.max(allowance, Math.min(beyondShortest, Math.max(2 * estimate, firstPagesShare)));
    }
    return allowance >= this.smallestPage() ? allowance : 0;
  }

  /** The page allowance runs recorded before 2026-12-08 were scheduled with: the first few pages shared the whole budget. */
  private hoardingPageAllowance(queue: PageQueue, expected: Material, active: number): number {
    const few = active < PAGES_BEFORE_REPORT;
    const free = this.freeUsd() - (few ? this.shortestReport(expected) : this.fullReport(expected));
    const ready = Math.min(queue.queued, few ? PAGES_BEFORE_REPORT - active : queue.queued, this.settings.maxParallelPages - queue.running);
    const allowance = pageAllowance(free, ready, this.pageEstimate());
    return allowance >= this.smallestPage() ? allowance : 0;
  }

  /** The rates the report's calls are billed at: priors, then what the first report calls taught. */
  rates(): ReportRates {
    const { answers, prompts, writing } = this.books.learnt();
    const answerScale = answers.written > 0 ? answers.billed / answers.written : PRIOR_RATES.answerScale;
    return {
      promptScale: prompts.estimated > 0 ? prompts.billed / prompts.estimated : PRIOR_RATES.promptScale,
      answerScale,
      completionPerWord: writing.words > 0 ? writing.billed / writing.words : TOKENS_PER_WORD * answerScale,
    };
  }

  answerScale(): number {
    return this.rates().answerScale;
  }

  firstAnswerScale(): number | undefined {
    const { answers, writing } = this.books.learnt();
    return answers.written > 0 || writing.words > 0 ? undefined : UNLEARNT_ANSWER_SCALE;
  }

  reportCost(mode: ReportMode, words: number, m: Material): number {
    return reportCost(this.settings.price, mode, words, m, this.rates(), this.settings.maxOutputTokens);
  }

  /** The words the sources can fill: MATERIAL_STRETCH times their summaries', never under the floor nor over the words asked. */
  mostWords(m: Material): number {
    const asked = this.settings.reportWords;
    return Math.min(asked, Math.max(floorWords(asked), Math.round(MATERIAL_STRETCH * m.summaryWords)));
  }

  /**
   * The shortest report the planner asks for: one call at the floor, with SHORTEST_REPORT_MARGIN over its
   * estimate, since every call before it may cost a little more than estimated and it must still be paid.
   */
  shortestReport(m: Material): number {
    return SHORTEST_REPORT_MARGIN * this.reportCost('single', floorWords(this.settings.reportWords), m);
  }

  /** The report at the words asked (or what its sources can fill), in the run's mode. */
  fullReport(m: Material): number {
    return this.reportCost(this.settings.reportMode, this.mostWords(m), m);
  }

  /**
   * The report over `m` that what is free pays for: the run's mode at the most words that fit, from the words
   * asked (or what the sources can fill) down to the floor; one call when the sections do not fit at the floor;
   * never under the floor (the report's allowance then holds it to what is left).
   */
  reportShape(m: Material): ReportShape {
    const asked = this.settings.reportWords;
    const floor = floorWords(asked);
    const most = this.mostWords(m);
    const free = this.freeUsd() - this.verifyReserve();
    const fit = (mode: ReportMode) => wordsThatFit((w) => this.reportCost(mode, w, m), free, most);
    let mode: ReportMode = this.settings.reportMode;
    let words = fit(mode);
    if (mode === 'sections' && words < floor) [mode, words] = ['single', fit('single')];
    words = Math.max(words, floor);
    const limitedBy = words < most ? 'budget' : most < asked ? 'material' : undefined;
    return { mode, words, asked, floor, ...(limitedBy ? { limitedBy } : {}) };
  }

  /** The one-call report's allowance: what is free (less a verification pass), never under the smallest report. */
  singleAllowance(m: Material): number {
    return Math.max(this.freeUsd() - this.verifyReserve(), this.reportCost('single', SMALLEST_REPORT_WORDS, m));
  }

  /** Kept back for `--verify` before any sentence is flagged. */
  private verifyReserve(): number {
    if (!this.settings.verify) return 0;
    const perFlagged = TOKENS_PER_WORD * FLAGGED_SENTENCE_WORDS + TYPICAL_SUMMARY.tokens;
    return this.cost(verifyUsage(PRIOR_FLAGGED * perFlagged, PRIOR_FLAGGED, this.rates()));
  }

  /**
   * The planned sections scaled to what is free after the summary and conclusion (and a verification pass):
   * every section's words by one factor, at most the plan's; while that leaves sections under
   * MIN_SECTION_WORDS, the last ones are left out instead. Each section's allowance is its estimate, with
   * up to REPORT_HEADROOM more while the budget has room.
   */
  fitSections(sections: readonly SectionToFit[], framing: { summaryWords: number; conclusionWords: number }): SectionsBudget {
    const rates = this.rates();
    const free = this.freeUsd() - this.verifyReserve();
    const k = sections.length;
    const sectionCost = (s: SectionToFit, words: number) => this.cost(sectionUsage(s.sourceTokens, words, k, rates));
    // (The summary and conclusion are asked for MIN_FRAMING_WORDS at least, however far the sections scale down.)
    const framingCost = (kept: number, scale: number) => {
      const words = sections.slice(0, kept).reduce((n, s) => n + scale * s.words, 0);
      return this.cost(framingUsage(words, Math.max(MIN_FRAMING_WORDS, scale * framing.summaryWords), Math.max(MIN_FRAMING_WORDS, scale * framing.conclusionWords), rates));
    };
    const costAt = (kept: number, scale: number) => sections.slice(0, kept).reduce((usd, s) => usd + sectionCost(s, scale * s.words), framingCost(kept, scale));
    let kept = k;
    let scale = largestScale((x) => costAt(kept, x), free);
    const meanWords = (n: number) => sections.slice(0, n).reduce((w, s) => w + s.words, 0) / n;
    while (kept > 1 && scale * meanWords(kept) < MIN_SECTION_WORDS) {
      const fewer = --kept;
      scale = largestScale((x) => costAt(fewer, x), free);
    }
    const words = sections.map((s, i) => (i < kept ? Math.max(Math.round(scale * s.words), kept === 1 ? SMALLEST_REPORT_WORDS : 0) : 0));
    const costs = sections.map((s, i) => (i < kept ? sectionCost(s, words[i]) : 0));
    const total = costs.reduce((a, b) => a + b, 0);
    const slack = Math.min(REPORT_HEADROOM, Math.max(1, (free - framingCost(kept, scale)) / Math.max(total, Number.EPSILON)));
    const summaryWords = Math.max(MIN_FRAMING_WORDS, Math.round(scale * framing.summaryWords));
    const conclusionWords = Math.max(MIN_FRAMING_WORDS, Math.round(scale * framing.conclusionWords));
    const framingBasis = { sectionWords: words.reduce((a, b) => a + b, 0), summaryWords, conclusionWords };
    return { words, allowances: costs.map((c) => c * slack), summaryWords, conclusionWords, framingBasis };
  }

  /**
   * Allowances for more of short sections, in order, each while it and the summary and conclusion after it
   * still fit (0: not asked).
   */
  extensionAllowances(candidates: readonly ExtensionToFit[], sections: number, framing: FramingBasis): number[] {
    const rates = this.rates();
    const more = candidates.reduce((n, c) => n + c.moreWords, 0);
    let left = this.freeUsd() - this.verifyReserve();
    left -= this.cost(framingUsage(framing.sectionWords + more, framing.summaryWords, framing.conclusionWords, rates));
    return candidates.map((c) => {
      const usd = this.cost(extensionUsage(c.sourceTokens, c.writtenWords, c.moreWords, sections, rates));
      if (usd > left) return 0;
      left -= usd;
      return usd;
    });
  }

  /** The summary's and conclusion's words that fit what is free (never under MIN_FRAMING_WORDS), and their allowance. */
  framingBudget(sectionWords: number, summaryWords: number, conclusionWords: number): FramingBudget {
    const rates = this.rates();
    const free = this.freeUsd() - this.verifyReserve();
    const costAt = (scale: number) => this.cost(framingUsage(sectionWords, scale * summaryWords, scale * conclusionWords, rates));
    const scale = largestScale(costAt, free);
    const words = { summaryWords: Math.max(MIN_FRAMING_WORDS, Math.round(scale * summaryWords)), conclusionWords: Math.max(MIN_FRAMING_WORDS, Math.round(scale * conclusionWords)) };
    const needed = this.cost(framingUsage(sectionWords, words.summaryWords, words.conclusionWords, rates));
    return { ...words, allowanceUsd: Math.max(needed, Math.min(free, needed * REPORT_HEADROOM)) };
  }

  verifyAllowance(flaggedChars: number, flagged: number): number {
    const usd = this.cost(verifyUsage(Math.ceil(flaggedChars / 4), flagged, this.rates()));
    const free = this.freeUsd();
    return usd <= free ? Math.min(free, usd * REPORT_HEADROOM) : 0;
  }
}

/**
 * The largest scale in [0, 1] at which `costAt` (non-decreasing in the scale) stays within `budgetUsd`: 1 when
 * the whole fits, 0 when nothing does.
 */
export function largestScale(costAt: (scale: number) => number, budgetUsd: number): number {
  if (costAt(1) <= budgetUsd) return 1;
  if (costAt(0) > budgetUsd) return 0;
  let [fits, over] = [0, 1];
  for (let i = 0; i < 30; i++) {
    const mid = (fits + over) / 2;
    if (costAt(mid) <= budgetUsd) fits = mid;
    else over = mid;
  }
  return fits;
}
