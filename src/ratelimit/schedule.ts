/**
 * The limiter's arithmetic, pure: requests are spaced `intervalMs` apart (no bursts), and a slot is
 * reserved only within `horizonMs` of now, so callers that give up never hold slots far ahead.
 */
export interface LimiterState {
  /** Epoch ms of the first free slot. */
  nextFreeAtMs: number;
}

export type Grant =
  /** Send at `slotAtMs` (epoch ms; now or later). */
  | { slotAtMs: number; retryAtMs?: undefined }
  /** Busy beyond the horizon: ask again at `retryAtMs`; nothing was reserved. */
  | { retryAtMs: number; slotAtMs?: undefined };

export function grant(state: LimiterState, nowMs: number, intervalMs: number, horizonMs: number): { grant: Grant; state: LimiterState } {
  const slotAtMs = Math.max(nowMs, state.nextFreeAtMs);
  if (slotAtMs - nowMs > horizonMs) return { grant: { retryAtMs: slotAtMs - horizonMs }, state };
  return { grant: { slotAtMs }, state: { nextFreeAtMs: slotAtMs + intervalMs } };
}

/** Milliseconds between requests for a rate in requests per second. */
export function intervalForRate(rps: number): number {
  if (!(rps > 0)) throw new RangeError(`a rate must be more than 0 requests per second (got ${rps})`);
  return Math.ceil(1000 / rps);
}

/** The most requests whose times fall in one window [t, t + windowMs), over every t. */
export function peakInWindow(timesMs: readonly number[], windowMs: number): number {
  const sorted = [...timesMs].sort((a, b) => a - b);
  let peak = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end] - sorted[start] >= windowMs) start++;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}
