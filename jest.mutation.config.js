/**
 * Jest for mutation runs (`npm run test:mutation`): only the server-free test files of the modules in
 * scripts/mutation/modules.cjs, and no globalSetup. A separate configuration rather than a lazily started
 * server: Stryker runs these tests hundreds of times, and a test that needed the Temporal server would
 * fail here at once (no TEST_TEMPORAL_ADDRESS) instead of starting a server per mutant.
 * `npx jest -c jest.mutation.config.js` runs the same set by hand.
 */
const base = require('./jest.config');
const { present } = require('./scripts/mutation/modules.cjs');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: base.testEnvironment,
  transform: base.transform,
  roots: ['<rootDir>/test'],
  testMatch: [...new Set(present.flatMap((m) => m.tests))].map((glob) => `<rootDir>/${glob}`),
  setupFiles: ['<rootDir>/test/harness/mutationSetup.ts'],
  // A mutant that makes a test wait (a deadline removed, a loop bound flipped) fails the test in seconds.
  testTimeout: 10_000,
};
