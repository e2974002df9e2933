/**
 * The run's budget ledger: what each stage has spent, what the next step is likely to cost, and whether
 * it still fits with the report's cost kept back. Pure, so the workflow can hold it deterministically.
 */
import { estimatePageCost, estimateReportCost, estimateSmallCallCost, fitsBudget, usageCost } from './budget';
import { addUsage, type ResearchSettings, type Stage, type StageCost, STAGES, type TokenUsage, ZERO_USAGE } from './types';

/** Prompt sizes of the small calls, for the gate before each (the answers are small and priced in). */
export const SMALL_CALL_PROMPT_TOKENS = {
  keywords: 200,
  plan: 3_000,
  rank: 1_500,
} as const;

/** A page summary's usual length, for reserving the report's cost before the summary exists. */
export const TYPICAL_SUMMARY_CHARS = 2_000;

export class BudgetLedger {
  private readonly usage: Record<Stage, TokenUsage> = Object.fromEntries(STAGES.map((s) => [s, ZERO_USAGE])) as Record<Stage, TokenUsage>;
  private pagesCost = 0;
  private pagesPaid = 0;
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
   * Can a step costing `next` start and still leave enough for the report over `summaryChars` of
   * summaries? Once a step does not fit, the ledger stays stopped.
   */
  allows(next: number, summaryChars: number): boolean {
    if (this.stopped) return false;
    if (fitsBudget(this.spent(), next, estimateReportCost(this.settings, summaryChars), this.capUsd)) return true;
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
