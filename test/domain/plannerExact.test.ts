/**
 * The budget planner's arithmetic at exact amounts (prices of $1 and $2 per token make every boundary exact): what
 * each gate answers, computed from the rule it states, so a changed constant, operator or boundary is noticed.
 */
import { loadConfig } from '../../src/config';
import { PRIOR_PAGE_USAGE, SUMMARY_PROMPT_OVERHEAD_TOKENS, TOKENS_PER_WORD, usageCost } from '../../src/domain/budget';
import { BudgetLedger } from '../../src/domain/ledger';
import {
  BudgetPlanner,
  largestScale,
  MATERIAL_STRETCH,
  PAGES_BEFORE_REPORT,
  REPORT_HEADROOM,
  SHORTEST_REPORT_MARGIN,
  SMALL_CALL_PROMPT_TOKENS,
  SMALLEST_REPORT_WORDS,
  TYPICAL_SUMMARY,
} from '../../src/domain/planner';
import { extensionUsage, framingUsage, PRIOR_RATES, reportCost, sectionUsage, verifyUsage } from '../../src/domain/reportCost';
import type { ResearchSettings, TokenUsage } from '../../src/domain/types';
import { floorWords } from '../../src/domain/words';

const PRICE = { inputPerMillion: 1_000_000, outputPerMillion: 2_000_000 };
const base: ResearchSettings = { ...loadConfig({}).research, price: PRICE, reportWords: 2_000, reportMode: 'sections', verify: false, keywords: 2, searchResults: 8, maxParallelPages: 4 };
const cost = (u: Omit<TokenUsage, 'calls'>) => usageCost(PRICE, { calls: 1, ...u });
const m = (sources: number, summaryTokens = 400 * sources, summaryWords = 300 * sources) => ({ sources, summaryTokens, summaryWords });

function at(cap: number, settings: Partial<ResearchSettings> = {}) {
  const s = { ...base, ...settings, maxBudgetUsd: cap };
  const books = new BudgetLedger(s, cap);
  return { books, p: new BudgetPlanner(s, books), s };
}

describe('the small calls', () => {
  it('are priced before any is paid from their prompts and a 100-token answer', () => {
    const { p } = at(1e9);
    const t = SMALL_CALL_PROMPT_TOKENS;
    expect(p.smallCallEstimate('keywords')).toBe(cost({ promptTokens: t.keywords, completionTokens: 100 }));
    expect(p.smallCallEstimate('plan')).toBe(cost({ promptTokens: t.plan + t.planPerResult * 2 * 8, completionTokens: 100 }));
    expect(p.smallCallEstimate('rank')).toBe(cost({ promptTokens: t.rank + t.rankPerResult * 8, completionTokens: 100 }));
  });

  it('set the least budget with one ranking, a page and the shortest report', () => {
    const { p, books, s } = at(1e9);
    const minimum = BudgetPlanner.minimumBudget(s, books);
    expect(minimum).toBe(p.smallCallEstimate('keywords') + p.smallCallEstimate('plan') + p.smallCallEstimate('rank') + p.pageEstimate() + p.shortestReport(m(1, TYPICAL_SUMMARY.tokens, TYPICAL_SUMMARY.words)));
    expect(p.essentialsUsd()).toBe(p.pageEstimate() + p.shortestReport(m(1, TYPICAL_SUMMARY.tokens, TYPICAL_SUMMARY.words)));
  });
});

describe('the pages', () => {
  it('expect a summary answer of 300 tokens before any page is read, then the mean of those read, rounded up', () => {
    const { p, books } = at(1e9);
    expect(p.summaryCompletionTokens()).toBe(PRIOR_PAGE_USAGE.completionTokens);
    books.chargePage({ calls: 2, promptTokens: 1_000, completionTokens: 301 });
    expect(p.summaryCompletionTokens()).toBe(151);
    expect(p.smallestPage()).toBe(cost({ promptTokens: 300 + SUMMARY_PROMPT_OVERHEAD_TOKENS, completionTokens: 151 }));
  });

  it('price the report over a typical summary before any, and the mean of those read after', () => {
    const { p } = at(1e9);
    expect(p.typicalSummary(m(0))).toEqual(TYPICAL_SUMMARY);
    expect(p.typicalSummary(m(2, 900, 500))).toEqual({ tokens: 450, words: 250 });
  });

  it('share what is free beyond the report at full length among every page that may start now, the report priced over them all', () => {
    const cap = 1e8;
    const { p } = at(cap);
    // One source read, one running: this page and the others that may start now (4 slots, one taken) are like the one read.
    const ready = base.maxParallelPages - 1;
    const beyondReport = cap - p.fullReport(m(3));
    const evenShare = (cap - p.fullReport(m(2 + ready))) / ready;
    expect(p.pageAllowance({ queued: 10, running: 1 }, m(1))).toBe(Math.min(beyondReport, Math.max(2 * p.pageEstimate(), evenShare)));
    // Fewer queued than free slots: shared among those queued.
    expect(p.pageAllowance({ queued: 2, running: 1 }, m(1))).toBe(Math.min(beyondReport, Math.max(2 * p.pageEstimate(), (cap - p.fullReport(m(4))) / 2)));
  });

  it('give the first pages what is free beyond the shortest report, shared among them, when the full report does not fit', () => {
    const { p: probe } = at(1e9);
    const first = m(1, TYPICAL_SUMMARY.tokens, TYPICAL_SUMMARY.words);
    const gap = probe.fullReport(first) - probe.shortestReport(first);
    const cap = probe.shortestReport(first) + gap / 2;
    const { p } = at(cap);
    // Beyond the full report nothing is free; beyond the shortest, half the gap, shared among the PAGES_BEFORE_REPORT first.
    const beyondShortest = cap - p.shortestReport(first);
    expect(p.pageAllowance({ queued: 10, running: 0 }, m(0))).toBe(Math.min(beyondShortest, Math.max(2 * p.pageEstimate(), beyondShortest / PAGES_BEFORE_REPORT)));
    // Once PAGES_BEFORE_REPORT are read, the next page must leave the whole report affordable: none does.
    expect(p.pageAllowance({ queued: 10, running: 0 }, m(PAGES_BEFORE_REPORT))).toBe(0);
  });

  it('share what lies between the shortest and full report among the first pages still to start', () => {
    // One page read with a long summary: the report over two such is far longer than its shortest form.
    const read = m(1, 4_000, 3_000);
    const two = m(2, 8_000, 6_000);
    const { p: probe } = at(1e9);
    const gap = probe.fullReport(two) - probe.shortestReport(two);
    const cap = probe.shortestReport(two) + 0.9 * gap;
    const { p } = at(cap);
    const beyondShortest = cap - p.shortestReport(two);
    // PAGES_BEFORE_REPORT − 1 first pages are still to start: each may take its share, well over twice a likely page.
    const share = beyondShortest / (PAGES_BEFORE_REPORT - 1);
    expect(share).toBeGreaterThan(2 * p.pageEstimate());
    expect(p.pageAllowance({ queued: 10, running: 0 }, read)).toBe(share);
  });

  it('give a page exactly the smallest page when that is all that is free, and nothing under it', () => {
    const { p: probe } = at(1e9);
    const expected = m(PAGES_BEFORE_REPORT + 1);
    const cap = probe.fullReport(expected) + probe.smallestPage();
    expect(at(cap).p.pageAllowance({ queued: 1, running: 0 }, m(PAGES_BEFORE_REPORT))).toBe(probe.smallestPage());
    expect(at(cap - 1).p.pageAllowance({ queued: 1, running: 0 }, m(PAGES_BEFORE_REPORT))).toBe(0);
  });

  it('share what is free after the report at full length once enough pages are read, among as many as may run at once', () => {
    const cap = 1e8;
    const { p } = at(cap);
    const read = m(PAGES_BEFORE_REPORT);
    const beyondReport = cap - p.fullReport(m(PAGES_BEFORE_REPORT + 2));
    const ready = base.maxParallelPages - 1;
    expect(p.pageAllowance({ queued: 10, running: 1 }, read)).toBe(Math.min(beyondReport, Math.max(2 * p.pageEstimate(), (cap - p.fullReport(m(PAGES_BEFORE_REPORT + 1 + ready))) / ready)));
    expect(p.pageAllowance({ queued: 2, running: 1 }, read)).toBe(Math.min(beyondReport, Math.max(2 * p.pageEstimate(), (cap - p.fullReport(m(PAGES_BEFORE_REPORT + 3))) / 2)));
  });
});

describe('the pages of runs recorded before the even share among free slots', () => {
  const recorded = (cap: number) => {
    const { books, s } = at(cap);
    return new BudgetPlanner(s, books, true);
  };

  it('share what is free after the shortest report among the pages that may start before the report is kept whole', () => {
    const cap = 1e8;
    const p = recorded(cap);
    const free = cap - p.shortestReport(m(3));
    const ready = Math.min(10, PAGES_BEFORE_REPORT - 2, base.maxParallelPages - 1);
    expect(p.pageAllowance({ queued: 10, running: 1 }, m(1))).toBe(Math.min(free, Math.max(2 * p.pageEstimate(), free / ready)));
  });

  it('share what is free after the full report once enough pages are read, and give none under the smallest page', () => {
    const cap = 1e8;
    const p = recorded(cap);
    const free = cap - p.fullReport(m(PAGES_BEFORE_REPORT + 2));
    expect(p.pageAllowance({ queued: 10, running: 1 }, m(PAGES_BEFORE_REPORT))).toBe(Math.max(2 * p.pageEstimate(), free / (base.maxParallelPages - 1)));
    expect(p.pageAllowance({ queued: 2, running: 1 }, m(PAGES_BEFORE_REPORT))).toBe(Math.max(2 * p.pageEstimate(), free / 2));
    // With exactly PAGES_BEFORE_REPORT read and none running, the full report is kept whole.
    expect(p.pageAllowance({ queued: 1, running: 0 }, m(PAGES_BEFORE_REPORT))).toBe(cap - p.fullReport(m(PAGES_BEFORE_REPORT + 1)));
    const exact = recorded(p.fullReport(m(PAGES_BEFORE_REPORT + 1)) + p.smallestPage());
    expect(exact.pageAllowance({ queued: 1, running: 0 }, m(PAGES_BEFORE_REPORT))).toBe(p.smallestPage());
    const tight = recorded(p.shortestReport(m(1, TYPICAL_SUMMARY.tokens, TYPICAL_SUMMARY.words)) + p.smallestPage() * 0.99);
    expect(tight.pageAllowance({ queued: 1, running: 0 }, m(0))).toBe(0);
  });
});

describe('the report', () => {
  it('learns the billed words and prompts from its calls', () => {
    const { p, books } = at(1e9);
    expect(p.rates()).toEqual(PRIOR_RATES);
    books.learnWriting({ calls: 1, promptTokens: 10, completionTokens: 500 }, 200);
    books.learnPrompt({ calls: 1, promptTokens: 300, completionTokens: 0 }, 200);
    expect(p.rates()).toEqual({ promptScale: 1.5, answerScale: 1, completionPerWord: 2.5 });
  });

  it('asks at most what its sources fill, one and a half times their words, between the floor and the words asked', () => {
    const { p } = at(1e9);
    expect(p.mostWords(m(1, 400, 1_000))).toBe(Math.round(MATERIAL_STRETCH * 1_000));
    expect(p.mostWords(m(1, 400, 10))).toBe(floorWords(2_000));
    expect(p.mostWords(m(9, 400, 3_000))).toBe(2_000);
  });

  it('keeps back the one-call report at the floor with its margin as the shortest, and the run\'s mode at full length', () => {
    const { p, s } = at(1e9);
    const sources = m(3);
    expect(p.shortestReport(sources)).toBe(SHORTEST_REPORT_MARGIN * reportCost(PRICE, 'single', floorWords(2_000), sources, PRIOR_RATES, s.maxOutputTokens));
    expect(p.fullReport(sources)).toBe(reportCost(PRICE, 'sections', p.mostWords(sources), sources, PRIOR_RATES, s.maxOutputTokens));
    expect(p.reportReserve(m(PAGES_BEFORE_REPORT - 1))).toBe(p.shortestReport(m(PAGES_BEFORE_REPORT - 1)));
    expect(p.reportReserve(m(PAGES_BEFORE_REPORT))).toBe(p.fullReport(m(PAGES_BEFORE_REPORT)));
  });

  it('says the sources limited a report the budget paid in full, and the budget one it shrank', () => {
    const thin = m(1, 200, 400);
    expect(at(1e9).p.reportShape(thin)).toEqual({ mode: 'sections', words: 600, asked: 2_000, floor: 200, limitedBy: 'material' });
    const tight = at(1e9).p.reportCost('sections', 1_000, m(5));
    expect(at(tight).p.reportShape(m(5))).toMatchObject({ mode: 'sections', words: 1_000, limitedBy: 'budget' });
  });

  it('gives the one-call report all that is free less a verification pass, never under the smallest report', () => {
    const { p } = at(1e6);
    expect(p.singleAllowance(m(2))).toBe(1e6);
    const verifying = at(1e6, { verify: true }).p;
    const perFlagged = TOKENS_PER_WORD * 40 + TYPICAL_SUMMARY.tokens;
    expect(verifying.singleAllowance(m(2))).toBe(1e6 - usageCost(PRICE, verifyUsage(3 * perFlagged, 3, PRIOR_RATES)));
    const poor = at(1).p;
    expect(poor.singleAllowance(m(2))).toBe(poor.reportCost('single', SMALLEST_REPORT_WORDS, m(2)));
  });

  it('grants a section up to REPORT_HEADROOM times its estimate while the budget has room, and one section SMALLEST_REPORT_WORDS at least', () => {
    const sections = [{ words: 300, sourceTokens: 800, sourceChars: 3_200 }];
    const estimate = usageCost(PRICE, sectionUsage(800, 300, 1, PRIOR_RATES));
    const framing = usageCost(PRICE, framingUsage(300, 100, 100, PRIOR_RATES));
    const rich = at(1e12).p.fitSections(sections, { summaryWords: 100, conclusionWords: 100 });
    expect(rich).toEqual({ words: [300], allowances: [REPORT_HEADROOM * estimate], summaryWords: 100, conclusionWords: 100, framingBasis: { sectionWords: 300, summaryWords: 100, conclusionWords: 100 } });
    // With room for twice the estimate after the framing, twice; with room for it alone, it.
    expect(at(framing + 2 * estimate).p.fitSections(sections, { summaryWords: 100, conclusionWords: 100 }).allowances).toEqual([2 * estimate]);
    expect(at(framing + estimate).p.fitSections(sections, { summaryWords: 100, conclusionWords: 100 }).allowances).toEqual([estimate]);
    const poor = at(1).p.fitSections(sections, { summaryWords: 100, conclusionWords: 100 });
    expect(poor.words).toEqual([SMALLEST_REPORT_WORDS]);
    expect(poor.summaryWords).toBe(40);
  });

  it('grants extensions at their exact cost while they and the framing fit, none past that', () => {
    const basis = { sectionWords: 600, summaryWords: 100, conclusionWords: 100 };
    const candidate = { sourceTokens: 800, sourceChars: 3_200, writtenWords: 200, writtenChars: 1_200, moreWords: 200 };
    const each = usageCost(PRICE, extensionUsage(800, 200, 200, 3, PRIOR_RATES));
    const framing = usageCost(PRICE, framingUsage(600 + 400, 100, 100, PRIOR_RATES));
    expect(at(framing + 2 * each).p.extensionAllowances([candidate, candidate], 3, basis)).toEqual([each, each]);
    expect(at(framing + 2 * each - 1).p.extensionAllowances([candidate, candidate], 3, basis)).toEqual([each, 0]);
  });

  it('gives the summary and conclusion up to REPORT_HEADROOM times their cost while free, and at least their cost', () => {
    const needed = usageCost(PRICE, framingUsage(1_000, 100, 100, PRIOR_RATES));
    expect(at(10 * needed).p.framingBudget(1_000, 100, 100)).toEqual({ summaryWords: 100, conclusionWords: 100, allowanceUsd: REPORT_HEADROOM * needed });
    expect(at(2 * needed).p.framingBudget(1_000, 100, 100)).toEqual({ summaryWords: 100, conclusionWords: 100, allowanceUsd: 2 * needed });
    expect(at(needed).p.framingBudget(1_000, 100, 100)).toEqual({ summaryWords: 100, conclusionWords: 100, allowanceUsd: needed });
  });

  it('pays the verification pass up to REPORT_HEADROOM times its cost when it fits, nothing when it does not', () => {
    const usd = usageCost(PRICE, verifyUsage(Math.ceil(4_001 / 4), 2, PRIOR_RATES));
    expect(at(10 * usd).p.verifyAllowance(4_001, 2)).toBe(REPORT_HEADROOM * usd);
    expect(at(2 * usd).p.verifyAllowance(4_001, 2)).toBe(2 * usd);
    expect(at(usd).p.verifyAllowance(4_001, 2)).toBe(usd);
    expect(at(usd - 1).p.verifyAllowance(4_001, 2)).toBe(0);
  });
});

describe('the boundaries the mutation run found unwatched', () => {
  it('holds every call to the allowances it hands out', () => {
    expect(at(1).p.capsCalls).toBe(true);
  });

  it('gives a page no allowance when what it would get is less than the smallest page, and the allowance when it is exactly that', () => {
    const cap = 1e8;
    const { p, books } = at(cap);
    const expected = m(2);
    // One source read, none running: the page would be the second; what is free after the shortest report is shared.
    books.reserve(cap - p.shortestReport(expected) - p.smallestPage() / 2);
    expect(p.pageAllowance({ queued: 1, running: 0 }, m(1))).toBe(0);
  });

  it('keeps a verification pass back from the report\'s words, sections, extensions and framing when --verify is on', () => {
    const sources = m(5);
    const cap = at(1e9).p.reportCost('sections', 1_000, sources);
    expect(at(cap, { verify: true }).p.reportShape(sources).words).toBeLessThan(at(cap).p.reportShape(sources).words);
    const sections = [1, 2, 3].map(() => ({ words: 400, sourceTokens: 800, sourceChars: 3_200 }));
    const framing = { summaryWords: 100, conclusionWords: 100 };
    const tight = usageCost(PRICE, framingUsage(1_200, 100, 100, PRIOR_RATES)) + 3 * usageCost(PRICE, sectionUsage(800, 400, 3, PRIOR_RATES));
    const sum = (ws: number[]) => ws.reduce((a, b) => a + b, 0);
    expect(sum(at(tight, { verify: true }).p.fitSections(sections, framing).words)).toBeLessThan(sum(at(tight).p.fitSections(sections, framing).words));
    const basis = { sectionWords: 600, summaryWords: 100, conclusionWords: 100 };
    const candidate = { sourceTokens: 800, sourceChars: 3_200, writtenWords: 200, writtenChars: 1_200, moreWords: 200 };
    const justTwo = usageCost(PRICE, framingUsage(1_000, 100, 100, PRIOR_RATES)) + 2 * usageCost(PRICE, extensionUsage(800, 200, 200, 3, PRIOR_RATES));
    expect(at(justTwo, { verify: true }).p.extensionAllowances([candidate, candidate], 3, basis)[1]).toBe(0);
    const framingCost = usageCost(PRICE, framingUsage(1_000, 100, 100, PRIOR_RATES));
    expect(at(framingCost, { verify: true }).p.framingBudget(1_000, 100, 100).summaryWords).toBeLessThan(100);
  });

  it('writes sections at their floor when the budget pays exactly that, and one call only under it', () => {
    const sources = m(5);
    const floor = floorWords(2_000);
    const exact = at(1e9).p.reportCost('sections', floor, sources);
    expect(at(exact).p.reportShape(sources)).toMatchObject({ mode: 'sections', words: floor });
    expect(at(exact * 0.9).p.reportShape(sources).mode).toBe('single');
  });

  it('never lifts a short section of several to SMALLEST_REPORT_WORDS', () => {
    const sections = [{ words: 1_000, sourceTokens: 800, sourceChars: 3_200 }, { words: 50, sourceTokens: 800, sourceChars: 3_200 }];
    expect(at(1e12).p.fitSections(sections, { summaryWords: 100, conclusionWords: 100 }).words).toEqual([1_000, 50]);
  });

  it('scales the summary and conclusion by what is free for their answers', () => {
    // No section text: the two prompts cost 2 × 180 tokens, each answer 1.6 a word and its JSON 20 tokens, at $2 a token.
    const half = 2 * 180 + 2 * (2 * (1.6 * 50 + 20));
    expect(at(half).p.framingBudget(0, 100, 100)).toMatchObject({ summaryWords: 50, conclusionWords: 50 });
  });

  it('finds a scale of exactly 1 or exactly a half where the cost meets the budget there', () => {
    expect(largestScale((x) => x, 1)).toBe(1);
    expect(largestScale((x) => x, 0.5)).toBe(0.5);
  });
});
