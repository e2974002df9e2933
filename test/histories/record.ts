/**
 * Records the histories the replay test checks the workflow code against: representative runs (normal,
 * budget-cut, cancelled, reviewed, with retries, reset, one with a follow-up round) on a real dev server with the offline world.
 * A deliberate step, done when the workflow's shape changes on purpose (review the diff of this folder):
 *   npx tsx test/histories/record.ts [name ...]      (names: all by default)
 * A change that alters the command sequence of existing runs needs `patched()` instead: these histories
 * must keep replaying.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode } from '@temporalio/worker';
import { reset } from '../../src/cli/reset';
import { freePort, startDevServer } from '../../src/temporal/devServer';
import { WORKFLOWS_PATH } from '../../src/worker';
import { reviewUpdate, shortlistQuery, progressQuery } from '../../src/workflows/definitions';
import type { researchWorkflow } from '../../src/workflows/research';

const TOPIC = 'solid-state batteries';
const OUT = __dirname;

async function until(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function main(): Promise<void> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'record-histories-'));
  const server = await startDevServer({ port: await freePort(), logFile: path.join(tmp, 'temporal.log') });
  const bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH });
  process.env.TEST_TEMPORAL_ADDRESS = server.address;
  process.env.TEST_WORKFLOW_BUNDLE = path.join(tmp, 'bundle.js');
  process.env.TEST_TMP_DIR = tmp;
  await fs.writeFile(process.env.TEST_WORKFLOW_BUNDLE, bundle.code);
  const { startBench } = await import('../harness/research');
  const bench = await startBench({ env: { RESEARCH_CACHE_DIR: path.join(tmp, 'cache') } });
  const wanted = process.argv.slice(2);
  const want = (name: string) => wanted.length === 0 || wanted.includes(name);
  const save = async (name: string, workflowId: string) => {
    const history = await bench.client.workflow.getHandle(workflowId).fetchHistory();
    await fs.writeFile(path.join(OUT, `${name}.json`), `${historyToJSON(history)}\n`);
    console.log(`${name}: ${history.events?.length} events`);
  };
  try {
    // One pass: the representative runs keep the shape they were recorded with (rounds have their own history).
    const small = { reportWords: 300, reportMode: 'single' as const, depth: 1 };
    if (want('sectioned')) await save('sectioned', (await bench.run(TOPIC, { reportWords: 600, reportMode: 'sections', depth: 1 })).handle.workflowId);
    // A follow-up round: the gap analysis and the round's child workflow in the parent's history.
    if (want('rounds')) await save('rounds', (await bench.run(TOPIC, { reportWords: 300, depth: 2 })).handle.workflowId);
    if (wanted.length > 0 && !wanted.some((w) => w !== 'sectioned' && w !== 'rounds')) return;
    const normal = await bench.run(TOPIC, small);
    await save('normal', normal.handle.workflowId);

    const cut = normal.result.cost.total.costUsd - normal.result.cost.stages.browse.costUsd / 2;
    await save('budget-cut', (await bench.run(TOPIC, { ...small, maxBudgetUsd: cut })).handle.workflowId);

    bench.world.llm.setFaults([
      { kind: 'server_error', stage: 'page_summary', times: 1 },
      { kind: 'malformed_json', stage: 'ranked_results', times: 1 },
    ]);
    await save('with-retries', (await bench.run(TOPIC, small)).handle.workflowId);
    bench.world.llm.clearFaults();

    const cancelled = await bench.start(TOPIC, { ...small, maxParallelPages: 1 });
    await until(async () => (await cancelled.query(progressQuery)).pagesDone >= 1);
    await cancelled.cancel();
    await cancelled.result().catch(() => undefined);
    await save('cancelled', cancelled.workflowId);

    const reviewed = await bench.start(TOPIC, { ...small, review: true });
    await until(async () => (await reviewed.query(shortlistQuery)).waiting);
    await reviewed.executeUpdate(reviewUpdate, { args: [{ drop: [1], addQueries: ['solid electrolyte manufacturing cost'] }] });
    await reviewed.result();
    await save('reviewed', reviewed.workflowId);

    process.env.TEMPORAL_ADDRESS = server.address;
    await reset([normal.handle.workflowId, '--to', 'report']);
    await bench.client.workflow.getHandle<typeof researchWorkflow>(normal.handle.workflowId).result();
    await save('reset', normal.handle.workflowId);
  } finally {
    await bench.close();
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
