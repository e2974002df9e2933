/**
 * How much a follow-up round may spend: the one decision the rounds take from the budget, behind one pure
 * function so the run's budget planner can take it over. Rounds only ever share what is free after the report's
 * own cost over the summaries so far (the ledger keeps that back), so a round never shrinks the report below
 * what it was asked to be.
 */
import type { BudgetLedger } from './ledger';

export interface RoundBudgetAsk {
  /** The cap less what is spent, promised to work in flight, and kept for the report (BudgetLedger.freeUsd). */
  freeUsd: number;
  /** Rounds still allowed, this one included. */
  roundsLeft: number;
  /** The gap analysis call before the round. */
  gapCallUsd: number;
  /** The least a round can do anything with: rank its queries and read one page. */
  leastRoundUsd: number;
}

export type RoundBudget = { go: true; sliceUsd: number } | { go: false; why: string };

/** An even share of what is free among the rounds left (after the gap call), or stop when that cannot pay for a round. */
export function roundBudget(ask: RoundBudgetAsk): RoundBudget {
  const share = (ask.freeUsd - ask.gapCallUsd) / Math.max(1, ask.roundsLeft);
  if (!(share >= ask.leastRoundUsd) || share <= 0) {
    const free = Math.max(0, ask.freeUsd);
    return { go: false, why: `the budget left beyond the report's own cost ($${free.toFixed(4)}) cannot pay for another round (at least $${(ask.leastRoundUsd + ask.gapCallUsd).toFixed(4)})` };
  }
  return { go: true, sliceUsd: share };
}

/** What `roundBudget` is asked before round `round` of `depth`, with `questions` to follow up, from the run's ledger. */
export function roundBudgetAsk(ledger: BudgetLedger, summaryTokens: number, round: number, depth: number, questions: number): RoundBudgetAsk {
  return {
    freeUsd: ledger.freeUsd(summaryTokens),
    roundsLeft: depth - round + 1,
    gapCallUsd: ledger.smallCallEstimate('plan'),
    leastRoundUsd: questions * ledger.smallCallEstimate('rank') + ledger.nextPageEstimate(),
  };
}
