import { generateKeywords, paidCall } from '../activities';
import { paidUsageOf } from '../failures';
import type { RunState } from '../state';

/** Stage 1: search keywords from the topic (the topic itself when the budget does not allow the call). */
export async function chooseKeywords(run: RunState): Promise<void> {
  run.enter('keywords');
  if (!run.budget.smallCallFits('keywords', run.material())) return run.skipForBudget('keywords');
  const answer = await generateKeywords.executeWithOptions(paidCall(), [{ topic: run.topic, settings: run.settings }]).catch((err: unknown) => {
    run.ledger.charge('keywords', paidUsageOf(err)); // what it paid before failing for good is spent all the same
    throw err;
  });
  run.ledger.charge('keywords', answer.usage);
  run.noteTrouble(answer.trouble);
  run.keywords = answer.phrases;
  if (answer.fallback) run.notes.push(`Keywords: ${answer.fallback}.`);
}
