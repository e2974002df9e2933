/**
 * The run's books: what each stage has paid, what is promised to calls in flight, and what the paid calls
 * taught about the model (a page's cost, how a report call is billed). Facts only: the budget planner
 * (planner.ts) reads them to price the next step; nothing here decides. Pure, so the workflow holds it
 * deterministically.
 */
import { usageCost } from './budget';
import { addUsage, type ResearchSettings, type Stage, type StageCost, STAGES, type TokenUsage, ZERO_USAGE } from './types';

/** Sums of what report calls were billed against what they wrote, from which the planner's rates come. */
export interface ReportLessons {
  /** Completion tokens billed, and the tokens of the answers as written (calls whose answer was counted). */
  answers: { billed: number; written: number };
  /** Prompt tokens billed, and the planner's estimate of those prompts. */
  prompts: { billed: number; estimated: number };
  /** Completion tokens billed, and the words of report text they wrote. */
  writing: { billed: number; words: number };
}

export class BudgetLedger {
  private readonly usage: Record<Stage, TokenUsage> = Object.fromEntries(STAGES.map((s) => [s, ZERO_USAGE])) as Record<Stage, TokenUsage>;
  private pagesCostUsd = 0;
  private pagesPaidCount = 0;
  /** Allowances and estimates held for calls in flight: promised, not yet spent. */
  private reservedUsd = 0;
  private readonly lessons: ReportLessons = { answers: { billed: 0, written: 0 }, prompts: { billed: 0, estimated: 0 }, writing: { billed: 0, words: 0 } };
  /** Set by `stop()`: the run starts no new page for its budget. */
  private stoppedForBudget = false;

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
      this.pagesCostUsd += cost;
      this.pagesPaidCount++;
    }
    return cost;
  }

  /** Holds `usd` back for a call in flight until its outcome is charged. */
  reserve(usd: number): void {
    this.reservedUsd += usd;
  }

  release(usd: number): void {
    this.reservedUsd = Math.max(0, this.reservedUsd - usd);
  }

  /** What is promised to calls in flight. */
  reserved(): number {
    return this.reservedUsd;
  }

  spent(): number {
    return STAGES.reduce((sum, s) => sum + usageCost(this.settings.price, this.usage[s]), 0);
  }

  /** What a stage has used so far. */
  used(stage: Stage): TokenUsage {
    return this.usage[stage];
  }

  /** The pages paid for so far (a cached page costs nothing and teaches nothing), and their cost. */
  pagesPaid(): { count: number; costUsd: number } {
    return { count: this.pagesPaidCount, costUsd: this.pagesCostUsd };
  }

  /** A report call whose answer, as written, took `writtenTokens` (the model billed `usage.completionTokens`). */
  learnAnswer(usage: TokenUsage, writtenTokens: number): void {
    if (usage.calls === 0 || writtenTokens <= 0) return;
    this.lessons.answers.billed += usage.completionTokens;
    this.lessons.answers.written += writtenTokens;
  }

  /** A report call whose prompt the planner estimated at `estimatedTokens` was billed `usage.promptTokens`. */
  learnPrompt(usage: TokenUsage, estimatedTokens: number): void {
    if (usage.calls === 0 || estimatedTokens <= 0) return;
    this.lessons.prompts.billed += usage.promptTokens;
    this.lessons.prompts.estimated += estimatedTokens;
  }

  /** Report calls that wrote `words` words of text for `usage.completionTokens`. */
  learnWriting(usage: TokenUsage, words: number): void {
    if (usage.calls === 0 || words <= 0) return;
    this.lessons.writing.billed += usage.completionTokens;
    this.lessons.writing.words += words;
  }

  learnt(): ReportLessons {
    return { answers: { ...this.lessons.answers }, prompts: { ...this.lessons.prompts }, writing: { ...this.lessons.writing } };
  }

  /** No new page from now on: the budget is as good as spent. */
  stop(): void {
    this.stoppedForBudget = true;
  }

  get stopped(): boolean {
    return this.stoppedForBudget;
  }

  stageCosts(): { stages: Record<Stage, StageCost>; total: StageCost } {
    const price = this.settings.price;
    const withCost = (u: TokenUsage): StageCost => ({ ...u, costUsd: usageCost(price, u) });
    const stages = Object.fromEntries(STAGES.map((s) => [s, withCost(this.usage[s])])) as Record<Stage, StageCost>;
    return { stages, total: withCost(STAGES.reduce((t, s) => addUsage(t, this.usage[s]), ZERO_USAGE)) };
  }
}
