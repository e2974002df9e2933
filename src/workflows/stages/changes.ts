import type { PreviousRun } from '../../activities/changes';
import { usageCost } from '../../domain/budget';
import { type ChangeRecord, referenceNumbers, withSectionFirst } from '../../domain/changeReport';
import type { ReportOutput } from '../../domain/types';
import { activitySummary, lastScheduledRun, paidCall, writeChangeSection } from '../activities';
import { paidUsageOf } from '../failures';
import type { RunState } from '../state';

/** A generous price of the one prose call (a short diff in, a paragraph out). */
const PROSE_PROMPT_TOKENS = 2_000;
const PROSE_ANSWER_TOKENS = 600;

/**
 * A scheduled run's first step: the schedule's last completed run (its typed result). Pages read is fresh
 * (no cached summary), and each page the last run quoted is looked up again for those quotes.
 */
export async function lookUpLastRun(run: RunState, scheduleId: string): Promise<PreviousRun> {
  run.freshPages = true;
  const previous = await lastScheduledRun.executeWithOptions({ summary: activitySummary('find the last completed run of this schedule') }, [
    { scheduleId, workflowId: run.workflowId },
  ]);
  for (const source of previous.sources ?? []) if (source.evidence?.length) run.previousQuotes.set(source.url, source.evidence);
  return previous;
}

/**
 * A scheduled run's last step: "What changed since <date>" first in the report. The diff is computed in the
 * activity, deterministically, from both runs' sources and quotes; the prose is one model call over the diff
 * alone, made only while the budget allows it.
 */
export async function reportWhatChanged(run: RunState, report: ReportOutput, previous: PreviousRun): Promise<{ report: ReportOutput; changes: ChangeRecord }> {
  const proseCost = usageCost(run.settings.price, { calls: 1, promptTokens: PROSE_PROMPT_TOKENS, completionTokens: PROSE_ANSWER_TOKENS });
  const input = {
    topic: run.topic,
    settings: run.settings,
    previous,
    sources: run.sources.map(({ url, title, evidence, rechecked }) => ({ url, title, ...(evidence ? { evidence } : {}), ...(rechecked ? { rechecked } : {}) })),
    pages: [...run.pages.values()].map(({ url, status, reason }) => ({ url, status, ...(reason !== undefined ? { reason } : {}) })),
    references: referenceNumbers(report.markdown),
    mayWrite: run.ledger.spent() + proseCost <= run.ledger.capUsd,
  };
  const section = await writeChangeSection.executeWithOptions(paidCall('what changed since the last run'), [input]).catch((err: unknown) => {
    run.ledger.charge('report', paidUsageOf(err));
    throw err;
  });
  run.ledger.charge('report', section.usage);
  run.noteTrouble(section.trouble);
  const changes: ChangeRecord = { line: section.line, ...(previous.since ? { since: previous.since } : {}), ...(previous.previousRun ? { previousRun: previous.previousRun } : {}) };
  return { report: { ...report, markdown: withSectionFirst(report.markdown, section.markdown) }, changes };
}
