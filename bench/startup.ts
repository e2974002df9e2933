/**
 * Figure 2: the whole run with zero-latency stand-ins, and the `research` command's start-up: from spawning
 * `npm run research` (dev server already up, stand-ins reached through their real endpoints) to the first
 * model request the stand-in sees.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startOfflineWorld } from '../offline/world';
import { type Figure, atMost, seconds } from './figures';
import { type Server, startSetup } from './harness';
import { TOPIC } from './wall';

const ROOT = path.join(__dirname, '..');

export async function zeroFigures(server: Server): Promise<Figure[]> {
  const setup = await startSetup(server, { world: { siteHosts: true, latencyProfile: 'zero', slowPageDelayMs: 0 } });
  try {
    const cold = await setup.run(TOPIC);
    const warm = await setup.run(TOPIC);
    return [
      atMost('2 whole run, zero-latency stand-ins (second run of a worker)', warm.ms, 3000, seconds),
      { name: '2 whole run, zero-latency stand-ins (first run of a new worker)', value: seconds(cold.ms), target: 'for information' },
    ];
  } finally {
    await setup.close();
  }
}

export async function startupFigures(server: Server): Promise<Figure[]> {
  const world = await startOfflineWorld({ siteHosts: true, latencyProfile: 'zero', slowPageDelayMs: 0 });
  try {
    const env = {
      ...process.env,
      ...world.env,
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_TASK_QUEUE: `bench-startup-${process.pid}`,
      RESEARCH_OUTPUT_DIR: path.join(server.tmp, 'startup-reports'),
      RESEARCH_CACHE_DIR: 'off',
      RESEARCH_OFFLINE: 'false',
    };
    const spawned = Date.now();
    const child = spawn('npm', ['run', '--silent', 'research', '--', TOPIC, '--words', '300'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let runStarted: number | undefined;
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      if (runStarted === undefined && output.includes('Research run started')) runStarted = Date.now();
    });
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGTERM'), 180_000);
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    const first = world.llm.requests[0]?.receivedAt;
    if (code !== 0 || first === undefined) {
      return [{ name: '2 start-up: research command to first model request', value: `not measured (exit ${code}): ${output.slice(-300)}`, target: '≤ 2 s', met: false }];
    }
    return [
      atMost('2 start-up: research command to first model request (dev server up)', first - spawned, 2000, seconds),
      {
        name: '2 start-up split: command to run started, run started to first model request',
        value: runStarted ? `${seconds(runStarted - spawned)}, ${seconds(first - runStarted)}` : 'no "Research run started" line',
        target: 'for information',
      },
    ];
  } finally {
    await world.close();
  }
}
