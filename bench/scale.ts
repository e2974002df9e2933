/**
 * Figure 6: N reference-shaped runs started at once with zero-latency stand-ins, against one worker and then
 * two worker processes on one task queue: all complete, runs per minute, p50/p99 activity schedule-to-start
 * latency, and the ratio. The runs alternate the two corpus topics made of ordinary articles: the first
 * topic's ~3 MB page costs seconds of extraction CPU per run today, which would make this a measure of
 * extraction on two shared cores rather than of orchestration (the wall and zero figures show that cost).
 */
import { type Figure, ratio } from './figures';
import { type Server, startSetup } from './harness';
import { historyFigures, percentile } from './history';

export const SCALE_TOPICS = ['solid-state batteries', 'remote work productivity'] as const;

interface Batch {
  completed: number;
  perMinute: number;
  p50: number;
  p99: number;
}

async function batch(server: Server, runs: number, workers: number): Promise<Batch> {
  const setup = await startSetup(server, { workers, world: { siteHosts: true, latencyProfile: 'zero', slowPageDelayMs: 0 } });
  try {
    const started = performance.now();
    const handles = await Promise.all(Array.from({ length: runs }, (_, i) => setup.start(SCALE_TOPICS[i % SCALE_TOPICS.length])));
    const outcomes = await Promise.allSettled(handles.map((h) => h.result()));
    const minutes = (performance.now() - started) / 60_000;
    const latencies: number[] = [];
    for (const handle of handles) latencies.push(...(await historyFigures(handle)).scheduleToStartMs);
    const completed = outcomes.filter((o) => o.status === 'fulfilled').length;
    return { completed, perMinute: completed / minutes, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
  } finally {
    await setup.close();
  }
}

export async function scaleFigures(server: Server, runs: number): Promise<Figure[]> {
  const one = await batch(server, runs, 1);
  const two = await batch(server, runs, 2);
  const describe = (b: Batch) => `${b.completed}/${runs} complete, ${b.perMinute.toFixed(1)} runs/min, schedule-to-start p50 ${b.p50.toFixed(0)} ms, p99 ${b.p99.toFixed(0)} ms`;
  return [
    { name: `6 ${runs} runs at once (${SCALE_TOPICS.join(' / ')}), one worker`, value: describe(one), target: 'all complete', met: one.completed === runs },
    { name: `6 ${runs} runs at once (${SCALE_TOPICS.join(' / ')}), two workers`, value: describe(two), target: 'all complete', met: two.completed === runs },
    { name: '6 runs/min two workers ÷ one worker', value: ratio(two.perMinute / one.perMinute), target: '> 1 (2 cores shared by the worker, the stand-ins and the server)' },
  ];
}
