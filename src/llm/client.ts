/**
 * The one door to the LLM: any OpenAI-compatible Chat Completions endpoint. It reports token usage for
 * every call and turns every failure into a typed one. The client's own retries are off: Temporal's
 * retry policy is the only retry loop, so a retried call is visible in the run's history.
 */
import OpenAI from 'openai';
import type { z } from 'zod';
import type { ApplicationFailure } from '@temporalio/common';
import type { TokenUsage } from '../domain/types';
import { failureForHttpStatus, inputRefused, invalidApiKey, invalidRequest, unavailable } from '../errors';
import { redact, redactError } from '../redact';
import { cleanText } from '../text/hygiene';
import { type ChatMessage } from './prompts';
import { parseAnswer } from './parse';
import { type Answer, type AnswerName, LLM_ANSWERS } from './schemas';
import { countTokens } from './tokens';

export interface LlmClientOptions {
  apiKey: string;
  baseUrl?: string;
  model: string;
  jsonMode: 'json_schema' | 'json_object' | 'none';
  timeoutMs: number;
  /** Waits for a slot of the shared rate limit before every HTTP request (retries and step-downs included). */
  acquire?: (signal?: AbortSignal) => Promise<void>;
}

export interface ChatReply {
  text: string;
  /** "length" when the model stopped at its output limit. */
  finishReason: string;
  usage: TokenUsage;
}

export interface JsonReply<N extends AnswerName> {
  /** Undefined when the answer could not be read as the asked-for JSON. */
  value: Answer<N> | undefined;
  raw: string;
  /** "content_filter" when the model's filter cut the answer; "length" at its output limit. */
  finishReason: string;
  usage: TokenUsage;
}

/** JSON Schemas sent as structured output; strict mode wants every field required and nothing extra. */
const JSON_SCHEMAS: Record<AnswerName, Record<string, unknown>> = {
  search_keywords: objectSchema({ keywords: { type: 'array', items: { type: 'string' } } }),
  research_queries: objectSchema({ queries: { type: 'array', items: { type: 'string' } } }),
  ranked_results: objectSchema({ indices: { type: 'array', items: { type: 'integer' } } }),
  page_summary: objectSchema({ relevant: { type: 'boolean' }, summary: { type: 'string' } }),
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
};

export class LlmClient {
  private readonly openai: OpenAI;
  /** OpenAI's own newer models want max_completion_tokens and a default temperature; most compatible servers want max_tokens. */
  private readonly officialApi: boolean;
  private currentJsonMode: LlmClientOptions['jsonMode'];

  constructor(private readonly options: LlmClientOptions) {
    this.openai = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseUrl,
      maxRetries: 0,
      timeout: options.timeoutMs,
    });
    this.currentJsonMode = options.jsonMode;
    this.officialApi = !options.baseUrl || /(^|\.)openai\.com(\/|$|:)/.test(new URL(options.baseUrl).host);
  }

  get model(): string {
    return this.options.model;
  }

  /** The JSON mode in use: starts as configured, steps down when the endpoint refuses it. */
  get jsonMode(): LlmClientOptions['jsonMode'] {
    return this.currentJsonMode;
  }

  private request(
    messages: ChatMessage[],
    opts: { maxTokens: number; json?: AnswerName },
  ): OpenAI.Chat.ChatCompletionCreateParamsNonStreaming {
    const body: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming = { model: this.options.model, messages };
    if (REASONING_MODEL.test(this.options.model)) {
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

  async chat(messages: ChatMessage[], opts: { maxTokens: number; signal?: AbortSignal; json?: AnswerName }): Promise<ChatReply> {
    let completion: OpenAI.Chat.ChatCompletion;
    for (;;) {
      await this.options.acquire?.(opts.signal);
      try {
        completion = await this.openai.chat.completions.create(this.request(messages, opts), { signal: opts.signal });
        break;
      } catch (err) {
        if (opts.json && this.refusedResponseFormat(err)) continue;
        // An endpoint may echo the request (its URL with a key, the Authorization header) in its error.
        throw redactError(this.classify(err), [this.options.apiKey]);
      }
    }
    const choice = completion.choices?.[0];
    const text = cleanText(choice?.message?.content ?? ''); // a model repeats what pages held: no controls, bidi or escapes
    return {
      text,
      finishReason: choice?.finish_reason ?? 'stop',
      usage: {
        calls: 1,
        // Some compatible servers omit usage; an estimate keeps the budget honest.
        promptTokens: completion.usage?.prompt_tokens ?? messages.reduce((n, m) => n + countTokens(m.content, this.options.model) + 4, 0),
        completionTokens: completion.usage?.completion_tokens ?? countTokens(text, this.options.model),
      },
    };
  }

  async chatJson<N extends AnswerName>(name: N, messages: ChatMessage[], opts: { maxTokens: number; signal?: AbortSignal }): Promise<JsonReply<N>> {
    const reply = await this.chat(messages, { ...opts, json: name });
    const schema = LLM_ANSWERS[name] as unknown as z.ZodType<Answer<N>>;
    const value = parseAnswer(reply.text, schema, ARRAY_FIELD[name]);
    return { value, raw: reply.text, finishReason: reply.finishReason, usage: reply.usage };
  }

  private classify(err: unknown): Error {
    const where = this.options.baseUrl ? `LLM endpoint ${redact(this.options.baseUrl, [this.options.apiKey])}` : 'OpenAI API';
    if (err instanceof OpenAI.APIUserAbortError) return err;
    if (err instanceof OpenAI.APIConnectionTimeoutError) return unavailable(`${where} did not answer within ${this.options.timeoutMs} ms`);
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
        return invalidRequest(`${where} answered HTTP 404 for model "${this.options.model}": check RESEARCH_MODEL and OPENAI_BASE_URL. ${detail}`);
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
