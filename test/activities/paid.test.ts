/**
 * A paying activity's books (src/activities/paid.ts): each answer's usage is saved in the heartbeat the moment
 * it is metered, a retry starts from what earlier attempts paid, and whatever the attempt throws carries the
 * total. In Temporal's mock activity context, without a server.
 */
import { ApplicationFailure, ApplicationFailureCategory, CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { troubleOrRethrow, unreadableTrouble, withPaidCalls } from '../../src/activities/paid';
import { badAnswer } from '../../src/errors';
import type { TokenUsage } from '../../src/domain/types';
import { paidUsageOf } from '../../src/paidUsage';

const A: TokenUsage = { calls: 1, promptTokens: 100, completionTokens: 20 };
const B: TokenUsage = { calls: 1, promptTokens: 7, completionTokens: 3 };
const A_AND_B: TokenUsage = { calls: 2, promptTokens: 107, completionTokens: 23 };

function environment(heartbeatDetails?: unknown): { env: MockActivityEnvironment; beats: unknown[] } {
  const env = new MockActivityEnvironment(heartbeatDetails === undefined ? {} : { heartbeatDetails });
  const beats: unknown[] = [];
  env.on('heartbeat', (details: unknown) => beats.push(details));
  return { env, beats };
}

describe('withPaidCalls', () => {
  it('saves each metered answer in the heartbeat at once, with the progress, and returns the total', async () => {
    const { env, beats } = environment();
    const result = await env.run(() =>
      withPaidCalls<{ done: number }, TokenUsage>(async ({ meter, checkpoint, paid }) => {
        meter(A);
        checkpoint({ done: 1 });
        meter(B);
        return paid();
      }),
    );
    expect(result).toEqual(A_AND_B);
    expect(beats.slice(1)).toStrictEqual([{ paid: A }, { paid: A, progress: { done: 1 } }, { paid: A_AND_B, progress: { done: 1 } }]);
  });

  it('starts from what earlier attempts paid, and resumes their progress', async () => {
    const { env } = environment({ paid: A, progress: { done: 3 } });
    const seen = await env.run(() =>
      withPaidCalls<{ done: number }, { resumed?: { done: number }; paid: TokenUsage }>(async ({ meter, resumed, paid }) => {
        meter(B);
        return { resumed, paid: paid() };
      }),
    );
    expect(seen).toEqual({ resumed: { done: 3 }, paid: A_AND_B });
  });

  it.each([
    ['nothing', undefined],
    ['an older checkpoint without `paid`', { url: 'https://a.example', partials: ['x'], usage: A }],
    ['counts that are not counts', { paid: { calls: -1, promptTokens: 5, completionTokens: 1 } }],
    ['a count that is not a number', { paid: { calls: 1, promptTokens: '5', completionTokens: 1 } }],
    ['a fraction', { paid: { calls: 1, promptTokens: 5.5, completionTokens: 1 } }],
  ])('starts from nothing paid when the heartbeat holds %s', async (_what, details) => {
    const { env } = environment(details);
    expect(await env.run(() => withPaidCalls(async ({ meter, paid }) => (meter(B), paid())))).toEqual(B);
  });

  it('makes a failure carry the total, keeping its type, message, retry behaviour and details', async () => {
    const { env } = environment({ paid: A });
    const thrown = ApplicationFailure.create({ message: 'overloaded', type: 'Unavailable', nonRetryable: false, details: ['x'], nextRetryDelay: 1500, category: ApplicationFailureCategory.BENIGN });
    const error = await env
      .run(() =>
        withPaidCalls(async ({ meter }) => {
          meter(B);
          throw thrown;
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplicationFailure);
    const failure = error as ApplicationFailure;
    expect(failure).toMatchObject({ message: 'overloaded', type: 'Unavailable', nonRetryable: false, nextRetryDelay: 1500, category: ApplicationFailureCategory.BENIGN });
    expect(failure.details).toEqual(['x', { paid: A_AND_B }]);
    expect(paidUsageOf(failure)).toEqual(A_AND_B);
  });

  it('keeps a failure that says not to retry so', async () => {
    const { env } = environment();
    const error = (await env
      .run(() =>
        withPaidCalls(async ({ meter }) => {
          meter(A);
          throw ApplicationFailure.create({ message: 'bad key', type: 'InvalidApiKey', nonRetryable: true });
        }),
      )
      .catch((e: unknown) => e)) as ApplicationFailure;
    expect(error).toMatchObject({ type: 'InvalidApiKey', nonRetryable: true });
    expect(error.details).toStrictEqual([{ paid: A }]);
  });

  it('turns any other error into a failure of its name carrying the total', async () => {
    const { env } = environment();
    const error = (await env
      .run(() =>
        withPaidCalls(async ({ meter }) => {
          meter(A);
          throw new TypeError('x is undefined');
        }),
      )
      .catch((e: unknown) => e)) as ApplicationFailure;
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ message: 'x is undefined', type: 'TypeError', details: [{ paid: A }] });
  });

  it('turns a thrown value that is no error into a failure saying what it was', async () => {
    const { env } = environment();
    const error = (await env.run(() => withPaidCalls(async ({ meter }) => Promise.reject((meter(A), 'gone')))).catch((e: unknown) => e)) as ApplicationFailure;
    expect(error).toMatchObject({ message: 'gone', type: 'Error' });
    expect(error.details).toStrictEqual([{ paid: A }]);
  });

  it('leaves the error as it was when nothing was paid', async () => {
    const { env } = environment();
    const thrown = new Error('before any call');
    expect(await env.run(() => withPaidCalls(async () => Promise.reject(thrown))).catch((e: unknown) => e)).toBe(thrown);
  });

  it('ends a cancelled attempt as a cancellation carrying what it paid, whatever the cancel made it throw', async () => {
    const { env } = environment();
    const error = await env
      .run(() =>
        withPaidCalls(async ({ meter, signal }) => {
          meter(A);
          env.cancel();
          expect(signal.aborted).toBe(true);
          throw new Error('fetch failed: aborted');
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CancelledFailure);
    expect(error).toMatchObject({ message: 'fetch failed: aborted' });
    expect((error as CancelledFailure).details).toStrictEqual([{ paid: A }]);
    expect(paidUsageOf(error)).toEqual(A);
  });

  it.each([
    ['a cancellation with details of its own', new CancelledFailure('stop', ['why']), 'stop', ['why', { paid: A }]],
    ['an error without a message', new Error(''), 'cancelled', [{ paid: A }]],
    ['a value that is no error', 'aborted', 'cancelled', [{ paid: A }]],
  ])('ends a cancelled attempt that threw %s as a cancellation', async (_what, thrown, message, details) => {
    const { env } = environment();
    const error = await env
      .run(() =>
        withPaidCalls(async ({ meter }) => {
          meter(A);
          env.cancel();
          throw thrown;
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CancelledFailure);
    expect(error).toMatchObject({ message });
    expect((error as CancelledFailure).details).toStrictEqual(details);
  });
});

describe('trouble', () => {
  it('is what a bad answer that stayed bad becomes; any other failure goes on', () => {
    const bad = badAnswer('LLM endpoint http://x/v1 answered an empty message (asked 3 times)', { kind: 'empty', answered: 'answered an empty message' });
    expect(troubleOrRethrow(bad)).toStrictEqual({ trouble: { line: 'LLM endpoint http://x/v1 answered an empty message (asked 3 times)', answered: 'answered an empty message' } });
    const other = ApplicationFailure.create({ message: 'down', type: 'Unavailable' });
    expect(() => troubleOrRethrow(other)).toThrow(other);
  });

  it('names the endpoint and quotes the last unreadable answer', () => {
    expect(unreadableTrouble('LLM endpoint http://x/v1', 'keywords', '{"keywords": ["a",\n')).toStrictEqual({
      line: 'LLM endpoint http://x/v1 answered keywords that are not the JSON asked for, the last: "{"keywords": ["a","',
      answered: 'answered keywords that are not the JSON asked for, the last: "{"keywords": ["a","',
    });
    expect(unreadableTrouble('OpenAI API', 'rankings', ' ').line).toBe('OpenAI API answered rankings that are not the JSON asked for, the last: an empty answer');
  });
});
