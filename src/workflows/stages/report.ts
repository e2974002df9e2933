import { CancellationScope } from '@temporalio/workflow';
import type { ReportOutput } from '../../domain/types';
import { activitySummary, writeReport } from '../activities';
import type { RunState } from '../state';

/**
 * Stage 6: the report, from whatever was gathered. Written outside any cancelled scope, so even a
 * cancelled run keeps what it paid for. Its Markdown comes back through Temporal (the activity's result).
 */
export async function writeTheReport(run: RunState): Promise<ReportOutput> {
  run.enter('report');
  const written = await CancellationScope.nonCancellable(() =>
    writeReport.executeWithOptions({ summary: activitySummary(`report from ${run.sources.length} sources`) }, [
      {
        topic: run.topic,
        runId: run.workflowId,
        sources: run.sources,
        pages: [...run.pages.values()],
        queries: run.queries,
        notes: run.notes,
        stoppedByBudget: run.ledger.stopped,
        cancelled: run.cancelled,
        settings: run.settings,
      },
    ]),
  );
  run.ledger.charge('report', written.usage);
  return { markdown: written.markdown, words: written.words, path: written.path };
}
