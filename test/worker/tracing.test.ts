/**
 * OpenTelemetry tracing of a worker (WORKER_OTEL_ENDPOINT), from `npm run worker` in its own process during a
 * real run on the real server: the spans reach an OTLP/HTTP endpoint (a stand-in collector here), one run is
 * one trace (the workflow's span, the activities it scheduled, and each activity's run under its schedule),
 * and no topic or URL is on any span. Off, the worker sends nothing.
 */
import type { ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { cachedWorkflowBundle } from '../../src/build/workflowBundle';
import { workflowIdInHistory } from '../../src/cli/history';
import { loadConfig } from '../../src/config';
import { startWorkerTracing } from '../../src/metrics/tracing';
import { researchWorkflow, type ResearchWorkflowInput } from '../../src/workflows/research';
import { type OfflineWorld, startOfflineWorld } from '../../offline/world';
import { temporalAddress } from '../harness/research';
import { startWorkerProcess, stopWorkerProcesses, until } from '../harness/workerProcess';

interface Span {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  service?: string;
}

/** A stand-in OTLP/HTTP collector: keeps every span posted to /v1/traces (the JSON encoding). */
async function startCollector(): Promise<{ url: string; spans: Span[]; bodies: string[]; close(): Promise<void> }> {
  const spans: Span[] = [];
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/traces') {
        bodies.push(body);
        const payload = JSON.parse(body) as {
          resourceSpans: { resource?: { attributes?: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: Omit<Span, 'service'>[] }[] }[];
        };
        for (const rs of payload.resourceSpans) {
          const service = rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue;
          for (const ss of rs.scopeSpans) for (const s of ss.spans) spans.push({ name: s.name, traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parentSpanId || undefined, service });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1/traces`, spans, bodies, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('worker tracing (OpenTelemetry)', () => {
  let world: OfflineWorld;
  let client: Client;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    world = await startOfflineWorld();
    client = new Client({ connection: await Connection.connect({ address: temporalAddress() }) });
  });
  afterAll(async () => {
    await stopWorkerProcesses(workers);
    await client?.connection.close();
    await world?.close();
  });

  it('is off unless WORKER_OTEL_ENDPOINT is set, and that must be a URL', () => {
    expect(loadConfig({}).worker.tracing).toBeUndefined();
    expect(loadConfig({ WORKER_OTEL_ENDPOINT: 'http://collector:4318/v1/traces' }).worker.tracing).toEqual({ endpoint: 'http://collector:4318/v1/traces' });
    for (const bad of ['collector', 'ftp://collector/v1/traces']) {
      expect(() => loadConfig({ WORKER_OTEL_ENDPOINT: bad })).toThrow('WORKER_OTEL_ENDPOINT must be an OTLP/HTTP traces endpoint, such as http://localhost:4318/v1/traces');
    }
  });

  it('sends one trace per run: the workflow, the activities it scheduled, and each activity run under its schedule', async () => {
    const collector = await startCollector();
    try {
      const taskQueue = `tracing-${Date.now().toString(36)}`;
      const env = { ...world.env, TEMPORAL_ADDRESS: temporalAddress(), TEMPORAL_TASK_QUEUE: taskQueue, RESEARCH_CACHE_DIR: 'off', WORKER_OTEL_ENDPOINT: collector.url };
      workers.push(startWorkerProcess(env));
      const input: ResearchWorkflowInput = { topic: 'tensorflow vs pytorch', settings: loadConfig(env).research };
      const handle = await client.workflow.start(researchWorkflow, { taskQueue, workflowId: `${taskQueue}-run`, args: [input] });
      const result = await handle.result();
      const read = result.pages.filter((p) => p.status === 'summarized').length;
      expect(read).toBeGreaterThan(0);

      // Spans are sent in batches (every 5 s): wait for the workflow's own, which ends last.
      await until(async () => collector.spans.some((s) => s.name === 'RunWorkflow:researchWorkflow'), 60_000, 500);
      await until(async () => collector.spans.filter((s) => s.name === 'RunActivity:summarizePage').length >= read, 30_000, 500);
      const workflowSpan = collector.spans.find((s) => s.name === 'RunWorkflow:researchWorkflow')!;
      const trace = collector.spans.filter((s) => s.traceId === workflowSpan.traceId);
      const names = new Set(trace.map((s) => s.name));
      for (const name of ['StartActivity:generateKeywords', 'RunActivity:generateKeywords', 'StartActivity:summarizePage', 'RunActivity:summarizePage']) expect(names).toContain(name);
      // Each activity's run hangs under the span that scheduled it, in the same trace.
      const byId = new Map(trace.map((s) => [s.spanId, s]));
      const runs = trace.filter((s) => s.name.startsWith('RunActivity:'));
      expect(runs.length).toBeGreaterThanOrEqual(read);
      for (const run of runs) expect(byId.get(run.parentSpanId ?? '')?.name).toBe(run.name.replace('RunActivity:', 'StartActivity:'));
      expect(new Set(trace.map((s) => s.service))).toEqual(new Set(['research-worker']));
      // The user's topic and the pages' addresses stay off the spans.
      expect(collector.bodies.join('\n')).not.toMatch(/tensorflow|https?:\/\/127\./);

      // Turned off again, a worker (the untraced bundle) replays the traced run's history.
      await Worker.runReplayHistory({ workflowBundle: { codePath: (await cachedWorkflowBundle()).codePath } }, await handle.fetchHistory(), handle.workflowId);
    } finally {
      await collector.close();
    }
  }, 240_000);

  it('turned on, a worker replays the runs recorded without tracing (test/histories), so runs in flight go on', async () => {
    const { codePath } = await cachedWorkflowBundle(undefined, { tracing: true });
    const { sinks, shutdown } = startWorkerTracing({ endpoint: 'http://127.0.0.1:9/v1/traces' });
    try {
      const dir = path.join(__dirname, '..', 'histories');
      const names = (await fs.readdir(dir)).filter((f) => f.endsWith('.json'));
      expect(names.length).toBeGreaterThanOrEqual(7);
      for (const name of names) {
        const history = historyFromJSON(JSON.parse(await fs.readFile(path.join(dir, name), 'utf8')));
        await Worker.runReplayHistory({ workflowBundle: { codePath }, sinks }, history, workflowIdInHistory(history) ?? `replay-traced-${name}`);
      }
    } finally {
      await shutdown();
    }
  }, 120_000);
});
