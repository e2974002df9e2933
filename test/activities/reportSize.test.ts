/**
 * The one-call report travels through Temporal, so its size is capped before the model is paid: a model
 * that always stops at its output limit is not asked to continue past the cap.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import type { ActivityDeps } from '../../src/activities/deps';
import { REPORT_MAX_BODY_CHARS, reportActivities, type WriteReportInput, type WriteReportResult } from '../../src/activities/report';
import { loadConfig } from '../../src/config';

it('stops paying for continuations at the size cap, well inside the payload limits', async () => {
  const asked: number[] = [];
  const llm = {
    // Always cut off at the limit, with as much text as was allowed.
    chat: async (_messages: unknown, { maxTokens }: { maxTokens: number }) => {
      asked.push(maxTokens);
      return { text: 'word '.repeat(Math.floor((maxTokens * 4) / 5)), finishReason: 'length', usage: { calls: 1, promptTokens: 100, completionTokens: maxTokens } };
    },
  };
  const deps = { llm, offline: false, now: () => new Date('2026-11-25') } as unknown as ActivityDeps;
  const settings = { ...loadConfig({}).research, model: 'gpt-4.1', reportWords: 20_000, maxOutputTokens: 32_768, contextTokens: 1_000_000, reportMode: 'single' as const };
  const sources = [{ url: 'https://a.example/x', title: 'A', summary: 'What A says.' }];
  const input: WriteReportInput = {
    topic: 'a long report',
    runId: 'size-test',
    sources,
    pages: [{ url: 'https://a.example/x', title: 'A', status: 'summarized', queries: ['q'] }],
    queries: ['q'],
    notes: [],
    stoppedByBudget: false,
    settings,
  };
  const { writeReport } = reportActivities(deps);
  const result = await new MockActivityEnvironment().run<[WriteReportInput], WriteReportResult, typeof writeReport>(writeReport, input);
  // Without the cap: five calls of ~32k tokens, ~650 KB of text (past Temporal's 512 KB warning).
  expect(asked.length).toBeLessThan(5);
  expect(asked.reduce((a, b) => a + b, 0) * 4).toBeLessThanOrEqual(REPORT_MAX_BODY_CHARS);
  expect(Buffer.byteLength(result.markdown)).toBeLessThan(512 * 1024);
});
