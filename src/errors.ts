/**
 * Typed failures. Each carries a `type` that Temporal retry policies and the workflow understand:
 * retryable ones go back to the retry policy (with a server-suggested delay where there is one),
 * non-retryable ones fail fast with a message a user can act on.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { ModelTrouble } from './domain/types';
import { redact } from './redact';

export const FailureType = {
  /** The API key was refused (401/403). Never retried. */
  InvalidApiKey: 'InvalidApiKey',
  /** A required key or setting is missing. Never retried. */
  MissingApiKey: 'MissingApiKey',
  /** The request itself is wrong (400/404/422): retrying cannot help. */
  InvalidRequest: 'InvalidRequest',
  /** 429: retried after the delay the server asked for. */
  RateLimited: 'RateLimited',
  /** 5xx, timeouts, connection errors: retried with backoff. */
  Unavailable: 'Unavailable',
  /** The far side answered something we cannot read (bad JSON, wrong shape). Retried a few times. */
  MalformedResponse: 'MalformedResponse',
  /**
   * The model refused this input because of what the input is (too long for its context, caught by its
   * content filter). Never retried; a page's refusal skips that page, it does not fail the run.
   */
  InputRefused: 'InputRefused',
  /**
   * The model answered, but with no answer: an empty message, an HTML page with status 200 (a proxy's error
   * page), a refusal. Retried a few times inside the activity (so what those answers cost stays counted);
   * after that the part it was for is left out, saying so.
   */
  BadAnswer: 'BadAnswer',
  /** Search found nothing for any query: there is nothing to research. Never retried. */
  NothingFound: 'NothingFound',
} as const;
export type FailureType = (typeof FailureType)[keyof typeof FailureType];

/** Failure types that mean the run's configuration is wrong: the workflow stops instead of skipping work. */
export const CONFIGURATION_FAILURES: readonly string[] = [
  FailureType.InvalidApiKey,
  FailureType.MissingApiKey,
  FailureType.InvalidRequest,
];

export function invalidApiKey(message: string): ApplicationFailure {
  return ApplicationFailure.create({ message, type: FailureType.InvalidApiKey, nonRetryable: true });
}

export function missingApiKey(message: string): ApplicationFailure {
  return ApplicationFailure.create({ message, type: FailureType.MissingApiKey, nonRetryable: true });
}

export function invalidRequest(message: string): ApplicationFailure {
  return ApplicationFailure.create({ message, type: FailureType.InvalidRequest, nonRetryable: true });
}

/** The longest Retry-After honoured: a server asking for more (an hour, a day) fails the call instead. */
export const MAX_RETRY_AFTER_MS = 120_000;

/**
 * `retryAfterMs` is the server's Retry-After, used as the next retry delay when given. Beyond
 * MAX_RETRY_AFTER_MS the call is not retried: it fails as rate limited, saying how long was asked.
 */
export function rateLimited(message: string, retryAfterMs?: number): ApplicationFailure {
  if (retryAfterMs !== undefined && retryAfterMs > MAX_RETRY_AFTER_MS) {
    return ApplicationFailure.create({
      message: `${message} (rate limited: the server asks to wait ${formatWait(retryAfterMs)} before retrying, more than the ${MAX_RETRY_AFTER_MS / 1000} s this run waits)`,
      type: FailureType.RateLimited,
      nonRetryable: true,
    });
  }
  return ApplicationFailure.create({
    message,
    type: FailureType.RateLimited,
    nextRetryDelay: retryAfterMs !== undefined && retryAfterMs > 0 ? retryAfterMs : undefined,
  });
}

function formatWait(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} days`;
}

/**
 * The model refused this input for what it is. `details` carries the code (context_length_exceeded,
 * content_filter) and the endpoint's own words, for the skipped page's reason.
 */
export function inputRefused(message: string, code: string, detail: string): ApplicationFailure {
  return ApplicationFailure.create({ message, type: FailureType.InputRefused, nonRetryable: true, details: [code, detail] });
}

export function unavailable(message: string, cause?: Error): ApplicationFailure {
  return ApplicationFailure.create({ message, type: FailureType.Unavailable, cause });
}

/** `nonRetryable` when the answer was already retried inside the activity: another attempt would only repeat that. */
export function malformedResponse(message: string, options: { nonRetryable?: boolean } = {}): ApplicationFailure {
  return ApplicationFailure.create({ message, type: FailureType.MalformedResponse, nonRetryable: options.nonRetryable });
}

/** What a bad answer was: its kind, and in words without the endpoint ("an empty message"), for notes in the report. */
export interface BadAnswerDetail {
  kind: 'empty' | 'html' | 'not_completion' | 'refusal' | 'content_filter';
  answered: string;
}

/** `message` names the endpoint and what it answered, in one line (what the run's result and the CLI show). */
export function badAnswer(message: string, detail: BadAnswerDetail, options: { nonRetryable?: boolean } = {}): ApplicationFailure {
  return ApplicationFailure.create({ message, type: FailureType.BadAnswer, nonRetryable: options.nonRetryable, details: [detail] });
}

/** The bad answer a failure reports, if it is one. */
export function badAnswerOf(err: unknown): BadAnswerDetail | undefined {
  if (!(err instanceof ApplicationFailure) || err.type !== FailureType.BadAnswer) return undefined;
  const detail = err.details?.[0] as Partial<BadAnswerDetail> | undefined;
  return { kind: detail?.kind ?? 'empty', answered: typeof detail?.answered === 'string' ? detail.answered : err.message };
}

/** The trouble a bad answer is (its line names the endpoint), if the failure is one. */
export function modelTroubleOf(err: unknown): ModelTrouble | undefined {
  const detail = badAnswerOf(err);
  return detail && { line: (err as ApplicationFailure).message, answered: detail.answered };
}

/** Parses an HTTP Retry-After header (seconds or HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Maps an HTTP status from any far side (LLM endpoint, search provider) to the right typed failure.
 * `who` names the service in the message, e.g. "search provider serper".
 */
export function failureForHttpStatus(
  who: string,
  status: number,
  detail: string,
  retryAfter?: string | null,
): ApplicationFailure {
  // Error bodies often echo the request: never let a key it carried into the message.
  const text = redact(`${who} answered HTTP ${status}${detail ? `: ${detail}` : ''}`);
  if (status === 401 || status === 403) return invalidApiKey(`${text} (check its API key)`);
  if (status === 429) return rateLimited(text, parseRetryAfter(retryAfter));
  if (status === 408 || status >= 500) return unavailable(text);
  return invalidRequest(text);
}
