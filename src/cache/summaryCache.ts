/**
 * Page summaries kept on disk across runs, so researching a topic again (with a bigger budget, more
 * queries, or after a failed run) does not pay again for pages already read for the same questions.
 * Keyed by everything a summary depends on: URL, model, language, topic and questions.
 *
 * Safe with many writers (runs on one worker, workers sharing a folder): an entry is written to a temp
 * file with a random name and renamed over the entry, so a reader sees a whole old entry or a whole new
 * one. Entries are validated on read: anything that is not a whole entry for this key (null, {}, a
 * truncated file, another key's entry) is a miss, and the page's fresh summary replaces it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { MAX_QUOTE_CHARS, type PageOutcome } from '../domain/types';
import { cleanText } from '../text/hygiene';

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

const UsageSchema = z.object({
  calls: z.number().int().nonnegative(),
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
});

const OutcomeSchema = z.discriminatedUnion('status', [
  z.object({
    url: z.string(),
    status: z.literal('summarized'),
    title: z.string(),
    summary: z.string(),
    // Entries saved before evidence quotes have none: grounded by their summary, as before (groundingMaterial).
    evidence: z.array(z.object({ figure: z.string().max(200), quote: z.string().max(MAX_QUOTE_CHARS + 2) })).max(200).optional(),
    usage: UsageSchema,
    cached: z.boolean().optional(),
  }),
  z.object({ url: z.string(), status: z.literal('irrelevant'), title: z.string().optional(), reason: z.string(), usage: UsageSchema, cached: z.boolean().optional() }),
]);

const EntrySchema = z.object({
  savedAt: z.number().finite(),
  key: z.object({ url: z.string(), model: z.string(), language: z.string(), topic: z.string(), queries: z.array(z.string()) }),
  outcome: OutcomeSchema,
});

type Entry = z.infer<typeof EntrySchema>;

export class SummaryCache {
  constructor(
    private readonly dir: string,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The summary saved for this key, or undefined: absent, expired, or not a valid entry for this key. */
  async get(key: SummaryKey): Promise<CacheableOutcome | undefined> {
    let raw: unknown;
    try {
      raw = JSON.parse(await fs.readFile(this.file(key), 'utf8'));
    } catch {
      return undefined; // absent or not JSON: a miss, the page is simply read again
    }
    const parsed = EntrySchema.safeParse(raw);
    if (!parsed.success) return undefined; // null, {}, a stranger shape: a miss, replaced by the next put
    const entry = parsed.data;
    if (this.now() - entry.savedAt > this.ttlMs) return undefined;
    if (canonicalKey(entry.key) !== canonicalKey(key) || entry.outcome.url !== key.url) return undefined;
    return cleanOutcome(entry.outcome);
  }

  async put(key: SummaryKey, outcome: CacheableOutcome): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    const file = this.file(key);
    const tmp = `${file}.${randomBytes(8).toString('hex')}.tmp`;
    const entry: Entry = { savedAt: this.now(), key: { ...key, queries: [...key.queries] }, outcome };
    try {
      await fs.writeFile(tmp, JSON.stringify(entry), { encoding: 'utf8', flag: 'wx' });
      await fs.rename(tmp, file);
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw err;
    }
  }

  private file(key: SummaryKey): string {
    return path.join(this.dir, `${createHash('sha256').update(canonicalKey(key)).digest('hex')}.json`);
  }
}

/** Entries written before text hygiene may hold controls, bidi controls and escapes from the page: cleaned like fresh ones. */
function cleanOutcome(outcome: CacheableOutcome): CacheableOutcome {
  if (outcome.status === 'summarized') {
    const evidence = outcome.evidence?.map((e) => ({ figure: cleanText(e.figure), quote: cleanText(e.quote) }));
    return { ...outcome, title: cleanText(outcome.title), summary: cleanText(outcome.summary), ...(evidence ? { evidence } : {}) };
  }
  return { ...outcome, reason: cleanText(outcome.reason), ...(outcome.title !== undefined ? { title: cleanText(outcome.title) } : {}) };
}

/** What a summary depends on, in one string: questions in any order, topic and language in any case. */
function canonicalKey(key: SummaryKey): string {
  return JSON.stringify([key.url, key.model, key.language.toLowerCase(), key.topic.trim().toLowerCase(), [...key.queries].sort()]);
}
