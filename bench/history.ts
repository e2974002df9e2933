/** What a finished run left in Temporal: events, bytes, workflow tasks, activities, schedule-to-start latencies. */
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { historyText } from '../test/harness/historyText';

const EventType = temporal.api.enums.v1.EventType;

export interface HistoryFigures {
  events: number;
  /** Temporal's own measure: the encoded history the server stores (what its size limits count). */
  bytes: number;
  /** The history exported as JSON (`npm run client -- history`, the UI's download), payloads base64. */
  exportBytes: number;
  workflowTasks: number;
  activities: number;
  /** Per activity, ms from scheduled to started. */
  scheduleToStartMs: number[];
  /** Every string of the history, payloads decoded, to search for what must not be there. */
  text: string;
}

function ms(time: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  if (!time) return 0;
  return Number(String(time.seconds ?? 0)) * 1000 + (time.nanos ?? 0) / 1e6;
}

export async function historyFigures(handle: WorkflowHandle): Promise<HistoryFigures> {
  const history = await handle.fetchHistory();
  const events = history.events ?? [];
  const scheduled = new Map<string, number>();
  const scheduleToStartMs: number[] = [];
  for (const event of events) {
    if (event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) scheduled.set(String(event.eventId), ms(event.eventTime));
    if (event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED) {
      const at = scheduled.get(String(event.activityTaskStartedEventAttributes?.scheduledEventId));
      if (at !== undefined) scheduleToStartMs.push(ms(event.eventTime) - at);
    }
  }
  const { historySize } = await handle.describe();
  return {
    events: events.length,
    bytes: historySize ?? temporal.api.history.v1.History.encode(history).finish().length,
    exportBytes: Buffer.byteLength(historyToJSON(history)),
    workflowTasks: events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED).length,
    activities: events.filter((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).length,
    scheduleToStartMs,
    text: historyText(history),
  };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
