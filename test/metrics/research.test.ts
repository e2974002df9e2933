/**
 * The research metrics without a server: each model call is charged to the stage of the activity that made
 * it, at the run's prices (tokens and USD add up to what the calls were billed, as properties over many
 * generated runs), a call with no usage counts as a call and no tokens, a call outside any activity is
 * 'other' and costs nothing it cannot price, pages count by outcome and reason, rate-limit waits by kind.
 * The server test (test/worker/metrics.test.ts) checks the same numbers against a real run's result.
 */
import fc from 'fast-check';
import { type ActivityDeps, createActivities } from '../../src/activities';
import { ACTIVITY_STAGE, METRIC, ResearchMetrics, withCallScope } from '../../src/metrics/research';
import type { RequestRecord } from '../../src/llm/client';

interface Sample {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

async function values(metrics: ResearchMetrics, name: string): Promise<Sample[]> {
  // A histogram's series (_bucket, _sum, _count) are values of the histogram itself.
  const metric = metrics.registry.getSingleMetric(name.replace(/_(bucket|sum|count)$/, '')) ?? metrics.registry.getSingleMetric(name);
  if (!metric) throw new Error(`${name} is not registered`);
  return (await metric.get()).values as Sample[];
}

async function sum(metrics: ResearchMetrics, name: string, where: Record<string, string> = {}): Promise<number> {
  return (await values(metrics, name))
    .filter((s) => (s.metricName === undefined || s.metricName === name) && Object.entries(where).every(([k, v]) => String(s.labels[k]) === v))
    .reduce((total, s) => total + s.value, 0);
}

const price = { inputPerMillion: 2.5, outputPerMillion: 10 };
const call = (usage?: { promptTokens: number; completionTokens: number }, outcome: RequestRecord['outcome'] = 'answered'): RequestRecord => ({
  model: 'gpt-test',
  outcome,
  latencyMs: 1500,
  usage: usage ? { ...usage, calls: 1 } : undefined,
});

describe('research metrics', () => {
  it('names what the dashboard and the docs name', () => {
    const metrics = new ResearchMetrics({ processMetrics: false });
    for (const name of [METRIC.modelCalls, METRIC.modelTokens, METRIC.costUsd, METRIC.modelLatency, METRIC.pages, METRIC.rateLimitWaits, METRIC.rateLimitWaitSeconds]) {
      expect(metrics.registry.getSingleMetric(name)).toBeDefined();
    }
  });

  it('says in each HELP line what it counts and by which labels, for the operator reading /metrics', async () => {
    const metrics = new ResearchMetrics({ processMetrics: false });
    metrics.modelCall(call({ promptTokens: 1, completionTokens: 1 }));
    metrics.page({ status: 'summarized' });
    metrics.rateLimitWait('llm', 0.1);
    const text = await metrics.registry.metrics();
    const labelsOf: Record<string, string[]> = {
      [METRIC.modelCalls]: ['stage', 'model', 'outcome'],
      [METRIC.modelTokens]: ['stage', 'model', 'kind'],
      [METRIC.costUsd]: ['stage', 'model', 'USD'],
      [METRIC.modelLatency]: ['stage', 'model'],
      [METRIC.pages]: ['outcome', 'reason'],
      [METRIC.rateLimitWaits]: ['kind'],
      [METRIC.rateLimitWaitSeconds]: ['kind'],
    };
    for (const [name, words] of Object.entries(labelsOf)) {
      const help = new RegExp(`^# HELP ${name} (.+)$`, 'm').exec(text)?.[1] ?? '';
      for (const word of words) expect(`${name}: ${help}`).toContain(word);
    }
    expect(text).toMatch(new RegExp(`^# TYPE ${METRIC.modelLatency} histogram$`, 'm'));
    expect(text).toMatch(new RegExp(`^# TYPE ${METRIC.rateLimitWaitSeconds} histogram$`, 'm'));
    expect(text).toMatch(new RegExp(`^# TYPE ${METRIC.costUsd} counter$`, 'm'));
  });

  it("charges a call to its activity's stage at the run's prices", async () => {
    const metrics = new ResearchMetrics({ processMetrics: false });
    await withCallScope('summarizePage', { price }, async () => metrics.modelCall(call({ promptTokens: 1000, completionTokens: 200 })));
    await withCallScope('writeSection', { price }, async () => metrics.modelCall(call({ promptTokens: 3000, completionTokens: 500 })));
    expect(await sum(metrics, METRIC.costUsd, { stage: 'browse', model: 'gpt-test' })).toBeCloseTo((1000 * 2.5 + 200 * 10) / 1e6, 12);
    expect(await sum(metrics, METRIC.costUsd, { stage: 'report' })).toBeCloseTo((3000 * 2.5 + 500 * 10) / 1e6, 12);
    expect(await sum(metrics, METRIC.modelTokens, { stage: 'browse', kind: 'prompt' })).toBe(1000);
    expect(await sum(metrics, METRIC.modelTokens, { stage: 'browse', kind: 'completion' })).toBe(200);
    expect(await sum(metrics, METRIC.modelTokens, { stage: 'report', kind: 'prompt' })).toBe(3000);
    expect(await sum(metrics, METRIC.modelCalls, { stage: 'browse', model: 'gpt-test', outcome: 'answered' })).toBe(1);
    // The latency histogram: one observation of 1.5 s per call, in its stage.
    expect(await sum(metrics, `${METRIC.modelLatency}_count`, { stage: 'browse' })).toBe(1);
    expect(await sum(metrics, `${METRIC.modelLatency}_sum`, { stage: 'browse' })).toBeCloseTo(1.5, 9);
    expect(await sum(metrics, `${METRIC.modelLatency}_bucket`, { stage: 'browse', le: '1' })).toBe(0);
    expect(await sum(metrics, `${METRIC.modelLatency}_bucket`, { stage: 'browse', le: '2' })).toBe(1);
  });

  it('counts a call without usage (a rate limit, an error) as a call with no tokens and no cost', async () => {
    const metrics = new ResearchMetrics({ processMetrics: false });
    await withCallScope('rankResults', { price }, async () => metrics.modelCall(call(undefined, 'rate_limited')));
    expect(await sum(metrics, METRIC.modelCalls, { stage: 'rank', outcome: 'rate_limited' })).toBe(1);
    expect(await sum(metrics, METRIC.modelTokens)).toBe(0);
    expect(await sum(metrics, METRIC.costUsd)).toBe(0);
  });

  it("charges a call outside any activity to 'other', and prices nothing it has no valid price for", async () => {
    const metrics = new ResearchMetrics({ processMetrics: false });
    metrics.modelCall(call({ promptTokens: 10, completionTokens: 5 }));
    await withCallScope('someNewActivity', { price }, async () => metrics.modelCall(call({ promptTokens: 7, completionTokens: 3 })));
    await withCallScope('planQueries', { price: { inputPerMillion: Number.NaN, outputPerMillion: 1 } }, async () => metrics.modelCall(call({ promptTokens: 4, completionTokens: 4 })));
    await withCallScope('planQueries', undefined, async () => metrics.modelCall(call({ promptTokens: 4, completionTokens: 4 })));
    expect(await sum(metrics, METRIC.modelTokens, { stage: 'other', kind: 'prompt' })).toBe(17);
    expect(await sum(metrics, METRIC.costUsd, { stage: 'other' })).toBeCloseTo((7 * 2.5 + 3 * 10) / 1e6, 12);
    expect(await sum(metrics, METRIC.modelTokens, { stage: 'plan', kind: 'completion' })).toBe(8);
    expect(await sum(metrics, METRIC.costUsd, { stage: 'plan' })).toBe(0);
  });

  it('knows the stage of every activity the worker registers (a new activity without one would count as other)', () => {
    // Activities that never call the model need no stage.
    const noModelCalls = ['lastScheduledRun'];
    const registered = Object.keys(createActivities({} as ActivityDeps)).filter((name) => !noModelCalls.includes(name));
    expect(registered.filter((name) => !(name in ACTIVITY_STAGE))).toEqual([]);
    expect(Object.keys(ACTIVITY_STAGE).filter((name) => !registered.includes(name))).toEqual([]);
  });

  it('adds up, stage by stage, to what the calls were billed (generated runs)', async () => {
    const activities = Object.keys(ACTIVITY_STAGE);
    const usage = fc.record({ promptTokens: fc.nat(200_000), completionTokens: fc.nat(20_000) });
    const prices = fc.record({ inputPerMillion: fc.double({ min: 0, max: 100, noNaN: true }), outputPerMillion: fc.double({ min: 0, max: 400, noNaN: true }) });
    await fc.assert(
      fc.asyncProperty(prices, fc.array(fc.record({ activity: fc.constantFrom(...activities), usage: fc.option(usage, { nil: undefined }) }), { maxLength: 40 }), async (runPrice, calls) => {
        const metrics = new ResearchMetrics({ processMetrics: false });
        const expected = new Map<string, { prompt: number; completion: number; usd: number; calls: number }>();
        for (const c of calls) {
          await withCallScope(c.activity, { price: runPrice }, async () => metrics.modelCall(call(c.usage)));
          const stage = ACTIVITY_STAGE[c.activity]!;
          const e = expected.get(stage) ?? { prompt: 0, completion: 0, usd: 0, calls: 0 };
          e.calls += 1;
          if (c.usage) {
            e.prompt += c.usage.promptTokens;
            e.completion += c.usage.completionTokens;
            e.usd += (c.usage.promptTokens * runPrice.inputPerMillion + c.usage.completionTokens * runPrice.outputPerMillion) / 1e6;
          }
          expected.set(stage, e);
        }
        for (const [stage, e] of expected) {
          expect(await sum(metrics, METRIC.modelCalls, { stage })).toBe(e.calls);
          expect(await sum(metrics, METRIC.modelTokens, { stage, kind: 'prompt' })).toBe(e.prompt);
          expect(await sum(metrics, METRIC.modelTokens, { stage, kind: 'completion' })).toBe(e.completion);
          expect(await sum(metrics, METRIC.costUsd, { stage })).toBeCloseTo(e.usd, 6);
        }
        expect(await sum(metrics, METRIC.modelCalls)).toBe(calls.length);
      }),
      { numRuns: 100 },
    );
  });

  it('counts pages by outcome (read: fetched or from the cache; skipped: by reason)', async () => {
    const metrics = new ResearchMetrics({ processMetrics: false });
    metrics.page({ status: 'summarized' });
    metrics.page({ status: 'summarized', cached: true });
    metrics.page({ status: 'summarized', cached: false });
    metrics.page({ status: 'blocked' });
    metrics.page({ status: 'irrelevant' });
    metrics.page({ status: 'irrelevant' });
    expect(await sum(metrics, METRIC.pages, { outcome: 'read', reason: 'fetched' })).toBe(2);
    expect(await sum(metrics, METRIC.pages, { outcome: 'read', reason: 'cache' })).toBe(1);
    expect(await sum(metrics, METRIC.pages, { outcome: 'skipped', reason: 'blocked' })).toBe(1);
    expect(await sum(metrics, METRIC.pages, { outcome: 'skipped', reason: 'irrelevant' })).toBe(2);
    expect(await sum(metrics, METRIC.pages)).toBe(6);
  });

  it('counts rate-limit waits by kind, with how long each waited', async () => {
    const metrics = new ResearchMetrics({ processMetrics: false });
    const acquire = metrics.timedAcquire('search', () => new Promise((resolve) => setTimeout(resolve, 60)));
    await acquire();
    metrics.rateLimitWait('llm', 0.2);
    metrics.rateLimitWait('llm', 3);
    expect(await sum(metrics, METRIC.rateLimitWaits, { kind: 'search' })).toBe(1);
    expect(await sum(metrics, METRIC.rateLimitWaits, { kind: 'llm' })).toBe(2);
    expect(await sum(metrics, `${METRIC.rateLimitWaitSeconds}_sum`, { kind: 'llm' })).toBeCloseTo(3.2, 9);
    // Buckets from 10 ms to 10 s: the 0.2 s wait is under 0.25, the 3 s one only under 5.
    expect(await sum(metrics, `${METRIC.rateLimitWaitSeconds}_bucket`, { kind: 'llm', le: '0.25' })).toBe(1);
    expect(await sum(metrics, `${METRIC.rateLimitWaitSeconds}_bucket`, { kind: 'llm', le: '2' })).toBe(1);
    expect(await sum(metrics, `${METRIC.rateLimitWaitSeconds}_bucket`, { kind: 'llm', le: '5' })).toBe(2);
    const searchWait = await sum(metrics, `${METRIC.rateLimitWaitSeconds}_sum`, { kind: 'search' });
    expect(searchWait).toBeGreaterThanOrEqual(0.05);
    expect(searchWait).toBeLessThan(5);
  });

  it("serves the process's own metrics unless asked not to", async () => {
    expect(await new ResearchMetrics().registry.metrics()).toMatch(/nodejs_eventloop_lag/);
    expect(await new ResearchMetrics({ processMetrics: false }).registry.metrics()).not.toMatch(/nodejs_eventloop_lag/);
  });
});
