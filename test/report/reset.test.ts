/**
 * A reset run of a finished research (Temporal's "reset": same workflow ID, new run ID) is saved as its own
 * report next to the first one (by the command that follows it), on the real Temporal server; it never takes
 * the first run's file, and saving the first run's report again finds its file.
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { saveReport } from '../../src/cli/report';
import { researchWorkflow } from '../../src/workflows/research';
import { runMarker } from '../../src/report/runMarker';
import { type Bench, startBench } from '../harness/research';

describe('a reset run', () => {
  let bench: Bench;
  beforeAll(async () => {
    bench = await startBench();
  });
  afterAll(() => bench?.close());

  it('writes a new report file and leaves the first run\'s report as it was', async () => {
    const { handle, result } = await bench.run('tensorflow vs pytorch');
    const firstRunId = (await handle.describe()).runId;
    const save = (markdown: string) => saveReport(bench.outputDir, result.topic, handle.workflowId, { markdown, words: 0 });
    const firstPath = await save(result.report.markdown);
    const firstReport = await fs.readFile(firstPath, 'utf8');

    const history = await handle.fetchHistory();
    const firstTask = history.events!.find((e) => e.workflowTaskCompletedEventAttributes)!;
    const { runId: resetRunId } = await bench.client.workflowService.resetWorkflowExecution({
      namespace: 'default',
      workflowExecution: { workflowId: handle.workflowId, runId: firstRunId },
      workflowTaskFinishEventId: firstTask.eventId,
      reason: 'test: run again from the start',
      requestId: randomUUID(),
    });
    expect(resetRunId).toBeTruthy();
    expect(resetRunId).not.toBe(firstRunId);
    const again = await bench.client.workflow.getHandle<typeof researchWorkflow>(handle.workflowId, resetRunId!).result();

    const secondPath = await save(again.report.markdown);
    expect(secondPath).not.toBe(firstPath);
    expect(await save(result.report.markdown)).toBe(firstPath);
    expect(await fs.readFile(firstPath, 'utf8')).toBe(firstReport);
    const secondReport = await fs.readFile(secondPath, 'utf8');
    expect(firstReport.trimEnd().endsWith(runMarker({ workflowId: handle.workflowId, runId: firstRunId }))).toBe(true);
    expect(secondReport.trimEnd().endsWith(runMarker({ workflowId: handle.workflowId, runId: resetRunId! }))).toBe(true);
    expect((await fs.readdir(bench.outputDir)).filter((f) => f.endsWith('.md')).sort()).toEqual(['tensorflow-vs-pytorch-2.md', 'tensorflow-vs-pytorch.md']);
  });
});
