/**
 * `npm run bench [-- --only wall,zero,startup,scale,rounds,report,extract,budget] [--profile reference,tokens] [--runs 50] [--timeline] [--no-write]`: every figure of issue 10 as a ratio or count
 * measured in this one invocation, on the offline world (sites on their own loopback hosts) and a real
 * Temporal dev server; prints `name: value (target ...)` lines and writes them to bench/RESULTS.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LATENCY_PROFILE_NAMES, type LatencyProfileName } from '../offline/latency';
import { type Figure, line } from './figures';
import { startServer } from './harness';
import { writeResults } from './results';
import { roundsFigures } from './rounds';
import { scaleFigures } from './scale';
import { startupFigures, zeroFigures } from './startup';
import { wallFigures } from './wall';

const GROUPS = ['wall', 'zero', 'startup', 'scale', 'rounds', 'report', 'extract', 'budget'] as const;
type Group = (typeof GROUPS)[number];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      profile: { type: 'string', default: 'reference,tokens' },
      runs: { type: 'string', default: '50' },
      'no-write': { type: 'boolean', default: false },
      timeline: { type: 'boolean', default: false },
    },
  });
  const only = (values.only?.split(',').map((s) => s.trim()) ?? [...GROUPS]) as Group[];
  for (const g of only) if (!GROUPS.includes(g)) throw new Error(`--only takes ${GROUPS.join(', ')} (comma-separated); got "${g}"`);
  const profiles = values.profile.split(',').map((s) => s.trim()) as LatencyProfileName[];
  for (const p of profiles) if (!LATENCY_PROFILE_NAMES.includes(p)) throw new Error(`--profile takes ${LATENCY_PROFILE_NAMES.join(', ')} (comma-separated)`);
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number of runs, 1 or more');

  const started = performance.now();
  const loadAtStart = os.loadavg();
  const figures: Figure[] = [];
  const show = (fs: Figure[]) => {
    for (const f of fs) console.log(line(f));
    figures.push(...fs);
  };
  const server = await startServer();
  try {
    if (only.includes('wall')) for (const profile of profiles) show(await wallFigures(server, profile, values.timeline));
    if (only.includes('zero')) show(await zeroFigures(server));
    if (only.includes('startup')) show(await startupFigures(server));
    if (only.includes('scale')) show(await scaleFigures(server, runs));
    if (only.includes('rounds')) show(await roundsFigures(server, 'tokens'));
  } finally {
    await server.stop();
  }
  const report = only.includes('report') ? runPart('report.ts', '11 report stage') : undefined;
  const extraction = only.includes('extract') ? runPart('extract.ts', '5 extraction') : undefined;
  // Issue 15's budget figures are printed as they are measured (bench/budget.ts); RESULTS.md keeps the other groups.
  if (only.includes('budget')) runPart('budget.ts', '15 budget');
  const totalS = (performance.now() - started) / 1000;
  console.log(`bench took ${totalS.toFixed(0)} s`);
  if (!values['no-write']) await writeResults({ figures, extraction, report, argv: process.argv.slice(2), totalS, loadAtStart });
}

/** A part of the bench that is its own script (extraction, the report stage): its output, as printed. */
function runPart(file: string, name: string): string | undefined {
  const script = path.join(__dirname, file);
  if (!existsSync(script)) {
    console.log(`${name}: not measured (bench/${file} is not there)`);
    return undefined;
  }
  const tsx = path.join(__dirname, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const run = spawnSync(process.execPath, [tsx, script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 900_000 });
  process.stdout.write(run.stdout ?? '');
  return run.stdout;
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
