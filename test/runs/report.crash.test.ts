/**
 * A worker process killed (SIGKILL) between sections of the report, another one started: the report is
 * finished, and the sections that had completed before the crash are not written (or paid for) again.
 */
import type { ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { loadConfig } from '../../src/config';
import { type OfflineWorld, startOfflineWorld } from '../../offline/world';
import { researchWorkflow, type ResearchWorkflowInput } from '../../src/workflows/research';
import { temporalAddress } from '../harness/research';
import { startWorkerProcess, stopWorkerProcesses, until } from '../harness/workerProcess';

/** The first-write section activities in the run's history: how many were scheduled and how many completed. */
async function sectionActivities(handle: WorkflowHandle): Promise<{ scheduled: number; completed: number }> {
  const events = (await handle.fetchHistory()).events ?? [];
  const sections = new Set<string>();
  for (const e of events) {
    const s = e.activityTaskScheduledEventAttributes;
    if (s?.activityType?.name !== 'writeSection') continue;
    const input = defaultPayloadConverter.fromPayload<{ extend?: unknown }>(s.input!.payloads![0]);
    if (!input.extend) sections.add(String(e.eventId));
  }
  const completed = events.filter((e) => sections.has(String(e.activityTaskCompletedEventAttributes?.scheduledEventId ?? ''))).length;
  return { scheduled: sections.size, completed };
}

describe('a worker killed between sections of the report', () => {
  let world: OfflineWorld;
  let client: Client;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    // Answers take time by their length, so sections of different lengths finish at different times.
    world = await startOfflineWorld({ llmTokenDelayMs: 12, slowPageDelayMs: 8_000 });
    client = new Client({ connection: await Connection.connect({ address: temporalAddress() }) });
  });
  afterAll(async () => {
    await stopWorkerProcesses(workers);
    await client?.connection.close();
    await world?.close();
  });

  it('does not pay again for the sections finished before the crash', async () => {
    const taskQueue = `report-crash-${Date.now().toString(36)}`;
    const outputDir = await fs.mkdtemp(path.join(process.env.TEST_TMP_DIR ?? '/tmp', 'report-crash-'));
    const env = { ...world.env, TEMPORAL_ADDRESS: temporalAddress(), TEMPORAL_TASK_QUEUE: taskQueue, RESEARCH_OUTPUT_DIR: outputDir, FETCH_TIMEOUT_MS: '4000', RESEARCH_CACHE_DIR: 'off' };
    const settings = { ...loadConfig(env).research, reportWords: 900 };
    const input: ResearchWorkflowInput = { topic: 'tensorflow vs pytorch', settings };
    const handle = await client.workflow.start(researchWorkflow, { taskQueue, workflowId: `${taskQueue}-run`, args: [input] });

    const first = startWorkerProcess(env);
    workers.push(first);
    await until(async () => {
      const s = await sectionActivities(handle);
      return s.completed >= 1 && s.completed < s.scheduled;
    }, 150_000);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    // A completion the worker sent just before it died may land on a loaded server a moment later: the
    // history at the crash is the one that no longer changes.
    const atCrash = await settledSections(handle);
    const callsAtCrash = sectionCalls(world);

    workers.push(startWorkerProcess(env));
    const result = await handle.result();
    const atEnd = await sectionActivities(handle);

    expect(result.report.markdown).toContain('## Conclusion');
    expect(atCrash.completed).toBeGreaterThanOrEqual(1);
    expect(atEnd.completed).toBe(atCrash.scheduled);
    // After the restart, only the sections not finished at the crash were written: one call each.
    expect(sectionCalls(world) - callsAtCrash).toBe(atCrash.scheduled - atCrash.completed);
    expect(world.llm.requests.filter((r) => r.stage === 'report_plan' && r.status === 200)).toHaveLength(1);
  }, 240_000);
});

async function settledSections(handle: WorkflowHandle): Promise<{ scheduled: number; completed: number }> {
  let last = await sectionActivities(handle);
  for (let i = 0; i < 10; i++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = await sectionActivities(handle);
    if (now.scheduled === last.scheduled && now.completed === last.completed) return now;
    last = now;
  }
  return last;
}

function sectionCalls(world: OfflineWorld): number {
  return world.llm.requests.filter((r) => r.stage === 'report_section' && r.status === 200).length;
}
