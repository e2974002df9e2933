/**
 * Where the client finds a run's report: the run's result (`report.markdown`), or the `writeReport`
 * activity's completed result in the history (cancelled runs), including histories read back from JSON.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { historyFromJSON, type History } from '@temporalio/common/lib/proto-utils';
import { legacyReportResult } from '../../src/cli/legacyHistory';
import { reportFromHistory, reportFromResult, runTopic } from '../../src/cli/reportSource';

/** A payload as exported history JSON holds it (base64). */
function jsonPayloads(value: unknown) {
  const p = defaultPayloadConverter.toPayload(value);
  const b64 = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('base64');
  return { payloads: [{ metadata: { encoding: b64(p.metadata?.encoding) }, data: b64(p.data) }] };
}

/** A history in the shape the server records (started, activities scheduled and completed), read back from JSON. */
function historyWith(activities: { name: string; result: unknown; completed?: boolean }[]): History {
  const events: object[] = [
    {
      eventId: '1',
      eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
      workflowExecutionStartedEventAttributes: { input: jsonPayloads({ topic: 'solid-state batteries', settings: {} }) },
    },
  ];
  let id = 2;
  for (const a of activities) {
    const scheduledId = String(id++);
    events.push({
      eventId: scheduledId,
      eventType: 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED',
      activityTaskScheduledEventAttributes: { activityType: { name: a.name } },
    });
    if (a.completed !== false) {
      events.push({
        eventId: String(id++),
        eventType: 'EVENT_TYPE_ACTIVITY_TASK_COMPLETED',
        activityTaskCompletedEventAttributes: { scheduledEventId: scheduledId, result: jsonPayloads(a.result) },
      });
    }
  }
  return historyFromJSON({ events });
}

describe('reportFromResult', () => {
  it("reads the run result's report Markdown, words and file name", async () => {
    const found = await reportFromResult({ topic: 't', report: { markdown: '# T\n\nbody', words: 3, fileName: 't.md' } });
    expect(found).toEqual({ markdown: '# T\n\nbody', words: 3, fileName: 't.md' });
  });

  it('reads a report activity result carrying the Markdown', async () => {
    const found = await reportFromResult({ markdown: 'one two three', words: 3, path: '/worker/disk/r.md' });
    expect(found).toEqual({ markdown: 'one two three', words: 3, fileName: 'r.md' });
  });

  it("falls back to the file a result names when this machine can read it, and to nothing when it cannot", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'report-source-'));
    const file = path.join(dir, 'topic.md');
    await fs.writeFile(file, 'from the disk');
    expect(await reportFromResult({ reportPath: file, reportWords: 3 })).toEqual({ markdown: 'from the disk', words: 3, fileName: 'topic.md' });
    await fs.rm(dir, { recursive: true });
    expect(await reportFromResult({ reportPath: file, reportWords: 3 })).toBeUndefined();
    expect(await reportFromResult(undefined)).toBeUndefined();
  });
});

describe('reportFromHistory', () => {
  it('finds the result marked as the finished report, whatever the step that wrote it is called', async () => {
    const history = historyWith([
      { name: 'summarizePage', result: { markdown: 'not the report', words: 3 } },
      { name: 'aRenamedReportStep', result: { markdown: '# Draft', words: 1, kind: 'research-report' } },
      { name: 'aChildWorkflowsStep', result: { markdown: '# Final\n\nwhat was gathered', words: 4, kind: 'research-report' } },
      { name: 'somethingAfter', result: { markdown: 'a page summary', words: 3 } },
    ]);
    expect(await reportFromHistory(history)).toEqual({ markdown: '# Final\n\nwhat was gathered', words: 4 });
  });

  it("in a run recorded before the mark, finds the writeReport activity's result among the run's activities", async () => {
    const history = historyWith([
      { name: 'summarizePage', result: { markdown: 'not the report', words: 3 } },
      { name: 'writeReport', result: { markdown: '# Cancelled run\n\nwhat was gathered', words: 5, path: '/w/x.md' } },
    ]);
    expect(await reportFromHistory(history)).toEqual({ markdown: '# Cancelled run\n\nwhat was gathered', words: 5, fileName: 'x.md' });
    expect(runTopic(history)).toBe('solid-state batteries');
  });

  it('has no report when writeReport never completed', async () => {
    const history = historyWith([
      { name: 'summarizePage', result: { markdown: 'a page', words: 2 } },
      { name: 'writeReport', result: null, completed: false },
    ]);
    expect(legacyReportResult(history)).toBeUndefined();
    expect(await reportFromHistory(history)).toBeUndefined();
  });

  it('takes a verified one-call report from finishReport, and a lone draft for no report', async () => {
    const draft = { name: 'writeReport', result: { markdown: '', words: 0, draftBody: 'Sales rose 40% [1].', flagged: [] } };
    const finished = { name: 'finishReport', result: { markdown: '# Verified\n\nSales rose 4% [1].', words: 5, path: '/w/v.md' } };
    expect(await reportFromHistory(historyWith([draft, { name: 'verifyFlagged', result: { decisions: [] } }, finished]))).toEqual({
      markdown: '# Verified\n\nSales rose 4% [1].',
      words: 5,
      fileName: 'v.md',
    });
    expect(legacyReportResult(historyWith([draft]))).toBeUndefined();
    expect(await reportFromHistory(historyWith([draft, { ...finished, completed: false }]))).toBeUndefined();
  });
});
