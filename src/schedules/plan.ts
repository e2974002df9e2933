/**
 * A research schedule's timing, pure: `--every` read and checked, and the catch-up window and jitter that go
 * with an interval (both set on every schedule and shown by `schedule list` and `show`).
 */

const UNIT_SECONDS = { s: 1, m: 60, h: 3_600, d: 86_400, w: 604_800 } as const;
export const MIN_EVERY_SECONDS = 1;
export const MAX_EVERY_SECONDS = 366 * 86_400;
const EVERY_HELP = 'a whole number and a unit: s, m, h, d or w, e.g. 7d, 12h or 30m (from 1s to 366d)';

export type Every = { ok: true; seconds: number } | { ok: false; message: string };

/** "7d", "12h", "30m", "90s", "2w". */
export function parseEvery(text: string): Every {
  const match = /^(\d{1,9})\s*([smhdw])$/i.exec(text.trim());
  if (!match) return { ok: false, message: `--every must be ${EVERY_HELP} (got "${text}")` };
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2].toLowerCase() as keyof typeof UNIT_SECONDS];
  if (seconds < MIN_EVERY_SECONDS || seconds > MAX_EVERY_SECONDS) return { ok: false, message: `--every must be ${EVERY_HELP} (got "${text}")` };
  return { ok: true, seconds };
}

export interface SchedulePolicy {
  everyMs: number;
  /** A run starts up to this much after its time, so many schedules of one interval do not start at once. */
  jitterMs: number;
  /** After the server was down, a missed run still starts when it is at most this late; older ones are dropped. */
  catchupWindowMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Jitter: a tenth of the interval, at most an hour. Catch-up window: one interval, at least a minute (the
 * server's floor is ten seconds) and at most a day, so a server that was down for a week starts one catch-up
 * run, not seven (overlap SKIP drops the rest while that one runs).
 */
export function policyFor(everySeconds: number): SchedulePolicy {
  const everyMs = everySeconds * 1000;
  return { everyMs, jitterMs: Math.min(Math.floor(everyMs / 10), HOUR), catchupWindowMs: Math.min(Math.max(everyMs, MINUTE), DAY) };
}

/** 604800000 → "7d", 5400000 → "1h 30m", 1500 → "1.5s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  if (ms < MINUTE) return `${Number((ms / 1000).toFixed(1))}s`;
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [unit, size] of [['d', 86_400], ['h', 3_600], ['m', 60], ['s', 1]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join(' ');
}

/** A schedule's ID: readable from the topic, or random when the topic must stay out of what the server stores in the clear. */
export function scheduleIdFor(topic: string, random: string, encrypted: boolean): string {
  if (encrypted) return `research-schedule-${random}`;
  const slug = topic.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'topic';
  return `research-schedule-${slug}-${random}`;
}
