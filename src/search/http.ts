/**
 * The one HTTP call every search provider makes: global fetch with a timeout, the body read as
 * JSON (validated with a zod schema) or text, and every failure turned into a typed failure that
 * names the provider. The caller's own cancellation is passed through untouched.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { z } from 'zod';
import { failureForHttpStatus, malformedResponse, unavailable } from '../errors';

const USER_AGENT = 'deep-research-temporal/0.1';
const MAX_DETAIL_CHARS = 200;

export interface HttpErrorInfo {
  status: number;
  /** A short, readable excerpt of the error body. */
  detail: string;
  /** The error body parsed as JSON, when it was JSON. */
  body: unknown;
  headers: Headers;
}

export interface HttpRequest {
  /** The provider's name, used in every error message. */
  provider: string;
  url: string | URL;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Sent as a JSON body. */
  json?: unknown;
  timeoutMs: number;
  /** The caller's cancellation (activity cancellation). */
  signal?: AbortSignal;
  /** Lets a provider give a better failure for an error answer it knows; undefined falls back to the HTTP status. */
  onHttpError?: (error: HttpErrorInfo) => ApplicationFailure | undefined;
}

/** GETs or POSTs and returns the body validated against `schema`. */
export async function requestJson<S extends z.ZodType>(request: HttpRequest, schema: S): Promise<z.output<S>> {
  const { status, text } = await send(request, 'application/json');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw malformedResponse(
      `search provider ${request.provider} answered HTTP ${status} with a body that is not JSON: ${excerpt(text) || '(empty)'}`,
    );
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw malformedResponse(
      `search provider ${request.provider} answered JSON of an unexpected shape: ${describeIssues(parsed.error)}`,
    );
  }
  return parsed.data;
}

/** GETs or POSTs and returns the body as text (for HTML pages). */
export async function requestText(request: HttpRequest): Promise<string> {
  return (await send(request, 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8')).text;
}

async function send(request: HttpRequest, accept: string): Promise<{ status: number; text: string }> {
  const { provider, signal: callerSignal, timeoutMs } = request;
  callerSignal?.throwIfAborted();
  const timeoutSignal = AbortSignal.timeout(timeoutMs);
  const signal = callerSignal ? AbortSignal.any([callerSignal, timeoutSignal]) : timeoutSignal;
  const headers: Record<string, string> = { accept, 'user-agent': USER_AGENT, ...request.headers };
  if (request.json !== undefined) headers['content-type'] = 'application/json';

  try {
    const response = await fetch(request.url, {
      method: request.method ?? 'GET',
      headers,
      body: request.json === undefined ? undefined : JSON.stringify(request.json),
      signal,
      redirect: 'follow',
    });
    const text = await response.text();
    if (!response.ok) throw httpFailure(request, response, text);
    return { status: response.status, text };
  } catch (error) {
    // The caller gave up: that is a cancellation, not a failure of the provider to retry.
    if (callerSignal?.aborted) throw callerSignal.reason ?? error;
    if (error instanceof ApplicationFailure) throw error;
    if (timeoutSignal.aborted) {
      throw unavailable(`search provider ${provider} did not answer within ${formatSeconds(timeoutMs)}`, asError(error));
    }
    throw unavailable(`search provider ${provider} could not be reached: ${networkReason(error)}`, asError(error));
  }
}

function httpFailure(request: HttpRequest, response: Response, text: string): ApplicationFailure {
  const body = tryParseJson(text);
  const detail = errorDetail(body, text);
  const known = request.onHttpError?.({ status: response.status, detail, body, headers: response.headers });
  return (
    known ??
    failureForHttpStatus(`search provider ${request.provider}`, response.status, detail, response.headers.get('retry-after'))
  );
}

/** The most telling message in an error body: the usual JSON error fields, else the text itself. */
function errorDetail(body: unknown, text: string): string {
  const candidates = [
    pick(body, 'error', 'message'),
    pick(body, 'error', 'detail'),
    pick(body, 'error'),
    pick(body, 'message'),
    pick(body, 'detail', 'error'),
    pick(body, 'detail', 'message'),
    pick(body, 'detail'),
  ];
  const found = candidates.find((value): value is string => typeof value === 'string' && value.trim() !== '');
  return excerpt(found ?? text);
}

function pick(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Error pages are often HTML: keep a short single line of their text. */
function excerpt(text: string): string {
  const plain = text
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > MAX_DETAIL_CHARS ? `${plain.slice(0, MAX_DETAIL_CHARS)}…` : plain;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

/** fetch reports "fetch failed" and hides the useful part (ECONNREFUSED, ENOTFOUND...) in `cause`. */
function networkReason(error: unknown): string {
  const { message, cause } = (isErrorLike(error) ? error : {}) as { message?: string; cause?: { code?: string; message?: string } };
  const parts = [message ?? String(error), cause?.code ?? cause?.message];
  return parts.filter(Boolean).join(': ');
}

// Duck-typed: errors from fetch may come from another realm (e.g. under Jest), where instanceof Error fails.
function isErrorLike(error: unknown): error is Error {
  return typeof error === 'object' && error !== null && typeof (error as Error).message === 'string';
}

function asError(error: unknown): Error | undefined {
  return isErrorLike(error) ? error : undefined;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
