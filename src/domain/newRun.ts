/**
 * A new run as the client accepts it: valid input, a language a model can write in, and a budget worth
 * spending. Its own module because it joins the settings' types with the budget's arithmetic, which itself
 * depends on those types.
 */
import { BudgetLedger } from './ledger';
import { BudgetPlanner } from './planner';
import { isKnownLanguage, ResearchInputSchema, type ResearchSettings, UNKNOWN_LANGUAGE_HELP } from './types';
import { floorWords } from './words';

/**
 * The least budget a new run is accepted with: what the budget planner keeps every run able to pay, whatever
 * else it leaves out (its keywords, query plan and one ranking, one typical page, and the report over it at its shortest), priced by the same
 * arithmetic its gates use, so a run the client accepts always reads a page and writes a report citing it.
 */
export function minimumBudget(settings: ResearchSettings): number {
  return BudgetPlanner.minimumBudget(settings, new BudgetLedger(settings, Number.POSITIVE_INFINITY));
}

/**
 * What the client accepts for a new run: valid input with a budget worth spending. (The workflow itself
 * takes any positive budget, which can also change mid-run: its gates then write what they can.)
 */
export const NewRunInputSchema = ResearchInputSchema.superRefine(({ settings }, ctx) => {
  if (!isKnownLanguage(settings.language)) ctx.addIssue({ code: 'custom', path: ['settings', 'language'], message: UNKNOWN_LANGUAGE_HELP });
  const minimum = minimumBudget(settings);
  if (settings.maxBudgetUsd < minimum) {
    ctx.addIssue({
      code: 'custom',
      path: ['settings', 'maxBudgetUsd'],
      message:
        `is below the least a useful run costs with ${settings.model}: $${minimum.toFixed(4)} ` +
        `(its keyword and query calls, one ranking, one typical page and a report of ${floorWords(settings.reportWords)} words over it); raise --budget or lower --words`,
    });
  }
});
