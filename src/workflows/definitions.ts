/**
 * The workflow's public surface: its queries, updates and search attributes. Shared by the workflow,
 * the client and the tests; pure.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ResearchProgress } from '../domain/types';

export const progressQuery = defineQuery<ResearchProgress>('progress');

/** Raises or lowers the run's USD cap while it runs; answers the new progress. */
export const setBudgetUpdate = defineUpdate<ResearchProgress, [number]>('setBudget');

/** Custom search attributes, registered by the project's dev server script. */
export const SEARCH_ATTRIBUTES = {
  stage: defineSearchAttributeKey('ResearchStage', SearchAttributeType.KEYWORD),
  costUsd: defineSearchAttributeKey('ResearchCostUsd', SearchAttributeType.DOUBLE),
  topic: defineSearchAttributeKey('ResearchTopic', SearchAttributeType.TEXT),
  pagesRead: defineSearchAttributeKey('ResearchPagesRead', SearchAttributeType.INT),
  model: defineSearchAttributeKey('ResearchModel', SearchAttributeType.KEYWORD),
} as const;

/** `temporal server start-dev --search-attribute` values for the keys above. */
export const SEARCH_ATTRIBUTE_FLAGS = ['ResearchStage=Keyword', 'ResearchCostUsd=Double', 'ResearchTopic=Text', 'ResearchPagesRead=Int', 'ResearchModel=Keyword', 'ResearchRevisionOf=Keyword'];

export const WORKFLOW_TYPE = 'researchWorkflow';
