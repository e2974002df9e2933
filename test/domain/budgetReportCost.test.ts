/**
 * What the planner expects a report to cost, call by call, at exact amounts: the instructions around each
 * prompt, what each source, heading and flagged sentence adds, the answers at the words asked, and what the
 * run has learnt of its model (prompt tokens billed per token counted, completion tokens per token written,
 * completion tokens per word). A wrong term here sizes every report wrong on every model.
 */
import {
  extensionUsage,
  framingUsage,
  materialTokens,
  planUsage,
  PRIOR_RATES,
  reportCost,
  reportUsage,
  sectionCount,
  sectionedUsage,
  sectionUsage,
  singleUsage,
  verifyUsage,
  wordsThatFit,
} from '../../src/domain/reportCost';
import { MIN_FRAMING_WORDS, sectionsAtMost, wordTargets } from '../../src/domain/words';

/** A model billing twice the prompt tokens counted, three completion tokens per token written, two per word. */
const LEARNT = { promptScale: 2, answerScale: 3, completionPerWord: 2 };
const MATERIAL = { sources: 3, summaryTokens: 1_000, summaryWords: 700 };

it('the sources take their summaries and 50 tokens each (id, URL, title) in a prompt', () => {
  expect(materialTokens(MATERIAL)).toBe(1_150);
  expect(materialTokens({ sources: 0, summaryTokens: 0 })).toBe(0);
});

it('a report is planned with one section per source at most, at least one, within what its length allows', () => {
  expect(sectionCount(2_000, 1)).toBe(1);
  expect(sectionCount(2_000, 0)).toBe(1);
  expect(sectionCount(2_000, 100)).toBe(sectionsAtMost(2_000));
  expect(sectionsAtMost(2_000)).toBeGreaterThan(1);
});

it('the plan: its instructions and the sources in, a title and a line per section out', () => {
  expect(planUsage(MATERIAL, 4, PRIOR_RATES)).toEqual({ calls: 1, promptTokens: 1_410, completionTokens: 240 });
  expect(planUsage(MATERIAL, 4, LEARNT)).toEqual({ calls: 1, promptTokens: 2_820, completionTokens: 720 });
});

it("a section: its instructions, every section's heading and its own sources in, its words out", () => {
  expect(sectionUsage(500, 300, 4, PRIOR_RATES)).toEqual({ calls: 1, promptTokens: 820, completionTokens: 480 });
  expect(sectionUsage(500, 300, 4, LEARNT)).toEqual({ calls: 1, promptTokens: 1_640, completionTokens: 600 });
});

it('more of a section also sends what it has written so far', () => {
  expect(extensionUsage(500, 200, 100, 4, PRIOR_RATES)).toEqual({ calls: 1, promptTokens: 1_140, completionTokens: 160 });
  expect(extensionUsage(500, 200, 100, 4, LEARNT)).toEqual({ calls: 1, promptTokens: 2_280, completionTokens: 200 });
});

it("the summary and conclusion: two calls, each over the sections' text", () => {
  expect(framingUsage(1_000, 100, 80, PRIOR_RATES)).toEqual({ calls: 2, promptTokens: 3_560, completionTokens: 328 });
  expect(framingUsage(1_000, 100, 80, LEARNT)).toEqual({ calls: 2, promptTokens: 7_120, completionTokens: 480 });
});

it('verification: the flagged sentences and their sources in, a decision per sentence out', () => {
  expect(verifyUsage(300, 2, PRIOR_RATES)).toEqual({ calls: 1, promptTokens: 570, completionTokens: 160 });
  expect(verifyUsage(300, 2, LEARNT)).toEqual({ calls: 1, promptTokens: 1_140, completionTokens: 480 });
});

describe('the sectioned report before it is planned', () => {
  it('is a plan, one call per section, and the two framing calls', () => {
    const sections = sectionCount(2_000, MATERIAL.sources);
    expect(sectionedUsage(2_000, MATERIAL, PRIOR_RATES).calls).toBe(1 + sections + 2);
  });

  it("prices the summary and conclusion at their minimum length however short the report", () => {
    const words = 200;
    const targets = wordTargets(words);
    expect(targets.summary).toBeLessThan(MIN_FRAMING_WORDS);
    const usage = sectionedUsage(words, MATERIAL, PRIOR_RATES);
    const atLeast = 1.6 * (targets.sections + 2 * MIN_FRAMING_WORDS);
    expect(usage.completionTokens).toBeGreaterThanOrEqual(Math.ceil(atLeast));
  });

  it('costs more for more words and more sources', () => {
    const base = sectionedUsage(1_000, MATERIAL, PRIOR_RATES);
    expect(sectionedUsage(2_000, MATERIAL, PRIOR_RATES).completionTokens).toBeGreaterThan(base.completionTokens);
    expect(sectionedUsage(1_000, { ...MATERIAL, summaryTokens: 2_000 }, PRIOR_RATES).promptTokens).toBeGreaterThan(base.promptTokens);
  });
});

describe('the one-call report', () => {
  it("one call when the answer fits the model's output limit", () => {
    expect(singleUsage(1_000, MATERIAL, PRIOR_RATES, 10_000)).toEqual({ calls: 1, promptTokens: 1_430, completionTokens: 1_600 });
  });
  it('continued past the limit, each call sending the prompt and what was written so far', () => {
    // 1,600 tokens at 500 a call: 4 calls, sending 0, 500, 1,000 and 1,500 tokens written before.
    expect(singleUsage(1_000, MATERIAL, PRIOR_RATES, 500)).toEqual({ calls: 4, promptTokens: 4 * 1_430 + 3_000, completionTokens: 1_600 });
    expect(singleUsage(1_000, MATERIAL, PRIOR_RATES, 1_600)).toEqual({ calls: 1, promptTokens: 1_430, completionTokens: 1_600 });
  });
  it('is what reportUsage gives for mode single, and the sectioned report for mode sections', () => {
    expect(reportUsage('single', 1_000, MATERIAL, PRIOR_RATES, 500)).toEqual(singleUsage(1_000, MATERIAL, PRIOR_RATES, 500));
    expect(reportUsage('sections', 1_000, MATERIAL, PRIOR_RATES, 500)).toEqual(sectionedUsage(1_000, MATERIAL, PRIOR_RATES));
  });
  it('costs its usage at the run price', () => {
    // $1 per prompt token, $2 per completion token.
    expect(reportCost({ inputPerMillion: 1_000_000, outputPerMillion: 2_000_000 }, 'single', 1_000, MATERIAL, PRIOR_RATES, 10_000)).toBe(1_430 + 3_200);
  });
});

describe('the most words a budget pays for', () => {
  const twoPerWord = (words: number) => 2 * words;
  it.each([
    [100, 1_000, 50],
    [101, 1_000, 50],
    [2, 1_000, 1],
    [1, 1_000, 0],
    [2_000, 1_000, 1_000],
    [1_999, 1_000, 999],
    [100, 0, 0],
  ])('$%d at $2 a word, at most %d words: %d', (budget, most, expected) => {
    expect(wordsThatFit(twoPerWord, budget, most)).toBe(expected);
  });
});
