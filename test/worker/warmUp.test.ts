import { atMostEvery, warmingUpOnFirstCall } from '../../src/worker/warmUp';

describe("the worker's warm-up", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const activities = () => ({
    double: async (n: number) => n * 2,
    fail: async (why: string): Promise<number> => {
      throw new Error(why);
    },
  });

  it('starts once, a moment after the first activity call, and only then', async () => {
    let warmed = 0;
    const wrapped = warmingUpOnFirstCall(activities(), async () => void warmed++, 100);
    jest.advanceTimersByTime(1_000);
    expect(warmed).toBe(0); // a worker that runs nothing loads nothing

    await wrapped.double(1);
    await Promise.all([wrapped.double(2), wrapped.fail('x').catch(() => 0)]);
    jest.advanceTimersByTime(99);
    expect(warmed).toBe(0); // not while the first call's request may still be on its way out
    jest.advanceTimersByTime(1);
    expect(warmed).toBe(1);

    await wrapped.double(3);
    jest.advanceTimersByTime(1_000);
    expect(warmed).toBe(1);
  });

  it('leaves every activity its result and its failure', async () => {
    const wrapped = warmingUpOnFirstCall(activities(), async () => undefined, 1);
    await expect(wrapped.double(21)).resolves.toBe(42);
    await expect(wrapped.fail('the page was refused')).rejects.toThrow('the page was refused');
    expect(Object.keys(wrapped)).toEqual(['double', 'fail']);
  });

  it('reports a failed warm-up and goes on: what it did not load loads on first use', async () => {
    const errors: unknown[] = [];
    const wrapped = warmingUpOnFirstCall(activities(), async () => Promise.reject(new Error('no threads')), 1, (err) => errors.push(err));
    await expect(wrapped.double(2)).resolves.toBe(4);
    await jest.advanceTimersByTimeAsync(1);
    for (let i = 0; i < 5; i++) await Promise.resolve(); // the rejection reaches its handler
    expect(errors.map(String)).toEqual(['Error: no threads']);
    await expect(wrapped.double(3)).resolves.toBe(6);
  });

  it('wraps nothing when the deps have no warm-up (stubbed deps in tests)', () => {
    const plain = activities();
    expect(warmingUpOnFirstCall(plain, undefined)).toBe(plain);
  });

  it("starts the page reader's warm-up a moment after a page starts, at most once per interval however many pages start, and again once it may have idled out", () => {
    let clock = 0;
    let warmed = 0;
    const warmPageReader = atMostEvery(20_000, async () => void warmed++, { delayMs: 100, now: () => clock });
    for (let page = 0; page < 8; page++) warmPageReader(); // the first wave of pages starts at once
    jest.advanceTimersByTime(99);
    expect(warmed).toBe(0); // their fetches go out first
    jest.advanceTimersByTime(1);
    expect(warmed).toBe(1);
    clock = 19_999;
    warmPageReader();
    jest.advanceTimersByTime(1_000);
    expect(warmed).toBe(1);
    clock = 40_000;
    warmPageReader();
    jest.advanceTimersByTime(1_000);
    expect(warmed).toBe(2);
  });

  it('never lets a failed page-reader warm-up reach the page', async () => {
    const errors: unknown[] = [];
    const warmPageReader = atMostEvery(1, async () => Promise.reject(new Error('thread did not start')), { onError: (err) => errors.push(err) });
    expect(() => warmPageReader()).not.toThrow();
    await jest.advanceTimersByTimeAsync(1);
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(errors.map(String)).toEqual(['Error: thread did not start']);
  });
});
