/**
 * A worker's Prometheus metrics, scraped as Prometheus would from `npm run worker` (its own process, with
 * WORKER_METRICS_PORT) during and after a real run on the real server: pages, tokens and cost are counted
 * while the run reads, the totals equal what the run's result says it paid (by stage), the runs' outcomes
 * and the SDK's own metrics are served on the same port, and the shipped Grafana dashboard asks only for
 * metric names the worker serves.
 */
import type { ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../../src/config';
import { STAGES } from '../../src/domain/types';
import { METRIC } from '../../src/metrics/research';
import { progressQuery } from '../../src/workflows/definitions';
import { researchWorkflow, type ResearchWorkflowInput } from '../../src/workflows/research';
import { type OfflineWorld, startOfflineWorld } from '../../offline/world';
import { temporalAddress } from '../harness/research';
import { startWorkerProcess, stopWorkerProcesses, until } from '../harness/workerProcess';

const DASHBOARD = path.join(__dirname, '..', '..', 'deploy', 'grafana', 'research-dashboard.json');

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The Prometheus text format's samples (the comments and blank lines skipped). */
function samples(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[key] = value;
    out.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return out;
}

function total(all: Sample[], name: string, where: Record<string, string> = {}): number {
  return all.filter((s) => s.name === name && Object.entries(where).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);
}

/** Two free ports in a row: ours, and the SDK's exporter on the next one. */
async function freePortPair(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (server.address() as net.AddressInfo).port;
        server.close(() => resolve(p));
      });
    });
    if (port >= 65_534) continue;
    const nextFree = await new Promise<boolean>((resolve) => {
      const server = net.createServer().once('error', () => resolve(false));
      server.listen(port + 1, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (nextFree) return port;
  }
}

/** The metric names a dashboard's queries use (histogram series named with their _bucket/_sum/_count). */
function dashboardMetricNames(dashboard: unknown): string[] {
  const exprs: string[] = [];
  const queue: unknown[] = [dashboard];
  while (queue.length > 0) {
    const node = queue.pop();
    if (Array.isArray(node)) queue.push(...node);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'expr' && typeof value === 'string') exprs.push(value);
        else queue.push(value);
      }
    }
  }
  const names = new Set<string>();
  for (const expr of exprs) {
    // Label matchers and their values, durations and strings are not metric names.
    const bare = expr.replace(/\{[^}]*\}/g, '').replace(/"[^"]*"/g, '').replace(/\[[^\]]*\]/g, '');
    for (const [name] of bare.matchAll(/\b(?:research|temporal|nodejs|process)_[a-zA-Z0-9_:]*/g)) names.add(name);
  }
  return [...names].sort();
}

describe('worker metrics', () => {
  let world: OfflineWorld;
  let client: Client;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    // Answers slow enough that a scrape lands while pages are being read.
    world = await startOfflineWorld({ llmLatencyMs: 400 });
    client = new Client({ connection: await Connection.connect({ address: temporalAddress() }) });
  });
  afterAll(async () => {
    await stopWorkerProcesses(workers);
    await client?.connection.close();
    await world?.close();
  });

  it('counts pages, tokens and cost while a run reads, equal to what the run paid; serves the SDK\'s metrics too; the dashboard uses only served names', async () => {
    const taskQueue = `metrics-${Date.now().toString(36)}`;
    const port = await freePortPair();
    const env = {
      ...world.env,
      TEMPORAL_ADDRESS: temporalAddress(),
      TEMPORAL_TASK_QUEUE: taskQueue,
      RESEARCH_CACHE_DIR: 'off',
      RESEARCH_LLM_RPS: '50',
      WORKER_METRICS_PORT: String(port),
    };
    const url = `http://127.0.0.1:${port}/metrics`;
    const scrape = async () => {
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      return response.text();
    };
    workers.push(startWorkerProcess(env));
    await until(async () => (await fetch(url)).ok, 60_000);

    const settings = loadConfig(env).research;
    const input: ResearchWorkflowInput = { topic: 'tensorflow vs pytorch', settings };
    const handle = await client.workflow.start(researchWorkflow, { taskQueue, workflowId: `${taskQueue}-run`, args: [input] });

    // During the run: pages read, tokens and cost counted by stage and model.
    await until(async () => (await handle.query(progressQuery)).pagesSummarized >= 2, 120_000);
    const during = samples(await scrape());
    expect((await handle.describe()).status.name).toBe('RUNNING');
    expect(total(during, METRIC.pages, { outcome: 'read' })).toBeGreaterThanOrEqual(2);
    expect(total(during, METRIC.modelTokens, { stage: 'browse', model: settings.model })).toBeGreaterThan(0);
    expect(total(during, METRIC.costUsd, { stage: 'browse' })).toBeGreaterThan(0);
    expect(total(during, METRIC.modelCalls, { stage: 'keywords', outcome: 'answered' })).toBeGreaterThanOrEqual(1);
    expect(total(during, `${METRIC.modelLatency}_count`, { stage: 'browse' })).toBeGreaterThanOrEqual(2);
    expect(total(during, METRIC.runsStarted, { workflowType: 'researchWorkflow', taskQueue })).toBe(1);

    const result = await handle.result();
    const text = await scrape();
    const after = samples(text);
    // What the worker counted is what the run paid: tokens and cost, stage by stage.
    for (const stage of STAGES) {
      const paid = result.cost.stages[stage];
      expect(total(after, METRIC.modelTokens, { stage, kind: 'prompt' })).toBe(paid.promptTokens);
      expect(total(after, METRIC.modelTokens, { stage, kind: 'completion' })).toBe(paid.completionTokens);
      expect(total(after, METRIC.costUsd, { stage })).toBeCloseTo(paid.costUsd, 9);
    }
    expect(total(after, METRIC.costUsd)).toBeGreaterThan(0);
    // Every page the run ended with, by outcome.
    const read = result.pages.filter((p) => p.status === 'summarized').length;
    expect(total(after, METRIC.pages, { outcome: 'read' })).toBe(read);
    expect(total(after, METRIC.pages)).toBe(result.pages.length);
    for (const page of result.pages.filter((p) => p.status !== 'summarized')) {
      expect(total(after, METRIC.pages, { outcome: 'skipped', reason: page.status })).toBeGreaterThanOrEqual(1);
    }
    expect(total(after, METRIC.rateLimitWaits, { kind: 'llm' })).toBe(total(after, METRIC.modelCalls));
    // The run's outcome, recorded by the workflow through the SDK's meter, and the SDK's own metrics, on the same port.
    expect(total(after, METRIC.runsFinished, { workflowType: 'researchWorkflow', outcome: 'completed', taskQueue })).toBe(1);
    expect(after.some((s) => s.name.startsWith('temporal_') && s.name.includes('activity'))).toBe(true);
    expect(total(after, 'temporal_worker_task_slots_available', { worker_type: 'ActivityWorker', task_queue: taskQueue })).toBeGreaterThan(0);
    // No topic, query or URL in any label.
    expect(text).not.toMatch(/tensorflow|https?:\/\/127\./);

    // The dashboard asks for names this worker serves, and for every research metric.
    const served = new Set(after.map((s) => s.name));
    const used = dashboardMetricNames(JSON.parse(await fs.readFile(DASHBOARD, 'utf8')));
    expect(used.filter((name) => !served.has(name))).toEqual([]);
    for (const name of [...Object.values(METRIC)]) expect(used.some((u) => u.startsWith(name))).toBe(true);
    expect(used.some((u) => u.startsWith('temporal_'))).toBe(true);
  }, 240_000);
});
