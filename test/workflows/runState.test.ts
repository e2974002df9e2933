/**
 * The run's bookkeeping, with stubbed activities on the real server: a page's title survives the ranking's
 * URL normalisation, and the search attributes (cost, pages read) move while pages are read, not only
 * when a stage begins.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { ActivityDeps } from '../../src/activities';
import { rankActivities } from '../../src/activities/rank';
import type { LlmClient } from '../../src/llm/client';
import { SEARCH_ATTRIBUTES } from '../../src/workflows/definitions';
import { ONE_CALL, openWorkflowEnv, stubActivities, stubSettings, withStubWorker } from '../harness/workflowEnv';
import { until } from '../harness/workerProcess';

describe('the run state', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await openWorkflowEnv();
  });
  afterAll(() => env?.teardown());

  it('keeps the title of a page whose URL the ranking normalised (a fragment, a trailing slash)', async () => {
    // The real rank activity, with a model that keeps the search order.
    const llm = { endpoint: 'stub', chatJson: async () => ({ value: { indices: [0, 1] }, raw: '{"indices":[0,1]}', finishReason: 'stop', usage: ONE_CALL }) };
    const rank = rankActivities({ llm: llm as unknown as LlmClient, now: () => new Date('2026-12-07') } as unknown as ActivityDeps);
    const stubs = stubActivities([], {
      searchWeb: async () => ({
        provider: 'stub',
        results: [
          { url: 'https://a.example/guide#install', title: 'The install guide', snippet: 'how to install' },
          { url: 'https://b.example/news/', title: 'The news page', snippet: 'what is new' },
        ],
      }),
      rankResults: (input) => new MockActivityEnvironment().run(rank.rankResults, input),
      // Both pages turn out to be bot walls: the run only knows them by their search results.
      summarizePage: async ({ url }) => ({ url, status: 'blocked', reason: 'a bot wall', usage: { calls: 0, promptTokens: 0, completionTokens: 0 } }),
    });
    const result = await withStubWorker(env, stubs, async (start) => (await start('installing things', stubSettings({ urlsPerQuery: 2 }))).result());
    // The report's appendix and the shortlist show the pages by these titles.
    expect(result.pages.map((p) => [p.url, p.title])).toEqual([
      ['https://a.example/guide', 'The install guide'],
      ['https://b.example/news', 'The news page'],
    ]);
    const ranked: Awaited<ReturnType<typeof rank.rankResults>> = await new MockActivityEnvironment().run(rank.rankResults, {
      topic: 't',
      query: 'q',
      results: [{ url: 'https://a.example/guide#install', title: 'The install guide', snippet: '' }],
      settings: stubSettings(),
    });
    expect(ranked.pages).toEqual([{ url: 'https://a.example/guide', title: 'The install guide' }]);
  });

  it('publishes the cost and pages read as each page is read', async () => {
    const urls = ['https://a.example/1', 'https://b.example/2'];
    let releaseSecond = () => undefined as void;
    const secondMayFinish = new Promise<void>((resolve) => (releaseSecond = resolve));
    const stubs = stubActivities(urls, {
      summarizePage: async ({ url }) => {
        if (url === urls[1]) await secondMayFinish;
        return { url, status: 'summarized', title: `Title of ${url}`, summary: `What ${url} says.`, usage: ONE_CALL };
      },
    });
    await withStubWorker(env, stubs, async (start) => {
      const handle = await start('two pages', stubSettings({ urlsPerQuery: 2, maxPagesPerHost: 1 }), { searchAttributes: true });
      const attributes = async () => (await handle.describe()).typedSearchAttributes;
      await until(async () => (await attributes()).get(SEARCH_ATTRIBUTES.pagesRead.key) === 1, 30_000, 100);
      const whileReading = await attributes();
      expect(whileReading.get(SEARCH_ATTRIBUTES.stage.key)).toBe('browse');
      expect(whileReading.get(SEARCH_ATTRIBUTES.costUsd.key)).toBeGreaterThan(0);
      releaseSecond();
      await handle.result();
      expect((await attributes()).get(SEARCH_ATTRIBUTES.pagesRead.key)).toBe(2);
    });
  });
});
