/**
 * Issue 15 on the real Temporal server: a model that bills its report several times the text it writes (the stand-in's
 * pricey-report, as a model that reasons before it writes), whose one-call report is the run's first report call, so
 * nothing paid before it shows the rate. At a quarter of an unbounded run's cost the report was asked at the prior rate
 * and the run spent 1.83 times its budget (bench/budget.ts); its first answer is now held to what the allowance pays at
 * UNLEARNT_ANSWER_SCALE, and the call continues at the rate that answer was billed.
 */
import type { ResearchResult, ResearchSettings } from '../../src/domain/types';
import { minimumBudget } from '../../src/domain/newRun';
import { type Bench, startBench } from '../harness/research';

const TOPIC = 'tensorflow vs pytorch';
const GPT_4O_SINGLE: Partial<ResearchSettings> = { price: { inputPerMillion: 2.5, outputPerMillion: 10 }, reportWords: 2_000, reportMode: 'single' };

const read = (r: ResearchResult) => r.pages.filter((p) => p.status === 'summarized');

describe('a one-call report by a model that bills its report four times its text', () => {
  let bench: Bench;
  let full: ResearchResult;
  beforeAll(async () => {
    bench = await startBench();
    bench.world.llm.personality = 'pricey-report';
    ({ result: full } = await bench.run(TOPIC, { ...GPT_4O_SINGLE, maxBudgetUsd: 100 }));
  }, 120_000);
  afterAll(() => bench?.close());

  it.each([0.25, 0.5])('at %p of an unbounded run: reads a page, writes a report, and stays within the budget', async (share) => {
    const budget = full.cost.total.costUsd * share;
    expect(minimumBudget({ ...bench.settings, ...GPT_4O_SINGLE, maxBudgetUsd: budget })).toBeLessThanOrEqual(budget);
    const { result } = await bench.run(TOPIC, { ...GPT_4O_SINGLE, maxBudgetUsd: budget });
    expect(read(result).length).toBeGreaterThanOrEqual(1);
    expect(result.report.words).toBeGreaterThan(0);
    expect(result.cost.total.costUsd).toBeLessThanOrEqual(budget * 1.05);
    expect(result.cost.total.costUsd).toBeGreaterThanOrEqual(0.7 * budget);
  }, 120_000);
});
