/**
 * The one place that reads a run's history by its activities' names: for runs recorded before their result
 * carried their sources and settings, and their report steps' results the REPORT_KIND mark. Everything newer
 * is read from the run's typed result (or, for a cancelled run, from the marked report payload).
 */
import { defaultPayloadConverter } from '@temporalio/common';
import type { History } from '@temporalio/common/lib/proto-utils';
import type { ResearchSettings, SourceSummary } from '../domain/types';

/** The report steps of older runs: the one-call report (or finishReport after a verification pass), and the sectioned report's assembly. */
const REPORT_STEPS: readonly string[] = ['writeReport', 'finishReport', 'assembleSections'];
/** The report steps whose input carried the run's sources and settings (the sectioned report's plan, the one-call report). */
const SOURCE_CARRIERS: readonly string[] = ['planReport', 'writeReport'];

/** The last completed report step's result, decoded (a draft's result, which holds no report, is skipped). */
export function legacyReportResult(history: History): unknown {
  const scheduled = new Set<string>();
  let result: unknown;
  for (const event of history.events ?? []) {
    const attrs = event.activityTaskScheduledEventAttributes;
    if (REPORT_STEPS.includes(attrs?.activityType?.name ?? '')) scheduled.add(String(event.eventId));
    const done = event.activityTaskCompletedEventAttributes;
    if (done && scheduled.has(String(done.scheduledEventId))) {
      const payload = done.result?.payloads?.[0];
      const value: unknown = payload ? defaultPayloadConverter.fromPayload(payload) : undefined;
      if (!isDraft(value)) result = value;
    }
  }
  return result;
}

/** A one-call report drafted for its verification pass: its result holds no report yet. */
function isDraft(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { draftBody?: unknown }).draftBody === 'string';
}

/** The sources and settings an older run's report step was given. */
export function legacySourcesAndSettings(history: History): { sources: SourceSummary[]; settings: ResearchSettings } | undefined {
  for (const event of history.events ?? []) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (!scheduled || !SOURCE_CARRIERS.includes(scheduled.activityType?.name ?? '')) continue;
    const payload = scheduled.input?.payloads?.[0];
    if (!payload) continue;
    const input = defaultPayloadConverter.fromPayload<{ sources?: SourceSummary[]; settings?: ResearchSettings }>(payload);
    if (input.sources && input.settings) return { sources: input.sources, settings: input.settings };
  }
  return undefined;
}
