/**
 * Extraction quality on a development set of real pages (see devset.sh):
 * - readability/<name>/{source.html,expected.html}: full expected article bodies, scored with the
 *   standard article-extraction metric, 4-token shingle precision/recall per page, averaged;
 * - trafilatura/{evaldata.json,pages/}: per page, snippets that must appear and snippets that must not
 *   (trafilatura's own evaluation), scored over all snippets;
 * - dragnet/{html/<n>.html,gold/<n>.txt}: Moz's Dragnet set, each page's main text as people corrected it
 *   (comments after a marker left out), scored with the shingle metric.
 * The human-labelled sets (trafilatura, dragnet) are split in two halves by a hash of each page's name:
 * rules are tuned on the first half only, and the second half's figures are the ones reported.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export type Extractor = (html: Buffer, url: string) => string;

export interface ShingleScore {
  pages: number;
  precision: number;
  recall: number;
  f1: number;
  msMean: number;
  msWorst: number;
}

export interface SnippetScore {
  pages: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Ordinals that open a line of a numbered list ("3. ", nested "3. 1. "): list markup, not words. */
const LIST_ORDINALS = /^([ \t]*\d{1,4}\.[ \t]+)+/gm;

/**
 * Words of a text, lower-cased. The same rules for every text compared (expected bodies and every
 * extractor's output): a numbered list's ordinals are markup, as '#', '-', '|' and '>' are (they hold no letter or digit).
 */
export function tokens(text: string): string[] {
  return text.replace(LIST_ORDINALS, '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Block-level tags: a block's text never runs into the next block's ("<p>end</p><p>Start" is two words). */
const BLOCK_TAGS = /<(\/?)(address|article|aside|blockquote|br|dd|details|div|dl|dt|figcaption|figure|footer|h[1-6]|header|hr|li|main|nav|ol|p|pre|section|summary|table|td|th|tr|ul)\b/gi;

/** The HTML with a line break before every block-level tag, so that its textContent keeps block boundaries. */
export function withBlockBreaks(html: string): string {
  return html.replace(BLOCK_TAGS, '\n<$1$2');
}

function shingles(text: string, n = 4): Map<string, number> {
  const words = tokens(text);
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= Math.max(words.length, n); i++) {
    const key = words.slice(i, i + n).join(' ');
    if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Precision and recall of predicted against expected 4-token shingles (counted with multiplicity). */
export function shingleMatch(expected: string, predicted: string): { precision: number; recall: number } {
  const truth = shingles(expected);
  const guess = shingles(predicted);
  let common = 0;
  let guessTotal = 0;
  let truthTotal = 0;
  for (const [key, count] of guess) {
    guessTotal += count;
    common += Math.min(count, truth.get(key) ?? 0);
  }
  for (const count of truth.values()) truthTotal += count;
  if (truthTotal === 0 && guessTotal === 0) return { precision: 1, recall: 1 };
  return { precision: guessTotal ? common / guessTotal : 0, recall: truthTotal ? common / truthTotal : 0 };
}

const f1 = (p: number, r: number) => (p + r > 0 ? (2 * p * r) / (p + r) : 0);

export interface ReadabilityPage {
  name: string;
  source: Buffer;
  expected: string;
}

export type Half = 'tune' | 'report';

/** Which half a page belongs to: fixed by its set and name alone, so every run splits alike. */
export function halfOf(set: string, name: string): Half {
  return createHash('sha256').update(`${set}/${name}`).digest()[0]! & 1 ? 'report' : 'tune';
}

/**
 * Dragnet's corrected texts end their article at a line "!@#$%^&*()  COMMENTS"; what follows is the page's
 * comments. People typed that line by hand: 22 of the 421 differ ("!@ $%^&*()  COMMENTS", one space
 * instead of two, a tab, a symbol doubled or left out), so it is matched as a line of those symbols and
 * blanks followed by the word.
 */
export const DRAGNET_COMMENTS = /^[!@#$%^&*() \t]{6,}COMMENTS[ \t\r]*$/m;

/** UTF-16 by its byte-order mark, UTF-8 when it decodes as such, else windows-1252 (Dragnet's texts come in all three). */
function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

export function loadDragnetPages(devset: string): ReadabilityPage[] {
  const dir = join(devset, 'dragnet');
  if (!existsSync(join(dir, 'gold'))) return [];
  return readdirSync(join(dir, 'gold'))
    .filter((file) => file.endsWith('.txt') && existsSync(join(dir, 'html', file.replace(/\.txt$/, '.html'))))
    .sort()
    .map((file) => {
      const name = file.replace(/\.txt$/, '');
      const gold = decodeText(readFileSync(join(dir, 'gold', file)));
      const at = gold.search(DRAGNET_COMMENTS);
      return { name, source: readFileSync(join(dir, 'html', `${name}.html`)), expected: at >= 0 ? gold.slice(0, at) : gold };
    })
    .filter((page) => tokens(page.expected).length >= 4);
}

export function loadReadabilityPages(devset: string, expectedText: (html: string) => string): ReadabilityPage[] {
  const dir = join(devset, 'readability');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .filter((name) => existsSync(join(dir, name, 'expected.html')))
    .map((name) => ({
      name,
      source: readFileSync(join(dir, name, 'source.html')),
      expected: expectedText(readFileSync(join(dir, name, 'expected.html'), 'utf8')),
    }));
}

export function scoreShingles(pages: ReadabilityPage[], extract: Extractor): ShingleScore & { perPage: Array<{ name: string; f1: number }> } {
  let precision = 0;
  let recall = 0;
  let f1Sum = 0;
  let msTotal = 0;
  let msWorst = 0;
  const perPage: Array<{ name: string; f1: number }> = [];
  for (const page of pages) {
    const start = performance.now();
    const text = extract(page.source, `http://fakehost/test/${page.name}/`);
    const ms = performance.now() - start;
    msTotal += ms;
    msWorst = Math.max(msWorst, ms);
    const score = shingleMatch(page.expected, text);
    precision += score.precision;
    recall += score.recall;
    f1Sum += f1(score.precision, score.recall);
    perPage.push({ name: page.name, f1: f1(score.precision, score.recall) });
  }
  const n = Math.max(pages.length, 1);
  return { pages: pages.length, precision: precision / n, recall: recall / n, f1: f1Sum / n, msMean: msTotal / n, msWorst, perPage };
}

interface SnippetPage {
  file: string;
  with: string[];
  without: string[];
}

export function loadSnippetPages(devset: string): Array<SnippetPage & { source: Buffer; url: string }> {
  const dir = join(devset, 'trafilatura');
  if (!existsSync(join(dir, 'evaldata.json'))) return [];
  const data = JSON.parse(readFileSync(join(dir, 'evaldata.json'), 'utf8')) as Record<string, SnippetPage>;
  return Object.entries(data)
    .filter(([, page]) => existsSync(join(dir, 'pages', page.file)))
    .map(([url, page]) => ({ ...page, url, source: readFileSync(join(dir, 'pages', page.file)) }));
}

const normalized = (text: string) => ` ${tokens(text).join(' ')} `;

export function scoreSnippets(pages: ReturnType<typeof loadSnippetPages>, extract: Extractor): SnippetScore {
  let tp = 0;
  let fn = 0;
  let fp = 0;
  for (const page of pages) {
    const text = normalized(extract(page.source, page.url));
    for (const snippet of page.with) {
      const s = normalized(snippet);
      if (s.trim() === '') continue;
      if (text.includes(s)) tp++;
      else fn++;
    }
    for (const snippet of page.without) {
      const s = normalized(snippet);
      if (s.trim() !== '' && text.includes(s)) fp++;
    }
  }
  const precision = tp / Math.max(tp + fp, 1);
  const recall = tp / Math.max(tp + fn, 1);
  return { pages: pages.length, precision, recall, f1: f1(precision, recall) };
}
