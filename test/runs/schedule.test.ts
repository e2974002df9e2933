/**
 * Scheduled research on the real server, through the commands a user types: a schedule every few seconds runs
 * twice (the offline world switched from its `before` to its `after` edition in between), the second report's
 * "What changed" lists exactly the world's changes, a run still going makes the schedule skip, pause holds and
 * resume starts again, and deleting the schedule leaves its runs and reports readable.
 */
import { type Client, ScheduleOverlapPolicy, type WorkflowExecutionInfo } from '@temporalio/client';
import { ADDED_PAGE, CHANGED_PAGE, FIGURE_AFTER, FIGURE_BEFORE, REMOVED_PAGE } from '../../offline/edition';
import type { ResearchResult } from '../../src/domain/types';
import { scheduledRunsQuery } from '../../src/schedules/query';
import { cli, oneLineError, separateWorkerEnv } from '../client/cli';
import { type Bench, startBench } from '../harness/research';

const TOPIC = 'solid-state batteries';

async function runsOf(client: Client, scheduleId: string): Promise<WorkflowExecutionInfo[]> {
  const runs: WorkflowExecutionInfo[] = [];
  for await (const run of client.workflow.list({ query: scheduledRunsQuery(scheduleId) })) runs.push(run);
  return runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** The "What changed" section's items under one of its bold headings. */
function items(section: string, heading: string): string[] {
  const block = section.split(`**${heading}**`)[1]?.split(/\n\*\*|\n## /)[0] ?? '';
  return block
    .split('\n')
    .filter((line) => line.startsWith('- '))
    .map((line) => line.slice(2));
}

describe('a research schedule', () => {
  let bench: Bench;
  let env: Record<string, string>;
  let scheduleId: string;
  const first: { id?: string; result?: ResearchResult } = {};
  const second: { id?: string; result?: ResearchResult } = {};
  let skippedWhileRunning = 0;
  let runsWhilePaused = 0;

  beforeAll(async () => {
    // Model answers take a moment, so the first run is still going when the trigger comes.
    bench = await startBench({ world: { llmLatencyMs: 150 } });
    bench.world.edition.set('before');
    env = separateWorkerEnv(bench);
    // One pass per run (--depth 1): the comparison is about the pages, not the follow-up rounds.
    const created = await cli(['schedule', 'create', TOPIC, '--every', '3s', '--depth', '1', '--json'], { env });
    expect(created.stderr).toBe('');
    ({ scheduleId } = JSON.parse(created.stdout) as { scheduleId: string });
    const handle = bench.client.schedule.getHandle(scheduleId);
    const action = (await handle.describe()).action;
    expect(action.type === 'startWorkflow' && (action.args?.[0] as { settings: { depth: number } }).settings.depth).toBe(1);

    // The first run starts; a trigger while it goes is skipped (as `schedule trigger` asks), then the schedule pauses.
    const running = await until('the first run', async () => (await runsOf(bench.client, scheduleId))[0], 30_000);
    first.id = running.workflowId;
    await handle.trigger(ScheduleOverlapPolicy.SKIP);
    await handle.pause('test');
    skippedWhileRunning = (await handle.describe()).info.numActionsSkippedOverlap;
    expect((await runsOf(bench.client, scheduleId)).map((r) => r.workflowId)).toEqual([first.id]);

    first.result = (await bench.client.workflow.getHandle(first.id).result()) as ResearchResult;
    // Paused: three intervals pass without a run.
    await new Promise((resolve) => setTimeout(resolve, 9_000));
    runsWhilePaused = (await runsOf(bench.client, scheduleId)).length;

    bench.world.edition.set('after');
    expect((await cli(['schedule', 'resume', scheduleId], { env })).code).toBe(0);
    const next = await until('the second run', async () => (await runsOf(bench.client, scheduleId))[1]);
    second.id = next.workflowId;
    expect((await cli(['schedule', 'pause', scheduleId], { env })).code).toBe(0);
    second.result = (await bench.client.workflow.getHandle(second.id).result()) as ResearchResult;
  }, 240_000);
  afterAll(async () => {
    await bench?.client.schedule
      .getHandle(scheduleId)
      .delete()
      .catch(() => undefined);
    await bench?.close();
  });

  const url = (path: string) => bench.world.web.urlOf(path);

  it('skips while a run is still going, and starts none while paused', () => {
    expect(skippedWhileRunning).toBeGreaterThan(0);
    expect(runsWhilePaused).toBe(1);
  });

  it('says on its first run that there is nothing to compare yet', () => {
    expect(first.result!.changes).toEqual({ line: 'first run: nothing to compare yet' });
    expect(first.result!.report.markdown).toContain("## What changed since the last run\n\nNothing to compare yet: this is the schedule's first completed run.");
  });

  it("lists exactly the world's changes in the second report, first, with both quotes of the changed figure", () => {
    const report = second.result!.report.markdown;
    const section = report.split('## What changed since ')[1]!.split('\n## ')[0];
    expect(report.indexOf('## What changed since')).toBeLessThan(report.indexOf('## References'));
    expect(report.split('\n').findIndex((l) => l.startsWith('## '))).toBe(report.split('\n').findIndex((l) => l.startsWith('## What changed since')));
    const closed = second.result!.changes!.since!;
    expect(section.startsWith(`${closed.slice(0, 10)} ${closed.slice(11, 16)} UTC`)).toBe(true);
    expect(second.result!.changes!.previousRun).toBe(first.id);

    const added = items(section, 'New sources');
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(/ \[\d+\]$|\(<.*>\)$/);
    const addedSource = second.result!.sources!.find((s) => s.url === url(ADDED_PAGE))!;
    expect(added[0]).toContain(addedSource.title.slice(0, 20));

    const gone = items(section, 'Sources gone or unreadable now');
    expect(gone).toHaveLength(1);
    const removedTitle = first.result!.sources!.find((s) => s.url === url(REMOVED_PAGE))!.title;
    expect(gone[0]).toContain(removedTitle.slice(0, 20));
    expect(gone[0]).toContain('unreadable now');

    const changed = items(section, 'Figures changed');
    expect(changed).toHaveLength(1);
    expect(changed[0]).toContain(`${FIGURE_BEFORE} → ${FIGURE_AFTER}`);
    const [before, after] = [...changed[0].matchAll(/“([^”]*)”/g)].map((m) => m[1]);
    expect(before).toContain(FIGURE_BEFORE);
    expect(after).toBe(before.replace(FIGURE_BEFORE, FIGURE_AFTER));
    const oldQuote = first.result!.sources!.find((s) => s.url === url(CHANGED_PAGE))!.evidence!.find((e) => e.quote.includes(FIGURE_BEFORE))!;
    expect(before).toBe(oldQuote.quote);

    expect(items(section, 'Findings no longer supported')).toEqual([]);
    expect(second.result!.changes!.line).toBe('1 new source, 1 source gone, 1 figure changed, 0 findings unsupported');
    // The prose, from the diff alone, cites only what the items cite.
    const prose = section.split('\n\n')[1];
    expect(prose).toContain(`from ${FIGURE_BEFORE} to ${FIGURE_AFTER}`);
  });

  it('shows past runs with their cost and change line, and they stay readable after the schedule is deleted', async () => {
    const shown = await cli(['schedule', 'show', scheduleId, '--json'], { env });
    const before = JSON.parse(shown.stdout) as { schedule: { every: string; jitter: string; catchupWindow: string; overlap: string; paused: boolean }; runs: { workflowId: string; costUsd: number; changes?: string }[] };
    expect(before.schedule).toMatchObject({ every: '3s', jitter: '300ms', catchupWindow: '1m', overlap: 'SKIP', paused: true });
    expect(before.runs.slice(0, 2).map((r) => [r.workflowId, r.changes])).toEqual([
      [first.id, 'first run: nothing to compare yet'],
      [second.id, '1 new source, 1 source gone, 1 figure changed, 0 findings unsupported'],
    ]);
    expect(before.runs[1].costUsd).toBeCloseTo(second.result!.cost.total.costUsd, 10);
    expect(before.runs[1].costUsd).toBeGreaterThan(0);

    expect((await cli(['schedule', 'delete', scheduleId], { env })).code).toBe(0);
    const after = JSON.parse((await cli(['schedule', 'show', scheduleId, '--json'], { env })).stdout) as { schedule: unknown; runs: { workflowId: string }[] };
    expect(after.schedule).toBeNull();
    expect(after.runs.map((r) => r.workflowId).slice(0, 2)).toEqual([first.id, second.id]);
    const report = await cli(['report', second.id!], { env });
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('## What changed since');
  });

  it('refuses a bad --every in one line before anything starts', async () => {
    const r = await cli(['schedule', 'create', TOPIC, '--every', '7x'], { env });
    expect(r.code).toBe(1);
    expect(oneLineError(r)).toBe('error: --every must be a whole number and a unit: s, m, h, d or w, e.g. 7d, 12h or 30m (from 1s to 366d) (got "7x")');
  });
});
