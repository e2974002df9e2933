/**
 * Warm-ups of what a run loads on first use, each at a moment the worker would otherwise sit waiting:
 * - the model's tokenizer (~0.2 s of loading on the event loop, which query planning and every page need):
 *   a moment after the worker's first activity starts, which in a run is the keywords call, a second of
 *   waiting on the model. Not at start-up: that would delay the run's first model request by as much.
 * - the page-extraction threads (~0.7 s to start each, with the TypeScript loader when run from source):
 *   a moment after a page activity starts (its fetch, and those of the pages started with it, on their
 *   way: spawning the threads holds the event loop ~40 ms), so they start while the page loads (~1-2 s)
 *   rather than once its bytes are in. Not earlier: starting threads takes both cores of a small machine
 *   for most of a second, which delayed the keywords → search hop by ~0.25 s when tried at the keywords call.
 * Loaded on first use instead, both sat on the critical path: planning waited for the tokenizer, and the
 * first pages read waited 0.6-1.4 s for a thread between their load and their summary call.
 */
import { countTokens } from '../llm/tokens';
import { type ExtractionPool, sharedExtractionPool } from '../web/extract/pool';

/** Long enough for the first activity's request to be on its way before the event loop is busy loading. */
export const WARM_UP_DELAY_MS = 100;

/** Below the extraction pool's 30 s idle timeout: threads warmed this recently are still there. */
export const THREAD_WARM_UP_INTERVAL_MS = 20_000;

/** A page small enough to extract in a millisecond: it only makes a thread start and load the extractor. */
const TINY_PAGE = {
  body: new TextEncoder().encode('<html><head><title>warm-up</title></head><body><main><p>warm-up</p></main></body></html>'),
  charset: 'utf-8',
  kind: 'html' as const,
  url: 'http://warm-up.invalid/',
};

/** Loads `model`'s tokenizer (the first count loads the encoding). */
export async function warmTokenizer(model: string): Promise<void> {
  countTokens('', model);
}

/** Starts every thread of `pool`: resolves once each has extracted a tiny page. */
export async function warmExtractionThreads(pool: ExtractionPool = sharedExtractionPool()): Promise<void> {
  await Promise.all(Array.from({ length: pool.threads }, () => pool.extract(TINY_PAGE)));
}

/**
 * `warm`, started `delayMs` after a call and at most once per `intervalMs` however often it is called,
 * never waited for; a failure is logged and forgotten (whatever it did not load loads on first use).
 */
export function atMostEvery(
  intervalMs: number,
  warm: () => Promise<void>,
  { delayMs = 0, now = () => performance.now(), onError = logWarmUpFailure }: { delayMs?: number; now?: () => number; onError?: (err: unknown) => void } = {},
): () => void {
  let last = -Infinity;
  return () => {
    if (now() - last < intervalMs) return;
    last = now();
    setTimeout(() => void warm().catch(onError), delayMs).unref();
  };
}

function logWarmUpFailure(err: unknown): void {
  console.warn(`warm-up failed (nothing lost: it loads on first use): ${String(err)}`);
}

/**
 * `activities`, each of which, on the worker's first activity call, schedules `warm` (once, `delayMs`
 * later). A failed warm-up is logged and forgotten: whatever it did not load loads on first use, as before.
 */
export function warmingUpOnFirstCall<A extends Record<string, (...args: never[]) => unknown>>(
  activities: A,
  warm: (() => Promise<void>) | undefined,
  delayMs = WARM_UP_DELAY_MS,
  onError: (err: unknown) => void = logWarmUpFailure,
): A {
  if (!warm) return activities;
  const schedule = atMostEvery(Infinity, warm, { delayMs, onError });
  const wrapped: Record<string, (...args: never[]) => unknown> = {};
  for (const [name, fn] of Object.entries(activities)) {
    wrapped[name] = (...args: never[]) => {
      schedule();
      return fn(...args);
    };
  }
  return wrapped as A;
}
