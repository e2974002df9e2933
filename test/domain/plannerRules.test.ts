/** The budget planner's rules one at a time (domain/planner.ts): the order of value, the elastic report, learning. */
import fc from 'fast-check';
import { loadConfig } from '../../src/config';
import { TOKENS_PER_WORD, usageCost } from '../../src/domain/budget';
import { BudgetLedger } from '../../src/domain/ledger';
import { BudgetPlanner, largestScale, PAGES_BEFORE_REPORT, SHORTEST_REPORT_MARGIN, TYPICAL_SUMMARY, UNLEARNT_ANSWER_SCALE } from '../../src/domain/planner';
import { framingUsage, PRIOR_RATES, reportCost, wordsThatFit } from '../../src/domain/reportCost';
import type { ResearchSettings } from '../../src/domain/types';
import { floorWords } from '../../src/domain/words';

const GPT_4O = { inputPerMillion: 2.5, outputPerMillion: 10 };
const base: ResearchSettings = { ...loadConfig({}).research, price: GPT_4O, reportWords: 2_000, reportMode: 'sections', verify: false, maxParallelPages: 4 };
const material = (sources: number, words = 300) => ({ sources, summaryTokens: Math.round(sources * words * 1.35), summaryWords: sources * words });

function planner(cap: number, settings: Partial<ResearchSettings> = {}) {
  const s = { ...base, ...settings, maxBudgetUsd: cap };
  const books = new BudgetLedger(s, cap);
  return { books, planner: new BudgetPlanner(s, books), settings: s };
}

describe('the budget planner', () => {
  it('asks a report call\'s first answer at UNLEARNT_ANSWER_SCALE until a report call has shown the rate, then no longer', () => {
    const { books, planner: p } = planner(1);
    expect(p.firstAnswerScale()).toBe(UNLEARNT_ANSWER_SCALE);
    books.learnWriting({ calls: 1, promptTokens: 100, completionTokens: 400 }, 100);
    expect(p.firstAnswerScale()).toBeUndefined();
    const other = planner(1);
    other.books.learnAnswer({ calls: 1, promptTokens: 100, completionTokens: 400 }, 100);
    expect(other.planner.firstAnswerScale()).toBeUndefined();
  });

  it('lets a small call run only while a page and the shortest report stay affordable after it', () => {
    const { planner: p } = planner(1);
    const at = p.essentialsUsd() + p.smallCallEstimate('plan');
    expect(planner(at).planner.smallCallFits('plan')).toBe(true);
    expect(planner(at * 0.999).planner.smallCallFits('plan')).toBe(false);
  });

  it('prices a small call from what calls of its kind were paid, once one was', () => {
    const { books, planner: p } = planner(1);
    books.charge('rank', { calls: 2, promptTokens: 4_000, completionTokens: 100 });
    expect(p.smallCallEstimate('rank')).toBeCloseTo(usageCost(GPT_4O, { calls: 1, promptTokens: 2_000, completionTokens: 50 }), 12);
    expect(p.smallCallEstimate('plan')).toBeGreaterThan(p.smallCallEstimate('keywords'));
  });

  it('keeps back only the shortest report for the first pages, then the report at full length', () => {
    const { planner: p } = planner(0.2);
    const few = p.pageAllowance({ queued: 10, running: 0 }, material(0));
    // The first pages may spend what is free after the shortest report (at least twice a likely page), not more.
    const expectedFirst = { sources: 1, summaryTokens: TYPICAL_SUMMARY.tokens, summaryWords: TYPICAL_SUMMARY.words };
    expect(few).toBeGreaterThanOrEqual(2 * p.pageEstimate());
    expect(few).toBeLessThanOrEqual(p.freeUsd() - p.shortestReport(expectedFirst));
    // (Exact shares: test/domain/plannerExact.test.ts.)
    // With PAGES_BEFORE_REPORT read, the next page must leave the whole report affordable.
    const after = p.pageAllowance({ queued: 10, running: 0 }, material(PAGES_BEFORE_REPORT));
    expect(after).toBeLessThan(few);
    expect(p.pageAllowance({ queued: 10, running: 0 }, material(PAGES_BEFORE_REPORT))).toBe(after);
  });

  it('gives no page an allowance once the books are stopped, or when the smallest page does not fit', () => {
    const { books, planner: p } = planner(1);
    expect(p.pageAllowance({ queued: 3, running: 0 }, material(0))).toBeGreaterThan(0);
    books.stop();
    expect(p.pageAllowance({ queued: 3, running: 0 }, material(0))).toBe(0);
    const tight = planner(0.001).planner;
    expect(tight.pageAllowance({ queued: 3, running: 0 }, material(0))).toBe(0);
  });

  it('shapes the report: the words asked when they fit, fewer (never under the floor) when the budget is tight, one call when sections do not fit', () => {
    const m = material(5);
    const rich = planner(10).planner.reportShape(m);
    expect(rich).toEqual({ mode: 'sections', words: 2_000, asked: 2_000, floor: floorWords(2_000) });
    const { planner: p } = planner(10);
    const fullCost = p.reportCost('sections', 2_000, m);
    const half = planner(fullCost * 0.6).planner.reportShape(m);
    expect(half.mode).toBe('sections');
    expect(half.limitedBy).toBe('budget');
    expect(half.words).toBeLessThan(2_000);
    expect(half.words).toBeGreaterThanOrEqual(floorWords(2_000));
    expect(p.reportCost('sections', half.words, m)).toBeLessThanOrEqual(fullCost * 0.6);
    expect(p.reportCost('sections', half.words + 1, m)).toBeGreaterThan(fullCost * 0.6);
    const broke = planner(p.reportCost('single', floorWords(2_000), m) * 1.01).planner.reportShape(m);
    expect(broke).toEqual({ mode: 'single', words: expect.any(Number), asked: 2_000, floor: floorWords(2_000), limitedBy: 'budget' });
    expect(broke.words).toBeGreaterThanOrEqual(floorWords(2_000));
    expect(broke.words).toBeLessThan(floorWords(2_000) * 1.1);
    expect(planner(0.000001).planner.reportShape(m).words).toBe(floorWords(2_000));
  });

  it('asks no more words than its sources can fill (one and a half times their summaries)', () => {
    const shape = planner(10).planner.reportShape(material(2, 300));
    expect(shape).toEqual({ mode: 'sections', words: 900, asked: 2_000, floor: floorWords(2_000), limitedBy: 'material' });
  });

  it('keeps the shortest report with a margin over its estimate', () => {
    const { planner: p } = planner(1);
    const m = material(1);
    expect(p.shortestReport(m)).toBeCloseTo(SHORTEST_REPORT_MARGIN * reportCost(GPT_4O, 'single', floorWords(2_000), m, PRIOR_RATES, base.maxOutputTokens), 12);
  });

  it('learns the report rates from what its calls were billed', () => {
    const { books, planner: p } = planner(1);
    expect(p.rates()).toEqual(PRIOR_RATES);
    books.learnAnswer({ calls: 1, promptTokens: 0, completionTokens: 600 }, 200);
    books.learnPrompt({ calls: 1, promptTokens: 1_100, completionTokens: 0 }, 1_000);
    expect(p.rates()).toEqual({ promptScale: 1.1, answerScale: 3, completionPerWord: TOKENS_PER_WORD * 3 });
    books.learnWriting({ calls: 1, promptTokens: 0, completionTokens: 1_000 }, 500);
    expect(p.rates().completionPerWord).toBe(2);
    expect(p.answerScale()).toBe(3);
  });

  it('scales the sections to what is free, leaving out the last when they would fall under their minimum', () => {
    const sections = [1, 2, 3, 4].map(() => ({ words: 400, sourceTokens: 800, sourceChars: 3_200 }));
    const framing = { summaryWords: 140, conclusionWords: 140 };
    const all = planner(10).planner.fitSections(sections, framing);
    expect(all.words).toEqual([400, 400, 400, 400]);
    expect(all.summaryWords).toBe(140);
    const { planner: tight } = planner(0.02);
    const fitted = tight.fitSections(sections, framing);
    const kept = fitted.words.filter((w) => w > 0);
    expect(kept.length).toBeGreaterThanOrEqual(1);
    expect(fitted.words.slice(kept.length).every((w) => w === 0)).toBe(true);
    expect(kept.every((w) => w < 400)).toBe(true);
    expect(fitted.allowances.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(0.02);
  });

  it('leaves the summary and conclusion at their minimum affordable after the sections spend all their allowances', () => {
    // Priced at their scaled words (under MIN_FRAMING_WORDS on a tight budget), the framing the sections left room for
    // cost less than the framing asked for: pricey-report at half a run's cost crossed its budget by 9% there.
    const sections = [1, 2, 3, 4].map(() => ({ words: 400, sourceTokens: 800, sourceChars: 3_200 }));
    const framing = { summaryWords: 140, conclusionWords: 140 };
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 0.05, noNaN: true }), (cap) => {
        const { planner: p, books } = planner(cap);
        const fitted = p.fitSections(sections, framing);
        books.charge('report', { calls: 1, promptTokens: Math.floor((fitted.allowances.reduce((a, b) => a + b, 0) * 1e6) / GPT_4O.inputPerMillion), completionTokens: 0 });
        const words = fitted.words.reduce((a, b) => a + b, 0);
        const asked = p.framingBudget(words, fitted.summaryWords, fitted.conclusionWords);
        const needed = usageCost(GPT_4O, framingUsage(words, asked.summaryWords, asked.conclusionWords, p.rates()));
        // (Within 1%: the sections' words are rounded after they are scaled.)
        expect(needed).toBeLessThanOrEqual(1.01 * p.freeUsd());
      }),
      { seed: 15, numRuns: 200 },
    );
  });

  it('sizes the summary and conclusion to what is free, never under their minimum, with an allowance that pays for them', () => {
    const rich = planner(10).planner.framingBudget(1_500, 140, 140);
    expect(rich).toEqual({ summaryWords: 140, conclusionWords: 140, allowanceUsd: expect.any(Number) });
    const poor = planner(0.0001).planner.framingBudget(1_500, 140, 140);
    expect(poor.summaryWords).toBe(40);
    expect(poor.conclusionWords).toBe(40);
    expect(poor.allowanceUsd).toBeGreaterThan(0.0001);
  });

  it('grants extensions in order while they and the framing after them fit', () => {
    const candidates = [1, 2, 3].map(() => ({ sourceTokens: 800, sourceChars: 3_200, writtenWords: 200, writtenChars: 1_200, moreWords: 200 }));
    const basis = { sectionWords: 600, summaryWords: 100, conclusionWords: 100 };
    expect(planner(10).planner.extensionAllowances(candidates, 3, basis).every((a) => a > 0)).toBe(true);
    for (const cap of [0.005, 0.01, 0.015, 0.02, 0.03]) {
      const granted = planner(cap).planner.extensionAllowances(candidates, 3, basis);
      // Alike candidates: those granted come first, and together they stay within the cap.
      const firstRefused = granted.indexOf(0);
      if (firstRefused >= 0) expect(granted.slice(firstRefused).every((a) => a === 0)).toBe(true);
      expect(granted.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(cap);
    }
    expect(planner(0.0001).planner.extensionAllowances(candidates, 3, basis)).toEqual([0, 0, 0]);
  });

  it('pays for the verification pass only when it fits', () => {
    expect(planner(10).planner.verifyAllowance(4_000, 3)).toBeGreaterThan(0);
    expect(planner(0.0001).planner.verifyAllowance(4_000, 3)).toBe(0);
  });
});

describe('fitting by bisection', () => {
  it('finds the most words within a budget, 0 when not even one fits', () => {
    const cost = (w: number) => w * 0.001;
    expect(wordsThatFit(cost, 0.5, 1_000)).toBe(500);
    expect(wordsThatFit(cost, 5, 1_000)).toBe(1_000);
    expect(wordsThatFit(cost, 0.0005, 1_000)).toBe(0);
    expect(wordsThatFit(cost, 1, 0)).toBe(0);
  });

  it('finds the largest scale within a budget: 1 when all fits, 0 when nothing does', () => {
    expect(largestScale((x) => 1 + x, 3)).toBe(1);
    expect(largestScale((x) => 1 + x, 0.5)).toBe(0);
    expect(largestScale((x) => 1 + x, 1.5)).toBeCloseTo(0.5, 6);
  });
});
