/**
 * The one seam between the product and the offline world (the top-level `offline/` folder: stand-in
 * model, search engine and web corpus). The CLI and a worker without a key load it here, at run time and
 * by a path the compiler does not follow, so the product builds and ships without it (the worker image
 * does not contain it).
 */
import path from 'node:path';
import { ConfigError } from './config';

/** What the product needs of a running offline world. */
export interface OfflineEndpoints {
  llm: { baseUrl: string; apiKey: string };
  search: { url: string };
  web: { baseUrl: string };
  /** The private hosts a fetcher must allow: the world's web server(s). */
  allowedHosts: string[];
  close(): Promise<void>;
}

/** The corpus web server's well-known port for the CLI and standalone workers. */
export const OFFLINE_WEB_PORT = 7380;

/**
 * The task queue for offline runs whose pages are served by `world` (by default: on the well-known port). A run's page URLs only work
 * with a world on that port, so only workers holding such a world may take its tasks: two offline
 * demos at once never pick up each other's pages, and a worker restarted on the well-known port still
 * finishes the runs started there.
 */
export function offlineTaskQueue(taskQueue: string, world?: OfflineEndpoints): string {
  const webPort = world ? Number(new URL(world.web.baseUrl).port) : OFFLINE_WEB_PORT;
  return `${taskQueue}-offline-${webPort}`;
}

const WORLD_MODULE = path.resolve(__dirname, '..', 'offline', 'world');
const SEARCH_INDEX_MODULE = path.resolve(__dirname, '..', 'offline', 'searchIndex');

/**
 * How many corpus pages the offline search engine finds for the topic, asked of its index directly, so the
 * answer is the same whether this process runs the offline world or a worker elsewhere does (`--detach`);
 * undefined where the offline world is not installed.
 */
export async function offlineResultCount(topic: string): Promise<number | undefined> {
  let index: { searchCorpus(query: string): unknown[] };
  try {
    index = (await import(SEARCH_INDEX_MODULE)) as typeof index;
  } catch {
    return undefined;
  }
  return index.searchCorpus(topic).length;
}

/** Starts the offline world in this process; a one-line error where it is not installed (the worker image). */
export async function startOfflineWorld(options: { webPort?: number } = {}): Promise<OfflineEndpoints> {
  let world: { startOfflineWorld(options: { webPort?: number; siteHosts?: boolean }): Promise<OfflineEndpoints> };
  try {
    world = (await import(WORLD_MODULE)) as typeof world;
  } catch (err) {
    throw new ConfigError(
      `the offline world is not available here (${WORLD_MODULE}: ${(err as Error).message.split('\n')[0]}): set OPENAI_API_KEY for real research, ` +
        'or run `npm run offline-world` from a source checkout and point this worker at it with the settings it prints',
    );
  }
  // Each site on its own loopback host, as on the web: per-site politeness then acts as it does there.
  return world.startOfflineWorld({ ...options, siteHosts: true });
}
