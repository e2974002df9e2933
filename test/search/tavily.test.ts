import { FailureType } from '../../src/errors';
import { createTavilyProvider } from '../../src/search/tavily';
import { failureOf, fixtureJson, jsonBody, type TestServer, startServer } from './helpers';

describe('tavily provider', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  beforeEach(() => server.respond({ body: fixtureJson('tavily.json') }));
  afterAll(() => server.close());

  const provider = () => createTavilyProvider({ apiKey: 'tvly-key-123', baseUrl: server.baseUrl, timeoutMs: 2_000 });

  it('reads results, using content as the snippet', async () => {
    const results = await provider().search('tensorflow vs pytorch', { count: 10 });
    expect(results).toHaveLength(4);
    expect(results[1]).toEqual({
      url: 'https://www.ibm.com/think/topics/tensorflow-vs-pytorch',
      title: 'TensorFlow vs. PyTorch: Which framework should you use? | IBM',
      snippet:
        'TensorFlow and PyTorch are two of the most widely used machine learning frameworks. TensorFlow, developed by Google, ... PyTorch, developed by Meta ...',
    });
  });

  it('returns at most `count` results', async () => {
    expect(await provider().search('q', { count: 2 })).toHaveLength(2);
  });

  it('POSTs query, max_results and basic depth with a Bearer key', async () => {
    await provider().search('tensorflow vs pytorch', { count: 6, language: 'en-us' });
    const request = server.lastRequest();
    expect(request.method).toBe('POST');
    expect(request.url.pathname).toBe('/search');
    expect(request.headers.authorization).toBe('Bearer tvly-key-123');
    expect(jsonBody(request)).toEqual({ query: 'tensorflow vs pytorch', max_results: 6, search_depth: 'basic' });
  });

  it('caps max_results at the 20 Tavily allows', async () => {
    await provider().search('q', { count: 40 });
    expect(jsonBody(server.lastRequest()).max_results).toBe(20);
  });

  it("turns Tavily's 401 into InvalidApiKey quoting its detail", async () => {
    server.respond({ status: 401, body: { detail: { error: 'Unauthorized: missing or invalid API key.' } } });
    const failure = await failureOf(provider().search('q', { count: 5 }));
    expect(failure.type).toBe(FailureType.InvalidApiKey);
    expect(failure.message).toBe(
      'search provider tavily answered HTTP 401: Unauthorized: missing or invalid API key. (check its API key)',
    );
  });

  it('turns 432 (plan limit reached) into a non-retryable InvalidRequest', async () => {
    server.respond({ status: 432, body: { detail: { error: 'This request exceeds your plan\'s set usage limit.' } } });
    const failure = await failureOf(provider().search('q', { count: 5 }));
    expect(failure.type).toBe(FailureType.InvalidRequest);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain('search provider tavily answered HTTP 432');
    expect(failure.message).toContain("the plan's usage limit is reached");
  });
});
