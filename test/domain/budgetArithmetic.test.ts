/**
 * The budget's arithmetic at exact amounts. Prices of $1 per input token and $2 per output token make every
 * cost a whole number of dollars, so each boundary (a chunk that just fits, a cent too little) is exact: a
 * run must never pay for a chunk, a page or an answer the allowance did not cover, nor refuse one it did.
 */
import { loadConfig } from '../../src/config';
import {
  afterFirstAnswer,
  askingScale,
  MEASURABLE_ANSWER_TOKENS,
  affordableAnswerTokens,
  affordableChunks,
  affordableTextTokens,
  chunkTokens,
  estimatePageCost,
  estimateSmallCallCost,
  fitsBudget,
  pageAllowance,
  pageTextTokenCap,
  tokensForWords,
  usageCost,
} from '../../src/domain/budget';

const DOLLAR_TOKENS = { inputPerMillion: 1_000_000, outputPerMillion: 2_000_000 };
const FREE_INPUT = { inputPerMillion: 0, outputPerMillion: 2_000_000 };
const FREE_OUTPUT = { inputPerMillion: 1_000_000, outputPerMillion: 0 };
const withContext = (contextTokens: number) => ({ ...loadConfig({}).research, contextTokens });

it('a call costs its prompt at the input price and its answer at the output price', () => {
  expect(usageCost(DOLLAR_TOKENS, { calls: 1, promptTokens: 1_000, completionTokens: 500 })).toBe(2_000);
  expect(usageCost({ inputPerMillion: 2, outputPerMillion: 8 }, { calls: 3, promptTokens: 1_000_000, completionTokens: 1_000_000 })).toBe(10);
});

it("a page's text is cut to what the model's context leaves room for, between 2,000 and 16,000 tokens", () => {
  expect(pageTextTokenCap(withContext(128_000))).toBe(16_000);
  expect(pageTextTokenCap(withContext(5_000))).toBe(6_000);
  expect(pageTextTokenCap(withContext(2_500))).toBe(2_000);
});

it("a page's chunks leave room for the prompt and the answer, between 500 and 8,000 tokens", () => {
  expect(chunkTokens(withContext(128_000))).toBe(8_000);
  expect(chunkTokens(withContext(8_000))).toBe(3_800);
  expect(chunkTokens(withContext(1_000))).toBe(500);
});

describe("how many of a page's chunks an allowance pays for (each chunk a call, and a merge once there are two)", () => {
  // Chunk 1: 1,500 in + 300 out = $2,100. Chunk 2: $2,100 more, and a merge of 2 answers (1,100 in + 300 out) = $1,700.
  // Chunk 3: $2,100 more, and the merge grows to 3 answers (1,400 in + 300 out) = $2,000.
  const chunks = [1_000, 1_000, 1_000];
  it.each([
    [2_099, 0],
    [2_100, 1],
    [5_899, 1],
    [5_900, 2],
    [8_299, 2],
    [8_300, 3],
    [1_000_000, 3],
  ])('$%d pays for %d', (allowance, expected) => {
    expect(affordableChunks(DOLLAR_TOKENS, chunks, allowance, 300)).toBe(expected);
  });
  it('no chunks, nothing to pay for', () => expect(affordableChunks(DOLLAR_TOKENS, [], 100, 300)).toBe(0));
});

it("a page's allowance: an even share of what is free, at least twice a likely page, never more than is free", () => {
  expect(pageAllowance(0, 3, 10)).toBe(0);
  expect(pageAllowance(-5, 3, 10)).toBe(0);
  expect(pageAllowance(100, 4, 10)).toBe(25);
  expect(pageAllowance(100, 4, 20)).toBe(40);
  expect(pageAllowance(100, 4, 80)).toBe(100);
  expect(pageAllowance(100, 0, 10)).toBe(100);
});

it('the next page is expected to cost the mean of those read, never under half the prior', () => {
  // The prior: 1,000 tokens in, 300 out.
  expect(estimatePageCost(DOLLAR_TOKENS, 0, 0)).toBe(1_600);
  expect(estimatePageCost(DOLLAR_TOKENS, 4_000, 2)).toBe(2_000);
  expect(estimatePageCost(DOLLAR_TOKENS, 1_000, 2)).toBe(800);
});

it('words to output tokens, rounded up', () => {
  expect([tokensForWords(100), tokensForWords(10), tokensForWords(1), tokensForWords(0)]).toEqual([160, 16, 2, 0]);
});

it('a small JSON call is its prompt and a 100-token answer', () => {
  expect(estimateSmallCallCost(DOLLAR_TOKENS, 1_000)).toBe(1_200);
});

it('what is spent, the next call and what is kept back must stay within the cap, the cap itself included', () => {
  expect(fitsBudget(1, 1, 1, 3)).toBe(true);
  expect(fitsBudget(1, 1, 1.5, 3)).toBe(false);
  expect(fitsBudget(1.5, 1, 1, 3)).toBe(false);
  expect(fitsBudget(1, 1.5, 1, 3)).toBe(false);
});

describe('how much of a page one summary call can read within its allowance', () => {
  // The call's fixed part: 500 tokens of instructions in, 300 out = $1,100.
  it.each([
    [1_099, 0],
    [1_100, 0],
    [1_600, 500],
    [2_100.5, 1_000],
  ])('$%d reads %d tokens', (allowance, expected) => {
    expect(affordableTextTokens(DOLLAR_TOKENS, allowance, 300)).toBe(expected);
  });
  it('with free input, any text once the answer is paid, none before', () => {
    expect(affordableTextTokens(FREE_INPUT, 600, 300)).toBe(Number.MAX_SAFE_INTEGER);
    expect(affordableTextTokens(FREE_INPUT, 599, 300)).toBe(0);
  });
});

describe('how long an answer may be asked for within what is left of its allowance', () => {
  it('what is left after what was paid and the prompt, at the output price', () => {
    // $10,000 - $2,000 paid - $3,000 prompt = $5,000 left, $2 per answer token.
    expect(affordableAnswerTokens(DOLLAR_TOKENS, 10_000, 2_000, 3_000, 1)).toBe(2_500);
    // A model that bills 2 tokens per token written may be asked for half.
    expect(affordableAnswerTokens(DOLLAR_TOKENS, 10_000, 2_000, 3_000, 2)).toBe(1_250);
    expect(affordableAnswerTokens(DOLLAR_TOKENS, 10_000, 2_000, 3_001, 1)).toBe(2_499);
    expect(affordableAnswerTokens(DOLLAR_TOKENS, 4_000, 2_000, 3_000, 1)).toBe(0);
  });
  it('with free output, unbounded while the prompt is paid, nothing when it is not', () => {
    expect(affordableAnswerTokens(FREE_OUTPUT, 5_000, 2_000, 3_000, 1)).toBe(Number.MAX_SAFE_INTEGER);
    expect(affordableAnswerTokens(FREE_OUTPUT, 4_999, 2_000, 3_000, 1)).toBe(0);
  });
});

describe('the rate a report answer is asked at, before and after its first answer shows how the model bills', () => {
  it('asks at the cautious rate while the run has learnt none, never under the learnt rate', () => {
    expect(askingScale({ allowanceUsd: 1, answerScale: 1 })).toBe(1);
    expect(askingScale({ allowanceUsd: 1, answerScale: 1, firstAnswerScale: 8 })).toBe(8);
    expect(askingScale({ allowanceUsd: 1, answerScale: 9, firstAnswerScale: 8 })).toBe(9);
  });

  it('goes on at the rate the first answer was billed, measured once it is long enough', () => {
    const budget = { allowanceUsd: 2, answerScale: 1, firstAnswerScale: 8 };
    expect(afterFirstAnswer(budget, 400, 100)).toEqual({ allowanceUsd: 2, answerScale: 4 });
    expect(afterFirstAnswer(budget, 4 * MEASURABLE_ANSWER_TOKENS, MEASURABLE_ANSWER_TOKENS)).toEqual({ allowanceUsd: 2, answerScale: 4 });
    // An answer too short to measure keeps the cautious rate.
    expect(afterFirstAnswer(budget, 100, MEASURABLE_ANSWER_TOKENS - 1)).toEqual({ allowanceUsd: 2, answerScale: 8 });
    // A budget whose rate was learnt is left as it is.
    const learnt = { allowanceUsd: 2, answerScale: 3 };
    expect(afterFirstAnswer(learnt, 400, 100)).toBe(learnt);
  });
});
