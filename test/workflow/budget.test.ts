/**
 * The spending cap, enforced by the workflow on the real Temporal server.
 */
import type { ResearchResult } from '../../src/domain/types';
import { type Bench, startBench } from '../harness/research';

const TOPIC = 'tensorflow vs pytorch';

describe('the budget', () => {
  let bench: Bench;
  let full: ResearchResult;
  beforeAll(async () => {
    bench = await startBench();
    ({ result: full } = await bench.run(TOPIC, { maxParallelPages: 2 }));
  }, 120_000);
  afterAll(() => bench?.close());

  it('cuts a run short when it is too small for all pages, writes the report anyway and overspends at most the calls in flight', async () => {
    const paidPages = full.pages.filter((p) => p.status === 'summarized' || p.status === 'irrelevant').length;
    expect(paidPages).toBeGreaterThanOrEqual(3);
    // Enough for everything but about half of the page reading.
    const budget = full.cost.total.costUsd - full.cost.stages.browse.costUsd / 2;
    const { result } = await bench.run(TOPIC, { maxBudgetUsd: budget, maxParallelPages: 2 });

    expect(result.stoppedByBudget).toBe(true);
    expect(result.pages.filter((p) => p.status === 'budget').length).toBeGreaterThan(0);
    expect(result.pages.filter((p) => p.status === 'summarized').length).toBeLessThan(full.pages.filter((p) => p.status === 'summarized').length);
    const report = result.report.markdown;
    expect(report).toContain('Cut short by the budget');
    expect(report).toMatch(/not read: the budget was reached first/);

    // In flight at most: the pages running when the cap was reached (2), each no dearer than the dearest page.
    const dearestPage = Math.max(...full.pages.map((p) => p.costUsd ?? 0));
    expect(result.cost.total.costUsd).toBeLessThanOrEqual(budget + 2 * dearestPage);
  });

  it('does not stop a run whose budget suffices', () => {
    expect(full.stoppedByBudget).toBe(false);
    expect(full.pages.some((p) => p.status === 'budget')).toBe(false);
  });
});
