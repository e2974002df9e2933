/**
 * The one door to the LLM: any OpenAI-compatible Chat Completions endpoint. Every answer's usage is
 * reported the moment it arrives (the caller's meter), whatever is made of the answer next, and every
 * failure is typed. The model is the run's (a per-call option): a worker holds only the endpoint and key.
 *
 * Transport failures (5xx, timeouts, 429) are not retried here: Temporal's retry policy is the only retry
 * loop for those, so a retried call is visible in the run's history. An answer that arrived but is no
 * answer (empty, an HTML page, a refusal, JSON that does not parse) is asked again here, a bounded number
 * of times: what it cost is then counted in this process, where nothing can lose it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import OpenAI from 'openai';
import type { z } from 'zod';
import type { ApplicationFailure } from '@temporalio/common';
import { addUsage, type TokenUsage, ZERO_USAGE } from '../domain/types';
import { badAnswer, type BadAnswerDetail, failureForHttpStatus, inputRefused, invalidApiKey, invalidRequest, unavailable } from '../errors';
import { redact, redactError } from '../redact';
import { cleanText } from '../text/hygiene';
import { readAnswer, type ReadAnswer } from './completion';
import { type ChatMessage } from './prompts';
import { parseAnswer } from './parse';
import { type Answer, type AnswerName, LLM_ANSWERS } from './schemas';
import { countTokens } from './tokens';

export interface LlmClientOptions {
  apiKey: string;
  baseUrl?: string;
  jsonMode: 'json_schema' | 'json_object' | 'none';
  /** One request's limit, headers and the whole body of the answer. */
  timeoutMs: number;
  /** Waits for a slot of the shared rate limit before every HTTP request (retries and step-downs included). */
  acquire?: (signal?: AbortSignal) => Promise<void>;
  /** The pause before asking again after a bad answer; doubles each time. Default 1 s. */
  badAnswerPauseMs?: number;
  /** How long an answer whose headers have arrived may still finish once the caller cancels. Default 2 s. */
  cancelGraceMs?: number;
  /** Told of every HTTP request once it ends: how, how long it took, what its answer billed (the worker's metrics). */
  observe?: (call: RequestRecord) => void;
}

/** One HTTP request to the model, as `observe` is told of it. */
export interface RequestRecord {
  model: string;
  outcome: 'answered' | 'rate_limited' | 'error' | 'cancelled';
  latencyMs: number;
  usage?: TokenUsage;
}

/** Receives each answer's usage as it arrives (an activity adds it to what it has paid and checkpoints it). */
export type UsageMeter = (usage: TokenUsage) => void;

export interface CallOptions {
  /** The run's model (`settings.model`). */
  model: string;
  maxTokens: number;
  signal?: AbortSignal;
  meter?: UsageMeter;
  /** Answers asked for at most while they are bad (empty, HTML, a refusal, unreadable JSON). Default 3. */
  tries?: number;
  /** Asked before each further try: false stops there (say, the budget left for this step does not cover it). */
  mayRetry?: () => boolean;
  /** The model's output limit: a JSON answer cut off at `maxTokens` is asked again with up to this much room. */
  outputLimit?: number;
}

export interface ChatReply {
  text: string;
  /** "length" when the model stopped at its output limit. */
  finishReason: string;
  /** All the answers this call was given, the bad ones included. */
  usage: TokenUsage;
}

export interface JsonReply<N extends AnswerName> {
  /** Undefined when no answer could be read as the asked-for JSON, after the tries. */
  value: Answer<N> | undefined;
  raw: string;
  /** "length" at the model's output limit. */
  finishReason: string;
  usage: TokenUsage;
}

/** An answer already arriving when the caller cancels may finish within this (it is billed, and then counted). */
const CANCEL_GRACE_MS = 2_000;

/** Bad answers are asked again this many times in all, unless the caller says otherwise. */
export const DEFAULT_TRIES = 3;

/** JSON Schemas sent as structured output; strict mode wants every field required and nothing extra. */
export const JSON_SCHEMAS: Record<AnswerName, Record<string, unknown>> = {
  search_keywords: objectSchema({ keywords: { type: 'array', items: { type: 'string' } } }),
  research_queries: objectSchema({ queries: { type: 'array', items: { type: 'string' } } }),
  ranked_results: objectSchema({ indices: { type: 'array', items: { type: 'integer' } } }),
  page_summary: objectSchema({ relevant: { type: 'boolean' }, summary: { type: 'string' } }),
  report_plan: objectSchema({
    title: { type: 'string' },
    sections: {
      type: 'array',
      items: objectSchema({ heading: { type: 'string' }, purpose: { type: 'string' }, sources: { type: 'array', items: { type: 'integer' } }, words: { type: 'integer' } }),
    },
  }),
  report_framing: objectSchema({ summary: { type: 'string' }, conclusion: { type: 'string' } }),
  report_verify: objectSchema({
    decisions: { type: 'array', items: objectSchema({ id: { type: 'integer' }, action: { type: 'string', enum: ['keep', 'fix', 'drop'] }, text: { type: 'string' } }) },
  }),
  gap_analysis: objectSchema({
    gaps: { type: 'array', items: objectSchema({ question: { type: 'string' }, query: { type: 'string' }, why: { type: 'string' } }) },
  }),
  change_summary: objectSchema({ summary: { type: 'string' } }),
};

function objectSchema(properties: Record<string, unknown>): Record<string, unknown> {
  return { type: 'object', properties, required: Object.keys(properties), additionalProperties: false };
}

/** OpenAI reasoning models: no temperature, max_completion_tokens only, reasoning tokens billed as output. */
const REASONING_MODEL = /^(o\d|gpt-5)/;
const REASONING_HEADROOM_TOKENS = 2_048;

/** The single array field of an answer, used when a model answers a bare array. */
const ARRAY_FIELD: Partial<Record<AnswerName, string>> = {
  search_keywords: 'keywords',
  research_queries: 'queries',
  ranked_results: 'indices',
  gap_analysis: 'gaps',
};

/** Bad answers asked again (a filter's verdict on the same input is not: it would only say the same). */
const RETRIED_KINDS: readonly BadAnswerDetail['kind'][] = ['empty', 'html', 'not_completion', 'refusal'];

export class LlmClient {
  private readonly openai: OpenAI;
  /** OpenAI's own newer models want max_completion_tokens and a default temperature; most compatible servers want max_tokens. */
  private readonly officialApi: boolean;
  private currentJsonMode: LlmClientOptions['jsonMode'];
  /** The endpoint as messages name it (never with the key). */
  readonly endpoint: string;
  /** Set once the endpoint has answered with a chat completion: before that, an HTML page means a wrong OPENAI_BASE_URL. */
  private answeredOnce = false;

  constructor(private readonly options: LlmClientOptions) {
    this.openai = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseUrl,
      maxRetries: 0,
      // Our own deadline (headers and body) fires first, with its own message.
      timeout: options.timeoutMs + 1_000,
    });
    this.currentJsonMode = options.jsonMode;
    this.officialApi = !options.baseUrl || /(^|\.)openai\.com(\/|$|:)/.test(new URL(options.baseUrl).host);
    this.endpoint = options.baseUrl ? `LLM endpoint ${redact(options.baseUrl, [options.apiKey])}` : 'OpenAI API';
  }

  /** The JSON mode in use: starts as configured, steps down when the endpoint refuses it. */
  get jsonMode(): LlmClientOptions['jsonMode'] {
    return this.currentJsonMode;
  }

  private request(messages: ChatMessage[], opts: { model: string; maxTokens: number; json?: AnswerName }): OpenAI.Chat.ChatCompletionCreateParamsNonStreaming {
    const body: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming = { model: opts.model, messages };
    if (REASONING_MODEL.test(opts.model)) {
      // Reasoning tokens count against the output limit: without headroom a short answer comes back empty.
      body.max_completion_tokens = opts.maxTokens + REASONING_HEADROOM_TOKENS;
      body.reasoning_effort = 'low';
    } else {
      if (this.officialApi) body.max_completion_tokens = opts.maxTokens;
      else body.max_tokens = opts.maxTokens;
      body.temperature = 0;
    }
    if (opts.json && this.currentJsonMode === 'json_schema') {
      body.response_format = {
        type: 'json_schema',
        json_schema: { name: opts.json, schema: JSON_SCHEMAS[opts.json], strict: true },
      };
    } else if (opts.json && this.currentJsonMode === 'json_object') {
      body.response_format = { type: 'json_object' };
    }
    return body;
  }

  /**
   * Many compatible servers (older vLLM, LM Studio, gateways) reject structured output with a 400.
   * Step down json_schema → json_object → none and remember it; answers are parsed tolerantly anyway.
   */
  private refusedResponseFormat(err: unknown): boolean {
    if (!(err instanceof OpenAI.BadRequestError) && !(err instanceof OpenAI.UnprocessableEntityError)) return false;
    if (this.currentJsonMode === 'none' || !/response_format|json_schema|json_object|structured output/i.test(err.message)) return false;
    this.currentJsonMode = this.currentJsonMode === 'json_schema' ? 'json_object' : 'none';
    return true;
  }

  /** A written answer: asked again while it is bad (empty, HTML, a refusal), then a BadAnswer failure. */
  async chat(messages: ChatMessage[], opts: CallOptions): Promise<ChatReply> {
    const { reply } = await this.ask(messages, opts, undefined, () => true);
    return reply;
  }

  /** A JSON answer: also asked again while it does not parse (with twice the room when it was cut off). */
  async chatJson<N extends AnswerName>(name: N, messages: ChatMessage[], opts: CallOptions): Promise<JsonReply<N>> {
    const schema = LLM_ANSWERS[name] as unknown as z.ZodType<Answer<N>>;
    const { reply, value } = await this.ask(messages, opts, name, (text) => parseAnswer(text, schema, ARRAY_FIELD[name]));
    return { value, raw: reply.text, finishReason: reply.finishReason, usage: reply.usage };
  }

  private async ask<T>(messages: ChatMessage[], opts: CallOptions, json: AnswerName | undefined, read: (text: string) => T | undefined): Promise<{ reply: ChatReply; value: T | undefined }> {
    const tries = Math.max(1, opts.tries ?? DEFAULT_TRIES);
    let usage = ZERO_USAGE;
    let maxTokens = opts.maxTokens;
    let badOnes = 0;
    for (let attempt = 1; ; attempt++) {
      let answer: ReadAnswer;
      try {
        answer = await this.once(messages, { ...opts, maxTokens, json });
      } catch (err) {
        throw redactError(this.classify(err, opts), [this.options.apiKey]);
      }
      if (answer.usage) {
        usage = addUsage(usage, answer.usage);
        opts.meter?.(answer.usage);
      }
      // (Asked once this answer is counted: the budget left for another try is what is left after it.)
      const last = attempt >= tries || opts.mayRetry?.() === false;
      if (answer.kind === 'answer') {
        this.answeredOnce = true;
        // A model repeats what pages held: no controls, bidi or escapes in what it wrote.
        const text = cleanText(answer.text);
        const reply: ChatReply = { text, finishReason: answer.finishReason, usage };
        const value = read(text);
        if (value !== undefined || last) return { reply, value };
        // Cut off at the output limit, the same answer would be cut again: give it twice the room, within the model's.
        if (answer.finishReason === 'length') maxTokens = Math.max(maxTokens, Math.min(2 * maxTokens, opts.outputLimit ?? maxTokens));
        continue;
      }
      // What it answered is quoted in messages, notes and the report: an endpoint may echo the key in it.
      const answered = redact(answer.answered, [this.options.apiKey]);
      if (answer.kind === 'html' || answer.kind === 'not_completion') {
        // The very first answer of this endpoint is no chat completion: the address is wrong, not the moment.
        if (!this.answeredOnce) throw invalidRequest(`${this.endpoint} ${answered}: check OPENAI_BASE_URL`);
      } else {
        this.answeredOnce = true;
      }
      badOnes++;
      if (last || !RETRIED_KINDS.includes(answer.kind)) {
        const times = badOnes > 1 ? ` (asked ${badOnes} times)` : '';
        throw badAnswer(`${this.endpoint} ${answered}${times}`, { kind: answer.kind, answered });
      }
      await sleep((this.options.badAnswerPauseMs ?? 1_000) * 2 ** (badOnes - 1), undefined, { signal: opts.signal });
    }
  }

  /**
   * One HTTP request and its whole answer, within the time limit. A cancel stops the request at once until
   * its answer starts to arrive; after that the body gets a moment to finish (the endpoint has billed it, and
   * it is counted), then the cancel cuts it too.
   */
  private async once(messages: ChatMessage[], opts: CallOptions & { json?: AnswerName }): Promise<ReadAnswer> {
    for (;;) {
      await this.options.acquire?.(opts.signal);
      const deadline = AbortSignal.timeout(this.options.timeoutMs);
      const cancel = new AbortController();
      let answering = false;
      let grace: NodeJS.Timeout | undefined;
      const onCancel = () => {
        if (!answering) cancel.abort(opts.signal?.reason);
        else grace = setTimeout(() => cancel.abort(opts.signal?.reason), this.options.cancelGraceMs ?? CANCEL_GRACE_MS);
      };
      if (opts.signal?.aborted) cancel.abort(opts.signal.reason);
      opts.signal?.addEventListener('abort', onCancel, { once: true });
      const sent = performance.now();
      const observe = (outcome: RequestRecord['outcome'], usage?: TokenUsage) =>
        this.options.observe?.({ model: opts.model, outcome, latencyMs: performance.now() - sent, ...(usage ? { usage } : {}) });
      try {
        const response = await this.openai.chat.completions.create(this.request(messages, opts), { signal: AbortSignal.any([cancel.signal, deadline]) }).asResponse();
        answering = true;
        // The body is read under the same signals: a body that stalls after its headers is cut at the deadline.
        const body = await response.text();
        const answer = readAnswer(body, response.headers.get('content-type'), {
          estimatePrompt: () => messages.reduce((n, m) => n + countTokens(m.content, opts.model) + 4, 0),
          estimateCompletion: (text) => countTokens(text, opts.model),
        });
        observe('answered', answer.usage);
        return answer;
      } catch (err) {
        observe(opts.signal?.aborted ? 'cancelled' : err instanceof OpenAI.APIError && err.status === 429 ? 'rate_limited' : 'error');
        if (opts.json && this.refusedResponseFormat(err)) continue;
        if (deadline.aborted && !opts.signal?.aborted) throw new AnswerTimeout();
        throw err;
      } finally {
        opts.signal?.removeEventListener('abort', onCancel);
        clearTimeout(grace);
      }
    }
  }

  private classify(err: unknown, opts: CallOptions): Error {
    const where = this.endpoint;
    if (err instanceof AnswerTimeout || err instanceof OpenAI.APIConnectionTimeoutError) {
      return unavailable(`${where} did not finish its answer within ${this.options.timeoutMs} ms`);
    }
    if (err instanceof OpenAI.APIUserAbortError || opts.signal?.aborted) return err instanceof Error ? err : new Error(String(err));
    if (err instanceof OpenAI.APIConnectionError) return unavailable(`${where} could not be reached: ${err.message}`);
    if (err instanceof OpenAI.APIError && typeof err.status === 'number') {
      const detail = err.message.replace(/^\d{3}\s*/, '').slice(0, 300);
      if (err.status === 401 || err.status === 403) {
        return invalidApiKey(`${where} refused the API key (HTTP ${err.status}): set a valid OPENAI_API_KEY. ${detail}`);
      }
      const refusal = inputRefusal(err);
      if (refusal) {
        return inputRefused(`${where} refused the input (HTTP ${err.status} ${refusal}): ${detail}`, refusal, detail);
      }
      if (err.status === 404) {
        return invalidRequest(`${where} answered HTTP 404 for model "${opts.model}": check RESEARCH_MODEL and OPENAI_BASE_URL. ${detail}`);
      }
      if (err.status === 429 && err.code === 'insufficient_quota') {
        return invalidRequest(`${where} says the account's quota is used up (HTTP 429 insufficient_quota): check billing. ${detail}`);
      }
      const retryAfter = err.headers?.get('retry-after-ms')
        ? String(Number(err.headers.get('retry-after-ms')) / 1000)
        : err.headers?.get('retry-after');
      return failureForHttpStatus(where, err.status, detail, retryAfter) as ApplicationFailure;
    }
    return err instanceof Error ? unavailable(`${where}: ${err.message}`, err) : unavailable(`${where}: ${String(err)}`);
  }
}

/** The request's own deadline passed (headers or body), as opposed to a cancellation by the caller. */
class AnswerTimeout extends Error {
  constructor() {
    super('the answer did not finish in time');
  }
}

/**
 * The refusals caused by the input itself rather than by the configuration: too long for the model's
 * context (OpenAI's code, or the wording vLLM and llama.cpp servers use), or caught by a content filter
 * (Azure OpenAI's code). Any other 400 stays an invalid request.
 */
function inputRefusal(err: InstanceType<typeof OpenAI.APIError>): 'context_length_exceeded' | 'content_filter' | undefined {
  if (err.status !== 400 && err.status !== 413) return undefined;
  const code = typeof err.code === 'string' ? err.code : '';
  if (code === 'context_length_exceeded' || /maximum context length|context length exceeded|exceeds the context (window|length)/i.test(err.message)) {
    return 'context_length_exceeded';
  }
  if (code === 'content_filter' || code === 'content_policy_violation') return 'content_filter';
  return undefined;
}
