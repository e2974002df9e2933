/**
 * The provider a configuration builds: the one SEARCH_PROVIDER names (or the default), wired with that
 * provider's settings from the environment, and usable: it searches and reads its provider's answer.
 */
import { loadConfig } from '../../src/config';
import { FailureType } from '../../src/errors';
import { createSearchProvider } from '../../src/search';
import { SEARCH_PROVIDERS, type SearchProviderName } from '../../src/search/types';
import { failureOf, fixtureJson, fixtureText, type TestServer, startServer } from './helpers';

/** Each provider's own settings (as environment variables) and a real answer of its API. */
const PROVIDERS: Record<SearchProviderName, { env: (server: TestServer) => Record<string, string>; answer: () => unknown }> = {
  duckduckgo: { env: () => ({}), answer: () => fixtureText('duckduckgo-results.html') },
  searxng: { env: (server) => ({ SEARXNG_URL: server.baseUrl }), answer: () => fixtureJson('searxng.json') },
  serper: { env: () => ({ SERPER_API_KEY: 'serper-secret-1' }), answer: () => fixtureJson('serper.json') },
  serpapi: { env: () => ({ SERPAPI_API_KEY: 'serpapi-secret-2' }), answer: () => fixtureJson('serpapi.json') },
  google: { env: () => ({ GOOGLE_API_KEY: 'google-secret-3', GOOGLE_CSE_ID: 'cse-id-4' }), answer: () => fixtureJson('google.json') },
  brave: { env: () => ({ BRAVE_API_KEY: 'brave-secret-5' }), answer: () => fixtureJson('brave.json') },
  tavily: { env: () => ({ TAVILY_API_KEY: 'tavily-secret-6' }), answer: () => fixtureJson('tavily.json') },
};

/** The provider the app would build from this environment, its endpoint moved to the test server. */
function providerFrom(env: Record<string, string>, server: TestServer) {
  const { search } = loadConfig({ OPENAI_API_KEY: 'sk-test', ...env });
  // SearxNG's endpoint is its setting (SEARXNG_URL); the others' are fixed, so the test moves them.
  const baseUrls = search.provider === 'searxng' ? {} : { [search.provider]: server.baseUrl };
  return createSearchProvider({ ...search, baseUrls });
}

describe('the search provider a configuration builds', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());
  beforeEach(() => server.requests.splice(0));

  it.each(SEARCH_PROVIDERS)('SEARCH_PROVIDER=%s builds that provider, with its settings, and it searches', async (name) => {
    const { env, answer } = PROVIDERS[name];
    server.respond({ body: answer() });
    const provider = providerFrom({ SEARCH_PROVIDER: name, ...env(server) }, server);

    expect(provider.name).toBe(name);
    const results = await provider.search('tensorflow vs pytorch', { count: 3, language: 'en-us' });
    expect(results.length).toBeGreaterThan(0);
    expect(results.length).toBeLessThanOrEqual(3);
    for (const result of results) expect(result.url).toMatch(/^https?:\/\//);
    // One request, carrying the query and each of the provider's own settings from the environment.
    expect(server.requests).toHaveLength(1);
    const sent = JSON.stringify({ url: server.lastRequest().url.toString(), headers: server.lastRequest().headers, body: server.lastRequest().body });
    expect(decodeURIComponent(sent.replace(/\+/g, ' '))).toContain('tensorflow vs pytorch');
    for (const [setting, value] of Object.entries(env(server))) if (setting !== 'SEARXNG_URL') expect(sent).toContain(value);
  });

  it('without SEARCH_PROVIDER, a run with a model key searches DuckDuckGo (no key needed) and an offline run the offline SearxNG', () => {
    expect(createSearchProvider(loadConfig({ OPENAI_API_KEY: 'sk-test' }).search).name).toBe('duckduckgo');
    expect(createSearchProvider(loadConfig({}).search).name).toBe('searxng');
  });

  it.each(SEARCH_PROVIDERS.filter((name) => name !== 'duckduckgo'))(
    'builds %s without its settings, and its first search fails fast naming what to set, without a request',
    async (name) => {
      const provider = providerFrom({ SEARCH_PROVIDER: name }, server);
      const failure = await failureOf(provider.search('q', { count: 3 }));
      expect(failure.type).toBe(FailureType.MissingApiKey);
      expect(failure.nonRetryable).toBe(true);
      for (const setting of Object.keys(PROVIDERS[name].env(server))) expect(failure.message).toContain(setting);
      expect(server.requests).toHaveLength(0);
    },
  );
});
