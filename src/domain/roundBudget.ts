/**
 * How much a follow-up round may spend: the one decision the rounds take from the budget. Rounds are more pages,
 * so they share only what is free after what the budget planner keeps back for the report while more pages are
 * read (BudgetGates.reportReserve: the report at the words asked, or what its sources can fill). Rounds so stop
 * before the report would shrink: never below its floor, nor below the length it would have had without them.
 */
import type { BudgetGates } from './planner';
import type { Material } from './reportCost';

export interface RoundBudgetAsk {
  /** The cap less what is spent, promised to work in flight, and kept for the report (BudgetGates.reportReserve). */
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

/** What `roundBudget` is asked before round `round` of `depth`, with `questions` to follow up, from the run's budget gates over its material `m`. */
export function roundBudgetAsk(gates: Pick<BudgetGates, 'freeUsd' | 'reportReserve' | 'smallCallEstimate' | 'pageEstimate'>, m: Material, round: number, depth: number, questions: number): RoundBudgetAsk {
  return {
    freeUsd: gates.freeUsd() - gates.reportReserve(m),
    roundsLeft: depth - round + 1,
    gapCallUsd: gates.smallCallEstimate('plan'),
    leastRoundUsd: questions * gates.smallCallEstimate('rank') + gates.pageEstimate(),
  };
}
