/** What every provider factory takes, and the checks for settings a provider cannot work without. */
import { missingApiKey } from '../errors';

export interface ProviderOptions {
  apiKey?: string;
  /** Replaces the provider's API root (scheme, host and optional path prefix), for tests and proxies. */
  baseUrl?: string;
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

/** `path` below `base`, keeping any path prefix the base has (a proxy at http://proxy/serper/). */
export function endpoint(base: string, path: string): URL {
  const root = base.endsWith('/') ? base : `${base}/`;
  return new URL(path.replace(/^\/+/, ''), root);
}

/**
 * Throws MissingApiKey naming every setting that is empty, e.g.
 * "search provider serper needs SERPER_API_KEY: set it, or choose SEARCH_PROVIDER=duckduckgo".
 */
export function requireSettings(provider: string, settings: Record<string, string | undefined>, hint = ''): void {
  const missing = Object.entries(settings)
    .filter(([, value]) => !value?.trim())
    .map(([name]) => name);
  if (missing.length === 0) return;
  const names = missing.join(' and ');
  const it = missing.length === 1 ? 'it' : 'them';
  throw missingApiKey(
    `search provider ${provider} needs ${names}${hint ? ` (${hint})` : ''}: set ${it}, or choose SEARCH_PROVIDER=duckduckgo`,
  );
}
