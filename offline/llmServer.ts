/**
 * An OpenAI-compatible Chat Completions server on 127.0.0.1 that answers the product's prompts without a
 * model: POST /v1/chat/completions (and /chat/completions), GET /v1/models. Checks the API key like OpenAI,
 * produces faults on demand (POST /__faults), and records every call (GET /__stats).
 */
import { billedTokens, isPersonality, type Personality, PERSONALITIES, personalityFrom } from './llm/personality';
import type http from 'node:http';
import { z } from 'zod';
import { LoopbackServer, delay, readBody, requestSignal, sendJson, sendText } from './http';
import { DEFAULT_STALL_MS, FaultPlan, type LlmFaultInput, type LlmFault, type LlmFaultKind, LlmFaultSchema } from './llm/faults';
import type { LlmCall } from './latency';
import { answer, type ModelAnswer } from './llm/model';
import { type ChatMessageIn, type LlmStage, detectStage, lastUserMessage, pageOf, queryOf } from './llm/promptReader';
import {
  type FinishReason,
  chatCompletion,
  errorBody,
  estimateTokens,
  invalidKeyBody,
  missingKeyBody,
  proxyErrorPage,
  rateLimitBody,
  REFUSAL_TEXT,
  serverErrorBody,
} from './llm/protocol';

export type { LlmFault, LlmFaultInput, LlmFaultKind } from './llm/faults';
export type { LlmStage } from './llm/promptReader';
export type { Personality } from './llm/personality';

export interface LlmServerOptions {
  /** When set, requests must carry `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Delay before every answer, to look like a real model. Default 0. */
  latencyMs?: number;
  /** Extra delay per completion token. Default 0. */
  tokenDelayMs?: number;
  /** The model's time for each answered call, from its stage and token counts (see latency.ts). Default none. */
  latency?: (call: LlmCall) => number;
  /** Counts the tokens of a text, for usage and latency. Default ceil(chars / 4). */
  countTokens?: (text: string) => number;
  /** The model's personality (see llm/personality.ts); default OFFLINE_MODEL_PERSONALITY, else faithful. */
  personality?: Personality;
  port?: number;
}

export interface LlmRequestRecord {
  stage: LlmStage;
  model: string;
  promptTokens: number;
  completionTokens: number;
  /** HTTP status answered; 0 when the client went away before the answer was whole. */
  status: number;
  /** The answer carried its usage (promptTokens and completionTokens): what the stand-in billed. */
  usageReturned: boolean;
  /** Messages in the request (the client's estimate of an answer without usage counts 4 tokens for each). */
  messages: number;
  maxTokens: number | null;
  finishReason?: FinishReason;
  fault?: LlmFaultKind;
  /** What the call is about: the query of a ranking, the page URL of a page summary; else "". */
  subject: string;
  /** When the request arrived and when its answer was sent (ms since the epoch; 0 when never answered). */
  receivedAt: number;
  answeredAt: number;
}

export interface LlmStageStats {
  requests: number;
  promptTokens: number;
  completionTokens: number;
}

export interface LlmStats {
  totals: LlmStageStats;
  byStage: Partial<Record<LlmStage, LlmStageStats>>;
  requests: LlmRequestRecord[];
}

export const OFFLINE_MODELS = ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini', 'offline-researcher'];

const ContentPart = z.object({ type: z.string(), text: z.string().optional() }).passthrough();
const ChatRequest = z
  .object({
    model: z.string().min(1),
    messages: z
      .array(z.object({ role: z.string(), content: z.union([z.string(), z.array(ContentPart), z.null()]).optional() }).passthrough())
      .min(1),
    stream: z.boolean().nullish(),
    max_tokens: z.number().int().positive().nullish(),
    max_completion_tokens: z.number().int().positive().nullish(),
    response_format: z
      .object({ type: z.string(), json_schema: z.object({ name: z.string().optional() }).passthrough().optional() })
      .passthrough()
      .nullish(),
  })
  .passthrough();
type ChatRequest = z.infer<typeof ChatRequest>;

function parseChatRequest(raw: string): { ok: true; value: ChatRequest } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, message: "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)" };
  }
  const result = ChatRequest.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, message: `Invalid request: ${result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}` };
}

function textOf(content: ChatRequest['messages'][number]['content']): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => part.text ?? '').join('');
  return '';
}

export class OfflineLlmServer {
  readonly apiKey: string | undefined;
  readonly requests: LlmRequestRecord[] = [];
  private readonly faults = new FaultPlan();
  private readonly options: LlmServerOptions;
  /** How the model writes and bills (POST /__personality changes it). */
  personality: Personality;
  private completions = 0;
  private readonly http = new LoopbackServer((req, res, closing) => this.handle(req, res, closing));

  private constructor(options: LlmServerOptions) {
    this.options = options;
    this.apiKey = options.apiKey;
    this.personality = options.personality ?? personalityFrom(process.env.OFFLINE_MODEL_PERSONALITY);
  }

  static async start(options: LlmServerOptions = {}): Promise<OfflineLlmServer> {
    const server = new OfflineLlmServer(options);
    await server.http.listen(options.port);
    return server;
  }

  /** The OpenAI base URL, ending with /v1, as OPENAI_BASE_URL expects. */
  get baseUrl(): string {
    return `${this.http.origin}/v1`;
  }

  /** Replaces the pending faults. */
  setFaults(faults: LlmFaultInput | LlmFaultInput[]): void {
    this.faults.set(faults);
  }

  addFault(fault: LlmFaultInput): void {
    this.faults.add(fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  pendingFaults(): LlmFault[] {
    return this.faults.pending();
  }

  stats(): LlmStats {
    const empty = (): LlmStageStats => ({ requests: 0, promptTokens: 0, completionTokens: 0 });
    const totals = empty();
    const byStage: Partial<Record<LlmStage, LlmStageStats>> = {};
    for (const record of this.requests) {
      const stage = (byStage[record.stage] ??= empty());
      for (const bucket of [totals, stage]) {
        bucket.requests += 1;
        bucket.promptTokens += record.promptTokens;
        bucket.completionTokens += record.completionTokens;
      }
    }
    return { totals, byStage, requests: this.requests.map((r) => ({ ...r })) };
  }

  resetStats(): void {
    this.requests.length = 0;
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse, closing: AbortSignal): Promise<void> {
    const path = new URL(req.url ?? '/', this.http.origin).pathname.replace(/\/+$/, '');
    const method = req.method ?? 'GET';
    if (path === '/__stats') return this.handleStats(method, res);
    if (path === '/__faults') return this.handleFaults(method, req, res);
    if (path === '/__personality') return this.handlePersonality(method, req, res);
    if (method === 'POST' && (path === '/v1/chat/completions' || path === '/chat/completions')) return this.handleChat(req, res, closing);
    if (method === 'GET' && (path === '/v1/models' || path === '/models')) {
      if (!this.authorized(req, res)) return;
      return sendJson(res, 200, { object: 'list', data: OFFLINE_MODELS.map(modelObject) });
    }
    const model = /^\/(?:v1\/)?models\/(.+)$/.exec(path);
    if (method === 'GET' && model) {
      if (!this.authorized(req, res)) return;
      return sendJson(res, 200, modelObject(decodeURIComponent(model[1])));
    }
    sendJson(res, 404, errorBody(`Invalid URL (${method} ${path})`, 'invalid_request_error'));
  }

  /** Answers 401 like OpenAI when the key is missing or wrong. */
  private authorized(req: http.IncomingMessage, res: http.ServerResponse): boolean {
    if (this.apiKey === undefined) return true;
    const header = req.headers.authorization ?? '';
    const key = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    if (key === this.apiKey) return true;
    sendJson(res, 401, key ? invalidKeyBody(key) : missingKeyBody(), { 'www-authenticate': 'Bearer realm="OpenAI API"' });
    return false;
  }

  private async handleChat(req: http.IncomingMessage, res: http.ServerResponse, closing: AbortSignal): Promise<void> {
    const started = Date.now();
    const request = parseChatRequest(await readBody(req));
    const messages: ChatMessageIn[] = request.ok ? request.value.messages.map((m) => ({ role: m.role, content: textOf(m.content) })) : [];
    const format = request.ok ? request.value.response_format : undefined;
    const stage = detectStage(messages, format?.type === 'json_schema' ? format.json_schema?.name : undefined);
    const maxTokens = request.ok ? (request.value.max_completion_tokens ?? request.value.max_tokens ?? null) : null;
    const countTokens = this.options.countTokens ?? estimateTokens;
    const record: LlmRequestRecord = {
      stage,
      model: request.ok ? request.value.model : '',
      promptTokens: countTokens(messages.map((m) => m.content).join('')),
      completionTokens: 0,
      status: 0,
      usageReturned: false,
      messages: messages.length,
      maxTokens,
      subject: subjectOf(stage, messages),
      receivedAt: started,
      answeredAt: 0,
    };
    this.requests.push(record);

    // Like OpenAI: the key is checked before anything about the request.
    if (!this.authorized(req, res)) {
      record.status = 401;
      return;
    }
    if (!request.ok) {
      record.status = 400;
      return sendJson(res, 400, errorBody(request.message, 'invalid_request_error'));
    }
    const parsed = request.value;
    if (parsed.stream) {
      record.status = 400;
      return sendJson(res, 400, errorBody('Streaming is not supported by the offline stand-in model; send stream: false.', 'invalid_request_error', null, 'stream'));
    }

    const signal = requestSignal(res, closing);
    if (!(await delay(this.options.latencyMs ?? 0, signal))) return;

    const transport = this.faults.takeTransport(stage);
    if (transport) record.fault = transport.kind;
    if (transport?.kind === 'rate_limit') {
      const seconds = transport.retryAfterSeconds ?? 1;
      record.status = 429;
      return sendJson(res, 429, rateLimitBody(parsed.model, seconds), {
        'retry-after': String(seconds),
        'x-ratelimit-limit-requests': '500',
        'x-ratelimit-remaining-requests': '0',
        'x-ratelimit-reset-requests': `${seconds}s`,
      });
    }
    if (transport?.kind === 'server_error') {
      record.status = 500;
      return sendJson(res, 500, serverErrorBody());
    }
    if (transport?.kind === 'stall' && !(await delay(transport.stallMs ?? DEFAULT_STALL_MS, signal))) return;
    if (transport?.kind === 'html_200') {
      record.status = 200;
      record.answeredAt = Date.now();
      return sendText(res, 200, proxyErrorPage(), 'text/html; charset=utf-8');
    }

    const content = this.faults.takeContent(stage);
    if (content) record.fault = content.kind;
    const reply = withContentFault(answer(stage, messages, maxTokens, content?.kind, this.personality), content?.kind);
    record.completionTokens = billedTokens(this.personality, stage, countTokens(reply.content ?? reply.refusal ?? ''));
    record.finishReason = reply.finishReason;
    const modelMs = record.completionTokens * (this.options.tokenDelayMs ?? 0) + (this.options.latency?.(record) ?? 0);
    if (!(await delay(modelMs, signal))) return;

    this.completions += 1;
    await this.send(res, signal, { record, reply, content, transport, model: parsed.model, structured: format?.type === 'json_schema', started });
  }

  /** The completion, as the faults say: a refusal the OpenAI way, without usage, or with its body stalled half-way. */
  private async send(
    res: http.ServerResponse,
    signal: AbortSignal,
    call: { record: LlmRequestRecord; reply: ReturnType<typeof withContentFault>; content?: LlmFault; transport?: LlmFault; model: string; structured: boolean; started: number },
  ): Promise<void> {
    const { record, reply, content, transport } = call;
    // OpenAI answers a structured-output request it refuses with `refusal` and no content; other servers write it.
    const refusedJson = content?.kind === 'refusal' && call.structured;
    const omitUsage = content?.kind === 'no_usage';
    const body = JSON.stringify(
      chatCompletion({
        id: `chatcmpl-offline-${this.completions}`,
        model: call.model,
        content: refusedJson ? null : (reply.content ?? ''),
        ...(refusedJson ? { refusal: REFUSAL_TEXT } : {}),
        finishReason: reply.finishReason,
        promptTokens: record.promptTokens,
        completionTokens: record.completionTokens,
        omitUsage,
      }),
    );
    const headers = { 'x-request-id': `req_offline_${this.completions}`, 'openai-processing-ms': String(Date.now() - call.started) };
    if (transport?.kind === 'stalled_body') {
      // The headers and half the body, then nothing for stallMs: only a limit on the whole answer ends it.
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.write(body.slice(0, Math.floor(body.length / 2)));
      if (!(await delay(transport.stallMs ?? DEFAULT_STALL_MS, signal))) return;
      res.end(body.slice(Math.floor(body.length / 2)));
    } else {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), ...headers });
      res.end(body);
    }
    record.status = 200;
    record.usageReturned = !omitUsage;
    record.answeredAt = Date.now();
  }

  private handleStats(method: string, res: http.ServerResponse): void {
    if (method === 'DELETE') {
      this.resetStats();
      return sendJson(res, 200, this.stats());
    }
    sendJson(res, 200, this.stats());
  }

  private async handlePersonality(method: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (method === 'POST') {
      const body = JSON.parse((await readBody(req)) || '{}') as { personality?: unknown };
      if (!isPersonality(body.personality)) return sendJson(res, 400, errorBody(`personality must be one of ${PERSONALITIES.join(', ')}`, 'invalid_request_error'));
      this.personality = body.personality;
    }
    sendJson(res, 200, { personality: this.personality });
  }

  private async handleFaults(method: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (method === 'GET') return sendJson(res, 200, { faults: this.pendingFaults() });
    if (method === 'DELETE') {
      this.clearFaults();
      return sendJson(res, 200, { faults: [] });
    }
    if (method !== 'POST') return sendJson(res, 405, errorBody(`Method ${method} not allowed on /__faults`, 'invalid_request_error'));
    try {
      const body: unknown = JSON.parse((await readBody(req)) || '[]');
      const list = Array.isArray(body) ? body : body && typeof body === 'object' && 'faults' in body ? (body as { faults: unknown }).faults : [body];
      this.setFaults(z.array(LlmFaultSchema).parse(list));
      sendJson(res, 200, { faults: this.pendingFaults() });
    } catch (err) {
      sendJson(res, 400, errorBody(`Invalid faults: ${err instanceof Error ? err.message : String(err)}`, 'invalid_request_error'));
    }
  }
}

/** The answer as a content fault changes it: emptied, made a refusal, or cut mid-way at the "output limit". */
function withContentFault(reply: ModelAnswer, fault: LlmFaultKind | undefined): { content: string | null; refusal?: string; finishReason: FinishReason } {
  switch (fault) {
    case 'empty':
      return { content: '', finishReason: 'stop' };
    case 'refusal':
      return { content: REFUSAL_TEXT, refusal: REFUSAL_TEXT, finishReason: 'stop' };
    case 'truncated': {
      // Cut at a space near the middle, so a JSON answer does not parse and a text ends mid-sentence.
      const half = Math.floor(reply.content.length / 2);
      const space = reply.content.lastIndexOf(' ', half);
      return { content: reply.content.slice(0, space > 0 ? space : Math.max(1, half)), finishReason: 'length' };
    }
    default:
      return reply;
  }
}

function subjectOf(stage: LlmStage, messages: readonly ChatMessageIn[]): string {
  if (stage === 'ranked_results') return queryOf(lastUserMessage(messages));
  if (stage === 'page_summary') return pageOf(lastUserMessage(messages)).url;
  return '';
}

function modelObject(id: string) {
  return { id, object: 'model', created: 1_700_000_000, owned_by: 'offline-world' };
}
