/**
 * `node scripts/mutation/survivors.mjs [src/file.ts ...]`: the mutants the last mutation run left alive
 * (survived, or run by no test), one line each: file:line:column, mutator, status, and the replacement.
 * Reads reports/mutation/mutation.json; the HTML report beside it shows them in context.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const report = JSON.parse(readFileSync(path.join(ROOT, 'reports', 'mutation', 'mutation.json'), 'utf8'));
const only = process.argv.slice(2);
for (const [file, { mutants }] of Object.entries(report.files)) {
  if (only.length > 0 && !only.includes(file)) continue;
  for (const m of mutants) {
    if (m.status !== 'Survived' && m.status !== 'NoCoverage') continue;
    const replacement = String(m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 120);
    console.log(`${file}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName} ${m.status}: ${replacement}`);
  }
}
