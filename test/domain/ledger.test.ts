/** The budget arithmetic the workflow spends by: page allowances, chunk fitting, the minimum useful run. */
import { loadConfig } from '../../src/config';
import { affordableChunks, pageAllowance, usageCost } from '../../src/domain/budget';
import { BudgetLedger } from '../../src/domain/ledger';
import { minimumBudget as minimumUsefulBudget, NewRunInputSchema } from '../../src/domain/newRun';
import { BudgetPlanner } from '../../src/domain/planner';

const GPT_4O = { inputPerMillion: 2.5, outputPerMillion: 10 };
const settings = { ...loadConfig({}).research, price: GPT_4O };

describe('a page allowance', () => {
  it('shares what is free among the pages that could start, but covers twice a likely page when it can', () => {
    expect(pageAllowance(0.16, 8, 0.005)).toBeCloseTo(0.02);
    expect(pageAllowance(0.012, 8, 0.005)).toBeCloseTo(0.01); // not 8 slivers of 0.0015
    expect(pageAllowance(0.003, 8, 0.005)).toBeCloseTo(0.003);
    expect(pageAllowance(-0.01, 8, 0.005)).toBe(0);
  });
});

describe('fitting a page into its allowance', () => {
  const oneCall = (tokens: number) => usageCost(GPT_4O, { calls: 1, promptTokens: tokens + 500, completionTokens: 400 });

  it('summarizes every chunk when the allowance covers them and their merge', () => {
    expect(affordableChunks(GPT_4O, [1_000, 1_000], 1, 400)).toBe(2);
  });

  it('summarizes fewer chunks, never more than it can pay for, and none when the first does not fit', () => {
    const first = oneCall(1_000);
    expect(affordableChunks(GPT_4O, [1_000, 1_000, 1_000], first * 1.01, 400)).toBe(1);
    expect(affordableChunks(GPT_4O, [1_000, 1_000, 1_000], first * 0.99, 400)).toBe(0);
  });
});

describe('the ledger', () => {
  it('holds back what pages in flight were promised, and gives it back when they end', () => {
    const ledger = new BudgetLedger(settings, 1);
    const planner = new BudgetPlanner(settings, ledger);
    const free = planner.freeUsd();
    ledger.reserve(0.3);
    expect(planner.freeUsd()).toBeCloseTo(free - 0.3);
    ledger.release(0.3);
    expect(planner.freeUsd()).toBeCloseTo(free);
  });

  it('learns the next page and the typical summary answer from the pages read', () => {
    const ledger = new BudgetLedger(settings, 1);
    const planner = new BudgetPlanner(settings, ledger);
    ledger.chargePage({ calls: 2, promptTokens: 600, completionTokens: 200 });
    expect(planner.summaryCompletionTokens()).toBe(100);
    expect(planner.pageEstimate()).toBeLessThan(usageCost(GPT_4O, { calls: 1, promptTokens: 2_000, completionTokens: 400 }));
  });
});

describe('the minimum useful run', () => {
  it('refuses a budget below it before the run starts, naming the minimum and the flags that change it', () => {
    const minimum = minimumUsefulBudget(settings);
    const tooSmall = NewRunInputSchema.safeParse({ topic: 'tensorflow vs pytorch', settings: { ...settings, maxBudgetUsd: minimum * 0.9 } });
    expect(tooSmall.success).toBe(false);
    const issue = tooSmall.error!.issues[0];
    expect(issue.path).toEqual(['settings', 'maxBudgetUsd']);
    expect(issue.message).toContain(`$${minimum.toFixed(4)}`);
    expect(issue.message).toMatch(/--budget.*--words/);
    expect(NewRunInputSchema.safeParse({ topic: 't', settings: { ...settings, maxBudgetUsd: minimum * 1.1 } }).success).toBe(true);
  });

  it('grows with the words asked for', () => {
    expect(minimumUsefulBudget({ ...settings, reportWords: 5_000 })).toBeGreaterThan(minimumUsefulBudget(settings));
  });
});
