/**
 * Where a run's report comes from on the client side: the run's result (`report.markdown`), or, for a
 * run that ended without a result (cancelled), the report step's completed result in the run's history. Both travel through the server, so any machine that reaches it gets the report, after
 * the worker's disk is gone.
 */
import { promises as fs } from 'node:fs';
import { defaultPayloadConverter } from '@temporalio/common';
import type { History } from '@temporalio/common/lib/proto-utils';
import { REPORT_KIND } from '../domain/types';
import { legacyReportResult } from './legacyHistory';

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

/**
 * A cancelled run's report, from its history: the last completed step result marked as a finished report
 * (REPORT_KIND), whatever the step is called; runs recorded before the mark are read the old way.
 */
export async function reportFromHistory(history: History): Promise<RunReport | undefined> {
  let marked: unknown;
  for (const event of history.events ?? []) {
    const payload = event.activityTaskCompletedEventAttributes?.result?.payloads?.[0];
    const value: unknown = payload ? defaultPayloadConverter.fromPayload(payload) : undefined;
    if (isMarkedReport(value)) marked = value;
  }
  return reportFromResult(marked ?? legacyReportResult(history));
}

function isMarkedReport(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === REPORT_KIND;
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
