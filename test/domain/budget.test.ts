import { estimatePageCost, fitsBudget, usageCost } from '../../src/domain/budget';
import { PRIOR_RATES, reportCost } from '../../src/domain/reportCost';
import { loadConfig } from '../../src/config';

const settings = loadConfig({}).research; // gpt-4o-mini prices

describe('budget arithmetic', () => {
  it('prices tokens per million', () => {
    expect(usageCost(settings.price, { calls: 1, promptTokens: 1_000_000, completionTokens: 1_000_000 })).toBeCloseTo(0.75);
  });

  it('estimates the next page from the pages read so far', () => {
    const prior = estimatePageCost(settings.price, 0, 0);
    expect(prior).toBeGreaterThan(0);
    expect(estimatePageCost(settings.price, 0.01, 2)).toBeCloseTo(0.005);
    expect(estimatePageCost(settings.price, 0, 3)).toBeCloseTo(prior / 2);
  });

  it('reserves more for a longer report', () => {
    const cost = (mode: 'sections' | 'single', words: number, summaryTokens: number) =>
      reportCost(settings.price, mode, words, { sources: 5, summaryTokens, summaryWords: summaryTokens * 0.7 }, PRIOR_RATES, settings.maxOutputTokens);
    for (const mode of ['sections', 'single'] as const) {
      expect(cost(mode, 2_000, 40_000)).toBeGreaterThan(cost(mode, 2_000, 4_000));
      expect(cost(mode, 4_000, 4_000)).toBeGreaterThan(cost(mode, 2_000, 4_000));
    }
  });

  it('fits only when spent + next + reserve stay within the cap', () => {
    expect(fitsBudget(0.5, 0.2, 0.3, 1)).toBe(true);
    expect(fitsBudget(0.5, 0.2, 0.31, 1)).toBe(false);
  });
});
