// @ts-check
/**
 * StrykerJS for `npm run test:mutation` (scripts/mutation/run.mjs runs it and prints one score per module).
 * All default mutators; the modules and their tests are listed in scripts/mutation/modules.cjs.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { present } = require('./scripts/mutation/modules.cjs');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: present.map((m) => m.source),
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: 'jest.mutation.config.js', enableFindRelatedTests: true },
  coverageAnalysis: 'perTest',
  // Static mutants (module-level constants: the address table, the regexes) are only seen while a module
  // loads, so each needs the module reloaded and every related test run: about 6% of the mutants and most of
  // the run's time. Left out by default so a run takes minutes; MUTATION_STATIC=1 includes them (Stryker's
  // --ignoreStatic flag has no negation on the command line).
  ignoreStatic: process.env.MUTATION_STATIC !== '1',
  // Only source files get `// @ts-nocheck`: the default pattern also rewrites test/**/*.html as UTF-8, which
  // breaks the Shift_JIS fixture.
  disableTypeChecks: '{src,test}/**/*.ts',
  // A mutant's tests get twice their normal time plus 15 s before the mutant counts as timed out (which
  // counts as detected). The tests themselves are bounded (jest.mutation.config.js), so only a synchronous
  // endless loop reaches this; the margin is for a shared, loaded machine, where a tighter one marked
  // surviving mutants as timed out.
  timeoutMS: 15000,
  timeoutFactor: 2,
  concurrency: 2,
  reporters: ['json', 'html', 'progress'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['bench', 'offline', 'dist', '.cache', '.temporal', '.tools', 'reports', '.ci', 'Dockerfile', 'docker-compose.yml'],
};
