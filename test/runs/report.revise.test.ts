/**
 * Revise on the real Temporal dev server: a new report from a finished run's sources, as its own
 * workflow linked to the run, with only report calls: no search, no page fetch, no page summary.
 */
import type { ResearchResult } from '../../src/domain/types';
import { readFinishedRun, startRevision } from '../../src/cli/revise';
import { REVISION_OF } from '../../src/workflows/revise';
import { type Bench, startBench } from '../harness/research';

const TOPIC = 'solid-state batteries';

function webRequests(bench: Bench): number {
  return [...bench.world.web.requests.values()].reduce((a, b) => a + b, 0);
}

describe('revise', () => {
  let bench: Bench;
  let originalId: string;
  let original: ResearchResult;

  beforeAll(async () => {
    bench = await startBench();
    const { handle, result } = await bench.run(TOPIC, { reportWords: 600 });
    originalId = handle.workflowId;
    original = result;
  }, 120_000);
  afterAll(() => bench?.close());

  it('writes a new report to new settings from the run’s sources, with no search, fetch or page-summary call', async () => {
    const searches = bench.world.search.queries.length;
    const fetches = webRequests(bench);
    bench.world.llm.resetStats();

    const handle = await startRevision(bench.client, originalId, bench.taskQueue, { reportWords: 1000, instructions: 'Focus on energy density.' }, true);
    const revised = await handle.result();

    expect(bench.world.search.queries.length).toBe(searches);
    expect(webRequests(bench)).toBe(fetches);
    const stages = new Set(bench.world.llm.requests.map((r) => r.stage));
    // Only the sectioned report's own calls: plan, sections, summary and conclusion.
    for (const stage of stages) expect(stage).toMatch(/^report_(plan|section|section_more|framing)$/);
    expect(stages.has('report_plan')).toBe(true);

    // The same sources, the new length, and the cost of the report calls only.
    const cited = (md: string) => [...md.matchAll(/from (http\S+)/g)].map((m) => m[1]).sort();
    expect(cited(revised.report.markdown)).toEqual(cited(original.report.markdown));
    expect(revised.report.words).toBeGreaterThanOrEqual(1000);
    expect(revised.cost.total.calls).toBe(bench.world.llm.requests.filter((r) => r.status === 200).length);
    expect(revised.cost.stages.browse.calls).toBe(0);
    expect(revised.report.markdown).toContain(`Revised from the sources of run ${originalId}`);
  }, 120_000);

  it('is its own workflow, linked to the original by memo and search attribute', async () => {
    const handle = await startRevision(bench.client, originalId, bench.taskQueue, { reportWords: 300 }, true);
    await handle.result();
    const description = await handle.describe();
    expect(description.type).toBe('reviseWorkflow');
    expect(description.memo?.revisionOf).toBe(originalId);
    expect(description.typedSearchAttributes.get(REVISION_OF)).toBe(originalId);
    // Another look at the original run still finds its sources where revise found them.
    expect((await readFinishedRun(bench.client.workflow.getHandle(originalId))).sources.length).toBeGreaterThan(0);
  }, 120_000);

  it('refuses a run that does not exist, in one line', async () => {
    await expect(startRevision(bench.client, 'no-such-run', bench.taskQueue, {}, false)).rejects.toThrow(/no research run "no-such-run"/);
  });
});
