import { FailureType } from '../../src/errors';
import { createSerperProvider } from '../../src/search/serper';
import { failureOf, fixtureJson, jsonBody, type TestServer, startServer } from './helpers';

describe('serper provider', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  beforeEach(() => server.respond({ body: fixtureJson('serper.json') }));
  afterAll(() => server.close());

  const provider = () => createSerperProvider({ apiKey: 'serper-key-123', baseUrl: server.baseUrl, timeoutMs: 2_000 });

  it('reads the organic results with whitespace collapsed and entities decoded', async () => {
    const results = await provider().search('tensorflow vs pytorch', { count: 10 });
    expect(results.map((result) => result.url)).toEqual([
      'https://opencv.org/blog/pytorch-vs-tensorflow/',
      'https://viso.ai/deep-learning/pytorch-vs-tensorflow/',
      'https://realpython.com/pytorch-vs-tensorflow/',
      'https://www.reddit.com/r/learnmachinelearning/comments/18ab9nd/pytorch_or_tensorflow/',
      'https://www.youtube.com/watch?v=QGd8rXfBq0o',
    ]);
    expect(results[0]).toEqual({
      url: 'https://opencv.org/blog/pytorch-vs-tensorflow/',
      title: 'PyTorch vs TensorFlow in 2025: A Comparative Guide of AI ...',
      snippet:
        'PyTorch offers a more Pythonic experience with dynamic graphs, while TensorFlow provides a robust production ecosystem ...',
    });
    expect(results[2]?.snippet).toBe(
      "In this article, you'll learn how to choose between PyTorch and TensorFlow & which one fits your project.",
    );
  });

  it('returns at most `count` results', async () => {
    expect(await provider().search('q', { count: 3 })).toHaveLength(3);
  });

  it('POSTs the query as JSON with the key in X-API-KEY', async () => {
    await provider().search('tensorflow vs pytorch', { count: 3, language: 'en-us' });
    const request = server.lastRequest();
    expect(request.method).toBe('POST');
    expect(request.url.pathname).toBe('/search');
    expect(request.headers['x-api-key']).toBe('serper-key-123');
    expect(request.headers['content-type']).toBe('application/json');
    expect(jsonBody(request)).toEqual({ q: 'tensorflow vs pytorch', num: 3, hl: 'en', gl: 'us' });
  });

  it('sends only hl for a language without a country', async () => {
    await provider().search('q', { count: 3, language: 'fr' });
    expect(jsonBody(server.lastRequest())).toEqual({ q: 'q', num: 3, hl: 'fr' });
  });

  it('returns an empty list when there is no organic section', async () => {
    server.respond({ body: { searchParameters: { q: 'q', type: 'search', engine: 'google' }, credits: 1 } });
    await expect(provider().search('q', { count: 3 })).resolves.toEqual([]);
  });

  it("turns Serper's 403 for a wrong key into InvalidApiKey", async () => {
    server.respond({ status: 403, body: { message: 'Unauthorized.', statusCode: 403 } });
    const failure = await failureOf(provider().search('q', { count: 3 }));
    expect(failure.type).toBe(FailureType.InvalidApiKey);
    expect(failure.message).toBe('search provider serper answered HTTP 403: Unauthorized. (check its API key)');
  });
});
