/**
 * Pages read in parallel (domain/planner.ts pageAllowance): an allowance is reserved while its page is in
 * flight, so an allowance larger than a page needs keeps the next pages waiting. Over many generated worlds
 * (prices, page sizes, parallel slots, budgets): when the budget could pay every free slot twice a likely
 * page on top of the report at full length, every slot starts a page at once; whatever the budget, a page
 * that starts gets at least what the smallest page costs, and never more than is free.
 */
import fc from 'fast-check';
import { loadConfig } from '../../src/config';
import { BudgetLedger } from '../../src/domain/ledger';
import { BudgetPlanner } from '../../src/domain/planner';
import type { ResearchSettings } from '../../src/domain/types';

const base: ResearchSettings = { ...loadConfig({}).research, reportWords: 2_000, reportMode: 'sections', verify: false };
const nothingRead = { sources: 0, summaryTokens: 0, summaryWords: 0 };

/** Starts pages one after another, each reserving its allowance, as readPages does; the allowances given. */
function startAll(planner: BudgetPlanner, books: BudgetLedger, queued: number, slots: number): number[] {
  const given: number[] = [];
  for (let running = 0; running < Math.min(queued, slots); running++) {
    const allowance = planner.pageAllowance({ queued: queued - running, running }, nothingRead);
    if (allowance === 0) break;
    books.reserve(allowance);
    given.push(allowance);
  }
  return given;
}

const world = fc.record({
  inputPerMillion: fc.double({ min: 0.05, max: 20, noNaN: true }),
  outputRatio: fc.double({ min: 1, max: 10, noNaN: true }),
  slots: fc.integer({ min: 2, max: 16 }),
  queued: fc.integer({ min: 1, max: 30 }),
  headroom: fc.double({ min: 2, max: 10_000, noNaN: true }),
});

describe('pages read in parallel under the planner', () => {
  it('starts a page in every free slot when the budget pays them all and the full report', () => {
    fc.assert(
      fc.property(world, (w) => {
        const price = { inputPerMillion: w.inputPerMillion, outputPerMillion: w.inputPerMillion * w.outputRatio };
        const probe = new BudgetPlanner({ ...base, price, maxParallelPages: w.slots }, new BudgetLedger({ ...base, price }, 1));
        const starts = Math.min(w.queued, w.slots);
        // Enough for the report over every page that could start, and twice a likely page for each of them.
        const expected = { sources: starts, summaryTokens: starts * 400, summaryWords: starts * 300 };
        const cap = (probe.fullReport(expected) + 2 * starts * probe.pageEstimate() + probe.essentialsUsd()) * w.headroom;
        const settings = { ...base, price, maxParallelPages: w.slots, maxBudgetUsd: cap };
        const books = new BudgetLedger(settings, cap);
        const given = startAll(new BudgetPlanner(settings, books), books, w.queued, w.slots);
        expect(given.length).toBe(starts);
      }),
      { numRuns: 300 },
    );
  });

  it('gives each page it starts at least the smallest page and never more than is free, whatever the budget', () => {
    fc.assert(
      fc.property(world, fc.double({ min: 0.0001, max: 50, noNaN: true }), (w, cap) => {
        const price = { inputPerMillion: w.inputPerMillion, outputPerMillion: w.inputPerMillion * w.outputRatio };
        const settings = { ...base, price, maxParallelPages: w.slots, maxBudgetUsd: cap };
        const books = new BudgetLedger(settings, cap);
        const planner = new BudgetPlanner(settings, books);
        let free = planner.freeUsd();
        for (const allowance of startAll(planner, books, w.queued, w.slots)) {
          expect(allowance).toBeLessThanOrEqual(free + 1e-12);
          expect(allowance).toBeGreaterThanOrEqual(planner.smallestPage());
          free -= allowance;
        }
        expect(books.reserved()).toBeLessThanOrEqual(cap + 1e-12);
      }),
      { numRuns: 300 },
    );
  });
});
