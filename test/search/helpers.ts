/** Shared by the search tests: a loopback HTTP server that records requests, fixtures, and failure checks. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSearchProvider, type SearchProviderSettings } from '../../src/search';
import type { SearchProvider, SearchProviderName } from '../../src/search/types';

export { failureOf, jsonBody, type RecordedRequest, type Reply, type Responder, startServer, type TestServer } from '../harness/loopbackServer';

const FIXTURES = join(__dirname, '..', 'fixtures', 'search');

export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

export function fixtureJson(name: string): unknown {
  return JSON.parse(fixtureText(name));
}

export const TEST_KEYS = {
  serperApiKey: 'test-serper-key',
  serpapiApiKey: 'test-serpapi-key',
  googleApiKey: 'test-google-key',
  googleCseId: 'test-cse-id',
  braveApiKey: 'test-brave-key',
  tavilyApiKey: 'test-tavily-key',
} as const;

/** A provider built the way the app builds it, with test keys, pointed at `baseUrl`. */
export function providerAt(
  provider: SearchProviderName,
  baseUrl: string,
  overrides: Partial<SearchProviderSettings> = {},
): SearchProvider {
  return createSearchProvider({
    provider,
    timeoutMs: 2_000,
    ...TEST_KEYS,
    baseUrls: { [provider]: baseUrl },
    ...overrides,
  });
}
