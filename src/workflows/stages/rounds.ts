import { CancellationScope, CancelledFailure, ChildWorkflowFailure, condition, executeChild, isCancellation, patched } from '@temporalio/workflow';
import { escapeMarkdown } from '../../domain/markdown';
import { roundBudget, roundBudgetAsk } from '../../domain/roundBudget';
import { roundBreadth, type RoundResult, roundWorkflowId } from '../../domain/rounds';
import type { Gap, SourceSummary } from '../../domain/types';
import { activitySummary, findGaps, paidCall } from '../activities';
import { withoutEvidence } from './report';
import { ROUND_WORKFLOW_TYPE, SEARCH_ATTRIBUTES } from '../definitions';
import { failureReasonOrRethrow, paidUsageOf } from '../failures';
import type { RoundInput, roundWorkflow } from '../round';
import type { RunState } from '../state';

/**
 * Stage 5b (depth above 1): after each round, one call finds what its summaries left open; a child workflow
 * per follow-up round searches, ranks and reads for it. Stops early when nothing is left open, when a round
 * brought no new source, or when the budget beyond the report's own cost cannot pay for another round.
 * Runs recorded before rounds existed have no depth (one pass) and never get here; a depth-1 run makes no
 * command of its own here, so its history is today's.
 */
export async function followUpRounds(run: RunState): Promise<void> {
  const { depth, breadth } = run.settings;
  if (depth <= 1 || !patched('follow-up-rounds')) return;
  let latest: SourceSummary[] = [...run.sources];
  try {
    for (let round = 2; round <= depth; round++) {
      if (CancellationScope.current().consideredCancelled) throw new CancelledFailure('the run was cancelled');
      if (latest.length === 0) {
        run.notes.push(`Follow-up rounds: stopped before round ${round}, as round ${round - 1} added no new source.`);
        return;
      }
      if (run.ledger.stopped) {
        run.notes.push(`Follow-up rounds: stopped before round ${round}, as the budget was reached.`);
        return;
      }
      const questions = roundBreadth(breadth, round);
      const budget = roundBudget(roundBudgetAsk(run.budget, run.material(), round, depth, questions));
      if (!budget.go) {
        run.notes.push(`Follow-up rounds: stopped before round ${round}: ${budget.why}.`);
        return;
      }
      run.startRound(round);
      const gaps = await openQuestions(run, latest, questions);
      if (gaps.length === 0) {
        run.notes.push(`Follow-up rounds: round ${round - 1} left no open question, so no round ${round} was needed.`);
        return;
      }
      run.followUp(round, gaps);
      const result = await followUp(run, round, gaps, budget.sliceUsd);
      latest = result.sources;
    }
  } finally {
    run.endRounds();
  }
}

/** The gap analysis over the latest round's summaries, charged with the planning calls. */
async function openQuestions(run: RunState, summaries: SourceSummary[], count: number): Promise<Gap[]> {
  const answer = await findGaps
    .executeWithOptions(paidCall(`gap analysis of ${summaries.length} summaries`), [{ topic: run.topic, asked: run.askedSoFar(), summaries: summaries.map(withoutEvidence), count, settings: run.settings }])
    .catch((err: unknown) => {
      run.ledger.charge('plan', paidUsageOf(err));
      throw err;
    });
  run.ledger.charge('plan', answer.usage);
  if (answer.trouble) {
    run.noteTrouble(answer.trouble);
    run.notes.push(`Follow-up rounds: the gap analysis was not made, the model ${answer.trouble.answered}.`);
  }
  return answer.gaps;
}

/**
 * Round `round` as its child workflow, with the URLs already chosen and its slice of the budget; what it brings
 * back (or, cancelled or failed, signals before it ends) is charged here. A round that fails for a page's or a search's
 * reason is a note; a failure of the run's configuration fails the run.
 */
async function followUp(run: RunState, round: number, gaps: Gap[], sliceUsd: number): Promise<RoundResult> {
  const input: RoundInput = {
    topic: run.topic,
    // The child's gates keep the report's cost over all summaries back, as the run's own do: it may spend its slice.
    settings: { ...run.settings, maxBudgetUsd: sliceUsd + run.budget.reportReserve(run.material()) },
    round,
    gaps,
    alreadyRead: [...run.pages.keys()],
    summaryTokens: run.summaryTokens,
    // (The planner prices the report over the run's sources and their words too; runs recorded before it sent neither.)
    ...(run.budget.capsCalls ? { earlierSources: run.sources.length, summaryWords: run.summaryWords } : {}),
    searchAttributes: run.hasSearchAttributes,
  };
  try {
    const result = await executeChild<typeof roundWorkflow>(ROUND_WORKFLOW_TYPE, {
      workflowId: `${roundWorkflowId(run.workflowId, round)}`,
      args: [input],
      // The questions were written by a model that read web pages: no Markdown of theirs in the UI.
      staticSummary: activitySummary(`round ${round}: ${gaps.map((g) => escapeMarkdown(g.question)).join(' · ')}`),
      staticDetails: [
        `**Follow-up round ${round} of ${run.settings.depth}** of ${escapeMarkdown(run.workflowId)}, budget slice $${sliceUsd.toFixed(4)}`,
        ...gaps.map((g) => `- ${escapeMarkdown(g.question)} (search: ${escapeMarkdown(g.query)}; ${escapeMarkdown(g.why)})`),
      ].join('\n'),
      ...(run.hasSearchAttributes ? { typedSearchAttributes: [{ key: SEARCH_ATTRIBUTES.round.key, value: round }] } : {}),
    });
    run.absorbRound(result);
    return result;
  } catch (err) {
    if (isCancellation(err)) {
      // A cancelled round sends what it gathered and paid before it ends: wait for it (briefly, whatever the cancel).
      await CancellationScope.nonCancellable(() => condition(() => run.carriedRounds.has(round), '1 minute'));
      const carried = run.carriedRounds.get(round);
      if (carried) run.absorbRound(carried);
      else run.notes.push(`Follow-up round ${round} was cancelled before it could say what it had paid; its cost is missing from this run's.`);
      throw err;
    }
    // A failed round signalled what it gathered and paid before it failed (the signal is handled before the
    // failure is seen): charged all the same, whatever the failure.
    const carried = run.carriedRounds.get(round);
    if (carried) run.absorbRound(carried);
    const cause = err instanceof ChildWorkflowFailure ? err.cause : err;
    run.notes.push(`Follow-up round ${round} failed: ${failureReasonOrRethrow(cause)}`);
    return carried ?? { round, gaps, pages: [], skipped: [], sources: [], summaryTokens: 0, notes: [], usage: { rank: ZERO, browse: ZERO }, stoppedByBudget: false, cancelled: false, cost: { ...ZERO, costUsd: 0 } };
  }
}

const ZERO = { calls: 0, promptTokens: 0, completionTokens: 0 };
