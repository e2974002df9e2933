/** The stand-ins' records of one run as a timeline (ms from the run's start), to see where a run waits. */
import type { Records } from './criticalPath';

export function timeline(records: Records, startedAt: number): string[] {
  const rows: [number, number, string][] = [
    ...records.llm.map((r): [number, number, string] => [r.receivedAt, r.answeredAt, `model ${r.stage} ${r.subject} (prompt ${r.promptTokens}, output ${r.completionTokens})`]),
    ...records.search.map((r): [number, number, string] => [r.receivedAt, r.answeredAt, `search "${r.q}"`]),
    ...records.web.map((r): [number, number, string] => [r.receivedAt, r.answeredAt, `page ${r.host}${r.path}`]),
  ];
  return rows
    .sort((a, b) => a[0] - b[0])
    .map(([from, to, what]) => `${String(from - startedAt).padStart(7)} → ${String(to - startedAt).padStart(7)} ms  ${what}`);
}
