import { FailureType } from '../../src/errors';
import { braveLocale, createBraveProvider } from '../../src/search/brave';
import { failureOf, fixtureJson, type TestServer, startServer } from './helpers';

describe('brave provider', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  beforeEach(() => server.respond({ body: fixtureJson('brave.json') }));
  afterAll(() => server.close());

  const provider = () => createBraveProvider({ apiKey: 'brave-key-123', baseUrl: server.baseUrl, timeoutMs: 2_000 });

  it('reads web results with <strong> tags and entities removed', async () => {
    const results = await provider().search('tensorflow vs pytorch', { count: 10 });
    expect(results).toHaveLength(4);
    expect(results[0]).toEqual({
      url: 'https://realpython.com/pytorch-vs-tensorflow/',
      title: 'PyTorch vs TensorFlow for Your Python Deep Learning Project – Real Python',
      snippet: "In this tutorial, you'll learn about the differences between PyTorch and TensorFlow, and how to choose between them.",
    });
    expect(results[1]?.snippet).toBe(
      'PyTorch offers a Pythonic experience with dynamic computation graphs & easier debugging; TensorFlow offers production tooling.',
    );
  });

  it('returns at most `count` results', async () => {
    expect(await provider().search('q', { count: 3 })).toHaveLength(3);
  });

  it('GETs /res/v1/web/search with the key in X-Subscription-Token', async () => {
    await provider().search('tensorflow vs pytorch', { count: 3, language: 'en-us' });
    const request = server.lastRequest();
    expect(request.method).toBe('GET');
    expect(request.url.pathname).toBe('/res/v1/web/search');
    expect(request.headers['x-subscription-token']).toBe('brave-key-123');
    expect(Object.fromEntries(request.url.searchParams)).toEqual({
      q: 'tensorflow vs pytorch',
      count: '3',
      search_lang: 'en',
      country: 'US',
    });
  });

  it('caps count at the 20 Brave allows', async () => {
    await provider().search('q', { count: 50 });
    expect(server.lastRequest().url.searchParams.get('count')).toBe('20');
  });

  it('returns an empty list when there is no web section', async () => {
    server.respond({ body: { query: { original: 'qxzvjkwq' }, mixed: { type: 'mixed', main: [] }, type: 'search' } });
    await expect(provider().search('qxzvjkwq', { count: 5 })).resolves.toEqual([]);
  });

  it("turns Brave's 422 SUBSCRIPTION_TOKEN_INVALID into InvalidApiKey naming BRAVE_API_KEY", async () => {
    server.respond({ status: 422, body: fixtureJson('brave-invalid-token.json') });
    const failure = await failureOf(provider().search('q', { count: 5 }));
    expect(failure.type).toBe(FailureType.InvalidApiKey);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toBe(
      'search provider brave answered HTTP 422: The provided subscription token is invalid. (check BRAVE_API_KEY)',
    );
  });

  it('takes the retry delay of a 429 from X-RateLimit-Reset when there is no Retry-After', async () => {
    server.respond({
      status: 429,
      headers: { 'x-ratelimit-limit': '1, 2000', 'x-ratelimit-remaining': '0, 1521', 'x-ratelimit-reset': '1, 1419704' },
      body: { type: 'ErrorResponse', error: { status: 429, code: 'RATE_LIMITED', detail: 'Request rate limit exceeded for plan.' } },
    });
    const failure = await failureOf(provider().search('q', { count: 5 }));
    expect(failure.type).toBe(FailureType.RateLimited);
    expect(failure.nextRetryDelay).toBe(1000);
    expect(failure.message).toBe('search provider brave answered HTTP 429: Request rate limit exceeded for plan.');
  });
});

describe('braveLocale', () => {
  it.each([
    ['en-us', { search_lang: 'en', country: 'US' }],
    ['en-gb', { search_lang: 'en-gb', country: 'GB' }],
    ['ja-jp', { search_lang: 'jp', country: 'JP' }],
    ['pt-br', { search_lang: 'pt-br', country: 'BR' }],
    ['pt', { search_lang: 'pt-pt' }],
    ['zh-tw', { search_lang: 'zh-hant', country: 'TW' }],
    ['zh-cn', { search_lang: 'zh-hans', country: 'CN' }],
    ['de', { search_lang: 'de' }],
    ['en-ie', { search_lang: 'en' }],
    ['xx-zz', {}],
  ])('%s → %j', (hint, expected) => {
    expect(braveLocale(hint)).toEqual(expected);
  });
});
