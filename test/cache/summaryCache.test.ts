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
});
