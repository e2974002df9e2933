/**
 * Each activity is scheduled under its own retry class (timeouts and retry policy as exported by
 * src/workflows/activities.ts), and labelled in the UI's timeline with what it works on. Read back
 * from the run's history on the real server, with stubbed activities.
 */
import { decompileRetryPolicy } from '@temporalio/common';
import { msToNumber, optionalTsToMs } from '@temporalio/common/lib/time';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { PAGES, REPORTS, SEARCHES, SMALL_LLM_CALLS } from '../../src/workflows/activities';
import { openWorkflowEnv, type ScheduledActivity, scheduledActivities, stubActivities, stubSettings, withStubWorker } from '../harness/workflowEnv';

type RetryClass = typeof SMALL_LLM_CALLS | typeof SEARCHES | typeof PAGES | typeof REPORTS;

const INTENDED: Record<string, RetryClass> = {
  generateKeywords: SMALL_LLM_CALLS,
  planQueries: SMALL_LLM_CALLS,
  rankResults: SMALL_LLM_CALLS,
  searchWeb: SEARCHES,
  summarizePage: PAGES,
  writeReport: REPORTS,
};

/** The options in one comparable form: milliseconds and plain values. */
function intended(options: RetryClass) {
  return {
    startToCloseTimeoutMs: msToNumber(options.startToCloseTimeout),
    heartbeatTimeoutMs: msToNumber(options.heartbeatTimeout),
    scheduleToCloseTimeoutMs: undefined,
    retry: {
      initialInterval: msToNumber(options.retry.initialInterval!),
      backoffCoefficient: options.retry.backoffCoefficient,
      maximumInterval: msToNumber(options.retry.maximumInterval!),
      maximumAttempts: options.retry.maximumAttempts,
      nonRetryableErrorTypes: options.retry.nonRetryableErrorTypes,
    },
  };
}

function scheduled(activity: ScheduledActivity) {
  return {
    startToCloseTimeoutMs: optionalTsToMs(activity.startToCloseTimeout),
    heartbeatTimeoutMs: optionalTsToMs(activity.heartbeatTimeout),
    // Zero on the server means "no such timeout": the run sets none.
    scheduleToCloseTimeoutMs: optionalTsToMs(activity.scheduleToCloseTimeout) || undefined,
    retry: decompileRetryPolicy(activity.retryPolicy),
  };
}

describe('the activities as the workflow schedules them', () => {
  let env: TestWorkflowEnvironment;
  let activities: ScheduledActivity[];
  const urls = ['https://a.example/one', 'https://b.example/two'];

  beforeAll(async () => {
    env = await openWorkflowEnv();
    const stubs = stubActivities(urls, {
      generateKeywords: async () => ({ phrases: ['first keyword', 'second\nkeyword   on two lines'], usage: { calls: 1, promptTokens: 1, completionTokens: 1 } }),
    });
    activities = await withStubWorker(env, stubs, async (start) => {
      const handle = await start('a topic', stubSettings({ keywords: 2 }));
      await handle.result();
      return scheduledActivities(handle);
    });
  });
  afterAll(() => env?.teardown());

  it('schedules every activity of a run', () => {
    expect(new Set(activities.map((a) => a.activityType?.name))).toEqual(new Set(Object.keys(INTENDED)));
  });

  it.each(Object.entries(INTENDED))('schedules %s with the timeouts and retry policy of its retry class', (name, options) => {
    const ofType = activities.filter((a) => a.activityType?.name === name);
    expect(ofType.length).toBeGreaterThan(0);
    for (const activity of ofType) expect(scheduled(activity)).toEqual(intended(options));
  });

  it('never retries a configuration failure (bad key, missing key, bad request)', () => {
    for (const activity of activities) {
      expect(activity.retryPolicy?.nonRetryableErrorTypes).toEqual(expect.arrayContaining(['InvalidApiKey', 'MissingApiKey', 'InvalidRequest']));
    }
  });

  it('labels each search with its query (on one line), each page with its URL, the ranking and the report', () => {
    const summaries = (name: string) => activities.filter((a) => a.activityType?.name === name).map((a) => a.summary);
    expect(summaries('searchWeb')).toEqual(['search: first keyword', 'search: second keyword on two lines', 'search: stub query']);
    expect(summaries('rankResults')).toEqual(['rank: stub query']);
    expect(summaries('summarizePage').sort()).toEqual([...urls].sort());
    expect(summaries('writeReport')).toEqual(['report from 2 sources']);
  });
});
