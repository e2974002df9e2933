import { ConfigError, loadConfig } from '../src/config';

describe('configuration', () => {
  it('has documented defaults and runs offline without an API key', () => {
    const c = loadConfig({});
    expect(c.offline).toBe(true);
    expect(c.search.provider).toBe('searxng');
    expect(c.temporal).toMatchObject({ address: 'localhost:7233', mayStartDevServer: true, namespace: 'default', taskQueue: 'deep-research' });
    expect(c.research).toMatchObject({ model: 'gpt-4o-mini', keywords: 2, queries: 4, searchResults: 8, urlsPerQuery: 4, maxParallelPages: 8, maxBudgetUsd: 10, language: 'en-us' });
    expect(c.fetch.allowPrivateNetwork).toBe(false);
    expect(c.outputDir).toBe('./reports');
  });

  it('goes online with a key, defaulting to DuckDuckGo search', () => {
    const c = loadConfig({ OPENAI_API_KEY: 'sk-test' });
    expect(c.offline).toBe(false);
    expect(c.search.provider).toBe('duckduckgo');
  });

  it('refuses to go online without a key', () => {
    expect(() => loadConfig({ RESEARCH_OFFLINE: 'false' })).toThrow(/RESEARCH_OFFLINE=false needs OPENAI_API_KEY/);
    expect(loadConfig({ RESEARCH_OFFLINE: 'true', OPENAI_API_KEY: 'sk-x' }).offline).toBe(true);
  });

  it('names the setting and what is allowed when a value is bad', () => {
    expect(() => loadConfig({ RESEARCH_MAX_BUDGET_USD: 'lots' })).toThrow(/RESEARCH_MAX_BUDGET_USD.*number.*"lots"/);
    expect(() => loadConfig({ SEARCH_PROVIDER: 'altavista' })).toThrow(/SEARCH_PROVIDER must be one of duckduckgo, searxng/);
    expect(() => loadConfig({ TEMPORAL_ADDRESS: 'http://x' })).toThrow(/TEMPORAL_ADDRESS must be host:port/);
    expect(() => loadConfig({ RESEARCH_ALLOW_PRIVATE_NETWORK: 'maybe' })).toThrow(ConfigError);
  });

  it('refuses an unknown model without a price, since the budget could not be enforced', () => {
    expect(() => loadConfig({ RESEARCH_MODEL: 'llama3.1:8b' })).toThrow(/RESEARCH_PRICE_INPUT_PER_M/);
    const c = loadConfig({ RESEARCH_MODEL: 'llama3.1:8b', RESEARCH_PRICE_INPUT_PER_M: '0', RESEARCH_PRICE_OUTPUT_PER_M: '0' });
    expect(c.research.contextTokens).toBe(8192);
  });
});

describe('RESEARCH_LANGUAGE', () => {
  it.each(['en-us', 'de-DE', 'fr', 'zh-Hant-TW', 'pt-br'])('accepts the BCP 47 tag %s', (tag) => {
    expect(loadConfig({ RESEARCH_LANGUAGE: tag }).research.language).toBe(tag);
  });

  it.each(['en_US', 'e', 'english language', '12-34', 'de-'])('refuses %p with a ConfigError naming the setting', (tag) => {
    expect(() => loadConfig({ RESEARCH_LANGUAGE: tag })).toThrow(/RESEARCH_LANGUAGE must be a BCP 47 language tag/);
  });
});
