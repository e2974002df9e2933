/**
 * Every paid call is in the run's cost, once: answers cut off at the token limit, empty answers, answers
 * retried inside an activity or by Temporal, and pages that fail for good after paying. On the real
 * Temporal server, the run's reported tokens and cost are compared with what the stand-in model billed
 * (the usage it returned), call by call.
 */
import { usageCost } from '../../src/domain/budget';
import type { ResearchResult, TokenUsage } from '../../src/domain/types';
import { countTokens } from '../../src/llm/tokens';
import { progressQuery } from '../../src/workflows/definitions';
import { buildActivityDeps } from '../../src/worker';
import { billed } from '../harness/billed';
import { type Bench, startBench } from '../harness/research';

const TOPIC = 'tensorflow vs pytorch';
const LONG_PAGES_TOPIC = 'solid-state batteries';
/** One page at a time, parts of at most 500 tokens (the least), a short one-call report. */
const LONG_PAGES = { maxParallelPages: 1, contextTokens: 2_048, reportMode: 'single' as const, reportWords: 300 };

function reported(result: ResearchResult): TokenUsage {
  const { calls, promptTokens, completionTokens } = result.cost.total;
  return { calls, promptTokens, completionTokens };
}

describe('paid calls the model answered badly', () => {
  let bench: Bench;
  beforeAll(async () => {
    bench = await startBench();
  });
  afterAll(() => bench?.close());
  beforeEach(() => {
    bench.world.llm.clearFaults();
    bench.world.llm.resetStats();
  });

  it('are all in the cost, exactly as billed: cut-off and empty answers, at every stage, and a page that fails after paying', async () => {
    bench.world.llm.setFaults([
      // The first page read: three summaries cut off at the token limit (unparseable JSON), so it fails for good.
      { kind: 'truncated', stage: 'page_summary', times: 3 },
      // Then (once those are used up) empty answers and cut-off answers, asked again and answered well.
      { kind: 'empty', stage: 'page_summary', times: 2 },
      { kind: 'empty', stage: 'search_keywords', times: 1 },
      { kind: 'truncated', stage: 'research_queries', times: 1 },
      { kind: 'truncated', stage: 'ranked_results', times: 2 },
      { kind: 'empty', stage: 'report_plan', times: 1 },
      { kind: 'empty', stage: 'report_section', times: 2 },
    ]);
    const handle = await bench.start(TOPIC, { maxParallelPages: 1, reportWords: 800 });
    const result = await handle.result();
    const requests = bench.world.llm.requests;
    expect(bench.world.llm.pendingFaults()).toEqual([]);
    expect(requests.filter((r) => r.fault === 'truncated' || r.fault === 'empty')).toHaveLength(12);

    const paid = billed(requests);
    expect(reported(result)).toEqual(paid);
    expect(result.cost.total.costUsd).toBeCloseTo(usageCost(bench.settings.price, paid), 12);
    // The budget sees them: what the run says it spent is what was billed.
    expect((await handle.query(progressQuery)).costUsd).toBeCloseTo(usageCost(bench.settings.price, paid), 12);
    // By stage, too.
    expect(result.cost.stages.keywords).toMatchObject(billed(requests, (r) => r.stage === 'search_keywords'));
    expect(result.cost.stages.rank).toMatchObject(billed(requests, (r) => r.stage === 'ranked_results'));

    // The page whose every answer was cut off: skipped with a reason that quotes the answer, its three calls in its cost.
    const failedUrl = requests.find((r) => r.stage === 'page_summary')!.subject;
    const failed = result.pages.find((p) => p.url === failedUrl)!;
    expect(failed.status).toBe('failed');
    expect(failed.reason).toMatch(/^unreadable answer after retries: the model's summary was not the JSON asked for: "\{"relevant":/);
    const pageCalls = billed(requests, (r) => r.subject === failedUrl);
    expect(pageCalls.calls).toBe(3);
    expect(failed.costUsd).toBeCloseTo(usageCost(bench.settings.price, pageCalls), 12);
    expect(result.report.markdown).not.toMatch(/was not the JSON asked for:\s*$/m);
  });
});

describe('paid parts of a long page', () => {
  let bench: Bench;
  beforeAll(async () => {
    // Each call takes a moment.
    bench = await longPagesBench(300);
  });
  afterAll(() => bench?.close());
  beforeEach(() => {
    bench.world.llm.clearFaults();
    bench.world.llm.resetStats();
  });

  it('a page whose model call fails in transport after a paid part resumes there, and nothing paid before is lost or paid again', async () => {
    // Small windows: each page is read in several parts. The second summary call (the first page's second part) fails with a 500.
    bench.world.llm.setFaults({ kind: 'server_error', stage: 'page_summary', skip: 1, times: 1 });
    const { result } = await bench.run(LONG_PAGES_TOPIC, LONG_PAGES);
    const requests = bench.world.llm.requests;
    const summaries = requests.filter((r) => r.stage === 'page_summary');
    expect(summaries[1]).toMatchObject({ status: 500, subject: summaries[0].subject });
    // The retry (a new attempt of the activity) starts at the part that failed: the first part is paid once.
    expect(summaries[2]).toMatchObject({ status: 200, subject: summaries[0].subject });
    expect(summaries[2].promptTokens).not.toBe(summaries[0].promptTokens);
    expect(reported(result)).toEqual(billed(requests));
  });

  it('a page that fails for good after a paid part is charged for that part (the failure carries it)', async () => {
    bench.world.llm.setFaults({ kind: 'server_error', stage: 'page_summary', skip: 1, times: 3 });
    const { result } = await bench.run(LONG_PAGES_TOPIC, LONG_PAGES);
    const requests = bench.world.llm.requests;
    const url = requests.find((r) => r.stage === 'page_summary')!.subject;
    const page = result.pages.find((p) => p.url === url)!;
    expect(page.status).toBe('failed');
    expect(requests.filter((r) => r.subject === url).map((r) => r.status)).toEqual([200, 500, 500, 500]);
    const firstPart = billed(requests, (r) => r.subject === url);
    expect(firstPart.calls).toBe(1);
    expect(page.costUsd).toBeCloseTo(usageCost(bench.settings.price, firstPart), 12);
    expect(reported(result)).toEqual(billed(requests));
  });
});

describe('paid parts of a page a cancel stops', () => {
  let bench: Bench;
  beforeAll(async () => {
    bench = await longPagesBench(600);
  });
  afterAll(() => bench?.close());

  it('are in the cost: the cancelled page says what it paid before it stopped', async () => {
    const handle = await bench.start(LONG_PAGES_TOPIC, LONG_PAGES);
    const requests = bench.world.llm.requests;
    const firstPartPaid = () => requests.some((r) => r.stage === 'page_summary' && r.status === 200);
    for (const deadline = Date.now() + 60_000; !firstPartPaid(); ) {
      if (Date.now() > deadline) throw new Error('no page part was paid within a minute');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await handle.cancel();
    await handle.result().catch(() => undefined);
    const url = requests.find((r) => r.stage === 'page_summary')!.subject;
    // The page was stopped part-way: a part of it paid, the call in flight cut (and not billed), no part after.
    expect(billed(requests, (r) => r.subject === url).calls).toBeGreaterThanOrEqual(1);
    expect((await handle.query(progressQuery)).costUsd).toBeCloseTo(usageCost(bench.settings.price, billed(requests)), 12);
  });
});

describe('paid calls whose answers carry no usage', () => {
  let bench: Bench;
  beforeAll(async () => {
    // The stand-in counts with the model's own tokenizer, as a real endpoint would.
    bench = await startBench({ world: { countTokens: (text) => countTokens(text, 'gpt-4o-mini') } });
  });
  afterAll(() => bench?.close());

  it('are estimated within the estimate\'s own error: answers exactly, prompts within the per-message overhead', async () => {
    bench.world.llm.setFaults({ kind: 'no_usage', times: 1_000 });
    const { result } = await bench.run(TOPIC, { reportWords: 800 });
    const requests = bench.world.llm.requests.filter((r) => r.status === 200);
    expect(requests.every((r) => !r.usageReturned)).toBe(true);
    const own = reported(result);
    // Every answer is counted, with the same tokenizer over the same text.
    expect(own.calls).toBe(requests.length);
    expect(own.completionTokens).toBe(requests.reduce((n, r) => n + r.completionTokens, 0));
    // A prompt is estimated as its messages' tokens plus 4 each; the endpoint counted the messages' text as one.
    // Tokens can merge or split where two messages meet: at most 2 either way at each of those joins.
    const overhead = requests.reduce((n, r) => n + 4 * r.messages, 0);
    const joins = requests.reduce((n, r) => n + (r.messages - 1), 0);
    const counted = requests.reduce((n, r) => n + r.promptTokens, 0);
    expect(Math.abs(own.promptTokens - (counted + overhead))).toBeLessThanOrEqual(2 * joins);
    expect(2 * joins).toBeLessThan(counted / 100);
  });
});

/** A bench where every page reads four times as long as it is, so a small window reads it in several parts. */
function longPagesBench(llmLatencyMs: number): Promise<Bench> {
  return startBench({
    world: { llmLatencyMs },
    deps: (world, config) => {
      const { readPage } = buildActivityDeps(config, world);
      return {
        readPage: async (url, signal) => {
          const page = await readPage(url, signal);
          return page.ok ? { ...page, text: Array(4).fill(page.text).join('\n\n') } : page;
        },
      };
    },
  });
}
