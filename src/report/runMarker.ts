/**
 * The one line that says which Temporal run wrote a report. The report ends with it, and the report
 * store recognises a file of its own run by it: a retried write of the same run finds its file, while
 * a new run with the same workflow ID (a reset keeps the ID and gets a new run ID) never does.
 */

export interface RunIdentity {
  workflowId: string;
  /** Temporal's run ID: different for every run of one workflow ID (a reset, a continue-as-new). */
  runId: string;
}

/** An HTML comment (invisible when rendered); the IDs are URI-encoded so neither can end the comment early. */
export function runMarker(run: RunIdentity): string {
  return `<!-- research-run: ${encodeURIComponent(run.workflowId)} ${encodeURIComponent(run.runId)} -->`;
}

/** True when `markdown` is a report written by `run`: its last line is that run's marker. */
export function isReportOfRun(markdown: string, run: RunIdentity): boolean {
  return markdown.trimEnd().endsWith(runMarker(run));
}

/** The run a report says wrote it (its last line), or undefined when it carries no marker. */
export function runOfReport(markdown: string): RunIdentity | undefined {
  const match = /<!-- research-run: (\S+) (\S+) -->\s*$/.exec(markdown);
  if (!match) return undefined;
  try {
    return { workflowId: decodeURIComponent(match[1]), runId: decodeURIComponent(match[2]) };
  } catch {
    return undefined;
  }
}
