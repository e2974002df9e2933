// Lint guards what the compiler cannot: the workflow sandbox (no I/O, no Node built-ins, only pure
// modules) and promises nobody awaits.
const tseslint = require('typescript-eslint');

const path = require('node:path');

/** Packages and project folders workflow code may import at run time. */
const WORKFLOW_PACKAGES = ['@temporalio/workflow', '@temporalio/common', 'zod'];
const WORKFLOW_MODULES = ['src/workflows/', 'src/domain/', 'src/errors.ts', 'src/ratelimit/limiterWorkflow.ts', 'src/ratelimit/schedule.ts', 'src/text/hygiene.ts'];

const workflowImportRule = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    return {
      ImportDeclaration(node) {
        if (node.importKind === 'type' || (node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === 'type'))) return;
        const source = node.source.value;
        let allowed;
        if (source.startsWith('.')) {
          const target = path.relative(__dirname, path.resolve(path.dirname(context.filename), source));
          allowed = WORKFLOW_MODULES.some((m) => (m.endsWith('/') ? `${target}/`.startsWith(m) : `${target}.ts` === m));
        } else {
          allowed = WORKFLOW_PACKAGES.includes(source);
        }
        if (!allowed) {
          context.report({
            node,
            message: `Workflow code runs in Temporal's deterministic sandbox and may import only ${[...WORKFLOW_PACKAGES, ...WORKFLOW_MODULES].join(', ')} (type imports are fine): do I/O in an activity.`,
          });
        }
      },
    };
  },
};

module.exports = tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.tools/**', 'coverage/**', '**/*.js'] },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'offline/**/*.ts', 'bench/**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
  {
    // Workflow code and what it imports are replayed deterministically inside Temporal's sandbox: an
    // allow-list of what it may import (type-only imports of anything are fine: they vanish at build).
    files: ['src/workflows/**/*.ts', 'src/domain/**/*.ts', 'src/build/bundleEntry.ts', 'src/metrics/workflowInterceptor.ts', 'src/ratelimit/limiterWorkflow.ts', 'src/ratelimit/schedule.ts', 'src/text/hygiene.ts'],
    plugins: { sandbox: { rules: { 'allowed-imports': workflowImportRule } } },
    rules: { 'sandbox/allowed-imports': 'error' },
  },
  {
    // Small modules with one job, short functions: the shape a newcomer can read. Tests (whose describe
    // blocks are long functions) and the offline corpus's page texts are exempt.
    files: ['src/**/*.ts', 'offline/**/*.ts'],
    ignores: ['offline/test/**', 'offline/corpus/pages/**'],
    rules: {
      'max-lines': ['error', { max: 350, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
);
