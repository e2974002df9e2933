/**
 * Follow-up rounds: what a gap is, what a round asks and brings back, and how many questions each round asks.
 * Pure, shared by the workflows, the activities and the report.
 */
import type { PageRecord, SourceSummary, StageCost, TokenUsage } from './types';

/** An open question a round left, with the one search that would answer it and why it matters. */
export interface Gap {
  question: string;
  query: string;
  why: string;
}

/** One round as the run's result and the report's appendix tell it: its questions, their queries, its pages. */
export interface RoundRecord {
  /** 1 is the first pass; follow-ups count from 2. */
  round: number;
  gaps: Gap[];
  /** The pages its queries chose that it read (or tried to), by URL. */
  pagesRead: string[];
  /** The pages its queries chose that an earlier round had read already: neither fetched nor paid again. */
  pagesSkipped: string[];
  /** Set when the round ended early (cancelled, budget). */
  note?: string;
}

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

/** The child workflow's ID of round `round` of run `parentId`. */
export function roundWorkflowId(parentId: string, round: number): string {
  return `${parentId}-round-${round}`;
}
