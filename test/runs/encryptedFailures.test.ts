/**
 * With encryption keys, a failure the workflow raises itself (here: every search failed, whose message lists
 * the searches, words of the topic) is sealed like every payload: the raw history holds no topic word in it,
 * and the owner still reads the message. Workflow code converts its own failures inside the workflow bundle,
 * so the worker's option alone never reached them (the bundle must carry the converter).
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../../src/config';
import { startOfflineWorld } from '../../offline/world';
import { clientDataConverter } from '../../src/temporal/dataConverter';
import { loadKeyRing } from '../../src/temporal/encryption';
import { buildActivityDeps, createResearchWorker } from '../../src/worker';
import { researchWorkflow, type ResearchWorkflowInput } from '../../src/workflows/research';
import { historyText } from '../harness/historyText';
import { temporalAddress } from '../harness/research';

jest.setTimeout(180_000);

it("a failure raised by the workflow is encrypted in history, and its owner reads it", async () => {
  const dir = await fs.mkdtemp(path.join(process.env.TEST_TMP_DIR ?? '/tmp', 'sealed-'));
  const keyFile = path.join(dir, 'owner.keys');
  await fs.writeFile(keyFile, `k1 ${randomBytes(32).toString('base64')}\n`);
  const ring = loadKeyRing(keyFile);
  const world = await startOfflineWorld();
  // Every search answers 500, every time: the run ends "every search failed", naming each search.
  world.search.setFaults({ status: 500, times: 10_000 });
  const taskQueue = `sealed-${process.pid}-${Date.now().toString(36)}`;
  const config = loadConfig({ TEMPORAL_ADDRESS: temporalAddress(), TEMPORAL_TASK_QUEUE: taskQueue, RESEARCH_CACHE_DIR: 'off' });
  const workerConnection = await NativeConnection.connect({ address: temporalAddress() });
  // No bundle given: the worker picks the one for its settings, as `npm run worker` does.
  const worker = await createResearchWorker({ connection: workerConnection, namespace: 'default', taskQueue, deps: buildActivityDeps(config, world), encryption: ring });
  const running = worker.run();
  const connection = await Connection.connect({ address: temporalAddress() });
  try {
    const owner = new Client({ connection, dataConverter: clientDataConverter(ring) });
    const input: ResearchWorkflowInput = { topic: 'tensorflow vs pytorch', settings: { ...config.research, depth: 1 } };
    const handle = await owner.workflow.start(researchWorkflow, { taskQueue, workflowId: `${taskQueue}-run`, args: [input] });
    const failure = await handle.result().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    // The owner reads the message, searches and all.
    const message = String((failure as WorkflowFailedError).cause?.message);
    expect(message).toMatch(/^every search failed, nothing to research\./);
    expect(message.toLowerCase()).toMatch(/tensorflow|pytorch/);

    // Anyone else, reading the raw history: the failure is there, its words are not.
    const raw = await new Client({ connection }).workflow.getHandle(handle.workflowId).fetchHistory();
    const failed = raw.events!.find((e) => e.workflowExecutionFailedEventAttributes)!.workflowExecutionFailedEventAttributes!;
    expect(failed.failure?.message).toBe('Encoded failure');
    const text = historyText(raw).toLowerCase();
    expect(text).toContain('encoded failure');
    for (const word of ['tensorflow', 'pytorch', 'every search failed']) expect(text).not.toContain(word);
  } finally {
    worker.shutdown();
    await running;
    await workerConnection.close();
    await connection.close();
    await world.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
});
