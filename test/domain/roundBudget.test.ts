/**
 * The follow-up rounds' budget slice and breadth, as properties over many generated budgets: a round never gets
 * more than an even share of what is free beyond the report's own cost, never starts when that share cannot pay
 * for the least round, and the questions per round halve per level.
 */
import fc from 'fast-check';
import { BudgetLedger } from '../../src/domain/ledger';
import { roundBudget, roundBudgetAsk } from '../../src/domain/roundBudget';
import { roundBreadth, roundWorkflowId } from '../../src/domain/rounds';
import { ResearchSettingsSchema } from '../../src/domain/types';

const usd = fc.double({ min: 0, max: 5, noNaN: true });

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

  it('asks from the ledger: what is free beyond the report, the rounds left, a gap call and the least round', () => {
    const settings = ResearchSettingsSchema.parse({ model: 'm', price: { inputPerMillion: 1, outputPerMillion: 1 }, contextTokens: 128_000, maxOutputTokens: 16_000 });
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 10, noNaN: true }), fc.integer({ min: 0, max: 50_000 }), fc.integer({ min: 2, max: 5 }), fc.integer({ min: 1, max: 8 }), (cap, summaryTokens, depth, questions) => {
        const ledger = new BudgetLedger(settings, cap);
        const ask = roundBudgetAsk(ledger, summaryTokens, 2, depth, questions);
        expect(ask.freeUsd).toBeCloseTo(ledger.freeUsd(summaryTokens), 12);
        expect(ask.roundsLeft).toBe(depth - 1);
        expect(ask.leastRoundUsd).toBeCloseTo(questions * ledger.smallCallEstimate('rank') + ledger.nextPageEstimate(), 12);
        expect(ask.gapCallUsd).toBeGreaterThan(0);
      }),
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
