/** Writes bench/RESULTS.md: the command, date, machine and every figure; keeps the Extraction section another bench part writes. */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Figure, line } from './figures';

const FILE = path.join(__dirname, 'RESULTS.md');
const EXTRACTION = /^## Extraction[\s\S]*?(?=^## |(?![\s\S]))/m;
const REPORT_STAGE = /^## Report stage[\s\S]*?(?=^## |(?![\s\S]))/m;

export async function writeResults(run: { figures: Figure[]; extraction?: string; report?: string; argv: string[]; totalS: number; loadAtStart: number[] }): Promise<void> {
  const previous = await fs.readFile(FILE, 'utf8').catch(() => '');
  const extraction = EXTRACTION.exec(previous)?.[0]?.trimEnd();
  const reportStage = REPORT_STAGE.exec(previous)?.[0]?.trimEnd();
  const cpus = os.cpus();
  const text = [
    '# Benchmark results',
    '',
    `Command: \`npm run bench${run.argv.length ? ` -- ${run.argv.join(' ')}` : ''}\`  `,
    `Date: ${new Date().toISOString()}  `,
    `Machine: ${os.type()} ${os.release()} ${os.arch()}, ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB, Node ${process.version} (shared with other jobs: absolute times move most, ratios less; see the load average)  `,
    `Load average (1/5/15 min) at start ${run.loadAtStart.map((x) => x.toFixed(1)).join('/')}, at end ${os.loadavg().map((x) => x.toFixed(1)).join('/')}  `,
    `Took: ${run.totalS.toFixed(0)} s`,
    '',
    'Offline world with each site on its own loopback host; a real Temporal dev server; the stand-in model timed by the',
    "reference profile (the recorded reference run's stage times) unless a line says otherwise. Lines marked",
    '"(recorded run)" compare with the reference\'s recorded figures, the others with what was measured in this invocation.',
    '',
    '## Figures',
    '',
    '```',
    ...run.figures.map(line),
    '```',
    '',
    ...(run.report ? ['## Report stage (bench/report.ts output)', '', '```', run.report.trimEnd(), '```', ''] : reportStage ? [reportStage, ''] : []),
    ...(run.extraction ? ['## Extraction (bench/extract.ts output)', '', '```', run.extraction.trimEnd(), '```', ''] : extraction ? [extraction, ''] : []),
  ].join('\n');
  await fs.writeFile(FILE, text);
}
