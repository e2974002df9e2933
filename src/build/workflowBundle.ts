/**
 * The prebuilt workflow bundle. `npm run build` writes it next to the compiled code (dist/), and the
 * compiled worker loads it as is: no webpack at start. Run from source (tsx), a worker uses a bundle
 * cached under .cache/ and keyed by a fingerprint of the workflow code, rebuilt only when that changes.
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { projectRoot } from './projectRoot';
import { workflowSourceHash } from './sourceHash';

/** The repository (or image) root: src/build's grandparent, dist/src/build's (or .cache/cli/<hash>/src/build's) ancestor with package.json. */
const ROOT = projectRoot(__dirname);

/**
 * Running `npm run build`'s compiled code (dist/, the image), whose prebuilt bundle is loaded as is. The
 * commands' own compiled build (.cache/cli, scripts/compiled.js) is not: it bundles the TypeScript sources
 * like tsx does, into the same cache.
 */
const PREBUILT = __filename.endsWith('.js') && path.relative(path.join(ROOT, 'dist'), __dirname).split(path.sep)[0] !== '..';

/** The module `file` (under src/, without extension) in the sources when they are here, else beside this code. */
function workflowModule(file: string, local: string): string {
  const source = path.join(ROOT, 'src', `${file}.ts`);
  return !PREBUILT && existsSync(source) ? source : require.resolve(local);
}

/** The module whose exports are the worker's workflow types. */
export const WORKFLOW_BUNDLE_ENTRY = workflowModule('build/bundleEntry', './bundleEntry');

/** Workflow interceptors bundled with it: the runs' own metrics (started, finished by outcome). */
export const WORKFLOW_INTERCEPTOR_MODULES = [workflowModule('metrics/workflowInterceptor', '../metrics/workflowInterceptor')];

/**
 * With WORKER_OTEL_ENDPOINT, the OpenTelemetry workflow interceptors too. A bundle of their own: off (the
 * default), the workflow code and its recorded histories are exactly as without tracing.
 */
export const TRACING_INTERCEPTOR_MODULES = [require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors')];

export interface BundleVariant {
  /** The OpenTelemetry workflow interceptors bundled (WORKER_OTEL_ENDPOINT set). */
  tracing?: boolean;
}

function interceptorModules(variant: BundleVariant): string[] {
  return variant.tracing ? [...WORKFLOW_INTERCEPTOR_MODULES, ...TRACING_INTERCEPTOR_MODULES] : WORKFLOW_INTERCEPTOR_MODULES;
}

/** Where `npm run build` writes the bundle, and where the compiled worker looks for it. */
export const PREBUILT_BUNDLE_PATH = path.join(ROOT, 'dist', 'workflow-bundle.js');

/** The same with the OpenTelemetry workflow interceptors, for compiled workers with WORKER_OTEL_ENDPOINT. */
export const PREBUILT_TRACED_BUNDLE_PATH = path.join(ROOT, 'dist', 'workflow-bundle-traced.js');

export const DEFAULT_BUNDLE_CACHE_DIR = path.join(ROOT, '.cache', 'workflow-bundle');

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};

/** Bundles the workflow code (webpack; a few seconds) and writes it to `file` atomically. */
export async function writeWorkflowBundle(file: string, variant: BundleVariant = {}): Promise<void> {
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOW_BUNDLE_ENTRY, workflowInterceptorModules: interceptorModules(variant), logger: quietLogger });
  await fs.mkdir(path.dirname(file), { recursive: true });
  // Another process may be writing the same bundle: write aside, then rename (atomic on one filesystem).
  const tmp = `${file}.${process.pid}.${Date.now().toString(36)}.tmp`;
  await fs.writeFile(tmp, code);
  await fs.rename(tmp, file);
}

/** The bundle in `cacheDir` for the current workflow code, built first when there is none. */
export async function cachedWorkflowBundle(cacheDir = DEFAULT_BUNDLE_CACHE_DIR, variant: BundleVariant = {}): Promise<{ codePath: string; built: boolean }> {
  const hash = await workflowSourceHash(WORKFLOW_BUNDLE_ENTRY, ROOT, [...WORKFLOW_INTERCEPTOR_MODULES, path.join(ROOT, 'package-lock.json')]);
  const codePath = path.join(cacheDir, `workflow-${hash}${variant.tracing ? '-traced' : ''}.js`);
  if (await exists(codePath)) return { codePath, built: false };
  await writeWorkflowBundle(codePath, variant);
  return { codePath, built: true };
}

/** The compiled worker's prebuilt bundle; from source, the cached one. */
export async function workflowBundle(cacheDir?: string, variant: BundleVariant = {}): Promise<{ codePath: string }> {
  if (PREBUILT) {
    const prebuilt = variant.tracing ? PREBUILT_TRACED_BUNDLE_PATH : PREBUILT_BUNDLE_PATH;
    if (!(await exists(prebuilt))) {
      throw new Error(`the prebuilt workflow bundle ${prebuilt} is missing: run npm run build`);
    }
    return { codePath: prebuilt };
  }
  const { codePath } = await cachedWorkflowBundle(cacheDir, variant);
  return { codePath };
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}
