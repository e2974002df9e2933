import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SummaryCache } from '../../src/cache/summaryCache';

const key = { url: 'https://a.example/page', model: 'gpt-4o-mini', language: 'en-us', topic: 'Batteries', queries: ['q1', 'q2'] };
const outcome = { url: key.url, status: 'summarized' as const, title: 'A', summary: 'facts', usage: { calls: 1, promptTokens: 900, completionTokens: 80 } };

describe('summary cache', () => {
  let dir: string;
  let now: number;
  let cache: SummaryCache;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'summary-cache-'));
    now = 1_000_000;
    cache = new SummaryCache(dir, 60_000, () => now);
  });
  afterEach(() => jest.restoreAllMocks());

  it('gives back a summary for the same page and questions, in any order of the questions', async () => {
    await cache.put(key, outcome);
    expect(await cache.get({ ...key, queries: ['q2', 'q1'], topic: ' batteries ' })).toEqual(outcome);
  });

  it('misses for another model, language or question, and after its time to live', async () => {
    await cache.put(key, outcome);
    expect(await cache.get({ ...key, model: 'gpt-4o' })).toBeUndefined();
    expect(await cache.get({ ...key, language: 'de-de' })).toBeUndefined();
    expect(await cache.get({ ...key, queries: ['q1'] })).toBeUndefined();
    now += 60_001;
    expect(await cache.get(key)).toBeUndefined();
  });

  it('treats an unreadable entry as a miss', async () => {
    await cache.put(key, outcome);
    const [file] = await fs.readdir(dir);
    await fs.writeFile(path.join(dir, file), '{not json');
    expect(await cache.get(key)).toBeUndefined();
  });

  it.each([
    ['null', 'null'],
    ['an empty object', '{}'],
    ['garbage', '\u0000\u0001 not json at all'],
    ['a truncated entry', JSON.stringify({ savedAt: 1_000_000, key, outcome }).slice(0, 60)],
    ['an outcome without its summary', JSON.stringify({ savedAt: 1_000_000, key, outcome: { ...outcome, summary: undefined } })],
    ['another key\'s entry', JSON.stringify({ savedAt: 1_000_000, key: { ...key, model: 'other' }, outcome })],
  ])('treats an entry holding %s as a miss, and replaces it with the next summary', async (_what, content) => {
    await cache.put(key, outcome);
    const [file] = await fs.readdir(dir);
    await fs.writeFile(path.join(dir, file), content);
    await expect(cache.get(key)).resolves.toBeUndefined();
    const fresh = { ...outcome, summary: 'fresh facts' };
    await cache.put(key, fresh);
    expect(await cache.get(key)).toEqual(fresh);
  });

  it('keeps every entry whole and readable with 50 concurrent writers, and leaves no temp file', async () => {
    const keys = Array.from({ length: 50 }, (_, i) => ({ ...key, url: `https://a.example/page-${i % 10}` }));
    const outcomes = keys.map((k, i) => ({ ...outcome, url: k.url, summary: `summary ${i} `.repeat(5000) }));
    // Ten pages, each written by five writers at once, all in the same millisecond, with readers in between.
    jest.spyOn(Date, 'now').mockReturnValue(1_700_000_000_000);
    const reads: Promise<unknown>[] = [];
    await Promise.all(
      keys.map(async (k, i) => {
        reads.push(cache.get(k));
        await cache.put(k, outcomes[i]);
        reads.push(cache.get(k));
      }),
    );
    for (const result of await Promise.all(reads)) {
      if (result !== undefined) expect(outcomes).toContainEqual(result);
    }
    for (const k of keys) {
      const got = await cache.get(k);
      expect(outcomes.filter((o) => o.url === k.url)).toContainEqual(got);
    }
    const files = await fs.readdir(dir);
    expect(files).toHaveLength(10);
    expect(files.every((f) => f.endsWith('.json'))).toBe(true);
  });
});
