/**
 * What the LLM client makes of answers that are no answer (empty, an HTML page, a refusal, unreadable JSON),
 * of an answer whose body stalls, and what it counts for each: against a local server speaking the protocol.
 */
import type { TokenUsage } from '../../src/domain/types';
import { badAnswerOf, FailureType } from '../../src/errors';
import { LlmClient } from '../../src/llm/client';
import { keywordsPrompt } from '../../src/llm/prompts';
import { countTokens } from '../../src/llm/tokens';
import { failureOf, jsonBody, type Reply, startServer, type TestServer } from '../harness/loopbackServer';

const MODEL = 'test-model';

function completion(content: string | null, options: { usage?: [number, number]; finish?: string; refusal?: string } = {}): Reply {
  const [prompt_tokens, completion_tokens] = options.usage ?? [50, 10];
  return {
    body: {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1_764_000_000,
      model: MODEL,
      choices: [{ index: 0, message: { role: 'assistant', content, refusal: options.refusal ?? null }, finish_reason: options.finish ?? 'stop' }],
      usage: { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens },
    },
  };
}

const GOOD = completion('{"keywords": ["tensorflow", "pytorch"]}', { usage: [70, 12] });
const HTML_PAGE: Reply = { body: '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>' };

describe('LlmClient: answers that are no answer', () => {
  let server: TestServer;
  let client: LlmClient;
  let metered: TokenUsage[];
  const meter = (usage: TokenUsage) => metered.push(usage);
  const keywords = (options: { mayRetry?: () => boolean; signal?: AbortSignal; outputLimit?: number } = {}) =>
    client.chatJson('search_keywords', keywordsPrompt('tensorflow vs pytorch', 2, 'en-us'), { model: MODEL, maxTokens: 300, meter, ...options });
  const text = () => client.chat(keywordsPrompt('tensorflow vs pytorch', 2, 'en-us'), { model: MODEL, maxTokens: 300, meter });
  /** Answers `replies` in turn, the last one from then on. */
  const inTurn = (...replies: Reply[]) => {
    let n = 0;
    server.respond(() => replies[Math.min(n++, replies.length - 1)]);
  };

  beforeEach(async () => {
    metered = [];
    server = await startServer(GOOD);
    client = new LlmClient({ apiKey: 'sk-test', baseUrl: `${server.baseUrl}/v1`, jsonMode: 'json_schema', timeoutMs: 1_000, badAnswerPauseMs: 10 });
  });
  afterEach(() => server.close());

  it('asks again after an empty answer and counts both answers, the moment each arrives', async () => {
    inTurn(completion('', { usage: [70, 0] }), GOOD);
    const reply = await keywords();
    expect(reply.value).toEqual({ keywords: ['tensorflow', 'pytorch'] });
    expect(metered).toEqual([
      { calls: 1, promptTokens: 70, completionTokens: 0 },
      { calls: 1, promptTokens: 70, completionTokens: 12 },
    ]);
    expect(reply.usage).toEqual({ calls: 2, promptTokens: 140, completionTokens: 12 });
  });

  it('gives up after three empty answers with a BadAnswer naming the endpoint, every one of them counted', async () => {
    server.respond(completion('  ', { usage: [70, 1] }));
    const failure = await failureOf(text());
    expect(failure.type).toBe(FailureType.BadAnswer);
    expect(failure.message).toBe(`LLM endpoint ${server.baseUrl}/v1 answered an empty message (asked 3 times)`);
    expect(badAnswerOf(failure)).toEqual({ kind: 'empty', answered: 'answered an empty message' });
    expect(server.requests).toHaveLength(3);
    expect(metered).toEqual(Array(3).fill({ calls: 1, promptTokens: 70, completionTokens: 1 }));
  });

  it('says an endpoint whose very first answer is an HTML page is the wrong address, at once', async () => {
    server.respond(HTML_PAGE);
    const failure = await failureOf(keywords());
    expect(failure.type).toBe(FailureType.InvalidRequest);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toBe(`LLM endpoint ${server.baseUrl}/v1 answered an HTML page ("502 Bad Gateway"), not a chat completion: check OPENAI_BASE_URL`);
    expect(server.requests).toHaveLength(1);
    expect(metered).toEqual([]);
  });

  it('asks again after an HTML page once the endpoint has answered before (a proxy in trouble), counting nothing for the page', async () => {
    await keywords();
    metered = [];
    inTurn(HTML_PAGE, HTML_PAGE, GOOD);
    expect((await keywords()).value).toEqual({ keywords: ['tensorflow', 'pytorch'] });
    expect(metered).toEqual([{ calls: 1, promptTokens: 70, completionTokens: 12 }]);
    server.respond(HTML_PAGE);
    const failure = await failureOf(keywords());
    expect(failure.type).toBe(FailureType.BadAnswer);
    expect(failure.message).toMatch(/answered an HTML page \("502 Bad Gateway"\), not a chat completion \(asked 3 times\)$/);
  });

  it('reads a JSON error with status 200 as no chat completion', async () => {
    await keywords();
    server.respond({ body: { error: { message: 'upstream model timed out' } } });
    const failure = await failureOf(keywords());
    expect(badAnswerOf(failure)).toEqual({ kind: 'not_completion', answered: 'answered an error with status 200: "upstream model timed out"' });
  });

  it('takes a refusal, in OpenAI\'s refusal field or as the whole answer, for what it is', async () => {
    server.respond(completion(null, { refusal: "I'm sorry, but I can't help with that.", usage: [70, 9] }));
    const field = await failureOf(keywords());
    expect(badAnswerOf(field)).toEqual({ kind: 'refusal', answered: 'answered a refusal: "I\'m sorry, but I can\'t help with that."' });
    expect(metered).toHaveLength(3);
    server.respond(completion('Sorry, I cannot assist with\nthis request.'));
    expect(badAnswerOf(await failureOf(text()))).toEqual({ kind: 'refusal', answered: 'answered a refusal: "Sorry, I cannot assist with this request."' });
  });

  it('does not take a long answer that opens with an apology for a refusal', async () => {
    const answer = `Sorry to start with a caveat: the sources cannot settle this. ${'TensorFlow and PyTorch differ in many ways. '.repeat(12)}`;
    server.respond(completion(answer));
    expect((await text()).text).toBe(answer);
  });

  it('does not ask again when the content filter stopped the answer', async () => {
    server.respond(completion('Here is', { finish: 'content_filter' }));
    const failure = await failureOf(text());
    expect(badAnswerOf(failure)?.kind).toBe('content_filter');
    expect(failure.message).toBe(`LLM endpoint ${server.baseUrl}/v1 stopped its answer at its content filter (finish_reason content_filter)`);
    expect(server.requests).toHaveLength(1);
    expect(metered).toHaveLength(1);
  });

  it('asks again with twice the room, within the model\'s output limit, when a JSON answer was cut off at its own', async () => {
    const cut = completion('{"keywords": ["tensor', { finish: 'length', usage: [70, 300] });
    inTurn(cut, GOOD);
    expect((await keywords({ outputLimit: 16_384 })).value).toEqual({ keywords: ['tensorflow', 'pytorch'] });
    expect(metered.map((u) => u.completionTokens)).toEqual([300, 12]);
    inTurn(cut, cut, cut);
    await keywords({ outputLimit: 1_000 });
    server.respond(cut);
    await keywords();
    expect(server.requests.map((r) => jsonBody(r).max_tokens)).toEqual([300, 600, 300, 600, 1_000, 300, 300, 300]);
  });

  it('hands back unreadable JSON after its tries, having counted each', async () => {
    server.respond(completion('the keywords are tensorflow and pytorch', { usage: [70, 8] }));
    const reply = await keywords();
    expect(reply.value).toBeUndefined();
    expect(reply.raw).toBe('the keywords are tensorflow and pytorch');
    expect(metered).toHaveLength(3);
    expect(reply.usage).toEqual({ calls: 3, promptTokens: 210, completionTokens: 24 });
  });

  it('asks no more when the caller says so (the budget), asking once the answer is counted', async () => {
    server.respond(completion(''));
    await failureOf(keywords({ mayRetry: () => metered.length < 2 }));
    expect(server.requests).toHaveLength(2);
  });

  it('estimates the usage of an answer that carries none, and counts it', async () => {
    const reply = completion('{"keywords": ["a"]}');
    delete (reply.body as { usage?: unknown }).usage;
    server.respond(reply);
    await keywords();
    expect(metered).toHaveLength(1);
    // Each message's tokens in the model's tokenizer, and 4 more for each (the role and separators).
    const prompt = keywordsPrompt('tensorflow vs pytorch', 2, 'en-us');
    expect(metered[0].promptTokens).toBe(prompt.reduce((n, m) => n + countTokens(m.content, MODEL) + 4, 0));
    expect(metered[0].completionTokens).toBe(7); // {"keywords": ["a"]} in o200k_base
  });

  it('after a bad answer that was a completion, takes an HTML page for a passing trouble, not a wrong address', async () => {
    inTurn(completion(''), HTML_PAGE, GOOD);
    expect((await keywords()).value).toEqual({ keywords: ['tensorflow', 'pytorch'] });
    expect(server.requests).toHaveLength(3);
  });

  it('keeps the key out of what it says of a bad answer, even a key with no known shape', async () => {
    const key = 'K3yWithNoKnownShape-0123456789';
    const keyed = new LlmClient({ apiKey: key, baseUrl: `${server.baseUrl}/v1`, jsonMode: 'none', timeoutMs: 1_000, badAnswerPauseMs: 1 });
    const ask = () => keyed.chat(keywordsPrompt('t', 2, 'en'), { model: MODEL, maxTokens: 10 });
    server.respond({ body: `<html><title>denied for ${key}</title></html>` });
    expect((await failureOf(ask())).message).not.toContain(key);
    server.respond(GOOD);
    await ask();
    server.respond({ body: `<html><title>denied for ${key}</title></html>` });
    const failure = await failureOf(ask());
    expect(failure.type).toBe(FailureType.BadAnswer);
    expect(`${failure.message} ${JSON.stringify(failure.details)}`).not.toContain(key);
  });

  it('pauses before asking again, longer each time, and a cancel ends the pause at once', async () => {
    const patient = new LlmClient({ apiKey: 'sk-test', baseUrl: `${server.baseUrl}/v1`, jsonMode: 'none', timeoutMs: 1_000, badAnswerPauseMs: 200 });
    server.respond(completion(''));
    const started = Date.now();
    await failureOf(patient.chat(keywordsPrompt('t', 2, 'en'), { model: MODEL, maxTokens: 10 }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(600); // 200 ms, then 400 ms
    const slow = new LlmClient({ apiKey: 'sk-test', baseUrl: `${server.baseUrl}/v1`, jsonMode: 'none', timeoutMs: 1_000, badAnswerPauseMs: 60_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const cancelled = Date.now();
    await expect(slow.chat(keywordsPrompt('t', 2, 'en'), { model: MODEL, maxTokens: 10, signal: controller.signal })).rejects.toThrow(/abort/i);
    expect(Date.now() - cancelled).toBeLessThan(2_000);
  });

  it('sends the model of the call, not one of its own', async () => {
    await client.chat(keywordsPrompt('t', 2, 'en'), { model: 'model-a', maxTokens: 10 });
    await client.chat(keywordsPrompt('t', 2, 'en'), { model: 'model-b', maxTokens: 10 });
    expect(server.requests.map((r) => jsonBody(r).model)).toEqual(['model-a', 'model-b']);
  });
});

describe('LlmClient: the time limit covers the whole answer', () => {
  let server: TestServer;
  let client: LlmClient;
  beforeEach(async () => {
    server = await startServer();
    client = new LlmClient({ apiKey: 'sk-test', baseUrl: `${server.baseUrl}/v1`, jsonMode: 'none', timeoutMs: 300 });
  });
  afterEach(() => server.close());

  it.each([
    ['a body that stalls after its headers', { ...GOOD, stallBody: true }],
    ['headers that never come', { hang: true }],
  ])('cuts %s at the limit, as retryable', async (_what, reply: Reply) => {
    server.respond(reply);
    const started = Date.now();
    const failure = await failureOf(client.chat(keywordsPrompt('t', 2, 'en'), { model: MODEL, maxTokens: 10 }));
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(failure.type).toBe(FailureType.Unavailable);
    expect(failure.nonRetryable).toBeFalsy();
    expect(failure.message).toBe(`LLM endpoint ${server.baseUrl}/v1 did not finish its answer within 300 ms`);
  });

  it('lets a cancellation through as an abort: at once before the answer starts, after a short grace once it has', async () => {
    client = new LlmClient({ apiKey: 'sk-test', baseUrl: `${server.baseUrl}/v1`, jsonMode: 'none', timeoutMs: 5_000, cancelGraceMs: 300 });
    for (const reply of [{ hang: true }, { ...GOOD, stallBody: true }]) {
      server.respond(reply);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const started = Date.now();
      await expect(client.chat(keywordsPrompt('t', 2, 'en'), { model: MODEL, maxTokens: 10, signal: controller.signal })).rejects.toThrow(/abort/i);
      expect(Date.now() - started).toBeLessThan(reply.hang ? 300 : 1_000);
    }
  });

  it('counts an answer that was arriving when the cancel came: the endpoint billed it', async () => {
    client = new LlmClient({ apiKey: 'sk-test', baseUrl: `${server.baseUrl}/v1`, jsonMode: 'none', timeoutMs: 5_000 });
    server.respond({ ...GOOD, bodyDelayMs: 300 });
    const metered: TokenUsage[] = [];
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const reply = await client.chat(keywordsPrompt('t', 2, 'en'), { model: MODEL, maxTokens: 10, signal: controller.signal, meter: (u) => metered.push(u) });
    expect(reply.text).toBe('{"keywords": ["tensorflow", "pytorch"]}');
    expect(metered).toEqual([{ calls: 1, promptTokens: 70, completionTokens: 12 }]);
    // The next call of a cancelled caller is not made.
    await expect(client.chat(keywordsPrompt('t', 2, 'en'), { model: MODEL, maxTokens: 10, signal: controller.signal })).rejects.toThrow(/abort/i);
    expect(server.requests).toHaveLength(1);
  });
});
