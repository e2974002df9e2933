/**
 * What changed between two runs of one schedule, from their sources and evidence quotes alone: new sources,
 * sources gone (or unreadable now), figures that changed for the same claim of the same source (old → new,
 * with both quotes), and quoted findings the source no longer gives. Pure and deterministic: the same two
 * runs give the same diff, in the same order, on any worker.
 */
import type { EvidenceQuote, RecheckedQuote } from '../domain/types';
import { claimKey } from './evidence';
import { type Figure, figureSupported, figuresOf } from './figures';

export { claimKey };

/** What the comparison needs of a source: no summary, only what identifies it and its quotes. */
export interface ComparedSource {
  url: string;
  title: string;
  evidence?: EvidenceQuote[];
  /** On the current run: the previous run's quotes looked up again in the page (see recheckQuotes). */
  rechecked?: RecheckedQuote[];
}

/** A page of the current run that was chosen but not read, with why (a source gone may be unreadable now). */
export interface ComparedPage {
  url: string;
  status: string;
  reason?: string;
}

export interface ChangedFigure {
  url: string;
  title: string;
  /** The figures of the old quote the new one no longer gives, and the new quote's in their place. */
  from: string[];
  to: string[];
  before: string;
  after: string;
}

export interface ChangeDiff {
  added: { url: string; title: string }[];
  /** `unreadable`: the page was chosen again but could not be read (reason given); `gone`: no search chose it. */
  removed: { url: string; title: string; why: 'unreadable' | 'gone'; reason?: string }[];
  changed: ChangedFigure[];
  /** A quote of a source still read whose page no longer gives its figure, and states no changed figure instead. */
  unsupported: { url: string; title: string; figure: string; quote: string }[];
}

function uniqueQuotes(evidence: readonly EvidenceQuote[] | undefined): EvidenceQuote[] {
  const seen = new Set<string>();
  return (evidence ?? []).filter((e) => !seen.has(e.quote) && seen.add(e.quote));
}

function gives(figure: Figure, quotes: readonly EvidenceQuote[]): boolean {
  return quotes.some((q) => figureSupported(figure, figuresOf(q.quote)));
}

/** The figures of `a` that `b` does not give, as `a` writes them. */
function figuresMissing(a: string, b: string): string[] {
  const inB = figuresOf(b);
  return [...new Set(figuresOf(a).filter((f) => !figureSupported(f, inB)).map((f) => f.text))];
}

/**
 * With the page's text looked at again (rechecked): the previous quote's claim now reads with other figures
 * (changed), or the page no longer gives the figure at all (unsupported). What this run's summary happened to
 * mention does not matter.
 */
function compareRechecked(before: ComparedSource, after: ComparedSource, rechecked: readonly RecheckedQuote[], diff: ChangeDiff): void {
  const seen = new Set<string>();
  for (const old of uniqueQuotes(before.evidence)) {
    const found = rechecked.filter((r) => r.quote === old.quote);
    if (found.length === 0 || seen.has(old.quote)) continue;
    seen.add(old.quote);
    const now = found.find((r) => r.now !== undefined)?.now;
    if (now !== undefined && now !== old.quote) {
      const from = figuresMissing(old.quote, now);
      const to = figuresMissing(now, old.quote);
      if (from.length > 0 || to.length > 0) {
        diff.changed.push({ url: after.url, title: after.title, from, to, before: old.quote, after: now });
        continue;
      }
    }
    if (now !== undefined) continue;
    for (const r of found) if (!r.given) diff.unsupported.push({ url: after.url, title: after.title, figure: r.figure, quote: old.quote });
  }
}

function compareSource(before: ComparedSource, after: ComparedSource, diff: ChangeDiff): void {
  if (after.rechecked) return compareRechecked(before, after, after.rechecked, diff);
  const oldQuotes = uniqueQuotes(before.evidence);
  const newQuotes = uniqueQuotes(after.evidence);
  const unmatched = new Set(newQuotes.map((q) => q.quote));
  const newByClaim = new Map<string, EvidenceQuote[]>();
  for (const q of newQuotes) newByClaim.set(claimKey(q.quote), [...(newByClaim.get(claimKey(q.quote)) ?? []), q]);
  for (const old of oldQuotes) {
    if (unmatched.delete(old.quote)) continue; // the same sentence: nothing changed
    const same = (newByClaim.get(claimKey(old.quote)) ?? []).find((q) => unmatched.has(q.quote));
    if (same) {
      unmatched.delete(same.quote);
      const from = figuresMissing(old.quote, same.quote);
      const to = figuresMissing(same.quote, old.quote);
      if (from.length > 0 || to.length > 0) diff.changed.push({ url: after.url, title: after.title, from, to, before: old.quote, after: same.quote });
      continue;
    }
    for (const e of (before.evidence ?? []).filter((x) => x.quote === old.quote)) {
      const [figure] = figuresOf(e.figure);
      if (figure && !gives(figure, newQuotes)) diff.unsupported.push({ url: after.url, title: after.title, figure: e.figure, quote: old.quote });
    }
  }
}

/** The diff from the previous run's sources to this run's (and this run's unread pages, for why a source is gone). */
export function diffRuns(previous: readonly ComparedSource[], current: readonly ComparedSource[], currentPages: readonly ComparedPage[] = []): ChangeDiff {
  const diff: ChangeDiff = { added: [], removed: [], changed: [], unsupported: [] };
  const before = new Map(previous.map((s) => [s.url, s]));
  const now = new Map(current.map((s) => [s.url, s]));
  const pages = new Map(currentPages.map((p) => [p.url, p]));
  for (const s of current) if (!before.has(s.url)) diff.added.push({ url: s.url, title: s.title });
  for (const s of previous) {
    const after = now.get(s.url);
    if (after) {
      compareSource(s, after, diff);
      continue;
    }
    const page = pages.get(s.url);
    const unreadable = page !== undefined && page.status !== 'summarized';
    diff.removed.push({ url: s.url, title: s.title, why: unreadable ? 'unreadable' : 'gone', ...(unreadable && page.reason ? { reason: page.reason } : {}) });
  }
  return diff;
}

export function isEmptyDiff(diff: ChangeDiff): boolean {
  return diff.added.length + diff.removed.length + diff.changed.length + diff.unsupported.length === 0;
}

/** One line for `schedule show`: "2 new sources, 1 gone, 1 figure changed, 0 findings unsupported". */
export function changeLine(diff: ChangeDiff | undefined): string {
  if (!diff) return 'first run: nothing to compare yet';
  if (isEmptyDiff(diff)) return 'no change in sources or quoted figures';
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  return [
    n(diff.added.length, 'new source', 'new sources'),
    n(diff.removed.length, 'source gone', 'sources gone'),
    n(diff.changed.length, 'figure changed', 'figures changed'),
    n(diff.unsupported.length, 'finding unsupported', 'findings unsupported'),
  ].join(', ');
}
