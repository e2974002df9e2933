/**
 * Keys never reach a message: a search provider whose error body echoes the request URL (with the
 * SerpAPI key in it) during a real research run on the real Temporal server. The key must appear
 * nowhere: not in the workflow history, the run's result and notes, the report, nor the worker's logs.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { Runtime } from '@temporalio/worker';
import { createSearchProvider } from '../../src/search';
import { historyText } from '../harness/historyText';
import { type Bench, startBench } from '../harness/research';
import { type Reply, startServer, type TestServer } from '../harness/loopbackServer';

const KEY = 'serpapi-secret-0123456789abcdef';
const TOPIC = 'tensorflow vs pytorch';

/** Everything the run's Temporal history holds, payloads decoded: the run's input shows through, so a search of it can find things. */
async function searchableHistory(handle: WorkflowHandle): Promise<string> {
  const text = historyText(await handle.fetchHistory());
  expect(text.split('\n')).toContain(TOPIC);
  return text;
}

/** Every line the worker's runtime logs (at any level), kept for the test to search. */
function captureLogs(): { lines: string[]; stop(): void } {
  const logger = Runtime.instance().logger;
  const original = logger.log.bind(logger);
  const lines: string[] = [];
  logger.log = (level, message, meta) => {
    lines.push(`${level} ${message} ${JSON.stringify(meta ?? {}, (_k, v: unknown) => (v instanceof Error ? `${v.message}\n${v.stack}` : v))}`);
    original(level, message, meta);
  };
  return { lines, stop: () => (logger.log = original) };
}

/**
 * A SerpAPI stand-in: answers with the offline world's results in SerpAPI's shape, except the queries
 * `fail` picks, which get an error body that echoes the whole request URL, key included.
 */
async function echoingSerpApi(searxngUrl: () => string, fail: (q: string) => number | undefined): Promise<TestServer> {
  return startServer(async (request): Promise<Reply> => {
    const q = request.url.searchParams.get('q') ?? '';
    const status = fail(q);
    if (status) {
      return { status, body: { error: `Invalid request GET ${request.url.pathname}${request.url.search} (api_key=${request.url.searchParams.get('api_key')})` } };
    }
    const results = await createSearchProvider({ provider: 'searxng', searxngUrl: searxngUrl(), timeoutMs: 5_000 }).search(q, { count: 8 });
    return { body: { organic_results: results.map((r) => ({ link: r.url, title: r.title, snippet: r.snippet })) } };
  });
}

function benchWith(serpapi: TestServer): Promise<Bench> {
  return startBench({
    deps: (_world, config) => ({
      search: createSearchProvider({ ...config.search, provider: 'serpapi', serpapiApiKey: KEY, baseUrls: { serpapi: serpapi.baseUrl } }),
    }),
  });
}

describe('a search provider that echoes its key in error bodies', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeAll(() => {
    logs = captureLogs();
  });
  afterAll(() => logs.stop());

  describe('when some searches fail (5xx, retried, then noted)', () => {
    let bench: Bench;
    let serpapi: TestServer;
    let failing: string | undefined;
    beforeAll(async () => {
      // The first query searched fails every time; the others answer.
      serpapi = await echoingSerpApi(
        () => bench.world.search.url,
        (q) => {
          failing ??= q;
          return q === failing ? 502 : undefined;
        },
      );
      bench = await benchWith(serpapi);
    });
    afterAll(async () => {
      await bench?.close();
      await serpapi?.close();
    });

    it('the run completes and its history, result, notes, report and logs never hold the key', async () => {
      const { handle, result } = await bench.run(TOPIC);
      // The echo really happened, and really carried the key.
      expect(serpapi.requests.some((r) => r.url.searchParams.get('api_key') === KEY)).toBe(true);
      expect(result.notes.some((n) => n.includes('HTTP 502') && n.includes('Invalid request GET /search.json'))).toBe(true);

      const report = result.report.markdown;
      expect(report).toContain('HTTP 502');
      // The worker logged the failed attempts (so the log scan below looks at real lines).
      expect(logs.lines.some((l) => l.includes('HTTP 502'))).toBe(true);
      for (const [where, text] of [
        ['history', await searchableHistory(handle)],
        ['result', JSON.stringify(result)],
        ['report', report],
        ['logs', logs.lines.join('\n')],
      ] as const) {
        expect({ where, leaked: text.includes(KEY) }).toEqual({ where, leaked: false });
      }
    });
  });

  describe('when every search is refused (4xx, the run fails)', () => {
    let bench: Bench;
    let serpapi: TestServer;
    beforeAll(async () => {
      serpapi = await echoingSerpApi(
        () => bench.world.search.url,
        () => 401,
      );
      bench = await benchWith(serpapi);
    });
    afterAll(async () => {
      await bench?.close();
      await serpapi?.close();
    });

    it('the failure names the provider and status, and no message holds the key', async () => {
      const handle = await bench.start(TOPIC);
      const error = await handle.result().then(
        () => undefined,
        (err: unknown) => err,
      );
      let chain = '';
      for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) chain += `${(e as Error).message}\n${(e as Error).stack}\n`;
      expect(chain).toMatch(/search provider serpapi answered HTTP 401/);
      expect(serpapi.requests.length).toBeGreaterThan(0);
      for (const [where, text] of [
        ['failure', chain],
        ['history', await searchableHistory(handle)],
        ['logs', logs.lines.join('\n')],
      ] as const) {
        expect({ where, leaked: text.includes(KEY) }).toEqual({ where, leaked: false });
      }
    });
  });
});
