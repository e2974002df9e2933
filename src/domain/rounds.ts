/**
 * Follow-up rounds: what a gap is, what a round asks and brings back, and how many questions each round asks.
 * Pure, shared by the workflows, the activities and the report.
 */
import type { Gap, PageRecord, SourceSummary, StageCost, TokenUsage } from './types';

export type { Gap, RoundRecord } from './types';

/** What a follow-up round's child workflow brings back to its parent, which charges its usage. */
export interface RoundResult {
  round: number;
  gaps: Gap[];
  pages: PageRecord[];
  /** Pages chosen that earlier rounds read: left out. */
  skipped: string[];
  sources: SourceSummary[];
  /** The summaries' tokens (the report's prompt grows with them). */
  summaryTokens: number;
  /** Each source's summary tokens, in the sources' order (absent from rounds recorded before the budget planner). */
  sourceTokens?: number[];
  notes: string[];
  /** What it paid, by stage (rank, browse). */
  usage: { rank: TokenUsage; browse: TokenUsage };
  stoppedByBudget: boolean;
  cancelled: boolean;
  cost: StageCost;
}

/** Questions asked in round `round` (2, 3, ...): `breadth` in the first follow-up, halving per level, at least one. */
export function roundBreadth(breadth: number, round: number): number {
  return Math.max(1, Math.floor(breadth / 2 ** Math.max(0, round - 2)));
}

/** The run a round's child workflow ID belongs to (undefined for an ID that names no round). */
export function runIdOfRound(childId: string): string | undefined {
  const match = /^(.+)-round-\d+$/.exec(childId);
  return match?.[1];
}

/** The child workflow's ID of round `round` of run `parentId`. */
export function roundWorkflowId(parentId: string, round: number): string {
  return `${parentId}-round-${round}`;
}
