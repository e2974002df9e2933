import type { KeywordResults } from '../../llm/prompts';
import { planQueries } from '../activities';
import type { RunState } from '../state';

/** Stage 3: research queries from what the keywords found (the keywords themselves without budget). */
export async function planResearchQueries(run: RunState, keywordResults: KeywordResults[]): Promise<void> {
  run.enter('plan');
  run.queries = run.keywords;
  if (run.affords(run.ledger.smallCallEstimate('plan'), 'plan')) {
    const answer = await planQueries({ topic: run.topic, keywordResults, settings: run.settings });
    run.ledger.charge('plan', answer.usage);
    run.queries = answer.phrases;
    if (answer.fallback) run.notes.push(`Query planning: ${answer.fallback}.`);
  }
}
