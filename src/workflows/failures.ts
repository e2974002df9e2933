/** What the workflow makes of a failed activity. Pure apart from the Temporal failure types. */
import { ActivityFailure, ApplicationFailure, CancelledFailure, isCancellation, TimeoutFailure } from '@temporalio/workflow';
import { type TokenUsage, ZERO_USAGE } from '../domain/types';
import { CONFIGURATION_FAILURES, FailureType, paidUsageIn } from '../errors';

/**
 * The reason to record for a failed search, ranking or page, so the run can go on. Throws instead for a
 * cancellation (it propagates) and for a failure that says the run's configuration is wrong (bad key,
 * bad request): every later call would fail the same way, so the run fails, saying why.
 */
export function failureReasonOrRethrow(err: unknown): string {
  if (isCancellation(err)) throw err;
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure && cause.type && CONFIGURATION_FAILURES.includes(cause.type)) {
    throw ApplicationFailure.create({ message: cause.message, type: cause.type, nonRetryable: true });
  }
  const message = cause instanceof Error ? cause.message : String(cause);
  return cause instanceof ApplicationFailure && cause.type === FailureType.MalformedResponse
    ? `unreadable answer after retries: ${message}`
    : message;
}

/**
 * What an activity that failed for good had paid for, in all its attempts: carried in its failure's details
 * (an ApplicationFailure or a cancellation), or in its last heartbeat when it timed out. Nothing when the
 * failure says nothing (a failure recorded before activities reported it, a search).
 */
export function paidUsageOf(err: unknown): TokenUsage {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  const values =
    cause instanceof ApplicationFailure || cause instanceof CancelledFailure
      ? (cause.details ?? [])
      : cause instanceof TimeoutFailure
        ? [cause.lastHeartbeatDetails]
        : [];
  for (let i = values.length - 1; i >= 0; i--) {
    const usage = paidUsageIn(values[i]);
    if (usage) return usage;
  }
  return ZERO_USAGE;
}
