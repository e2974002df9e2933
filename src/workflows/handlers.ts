/**
 * The run's queries and updates: what the client (and the UI) may ask and change while it runs. Each reads or
 * changes the run's state through its methods; validators refuse a bad request in one line and the run goes on.
 */
import { setHandler } from '@temporalio/workflow';
import { type ReviewAnswer, reviewAnswerProblem } from '../domain/review';
import { roundResultSignal, outcomeQuery, progressQuery, reviewUpdate, setBudgetUpdate, shortlistQuery, stopNowUpdate } from './definitions';
import type { RunState } from './state';

export function installHandlers(run: RunState): void {
  setHandler(progressQuery, () => run.progress());
  setHandler(outcomeQuery, () => run.outcome());
  setHandler(roundResultSignal, (result) => {
    run.carriedRounds.set(result.round, result);
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
    (usd: number) => {
      run.setCap(usd);
      return run.progress();
    },
    {
      validator: (usd: number) => {
        if (typeof usd !== 'number' || !Number.isFinite(usd) || usd <= 0) throw new Error('the budget must be a positive number of US dollars');
      },
    },
  );
}
