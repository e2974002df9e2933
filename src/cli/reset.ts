/**
 * `reset <id> --to <stage>`: runs a research run again from the start of one stage, keeping everything
 * before it (paid for already) and its settings. Temporal's reset needs the workflow task that starts the
 * stage; the run records the history length at each stage's start in its memo (`stageStarts`).
 */
import { randomUUID } from 'node:crypto';
import type { temporal } from '@temporalio/proto';
import Long from 'long';
import { type Stage, STAGES } from '../domain/types';
import { parseCommandArgs } from './args';
import { UserError } from './errors';
import { withRun } from './connect';
import { readRunMemo } from '../workflows/memo';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/**
 * The workflow task a stage starts in: the first one completed after the history length the run
 * recorded when it entered the stage. Reset to it, the stage's commands are made again.
 */
export function stageResetEventId(events: readonly HistoryEvent[], stageStart: number): number | undefined {
  const completed = events.find((e) => Number(e.eventId) > stageStart && e.workflowTaskCompletedEventAttributes);
  return completed ? Number(completed.eventId) : undefined;
}

/** A stage's name, or `round-N` (a follow-up round, N from 2). */
export function resetTarget(to: string): { stage: Stage } | { round: number } | undefined {
  if (STAGES.includes(to as Stage)) return { stage: to as Stage };
  const round = /^round-(\d{1,2})$/.exec(to.trim());
  return round && Number(round[1]) >= 2 ? { round: Number(round[1]) } : undefined;
}

export async function reset(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('reset', args, { to: { type: 'string' } });
  const usage = `npm run client -- reset <id> --to <${STAGES.join('|')}|round-N>`;
  if (values.to === undefined) throw new UserError(`reset needs a stage: ${usage}`);
  const target = resetTarget(values.to);
  if (target === undefined) throw new UserError(`reset: "${values.to}" is not a stage: ${usage}`);
  const stage = 'round' in target ? `round-${target.round}` : target.stage;
  const workflowId = positionals[0];
  return withRun('reset', workflowId, async (handle, description) => {
    const memo = readRunMemo(description.memo);
    const starts: Record<string, number> = 'round' in target
      ? Object.fromEntries(Object.entries(memo.roundStarts ?? {}).map(([n, at]) => [`round-${n}`, at]))
      : (memo.stageStarts ?? {});
    const start = starts[stage];
    if (start === undefined) {
      const what = 'round' in target ? `round ${target.round}` : `the ${stage} stage`;
      throw new UserError(`research run "${handle.workflowId}" never reached ${what} (it reached: ${Object.keys(starts).join(', ') || 'none'})`);
    }
    const history = await handle.fetchHistory();
    const eventId = stageResetEventId(history.events ?? [], start);
    if (eventId === undefined) throw new UserError(`research run "${handle.workflowId}" has no completed workflow task after the start of ${stage} to reset to`);
    const { runId } = await handle.client.workflowService.resetWorkflowExecution({
      namespace: handle.client.options.namespace,
      workflowExecution: { workflowId: handle.workflowId, runId: description.runId },
      workflowTaskFinishEventId: Long.fromNumber(eventId),
      reason: `client reset --to ${stage}`,
      requestId: randomUUID(),
    });
    console.log(`${handle.workflowId}: reset to the start of ${stage} (event ${eventId}); new run ${runId}.`);
    console.log(`Follow it with: npm run client -- watch ${handle.workflowId}`);
  });
}
