/** The SearxNG stand-in: SearxNG's JSON shape, corpus URLs, relevance, 403 without JSON, faults, query log. */
import { CORPUS, corpusPage } from '../corpus';
import { OfflineSearchServer } from '../searchServer';
import { type OfflineWorld, startOfflineWorld } from '../world';

interface SearxngResult {
  url: string;
  title: string;
  content: string;
  engine: string;
  [field: string]: unknown;
}
interface SearxngAnswer {
  query: string;
  number_of_results: number;
  results: SearxngResult[];
  [field: string]: unknown;
}

let world: OfflineWorld;

beforeAll(async () => {
  world = await startOfflineWorld({ slowPageDelayMs: 50 });
});
afterAll(() => world.close());
afterEach(() => world.search.clearFaults());

function searchUrl(params: Record<string, string>): string {
  return `${world.search.url}/search?${new URLSearchParams(params)}`;
}

async function search(q: string, extra: Record<string, string> = {}, base = world.search.url): Promise<SearxngAnswer> {
  const response = await fetch(`${base}/search?${new URLSearchParams({ q, format: 'json', ...extra })}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return (await response.json()) as SearxngAnswer;
}

function pathOf(url: string): string {
  return url.slice(world.web.baseUrl.length);
}

test('answers in the shape of SearxNG\'s JSON API', async () => {
  const body = await search('tensorflow vs pytorch');
  expect(body).toEqual(
    expect.objectContaining({
      query: 'tensorflow vs pytorch',
      number_of_results: expect.any(Number),
      answers: [],
      corrections: [],
      infoboxes: [],
      suggestions: [],
      unresponsive_engines: [],
    }),
  );
  expect(body.results.length).toBeGreaterThanOrEqual(10);
  for (const result of body.results) {
    expect(result).toEqual(
      expect.objectContaining({
        url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\//),
        title: expect.any(String),
        content: expect.any(String),
        engine: expect.any(String),
        engines: expect.arrayContaining([result.engine]),
        parsed_url: ['http', world.web.host, pathOf(result.url), '', '', ''],
        template: 'default.html',
        positions: expect.any(Array),
        score: expect.any(Number),
        category: 'general',
      }),
    );
    const page = corpusPage(pathOf(result.url))!;
    expect(page.indexed).toBe(true);
    expect(result.title).toBe(page.title);
    expect(result.content).toBe(page.snippet);
  }
});

test('the topic query returns every awkward case within the first 8 results', async () => {
  const body = await search('tensorflow vs pytorch');
  const firstEight = body.results.slice(0, 8).map((r) => corpusPage(pathOf(r.url))!.kind);
  for (const kind of ['bot-block', 'not-found', 'redirect', 'large', 'slow', 'binary', 'pdf']) expect(firstEight).toContain(kind);
  expect(body.results.every((r) => corpusPage(pathOf(r.url))!.topic === 'tensorflow vs pytorch')).toBe(true);
});

test.each([
  ['solid-state batteries', 'solid-state batteries'],
  ['remote work productivity', 'remote work productivity'],
  ['sulfide electrolyte stack pressure', 'solid-state batteries'],
])('"%s" finds only pages of "%s"', async (query, topic) => {
  const body = await search(query);
  expect(body.results.length).toBeGreaterThan(0);
  for (const result of body.results) expect(corpusPage(pathOf(result.url))!.topic).toBe(topic);
});

test('a specific query puts the page it describes first', async () => {
  const body = await search('pytorch compile times kestrel');
  expect(pathOf(body.results[0].url)).toBe(CORPUS.find((p) => p.site === 'Kestrel Labs Engineering')!.path);
});

test('a subject the corpus does not cover finds nothing', async () => {
  const body = await search('sourdough bread hydration ratio');
  expect(body.results).toEqual([]);
  expect(body.number_of_results).toBe(0);
});

test('pageno pages through the results', async () => {
  const all = (await search('tensorflow pytorch')).results.map((r) => r.url);
  const small = await OfflineSearchServer.start({ webBaseUrl: world.web.baseUrl, pageSize: 5 });
  try {
    const first = await search('tensorflow pytorch', {}, small.url);
    const second = await search('tensorflow pytorch', { pageno: '2' }, small.url);
    expect(first.results.map((r) => r.url)).toEqual(all.slice(0, 5));
    expect(second.results.map((r) => r.url)).toEqual(all.slice(5, 10));
    expect(second.number_of_results).toBe(all.length);
    expect(second.results[0].positions).toEqual(expect.arrayContaining([6]));
  } finally {
    await small.close();
  }
});

test('answers 403 when the format is not json, as SearxNG does', async () => {
  expect((await fetch(searchUrl({ q: 'tensorflow vs pytorch' }))).status).toBe(403);
  expect((await fetch(searchUrl({ q: 'tensorflow vs pytorch', format: 'html' }))).status).toBe(403);
});

test('records every query, with language', async () => {
  const before = world.search.queries.length;
  await search('solid-state batteries', { language: 'en-US' });
  expect(world.search.queries.slice(before)).toEqual(['solid-state batteries']);
  expect(world.search.requests.at(-1)).toEqual(expect.objectContaining({ q: 'solid-state batteries', language: 'en-US', status: 200 }));
});

test('faults: the next requests answer 429 with retry-after, then 500, then normally', async () => {
  world.search.setFaults([
    { status: 429, times: 1, retryAfterSeconds: 2 },
    { status: 500, times: 1 },
  ]);
  const limited = await fetch(searchUrl({ q: 'tensorflow', format: 'json' }));
  expect(limited.status).toBe(429);
  expect(limited.headers.get('retry-after')).toBe('2');
  expect((await fetch(searchUrl({ q: 'tensorflow', format: 'json' }))).status).toBe(500);
  expect((await fetch(searchUrl({ q: 'tensorflow', format: 'json' }))).status).toBe(200);
});

test('faults can be set over HTTP with POST /__faults', async () => {
  const set = await fetch(`${world.search.url}/__faults`, { method: 'POST', body: JSON.stringify({ status: 503, times: 2 }) });
  expect(set.status).toBe(200);
  expect(world.search.pendingFaults()).toEqual([{ status: 503, times: 2 }]);
  expect((await fetch(searchUrl({ q: 'x y', format: 'json' }))).status).toBe(503);
  await fetch(`${world.search.url}/__faults`, { method: 'DELETE' });
  expect(world.search.pendingFaults()).toEqual([]);
  expect((await fetch(`${world.search.url}/__faults`, { method: 'POST', body: '{"status": 418}' })).status).toBe(400);
});

test('results are the same every time', async () => {
  const first = await search('tensorflow vs pytorch benchmarks');
  const second = await search('tensorflow vs pytorch benchmarks');
  expect(second).toEqual(first);
});
