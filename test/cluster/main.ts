/**
 * `npm run test:cluster`: the production-shaped stack on this machine (PostgreSQL, the Temporal server
 * built from its module, two compiled workers, the offline world as its own process), ten offline
 * research runs at once, one worker SIGKILLed mid-run and the server restarted once. Checks that every
 * run completes with its report retrievable from the server and that no answered model call was made
 * again beyond the calls in flight at the two crashes, with the shared model rate limit (RESEARCH_LLM_RPS)
 * holding throughout. Prints "N passed, N failed"; stops all it started.
 * `--measure`: no crashes; runs per minute with one worker, then with two.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../../src/config';
import { peakInWindow } from '../../src/ratelimit/schedule';
import type { ResearchResult } from '../../src/domain/types';
import { SEARCH_ATTRIBUTES, WORKFLOW_TYPE } from '../../src/workflows/definitions';
import type { ResearchWorkflowInput } from '../../src/workflows/research';
import { type ProxiedRequest, repeatedCalls, startLlmProxy } from './llmProxy';
import { type Proc, start, until } from './processes';
import { registerNamespace, ROOT, setupSchema, startPostgres, temporalServer, writeServerConfig } from './stack';
import { startWorldProcess } from './world';

const NAMESPACE = 'default';
const RUNS = 10;
const LLM_RPS = 5;
const TOPICS = ['tensorflow vs pytorch', 'solid-state batteries', 'remote work productivity'];
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const say = (line: string) => console.log(`[cluster] ${line}`);

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

async function main(): Promise<number> {
  const measure = process.argv.includes('--measure');
  const began = Date.now();
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'cluster-test-'));
  await fs.chmod(tmp, 0o755); // PostgreSQL runs as its own user and must reach its folders
  const stops: (() => Promise<void>)[] = [];
  const checks: Check[] = [];
  try {
    const pg = await startPostgres(tmp);
    stops.push(() => pg.stop());
    await setupSchema(pg.port);
    const { configDir, frontendPort } = await writeServerConfig(tmp, pg.port);
    const server = temporalServer(tmp, configDir, frontendPort);
    stops.push(() => server.stop());
    await server.start();
    await registerNamespace(server.address, NAMESPACE);
    say(`PostgreSQL on ${pg.port}, Temporal server ${server.address}, schema and namespace set up in ${seconds(Date.now() - began)}`);
    const world = await startWorldProcess(tmp);
    stops.push(() => world.proc.stop());
    const proxy = await startLlmProxy(world.env.OPENAI_BASE_URL);
    stops.push(() => proxy.close());
    const env = (taskQueue: string): Record<string, string> => ({
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmp,
      ...world.env,
      OPENAI_BASE_URL: proxy.baseUrl,
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_NAMESPACE: NAMESPACE,
      TEMPORAL_TASK_QUEUE: taskQueue,
      RESEARCH_OUTPUT_DIR: path.join(tmp, 'reports'),
      RESEARCH_CACHE_DIR: 'off',
      FETCH_TIMEOUT_MS: '4000',
      WORKER_SHUTDOWN_GRACE_MS: '10000',
      // The shared limiter in the loop (through the crash and the restart), generous enough not to slow the runs.
      ...(measure ? {} : { RESEARCH_LLM_RPS: String(LLM_RPS) }),
    });
    let workerCount = 0;
    const startWorker = async (taskQueue: string): Promise<Proc> => {
      const name = `worker-${++workerCount}`;
      const logFile = path.join(tmp, `${name}.log`);
      // What `npm start` runs, without npm in between so signals reach the worker itself.
      const proc = start(name, process.execPath, ['dist/src/worker.js'], { cwd: ROOT, env: env(taskQueue), logFile });
      stops.push(() => proc.stop());
      await until(`${name} polling`, async () => (await fs.readFile(logFile, 'utf8')).includes('Worker polling'), 60_000);
      return proc;
    };
    const client = new Client({ connection: await Connection.connect({ address: server.address }), namespace: NAMESPACE });
    stops.push(() => client.connection.close());
    const startRuns = (taskQueue: string, tag: string) =>
      Promise.all(
        Array.from({ length: RUNS }, (_, i) => {
          // Distinct topics: the same request twice at the model then means the same call made again.
          const topic = `${TOPICS[i % TOPICS.length]} ${tag}${i + 1}`;
          const input: ResearchWorkflowInput = { topic, settings: loadConfig(env(taskQueue)).research, searchAttributes: true };
          return client.workflow.start(WORKFLOW_TYPE, {
            taskQueue,
            workflowId: `cluster-${tag}${i + 1}-${Date.now().toString(36)}`,
            args: [input],
            typedSearchAttributes: [{ key: SEARCH_ATTRIBUTES.topic.key, value: topic }],
          });
        }),
      );

    if (measure) {
      for (const workers of [1, 2]) {
        const taskQueue = `cluster-measure-${workers}`;
        const procs = await Promise.all(Array.from({ length: workers }, () => startWorker(taskQueue)));
        const t = Date.now();
        const handles = await startRuns(taskQueue, `m${workers}-`);
        await Promise.all(handles.map((h) => h.result()));
        const ms = Date.now() - t;
        say(`${workers} worker(s): ${RUNS} runs in ${seconds(ms)} = ${((RUNS * 60_000) / ms).toFixed(1)} runs per minute`);
        await Promise.all(procs.map((p) => p.stop()));
      }
      return 0;
    }

    const taskQueue = 'cluster-test';
    const [doomed, survivor] = [await startWorker(taskQueue), await startWorker(taskQueue)];
    say(`two compiled workers polling; starting ${RUNS} runs at once`);
    const handles = await startRuns(taskQueue, 'r');
    const answered = () => proxy.requests.filter((r) => r.status === 200).length;

    // Calls in flight: model activities started and not finished (each may have had its answer, not yet reported).
    const activitiesInFlight = async () => {
      const described = await Promise.all(handles.map((h) => h.describe().then((d) => d.raw.pendingActivities ?? [])));
      return described.flat().filter((a) => Number(a.state) === 2 /* STARTED */ && !/search/i.test(a.activityType?.name ?? '')).length;
    };
    await until('runs well under way', () => answered() >= 40, 180_000);
    const inFlightAtKill = await activitiesInFlight();
    const killedAt = Date.now();
    await doomed.stop('SIGKILL');
    say(`SIGKILLed a worker with ${inFlightAtKill} activities in flight on the two workers (${answered()} model calls answered so far)`);

    await until('runs continue on the other worker', () => answered() >= 60, 180_000);
    const inFlightAtRestart = await activitiesInFlight();
    const down = Date.now();
    await server.stop();
    await server.start();
    say(`Temporal server restarted in ${seconds(Date.now() - down)} (${inFlightAtRestart} activities in flight)`);
    await startWorker(taskQueue);

    const results = await Promise.allSettled(handles.map((h) => client.workflow.getHandle(h.workflowId).result() as Promise<ResearchResult>));
    const completed = results.filter((r): r is PromiseFulfilledResult<ResearchResult> => r.status === 'fulfilled').map((r) => r.value);
    checks.push({
      name: 'every run completed',
      ok: completed.length === RUNS,
      detail: `${completed.length}/${RUNS}${results.map((r) => (r.status === 'rejected' ? `; ${String(r.reason)}` : '')).join('')}`,
    });
    const reports = await Promise.all(completed.map(reportOf));
    const readable = reports.filter((r) => r.includes('## References')).length;
    checks.push({ name: 'every report retrievable', ok: readable === RUNS, detail: `${readable}/${RUNS} with references` });
    const researched = completed.filter((r) => r.pages.some((p) => p.status === 'summarized')).length;
    checks.push({ name: 'every run read pages', ok: researched === RUNS, detail: `${researched}/${RUNS}` });
    const repeats = repeatedCalls(proxy.requests);
    const allowance = inFlightAtKill + inFlightAtRestart;
    checks.push({ name: 'no answered model call repeated beyond those in flight', ok: repeats.length <= allowance, detail: `${repeats.length} repeated (${describe(repeats, killedAt)}), ${allowance} were in flight` });
    // Slots are 1000/rps apart and taken at most half a slot late: one second holds at most rps + 1.
    const peak = peakInWindow(proxy.requests.map((r) => r.atMs), 1000);
    checks.push({ name: 'the shared model rate limit held across workers, crash and restart', ok: peak <= LLM_RPS + 1, detail: `busiest second: ${peak} requests at RESEARCH_LLM_RPS=${LLM_RPS}` });
    const redone = repeats.filter((r) => r.atMs >= killedAt).map((r) => r.atMs - killedAt);
    if (redone.length > 0) say(`the killed worker's unfinished calls were made again by the other worker ${seconds(Math.min(...redone))}–${seconds(Math.max(...redone))} after the SIGKILL`);

    const stopped = Date.now();
    await survivor.stop('SIGTERM');
    checks.push({ name: 'a worker stops cleanly on SIGTERM', ok: survivor.child.exitCode === 0, detail: `exit ${survivor.child.exitCode} after ${seconds(Date.now() - stopped)}` });
    return checks.every((c) => c.ok) ? 0 : 1;
  } catch (err) {
    checks.push({ name: 'cluster scenario', ok: false, detail: err instanceof Error ? err.message : String(err) });
    return 1;
  } finally {
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => say(`cleanup: ${String(err)}`));
    for (const c of checks) say(`${c.ok ? 'PASS' : 'FAIL'} ${c.name}: ${c.detail}`);
    if (checks.some((c) => !c.ok) || process.env.CLUSTER_KEEP_TMP) say(`logs kept in ${tmp}`);
    else await fs.rm(tmp, { recursive: true, force: true });
    say(`took ${seconds(Date.now() - began)}`);
    if (!measure) console.log(`${checks.filter((c) => c.ok).length} passed, ${checks.filter((c) => !c.ok).length} failed`);
  }
}

/** The report as the server returns it in the run's result. */
async function reportOf(result: ResearchResult): Promise<string> {
  return result.report.markdown;
}

function describe(requests: ProxiedRequest[], killedAt: number): string {
  return requests.map((r) => `${r.label} at ${r.atMs >= killedAt ? '+' : ''}${seconds(r.atMs - killedAt)}`).join(', ') || 'none';
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
