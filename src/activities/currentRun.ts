import { Context } from '@temporalio/activity';
import type { RunIdentity } from '../report/runMarker';

/**
 * The Temporal run this activity works for: the workflow ID and the run ID, so a reset (same workflow
 * ID, new run) writes its own report file.
 */
export function currentRun(fallbackWorkflowId: string): RunIdentity {
  const execution = Context.current().info.workflowExecution;
  return { workflowId: execution?.workflowId ?? fallbackWorkflowId, runId: execution?.runId ?? fallbackWorkflowId };
}
