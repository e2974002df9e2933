/**
 * The failure contract, checked for every provider: each far-side problem becomes the right typed
 * failure naming the provider, and the caller's cancellation stays a cancellation.
 */
import { ApplicationFailure } from '@temporalio/common';
import { FailureType } from '../../src/errors';
import { SEARCH_PROVIDERS, type SearchProviderName } from '../../src/search/types';
import { failureOf, fixtureText, providerAt, type RecordedRequest, TEST_KEYS, type TestServer, startServer } from './helpers';

const OPTIONS = { count: 5, language: 'en-us' };

/** The settings each keyed provider cannot work without, as the app's .env names them. */
const REQUIRED_SETTINGS: Partial<Record<SearchProviderName, { settings: object; names: string[] }>> = {
  searxng: { settings: { baseUrls: {}, searxngUrl: undefined }, names: ['SEARXNG_URL'] },
  serper: { settings: { serperApiKey: undefined }, names: ['SERPER_API_KEY'] },
  serpapi: { settings: { serpapiApiKey: '' }, names: ['SERPAPI_API_KEY'] },
  google: { settings: { googleApiKey: undefined, googleCseId: undefined }, names: ['GOOGLE_API_KEY', 'GOOGLE_CSE_ID'] },
  brave: { settings: { braveApiKey: '  ' }, names: ['BRAVE_API_KEY'] },
  tavily: { settings: { tavilyApiKey: undefined }, names: ['TAVILY_API_KEY'] },
};

describe.each(SEARCH_PROVIDERS)('search provider %s', (name) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  const search = (overrides = {}, options: { count: number; signal?: AbortSignal } = OPTIONS) =>
    providerAt(name, server.baseUrl, overrides).search('tensorflow vs pytorch', options);

  it('turns 401 into a non-retryable InvalidApiKey naming the provider and status', async () => {
    server.respond({ status: 401, body: { message: 'Unauthorized.', statusCode: 401 } });
    const failure = await failureOf(search());
    expect(failure.type).toBe(FailureType.InvalidApiKey);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain(`search provider ${name}`);
    expect(failure.message).toContain('HTTP 401');
    expect(failure.message).toContain('Unauthorized.');
  });

  it('turns 429 into RateLimited with the server-suggested delay', async () => {
    server.respond({ status: 429, headers: { 'retry-after': '7' }, body: { error: 'Too many requests' } });
    const failure = await failureOf(search());
    expect(failure.type).toBe(FailureType.RateLimited);
    expect(failure.nonRetryable).toBe(false);
    expect(failure.nextRetryDelay).toBe(7000);
    expect(failure.message).toContain(`search provider ${name} answered HTTP 429`);
  });

  it('turns 500 into a retryable Unavailable, quoting the error page briefly', async () => {
    server.respond({ status: 500, body: '<html><body><h1>500 Internal Server Error</h1></body></html>' });
    const failure = await failureOf(search());
    expect(failure.type).toBe(FailureType.Unavailable);
    expect(failure.nonRetryable).toBe(false);
    expect(failure.message).toBe(`search provider ${name} answered HTTP 500: 500 Internal Server Error`);
  });

  if (name === 'duckduckgo') {
    it('turns a page without results (bot check) into MalformedResponse', async () => {
      server.respond({ status: 202, body: fixtureText('duckduckgo-anomaly.html') });
      const failure = await failureOf(search());
      expect(failure.type).toBe(FailureType.MalformedResponse);
      expect(failure.message).toMatch(/duckduckgo.*DuckDuckGo answered a page without results \(possibly a bot check\)/);
    });
  } else {
    it('turns a body that is not JSON into MalformedResponse', async () => {
      server.respond({ status: 200, body: '<html><body>Bad gateway</body></html>' });
      const failure = await failureOf(search());
      expect(failure.type).toBe(FailureType.MalformedResponse);
      expect(failure.message).toContain(`search provider ${name} answered HTTP 200 with a body that is not JSON`);
    });

    it('turns JSON of the wrong shape into MalformedResponse', async () => {
      for (const body of [['not', 'an', 'object'], { results: 'x', organic: 'x', organic_results: 5, items: {}, web: { results: 'x' } }]) {
        server.respond({ status: 200, body });
        const failure = await failureOf(search());
        expect(failure.type).toBe(FailureType.MalformedResponse);
        expect(failure.message).toContain(`search provider ${name} answered JSON of an unexpected shape`);
      }
    });
  }

  it('turns a timeout into a retryable Unavailable', async () => {
    server.respond({ hang: true });
    const failure = await failureOf(search({ timeoutMs: 100 }));
    expect(failure.type).toBe(FailureType.Unavailable);
    expect(failure.message).toBe(`search provider ${name} did not answer within 0.1 s`);
  });

  it('passes the caller’s cancellation through as an abort, not a failure', async () => {
    server.respond({ hang: true });
    const controller = new AbortController();
    const pending = search({}, { count: 5, signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    const error = await pending.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).not.toBeInstanceOf(ApplicationFailure);
    expect((error as Error).name).toBe('AbortError');
  });

  it('turns a refused connection into a retryable Unavailable', async () => {
    const closed = await startServer();
    await closed.close();
    const failure = await failureOf(providerAt(name, closed.baseUrl).search('q', OPTIONS));
    expect(failure.type).toBe(FailureType.Unavailable);
    expect(failure.message).toMatch(new RegExp(`^search provider ${name} could not be reached: .*ECONNREFUSED`));
  });

  describe('an error body that echoes the request', () => {
    /** What careless APIs answer: the URL with its query, the headers and the body, verbatim. */
    const echo = (request: RecordedRequest) =>
      `Invalid request ${request.method} ${request.url.pathname}${request.url.search} headers=${JSON.stringify(request.headers)} body=${request.body}`;
    const secrets = Object.entries(TEST_KEYS)
      .filter(([k]) => k !== 'googleCseId')
      .map(([, v]) => v);

    it.each([400, 401, 403, 429, 500, 502])('leaves no key in the failure of an HTTP %i', async (status) => {
      server.respond((request) => ({ status, headers: { 'retry-after': '1' }, body: { error: echo(request), message: echo(request) } }));
      const failure = await failureOf(search());
      expect(failure.message).toContain(`HTTP ${status}`);
      for (const key of secrets) {
        expect(failure.message).not.toContain(key);
        expect(failure.stack ?? '').not.toContain(key);
      }
    });

    it('leaves no key in the failure when the echo is an HTML page', async () => {
      server.respond((request) => ({ status: 500, body: `<html><body><pre>${echo(request)}</pre></body></html>` }));
      const failure = await failureOf(search());
      for (const key of secrets) expect(`${failure.message}\n${failure.stack}`).not.toContain(key);
    });
  });

  const required = REQUIRED_SETTINGS[name];
  if (required) {
    it(`fails with MissingApiKey naming ${required.names.join(' and ')} before any request`, async () => {
      const before = server.requests.length;
      const failure = await failureOf(search(required.settings));
      expect(failure.type).toBe(FailureType.MissingApiKey);
      expect(failure.nonRetryable).toBe(true);
      expect(failure.message).toContain(`search provider ${name} needs ${required.names.join(' and ')}`);
      expect(failure.message).toContain('or choose SEARCH_PROVIDER=duckduckgo');
      expect(server.requests.length).toBe(before);
    });
  }
});
