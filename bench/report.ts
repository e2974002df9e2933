/**
 * Report-stage benchmark: `npx tsx bench/report.ts`.
 *
 * Runs whole research runs on a throwaway Temporal dev server against the offline world with a
 * token-latency stand-in model (first token 0.4 s, then 120 tokens/s), and prints:
 * - the report stage's wall time in sections mode (from the run's history: plan scheduled → run closed),
 *   against one call writing the same text (0.4 s + all the report calls' output tokens at 120 tokens/s),
 *   and against a measured one-call (`single`) report stage;
 * - the length error: words written against --words, for several targets (aim: 0 to +25%).
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { loadConfig } from '../src/config';
import type { ResearchSettings } from '../src/domain/types';
import { freePort, startDevServer } from '../src/temporal/devServer';
import { buildActivityDeps, createResearchWorker } from '../src/worker';
import { researchWorkflow } from '../src/workflows/research';
import { startOfflineWorld } from '../offline/world';

const FIRST_TOKEN_MS = 400;
const TOKENS_PER_SECOND = 120;
const TOPIC = 'tensorflow vs pytorch';

function ms(t: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  return Number(t?.seconds ?? 0) * 1000 + (t?.nanos ?? 0) / 1e6;
}

/** Wall time of the report stage, from its first activity's scheduling to the run's close. */
async function reportStageMs(handle: WorkflowHandle): Promise<number> {
  const events = (await handle.fetchHistory()).events ?? [];
  const first = events.find((e) => ['planReport', 'writeReport'].includes(e.activityTaskScheduledEventAttributes?.activityType?.name ?? ''));
  return ms(events[events.length - 1].eventTime) - ms(first?.eventTime);
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-report-'));
  const server = await startDevServer({ port: await freePort(), logFile: path.join(tmp, 'temporal.log'), startTimeoutMs: 90_000 });
  const world = await startOfflineWorld({ llmLatencyMs: FIRST_TOKEN_MS, llmTokenDelayMs: 1000 / TOKENS_PER_SECOND, slowPageDelayMs: 8_000 });
  const taskQueue = `bench-report-${Date.now().toString(36)}`;
  const config = loadConfig({ ...world.env, TEMPORAL_ADDRESS: server.address, TEMPORAL_TASK_QUEUE: taskQueue, RESEARCH_OUTPUT_DIR: tmp, RESEARCH_CACHE_DIR: 'off', FETCH_TIMEOUT_MS: '4000' });
  const workerConnection = await NativeConnection.connect({ address: server.address });
  const worker = await createResearchWorker({ connection: workerConnection, namespace: 'default', taskQueue, deps: buildActivityDeps(config, world) });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });

  const run = async (overrides: Partial<ResearchSettings>) => {
    world.llm.resetStats();
    const handle = await client.workflow.start(researchWorkflow, {
      taskQueue,
      workflowId: `${taskQueue}-${Math.random().toString(36).slice(2, 8)}`,
      args: [{ topic: TOPIC, settings: { ...config.research, ...overrides } }],
    });
    const result = await handle.result();
    const reportCalls = world.llm.requests.filter((r) => r.stage.startsWith('report') && r.status === 200);
    const outputTokens = reportCalls.reduce((n, r) => n + r.completionTokens, 0);
    const byStage = reportCalls.map((r) => `${r.stage.replace('report_', '')}:${r.completionTokens}`).join(' ');
    // The stage's chain: each step lasts as long as its slowest call (sections run at once, and so do summary and conclusion).
    const slowest = (stage: string) => Math.max(0, ...reportCalls.filter((r) => r.stage === stage).map((r) => r.answeredAt - r.receivedAt));
    const chain = { plan: slowest('report_plan'), section: slowest('report_section'), more: slowest('report_section_more'), framing: slowest('report_framing') };
    const stageMs = await reportStageMs(handle);
    const steps = `${Object.entries(chain)
      .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
      .join(' → ')}; the rest (activities, assembly) ${((stageMs - Object.values(chain).reduce((a, b) => a + b, 0)) / 1000).toFixed(1)} s`;
    return { words: result.report.words, stageMs, outputTokens, calls: reportCalls.length, byStage, steps };
  };

  await worker.runUntil(async () => {
    const words = 2000;
    const sections = await run({ reportWords: words });
    const oneCallSameText = FIRST_TOKEN_MS + (sections.outputTokens / TOKENS_PER_SECOND) * 1000;
    const single = await run({ reportWords: words, reportMode: 'single' });
    console.log(`Token-latency stand-in: first token ${FIRST_TOKEN_MS} ms, ${TOKENS_PER_SECOND} tokens/s. Topic "${TOPIC}", --words ${words}.`);
    console.log(
      `sections: report stage ${(sections.stageMs / 1000).toFixed(1)} s, ${sections.calls} calls, ${sections.outputTokens} output tokens, ${sections.words} words`,
    );
    console.log(`  calls (output tokens): ${sections.byStage}`);
    console.log(`  critical path: ${sections.steps}`);
    console.log(`one call writing the same text: ${(oneCallSameText / 1000).toFixed(1)} s  →  ratio ${(sections.stageMs / oneCallSameText).toFixed(2)}× (target ≤ 0.4×)`);
    console.log(
      `single (measured, its own text): report stage ${(single.stageMs / 1000).toFixed(1)} s, ${single.outputTokens} output tokens, ${single.words} words  →  ratio ${(sections.stageMs / single.stageMs).toFixed(2)}×`,
    );
    console.log('\nLength error (sections mode; words written against --words; aim 0 to +25%), and the stage ratio at that length:');
    for (const target of [600, 1000, 2000, 3000]) {
      const r = target === words ? sections : await run({ reportWords: target });
      const error = (r.words - target) / target;
      const ratio = r.stageMs / (FIRST_TOKEN_MS + (r.outputTokens / TOKENS_PER_SECOND) * 1000);
      console.log(
        `  --words ${String(target).padStart(4)}: ${String(r.words).padStart(4)} words  ${error >= 0 ? '+' : ''}${(error * 100).toFixed(1)}%${error < 0 || error > 0.25 ? '  OUT OF RANGE' : ''}` +
          `   stage ${(r.stageMs / 1000).toFixed(1)} s, ratio ${ratio.toFixed(2)}× (${r.steps})`,
      );
    }
  });

  await connection.close();
  await workerConnection.close();
  await world.close();
  await server.stop();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
