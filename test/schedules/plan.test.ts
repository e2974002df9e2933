/** A schedule's timing: --every read and checked, and the jitter and catch-up window that go with it. No server. */
import fc from 'fast-check';
import { formatDuration, parseEvery, policyFor, scheduleIdFor } from '../../src/schedules/plan';
import { completedRunsQuery } from '../../src/schedules/query';

describe('--every', () => {
  it('reads a number and a unit', () => {
    expect(parseEvery('7d')).toEqual({ ok: true, seconds: 604_800 });
    expect(parseEvery('12h')).toEqual({ ok: true, seconds: 43_200 });
    expect(parseEvery(' 30m ')).toEqual({ ok: true, seconds: 1_800 });
    expect(parseEvery('2W')).toEqual({ ok: true, seconds: 1_209_600 });
  });

  it('refuses anything else in one line saying what is allowed', () => {
    for (const bad of ['7', 'd', '7x', '-1d', '1.5h', '0s', '367d', '7d ago', '']) {
      const every = parseEvery(bad);
      expect(every.ok).toBe(false);
      if (!every.ok) expect(every.message).toMatch(/^--every must be a whole number and a unit: s, m, h, d or w, e\.g\. 7d.*\(got ".*"\)$/);
    }
  });
});

describe('the policy of an interval', () => {
  it('jitters by a tenth (at most an hour) and catches up within one interval (a minute to a day)', () => {
    expect(policyFor(7 * 86_400)).toEqual({ everyMs: 604_800_000, jitterMs: 3_600_000, catchupWindowMs: 86_400_000 });
    expect(policyFor(3_600)).toEqual({ everyMs: 3_600_000, jitterMs: 360_000, catchupWindowMs: 3_600_000 });
    expect(policyFor(5)).toEqual({ everyMs: 5_000, jitterMs: 500, catchupWindowMs: 60_000 });
  });

  it('property: jitter stays under the interval, the window within its bounds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 366 * 86_400 }), (s) => {
        const p = policyFor(s);
        expect(p.jitterMs).toBeLessThan(p.everyMs);
        expect(p.jitterMs).toBeLessThanOrEqual(3_600_000);
        expect(p.catchupWindowMs).toBeGreaterThanOrEqual(60_000);
        expect(p.catchupWindowMs).toBeLessThanOrEqual(86_400_000);
      }),
    );
  });

  it('shows durations as people write them', () => {
    expect(formatDuration(604_800_000)).toBe('7d');
    expect(formatDuration(5_400_000)).toBe('1h 30m');
    expect(formatDuration(1_500)).toBe('1.5s');
    expect(formatDuration(500)).toBe('500ms');
  });
});

describe('names and queries', () => {
  it('keeps the topic out of the ID when runs are encrypted', () => {
    expect(scheduleIdFor('Solid-state batteries!', 'ab12', false)).toBe('research-schedule-solid-state-batteries-ab12');
    expect(scheduleIdFor('Solid-state batteries!', 'ab12', true)).toBe('research-schedule-ab12');
  });

  it('escapes a quote in the ID of the visibility query', () => {
    expect(completedRunsQuery("a'b")).toBe("TemporalScheduledById = 'a\\'b' AND ExecutionStatus = 'Completed'");
  });
});
