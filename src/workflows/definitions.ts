/**
 * The workflow's public surface: its queries, updates and search attributes. Shared by the workflow,
 * the client and the tests; pure.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ReviewAnswer, Shortlist } from '../domain/review';
import type { ResearchProgress } from '../domain/types';

export const progressQuery = defineQuery<ResearchProgress>('progress');

/** Raises or lowers the run's USD cap while it runs; answers the new progress. */
export const setBudgetUpdate = defineUpdate<ResearchProgress, [number]>('setBudget');

/**
 * `cancel --now`: stop at once. The run cancels its activities (through their heartbeats), writes no report,
 * charges what was paid, and ends Cancelled. (A plain cancel stops reading and still writes the report.)
 */
export const stopNowUpdate = defineUpdate<ResearchProgress, []>('stopNow');

/** The pages chosen by ranking, numbered for a review; `waiting` while the run waits for an answer. */
export const shortlistQuery = defineQuery<Shortlist>('shortlist');

/** The user's review of the shortlist; the validator rejects a bad answer in one line and the run keeps waiting. */
export const reviewUpdate = defineUpdate<Shortlist, [ReviewAnswer]>('review');

/** Custom search attributes, registered by the project's dev server script. */
export const SEARCH_ATTRIBUTES = {
  stage: defineSearchAttributeKey('ResearchStage', SearchAttributeType.KEYWORD),
  costUsd: defineSearchAttributeKey('ResearchCostUsd', SearchAttributeType.DOUBLE),
  topic: defineSearchAttributeKey('ResearchTopic', SearchAttributeType.TEXT),
  pagesRead: defineSearchAttributeKey('ResearchPagesRead', SearchAttributeType.INT),
  model: defineSearchAttributeKey('ResearchModel', SearchAttributeType.KEYWORD),
  /** On a revision (`client revise`): the workflow ID of the run whose sources it rewrote. */
  revisionOf: defineSearchAttributeKey('ResearchRevisionOf', SearchAttributeType.KEYWORD),
} as const;


export const WORKFLOW_TYPE = 'researchWorkflow';
