/**
 * The follow-up rounds' budget slice and breadth, as properties over many generated budgets: a round never gets
 * more than an even share of what is free beyond the budget planner's reserve for the report, never starts when
 * that share cannot pay for the least round (so rounds never shrink the report), and the questions per round
 * halve per level.
 */
import fc from 'fast-check';
import { loadConfig } from '../../src/config';
import { BudgetLedger } from '../../src/domain/ledger';
import { BudgetPlanner, PAGES_BEFORE_REPORT } from '../../src/domain/planner';
import { roundBudget, roundBudgetAsk } from '../../src/domain/roundBudget';
import { roundBreadth, roundWorkflowId } from '../../src/domain/rounds';
import type { ResearchSettings } from '../../src/domain/types';

const usd = fc.double({ min: 0, max: 5, noNaN: true });
const base: ResearchSettings = { ...loadConfig({}).research, price: { inputPerMillion: 2.5, outputPerMillion: 10 }, reportWords: 2_000, reportMode: 'sections', verify: false };
const material = (sources: number, words = 300) => ({ sources, summaryTokens: Math.round(sources * words * 1.35), summaryWords: sources * words });

function plannerAt(cap: number) {
  const settings = { ...base, maxBudgetUsd: cap };
  const books = new BudgetLedger(settings, cap);
  return { books, planner: new BudgetPlanner(settings, books), settings };
}

describe('roundBudget', () => {
  it('gives each round left an even share of what is free after the gap call, and only a share that pays for a round', () => {
    fc.assert(
      fc.property(fc.double({ min: -1, max: 5, noNaN: true }), fc.integer({ min: 1, max: 5 }), usd, usd, (freeUsd, roundsLeft, gapCallUsd, leastRoundUsd) => {
        const answer = roundBudget({ freeUsd, roundsLeft, gapCallUsd, leastRoundUsd });
        const share = (freeUsd - gapCallUsd) / roundsLeft;
        if (answer.go) {
          expect(answer.sliceUsd).toBeGreaterThanOrEqual(leastRoundUsd);
          expect(answer.sliceUsd).toBeGreaterThan(0);
          // All the rounds left, each with its gap call, fit in what is free: the report's reserve is never touched.
          expect(answer.sliceUsd * roundsLeft + gapCallUsd).toBeLessThanOrEqual(freeUsd + 1e-12);
        } else {
          expect(share < leastRoundUsd || share <= 0).toBe(true);
          expect(answer.why).toMatch(/cannot pay for another round/);
        }
      }),
    );
  });

  it('at the edges: a share exactly the least round goes; nothing left goes nowhere, even for a round that costs nothing; the reason names the figures', () => {
    expect(roundBudget({ freeUsd: 1.5, roundsLeft: 2, gapCallUsd: 0.5, leastRoundUsd: 0.5 })).toEqual({ go: true, sliceUsd: 0.5 });
    expect(roundBudget({ freeUsd: 0.5, roundsLeft: 1, gapCallUsd: 0.5, leastRoundUsd: 0 }).go).toBe(false);
    expect(roundBudget({ freeUsd: -0.2, roundsLeft: 1, gapCallUsd: 0.01, leastRoundUsd: 0.02 })).toEqual({
      go: false,
      why: "the budget left beyond the report's own cost ($0.0000) cannot pay for another round (at least $0.0300)",
    });
    expect(roundBudget({ freeUsd: 0.0123, roundsLeft: 1, gapCallUsd: 0.01, leastRoundUsd: 0.02 })).toMatchObject({ why: expect.stringContaining('($0.0123)') });
  });

  it("asks the budget planner: what is free beyond the report's reserve, the rounds left, a gap call and the least round", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 10, noNaN: true }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 2, max: 5 }), fc.integer({ min: 1, max: 8 }), (cap, sources, depth, questions) => {
        const { planner } = plannerAt(cap);
        const m = material(sources);
        const ask = roundBudgetAsk(planner, m, 2, depth, questions);
        expect(ask.freeUsd).toBeCloseTo(planner.freeUsd() - planner.reportReserve(m), 12);
        expect(ask.roundsLeft).toBe(depth - 1);
        expect(ask.leastRoundUsd).toBeCloseTo(questions * planner.smallCallEstimate('rank') + planner.pageEstimate(), 12);
        expect(ask.gapCallUsd).toBeGreaterThan(0);
      }),
    );
  });

  it('keeps back the report at its full length once a few pages are read, the shortest report before', () => {
    const { planner } = plannerAt(1);
    expect(planner.reportReserve(material(PAGES_BEFORE_REPORT - 1))).toBeCloseTo(planner.shortestReport(material(PAGES_BEFORE_REPORT - 1)), 12);
    expect(planner.reportReserve(material(PAGES_BEFORE_REPORT))).toBeCloseTo(planner.fullReport(material(PAGES_BEFORE_REPORT)), 12);
  });

  it('rounds stop before the report would shrink: after the gap calls and every slice are spent, the report over the same sources is not cut by the budget', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 2, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: PAGES_BEFORE_REPORT, max: 12 }),
        fc.integer({ min: 2, max: 4 }),
        (cap, spentShare, sources, depth) => {
          const { planner, books, settings } = plannerAt(cap);
          books.charge('browse', { calls: 1, promptTokens: Math.round((spentShare * cap * 1e6) / settings.price.inputPerMillion), completionTokens: 0 });
          const m = material(sources);
          const freeBefore = planner.freeUsd();
          for (let round = 2; round <= depth; round++) {
            const answer = roundBudget(roundBudgetAsk(planner, m, round, depth, 1));
            if (!answer.go) break;
            // The round spends its gap call and all of its slice, on pages whose summaries the report does not need.
            const usd = answer.sliceUsd + planner.smallCallEstimate('plan');
            books.charge('rank', { calls: 1, promptTokens: Math.floor((usd * 1e6) / settings.price.inputPerMillion), completionTokens: 0 });
          }
          const shape = planner.reportShape(m);
          if (planner.freeUsd() >= planner.fullReport(m)) expect(shape.limitedBy).not.toBe('budget');
          // What the rounds leave is the report at full length, or all that was free before them when that was less.
          expect(planner.freeUsd()).toBeGreaterThanOrEqual(Math.min(planner.fullReport(m), freeBefore) - 1e-12);
        },
      ),
    );
  });
});

describe('roundBreadth', () => {
  it('asks the breadth in the first follow-up and halves it per level, never below one', () => {
    expect([2, 3, 4, 5].map((round) => roundBreadth(3, round))).toEqual([3, 1, 1, 1]);
    expect([2, 3, 4, 5].map((round) => roundBreadth(8, round))).toEqual([8, 4, 2, 1]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 2, max: 6 }), (breadth, round) => {
        const n = roundBreadth(breadth, round);
        expect(n).toBeGreaterThanOrEqual(1);
        expect(n).toBeLessThanOrEqual(breadth);
        expect(roundBreadth(breadth, round + 1)).toBeLessThanOrEqual(n);
      }),
    );
  });

  it('names a round child after its run', () => {
    expect(roundWorkflowId('research-x-1', 2)).toBe('research-x-1-round-2');
  });
});
