/**
 * The run as a whole (research.ts) with stubbed activities: each stage's budget gate falls back
 * to what costs nothing, and the report is still written.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WriteReportInput } from '../../src/activities/report';
import { progressQuery } from '../../src/workflows/definitions';
import { openWorkflowEnv, resultsFor, stubActivities, stubSettings, withStubWorker } from '../harness/workflowEnv';

describe('a research run', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await openWorkflowEnv();
  });
  afterAll(() => env?.teardown());

  it('with a budget that affords no model call but the report, searches the topic itself, reads nothing, and still writes the report', async () => {
    const urls = ['https://a.example/1', 'https://b.example/2', 'https://c.example/3'];
    const paidCalls: string[] = [];
    const searched: string[] = [];
    let reportInput: WriteReportInput | undefined;
    const paid = (name: string) => async () => {
      paidCalls.push(name);
      throw new Error(`${name} must not run over budget`);
    };
    const stubs = stubActivities(urls, {
      generateKeywords: paid('generateKeywords'),
      planQueries: paid('planQueries'),
      rankResults: paid('rankResults'),
      summarizePage: paid('summarizePage'),
      searchWeb: async ({ query }) => {
        searched.push(query);
        return resultsFor(urls);
      },
      writeReport: async (input) => {
        reportInput = input;
        return { markdown: '# Nothing read', words: 2, usage: { calls: 1, promptTokens: 500, completionTokens: 100 } };
      },
    });
    // USD 0.001 at USD 1 per million tokens: less than a keyword call plus the report kept back for.
    const { result, progress } = await withStubWorker(env, stubs, async (start) => {
      const handle = await start('solid-state batteries', stubSettings({ maxBudgetUsd: 0.001, reportWords: 100, urlsPerQuery: 2 }));
      return { result: await handle.result(), progress: await handle.query(progressQuery) };
    });

    expect(paidCalls).toEqual([]);
    expect(result.keywords).toEqual(['solid-state batteries']);
    expect(result.queries).toEqual(['solid-state batteries']);
    expect(searched).toEqual(['solid-state batteries', 'solid-state batteries']);
    // Without a ranking, the search's top results are the pages; none is read.
    expect(result.pages.map((p) => [p.url, p.status])).toEqual([
      [urls[0], 'budget'],
      [urls[1], 'budget'],
    ]);
    expect(result.stoppedByBudget).toBe(true);
    expect(reportInput).toMatchObject({ topic: 'solid-state batteries', sources: [], stoppedByBudget: true, cancelled: false });
    expect(result.report).toEqual({ markdown: '# Nothing read', words: 2, kind: 'research-report' });
    expect(result.cost.stages.report.costUsd).toBeCloseTo(0.0006, 10);
    expect(result.cost.total.costUsd).toBeCloseTo(0.0006, 10);
    expect(progress).toMatchObject({ stage: 'done', pagesPlanned: 2, pagesDone: 0, stoppedByBudget: true });
  });
});
