/**
 * What a report costs, call by call, as the product's report prompts make it: each call sends instructions
 * around its material (the sources' summaries, or the sections written from them) and is answered with the
 * words asked for. Pure: the budget planner sizes the report with it before anything of the report is paid,
 * and again with the rates its first report calls actually paid.
 */
import { TOKENS_PER_WORD, usageCost } from './budget';
import type { Price, TokenUsage } from './types';
import { MIN_FRAMING_WORDS, sectionsAtMost, wordTargets } from './words';

/**
 * Instruction tokens of each report prompt around its material (src/llm/reportPrompts.ts and prompts.ts,
 * counted with o200k_base; test/domain/reportCost.test.ts keeps them at or above the prompts' own), and what
 * each source, heading or flagged sentence adds around its text (its id, URL and title).
 */
export const REPORT_PROMPT_TOKENS = { plan: 260, section: 280, framing: 180, single: 280, verify: 190, perSource: 50, perHeading: 10, perFlagged: 40 } as const;

/** The plan's answer: a title, then per section a heading, a short purpose, source ids and words. */
export const PLAN_ANSWER_TOKENS = { base: 40, perSection: 50 } as const;
/** The JSON around each of the two framing answers. */
export const FRAMING_JSON_TOKENS = 20;
/** The verification answer: a decision (and maybe a corrected sentence) per flagged sentence. */
export const VERIFY_ANSWER_TOKENS = { base: 40, perFlagged: 60 } as const;
/** Before the plan says which sources each section reads, a source is assumed to be read by this many sections. */
export const PRIOR_SOURCE_REUSE = 1.5;

/** The sources a report is written from: how many, and their summaries' size. */
export interface Material {
  sources: number;
  summaryTokens: number;
  summaryWords: number;
}

/** What the run has learnt of its model's report calls; priors until the first report call is paid. */
export interface ReportRates {
  /** Prompt tokens billed per token estimated (the provider's tokenizer, the prompts' true overhead). */
  promptScale: number;
  /** Completion tokens billed per token of the answer as written: 1, or more for a model that reasons before answering. */
  answerScale: number;
  /** Completion tokens billed per word of report text. */
  completionPerWord: number;
}

export const PRIOR_RATES: ReportRates = { promptScale: 1, answerScale: 1, completionPerWord: TOKENS_PER_WORD };

export type ReportMode = 'sections' | 'single';

/** The tokens the sources take in a prompt. */
export function materialTokens(m: Pick<Material, 'sources' | 'summaryTokens'>): number {
  return m.summaryTokens + REPORT_PROMPT_TOKENS.perSource * m.sources;
}

/** How many sections a report of `words` over `sources` is planned with. */
export function sectionCount(words: number, sources: number): number {
  return Math.max(1, Math.min(sectionsAtMost(words), sources));
}

function usage(calls: number, promptTokens: number, completionTokens: number, rates: ReportRates): TokenUsage {
  return { calls, promptTokens: Math.ceil(promptTokens * rates.promptScale), completionTokens: Math.ceil(completionTokens) };
}

/** The plan call over all the sources, for `sections` sections. */
export function planUsage(m: Material, sections: number, rates: ReportRates): TokenUsage {
  const answer = PLAN_ANSWER_TOKENS.base + PLAN_ANSWER_TOKENS.perSection * sections;
  return usage(1, REPORT_PROMPT_TOKENS.plan + materialTokens(m), rates.answerScale * answer, rates);
}

/** One section over `sourceTokens` of its own sources (see materialTokens), among `sections`, writing `words`. */
export function sectionUsage(sourceTokens: number, words: number, sections: number, rates: ReportRates): TokenUsage {
  const prompt = REPORT_PROMPT_TOKENS.section + REPORT_PROMPT_TOKENS.perHeading * sections + sourceTokens;
  return usage(1, prompt, rates.completionPerWord * words, rates);
}

/** More of a section: its sources and what it has written so far, answered with `moreWords`. */
export function extensionUsage(sourceTokens: number, writtenWords: number, moreWords: number, sections: number, rates: ReportRates): TokenUsage {
  const prompt = REPORT_PROMPT_TOKENS.section + REPORT_PROMPT_TOKENS.perHeading * sections + sourceTokens + TOKENS_PER_WORD * writtenWords;
  return usage(1, prompt, rates.completionPerWord * moreWords, rates);
}

/** The executive summary and the conclusion: two calls, each over the sections' text. */
export function framingUsage(sectionWords: number, summaryWords: number, conclusionWords: number, rates: ReportRates): TokenUsage {
  const prompt = 2 * (REPORT_PROMPT_TOKENS.framing + TOKENS_PER_WORD * sectionWords);
  return usage(2, prompt, rates.completionPerWord * (summaryWords + conclusionWords) + rates.answerScale * 2 * FRAMING_JSON_TOKENS, rates);
}

/** The verification pass over `flagged` sentences whose text and cited sources take `flaggedTokens`. */
export function verifyUsage(flaggedTokens: number, flagged: number, rates: ReportRates): TokenUsage {
  const prompt = REPORT_PROMPT_TOKENS.verify + REPORT_PROMPT_TOKENS.perFlagged * flagged + flaggedTokens;
  return usage(1, prompt, rates.answerScale * (VERIFY_ANSWER_TOKENS.base + VERIFY_ANSWER_TOKENS.perFlagged * flagged), rates);
}

/** The sectioned report at `words` before it is planned: the plan, the sections (sources shared out), summary and conclusion. */
export function sectionedUsage(words: number, m: Material, rates: ReportRates): TokenUsage {
  const targets = wordTargets(words);
  const k = sectionCount(words, m.sources);
  const perSection = (PRIOR_SOURCE_REUSE * materialTokens(m)) / k;
  const parts = [
    planUsage(m, k, rates),
    ...Array.from({ length: k }, () => sectionUsage(perSection, targets.sections / k, k, rates)),
    // (The summary and conclusion are never asked for fewer than MIN_FRAMING_WORDS, however short the report.)
    framingUsage(targets.sections, Math.max(MIN_FRAMING_WORDS, targets.summary), Math.max(MIN_FRAMING_WORDS, targets.conclusion), rates),
  ];
  return parts.reduce((a, b) => ({ calls: a.calls + b.calls, promptTokens: a.promptTokens + b.promptTokens, completionTokens: a.completionTokens + b.completionTokens }));
}

/** The one-call report at `words`; an answer past the model's output limit is continued, each call sending the prompt and what was written. */
export function singleUsage(words: number, m: Material, rates: ReportRates, maxOutputTokens: number): TokenUsage {
  const prompt = REPORT_PROMPT_TOKENS.single + materialTokens(m);
  const text = TOKENS_PER_WORD * words;
  const calls = Math.max(1, Math.ceil(text / Math.max(1, maxOutputTokens)));
  let promptTokens = 0;
  for (let call = 0; call < calls; call++) promptTokens += prompt + Math.min(text, call * maxOutputTokens);
  return usage(calls, promptTokens, rates.completionPerWord * words, rates);
}

export function reportUsage(mode: ReportMode, words: number, m: Material, rates: ReportRates, maxOutputTokens: number): TokenUsage {
  return mode === 'sections' ? sectionedUsage(words, m, rates) : singleUsage(words, m, rates, maxOutputTokens);
}

export function reportCost(price: Price, mode: ReportMode, words: number, m: Material, rates: ReportRates, maxOutputTokens: number): number {
  return usageCost(price, reportUsage(mode, words, m, rates, maxOutputTokens));
}

/**
 * The most words, at most `most`, whose cost (non-decreasing in the words) stays within `budgetUsd`; 0 when
 * not even one word does. Bisection over whole words.
 */
export function wordsThatFit(costOf: (words: number) => number, budgetUsd: number, most: number): number {
  if (most < 1 || costOf(1) > budgetUsd) return 0;
  let [fits, over] = [1, most + 1];
  if (costOf(most) <= budgetUsd) return most;
  while (over - fits > 1) {
    const mid = Math.floor((fits + over) / 2);
    if (costOf(mid) <= budgetUsd) fits = mid;
    else over = mid;
  }
  return fits;
}
