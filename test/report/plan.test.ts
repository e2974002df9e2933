/** The report plan's word arithmetic, without a server: even section shares that still add up to the target. */
import { BALANCE, balancedShares, cleanPlan, CONCLUSION_SHARE, LENGTH_AIM, SUMMARY_SHARE, wordTargets } from '../../src/report/plan';

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe('balanced section shares', () => {
  it('keeps every share within the band around the mean and the total exact', () => {
    // The bench's plan: the model's shares by material, the longest twice the shortest and more.
    const weights = [419, 396, 496, 685, 732];
    const shares = balancedShares(weights, 1772);
    expect(sum(shares)).toBe(1772);
    const mean = 1772 / weights.length;
    for (const s of shares) {
      expect(s).toBeGreaterThanOrEqual(Math.floor(mean * BALANCE[0]));
      expect(s).toBeLessThanOrEqual(Math.ceil(mean * BALANCE[1]));
    }
    // The slowest section (what the parallel stage waits for) is asked for far fewer words than its proportional share.
    expect(Math.max(...shares)).toBeLessThan((732 / sum(weights)) * 1772 * 0.9);
  });

  it('keeps the model’s order of lengths inside the band', () => {
    const shares = balancedShares([100, 110, 120, 130], 1000);
    expect(sum(shares)).toBe(1000);
    expect([...shares].sort((a, b) => a - b)).toEqual(shares);
    expect(shares[0]).toBeLessThan(shares[3]);
  });

  it('gives what the clamp takes from a long section to the others, not to nothing', () => {
    const shares = balancedShares([1000, 1, 1, 1], 800);
    expect(sum(shares)).toBe(800);
    expect(shares[0]).toBe(Math.round(200 * BALANCE[1]));
    expect(shares.slice(1).every((s) => Math.abs(s - (800 - shares[0]) / 3) <= 1)).toBe(true);
  });

  it('shares evenly without usable weights, and returns nothing for no sections', () => {
    expect(balancedShares([0, Number.NaN, -3], 301)).toEqual([101, 100, 100]);
    expect(balancedShares([], 500)).toEqual([]);
  });
});

describe('the plan’s word targets', () => {
  it('gives summary and conclusion equal, modest shares and the rest to the sections', () => {
    const t = wordTargets(2000);
    expect(t.summary).toBe(t.conclusion);
    expect(t.summary).toBe(Math.round(2000 * LENGTH_AIM * SUMMARY_SHARE));
    expect(SUMMARY_SHARE + CONCLUSION_SHARE).toBeLessThanOrEqual(0.15);
    expect(t.sections + t.summary + t.conclusion).toBe(Math.round(2000 * LENGTH_AIM));
  });

  it('evens out a model plan whose sections differ threefold, keeping the body’s total', () => {
    const answer = {
      title: 'T',
      sections: [
        { heading: 'A', sources: [1], words: 900 },
        { heading: 'B', sources: [2], words: 300 },
        { heading: 'C', sources: [3], words: 300 },
      ],
    };
    const plan = cleanPlan(answer, 'topic', 3, 2000)!;
    const words = plan.sections.map((s) => s.words);
    expect(sum(words)).toBe(wordTargets(2000).sections);
    expect(Math.max(...words) / Math.min(...words)).toBeLessThanOrEqual(BALANCE[1] / BALANCE[0] + 0.01);
  });
});
