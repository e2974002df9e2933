/**
 * Looking at and steering a run while it is under way, through the real client.
 */
import { reportFromHistory } from '../../src/cli/reportSource';
import { WorkflowFailedError, WorkflowUpdateFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import type { ResearchProgress } from '../../src/domain/types';
import { progressQuery, setBudgetUpdate } from '../../src/workflows/definitions';
import { type Bench, startBench } from '../harness/research';

describe('a run under way', () => {
  let bench: Bench;
  beforeAll(async () => {
    // A model that takes its time, so the run is still going while we talk to it.
    bench = await startBench({ world: { llmLatencyMs: 400 } });
  });
  afterAll(() => bench?.close());

  it('answers its progress, takes a new budget, refuses a nonsensical one, and finishes', async () => {
    const handle = await bench.start('solid-state batteries');
    let progress: ResearchProgress = await handle.query(progressQuery);
    expect(progress.maxBudgetUsd).toBe(bench.settings.maxBudgetUsd);
    expect(['keywords', 'search', 'plan']).toContain(progress.stage);

    progress = await handle.executeUpdate(setBudgetUpdate, { args: [2.5] });
    expect(progress.maxBudgetUsd).toBe(2.5);
    await expect(handle.executeUpdate(setBudgetUpdate, { args: [-1] })).rejects.toThrow(WorkflowUpdateFailedError);

    await handle.result();
    const done = await handle.query(progressQuery);
    expect(done).toMatchObject({ stage: 'done', maxBudgetUsd: 2.5, stoppedByBudget: false });
    expect(done.pagesSummarized).toBeGreaterThan(0);
    expect(done.costUsd).toBeGreaterThan(0);
  });

  it('fails at once, saying why, when started with invalid input by another client', async () => {
    const handle = await bench.start('solid-state batteries', { reportWords: 5 });
    const error = await handle.result().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect((error as WorkflowFailedError).cause?.message).toMatch(/invalid research input: settings\.reportWords must be a whole number of words/);
  });

  it('when cancelled, stops reading, still writes its report from what it gathered, and ends Cancelled', async () => {
    const handle = await bench.start('tensorflow vs pytorch', { maxParallelPages: 1 });
    for (let i = 0; i < 300 && (await handle.query(progressQuery)).pagesSummarized < 1; i++) await new Promise((r) => setTimeout(r, 100));
    await handle.cancel();
    const error = await handle.result().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect((error as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    const description = await handle.describe();
    expect(description.status.name).toBe('CANCELLED');
    const report = (await reportFromHistory(await handle.fetchHistory()))!.markdown;
    expect(report).toContain('**Cancelled:**');
    expect(report).toMatch(/\[1\] \*/); // cites what it had read
    expect(report).toMatch(/cancelled: not (read|finished): the run was cancelled/);
  });
});
