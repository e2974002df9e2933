import type { KeywordResults } from '../../llm/prompts';
import { paidCall, planQueries } from '../activities';
import { paidUsageOf } from '../failures';
import type { RunState } from '../state';

/** Stage 3: research queries from what the keywords found (the keywords themselves without budget). */
export async function planResearchQueries(run: RunState, keywordResults: KeywordResults[]): Promise<void> {
  run.enter('plan');
  run.queries = run.keywords;
  if (!run.budget.smallCallFits('plan', run.material())) return run.skipForBudget('plan');
  const answer = await planQueries.executeWithOptions(paidCall(), [{ topic: run.topic, keywordResults, settings: run.settings }]).catch((err: unknown) => {
    run.ledger.charge('plan', paidUsageOf(err)); // what it paid before failing for good is spent all the same
    throw err;
  });
  run.ledger.charge('plan', answer.usage);
  run.noteTrouble(answer.trouble);
  run.queries = answer.phrases;
  if (answer.fallback) run.notes.push(`Query planning: ${answer.fallback}.`);
}
