import { generateKeywords } from '../activities';
import type { RunState } from '../state';

/** Stage 1: search keywords from the topic (the topic itself when the budget does not allow the call). */
export async function chooseKeywords(run: RunState): Promise<void> {
  run.enter('keywords');
  if (run.affords(run.ledger.smallCallEstimate('keywords'), 'keywords')) {
    const answer = await generateKeywords({ topic: run.topic, settings: run.settings });
    run.ledger.charge('keywords', answer.usage);
    run.keywords = answer.phrases;
    if (answer.fallback) run.notes.push(`Keywords: ${answer.fallback}.`);
  }
}
