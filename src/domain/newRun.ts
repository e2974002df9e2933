/**
 * A new run as the client accepts it: valid input, a language a model can write in, and a budget worth
 * spending. Its own module because it joins the settings' types with the budget's arithmetic, which itself
 * depends on those types.
 */
import { minimumUsefulBudget } from './budget';
import { isKnownLanguage, ResearchInputSchema, UNKNOWN_LANGUAGE_HELP } from './types';

/**
 * What the client accepts for a new run: valid input with a budget worth spending. (The workflow itself
 * takes any positive budget, which can also change mid-run: its gates then write what they can.)
 */
export const NewRunInputSchema = ResearchInputSchema.superRefine(({ settings }, ctx) => {
  if (!isKnownLanguage(settings.language)) ctx.addIssue({ code: 'custom', path: ['settings', 'language'], message: UNKNOWN_LANGUAGE_HELP });
  const minimum = minimumUsefulBudget(settings);
  if (settings.maxBudgetUsd < minimum) {
    ctx.addIssue({
      code: 'custom',
      path: ['settings', 'maxBudgetUsd'],
      message:
        `is below the least a useful run costs with ${settings.model} at ${settings.reportWords} words: $${minimum.toFixed(4)} ` +
        '(its small calls, one typical page and the report); raise --budget or lower --words',
    });
  }
});

