/**
 * Every model answer enters clean: a model repeats what pages held (or what an injected page told it to
 * write), so its raw text, and every string in its JSON, JSON escapes included, lose controls, bidi
 * controls, invisible characters and terminal escapes.
 */
import { LlmClient } from '../../src/llm/client';
import { extractJson, parseAnswer } from '../../src/llm/parse';
import { keywordsPrompt } from '../../src/llm/prompts';
import { LLM_ANSWERS } from '../../src/llm/schemas';
import { type Reply, startServer, type TestServer } from '../harness/loopbackServer';
import { CLEAN_SNIPPET, CLEAN_TITLE, HOSTILE_SNIPPET, HOSTILE_TITLE, cleanParagraph, hiddenCharacters, hostileParagraph } from '../text/hostileText';

function completion(content: string): Reply {
  return {
    body: {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1_764_000_000,
      model: 'test-model',
      choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
    },
  };
}

describe('model answers', () => {
  let server: TestServer;
  let client: LlmClient;
  beforeEach(async () => {
    server = await startServer(completion(''));
    client = new LlmClient({ apiKey: 'sk-test', baseUrl: `${server.baseUrl}/v1`, jsonMode: 'none', timeoutMs: 2_000 });
  });
  afterEach(() => server.close());

  it('a text answer comes back clean, its words kept', async () => {
    server.respond(completion(`# ${HOSTILE_TITLE}\r\n\r\n${hostileParagraph(1)} [1]`));
    const reply = await client.chat([{ role: 'user', content: 'write' }], { model: 'test-model', maxTokens: 100 });
    expect(reply.text).toBe(`# ${CLEAN_TITLE}\n\n${cleanParagraph(1)} [1]`);
  });

  it('a JSON answer: raw controls and JSON-escaped ones alike are gone from its values', async () => {
    const escaped = JSON.stringify({ keywords: [HOSTILE_TITLE, HOSTILE_SNIPPET] });
    expect(escaped).toContain('\\u001b'); // what the model sends: escapes, no raw ESC
    server.respond(completion(`Here you are: ${escaped}\u202E`));
    const reply = await client.chatJson('search_keywords', keywordsPrompt('grid storage', 2, 'en-us'), { model: 'test-model', maxTokens: 100 });
    expect(reply.value).toEqual({ keywords: [CLEAN_TITLE, CLEAN_SNIPPET] });
    expect(hiddenCharacters(reply.raw)).toEqual([]);
  });
});

describe('extractJson', () => {
  it('cleans every string value, at any depth, whichever way the JSON was found', () => {
    const json = JSON.stringify({ a: ['\u2066x\u2069', { b: 'y\x1b[2J' }], n: 3 });
    expect(extractJson(json)).toEqual({ a: ['x', { b: 'y' }], n: 3 });
    expect(extractJson(`prose first ${json} and after`)).toEqual({ a: ['x', { b: 'y' }], n: 3 });
    expect(parseAnswer('["k1\\u200b", "k2\\u001b]0;pwned\\u0007"]', LLM_ANSWERS.search_keywords, 'keywords')).toEqual({ keywords: ['k1', 'k2'] });
  });
});
