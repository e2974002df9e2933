/**
 * Starts one real Temporal dev server (the Temporal CLI, in memory, headless, on free ports) for the
 * whole suite, and bundles the workflow code once so each test's worker starts fast.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startDevServer, type DevServer } from '../../src/temporal/devServer';
import { writeWorkflowBundle } from '../../src/build/workflowBundle';

declare global {
  var __TEMPORAL_DEV_SERVER__: DevServer | undefined;
}

export default async function globalSetup(): Promise<void> {
  const port = await freePort();
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'deep-research-test-'));
  const server = await startDevServer({ port, logFile: path.join(tmp, 'temporal.log'), startTimeoutMs: 90_000 });
  globalThis.__TEMPORAL_DEV_SERVER__ = server;
  const bundlePath = path.join(tmp, 'workflow-bundle.js');
  await writeWorkflowBundle(bundlePath);
  process.env.TEST_TEMPORAL_ADDRESS = server.address;
  process.env.TEST_WORKFLOW_BUNDLE = bundlePath;
  process.env.TEST_TMP_DIR = tmp;
}
