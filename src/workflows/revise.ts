/**
 * Revise: a new report from a finished run's sources, with other settings (length, language,
 * instructions). No search, no fetch, no page summaries: only the report's own calls, paid and
 * budgeted. Its own workflow, so it is visible and replayable; linked to the original run by its memo
 * and the ResearchRevisionOf search attribute.
 */
import { patched, workflowInfo } from '@temporalio/workflow';
import { SEARCH_ATTRIBUTES } from './definitions';
import { validInputOrFail } from './input';
import { upsertRunMemo } from './memo';
import { CHARS_PER_TOKEN_UNTOKENIZED } from '../domain/budget';
import { LegacyGates } from '../domain/legacyBudget';
import { BudgetLedger } from '../domain/ledger';
import { BudgetPlanner } from '../domain/planner';
import type { PageRecord, ReportOutput, ResearchSettings, SourceSummary, Stage, StageCost } from '../domain/types';
import { countWords } from '../domain/words';
import { type ReportBooks, type ReportMaterial, writeSectionedReport, writeSingleReport } from './stages/report';

export const REVISION_OF = SEARCH_ATTRIBUTES.revisionOf.key;
export const REVISE_WORKFLOW_TYPE = 'reviseWorkflow';

export interface ReviseWorkflowInput {
  /** The finished research run whose sources are reused. */
  revisionOf: string;
  topic: string;
  /** The original run's summaries of the pages it read (never page text). */
  sources: SourceSummary[];
  pages: PageRecord[];
  queries: string[];
  /** The original run's notes (fallbacks, failed searches), still true of the sources. */
  notes?: string[];
  settings: ResearchSettings;
  instructions?: string;
}

export interface ReviseResult {
  revisionOf: string;
  topic: string;
  report: ReportOutput;
  notes: string[];
  cost: { stages: Record<Stage, StageCost>; total: StageCost };
  /** As in a research run's result: set when a model answer stayed bad, naming the endpoint and what it answered. */
  modelTrouble?: string;
}

export async function reviseWorkflow(input: ReviseWorkflowInput): Promise<ReviseResult> {
  const { topic, settings } = validInputOrFail({ topic: input.topic, settings: input.settings }, 'revise');
  upsertRunMemo({ revisionOf: input.revisionOf });
  const ledger = new BudgetLedger(settings, settings.maxBudgetUsd);
  // Revisions recorded before the planner replay the gates they were recorded with.
  const gates = patched('budget-planner') ? new BudgetPlanner(settings, ledger) : new LegacyGates(settings, ledger);
  const notes = [...(input.notes ?? []), `Revised from the sources of run ${input.revisionOf}, without new searches or page reads.`];
  const sourceTokens = input.sources.map((s) => Math.ceil(s.summary.length / CHARS_PER_TOKEN_UNTOKENIZED));
  const material = { sources: input.sources.length, summaryTokens: sourceTokens.reduce((a, b) => a + b, 0), summaryWords: input.sources.reduce((n, s) => n + countWords(s.summary), 0) };
  // (Budget gate) The words the budget pays for; the words asked are told in the budget's line.
  const shape = gates.reportShape(material);
  const effects = { askedWords: shape.asked, paidWords: shape.words, ...(shape.limitedBy ? { limitedBy: shape.limitedBy } : {}), pagesNotRead: 0, skippedCalls: 0, budgetUsd: settings.maxBudgetUsd, materialWords: material.summaryWords };
  const reportMaterial: ReportMaterial = {
    topic,
    runId: workflowInfo().workflowId,
    sources: input.sources,
    pages: input.pages,
    queries: input.queries,
    notes,
    stoppedByBudget: false,
    cancelled: false,
    settings: { ...settings, reportWords: shape.words },
    instructions: input.instructions,
    ...(gates.capsCalls ? { budgetEffects: effects } : {}),
  };
  let modelTrouble: string | undefined;
  const books: ReportBooks = { ledger, gates, sourceTokens, trouble: (t) => (modelTrouble ??= t.line) };
  let report: ReportOutput;
  if (shape.mode === 'single' || input.sources.length === 0) {
    report = await writeSingleReport(reportMaterial, books, `revised report from ${input.sources.length} sources`);
  } else {
    report = await writeSectionedReport(reportMaterial, books);
  }
  return { revisionOf: input.revisionOf, topic, report, notes, cost: ledger.stageCosts(), ...(modelTrouble ? { modelTrouble } : {}) };
}
