/**
 * Where a run's report comes from on the client side: the run's result (`report.markdown`), or, for a
 * run that ended without a result (cancelled), the `writeReport` activity's completed result in the
 * run's history. Both travel through the server, so any machine that reaches it gets the report, after
 * the worker's disk is gone.
 */
import { promises as fs } from 'node:fs';
import { defaultPayloadConverter } from '@temporalio/common';
import type { History } from '@temporalio/common/lib/proto-utils';

export interface RunReport {
  markdown: string;
  words: number;
  /** The file name the worker chose (a safe name derived from the topic), when it says. */
  fileName?: string;
}

/** The shapes this reads: the run's result and the report activity's result, both carrying the Markdown. */
interface ReportCarrier {
  report?: { markdown?: unknown; words?: unknown; fileName?: unknown };
  markdown?: unknown;
  words?: unknown;
  reportWords?: unknown;
  /** Older workers: the report only as a file on the worker's disk. */
  reportPath?: unknown;
  path?: unknown;
}

/**
 * The activities whose result is the report: the one-call report (or, after its verification pass,
 * finishReport; a draft's result is no report), and the sectioned report's assembly. The last one wins.
 */
export const REPORT_ACTIVITIES: readonly string[] = ['writeReport', 'finishReport', 'assembleSections'];

/**
 * The report a run's result (or its report activity's result) carries. Results of workers that only
 * wrote a file name its path: read when this machine can see it (same machine), else undefined.
 */
export async function reportFromResult(value: unknown): Promise<RunReport | undefined> {
  if (!value || typeof value !== 'object') return undefined;
  const r = value as ReportCarrier;
  const nested = r.report;
  if (nested && typeof nested.markdown === 'string') {
    return { markdown: nested.markdown, words: numberOr(nested.words, wordCount(nested.markdown)), fileName: stringOr(nested.fileName) };
  }
  if (typeof r.markdown === 'string') {
    return { markdown: r.markdown, words: numberOr(r.words, wordCount(r.markdown)), fileName: baseName(stringOr(r.path)) };
  }
  const file = stringOr(r.reportPath) ?? stringOr(r.path);
  if (!file) return undefined;
  const markdown = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (markdown === undefined) return undefined;
  return { markdown, words: numberOr(r.reportWords ?? r.words, wordCount(markdown)), fileName: baseName(file) };
}

/** The last completed report activity's result in a history, decoded; undefined when there is none. */
export function reportActivityResult(history: History): unknown {
  const scheduled = new Set<string>();
  let result: unknown;
  for (const event of history.events ?? []) {
    const attrs = event.activityTaskScheduledEventAttributes;
    if (REPORT_ACTIVITIES.includes(attrs?.activityType?.name ?? '')) scheduled.add(String(event.eventId));
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

export async function reportFromHistory(history: History): Promise<RunReport | undefined> {
  return reportFromResult(reportActivityResult(history));
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function baseName(file: string | undefined): string | undefined {
  return file?.split(/[\\/]/).pop() || undefined;
}

function wordCount(markdown: string): number {
  return markdown.split(/\s+/).filter(Boolean).length;
}

/** The topic a run was started with, from its first event. */
export function runTopic(history: History): string | undefined {
  const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  const input = payload ? (defaultPayloadConverter.fromPayload(payload) as { topic?: unknown }) : undefined;
  return typeof input?.topic === 'string' ? input.topic : undefined;
}
