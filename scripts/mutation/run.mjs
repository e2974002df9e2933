/**
 * `npm run test:mutation [-- stryker options]`: runs StrykerJS (stryker.config.mjs), then prints one line per
 * module, `module: score% (killed/valid)`, and exits non-zero when a module scores below 80%.
 * The score counts mutants killed or timed out over those killed, timed out, survived or run by no test
 * (Stryker's own definition; compile and runtime errors are not valid mutants); the line says how many
 * were detected only by timing out.
 * `npm run test:mutation -- --incremental` reuses the results of the last run for unchanged code and tests;
 * `-- --mutate src/web/address.ts` scores one module.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { present, missing, ROOT } = require('./modules.cjs');

const THRESHOLD = 80;
const REPORT = path.join(ROOT, 'reports', 'mutation', 'mutation.json');

const started = Date.now();
const stryker = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'stryker'), ['run', 'stryker.config.mjs', ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
});
const seconds = Math.round((Date.now() - started) / 1000);
if (stryker.status !== 0) {
  console.error(`stryker failed (exit ${stryker.status ?? stryker.signal}) after ${seconds} s`);
  process.exit(1);
}

/** @type {{ files: Record<string, { mutants: { status: string }[] }> }} */
const report = JSON.parse(readFileSync(REPORT, 'utf8'));
const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

console.log('');
for (const m of missing) console.log(`${m.source}: skipped, the file does not exist yet`);
let failing = 0;
for (const m of present) {
  const file = report.files[m.source];
  if (!file) {
    console.log(`${m.source}: not mutated in this run`);
    continue;
  }
  const detected = file.mutants.filter((x) => DETECTED.has(x.status)).length;
  const timedOut = file.mutants.filter((x) => x.status === 'Timeout').length;
  const ignored = file.mutants.filter((x) => x.status === 'Ignored').length;
  const valid = detected + file.mutants.filter((x) => UNDETECTED.has(x.status)).length;
  const score = valid === 0 ? 100 : (100 * detected) / valid;
  if (score < THRESHOLD) failing++;
  const notes = [
    timedOut > 0 ? `${timedOut} of them by timeout` : '',
    ignored > 0 ? `${ignored} static not run` : '',
    score < THRESHOLD ? `below ${THRESHOLD}%` : '',
  ].filter(Boolean);
  console.log(`${m.source}: ${score.toFixed(1)}% (${detected}/${valid})${notes.length > 0 ? `, ${notes.join(', ')}` : ''}`);
}
console.log(`mutation run took ${seconds} s`);
process.exit(failing > 0 ? 1 : 0);
