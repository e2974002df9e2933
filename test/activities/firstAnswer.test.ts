/**
 * A report call before the run has learnt how its model bills an answer (ReportCallBudget.firstAnswerScale): its first
 * answer is asked only as long as the allowance pays at the cautious rate, and the call goes on at the rate that answer
 * was billed, within the allowance. Here a model that bills four tokens per token written (as one that reasons first).
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import type { ActivityDeps } from '../../src/activities/deps';
import { reportActivities, type WriteReportResult, type WriteSingleInput } from '../../src/activities/report';
import { sectionActivities, type SectionResult, type WriteSectionInput } from '../../src/activities/sections';
import { loadConfig } from '../../src/config';
import { usageCost } from '../../src/domain/budget';
import { UNLEARNT_ANSWER_SCALE } from '../../src/domain/planner';
import type { TokenUsage } from '../../src/domain/types';

const PRICE = { inputPerMillion: 2.5, outputPerMillion: 10 };
const BILLING = 4;
const settings = { ...loadConfig({}).research, model: 'gpt-4.1', price: PRICE, reportWords: 600, reportMode: 'single' as const };
const sources = [{ url: 'https://a.example/x', title: 'A', summary: 'What A says about the topic, with a figure of 12%.' }];

/** A model with 700 tokens to say, billing BILLING per token it writes; it stops at maxTokens ("length") before that. */
function pricey() {
  const asked: number[] = [];
  let said = 0;
  const llm = {
    endpoint: 'test model',
    chat: async (_messages: unknown, { maxTokens, meter }: { maxTokens: number; meter?: (usage: TokenUsage) => void }) => {
      asked.push(maxTokens);
      const n = Math.min(maxTokens, 700 - said);
      said += n;
      const usage: TokenUsage = { calls: 1, promptTokens: 400, completionTokens: BILLING * n };
      meter?.(usage);
      return { text: 'Word '.repeat(n).trim() + '.', finishReason: said < 700 ? 'length' : 'stop', usage };
    },
  };
  const deps = { llm, offline: false, now: () => new Date('2026-12-08') } as unknown as ActivityDeps;
  return { asked, deps };
}

const single = (allowanceUsd: number, firstAnswerScale?: number): WriteSingleInput => ({
  topic: 'a topic',
  runId: 'first-answer-test',
  sources,
  pages: [{ url: sources[0].url, title: 'A', status: 'summarized', queries: ['q'] }],
  queries: ['q'],
  notes: [],
  stoppedByBudget: false,
  settings,
  callBudget: { allowanceUsd, answerScale: 1, ...(firstAnswerScale !== undefined ? { firstAnswerScale } : {}) },
});

describe('a report call whose model has not shown how it bills', () => {
  it('asks the one-call report\'s first answer at the cautious rate, then goes on at the billed rate within the allowance', async () => {
    const { asked, deps } = pricey();
    const allowance = 0.012;
    const { writeReport } = reportActivities(deps);
    const result = await new MockActivityEnvironment().run<[WriteSingleInput], WriteReportResult, typeof writeReport>(writeReport, single(allowance, UNLEARNT_ANSWER_SCALE));
    expect(asked.length).toBeGreaterThanOrEqual(2);
    // The first answer: what the allowance pays at the cautious rate (its prompt, ~300 tokens, paid first).
    expect(asked[0] * UNLEARNT_ANSWER_SCALE * PRICE.outputPerMillion / 1e6).toBeLessThanOrEqual(allowance);
    expect(asked[0] * (UNLEARNT_ANSWER_SCALE + 1) * PRICE.outputPerMillion / 1e6).toBeGreaterThan(allowance - 0.002);
    expect(usageCost(PRICE, result.usage)).toBeLessThanOrEqual(allowance);
    // It went on past the first answer, and wrote more than the first answer alone.
    expect(result.usage.completionTokens).toBeGreaterThan(BILLING * asked[0]);
  });

  it('asks at the run\'s rate when the run has learnt it (and in calls scheduled before the cautious rate existed)', async () => {
    const { asked, deps } = pricey();
    const { writeReport } = reportActivities(deps);
    await new MockActivityEnvironment().run<[WriteSingleInput], WriteReportResult, typeof writeReport>(writeReport, single(0.012));
    // At the rate 1 it was told, the whole allowance less the prompt goes to the first answer.
    expect(asked[0] * PRICE.outputPerMillion / 1e6).toBeGreaterThan(0.012 - 0.002);
  });

  it('holds a section to the same rule', async () => {
    const { asked, deps } = pricey();
    const allowance = 0.012;
    const input: WriteSectionInput = {
      topic: 'a topic',
      settings: { ...settings, reportMode: 'sections' },
      title: 'A report',
      section: { heading: 'What A says', purpose: 'what A says', sourceIds: [1], words: 600 },
      otherHeadings: [],
      sources: [{ ...sources[0], id: 1 }],
      budget: { allowanceUsd: allowance, answerScale: 1, firstAnswerScale: UNLEARNT_ANSWER_SCALE },
    };
    const { writeSection } = sectionActivities(deps);
    const result = await new MockActivityEnvironment().run<[WriteSectionInput], SectionResult, typeof writeSection>(writeSection, input);
    expect(asked.length).toBeGreaterThanOrEqual(2);
    expect(asked[0] * UNLEARNT_ANSWER_SCALE * PRICE.outputPerMillion / 1e6).toBeLessThanOrEqual(allowance);
    expect(usageCost(PRICE, result.usage)).toBeLessThanOrEqual(allowance);
    expect(result.usage.completionTokens).toBeGreaterThan(BILLING * asked[0]);
  });
});
