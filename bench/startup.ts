/**
 * Figure 2: the whole run with zero-latency stand-ins, and the `research` command's start-up: from spawning
 * `npm run research` (dev server already up, stand-ins reached through their real endpoints) to the first
 * model request the stand-in sees.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startOfflineWorld } from '../offline/world';
import { type Figure, atMost, ratio, seconds } from './figures';
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

/** How long from spawning `command` (`research` with its topic appended) to the first model request, and to "Research run started". */
async function startup(server: Server, command: string[], label: string): Promise<{ firstMs?: number; startedMs?: number; failure?: string }> {
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
      // As npm runs a script: the project's binaries (tsx) first on PATH.
      PATH: `${path.join(ROOT, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH ?? ''}`,
    };
    const spawned = Date.now();
    const child = spawn(command[0]!, [...command.slice(1), TOPIC, '--words', '300'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
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
    if (code !== 0 || first === undefined) return { failure: `${label}: not measured (exit ${code}): ${output.slice(-300)}` };
    return { firstMs: first - spawned, startedMs: runStarted === undefined ? undefined : runStarted - spawned };
  } finally {
    await world.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** How `npm run research` started before the commands ran from compiled JavaScript (package.json's script then). */
const RESEARCH_SCRIPT_BEFORE = 'bash scripts/ensure-temporal.sh >&2 && tsx src/client.ts research';

/** A package.json script as npm runs it: through sh, node_modules/.bin on PATH, the arguments appended. */
function asNpmRuns(script: string): string[] {
  return ['sh', '-c', `${script} "$@"`, 'research'];
}

/**
 * The `research` command's start-up, before and after running it from compiled JavaScript, in one run: the
 * script `npm run research` ran before (tsx transpiling the sources) against the one it runs now
 * (scripts/compiled.js), each through sh as npm runs it, alternated three times each, medians compared; and
 * `npm run research` itself against the goal.
 */
export async function startupFigures(server: Server): Promise<Figure[]> {
  const scriptNow = (require('../package.json') as { scripts: Record<string, string> }).scripts.research!;
  const tsx = asNpmRuns(RESEARCH_SCRIPT_BEFORE);
  const compiled = asNpmRuns(scriptNow);
  const npm = ['npm', 'run', '--silent', 'research', '--'];
  const built = Date.now();
  const { built: hadToBuild } = (require('../scripts/compiled.js') as { ensureBuilt(): { built: boolean } }).ensureBuilt();
  const buildMs = Date.now() - built;
  // One run first, untimed: the workflow bundle cache and the page reader's first load are not start-up.
  const warm = await startup(server, compiled, 'warm-up');
  if (warm.failure) return [{ name: '2 start-up: research command to first model request', value: warm.failure, target: '≤ 2 s', met: false }];
  const before: number[] = [];
  const after: number[] = [];
  const failures: string[] = [];
  for (let i = 0; i < 3; i++) {
    for (const [command, into, label] of [[tsx, before, 'tsx'], [compiled, after, 'compiled']] as const) {
      const measured = await startup(server, [...command], label);
      if (measured.firstMs === undefined) failures.push(measured.failure ?? label);
      else into.push(measured.firstMs);
    }
  }
  const viaNpm = await startup(server, npm, 'npm run research');
  if (failures.length > 0 || before.length === 0 || after.length === 0 || viaNpm.firstMs === undefined) {
    return [{ name: '2 start-up: research command to first model request', value: `not measured: ${[...failures, viaNpm.failure].filter(Boolean).join('; ')}`, target: '≤ 2 s', met: false }];
  }
  return [
    atMost('2 start-up: npm run research to first model request (dev server up, compiled build ready)', viaNpm.firstMs, 2000, seconds),
    {
      name: '2 start-up ratio, npm run research\'s script now (compiled) / before (tsx), to first model request (median of 3 each, alternated)',
      value: `${ratio(median(after) / median(before))} (${seconds(median(after))} / ${seconds(median(before))})`,
      target: '< 1',
      met: median(after) < median(before),
    },
    {
      name: '2 start-up split (npm run research): command to run started, run started to first model request',
      value: viaNpm.startedMs === undefined ? 'no "Research run started" line' : `${seconds(viaNpm.startedMs)}, ${seconds(viaNpm.firstMs - viaNpm.startedMs)}`,
      target: 'for information',
    },
    { name: '2 compiled build on first use', value: hadToBuild ? seconds(buildMs) : `already built (checked in ${seconds(buildMs)})`, target: 'for information' },
  ];
}
