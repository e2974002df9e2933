/**
 * `npm run build`, after tsc: writes the prebuilt workflow bundles to dist/: workflow-bundle.js, and the ones
 * with the OpenTelemetry workflow interceptors (WORKER_OTEL_ENDPOINT, '-traced') and with failures sealed for
 * encryption (RESEARCH_ENCRYPTION_KEYS, '-sealed').
 */
import { PREBUILT_VARIANTS, prebuiltBundlePath, writeWorkflowBundle } from './workflowBundle';

const started = Date.now();
const paths = PREBUILT_VARIANTS.map(prebuiltBundlePath);
Promise.all(PREBUILT_VARIANTS.map((variant) => writeWorkflowBundle(prebuiltBundlePath(variant), variant))).then(
  () => console.log(`Workflow bundles written to ${paths.join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s.`),
  (err: unknown) => {
    console.error(`build: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
