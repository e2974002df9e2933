/**
 * The workflow's public surface: its queries, updates and search attributes. Shared by the workflow,
 * the client and the tests; pure.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { RoundResult } from '../domain/rounds';
import type { ReviewAnswer, Shortlist } from '../domain/review';
import type { ResearchOutcome, ResearchProgress } from '../domain/types';

export const progressQuery = defineQuery<ResearchProgress>('progress');

/** What the run has gathered so far, typed as its result is (less the report): sources, pages, notes, cost. */
export const outcomeQuery = defineQuery<ResearchOutcome>('outcome');

/** Raises or lowers the run's USD cap while it runs; answers the new progress. */
export const setBudgetUpdate = defineUpdate<ResearchProgress, [number]>('setBudget');

/**
 * `cancel --now`: stop at once. The run cancels its activities (through their heartbeats), writes no report,
 * charges what was paid, and ends Cancelled. (A plain cancel stops reading and still writes the report.)
 */
export const stopNowUpdate = defineUpdate<ResearchProgress, []>('stopNow');

/**
 * A follow-up round that was cancelled sends its parent what it gathered and paid before it ends Cancelled (a
 * cancelled workflow carries no result), so the run charges it and reports from it.
 */
export const roundResultSignal = defineSignal<[RoundResult]>('roundResult');
/** The parent's budget was lowered while this round runs: the round's own cap, in US dollars (never raised by it). */
export const roundCapSignal = defineSignal<[number]>('roundCap');

/** The pages chosen by ranking, numbered for a review; `waiting` while the run waits for an answer. */
export const shortlistQuery = defineQuery<Shortlist>('shortlist');

/** The user's review of the shortlist; the validator rejects a bad answer in one line and the run keeps waiting. */
export const reviewUpdate = defineUpdate<Shortlist, [ReviewAnswer]>('review');

/**
 * The research runs' custom search attributes: the one declaration. Registration (the dev server's flags, the
 * operator service), the workflow's upserts, the client's start options, `list`'s columns and the `--query` help
 * all derive from it. They are stored and listed in the clear, also for encrypted runs.
 */
export const SEARCH_ATTRIBUTES = {
  topic: attribute('ResearchTopic', 'TEXT', 'the topic (not for encrypted runs, unless RESEARCH_INDEX_TOPIC=1)'),
  stage: attribute('ResearchStage', 'KEYWORD', "the stage the run is in, or 'done'"),
  costUsd: attribute('ResearchCostUsd', 'DOUBLE', 'USD the run has spent on its model'),
  pagesRead: attribute('ResearchPagesRead', 'INT', 'pages summarized so far'),
  model: attribute('ResearchModel', 'KEYWORD', 'the model the run uses'),
  /** On a revision (`client revise`): the workflow ID of the run whose sources it rewrote. */
  revisionOf: attribute('ResearchRevisionOf', 'KEYWORD', 'on a revision: the workflow ID of the run it rewrote'),
  /** The follow-up round in progress (a run with --depth above 1); on a round's child workflow, its own number. */
  round: attribute('ResearchRound', 'INT', 'the research round in progress (2 the first follow-up); on a round child workflow, its number'),
} as const;

export type ResearchAttribute = keyof typeof SEARCH_ATTRIBUTES;

function attribute<T extends SearchAttributeType>(name: string, type: T, holds: string) {
  return { key: defineSearchAttributeKey(name, type), holds };
}

export const WORKFLOW_TYPE = 'researchWorkflow';
/** A follow-up round, started by a research run as its child workflow `<run id>-round-<n>`. */
export const ROUND_WORKFLOW_TYPE = 'roundWorkflow';
