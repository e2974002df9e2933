/**
 * The two kinds of cancel, on the real server: `cancel --now` stops at once (activities cancelled, no report,
 * nothing more paid, the run Cancelled with its cost recorded); a plain cancel that arrives while the report
 * is being written is no longer swallowed: the report says so and the run ends Cancelled.
 */
import { WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import { reportFromHistory } from '../../src/cli/reportSource';
import { cancel } from '../../src/cli/runs';
import type { CancelRecord } from '../../src/domain/types';
import { cli } from '../client/cli';
import { type Bench, failureOf, startBench, temporalAddress } from '../harness/research';
import { until } from '../harness/workerProcess';

const TOPIC = 'tensorflow vs pytorch';

describe('cancelling a run', () => {
  let bench: Bench;
  beforeAll(async () => {
    // A model slow enough (0.8 s a call) to cancel while its calls are in flight.
    bench = await startBench({ world: { llmLatencyMs: 800 } });
    // The cancel command runs in this process (a spawned one would start too slowly on a busy machine to land mid-stage).
    process.env.TEMPORAL_ADDRESS = temporalAddress();
    process.env.TEMPORAL_NAMESPACE = 'default';
  });
  afterAll(() => bench?.close());
  const asked = (stage: string) => bench.world.llm.requests.filter((r) => r.stage.startsWith(stage));

  it('--now stops at once: no report, no call after it, the run Cancelled with what it paid', async () => {
    // One page at a time: the browse stage lasts several calls of 0.8 s.
    const handle = await bench.start(TOPIC, { maxParallelPages: 1 });
    await until(async () => asked('page_summary').length >= 1, 120_000, 20);
    const said: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void said.push(line));
    try {
      expect(await cancel([handle.workflowId, '--now'])).toBe(0);
    } finally {
      log.mockRestore();
    }
    expect(said.join('\n')).toMatch(/stopped at once \(cancel --now\) during the browse stage: \d+ pages? not read, no report written; it paid \$0\.\d{4}/);

    const { error } = await failureOf(handle.result());
    expect((error as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    const description = await handle.describe();
    expect(description.status.name).toBe('CANCELLED');
    const record = description.memo?.cancel as CancelRecord;
    expect(record).toMatchObject({ kind: 'now', during: 'browse' });
    expect(record.costUsd).toBeGreaterThan(0);
    expect(asked('report')).toEqual([]);

    // Nothing more is asked of the model once the run has ended.
    const calls = bench.world.llm.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(bench.world.llm.requests.length).toBe(calls);

    const status = await cli(['status', handle.workflowId]);
    expect(status.stdout).toContain(`${handle.workflowId}: CANCELLED`);
    expect(status.stdout).toMatch(/stopped at once \(cancel --now\)/);
    const report = await cli(['report', handle.workflowId]);
    expect(report.code).not.toBe(0);
    expect(report.stderr).toMatch(/is cancelled and carries no report/);
  }, 180_000);

  it('a cancel arriving during the report is told in the report and the run ends Cancelled', async () => {
    const before = asked('report_section').length;
    const handle = await bench.start(TOPIC, { reportWords: 600 });
    await until(async () => asked('report_section').length > before, 180_000, 20);
    await handle.cancel();
    const { error } = await failureOf(handle.result());
    expect((error as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    const description = await handle.describe();
    expect(description.status.name).toBe('CANCELLED');
    expect(description.memo?.cancel).toMatchObject({ kind: 'stop-reading', during: 'report' });
    const report = (await reportFromHistory(await handle.fetchHistory()))!.markdown;
    expect(report).toContain('**Cancelled:** the run was stopped by request (cancel arrived during the report');
    expect(report).toContain('## References');
  }, 240_000);
});
