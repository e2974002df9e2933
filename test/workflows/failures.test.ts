/**
 * What the workflow makes of a failed activity (failures.ts and the stages that use it), on the real
 * server with stubbed activities: a failed search, ranking or page is a note and the run goes on; a
 * configuration failure (bad key, bad request) fails the run at once, saying why.
 */
import { ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WriteReportInput } from '../../src/activities/report';
import { FailureType } from '../../src/errors';
import { failureOf, ONE_CALL, openWorkflowEnv, resultsFor, stubActivities, stubSettings, withStubWorker } from '../harness/workflowEnv';

/** A failure the activity gives up on at once (its retries are not what these tests are about). */
const givenUp = (message: string) => ApplicationFailure.create({ message, type: FailureType.Unavailable, nonRetryable: true });

const failedRunCause = (error: unknown) => {
  expect(error).toBeInstanceOf(WorkflowFailedError);
  return (error as WorkflowFailedError).cause as ApplicationFailure;
};

describe('a run whose activities fail', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await openWorkflowEnv();
  });
  afterAll(() => env?.teardown());

  const urlsOf = (query: string) => [`https://${query.replace(/\W+/g, '-')}.example/page`];

  it('notes a failed search or ranking by its query, and reads the pages the other queries chose', async () => {
    const searched: string[] = [];
    let reportInput: WriteReportInput | undefined;
    const stubs = stubActivities([], {
      generateKeywords: async () => ({ phrases: ['keyword one', 'keyword two'], usage: ONE_CALL }),
      planQueries: async () => ({ phrases: ['good query', 'unsearchable query', 'unrankable query'], usage: ONE_CALL }),
      searchWeb: async ({ query }) => {
        searched.push(query);
        if (query === 'keyword two' || query === 'unsearchable query') throw givenUp('the provider is down');
        return resultsFor(urlsOf(query));
      },
      rankResults: async ({ query, results }) => {
        if (query === 'unrankable query') throw givenUp('the model is down');
        return { urls: results.map((r) => r.url), usage: ONE_CALL };
      },
      writeReport: async (input) => {
        reportInput = input;
        return { markdown: '# Report', words: 1, usage: ONE_CALL };
      },
    });
    const result = await withStubWorker(env, stubs, async (start) => (await start('a topic', stubSettings({ keywords: 2, queries: 3 }))).result());

    expect(result.notes).toEqual([
      'Search for "keyword two" failed: the provider is down',
      'Search for "unsearchable query" failed: the provider is down',
      'Ranking for "unrankable query" failed, so its pages were not read: the model is down',
    ]);
    // The failed ranking is not told as a failed search: its search went through.
    expect(searched).toContain('unrankable query');
    expect(result.pages.map((p) => [p.url, p.status])).toEqual([[urlsOf('good query')[0], 'summarized']]);
    expect(reportInput?.notes).toEqual(result.notes);
  });

  it('records a page that failed with its reason, and writes the report from the others', async () => {
    const urls = ['https://fine.example/a', 'https://broken.example/b'];
    const stubs = stubActivities(urls, {
      summarizePage: async ({ url }) => {
        if (url.includes('broken')) throw givenUp('the page answered HTTP 500');
        return { url, status: 'summarized', title: 'Fine', summary: 'Fine things.', usage: ONE_CALL };
      },
    });
    const result = await withStubWorker(env, stubs, async (start) => (await start('a topic', stubSettings())).result());

    expect(result.pages.map((p) => [p.url, p.status, p.reason])).toEqual([
      [urls[0], 'summarized', undefined],
      [urls[1], 'failed', 'the page answered HTTP 500'],
    ]);
    expect(result.report.markdown).toBe('# Report\n\nFrom 1 sources.');
  });

  it('ends the run, naming every failed search, when no keyword search succeeds', async () => {
    const stubs = stubActivities([], {
      searchWeb: async () => {
        throw givenUp('the provider is down');
      },
    });
    const error = await withStubWorker(env, stubs, async (start) => failureOf(await start('a topic', stubSettings())));

    const cause = failedRunCause(error);
    expect(cause.type).toBe('SearchFailed');
    expect(cause.message).toBe('every search failed, nothing to research. Search for "stub keyword" failed: the provider is down');
  });

  it.each([
    ['a search', 'searchWeb', FailureType.InvalidApiKey],
    ['a ranking', 'rankResults', FailureType.InvalidRequest],
    ['a page', 'summarizePage', FailureType.MissingApiKey],
  ] as const)('fails the run at once, without retrying or writing a report, when %s fails for its configuration (%s: %s)', async (_what, activity, type) => {
    let attempts = 0;
    let reports = 0;
    const stubs = stubActivities(['https://a.example/page'], {
      [activity]: async () => {
        attempts++;
        // Not marked non-retryable here: the retry policy itself must not retry this type.
        throw ApplicationFailure.create({ message: `the key was refused (${type})`, type });
      },
      writeReport: async () => {
        reports++;
        return { markdown: '', words: 0, usage: ONE_CALL };
      },
    });
    const error = await withStubWorker(env, stubs, async (start) => failureOf(await start('a topic', stubSettings())));

    const cause = failedRunCause(error);
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause.type).toBe(type);
    expect(cause.message).toBe(`the key was refused (${type})`);
    expect(attempts).toBe(1);
    expect(reports).toBe(0);
  });

  it('retries a search that failed for a passing reason, and then goes on as if nothing happened', async () => {
    let attempts = 0;
    const stubs = stubActivities(['https://a.example/page'], {
      searchWeb: async () => {
        if (++attempts === 1) throw ApplicationFailure.create({ message: 'connection reset', type: FailureType.Unavailable });
        return resultsFor(['https://a.example/page']);
      },
    });
    const result = await withStubWorker(env, stubs, async (start) => (await start('a topic', stubSettings())).result());

    expect(attempts).toBe(3); // the keyword search twice (one retry), then the query's search
    expect(result.notes).toEqual([]);
    expect(result.pages.map((p) => p.status)).toEqual(['summarized']);
  });
});
