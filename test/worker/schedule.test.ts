import { grant, intervalForRate, type LimiterState, peakInWindow } from '../../src/ratelimit/schedule';

describe('rate limiter schedule', () => {
  it('spaces requests one interval apart, however many ask at once', () => {
    let state: LimiterState = { nextFreeAtMs: 0 };
    const slots: number[] = [];
    for (let i = 0; i < 5; i++) {
      const next = grant(state, 10_000, 500, 10_000);
      state = next.state;
      slots.push(next.grant.slotAtMs!);
    }
    expect(slots).toEqual([10_000, 10_500, 11_000, 11_500, 12_000]);
    expect(peakInWindow(slots, 1000)).toBe(2);
  });

  it('grants at once when the limiter has been idle', () => {
    const { grant: g } = grant({ nextFreeAtMs: 1_000 }, 50_000, 500, 10_000);
    expect(g.slotAtMs).toBe(50_000);
  });

  it('reserves nothing beyond the horizon and says when to ask again', () => {
    const state = { nextFreeAtMs: 30_000 };
    const next = grant(state, 10_000, 500, 10_000);
    expect(next.grant).toEqual({ retryAtMs: 20_000 });
    expect(next.state).toBe(state);
  });

  it('turns a rate into an interval and refuses a rate of zero', () => {
    expect(intervalForRate(2)).toBe(500);
    expect(intervalForRate(0.5)).toBe(2000);
    expect(() => intervalForRate(0)).toThrow(RangeError);
  });

  it('finds the busiest one-second window', () => {
    expect(peakInWindow([], 1000)).toBe(0);
    expect(peakInWindow([0, 999, 1000, 1001, 2500], 1000)).toBe(3);
    expect(peakInWindow([0, 1000, 2000], 1000)).toBe(1);
    expect(peakInWindow([5000, 0, 100, 200], 1000)).toBe(3);
  });
});
