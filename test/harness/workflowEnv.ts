/**
 * A bench for the workflow's own logic: the real workflow code on the suite's real Temporal server (the
 * project's Temporal CLI, started once by jest's globalSetup), with stubbed activities registered under
 * their real names. No model, search or web: each test says what its activities answer.
 *
 * `TestWorkflowEnvironment.createFromExistingServer` reuses that server instead of starting one per file
 * (`createLocal` would start another CLI process; its `server.executable` takes `{ type: 'existing-path' }`).
 */
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { ResearchActivities } from '../../src/activities';
import { type ResearchSettings, ResearchSettingsSchema, type SearchResult, type TokenUsage } from '../../src/domain/types';
import { researchWorkflow } from '../../src/workflows/research';
// Also installs the quiet Runtime logger every Temporal test in this process shares.
import { temporalAddress } from './research';

/** The research run's activities up to its one-call report (the stub runs use `reportMode: 'single'`). */
export type StubActivities = Omit<ResearchActivities, 'planReport' | 'writeSection' | 'writeFraming' | 'assembleSections' | 'verifyFlagged' | 'finishReport' | 'lastScheduledRun' | 'writeChangeSection'>;
type Handle = WorkflowHandle<typeof researchWorkflow>;

export function openWorkflowEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createFromExistingServer({ address: temporalAddress() });
}

/** Settings with round prices (USD 1 per million tokens either way) so a test's budget arithmetic is plain. */
export function stubSettings(overrides: Partial<ResearchSettings> = {}): ResearchSettings {
  return ResearchSettingsSchema.parse({
    model: 'stub-model',
    price: { inputPerMillion: 1, outputPerMillion: 1 },
    contextTokens: 128_000,
    maxOutputTokens: 16_000,
    keywords: 1,
    queries: 1,
    reportMode: 'single',
    // The stubbed runs test one pass; follow-up rounds have their own tests.
    depth: 1,
    ...overrides,
  });
}

export const ONE_CALL: TokenUsage = { calls: 1, promptTokens: 100, completionTokens: 20 };

/** A search activity's answer with `urls` as its results. */
export function resultsFor(urls: string[]): { results: SearchResult[]; provider: string } {
  return { results: urls.map((url, i) => ({ url, title: `Result ${i + 1}`, snippet: `about result ${i + 1}` })), provider: 'stub' };
}

/**
 * Activities that answer at once: one keyword, one query, `urls` as every search's results, the ranking
 * keeping them in order, every page summarized, a one-line report. Override any of them by name.
 */
export function stubActivities(urls: string[], overrides: Partial<StubActivities> = {}): StubActivities {
  return {
    generateKeywords: async () => ({ phrases: ['stub keyword'], usage: ONE_CALL }),
    planQueries: async () => ({ phrases: ['stub query'], usage: ONE_CALL }),
    searchWeb: async () => resultsFor(urls),
    rankResults: async ({ results, settings }) => ({ urls: results.map((r) => r.url).slice(0, settings.urlsPerQuery), usage: ONE_CALL }),
    summarizePage: async ({ url }) => ({ url, status: 'summarized', title: `Title of ${url}`, summary: `What ${url} says.`, usage: ONE_CALL }),
    findGaps: async () => ({ gaps: [], usage: ONE_CALL }),
    writeReport: async ({ sources }) => ({ markdown: `# Report\n\nFrom ${sources.length} sources.`, words: 4, usage: ONE_CALL }),
    ...overrides,
  };
}

/**
 * Runs `body` while a worker with these activities and the suite's prebuilt workflow bundle polls a
 * task queue of its own; `start` begins a research run on that queue.
 */
export async function withStubWorker<T>(
  env: TestWorkflowEnvironment,
  activities: StubActivities,
  body: (start: (topic: string, settings: ResearchSettings, extra?: { searchAttributes?: boolean }) => Promise<Handle>) => Promise<T>,
): Promise<T> {
  const taskQueue = `wf-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: process.env.TEST_WORKFLOW_BUNDLE! },
    activities,
  });
  let runs = 0;
  const start = (topic: string, settings: ResearchSettings, extra: { searchAttributes?: boolean } = {}) =>
    env.client.workflow.start(researchWorkflow, { taskQueue, workflowId: `${taskQueue}-${++runs}`, args: [{ topic, settings, ...extra }] });
  return worker.runUntil(body(start));
}

/** The outcome of a run that is expected to fail: its error, or a thrown error if it succeeded. */
export async function failureOf(handle: Handle): Promise<unknown> {
  return handle.result().then(
    () => {
      throw new Error('the run succeeded');
    },
    (err: unknown) => err,
  );
}

type HistoryEvent = NonNullable<Awaited<ReturnType<Handle['fetchHistory']>>['events']>[number];
export type ScheduledActivity = NonNullable<HistoryEvent['activityTaskScheduledEventAttributes']> & { summary?: string };

/** Every activity the run scheduled, from its history, with the summary the UI shows decoded. */
export async function scheduledActivities(handle: Handle): Promise<ScheduledActivity[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).flatMap((event) => {
    const attributes = event.activityTaskScheduledEventAttributes;
    if (!attributes) return [];
    const summary = event.userMetadata?.summary ? defaultPayloadConverter.fromPayload<string>(event.userMetadata.summary) : undefined;
    return [{ ...attributes, summary }];
  });
}
