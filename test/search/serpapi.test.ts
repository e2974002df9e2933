import { FailureType } from '../../src/errors';
import { createSerpApiProvider } from '../../src/search/serpapi';
import { failureOf, fixtureJson, type TestServer, startServer } from './helpers';

const INVALID_KEY = 'Invalid API key. Your API key should be here: https://serpapi.com/manage-api-key';

describe('serpapi provider', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  beforeEach(() => server.respond({ body: fixtureJson('serpapi.json') }));
  afterAll(() => server.close());

  const provider = () => createSerpApiProvider({ apiKey: 'serpapi-key-123', baseUrl: server.baseUrl, timeoutMs: 2_000 });

  it('reads organic_results', async () => {
    const results = await provider().search('tensorflow vs pytorch', { count: 10 });
    expect(results).toHaveLength(4);
    expect(results[0]).toEqual({
      url: 'https://realpython.com/pytorch-vs-tensorflow/',
      title: 'PyTorch vs TensorFlow for Your Python Deep Learning Project',
      snippet:
        "PyTorch vs TensorFlow: What's the difference? Both are open source Python libraries that use graphs to perform numerical computation on data.",
    });
  });

  it('returns at most `count` results', async () => {
    expect(await provider().search('q', { count: 2 })).toHaveLength(2);
  });

  it('GETs /search.json with engine, query, num, locale and the key as api_key', async () => {
    await provider().search('tensorflow vs pytorch', { count: 8, language: 'en-us' });
    const request = server.lastRequest();
    expect(request.method).toBe('GET');
    expect(request.url.pathname).toBe('/search.json');
    expect(Object.fromEntries(request.url.searchParams)).toEqual({
      engine: 'google',
      q: 'tensorflow vs pytorch',
      num: '8',
      hl: 'en',
      gl: 'us',
      api_key: 'serpapi-key-123',
    });
  });

  it('returns an empty list for "Google hasn\'t returned any results"', async () => {
    server.respond({
      body: {
        search_metadata: { id: '6650c6f0', status: 'Success' },
        search_parameters: { engine: 'google', q: 'qxzvjkwq plorbnatz' },
        search_information: { organic_results_state: 'Fully empty' },
        error: "Google hasn't returned any results for this query.",
      },
    });
    await expect(provider().search('qxzvjkwq plorbnatz', { count: 5 })).resolves.toEqual([]);
  });

  it.each([401, 200])('turns "Invalid API key" (HTTP %i) into InvalidApiKey naming SERPAPI_API_KEY', async (status) => {
    server.respond({ status, body: { error: INVALID_KEY } });
    const failure = await failureOf(provider().search('q', { count: 5 }));
    expect(failure.type).toBe(FailureType.InvalidApiKey);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toBe(`search provider serpapi answered HTTP ${status}: ${INVALID_KEY} (check SERPAPI_API_KEY)`);
  });

  it('turns a used-up plan into a non-retryable InvalidRequest instead of retrying', async () => {
    server.respond({ status: 429, body: { error: 'Your account has run out of searches.' } });
    const failure = await failureOf(provider().search('q', { count: 5 }));
    expect(failure.type).toBe(FailureType.InvalidRequest);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain('search provider serpapi answered HTTP 429: Your account has run out of searches.');
  });

  it('turns another error in a 200 body into a retryable Unavailable', async () => {
    server.respond({ body: { search_metadata: { status: 'Error' }, error: 'Something went wrong. Please try again.' } });
    const failure = await failureOf(provider().search('q', { count: 5 }));
    expect(failure.type).toBe(FailureType.Unavailable);
    expect(failure.message).toBe('search provider serpapi answered an error: Something went wrong. Please try again.');
  });
});
