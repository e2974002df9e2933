/**
 * The offline world: an OpenAI-compatible model, a SearxNG-compatible search engine and a web server with
 * the bundled corpus, all on 127.0.0.1 ephemeral ports. The product's real clients talk to them unchanged.
 */
import { CORPUS, type CorpusPage } from './corpus';
import { WorldEdition } from './edition';
import { LATENCY_PROFILES, type LatencyProfileName } from './latency';
import { OfflineLlmServer } from './llmServer';
import { OfflineSearchServer } from './searchServer';
import { OfflineWebServer } from './webServer';

export interface OfflineWorldOptions {
  /** Delay before every model answer, to simulate a real LLM. Default 0. */
  llmLatencyMs?: number;
  /** Extra model delay per completion token. Default 0. */
  llmTokenDelayMs?: number;
  /** How long the slow corpus page takes to answer. Default 20 s. */
  slowPageDelayMs?: number;
  /** Delay before every web page answer. Default 0. */
  webLatencyMs?: number;
  /** Delay before every search answer. Default 0. */
  searchLatencyMs?: number;
  /** The key the model requires as `Authorization: Bearer <key>`. Default "offline-key". */
  apiKey?: string;
  /**
   * Port for the corpus web server; taken if free, else an ephemeral one. Page URLs end up in workflow
   * history, so a stable port lets a restarted worker (with a new world) still read a run's pages.
   */
  webPort?: number;
  /**
   * Serve each corpus site on its own loopback address (127.0.0.2, 127.0.0.3, ...) on the web port, so pages
   * of different sites are on different hosts as on the web. Default false: every page on 127.0.0.1.
   */
  siteHosts?: boolean;
  /** Time spent like a hosted service (see latency.ts); replaces llmLatencyMs, webLatencyMs and searchLatencyMs. */
  latencyProfile?: LatencyProfileName;
  /** Counts tokens for the model's usage and latency. Default ceil(chars / 4). */
  countTokens?: (text: string) => number;
}

export interface OfflineWorld {
  /** `baseUrl` ends with /v1; `apiKey` is the key it accepts; faults, requests and stats are on it too. */
  llm: OfflineLlmServer & { readonly apiKey: string };
  /** `url` is the SearxNG base URL; `queries` lists every query asked. */
  search: OfflineSearchServer;
  /** `baseUrl` serves the corpus; `host` ("127.0.0.1:port") is where this world serves it. */
  web: OfflineWebServer;
  /** The private hosts a fetcher must allow: every host of this world's web server, and the same on the well-known port. */
  allowedHosts: string[];
  /** What the world serves now: `off` (the corpus as bundled), or the `before` and `after` of a scheduled run's demo. */
  edition: WorldEdition;
  /** Metadata of every corpus URL (paths are relative to `web.baseUrl`). */
  corpus: readonly CorpusPage[];
  /** The environment variables that point the product at this world. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export const DEFAULT_OFFLINE_API_KEY = 'offline-key';

export async function startOfflineWorld(options: OfflineWorldOptions = {}): Promise<OfflineWorld> {
  const apiKey = options.apiKey ?? DEFAULT_OFFLINE_API_KEY;
  const started: { close(): Promise<void> }[] = [];
  try {
    const profile = options.latencyProfile ? LATENCY_PROFILES[options.latencyProfile] : undefined;
    const edition = new WorldEdition();
    const webOptions = { edition, slowPageDelayMs: options.slowPageDelayMs, latencyMs: profile?.pageMs ?? options.webLatencyMs, siteHosts: options.siteHosts };
    const web = await OfflineWebServer.start({ ...webOptions, port: options.webPort }).catch((err: NodeJS.ErrnoException) => {
      // Another world (another worker's) already serves the same corpus there.
      if (err.code === 'EADDRINUSE') return OfflineWebServer.start(webOptions);
      throw err;
    });
    started.push(web);
    const search = await OfflineSearchServer.start({
      webBaseUrl: web.baseUrl,
      urlOf: (path) => web.urlOf(path),
      latencyMs: profile?.searchMs ?? options.searchLatencyMs,
      edition: web.edition,
    });
    started.push(search);
    const llm = (await OfflineLlmServer.start({
      apiKey,
      latencyMs: profile ? 0 : options.llmLatencyMs,
      tokenDelayMs: profile ? 0 : options.llmTokenDelayMs,
      latency: profile?.llmMs,
      countTokens: options.countTokens,
    })) as OfflineLlmServer & { readonly apiKey: string };
    started.push(llm);
    return {
      llm,
      search,
      web,
      edition: web.edition,
      corpus: CORPUS,
      allowedHosts: allowedHosts(web.hosts, options.webPort),
      env: {
        OPENAI_BASE_URL: llm.baseUrl,
        OPENAI_API_KEY: apiKey,
        SEARCH_PROVIDER: 'searxng',
        SEARXNG_URL: search.url,
        RESEARCH_ALLOW_PRIVATE_NETWORK: 'true',
      },
      close: () => closeAll(started),
    };
  } catch (err) {
    await closeAll(started);
    throw err;
  }
}

/** Every host of this world's web server, and the same addresses on the well-known port when this world fell back from it. */
function allowedHosts(hosts: string[], webPort: number | undefined): string[] {
  const onWellKnownPort = webPort ? hosts.map((host) => host.replace(/:\d+$/, `:${webPort}`)) : [];
  return [...new Set([...hosts, ...onWellKnownPort])];
}

async function closeAll(servers: { close(): Promise<void> }[]): Promise<void> {
  await Promise.all(servers.map((server) => server.close()));
}
