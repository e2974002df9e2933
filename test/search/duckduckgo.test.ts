import { createDuckDuckGoProvider, duckDuckGoRegion, unwrapRedirect } from '../../src/search/duckduckgo';
import { fixtureText, type TestServer, startServer } from './helpers';

describe('duckduckgo provider', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ body: fixtureText('duckduckgo-results.html') });
  });
  afterAll(() => server.close());

  const provider = () => createDuckDuckGoProvider({ baseUrl: server.baseUrl, timeoutMs: 2_000 });

  it('reads the organic results: ad skipped, redirects unwrapped, HTML stripped, repeats dropped', async () => {
    server.respond({ body: fixtureText('duckduckgo-results.html') });
    const results = await provider().search('tensorflow vs pytorch', { count: 10, language: 'en-us' });
    expect(results).toEqual([
      {
        url: 'https://www.geeksforgeeks.org/deep-learning/difference-between-pytorch-and-tensorflow/',
        title: 'Difference between PyTorch and TensorFlow - GeeksforGeeks',
        snippet:
          'PyTorch and TensorFlow are two of the most popular deep learning frameworks. PyTorch uses dynamic computation graphs, while TensorFlow historically relied on static graphs & sessions.',
      },
      {
        url: 'https://www.reddit.com/r/MachineLearning/comments/1b7x2kq/d_pytorch_vs_tensorflow_in_2024/',
        title: '[D] PyTorch vs TensorFlow in 2024 : r/MachineLearning - Reddit',
        snippet:
          "In research, PyTorch is dominant. Most papers with code ship PyTorch implementations; TensorFlow still shows up in production & mobile (TFLite). It's mostly about ecosystem now.",
      },
      {
        url: 'https://pytorch.org/',
        title: 'PyTorch',
        snippet:
          'An open source machine learning framework that accelerates the path from research prototyping to production deployment.',
      },
      {
        url: 'https://www.tensorflow.org/',
        title: 'TensorFlow',
        snippet:
          "An end-to-end open source machine learning platform for everyone. Discover TensorFlow's flexible ecosystem of tools, libraries and community resources.",
      },
    ]);
    expect(results.some((result) => result.url.includes('coursera') || result.url.includes('y.js'))).toBe(false);
  });

  it('returns at most `count` results', async () => {
    const results = await provider().search('tensorflow vs pytorch', { count: 2 });
    expect(results.map((result) => result.url)).toEqual([
      'https://www.geeksforgeeks.org/deep-learning/difference-between-pytorch-and-tensorflow/',
      'https://www.reddit.com/r/MachineLearning/comments/1b7x2kq/d_pytorch_vs_tensorflow_in_2024/',
    ]);
  });

  it('GETs /html/ with the query, the region and a browser user agent', async () => {
    await provider().search('tensorflow vs pytorch', { count: 5, language: 'en-us' });
    const request = server.lastRequest();
    expect(request.method).toBe('GET');
    expect(request.url.pathname).toBe('/html/');
    expect(request.url.searchParams.get('q')).toBe('tensorflow vs pytorch');
    expect(request.url.searchParams.get('kl')).toBe('us-en');
    expect(request.headers['user-agent']).toMatch(/^Mozilla\/5\.0/);
  });

  it('leaves the region out when no language is given', async () => {
    await provider().search('q', { count: 5 });
    expect(server.lastRequest().url.searchParams.has('kl')).toBe(false);
  });

  it('returns an empty list for a "No results." page', async () => {
    server.respond({ body: fixtureText('duckduckgo-no-results.html') });
    await expect(provider().search('qxzvjkwq plorbnatz', { count: 5 })).resolves.toEqual([]);
  });
});

describe('unwrapRedirect', () => {
  it('takes the target out of a //duckduckgo.com/l/ link', () => {
    expect(unwrapRedirect('//duckduckgo.com/l/?uddg=https%3A%2F%2Fexample.com%2Fa%3Fb%3D1%26c%3D2&rut=abc')).toBe(
      'https://example.com/a?b=1&c=2',
    );
    expect(unwrapRedirect('https://duckduckgo.com/l/?uddg=https%3A%2F%2Fexample.com%2F')).toBe('https://example.com/');
  });

  it('leaves direct links alone', () => {
    expect(unwrapRedirect('https://pytorch.org/')).toBe('https://pytorch.org/');
  });
});

describe('duckDuckGoRegion', () => {
  it.each([
    ['en-us', 'us-en'],
    ['en-GB', 'uk-en'],
    ['de-de', 'de-de'],
    ['fr_CA', 'ca-fr'],
    ['ja-jp', 'jp-jp'],
    ['de', 'de-de'],
    ['en', 'us-en'],
  ])('%s → %s', (hint, region) => {
    expect(duckDuckGoRegion(hint)).toBe(region);
  });

  it('gives no region for a language it does not know without a country', () => {
    expect(duckDuckGoRegion('xx')).toBeUndefined();
    expect(duckDuckGoRegion(undefined)).toBeUndefined();
  });
});
