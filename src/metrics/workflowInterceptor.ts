/**
 * Runs started and finished (by outcome), counted by the workflow itself through the SDK's workflow metric
 * meter: deterministic code cannot touch a metrics library, and the SDK's meter records nothing while a
 * history is replayed, so a run is counted once however often a worker replays it. The values go to the
 * SDK's own exporter (the worker's Runtime), which the worker serves with its research metrics.
 *
 * Bundled with the workflow code (src/build/workflowBundle.ts) as an interceptor module; it issues no
 * command, so recorded histories replay unchanged.
 */
import { ContinueAsNew, isCancellation, metricMeter, TemporalFailure, type WorkflowInterceptorsFactory, workflowInfo } from '@temporalio/workflow';

/** The workflows that are research runs (the rate limiter's workflow is not). */
const RUN_TYPES = new Set(['researchWorkflow', 'reviseWorkflow']);

const started = metricMeter.createCounter('research_runs_started', 'runs', 'Research runs started (and revisions), by workflowType');
const finished = metricMeter.createCounter('research_runs_finished', 'runs', 'Research runs finished, by workflowType and outcome (completed, failed, cancelled)');

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [
    {
      async execute(input, next) {
        if (!RUN_TYPES.has(workflowInfo().workflowType)) return next(input);
        // A continued run is the same run: counted when it started.
        if (workflowInfo().continuedFromExecutionRunId === undefined) started.add(1);
        try {
          const result = await next(input);
          finished.add(1, { outcome: 'completed' });
          return result;
        } catch (err) {
          // Only a Temporal failure ends the run; any other error fails the workflow task, which is retried.
          if (isCancellation(err)) finished.add(1, { outcome: 'cancelled' });
          else if (err instanceof TemporalFailure && !(err instanceof ContinueAsNew)) finished.add(1, { outcome: 'failed' });
          throw err;
        }
      },
    },
  ],
});
