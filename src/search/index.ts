/** Picks and builds the configured search provider. Missing keys are reported at the first search. */
import { invalidRequest } from '../errors';
import { redactError } from '../redact';
import { createBraveProvider } from './brave';
import { createDuckDuckGoProvider } from './duckduckgo';
import { createGoogleProvider } from './google';
import { createSearxngProvider } from './searxng';
import { createSerpApiProvider } from './serpapi';
import { createSerperProvider } from './serper';
import { createTavilyProvider } from './tavily';
import { SEARCH_PROVIDERS, type SearchProvider, type SearchProviderName } from './types';

export type { SearchOptions, SearchProvider, SearchProviderName } from './types';
export { SEARCH_PROVIDERS } from './types';

export interface SearchProviderSettings {
  provider: SearchProviderName;
  timeoutMs: number;
  searxngUrl?: string;
  serperApiKey?: string;
  serpapiApiKey?: string;
  googleApiKey?: string;
  googleCseId?: string;
  braveApiKey?: string;
  tavilyApiKey?: string;
  /** overrides each provider's endpoint, for tests and proxies */
  baseUrls?: Partial<Record<SearchProviderName, string>>;
}

/**
 * The configured provider, with every failure's message (and its causes') cleared of the keys this
 * process holds and of anything shaped like a credential: providers echo the request URL in errors.
 */
export function createSearchProvider(settings: SearchProviderSettings): SearchProvider {
  const provider = createProvider(settings);
  const secrets = [settings.serperApiKey, settings.serpapiApiKey, settings.googleApiKey, settings.braveApiKey, settings.tavilyApiKey];
  return {
    name: provider.name,
    search: (query, options) => provider.search(query, options).catch((error: unknown) => Promise.reject(redactError(error, secrets))),
  };
}

function createProvider(settings: SearchProviderSettings): SearchProvider {
  const { provider, timeoutMs } = settings;
  const baseUrl = settings.baseUrls?.[provider];
  switch (provider) {
    case 'duckduckgo':
      return createDuckDuckGoProvider({ baseUrl, timeoutMs });
    case 'searxng':
      return createSearxngProvider({ baseUrl: baseUrl ?? settings.searxngUrl, timeoutMs });
    case 'serper':
      return createSerperProvider({ apiKey: settings.serperApiKey, baseUrl, timeoutMs });
    case 'serpapi':
      return createSerpApiProvider({ apiKey: settings.serpapiApiKey, baseUrl, timeoutMs });
    case 'google':
      return createGoogleProvider({ apiKey: settings.googleApiKey, cseId: settings.googleCseId, baseUrl, timeoutMs });
    case 'brave':
      return createBraveProvider({ apiKey: settings.braveApiKey, baseUrl, timeoutMs });
    case 'tavily':
      return createTavilyProvider({ apiKey: settings.tavilyApiKey, baseUrl, timeoutMs });
    default: {
      const unknown: never = provider;
      throw invalidRequest(`unknown search provider ${String(unknown)}: choose one of ${SEARCH_PROVIDERS.join(', ')}`);
    }
  }
}
