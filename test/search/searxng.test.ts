import { FailureType } from '../../src/errors';
import { createSearchProvider } from '../../src/search';
import { createSearxngProvider } from '../../src/search/searxng';
import { failureOf, fixtureJson, type TestServer, startServer } from './helpers';

describe('searxng provider', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  beforeEach(() => server.respond({ body: fixtureJson('searxng.json') }));
  afterAll(() => server.close());

  const provider = (baseUrl = server.baseUrl) => createSearxngProvider({ baseUrl, timeoutMs: 2_000 });

  it('reads url, title and content; an absent content is an empty snippet', async () => {
    const results = await provider().search('tensorflow vs pytorch', { count: 10 });
    expect(results).toHaveLength(4);
    expect(results[1]).toEqual({
      url: 'https://opencv.org/blog/pytorch-vs-tensorflow/',
      title: 'PyTorch vs TensorFlow in 2025: A Comparative Guide of AI Frameworks',
      snippet:
        'PyTorch offers a more Pythonic experience with dynamic graphs, while TensorFlow provides a robust production ecosystem.',
    });
    expect(results[3]).toEqual({
      url: 'https://viso.ai/deep-learning/pytorch-vs-tensorflow/',
      title: 'Pytorch vs Tensorflow: A Head-to-Head Comparison',
      snippet: '',
    });
  });

  it('returns at most `count` results', async () => {
    expect(await provider().search('q', { count: 2 })).toHaveLength(2);
  });

  it('GETs /search with format=json and the language', async () => {
    await provider().search('tensorflow vs pytorch', { count: 5, language: 'en-us' });
    const request = server.lastRequest();
    expect(request.method).toBe('GET');
    expect(request.url.pathname).toBe('/search');
    expect(Object.fromEntries(request.url.searchParams)).toEqual({
      q: 'tensorflow vs pytorch',
      format: 'json',
      language: 'en-US',
    });
  });

  it('keeps a path prefix of the instance address', async () => {
    await provider(`${server.baseUrl}/searx/`).search('q', { count: 5 });
    expect(server.lastRequest().url.pathname).toBe('/searx/search');
  });

  it('explains the 403 SearxNG gives when its JSON format is off', async () => {
    server.respond({
      status: 403,
      body: '<!doctype html>\n<html lang=en>\n<title>403 Forbidden</title>\n<h1>Forbidden</h1>\n<p>You don&#39;t have the permission to access the requested resource.</p>\n',
    });
    const failure = await failureOf(provider().search('q', { count: 5 }));
    expect(failure.type).toBe(FailureType.InvalidRequest);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain('search provider searxng answered HTTP 403');
    expect(failure.message).toContain('enable json in search.formats of settings.yml');
  });

  it('reports engines that all failed as Unavailable rather than "no results"', async () => {
    server.respond({
      body: { query: 'q', number_of_results: 0, results: [], answers: [], unresponsive_engines: [['google', 'CAPTCHA'], ['brave', 'timeout']] },
    });
    const failure = await failureOf(provider().search('q', { count: 5 }));
    expect(failure.type).toBe(FailureType.Unavailable);
    expect(failure.message).toBe('search provider searxng found nothing because its engines failed (google: CAPTCHA, brave: timeout)');
  });

  it('returns an empty list when the engines answered and found nothing', async () => {
    server.respond({ body: { query: 'q', number_of_results: 0, results: [], unresponsive_engines: [] } });
    await expect(provider().search('q', { count: 5 })).resolves.toEqual([]);
  });

  it('is built from SEARXNG_URL by createSearchProvider', async () => {
    const built = createSearchProvider({ provider: 'searxng', timeoutMs: 2_000, searxngUrl: server.baseUrl });
    expect(built.name).toBe('searxng');
    await expect(built.search('q', { count: 1 })).resolves.toHaveLength(1);
  });
});
