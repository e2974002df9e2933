/**
 * The run's queries and updates: what the client (and the UI) may ask and change while it runs. Each reads or
 * changes the run's state through its methods; validators refuse a bad request in one line and the run goes on.
 */
import { getExternalWorkflowHandle, patched, setHandler } from '@temporalio/workflow';
import { type ReviewAnswer, reviewAnswerProblem } from '../domain/review';
import { roundWorkflowId } from '../domain/rounds';
import { roundCapSignal, roundResultSignal, outcomeQuery, progressQuery, reviewUpdate, setBudgetUpdate, shortlistQuery, stopNowUpdate } from './definitions';
import type { RunState } from './state';

export function installHandlers(run: RunState): void {
  setHandler(progressQuery, () => run.progress());
  setHandler(outcomeQuery, () => run.outcome());
  setHandler(roundResultSignal, (result) => {
    run.carriedRounds.set(result.round, result);
  });
  // (A round's handler: its cap only comes down, to what the parent's lowered budget leaves it.)
  setHandler(roundCapSignal, (usd) => {
    if (usd < run.ledger.capUsd) run.setCap(usd);
  });
  setHandler(shortlistQuery, () => run.shortlist());
  setHandler(
    reviewUpdate,
    (answer: ReviewAnswer) => {
      run.reviewAnswer = answer;
      return run.shortlist();
    },
    {
      validator: (answer: ReviewAnswer) => {
        const problem = reviewAnswerProblem(answer, run.shortlist());
        if (problem) throw new Error(problem);
      },
    },
  );
  setHandler(
    stopNowUpdate,
    () => {
      run.stopNow();
      return run.progress();
    },
    {
      validator: () => {
        if (run.stage === 'done') throw new Error('the run has already ended');
      },
    },
  );
  setHandler(
    setBudgetUpdate,
    async (usd: number) => {
      run.setCap(usd);
      await lowerRoundCap(run);
      return run.progress();
    },
    {
      validator: (usd: number) => {
        if (typeof usd !== 'number' || !Number.isFinite(usd) || usd <= 0) throw new Error('the budget must be a positive number of US dollars');
      },
    },
  );
}

/**
 * A round under way spends from its own cap (its slice plus the report's cost kept back): a lowered budget
 * reaches it as what the parent has not spent of the new one. Runs recorded before this sent nothing.
 */
async function lowerRoundCap(run: RunState): Promise<void> {
  const round = run.roundInProgress;
  if (round === undefined || !patched('budget-reaches-round')) return;
  const left = Math.max(0, run.ledger.capUsd - run.ledger.spent());
  try {
    await getExternalWorkflowHandle(roundWorkflowId(run.workflowId, round)).signal(roundCapSignal, left);
  } catch {
    // The round ended meanwhile: what it paid is charged when its result comes back.
  }
}
