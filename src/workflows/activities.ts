/**
 * The activities as the workflow sees them: one proxy per retry class, each exposing only its own
 * activities, so no activity can be called under another's timeouts.
 */
import type { Duration, RetryPolicy } from '@temporalio/common';
import { ActivityCancellationType, patched, proxyActivities } from '@temporalio/workflow';
import type { browseActivities } from '../activities/browse';
import type { gapActivities } from '../activities/gaps';
import type { changeActivities } from '../activities/changes';
import type { planActivities } from '../activities/plan';
import type { rankActivities } from '../activities/rank';
import type { reportActivities } from '../activities/report';
import type { searchActivities } from '../activities/search';
import type { sectionActivities } from '../activities/sections';
import { CONFIGURATION_FAILURES } from '../errors';

type Activities<F extends (...args: never[]) => object> = ReturnType<F>;

/** Exponential backoff; configuration failures (bad key, bad request) are never retried. */
export function retryPolicy(initialInterval: Duration, maximumInterval: Duration, maximumAttempts: number): RetryPolicy {
  return { initialInterval, backoffCoefficient: 2, maximumInterval, maximumAttempts, nonRetryableErrorTypes: [...CONFIGURATION_FAILURES] };
}

/** Small LLM calls: keywords, query plan, ranking. */
export const SMALL_LLM_CALLS = {
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '30 seconds',
  retry: retryPolicy('2 seconds', '1 minute', 5),
} as const;

export const SEARCHES = {
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '30 seconds',
  retry: retryPolicy('1 second', '30 seconds', 4),
} as const;

/**
 * A page: fetch, then one LLM call per chunk; a failed page is recorded after its retries, never fatal.
 * Activities heartbeat every 2 s, so a dead worker's pages are retried elsewhere within ~15 s.
 */
export const PAGES = {
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '15 seconds',
  retry: retryPolicy('2 seconds', '1 minute', 3),
} as const;

export const REPORTS = {
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '15 seconds',
  retry: retryPolicy('5 seconds', '2 minutes', 5),
} as const;

export const { generateKeywords, planQueries } = proxyActivities<Activities<typeof planActivities>>(SMALL_LLM_CALLS);
export const { findGaps } = proxyActivities<Activities<typeof gapActivities>>(SMALL_LLM_CALLS);
export const { rankResults } = proxyActivities<Activities<typeof rankActivities>>(SMALL_LLM_CALLS);
export const { searchWeb } = proxyActivities<Activities<typeof searchActivities>>(SEARCHES);
export const { summarizePage } = proxyActivities<Activities<typeof browseActivities>>(PAGES);
export const { writeReport, finishReport } = proxyActivities<Activities<typeof reportActivities>>(REPORTS);
export const { planReport, writeSection, writeFraming, assembleSections, verifyFlagged } = proxyActivities<Activities<typeof sectionActivities>>(REPORTS);

export const { lastScheduledRun } = proxyActivities<Activities<typeof changeActivities>>(SEARCHES);
export const { writeChangeSection } = proxyActivities<Activities<typeof changeActivities>>(SMALL_LLM_CALLS);

/** One line for the UI's timeline (activity summaries render as Markdown). */
export function activitySummary(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/**
 * Options for calling an activity that pays for model calls: when a cancel stops it, the workflow waits for it
 * to stop, and its cancellation brings back what it paid (charged like a failure's). Runs recorded before
 * this waited for nothing (the SDK's TRY_CANCEL): they replay as they were.
 */
export function paidCall(summary?: string): { summary?: string; cancellationType?: ActivityCancellationType } {
  const wait = patched('paid-calls-wait-for-cancel');
  return {
    ...(summary !== undefined ? { summary: activitySummary(summary) } : {}),
    ...(wait ? { cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED } : {}),
  };
}
