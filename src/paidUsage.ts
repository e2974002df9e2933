/**
 * What an activity paid for, kept where Temporal keeps things: in its heartbeat (the checkpoint the next
 * attempt starts from) and in the failure or cancellation it ends with. The activities write it; the workflow
 * reads it back and charges it. Pure apart from Temporal's failure types, so the workflow bundle can use it.
 */
import { ActivityFailure, ApplicationFailure, CancelledFailure, TimeoutFailure } from '@temporalio/common';
import { type TokenUsage, ZERO_USAGE } from './domain/types';

/**
 * A failure's detail (and an activity's checkpoint) saying what the activity paid for in all its attempts so
 * far: the workflow charges it when the activity fails for good, the next attempt starts counting from it.
 */
export interface PaidDetail {
  paid: TokenUsage;
}

function isCount(n: unknown): n is number {
  return Number.isSafeInteger(n) && (n as number) >= 0;
}

/** The paid usage in one detail value (a failure's detail, a checkpoint), or undefined when it holds none. */
export function paidUsageIn(value: unknown): TokenUsage | undefined {
  const { calls, promptTokens, completionTokens } = ((value as Partial<PaidDetail> | null | undefined)?.paid ?? {}) as Partial<TokenUsage>;
  if (!isCount(calls) || !isCount(promptTokens) || !isCount(completionTokens)) return undefined;
  return { calls, promptTokens, completionTokens };
}

/**
 * The error an activity throws, carrying what it paid (nothing added when it paid nothing). A cancelled
 * activity's is a cancellation (with the usage in its details: the SDK reports it as such); anything else
 * becomes an ApplicationFailure of the same type, message and retry behaviour, with the usage as its last detail.
 */
export function withPaidUsage(err: unknown, paid: TokenUsage, cancelled: boolean): unknown {
  if (paid.calls === 0) return err; // (every answer paid for is a call)
  const detail: PaidDetail = { paid };
  // Cancelled, whatever it threw (an abort, a fetch cut short) is the cancellation's doing.
  if (cancelled) {
    const message = err instanceof Error && err.message ? err.message : 'cancelled';
    return new CancelledFailure(message, [...(err instanceof CancelledFailure ? err.details : []), detail]);
  }
  if (err instanceof ApplicationFailure) {
    const copy = ApplicationFailure.create({
      message: err.message,
      type: err.type ?? undefined,
      nonRetryable: err.nonRetryable ?? undefined,
      details: [...(err.details ?? []), detail],
      nextRetryDelay: err.nextRetryDelay ?? undefined,
      cause: err.cause,
      category: err.category ?? undefined,
    });
    copy.stack = err.stack;
    return copy;
  }
  const error = err instanceof Error ? err : new Error(String(err));
  const copy = ApplicationFailure.create({ message: error.message, type: error.name, details: [detail] });
  copy.stack = error.stack;
  return copy;
}

/**
 * What an activity that failed for good had paid for, in all its attempts: carried in its failure's details
 * (an ApplicationFailure or a cancellation), or in its last heartbeat when it timed out. Nothing when the
 * failure says nothing (a failure recorded before activities reported it, a search).
 */
export function paidUsageOf(err: unknown): TokenUsage {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof TimeoutFailure) return paidUsageIn(cause.lastHeartbeatDetails) ?? ZERO_USAGE;
  if (!(cause instanceof ApplicationFailure) && !(cause instanceof CancelledFailure)) return ZERO_USAGE;
  const found = cause.details?.map(paidUsageIn).filter((usage) => usage !== undefined);
  return found?.[found.length - 1] ?? ZERO_USAGE;
}
