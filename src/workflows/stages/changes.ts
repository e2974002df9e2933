import { usageCost } from '../../domain/budget';
import { type ChangeRecord, referenceNumbers, withSectionFirst } from '../../domain/changeReport';
import type { ReportOutput } from '../../domain/types';
import { activitySummary, compareWithLastRun, paidCall, writeChangeSection } from '../activities';
import { paidUsageOf } from '../failures';
import type { RunState } from '../state';

/** A generous price of the one prose call (a short diff in, a paragraph out). */
const PROSE_PROMPT_TOKENS = 2_000;
const PROSE_ANSWER_TOKENS = 600;

/**
 * A scheduled run's last step: compare with the last completed run of its schedule (its typed result) and put
 * "What changed since <date>" first in the report. The diff is the activity's, deterministic; the prose is one
 * model call over the diff alone, made only while the budget allows it.
 */
export async function reportWhatChanged(run: RunState, report: ReportOutput, scheduleId: string): Promise<{ report: ReportOutput; changes: ChangeRecord }> {
  const comparison = await compareWithLastRun.executeWithOptions({ summary: activitySummary('find the last completed run of this schedule and compare') }, [
    {
      scheduleId,
      workflowId: run.workflowId,
      sources: run.sources.map(({ url, title, evidence }) => ({ url, title, ...(evidence ? { evidence } : {}) })),
      pages: [...run.pages.values()].map(({ url, status, reason }) => ({ url, status, ...(reason !== undefined ? { reason } : {}) })),
    },
  ]);
  const proseCost = usageCost(run.settings.price, { calls: 1, promptTokens: PROSE_PROMPT_TOKENS, completionTokens: PROSE_ANSWER_TOKENS });
  const input = {
    topic: run.topic,
    settings: run.settings,
    comparison,
    references: referenceNumbers(report.markdown),
    mayWrite: run.ledger.spent() + proseCost <= run.ledger.capUsd,
  };
  const section = await writeChangeSection.executeWithOptions(paidCall('what changed since the last run'), [input]).catch((err: unknown) => {
    run.ledger.charge('report', paidUsageOf(err));
    throw err;
  });
  run.ledger.charge('report', section.usage);
  run.noteTrouble(section.trouble);
  const changes: ChangeRecord = { line: section.line, ...(comparison.since ? { since: comparison.since } : {}), ...(comparison.previousRun ? { previousRun: comparison.previousRun } : {}) };
  return { report: { ...report, markdown: withSectionFirst(report.markdown, section.markdown) }, changes };
}
