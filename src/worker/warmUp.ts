/**
 * Warm-up of what a run's later stages load on first use: the model's tokenizer (~0.2 s of loading on
 * the event loop, which query planning and every page need) and the page-extraction threads (~0.7 s to
 * start each, with the TypeScript loader when run from source). Loaded on first use, both sat on the
 * critical path: planning waited for the tokenizer, and the first pages read waited for a thread.
 *
 * The worker starts the warm-up a moment after its first activity starts, which in a run is the
 * keywords call: a second of waiting on the model while the worker has nothing else to do. Not at
 * start-up: that would delay the run's first model request by the same time.
 */
import { countTokens } from '../llm/tokens';
import { type ExtractionPool, sharedExtractionPool } from '../web/extract/pool';

/** Long enough for the first activity's request to be on its way before the event loop is busy loading. */
export const WARM_UP_DELAY_MS = 100;

/** A page small enough to extract in a millisecond: it only makes a thread start and load the extractor. */
const TINY_PAGE = {
  body: new TextEncoder().encode('<html><head><title>warm-up</title></head><body><main><p>warm-up</p></main></body></html>'),
  charset: 'utf-8',
  kind: 'html' as const,
  url: 'http://warm-up.invalid/',
};

/** Loads `model`'s tokenizer and starts every thread of `pool`; resolves once the threads have each read a page. */
export async function warmUp(model: string, pool: ExtractionPool = sharedExtractionPool()): Promise<void> {
  countTokens('', model); // the first count loads the encoding
  await Promise.all(Array.from({ length: pool.threads }, () => pool.extract(TINY_PAGE)));
}

/**
 * `activities`, each of which, on the worker's first activity call, schedules `warm` (once, `delayMs`
 * later). A failed warm-up is logged and forgotten: whatever it did not load loads on first use, as before.
 */
export function warmingUpOnFirstCall<A extends Record<string, (...args: never[]) => unknown>>(
  activities: A,
  warm: (() => Promise<void>) | undefined,
  delayMs = WARM_UP_DELAY_MS,
  onError: (err: unknown) => void = (err) => console.warn(`warm-up failed (nothing lost: it loads on first use): ${String(err)}`),
): A {
  if (!warm) return activities;
  let scheduled = false;
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setTimeout(() => void warm().catch(onError), delayMs).unref();
  };
  const wrapped: Record<string, (...args: never[]) => unknown> = {};
  for (const [name, fn] of Object.entries(activities)) {
    wrapped[name] = (...args: never[]) => {
      schedule();
      return fn(...args);
    };
  }
  return wrapped as A;
}
