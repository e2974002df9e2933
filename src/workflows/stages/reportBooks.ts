/**
 * What every report call shares: the books it is charged to and gated by, the material it is written from,
 * and the small helpers that price and label its parts.
 */
import type { BudgetLedger } from '../../domain/ledger';
import type { BudgetGates } from '../../domain/planner';
import { materialTokens, type Material } from '../../domain/reportCost';
import type { WriteReportInput } from '../../activities/report';
import type { ModelTrouble, ReportCallBudget, SourceSummary, TokenUsage } from '../../domain/types';
import { countWords } from '../../domain/words';
import { paidUsageOf } from '../failures';

/**
 * Where the report's calls are charged and what they taught is kept (the books), what gates them, and where
 * the trouble of a model answer that stayed bad is told (the run's result carries the first).
 */
export interface ReportBooks {
  ledger: BudgetLedger;
  gates: BudgetGates;
  /** Each source's summary tokens (by id − 1), as the page activities counted them. */
  sourceTokens: readonly number[];
  trouble(trouble: ModelTrouble): void;
}

/** The sources `ids` take in a prompt (see materialTokens). */
export function tokensOf(books: ReportBooks, ids: readonly number[]): number {
  return materialTokens({ sources: ids.length, summaryTokens: ids.reduce((n, id) => n + (books.sourceTokens[id - 1] ?? 0), 0) });
}

/** The material the report's calls read: its sources and their summaries' size. */
export function materialOf(m: ReportMaterial, books: ReportBooks): Material {
  return { sources: m.sources.length, summaryTokens: books.sourceTokens.reduce((a, b) => a + b, 0), summaryWords: m.sources.reduce((n, s) => n + countWords(s.summary), 0) };
}

/** A call's budget, when the gates hold calls to one. */
export function callBudget(books: ReportBooks, allowanceUsd: number | undefined): ReportCallBudget | undefined {
  if (!books.gates.capsCalls || allowanceUsd === undefined) return undefined;
  const firstAnswerScale = books.gates.firstAnswerScale();
  return { allowanceUsd, answerScale: books.gates.answerScale(), ...(firstAnswerScale !== undefined ? { firstAnswerScale } : {}) };
}

/** Runs `call`, charging what it paid to the report stage even when it fails for good. */
export async function charged<T extends { usage: TokenUsage }>(ledger: BudgetLedger, call: Promise<T>): Promise<T> {
  try {
    const result = await call;
    ledger.charge('report', result.usage);
    return result;
  } catch (err) {
    ledger.charge('report', paidUsageOf(err));
    throw err;
  }
}

/** Everything the report is written from: the run's sources and what it records about itself. */
export interface ReportMaterial extends WriteReportInput {
  /** The user's extra instructions (revise). */
  instructions?: string;
}

/**
 * A source as the writing calls read it: its quotes (and rechecks) are for grounding, the appendix and a schedule's
 * comparison, so they travel only to the steps that do those, keeping the history small.
 */
export function withoutEvidence({ url, title, summary }: SourceSummary): SourceSummary {
  return { url, title, summary };
}

export function sourceChars(sources: readonly SourceSummary[], ids: readonly number[]): number {
  return ids.reduce((n, id) => n + (sources[id - 1]?.summary.length ?? 0), 0);
}

export function label(text: string): string {
  return text.replace(/[<>[\]()`*_#|\\]/g, '').replace(/\s+/g, ' ').trim();
}

