/** What the workflow makes of a failed activity. Pure apart from the Temporal failure types. */
import { ActivityFailure, ApplicationFailure, isCancellation } from '@temporalio/workflow';
import { CONFIGURATION_FAILURES, FailureType } from '../errors';

export { paidUsageOf } from '../paidUsage';

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

