/**
 * The run's budget ledger: what each stage has spent, what the next step is likely to cost, and whether
 * it still fits with the report's cost kept back. Pure, so the workflow can hold it deterministically.
 */
import {
  estimatePageCost,
  estimateReportCostFromTokens,
  estimateSmallCallCost,
  fitsBudget,
  PRIOR_PAGE_USAGE,
  SMALL_CALL_PROMPT_TOKENS,
  SUMMARY_PROMPT_OVERHEAD_TOKENS,
  usageCost,
} from './budget';
import { addUsage, type ResearchSettings, type Stage, type StageCost, STAGES, type TokenUsage, ZERO_USAGE } from './types';

/** A page shorter than this is rarely worth a call of its own. */
const SHORT_PAGE_TOKENS = 300;

export class BudgetLedger {
  private readonly usage: Record<Stage, TokenUsage> = Object.fromEntries(STAGES.map((s) => [s, ZERO_USAGE])) as Record<Stage, TokenUsage>;
  private pagesCost = 0;
  private pagesPaid = 0;
  /** Allowances handed to pages in flight: promised, not yet spent. */
  private reservedUsd = 0;
  /** Set once a step did not fit: the run starts no new paid work after that. */
  stopped = false;

  constructor(
    private readonly settings: ResearchSettings,
    /** The cap in USD; a running run's cap can change (the setBudget update). */
    public capUsd: number,
  ) {}

  charge(stage: Stage, usage: TokenUsage): void {
    this.usage[stage] = addUsage(this.usage[stage], usage);
  }

  /** A page's own cost, which also teaches the estimate for the next pages. */
  chargePage(usage: TokenUsage): number {
    this.charge('browse', usage);
    const cost = usageCost(this.settings.price, usage);
    if (usage.calls > 0) {
      this.pagesCost += cost;
      this.pagesPaid++;
    }
    return cost;
  }

  /** Holds `usd` back for a page in flight until its outcome is charged. */
  reserve(usd: number): void {
    this.reservedUsd += usd;
  }

  release(usd: number): void {
    this.reservedUsd = Math.max(0, this.reservedUsd - usd);
  }

  /** What is left to promise: the cap less what is spent, promised to pages in flight, and kept for the report. */
  freeUsd(summaryTokens: number): number {
    return this.capUsd - this.spent() - this.reservedUsd - estimateReportCostFromTokens(this.settings, summaryTokens);
  }

  /** The typical answer of one page-summary call, learnt from the pages read so far. */
  summaryCompletionTokens(): number {
    const browse = this.usage.browse;
    return browse.calls > 0 ? Math.ceil(browse.completionTokens / browse.calls) : PRIOR_PAGE_USAGE.completionTokens;
  }

  /** The least a page allowance must be to summarize anything: one call over a short text. */
  smallestPageCost(): number {
    const promptTokens = SHORT_PAGE_TOKENS + SUMMARY_PROMPT_OVERHEAD_TOKENS;
    return usageCost(this.settings.price, { calls: 1, promptTokens, completionTokens: this.summaryCompletionTokens() });
  }

  /** No new paid work from now on. */
  stop(): void {
    this.stopped = true;
  }

  spent(): number {
    return STAGES.reduce((sum, s) => sum + usageCost(this.settings.price, this.usage[s]), 0);
  }

  /** Likely cost of the next page, learnt from the pages paid so far. */
  nextPageEstimate(): number {
    return estimatePageCost(this.settings.price, this.pagesCost, this.pagesPaid);
  }

  smallCallEstimate(kind: keyof typeof SMALL_CALL_PROMPT_TOKENS): number {
    return estimateSmallCallCost(this.settings.price, SMALL_CALL_PROMPT_TOKENS[kind]);
  }

  /**
   * Can a step costing `next` start and still leave enough for the report over `summaryTokens` of
   * summaries? Once a step does not fit, the ledger stays stopped.
   */
  allows(next: number, summaryTokens: number): boolean {
    if (this.stopped) return false;
    if (fitsBudget(this.spent() + this.reservedUsd, next, estimateReportCostFromTokens(this.settings, summaryTokens), this.capUsd)) return true;
    this.stopped = true;
    return false;
  }

  stageCosts(): { stages: Record<Stage, StageCost>; total: StageCost } {
    const price = this.settings.price;
    const withCost = (u: TokenUsage): StageCost => ({ ...u, costUsd: usageCost(price, u) });
    const stages = Object.fromEntries(STAGES.map((s) => [s, withCost(this.usage[s])])) as Record<Stage, StageCost>;
    return { stages, total: withCost(STAGES.reduce((t, s) => addUsage(t, this.usage[s]), ZERO_USAGE)) };
  }
}
