/**
 * Runs the offline world on its own until SIGINT/SIGTERM, and prints how to point the product at it:
 *   npm run offline-world -- [--llm-latency-ms N] [--slow-page-delay-ms N] [--api-key KEY]
 *                             [--site-hosts] [--latency-profile reference|tokens|zero]
 *   npm run offline-world -- edition before|after|off [--port 7380]
 *     switches a running world (the one `npm run worker` serves offline, on port 7380) to an edition (edition.ts)
 */
import { parseArgs } from 'node:util';
import { LATENCY_PROFILE_NAMES, type LatencyProfileName } from './latency';
import { EDITION_CONTROL_PATH, EDITION_NAMES, isEditionName } from './edition';
import { startOfflineWorld } from './world';

/** The port `npm run worker` serves the offline corpus on (OFFLINE_WEB_PORT in src/offlineWorld.ts). */
const WORKER_WORLD_PORT = 7380;

/** `edition <name>`: one POST to the running world's web server. */
async function switchEdition(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { port: { type: 'string' } }, allowPositionals: true });
  const [name] = positionals;
  if (!name || !isEditionName(name)) throw new Error(`edition must be one of ${EDITION_NAMES.join(', ')} (got "${name ?? ''}")`);
  const port = values.port ?? String(WORKER_WORLD_PORT);
  const url = `http://127.0.0.1:${port}${EDITION_CONTROL_PATH}${name}`;
  const answer = await fetch(url, { method: 'POST' }).catch(() => {
    throw new Error(`no offline world answers on 127.0.0.1:${port}: start one (npm run worker, offline) or pass --port`);
  });
  if (!answer.ok) throw new Error(`the world refused: ${(await answer.text()).trim()}`);
  console.log(`The offline world on port ${port} now serves the "${name}" edition.`);
}

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number of milliseconds, 0 or more`);
  return n;
}

async function main(): Promise<void> {
  if (process.argv[2] === 'edition') return switchEdition(process.argv.slice(3));
  const { values } = parseArgs({
    options: {
      'llm-latency-ms': { type: 'string' },
      'llm-token-delay-ms': { type: 'string' },
      'slow-page-delay-ms': { type: 'string' },
      'api-key': { type: 'string' },
      'site-hosts': { type: 'boolean' },
      'latency-profile': { type: 'string' },
    },
  });
  const profile = values['latency-profile'];
  if (profile !== undefined && !LATENCY_PROFILE_NAMES.includes(profile as LatencyProfileName)) {
    throw new Error(`--latency-profile must be one of ${LATENCY_PROFILE_NAMES.join(', ')}`);
  }
  const world = await startOfflineWorld({
    llmLatencyMs: numberOption(values['llm-latency-ms'], 'llm-latency-ms'),
    llmTokenDelayMs: numberOption(values['llm-token-delay-ms'], 'llm-token-delay-ms'),
    slowPageDelayMs: numberOption(values['slow-page-delay-ms'], 'slow-page-delay-ms'),
    apiKey: values['api-key'],
    siteHosts: values['site-hosts'],
    latencyProfile: profile as LatencyProfileName | undefined,
  });

  console.log('Offline world running on 127.0.0.1:');
  console.log(`  LLM (OpenAI-compatible):   ${world.llm.baseUrl}   (stats: ${world.llm.baseUrl.replace(/\/v1$/, '')}/__stats)`);
  console.log(`  Search (SearxNG JSON API): ${world.search.url}/search?q=tensorflow+vs+pytorch&format=json`);
  console.log(`  Web (corpus):              ${world.web.baseUrl}  (${world.corpus.length} URLs on ${world.web.hosts.length} host(s))`);
  console.log('');
  console.log('Point the product at it with:');
  for (const [name, value] of Object.entries(world.env)) console.log(`  export ${name}=${value}`);
  console.log('');
  console.log('Press Ctrl+C to stop.');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the offline world.`);
    world.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
