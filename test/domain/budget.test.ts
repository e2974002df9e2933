import { estimatePageCost, estimateReportCost, fitsBudget, usageCost } from '../../src/domain/budget';
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
    expect(estimateReportCost(settings, 40_000)).toBeGreaterThan(estimateReportCost(settings, 4_000));
    expect(estimateReportCost({ ...settings, reportWords: 4000 }, 0)).toBeGreaterThan(estimateReportCost(settings, 0));
  });

  it('fits only when spent + next + reserve stay within the cap', () => {
    expect(fitsBudget(0.5, 0.2, 0.3, 1)).toBe(true);
    expect(fitsBudget(0.5, 0.2, 0.31, 1)).toBe(false);
  });
});
