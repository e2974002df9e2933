/**
 * `npm run build`, after tsc: writes the prebuilt workflow bundle to dist/workflow-bundle.js, and the one with
 * the OpenTelemetry workflow interceptors (for WORKER_OTEL_ENDPOINT) to dist/workflow-bundle-traced.js.
 */
import { PREBUILT_BUNDLE_PATH, PREBUILT_TRACED_BUNDLE_PATH, writeWorkflowBundle } from './workflowBundle';

const started = Date.now();
Promise.all([writeWorkflowBundle(PREBUILT_BUNDLE_PATH), writeWorkflowBundle(PREBUILT_TRACED_BUNDLE_PATH, { tracing: true })]).then(
  () => console.log(`Workflow bundles written to ${PREBUILT_BUNDLE_PATH} and ${PREBUILT_TRACED_BUNDLE_PATH} in ${((Date.now() - started) / 1000).toFixed(1)} s.`),
  (err: unknown) => {
    console.error(`build: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
