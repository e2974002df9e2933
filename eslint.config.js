// Lint guards what the compiler cannot: the workflow sandbox (no I/O, no Node built-ins, only pure
// modules) and promises nobody awaits.
const tseslint = require('typescript-eslint');

const NODE_BUILTINS = ['assert', 'buffer', 'child_process', 'crypto', 'dgram', 'dns', 'events', 'fs', 'http', 'http2', 'https', 'net', 'os', 'path', 'process', 'stream', 'tls', 'url', 'util', 'worker_threads', 'zlib'];

module.exports = tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.tools/**', 'coverage/**', '**/*.js'] },
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
  {
    // Workflow code and what it imports are replayed deterministically inside Temporal's sandbox.
    files: ['src/workflows/**/*.ts', 'src/domain/**/*.ts', 'src/build/bundleEntry.ts', 'src/ratelimit/limiterWorkflow.ts', 'src/ratelimit/schedule.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: NODE_BUILTINS.map((name) => ({ name, message: 'Workflow code runs in the deterministic sandbox: no Node built-ins; do I/O in an activity.' })),
          patterns: [
            { group: ['node:*'], message: 'Workflow code runs in the deterministic sandbox: no Node built-ins; do I/O in an activity.' },
            { group: ['@temporalio/activity', '@temporalio/worker', '@temporalio/client'], message: 'Not for workflow code.' },
            {
              group: ['**/activities', '**/activities/*', '**/llm/client', '**/web/*', '**/search/*', '**/offline/*', '**/report/*', 'openai', 'cheerio'],
              allowTypeImports: true,
              message: 'Workflow code only decides; side effects live in activities (type imports are fine).',
            },
          ],
        },
      ],
    },
  },
);
