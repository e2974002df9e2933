/**
 * The stand-ins' records of one run as a timeline (ms from the run's start), to see where a run waits; with
 * the run's history, its workflow tasks and activities too (scheduled → started → closed, from the server's
 * own event times), so the gaps between the stand-ins' calls can be put down to a workflow task, an
 * activity's schedule-to-start, or work inside an activity.
 */
import type { temporal } from '@temporalio/proto';
import type { Records } from './criticalPath';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

// The numeric event types (temporal.api.enums.v1.EventType), as the history carries them.
const WORKFLOW_TASK = { scheduled: 5, started: 6, completed: 7 } as const;
const WORKFLOW = { started: 1, completed: 2 } as const;
const ACTIVITY_STARTED = 11;

export function timeline(records: Records, startedAt: number, history?: readonly HistoryEvent[]): string[] {
  const rows: [number, number, string][] = [
    ...records.llm.map((r): [number, number, string] => [r.receivedAt, r.answeredAt, `model ${r.stage} ${r.subject} (prompt ${r.promptTokens}, output ${r.completionTokens})`]),
    ...records.search.map((r): [number, number, string] => [r.receivedAt, r.answeredAt, `search "${r.q}"`]),
    ...records.web.map((r): [number, number, string] => [r.receivedAt, r.answeredAt, `page ${r.host}${r.path}`]),
    ...(history ? historyRows(history) : []),
  ];
  return rows
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .map(([from, to, what]) => `${String(from - startedAt).padStart(7)} → ${String(to - startedAt).padStart(7)} ms  ${what}`);
}

function eventMs(event: HistoryEvent): number {
  const t = event.eventTime;
  return t ? Number(String(t.seconds ?? 0)) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : 0;
}

/** One row per workflow task (scheduled → completed, with its schedule-to-start) and per activity. */
export function historyRows(history: readonly HistoryEvent[]): [number, number, string][] {
  const rows: [number, number, string][] = [];
  const byId = new Map<string, HistoryEvent>();
  for (const event of history) {
    byId.set(String(event.eventId), event);
    const type = Number(event.eventType);
    if (type === WORKFLOW.started || type === WORKFLOW.completed) rows.push([eventMs(event), eventMs(event), `  [workflow ${type === WORKFLOW.started ? 'started' : 'completed'}]`]);
    if (type === WORKFLOW_TASK.completed) {
      const started = byId.get(String(event.workflowTaskCompletedEventAttributes?.startedEventId));
      const scheduled = byId.get(String(started?.workflowTaskStartedEventAttributes?.scheduledEventId));
      if (!started || !scheduled) continue;
      const wait = eventMs(started) - eventMs(scheduled);
      rows.push([eventMs(scheduled), eventMs(event), `  [workflow task #${event.eventId}: waited ${wait} ms for the worker, ran ${eventMs(event) - eventMs(started)} ms]`]);
    }
    const closedScheduledId =
      event.activityTaskCompletedEventAttributes?.scheduledEventId ??
      event.activityTaskFailedEventAttributes?.scheduledEventId ??
      event.activityTaskTimedOutEventAttributes?.scheduledEventId ??
      event.activityTaskCanceledEventAttributes?.scheduledEventId;
    // An activity's end (completed, failed, timed out or cancelled) names the event that scheduled it.
    if (closedScheduledId !== undefined && closedScheduledId !== null) {
      const scheduled = byId.get(String(closedScheduledId));
      const started = history.find(
        (e) => Number(e.eventType) === ACTIVITY_STARTED && String(e.activityTaskStartedEventAttributes?.scheduledEventId) === String(closedScheduledId),
      );
      if (!scheduled) continue;
      const name = scheduled.activityTaskScheduledEventAttributes?.activityType?.name ?? 'activity';
      const start = started ? `started after ${eventMs(started) - eventMs(scheduled)} ms` : 'never started';
      rows.push([eventMs(scheduled), eventMs(event), `  [activity ${name} #${scheduled.activityTaskScheduledEventAttributes?.activityId}: ${start}]`]);
    }
  }
  return rows;
}
