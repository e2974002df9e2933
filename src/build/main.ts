/** `npm run build`, after tsc: writes the prebuilt workflow bundle to dist/workflow-bundle.js. */
import { PREBUILT_BUNDLE_PATH, writeWorkflowBundle } from './workflowBundle';

const started = Date.now();
writeWorkflowBundle(PREBUILT_BUNDLE_PATH).then(
  () => console.log(`Workflow bundle written to ${PREBUILT_BUNDLE_PATH} in ${((Date.now() - started) / 1000).toFixed(1)} s.`),
  (err: unknown) => {
    console.error(`build: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
