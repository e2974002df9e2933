/**
 * The spending cap, enforced by the workflow on the real Temporal server.
 */
import type { ResearchResult } from '../../src/domain/types';
import { type Bench, startBench } from '../harness/research';

const TOPIC = 'tensorflow vs pytorch';
// Hosted-model prices and a report the offline stand-in writes in full, so a budget a little short of a
// full run is still above the least useful run (which the client refuses).
const PRICED = { price: { inputPerMillion: 2.5, outputPerMillion: 10 }, reportWords: 800 };

describe('the budget', () => {
  let bench: Bench;
  let full: ResearchResult;
  beforeAll(async () => {
    bench = await startBench();
    ({ result: full } = await bench.run(TOPIC, { ...PRICED, maxParallelPages: 2 }));
  }, 120_000);
  afterAll(() => bench?.close());

  it('cuts a run short when it is too small for all pages, writes the report anyway and overspends at most the calls in flight', async () => {
    const paidPages = full.pages.filter((p) => p.status === 'summarized' || p.status === 'irrelevant').length;
    expect(paidPages).toBeGreaterThanOrEqual(3);
    // Enough for everything but about half of the page reading.
    const budget = full.cost.total.costUsd - full.cost.stages.browse.costUsd / 2;
    const { result } = await bench.run(TOPIC, { ...PRICED, maxBudgetUsd: budget, maxParallelPages: 2 });

    expect(result.stoppedByBudget).toBe(true);
    expect(result.pages.filter((p) => p.status === 'budget').length).toBeGreaterThan(0);
    expect(result.pages.filter((p) => p.status === 'summarized').length).toBeLessThan(full.pages.filter((p) => p.status === 'summarized').length);
    const report = result.report.markdown;
    expect(report).toContain('Cut short by the budget');
    expect(report).toMatch(/not read: .*budget/);

    // In flight at most: the pages running when the cap was reached (2), each no dearer than the dearest page.
    const dearestPage = Math.max(...full.pages.map((p) => p.costUsd ?? 0));
    expect(result.cost.total.costUsd).toBeLessThanOrEqual(budget + 2 * dearestPage);
  });

  it('does not stop a run whose budget suffices', () => {
    expect(full.stoppedByBudget).toBe(false);
    expect(full.pages.some((p) => p.status === 'budget')).toBe(false);
  });
});

describe('spending the budget', () => {
  let bench: Bench;
  let full: ResearchResult;
  const read = (r: ResearchResult) => r.pages.filter((p) => p.status === 'summarized').length;
  beforeAll(async () => {
    bench = await startBench();
    ({ result: full } = await bench.run(TOPIC, PRICED));
  }, 120_000);
  afterAll(() => bench?.close());

  it('reads at least half the pages when the budget lacks a quarter of what the pages cost, and stays within it', async () => {
    const budget = full.cost.total.costUsd - full.cost.stages.browse.costUsd / 4;
    const { result } = await bench.run(TOPIC, { ...PRICED, maxBudgetUsd: budget });
    expect(read(result)).toBeGreaterThanOrEqual(Math.ceil(read(full) / 2));
    // Each page spends only the allowance it was given: the run stays within the budget (rounding aside).
    expect(result.cost.total.costUsd).toBeLessThanOrEqual(budget * 1.02);
  });

  it('reads one page when the budget covers the rest of the run and one page', async () => {
    const paid = full.pages.filter((p) => p.status === 'summarized').map((p) => p.costUsd ?? 0);
    const meanPage = paid.reduce((a, b) => a + b, 0) / paid.length;
    const budget = full.cost.total.costUsd - full.cost.stages.browse.costUsd + meanPage * 1.5;
    const { result } = await bench.run(TOPIC, { ...PRICED, maxBudgetUsd: budget });
    expect(read(result)).toBeGreaterThanOrEqual(1);
    expect(result.stoppedByBudget).toBe(true);
    expect(result.report.markdown).toContain('Cut short by the budget');
    expect(result.cost.total.costUsd).toBeLessThanOrEqual(budget * 1.02);
  });
});
