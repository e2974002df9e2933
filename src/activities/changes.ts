/**
 * A scheduled run's comparison with the last completed run of its schedule: found by the schedule's search
 * attribute (TemporalScheduledById, which the server sets on every run a schedule starts) and read from its
 * typed result, never from its history's events; then the "What changed" section, its prose written by one
 * model call from the diff alone.
 */
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { ZERO_USAGE, type ModelTrouble, type ResearchResult, type ResearchSettings, type TokenUsage } from '../domain/types';
import { changeSummaryPrompt } from '../llm/changePrompt';
import { changeLine, type ComparedPage, type ComparedSource, diffRuns, isEmptyDiff } from '../report/changes';
import { changeSection, citeBy, diffLines, sinceLabel } from '../report/changeSection';
import { completedRunsQuery } from '../schedules/query';
import type { ActivityDeps } from './deps';
import { troubleOrRethrow, withPaidCalls } from './paid';

/** The schedule's last completed run, as a scheduled run looks it up when it starts. */
export interface PreviousRun {
  /** When it closed (ISO), and its ID; absent when the schedule has no completed run before this one. */
  since?: string;
  previousRun?: string;
  /** Its sources and their quotes; absent when it was recorded before results carried sources (`note` says so). */
  sources?: ComparedSource[];
  note?: string;
}

export interface ChangeSectionInput {
  topic: string;
  settings: ResearchSettings;
  previous: PreviousRun;
  /** This run's sources (with the previous quotes rechecked) and pages (why a source is gone). */
  sources: ComparedSource[];
  pages: ComparedPage[];
  /** The report's reference number of each source URL. */
  references: Record<string, number>;
  /** The budget allows the prose call. */
  mayWrite: boolean;
}

export interface ChangeSectionResult {
  markdown: string;
  line: string;
  usage: TokenUsage;
  trouble?: ModelTrouble;
}

/** The schedule's completed run that closed last, other than `self`. */
export async function lastCompletedRun(client: Client, scheduleId: string, self: string): Promise<{ workflowId: string; runId: string; closedAt: Date } | undefined> {
  let last: { workflowId: string; runId: string; closedAt: Date } | undefined;
  for await (const run of client.workflow.list({ query: completedRunsQuery(scheduleId) })) {
    if (run.workflowId === self || !run.closeTime) continue;
    if (!last || run.closeTime > last.closedAt) last = { workflowId: run.workflowId, runId: run.runId, closedAt: run.closeTime };
  }
  return last;
}

export function changeActivities(deps: ActivityDeps) {
  return {
    async lastScheduledRun(input: { scheduleId: string; workflowId: string }): Promise<PreviousRun> {
      const client = Context.current().client;
      const last = await lastCompletedRun(client, input.scheduleId, input.workflowId);
      if (!last) return {};
      const result = (await client.workflow.getHandle(last.workflowId, last.runId).result()) as ResearchResult;
      const found = { since: last.closedAt.toISOString(), previousRun: last.workflowId };
      if (!result.sources) return { ...found, note: 'The last run was recorded before runs kept their sources: nothing to compare with.' };
      return { ...found, sources: result.sources.map(({ url, title, evidence }) => ({ url, title, ...(evidence ? { evidence } : {}) })) };
    },

    async writeChangeSection(input: ChangeSectionInput): Promise<ChangeSectionResult> {
      const { previous, settings } = input;
      const comparison = { ...previous, ...(previous.sources ? { diff: diffRuns(previous.sources, input.sources, input.pages) } : {}) };
      const cite = citeBy(input.references);
      const line = comparison.since && !comparison.diff ? 'nothing to compare with' : changeLine(comparison.diff);
      if (!comparison.since || !comparison.diff || isEmptyDiff(comparison.diff)) {
        return { markdown: changeSection({ ...comparison, cite }), line, usage: ZERO_USAGE };
      }
      const diff = comparison.diff;
      if (!input.mayWrite) {
        return { markdown: changeSection({ ...comparison, diff, cite, note: 'The summary of these changes was left out: it would have crossed the budget.' }), line, usage: ZERO_USAGE };
      }
      return withPaidCalls(async ({ signal, meter, paid }) => {
        const prompt = changeSummaryPrompt(input.topic, sinceLabel(comparison.since!), diffLines(diff, cite), settings.language);
        const reply = await deps.llm
          .chatJson('change_summary', prompt, { model: settings.model, maxTokens: Math.min(settings.maxOutputTokens, 600), outputLimit: settings.maxOutputTokens, signal, meter })
          .catch(troubleOrRethrow);
        const prose = 'trouble' in reply ? undefined : reply.value?.summary;
        const note = 'trouble' in reply ? `The summary of these changes was not written: the model ${reply.trouble.answered}.` : prose ? undefined : 'The summary of these changes was not written: the model gave no usable answer.';
        return {
          markdown: changeSection({ ...comparison, diff, cite, prose, note }),
          line,
          usage: paid(),
          ...('trouble' in reply ? { trouble: reply.trouble } : {}),
        };
      });
    },
  };
}
