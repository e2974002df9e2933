/**
 * The page scheduler (stages/readPages.ts) on the real server with stubbed activities: the budget
 * gate, the per-site cap, and cancellation. Each still ends with the report.
 */
import { Context } from '@temporalio/activity';
import { WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WriteReportInput } from '../../../src/activities/report';
import { hostOf } from '../../../src/domain/politeness';
import { failureOf, openWorkflowEnv, stubActivities, stubSettings, withStubWorker } from '../../harness/workflowEnv';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('reading the chosen pages', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await openWorkflowEnv();
  });
  afterAll(() => env?.teardown());

  it('stops starting pages once the budget would not leave enough for the report, marks the rest "budget", and still writes the report', async () => {
    const urls = Array.from({ length: 10 }, (_, i) => `https://site${i}.example/page`);
    const maxBudgetUsd = 0.03;
    const read: string[] = [];
    let reportInput: WriteReportInput | undefined;
    const stubs = stubActivities(urls, {
      // USD 0.0045 a page at USD 1 per million tokens: the cap affords a handful, not ten.
      summarizePage: async ({ url }) => {
        read.push(url);
        return { url, status: 'summarized', title: url, summary: 'x'.repeat(2_000), usage: { calls: 1, promptTokens: 4_000, completionTokens: 500 } };
      },
      writeReport: async (input) => {
        reportInput = input;
        return { markdown: '# Report so far', words: 3, usage: { calls: 1, promptTokens: 2_000, completionTokens: 200 } };
      },
    });
    const result = await withStubWorker(env, stubs, async (start) =>
      (await start('a topic', stubSettings({ maxBudgetUsd, urlsPerQuery: 10, maxParallelPages: 2, reportWords: 100 }))).result(),
    );

    const summarized = result.pages.filter((p) => p.status === 'summarized');
    const refused = result.pages.filter((p) => p.status === 'budget');
    expect(summarized.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    expect(summarized.length + refused.length).toBe(urls.length);
    expect(refused.every((p) => p.reason === 'not read: the budget was reached first')).toBe(true);
    // A refused page is never started (nothing is paid for it).
    expect(read.sort()).toEqual(summarized.map((p) => p.url).sort());
    expect(result.stoppedByBudget).toBe(true);
    expect(result.cost.total.costUsd).toBeLessThanOrEqual(maxBudgetUsd);
    expect(result.report.markdown).toBe('# Report so far');
    expect(reportInput).toMatchObject({ stoppedByBudget: true, cancelled: false });
    expect(reportInput!.pages.filter((p) => p.status === 'budget')).toHaveLength(refused.length);
  });

  it('never has more than maxPagesPerHost pages of one site in flight, while other sites go on', async () => {
    const urls = [...Array.from({ length: 6 }, (_, i) => `https://busy.example/${i}`), ...Array.from({ length: 3 }, (_, i) => `https://quiet.example/${i}`)];
    const inFlight = new Map<string, number>();
    const most = new Map<string, number>();
    let total = 0;
    let mostTotal = 0;
    const stubs = stubActivities(urls, {
      summarizePage: async ({ url }) => {
        const host = hostOf(url);
        inFlight.set(host, (inFlight.get(host) ?? 0) + 1);
        most.set(host, Math.max(most.get(host) ?? 0, inFlight.get(host)!));
        mostTotal = Math.max(mostTotal, ++total);
        await sleep(300);
        inFlight.set(host, inFlight.get(host)! - 1);
        total--;
        return { url, status: 'summarized', title: url, summary: `What ${url} says.`, usage: { calls: 1, promptTokens: 10, completionTokens: 10 } };
      },
    });
    const result = await withStubWorker(env, stubs, async (start) =>
      (await start('a topic', stubSettings({ urlsPerQuery: 10, maxParallelPages: 8, maxPagesPerHost: 2 }))).result(),
    );

    expect(result.pages.filter((p) => p.status === 'summarized')).toHaveLength(urls.length);
    expect(most.get('busy.example')).toBe(2);
    expect(most.get('quiet.example')).toBe(2);
    // The busy site's queue does not hold the quiet one back.
    expect(mostTotal).toBeGreaterThan(2);
  });

  it('reads a URL that names an image last, so the page left waiting for a slot is the one least likely to need it; the report keeps the queries\' order', async () => {
    const urls = ['https://charts.example/popularity.png', 'https://a.example/post', 'https://b.example/paper.pdf', 'https://c.example/notes'];
    const started: string[] = [];
    let reportInput: WriteReportInput | undefined;
    const stubs = stubActivities(urls, {
      summarizePage: async ({ url }) => {
        started.push(url);
        return url.endsWith('.png')
          ? { url, status: 'not-text', reason: 'not text: image/png', usage: { calls: 0, promptTokens: 0, completionTokens: 0 } }
          : { url, status: 'summarized', title: url, summary: `What ${url} says.`, usage: { calls: 1, promptTokens: 10, completionTokens: 10 } };
      },
      writeReport: async (input) => {
        reportInput = input;
        return { markdown: '# Report', words: 1, usage: { calls: 1, promptTokens: 10, completionTokens: 10 } };
      },
    });
    const result = await withStubWorker(env, stubs, async (start) =>
      (await start('a topic', stubSettings({ urlsPerQuery: 10, maxParallelPages: 1 }))).result(),
    );

    expect(started).toEqual([...urls.slice(1), urls[0]]);
    expect(result.pages.map((p) => [p.url, p.status])).toEqual([
      [urls[0], 'not-text'],
      ...urls.slice(1).map((url) => [url, 'summarized']),
    ]);
    expect(reportInput!.pages.map((p) => p.url)).toEqual(urls);
  });

  it('when cancelled, starts no more pages, marks them cancelled, writes the report from what it has, and ends Cancelled', async () => {
    const urls = ['https://a.example/1', 'https://b.example/2', 'https://c.example/3', 'https://d.example/4'];
    const started: string[] = [];
    let firstStarted!: () => void;
    const firstPage = new Promise<void>((resolve) => (firstStarted = resolve));
    let cancelSent!: () => void;
    const cancelled = new Promise<void>((resolve) => (cancelSent = resolve));
    const reports: WriteReportInput[] = [];
    const stubs = stubActivities(urls, {
      summarizePage: async ({ url }) => {
        started.push(url);
        firstStarted();
        // A page still loading when the run is cancelled; it gives up then (before the run ends, so
        // its completion does not reach a closed run).
        await Promise.race([Context.current().cancelled, cancelled]);
        throw new Error('gave up: the run was cancelled');
      },
      writeReport: async (input) => {
        reports.push(input);
        return { markdown: '# Cancelled report', words: 2, usage: { calls: 1, promptTokens: 10, completionTokens: 10 } };
      },
    });
    const { error, status } = await withStubWorker(env, stubs, async (start) => {
      const handle = await start('a topic', stubSettings({ maxParallelPages: 1 }));
      await firstPage;
      await handle.cancel();
      cancelSent();
      const error = await failureOf(handle);
      return { error, status: (await handle.describe()).status.name };
    });

    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect((error as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    expect(status).toBe('CANCELLED');
    expect(started).toEqual([urls[0]]);
    expect(reports).toHaveLength(1);
    expect(reports[0].cancelled).toBe(true);
    expect(reports[0].pages.map((p) => [p.url, p.status, p.reason])).toEqual([
      [urls[0], 'cancelled', 'not finished: the run was cancelled'],
      ...urls.slice(1).map((url) => [url, 'cancelled', 'not read: the run was cancelled']),
    ]);
  });
});
