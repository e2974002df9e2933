import { FailureType } from '../../src/errors';
import { createGoogleProvider } from '../../src/search/google';
import { failureOf, fixtureJson, type TestServer, startServer } from './helpers';

describe('google provider', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  beforeEach(() => server.respond({ body: fixtureJson('google.json') }));
  afterAll(() => server.close());

  const provider = () =>
    createGoogleProvider({ apiKey: 'google-key-123', cseId: 'cse-456', baseUrl: server.baseUrl, timeoutMs: 2_000 });

  it('reads items, with line breaks in snippets collapsed', async () => {
    const results = await provider().search('tensorflow vs pytorch', { count: 10 });
    expect(results).toHaveLength(3);
    expect(results[0]).toEqual({
      url: 'https://realpython.com/pytorch-vs-tensorflow/',
      title: 'PyTorch vs TensorFlow for Your Python Deep Learning Project ...',
      snippet: "In this article, you'll learn how to choose between PyTorch and TensorFlow for your next deep learning project ...",
    });
  });

  it('GETs /customsearch/v1 with key, cx, query, num and locale', async () => {
    await provider().search('tensorflow vs pytorch', { count: 3, language: 'en-us' });
    const request = server.lastRequest();
    expect(request.method).toBe('GET');
    expect(request.url.pathname).toBe('/customsearch/v1');
    expect(Object.fromEntries(request.url.searchParams)).toEqual({
      key: 'google-key-123',
      cx: 'cse-456',
      q: 'tensorflow vs pytorch',
      num: '3',
      hl: 'en',
      gl: 'us',
    });
  });

  it('asks for one page of at most 10 results, even when more are wanted', async () => {
    const before = server.requests.length;
    await provider().search('q', { count: 20 });
    expect(server.requests.length - before).toBe(1);
    expect(server.lastRequest().url.searchParams.get('num')).toBe('10');
  });

  it('returns at most `count` results', async () => {
    expect(await provider().search('q', { count: 2 })).toHaveLength(2);
  });

  it('reads an answer without items as no results', async () => {
    server.respond({ body: fixtureJson('google-no-items.json') });
    await expect(provider().search('qxzvjkwq plorbnatz', { count: 5 })).resolves.toEqual([]);
  });

  it("turns Google's 400 API_KEY_INVALID into InvalidApiKey naming GOOGLE_API_KEY", async () => {
    server.respond({ status: 400, body: fixtureJson('google-invalid-key.json') });
    const failure = await failureOf(provider().search('q', { count: 5 }));
    expect(failure.type).toBe(FailureType.InvalidApiKey);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toBe(
      'search provider google answered HTTP 400: API key not valid. Please pass a valid API key. (check GOOGLE_API_KEY)',
    );
  });

  it('turns another 400 (e.g. a wrong cx) into InvalidRequest with Google’s message', async () => {
    server.respond({
      status: 400,
      body: { error: { code: 400, message: 'Request contains an invalid argument.', errors: [{ reason: 'badRequest' }], status: 'INVALID_ARGUMENT' } },
    });
    const failure = await failureOf(provider().search('q', { count: 5 }));
    expect(failure.type).toBe(FailureType.InvalidRequest);
    expect(failure.message).toBe('search provider google answered HTTP 400: Request contains an invalid argument.');
  });

  it('turns the daily quota 429 into RateLimited with Google’s message', async () => {
    const message = "Quota exceeded for quota metric 'Queries' and limit 'Queries per day' of service 'customsearch.googleapis.com'";
    server.respond({ status: 429, body: { error: { code: 429, message, status: 'RESOURCE_EXHAUSTED' } } });
    const failure = await failureOf(provider().search('q', { count: 5 }));
    expect(failure.type).toBe(FailureType.RateLimited);
    expect(failure.message).toContain(message);
  });
});
