/**
 * Page summaries kept on disk across runs, so researching a topic again (with a bigger budget, more
 * queries, or after a failed run) does not pay again for pages already read for the same questions.
 * Keyed by everything a summary depends on: URL, model, language, topic and questions.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { PageOutcome } from '../domain/types';

export interface SummaryKey {
  url: string;
  model: string;
  language: string;
  topic: string;
  queries: readonly string[];
}

/** Only outcomes that say something about the page itself; failures may be passing trouble. */
export type CacheableOutcome = PageOutcome & { status: 'summarized' | 'irrelevant' };

export function isCacheable(outcome: PageOutcome): outcome is CacheableOutcome {
  // A summary cut short by the budget is not the page's summary: a later run with more budget reads it whole.
  return !outcome.partial && (outcome.status === 'summarized' || outcome.status === 'irrelevant');
}

interface Entry {
  savedAt: number;
  key: SummaryKey;
  outcome: CacheableOutcome;
}

export class SummaryCache {
  constructor(
    private readonly dir: string,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: SummaryKey): Promise<CacheableOutcome | undefined> {
    let entry: Entry;
    try {
      entry = JSON.parse(await fs.readFile(this.file(key), 'utf8')) as Entry;
    } catch {
      return undefined; // absent or unreadable: a miss, the page is simply read again
    }
    if (this.now() - entry.savedAt > this.ttlMs || entry.key.url !== key.url) return undefined;
    return entry.outcome;
  }

  async put(key: SummaryKey, outcome: CacheableOutcome): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    const file = this.file(key);
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    const entry: Entry = { savedAt: this.now(), key, outcome };
    await fs.writeFile(tmp, JSON.stringify(entry), 'utf8');
    await fs.rename(tmp, file);
  }

  private file(key: SummaryKey): string {
    const canonical = JSON.stringify([key.url, key.model, key.language.toLowerCase(), key.topic.trim().toLowerCase(), [...key.queries].sort()]);
    return path.join(this.dir, `${createHash('sha256').update(canonical).digest('hex')}.json`);
  }
}
