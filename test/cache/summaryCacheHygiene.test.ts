/**
 * Summaries cached by versions before text hygiene may hold what the page carried (bidi controls, escapes):
 * they are cleaned when read, so a cache hit is as clean as a fresh read.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SummaryCache } from '../../src/cache/summaryCache';
import { CLEAN_TITLE, HOSTILE_TITLE, cleanParagraph, hostileParagraph } from '../text/hostileText';

const key = { url: 'https://a.example/page', model: 'gpt-4o-mini', language: 'en-us', topic: 'grid storage', queries: ['q1'] };
const usage = { calls: 1, promptTokens: 900, completionTokens: 80 };

/** An entry as an older version wrote it: the same format, the page's characters as they came. */
async function writeOldEntry(cache: SummaryCache, dir: string, outcome: object): Promise<void> {
  await cache.put(key, { url: key.url, status: 'irrelevant', reason: 'placeholder', usage });
  const [file] = await fs.readdir(dir);
  await fs.writeFile(path.join(dir, file!), JSON.stringify({ savedAt: 1_000_000, key, outcome }));
}

describe('summary cache entries from before text hygiene', () => {
  let dir: string;
  let cache: SummaryCache;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'summary-cache-hygiene-'));
    cache = new SummaryCache(dir, 60_000, () => 1_000_000);
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('a summary comes back with its title and summary cleaned', async () => {
    await writeOldEntry(cache, dir, { url: key.url, status: 'summarized', title: HOSTILE_TITLE, summary: hostileParagraph(1), usage });
    expect(await cache.get(key)).toEqual({ url: key.url, status: 'summarized', title: CLEAN_TITLE, summary: cleanParagraph(1), usage });
  });

  it('an irrelevant page comes back with its reason and title cleaned', async () => {
    await writeOldEntry(cache, dir, { url: key.url, status: 'irrelevant', title: HOSTILE_TITLE, reason: hostileParagraph(2), usage });
    expect(await cache.get(key)).toEqual({ url: key.url, status: 'irrelevant', title: CLEAN_TITLE, reason: cleanParagraph(2), usage });
  });

  it('an irrelevant page without a title stays without one', async () => {
    await writeOldEntry(cache, dir, { url: key.url, status: 'irrelevant', reason: 'off topic\u202E', usage });
    expect(await cache.get(key)).toEqual({ url: key.url, status: 'irrelevant', reason: 'off topic', usage });
  });
});
