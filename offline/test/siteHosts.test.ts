/**
 * Sites on their own hosts: with `siteHosts` every corpus site answers on its own loopback address (same port),
 * search results and redirects point there, a host has only its own site's pages, and the world lists every
 * host a fetcher must allow. The product's own page reader, allowed exactly those hosts, reads the pages.
 */
import { CORPUS } from '../corpus';
import { SITE_ADDRESSES } from '../webServer';
import { type OfflineWorld, startOfflineWorld } from '../world';
import { readPage } from '../../src/web/readPage';

let world: OfflineWorld;

beforeAll(async () => {
  world = await startOfflineWorld({ siteHosts: true, slowPageDelayMs: 50, webLatencyMs: 100 });
});
afterAll(() => world.close());

const port = () => new URL(world.web.baseUrl).port;
const article = (site: string) => CORPUS.find((p) => p.site === site && p.kind === 'article')!;
/** Sites with an ordinary article page. */
const ARTICLE_SITES = [...new Set(CORPUS.filter((p) => p.kind === 'article').map((p) => p.site))];

test('each site has its own loopback address, all on the port of the world (which stays on 127.0.0.1)', () => {
  const sites = new Set(CORPUS.map((p) => p.site));
  expect(SITE_ADDRESSES.size).toBe(sites.size);
  expect(new Set(SITE_ADDRESSES.values()).size).toBe(sites.size);
  expect(world.web.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  for (const page of CORPUS) {
    const url = new URL(world.web.urlOf(page.path));
    expect(url.hostname).toBe(SITE_ADDRESSES.get(page.site));
    expect(url.port).toBe(port());
  }
  expect(world.allowedHosts).toEqual(expect.arrayContaining(world.web.hosts));
  expect(world.web.hosts).toHaveLength(sites.size + 1);
});

test('a page is served on its site host, and another site host answers 404 for it', async () => {
  const [first, second] = ARTICLE_SITES;
  const page = article(first);
  expect((await fetch(world.web.urlOf(page.path))).status).toBe(200);
  const elsewhere = `http://${SITE_ADDRESSES.get(second)}:${port()}${page.path}`;
  expect((await fetch(elsewhere)).status).toBe(404);
  expect((await fetch(`${world.web.baseUrl}${page.path}`)).status).toBe(200);
});

test('search results carry each page at its site host', async () => {
  const body = (await (await fetch(`${world.search.url}/search?q=tensorflow+pytorch&format=json`)).json()) as { results: { url: string }[] };
  expect(body.results.length).toBeGreaterThan(3);
  const hosts = new Set(body.results.map((r) => new URL(r.url).hostname));
  expect(hosts.size).toBeGreaterThan(3);
  for (const result of body.results) {
    const page = CORPUS.find((p) => world.web.urlOf(p.path) === result.url);
    expect(page).toBeDefined();
  }
});

test('the redirect stays on its site host', async () => {
  const moved = CORPUS.find((p) => p.kind === 'redirect')!;
  const response = await fetch(world.web.urlOf(moved.path), { redirect: 'manual' });
  expect(response.status).toBe(301);
  expect(response.headers.get('location')).toBe(world.web.urlOf(moved.redirectTo!));
});

test('concurrency is counted per host: pages of two sites at once are one request per host', async () => {
  const [a, b] = ARTICLE_SITES;
  const before = world.web.maxConcurrentPerHost;
  await Promise.all([article(a), article(b)].map((p) => fetch(world.web.urlOf(p.path)).then((r) => r.arrayBuffer())));
  expect(world.web.maxConcurrent).toBeGreaterThanOrEqual(2);
  expect(world.web.maxConcurrentPerHost).toBe(Math.max(before, 1));
  await Promise.all([1, 2].map(() => fetch(world.web.urlOf(article(a).path)).then((r) => r.arrayBuffer())));
  expect(world.web.maxConcurrentByHost.get(new URL(world.web.urlOf(article(a).path)).host)).toBe(2);
});

test("the product's page reader, allowed exactly the world's hosts, reads pages of several sites", async () => {
  const pages = ARTICLE_SITES.slice(0, 3).map(article);
  for (const page of pages) {
    const read = await readPage(world.web.urlOf(page.path), {
      allowedPrivateHosts: world.allowedHosts,
      allowPrivateNetwork: false,
      timeoutMs: 5000,
      maxBytes: 5_000_000,
      maxRedirects: 5,
      userAgent: 'offline-test',
    });
    expect(read.ok ? read.text : read.reason).toContain(page.facts[0]);
  }
});

test('a world on the well-known port that fell back to another port still allows the site hosts on the well-known port', async () => {
  const second = await startOfflineWorld({ siteHosts: true, webPort: Number(port()) });
  try {
    expect(second.web.baseUrl).not.toBe(world.web.baseUrl);
    for (const host of world.web.hosts) expect(second.allowedHosts).toContain(host);
  } finally {
    await second.close();
  }
});
