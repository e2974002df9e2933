/**
 * One limiter per resource and task queue, as a long-running workflow: every worker asks it for a slot
 * by Update before a model (or search) request, so the whole deployment stays under one rate without
 * new infrastructure. Deterministic workflow code; the arithmetic lives in ./schedule.
 */
import { allHandlersFinished, condition, continueAsNew, defineUpdate, setHandler, workflowInfo } from '@temporalio/workflow';
import { type Grant, grant, type LimiterState } from './schedule';

export interface AcquireRequest {
  intervalMs: number;
  horizonMs: number;
}

export const acquireUpdate = defineUpdate<Grant, [AcquireRequest]>('acquire');

/** Keeps the history short (each grant adds a few events): continue as new well before it grows. */
const MAX_HISTORY_EVENTS = 2_000;

export async function rateLimiterWorkflow(initial: LimiterState = { nextFreeAtMs: 0 }): Promise<void> {
  let state = initial;
  setHandler(acquireUpdate, ({ intervalMs, horizonMs }) => {
    // Date.now() here is the workflow task's time, from the server: the same clock for every worker.
    const next = grant(state, Date.now(), intervalMs, horizonMs);
    state = next.state;
    return next.grant;
  });
  await condition(() => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > MAX_HISTORY_EVENTS);
  await condition(allHandlersFinished);
  await continueAsNew<typeof rateLimiterWorkflow>(state);
}
