/**
 * The LLM client against a local server speaking the Chat Completions protocol: what it sends, and
 * how every kind of failure reaches Temporal's retry policy.
 */
import { FailureType } from '../../src/errors';
import { LlmClient } from '../../src/llm/client';
import { keywordsPrompt } from '../../src/llm/prompts';
import { failureOf, jsonBody, type RecordedRequest, type Reply, startServer, type TestServer } from '../harness/loopbackServer';

function completion(content: string, usage?: { prompt_tokens: number; completion_tokens: number }): Reply {
  return {
    body: {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1_764_000_000,
      model: 'test-model',
      choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop' }],
      ...(usage ? { usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } } : {}),
    },
  };
}

function openAiError(status: number, message: string, code: string | null, type = 'invalid_request_error', headers?: Record<string, string>): Reply {
  return { status, headers, body: { error: { message, type, param: null, code } } };
}

describe('LlmClient', () => {
  let server: TestServer;
  let client: LlmClient;
  const ask = () => client.chatJson('search_keywords', keywordsPrompt('tensorflow vs pytorch', 2, 'en-us'), { model: 'test-model', maxTokens: 300 });

  beforeEach(async () => {
    server = await startServer(completion('{"keywords": ["tensorflow", "pytorch"]}', { prompt_tokens: 70, completion_tokens: 12 }));
    client = new LlmClient({ apiKey: 'sk-test', baseUrl: `${server.baseUrl}/v1`, jsonMode: 'json_schema', timeoutMs: 2_000 });
  });
  afterEach(() => server.close());

  it('asks for structured output and reports the usage the endpoint counted', async () => {
    const reply = await ask();
    expect(reply.value).toEqual({ keywords: ['tensorflow', 'pytorch'] });
    expect(reply.usage).toEqual({ calls: 1, promptTokens: 70, completionTokens: 12 });
    const body = jsonBody(server.lastRequest());
    expect(body).toMatchObject({ model: 'test-model', max_tokens: 300, temperature: 0 });
    expect(body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'search_keywords', strict: true } });
    expect(server.lastRequest().headers.authorization).toBe('Bearer sk-test');
  });

  it('gives reasoning models room to think and leaves their temperature alone', async () => {
    await client.chatJson('search_keywords', keywordsPrompt('t', 2, 'en-us'), { model: 'gpt-5-mini', maxTokens: 300 });
    const body = jsonBody(server.lastRequest());
    expect(body).toMatchObject({ model: 'gpt-5-mini', max_completion_tokens: 300 + 2048, reasoning_effort: 'low' });
    expect(body).not.toHaveProperty('temperature');
    expect(body).not.toHaveProperty('max_tokens');
  });

  it('estimates usage when a compatible server reports none', async () => {
    server.respond(completion('{"keywords": ["a"]}'));
    const reply = await ask();
    expect(reply.usage.promptTokens).toBeGreaterThan(20);
    expect(reply.usage.completionTokens).toBeGreaterThan(0);
  });

  it('steps down to json_object, then to no response_format, when the endpoint refuses structured output', async () => {
    server.respond((request: RecordedRequest) => {
      const format = (jsonBody(request).response_format as { type?: string } | undefined)?.type;
      return format ? openAiError(400, `response_format type ${format} is not supported by this server`, null) : completion('["x", "y"]');
    });
    expect((await ask()).value).toEqual({ keywords: ['x', 'y'] });
    expect(server.requests.map((r) => (jsonBody(r).response_format as { type?: string } | undefined)?.type)).toEqual(['json_schema', 'json_object', undefined]);
    expect(client.jsonMode).toBe('none');
    await ask();
    expect(server.requests).toHaveLength(4); // remembered: the next call goes straight to the mode that works
  });

  it('fails fast on a refused key, naming the setting to fix', async () => {
    server.respond(openAiError(401, 'Incorrect API key provided: sk-test.', 'invalid_api_key'));
    const failure = await failureOf(ask());
    expect(failure.type).toBe(FailureType.InvalidApiKey);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toMatch(/refused the API key \(HTTP 401\): set a valid OPENAI_API_KEY/);
  });

  it('asks to be retried after the delay a 429 names', async () => {
    server.respond(openAiError(429, 'Rate limit reached', 'rate_limit_exceeded', 'requests', { 'retry-after': '3' }));
    const failure = await failureOf(ask());
    expect(failure.type).toBe(FailureType.RateLimited);
    expect(failure.nonRetryable).toBeFalsy();
    expect(failure.nextRetryDelay).toBe(3000);
  });

  it('does not retry a used-up quota, which waiting cannot fix', async () => {
    server.respond(openAiError(429, 'You exceeded your current quota', 'insufficient_quota', 'insufficient_quota'));
    const failure = await failureOf(ask());
    expect(failure.type).toBe(FailureType.InvalidRequest);
    expect(failure.message).toMatch(/quota is used up/);
  });

  it('retries server errors and an unreachable endpoint', async () => {
    server.respond(openAiError(503, 'overloaded', null, 'server_error'));
    expect((await failureOf(ask())).type).toBe(FailureType.Unavailable);
    await server.close();
    const failure = await failureOf(ask());
    expect(failure.type).toBe(FailureType.Unavailable);
    expect(failure.message).toMatch(/could not be reached/);
  });

  it('names the model setting when the endpoint does not know the model', async () => {
    server.respond(openAiError(404, 'The model `test-model` does not exist', 'model_not_found'));
    const failure = await failureOf(ask());
    expect(failure.type).toBe(FailureType.InvalidRequest);
    expect(failure.message).toMatch(/check RESEARCH_MODEL and OPENAI_BASE_URL/);
  });

  it('classes a page-caused 400 (context length, content filter) as InputRefused with its code, never as a bad configuration', async () => {
    const cases: [Reply, string][] = [
      [openAiError(400, "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.", 'context_length_exceeded'), 'context_length_exceeded'],
      // vLLM and llama.cpp servers say it in words, without a code
      [openAiError(400, "This model's maximum context length is 8192 tokens. However, you requested 9000 tokens.", null, 'BadRequestError'), 'context_length_exceeded'],
      [openAiError(400, "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.", 'content_filter'), 'content_filter'],
    ];
    for (const [reply, code] of cases) {
      server.respond(reply);
      const failure = await failureOf(ask());
      expect(failure.type).toBe(FailureType.InputRefused);
      expect(failure.nonRetryable).toBe(true);
      expect(failure.details?.[0]).toBe(code);
      expect(failure.message).toContain(`refused the input (HTTP 400 ${code})`);
    }
  });

  it('still fails fast on any other 400', async () => {
    server.respond(openAiError(400, "Invalid value for 'temperature'", 'invalid_value'));
    const failure = await failureOf(ask());
    expect(failure.type).toBe(FailureType.InvalidRequest);
    expect(failure.nonRetryable).toBe(true);
  });

  it('does not sleep for a day when a 429 asks to: beyond the cap it fails as rate limited', async () => {
    server.respond(openAiError(429, 'Rate limit reached', 'rate_limit_exceeded', 'requests', { 'retry-after': '86400' }));
    const failure = await failureOf(ask());
    expect(failure.type).toBe(FailureType.RateLimited);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toMatch(/asks to wait 24 h before retrying, more than the 120 s/);
  });

  it('keeps the key out of a failure whose body echoes the request', async () => {
    const key = 'sk-live-abcdefghijklmnopqrstuvwxyz';
    const keyed = new LlmClient({ apiKey: key, baseUrl: `${server.baseUrl}/v1`, jsonMode: 'none', timeoutMs: 2_000 });
    for (const status of [400, 401, 500]) {
      server.respond((request: RecordedRequest) =>
        openAiError(status, `bad request ${request.url.href} authorization=${request.headers.authorization} your key ${key} is wrong`, null),
      );
      const failure = await failureOf(keyed.chat(keywordsPrompt('t', 2, 'en'), { model: 'test-model', maxTokens: 10 }));
      expect(`${failure.message}\n${failure.stack}`).not.toMatch(/abcdefghijklmnopqrstuvwxyz/);
    }
  });

  it('lets a cancellation through as an abort, not as a failure to retry', async () => {
    server.respond({ hang: true });
    const controller = new AbortController();
    const call = client.chat(keywordsPrompt('t', 2, 'en'), { model: 'test-model', maxTokens: 10, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(call).rejects.toThrow(/abort/i);
  });
});
