/**
 * The visibility queries that find a schedule's runs, by the search attribute the server sets on every run a
 * schedule starts (TemporalScheduledById). Schedule IDs are ours; quotes are escaped all the same.
 */

function quoted(id: string): string {
  return `'${id.replace(/['\\]/g, '\\$&')}'`;
}

/** Every run the schedule started, whatever became of it. */
export function scheduledRunsQuery(scheduleId: string): string {
  return `TemporalScheduledById = ${quoted(scheduleId)}`;
}

/** The schedule's completed runs: what a new run compares with. */
export function completedRunsQuery(scheduleId: string): string {
  return `TemporalScheduledById = ${quoted(scheduleId)} AND ExecutionStatus = 'Completed'`;
}
