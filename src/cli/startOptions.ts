/**
 * How a research run is started: its workflow ID, the search attributes the client knows at start, and
 * the static summary (the topic) and details (model, budget, words, language) the Temporal UI shows as
 * Markdown. Pure.
 */
import type { WorkflowStartOptions } from '@temporalio/client';
import { defineSearchAttributeKey, type SearchAttributePair } from '@temporalio/common';
import { escapeMarkdown } from '../domain/markdown';
import type { ResearchSettings } from '../domain/types';
import type { researchWorkflow, ResearchWorkflowInput } from '../workflows/research';

const TOPIC = defineSearchAttributeKey('ResearchTopic', 'TEXT');
const MODEL = defineSearchAttributeKey('ResearchModel', 'KEYWORD');

/** One line: the UI's summary is single-line. */
export function staticSummary(topic: string): string {
  return escapeMarkdown(topic);
}

export function staticDetails(settings: Pick<ResearchSettings, 'model' | 'maxBudgetUsd' | 'reportWords' | 'language'>): string {
  return [
    `**Model:** ${escapeMarkdown(settings.model)}`,
    `**Budget:** $${settings.maxBudgetUsd}`,
    `**Words:** ${settings.reportWords}`,
    `**Language:** ${escapeMarkdown(settings.language)}`,
  ].join('  \n');
}

export function workflowIdFor(topic: string, now: number): string {
  const slug = topic.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'topic';
  // The random tail keeps two runs of one topic started in the same millisecond apart.
  return `research-${slug}-${now.toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export function startOptions(
  input: ResearchWorkflowInput,
  taskQueue: string,
  now = Date.now(),
): WorkflowStartOptions<typeof researchWorkflow> {
  const attributes: SearchAttributePair[] = [
    { key: TOPIC, value: input.topic },
    { key: MODEL, value: input.settings.model },
  ];
  return {
    taskQueue,
    workflowId: workflowIdFor(input.topic, now),
    args: [input],
    staticSummary: staticSummary(input.topic),
    staticDetails: staticDetails(input.settings),
    ...(input.searchAttributes ? { typedSearchAttributes: attributes } : {}),
  };
}
