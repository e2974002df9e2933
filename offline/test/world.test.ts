/**
 * The whole offline world: three servers on 127.0.0.1, the settings that point the product at it, a quick
 * shutdown, the standalone runner, and a miniature research run through all three with the real clients.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import OpenAI from 'openai';
import { corpusPage } from '../corpus';
import { DEFAULT_OFFLINE_API_KEY, type OfflineWorld, startOfflineWorld } from '../world';
import type { SearchResult, SourceSummary } from '../../src/domain/types';
import { keywordsPrompt, pageSummaryPrompt, queriesPrompt, rankingPrompt, reportPrompt } from '../../src/llm/prompts';
import { KeywordsAnswer, PageSummaryAnswer, QueriesAnswer, RankingAnswer } from '../../src/llm/schemas';
import { articleTextOf, citedIds, decodeBody, pdfText } from './helpers';

describe('startOfflineWorld', () => {
  let world: OfflineWorld;
  beforeAll(async () => {
    world = await startOfflineWorld({ slowPageDelayMs: 100 });
  });
  afterAll(() => world.close());

  test('runs all three servers on 127.0.0.1 ephemeral ports', () => {
    expect(world.llm.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(world.search.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(world.web.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(world.web.host).toBe(new URL(world.web.baseUrl).host);
    expect(new Set([world.llm.baseUrl, world.search.url, world.web.baseUrl].map((u) => new URL(u).port)).size).toBe(3);
    expect(world.llm.apiKey).toBe(DEFAULT_OFFLINE_API_KEY);
    expect(world.corpus.length).toBeGreaterThan(20);
  });

  test('gives the settings that point the product at it', () => {
    expect(world.env).toEqual({
      OPENAI_BASE_URL: world.llm.baseUrl,
      OPENAI_API_KEY: world.llm.apiKey,
      SEARCH_PROVIDER: 'searxng',
      SEARXNG_URL: world.search.url,
      RESEARCH_ALLOW_PRIVATE_NETWORK: 'true',
    });
  });
});

test('a custom API key is the only one accepted', async () => {
  const world = await startOfflineWorld({ apiKey: 'sk-test-custom' });
  try {
    const right = new OpenAI({ apiKey: 'sk-test-custom', baseURL: world.llm.baseUrl, maxRetries: 0 });
    const wrong = new OpenAI({ apiKey: DEFAULT_OFFLINE_API_KEY, baseURL: world.llm.baseUrl, maxRetries: 0 });
    await expect(right.models.list()).resolves.toBeDefined();
    await expect(wrong.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  } finally {
    await world.close();
  }
});

test('close() returns at once even with a slow page and a stalled model call in flight', async () => {
  const world = await startOfflineWorld();
  const slow = world.corpus.find((p) => p.kind === 'slow')!;
  world.llm.setFaults({ kind: 'stall', times: 1 });
  const client = new OpenAI({ apiKey: world.llm.apiKey, baseURL: world.llm.baseUrl, maxRetries: 0 });
  const pendingPage = fetch(`${world.web.baseUrl}${slow.path}`).catch((e: unknown) => e);
  const pendingChat = client.chat.completions.create({ model: 'gpt-4o-mini', messages: keywordsPrompt('x', 1, 'en-us') }).catch((e: unknown) => e);
  await new Promise((r) => setTimeout(r, 100));
  const started = Date.now();
  await world.close();
  expect(Date.now() - started).toBeLessThan(1000);
  expect(String(await pendingPage)).toMatch(/fetch failed|closed|socket/i);
  expect(await pendingChat).toBeInstanceOf(OpenAI.APIConnectionError);
});

test('main.ts runs the world standalone, prints the settings and stops on SIGINT', async () => {
  const root = path.resolve(__dirname, '../..');
  const child = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'offline/main.ts', '--slow-page-delay-ms', '10'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  for (let waited = 0; !output.includes('Press Ctrl+C') && waited < 30_000; waited += 50) await new Promise((r) => setTimeout(r, 50));

  expect(output).toMatch(/export OPENAI_BASE_URL=http:\/\/127\.0\.0\.1:\d+\/v1/);
  expect(output).toContain(`export OPENAI_API_KEY=${DEFAULT_OFFLINE_API_KEY}`);
  expect(output).toContain('export SEARCH_PROVIDER=searxng');
  expect(output).toMatch(/export SEARXNG_URL=http:\/\/127\.0\.0\.1:\d+/);
  expect(output).toContain('export RESEARCH_ALLOW_PRIVATE_NETWORK=true');
  const searxng = /export SEARXNG_URL=(\S+)/.exec(output)![1];
  expect((await fetch(`${searxng}/search?q=tensorflow&format=json`)).status).toBe(200);

  child.kill('SIGINT');
  expect(await exited).toBe(0);
}, 40_000);

describe('a miniature research run through the world', () => {
  // The product's defaults: 2 keywords, 4 queries, 8 results per search, 4 URLs kept per query.
  const TOPIC = 'tensorflow vs pytorch';
  let world: OfflineWorld;
  let openai: OpenAI;
  const tried = new Set<string>();
  const sources: SourceSummary[] = [];
  let report = '';

  async function json(messages: ReturnType<typeof keywordsPrompt>): Promise<unknown> {
    const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, response_format: { type: 'json_object' } });
    return JSON.parse(completion.choices[0].message.content!);
  }

  async function search(q: string): Promise<SearchResult[]> {
    const body = (await (await fetch(`${world.search.url}/search?${new URLSearchParams({ q, format: 'json' })}`)).json()) as {
      results: { url: string; title: string; content: string }[];
    };
    return body.results.slice(0, 8).map((r) => ({ url: r.url, title: r.title, snippet: r.content }));
  }

  async function read(url: string): Promise<{ title: string; text: string } | undefined> {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    const page = corpusPage(new URL(response.url).pathname)!;
    if (response.status !== 200) return undefined;
    const body = new Uint8Array(await response.arrayBuffer());
    if (page.kind === 'pdf') return { title: page.title, text: await pdfText(body) };
    if (!page.contentType.startsWith('text/html')) return undefined;
    return { title: page.title, text: articleTextOf(decodeBody(page, body)) };
  }

  beforeAll(async () => {
    world = await startOfflineWorld({ slowPageDelayMs: 50 });
    openai = new OpenAI({ apiKey: world.llm.apiKey, baseURL: world.llm.baseUrl, maxRetries: 0 });
    const { keywords } = KeywordsAnswer.parse(await json(keywordsPrompt(TOPIC, 2, 'en-us')));
    const keywordResults = await Promise.all(keywords.map(async (keyword) => ({ keyword, results: await search(keyword) })));
    const { queries } = QueriesAnswer.parse(await json(queriesPrompt(TOPIC, keywordResults, 4, 'en-us')));
    const questionsByUrl = new Map<string, string[]>();
    for (const query of queries) {
      const results = await search(query);
      const { indices } = RankingAnswer.parse(await json(rankingPrompt(TOPIC, query, results, 'en-us', '2026-11-24')));
      for (const i of (indices as number[]).slice(0, 4)) questionsByUrl.set(results[i].url, [...(questionsByUrl.get(results[i].url) ?? []), query]);
    }
    for (const [url, questions] of questionsByUrl) {
      tried.add(new URL(url).pathname);
      const page = await read(url);
      if (!page) continue;
      const answer = PageSummaryAnswer.parse(await json(pageSummaryPrompt(TOPIC, questions, { url, ...page }, 'en-us')));
      if (answer.relevant) sources.push({ url, title: page.title, summary: answer.summary });
    }
    const completion = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: reportPrompt(TOPIC, sources, { language: 'en-us', words: 500, today: '2026-11-24' }),
    });
    report = completion.choices[0].message.content!;
  });
  afterAll(() => world.close());

  test('with default settings the run meets every awkward case', () => {
    const kinds = new Set([...tried].map((p) => corpusPage(p)!.kind));
    for (const kind of ['bot-block', 'not-found', 'redirect', 'large', 'slow', 'binary', 'pdf']) expect(kinds).toContain(kind);
    expect(kinds).toContain('article');
  });

  test('the report carries the facts of every page it summarised, cites only its sources and has no boilerplate', () => {
    expect(sources.length).toBeGreaterThanOrEqual(4);
    for (const source of sources) {
      const p = corpusPage(new URL(source.url).pathname)!;
      for (const fact of corpusPage(p.redirectTo ?? p.path)!.facts) expect(report).toContain(fact);
    }
    expect(Math.max(...citedIds(report))).toBeLessThanOrEqual(sources.length);
    for (const p of world.corpus) for (const text of p.boilerplate) expect(report).not.toContain(text);
  });

  test('the world recorded it all: queries, page requests and model calls', () => {
    expect(world.search.queries.length).toBe(6);
    expect(world.web.fetchedMoreThanOnce()).toEqual([]);
    const stages = world.llm.requests.map((r) => r.stage);
    expect(stages.filter((s) => s === 'ranked_results')).toHaveLength(4);
    expect(stages.at(-1)).toBe('report');
    expect(world.llm.requests.every((r) => r.status === 200)).toBe(true);
  });
});
