/**
 * What a failed, timed-out or cancelled activity paid, read back by the workflow from what Temporal kept of
 * it (src/paidUsage.ts). Pure.
 */
import { ActivityFailure, ApplicationFailure, CancelledFailure, RetryState, TimeoutFailure, TimeoutType } from '@temporalio/common';
import fc from 'fast-check';
import { ZERO_USAGE } from '../src/domain/types';
import { paidUsageIn, paidUsageOf } from '../src/paidUsage';

const USAGE = { calls: 3, promptTokens: 1200, completionTokens: 340 };

function activityFailure(cause: Error): ActivityFailure {
  return new ActivityFailure('activity failed', 'summarizePage', '7', RetryState.MAXIMUM_ATTEMPTS_REACHED, 'worker', cause);
}

describe('paidUsageOf', () => {
  it('reads a failure\'s paid usage from its last detail that holds one', () => {
    const failure = ApplicationFailure.create({ message: 'x', type: 'Unavailable', details: ['code', { paid: { ...USAGE, calls: 9 } }, 'other', { paid: USAGE }] });
    expect(paidUsageOf(activityFailure(failure))).toEqual(USAGE);
    expect(paidUsageOf(failure)).toEqual(USAGE);
  });

  it('reads the last detail that holds paid usage, whatever follows it', () => {
    const failure = ApplicationFailure.create({ message: 'x', details: [{ paid: { ...USAGE, calls: 9 } }, { paid: USAGE }, 'after', { paid: 'lots' }] });
    expect(paidUsageOf(activityFailure(failure))).toEqual(USAGE);
    expect(paidUsageOf(activityFailure(ApplicationFailure.create({ message: 'no details' })))).toEqual(ZERO_USAGE);
  });

  it('reads a cancellation\'s details, and a timeout\'s last heartbeat', () => {
    expect(paidUsageOf(activityFailure(new CancelledFailure('cancelled', [{ paid: USAGE }])))).toEqual(USAGE);
    const timeout = new TimeoutFailure('heartbeat timeout', { paid: USAGE, progress: { url: 'https://a.example', partials: [] } }, TimeoutType.HEARTBEAT);
    expect(paidUsageOf(activityFailure(timeout))).toEqual(USAGE);
  });

  it('reads nothing from failures that say nothing of it, or say it in an older shape', () => {
    expect(paidUsageOf(activityFailure(ApplicationFailure.create({ message: 'x', details: ['context_length_exceeded', 'too long'] })))).toEqual(ZERO_USAGE);
    expect(paidUsageOf(activityFailure(new TimeoutFailure('t', { url: 'u', partials: [], usage: USAGE }, TimeoutType.HEARTBEAT)))).toEqual(ZERO_USAGE);
    expect(paidUsageOf(activityFailure(new TimeoutFailure('t', undefined, TimeoutType.START_TO_CLOSE)))).toEqual(ZERO_USAGE);
    expect(paidUsageOf(new Error('plain'))).toEqual(ZERO_USAGE);
    expect(paidUsageOf(undefined)).toEqual(ZERO_USAGE);
  });
});

describe('paidUsageIn', () => {
  it('takes any whole, non-negative counts as they are', () => {
    const count = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
    fc.assert(
      fc.property(count, count, count, (calls, promptTokens, completionTokens) => {
        const usage = { calls, promptTokens, completionTokens };
        expect(paidUsageIn({ paid: { ...usage, extra: 'ignored' } })).toEqual(usage);
      }),
    );
  });

  it('refuses anything else', () => {
    const notACount = fc.oneof(fc.integer({ max: -1 }), fc.double({ noInteger: true }), fc.string(), fc.constant(null), fc.constant(undefined), fc.constant(Number.MAX_SAFE_INTEGER + 2));
    fc.assert(
      fc.property(notACount, fc.constantFrom('calls', 'promptTokens', 'completionTokens'), (bad, field) => {
        expect(paidUsageIn({ paid: { ...USAGE, [field]: bad } })).toBeUndefined();
      }),
    );
    for (const value of [undefined, null, 'paid', 5, { paid: null }, { paid: 'lots' }, { usage: USAGE }]) expect(paidUsageIn(value)).toBeUndefined();
    expect(paidUsageIn({ paid: { calls: 0, promptTokens: 0, completionTokens: 0 } })).toStrictEqual(ZERO_USAGE);
  });
});
