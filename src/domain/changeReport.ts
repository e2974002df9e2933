/**
 * Where a scheduled run's "What changed" section goes in its report, and how it cites: pure string work on the
 * composed Markdown, importable by the workflow.
 */

/** What a scheduled run's result says of its comparison with the schedule's last completed run. */
export interface ChangeRecord {
  /** One line: "first run: nothing to compare yet", or counts of new, gone and changed. */
  line: string;
  /** When the run compared with ended (ISO), and its workflow ID; absent on a schedule's first run. */
  since?: string;
  previousRun?: string;
}

/** The reference number the report's References list gives each source URL: `[3] *Title*. ... from <url>`. */
export function referenceNumbers(markdown: string): Record<string, number> {
  const references = markdown.split('\n## References\n')[1]?.split('\n## ')[0] ?? '';
  const out: Record<string, number> = {};
  for (const m of references.matchAll(/^\[(\d+)\] .* from <([^>\s]+)>\s*$/gm)) out[m[2]] ??= Number(m[1]);
  return out;
}

/** The section first: right after the report's title (its first `# ` line), else at the top. */
export function withSectionFirst(markdown: string, section: string): string {
  const lines = markdown.split('\n');
  const title = lines.findIndex((line) => /^# \S/.test(line));
  const block = ['', ...section.trim().split('\n'), ''];
  if (title < 0) return `${section.trim()}\n\n${markdown}`;
  lines.splice(title + 1, 0, ...block);
  return lines.join('\n').replace(/\n{3,}/g, '\n\n');
}
