/**
 * How a research run is started: its workflow ID, the search attributes the client knows at start, and
 * the static summary (the topic) and details (model, budget, words, language) the Temporal UI shows as
 * Markdown. Pure apart from the random tail of the ID.
 */
import { randomBytes } from 'node:crypto';
import type { WorkflowStartOptions } from '@temporalio/client';
import type { SearchAttributePair } from '@temporalio/common';
import { escapeMarkdown } from '../domain/markdown';
import type { ResearchSettings } from '../domain/types';
import { SEARCH_ATTRIBUTES } from '../workflows/definitions';
import type { researchWorkflow, ResearchWorkflowInput } from '../workflows/research';


/** One line: the UI's summary is single-line. */
export function staticSummary(topic: string): string {
  return escapeMarkdown(topic);
}

export function staticDetails(settings: Pick<ResearchSettings, 'model' | 'maxBudgetUsd' | 'reportWords' | 'language'> & Partial<Pick<ResearchSettings, 'depth' | 'breadth'>>): string {
  return [
    `**Model:** ${escapeMarkdown(settings.model)}`,
    `**Budget:** $${settings.maxBudgetUsd}`,
    `**Words:** ${settings.reportWords}`,
    `**Language:** ${escapeMarkdown(settings.language)}`,
    ...(settings.depth !== undefined ? [`**Rounds:** depth ${settings.depth}, breadth ${settings.breadth ?? 3}`] : []),
  ].join('  \n');
}

/**
 * What a run keeps out of the places encryption does not reach (its workflow ID and search attributes, stored
 * and listed in the clear): with encryption on, the ID is random and the topic goes into no attribute,
 * unless the user opts in to a searchable topic (RESEARCH_INDEX_TOPIC=1).
 */
export interface Privacy {
  encrypted: boolean;
  indexTopic: boolean;
}

const OPEN: Privacy = { encrypted: false, indexTopic: false };

export function workflowIdFor(topic: string, now: number, privacy: Privacy = OPEN): string {
  // The random tail keeps two runs of one topic started in the same millisecond apart.
  if (privacy.encrypted) return `research-${now.toString(36)}-${randomBytes(5).toString('hex')}`;
  const slug = topic.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'topic';
  return `research-${slug}-${now.toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/**
 * The run's start options. The static summary (topic) and details travel as user metadata, which the SDK
 * (1.24) passes through the payload codec like any payload: encrypted when a key is set, read in the UI
 * through the codec server.
 */
export function startOptions(
  input: ResearchWorkflowInput,
  taskQueue: string,
  now = Date.now(),
  privacy: Privacy = OPEN,
): WorkflowStartOptions<typeof researchWorkflow> {
  const attributes: SearchAttributePair[] = [
    ...(!privacy.encrypted || privacy.indexTopic ? [{ key: SEARCH_ATTRIBUTES.topic.key, value: input.topic }] : []),
    { key: SEARCH_ATTRIBUTES.model.key, value: input.settings.model },
  ];
  return {
    taskQueue,
    workflowId: workflowIdFor(input.topic, now, privacy),
    args: [input],
    staticSummary: staticSummary(input.topic),
    staticDetails: staticDetails(input.settings),
    ...(input.searchAttributes ? { typedSearchAttributes: attributes } : {}),
  };
}
