/**
 * `client reset <id> --to <stage>` on the real Temporal server: the run goes again from that stage,
 * keeping (and not paying again for) everything before it.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { reset } from '../../src/cli/reset';
import { runOfReport } from '../../src/report/runMarker';
import type { researchWorkflow } from '../../src/workflows/research';
import { type Bench, startBench, temporalAddress } from '../harness/research';

const TOPIC = 'solid-state batteries';

describe('resetting a finished run to a stage', () => {
  let bench: Bench;
  let cacheDir: string;
  const paidCalls = (stage?: string) => bench.world.llm.requests.filter((r) => r.status === 200 && (!stage || r.stage.startsWith(stage))).length;

  beforeAll(async () => {
    cacheDir = await fs.mkdtemp(path.join(process.env.TEST_TMP_DIR ?? '/tmp', 'reset-cache-'));
    bench = await startBench({ env: { RESEARCH_CACHE_DIR: cacheDir } });
    process.env.TEMPORAL_ADDRESS = temporalAddress();
    process.env.TEMPORAL_NAMESPACE = 'default';
  });
  afterAll(() => bench?.close());

  async function resetTo(workflowId: string, stage: string) {
    const before = paidCalls();
    const beforeReport = paidCalls('report');
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(await reset([workflowId, '--to', stage])).toBe(0);
    } finally {
      log.mockRestore();
    }
    const result = await bench.client.workflow.getHandle<typeof researchWorkflow>(workflowId).result();
    return { result, newCalls: paidCalls() - before, newReportCalls: paidCalls('report') - beforeReport };
  }

  it('to report: only the report is paid again, and it is a new report', async () => {
    const { handle, result: first } = await bench.run(TOPIC);
    const { result, newCalls, newReportCalls } = await resetTo(handle.workflowId, 'report');
    expect(newReportCalls).toBeGreaterThanOrEqual(1);
    expect(newCalls).toBe(newReportCalls);
    expect(result.pages.map((p) => p.url)).toEqual(first.pages.map((p) => p.url));
    expect(result.report.markdown).toContain('## References');
    expect(runOfReport(result.report.markdown)?.runId).not.toBe(runOfReport(first.report.markdown)?.runId);
    const runs = [];
    for await (const run of bench.client.workflow.list({ query: `WorkflowId = '${handle.workflowId}'` })) runs.push(run.runId);
    expect(runs).toHaveLength(2);
  });

  it('to browse: pages come from the summary cache, none is paid twice', async () => {
    const { handle } = await bench.run(TOPIC, { reportWords: 300 });
    const pageCallsBefore = paidCalls('page_summary');
    const { result } = await resetTo(handle.workflowId, 'browse');
    expect(paidCalls('page_summary')).toBe(pageCallsBefore);
    expect(result.pages.some((p) => p.cached)).toBe(true);
  });

  it('refuses an unknown stage and an unknown run, in one line', async () => {
    const { handle } = await bench.run(TOPIC, { reportWords: 300 });
    await expect(reset([handle.workflowId, '--to', 'dessert'])).rejects.toThrow(/reset: "dessert" is not a stage: .*--to <keywords\|search\|plan\|rank\|browse\|report\|round-N>/);
    await expect(reset(['no-such-run', '--to', 'report'])).rejects.toThrow(/no research run "no-such-run"/);
  });
});

describe('resetting to browse with two workers that share no cache', () => {
  it('completes, whichever worker takes each page', async () => {
    const cacheDir = await fs.mkdtemp(path.join(process.env.TEST_TMP_DIR ?? '/tmp', 'reset-cache-a-'));
    const first = await startBench({ env: { RESEARCH_CACHE_DIR: cacheDir } });
    // A second worker on the same task queue, with no cache, reading the same pages (the first world's port).
    const second = await startBench({
      env: { TEMPORAL_TASK_QUEUE: first.taskQueue, RESEARCH_CACHE_DIR: 'off' },
      world: { webPort: Number(new URL(first.world.web.baseUrl).port) },
    });
    try {
      process.env.TEMPORAL_ADDRESS = temporalAddress();
      const { handle } = await first.run(TOPIC, { reportWords: 300 });
      const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
      try {
        expect(await reset([handle.workflowId, '--to', 'browse'])).toBe(0);
      } finally {
        log.mockRestore();
      }
      const result = await first.client.workflow.getHandle<typeof researchWorkflow>(handle.workflowId).result();
      expect(result.pages.filter((p) => p.status === 'summarized').length).toBeGreaterThan(0);
      expect(result.report.markdown).toContain('## References');
    } finally {
      await second.close();
      await first.close();
    }
  });
});
