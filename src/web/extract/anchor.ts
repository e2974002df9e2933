/**
 * Where the story starts: its headline, the heading the page also names itself by (<title>, og:title),
 * and the text right after it. An article an extractor chose that holds neither the headline nor the
 * text that follows it was taken from elsewhere on the page (an author's bio in a sidebar, a list of
 * events, the footer's links). Linear passes over the flat tree, no recursion.
 */
import { type FlatTree, collapse, subtreeText } from './tree';

const HEADLINE_TAGS = new Set(['h1', 'h2', 'h3']);
/** A heading shorter than this ("Home", "News") matches too many titles to say anything. */
const MIN_HEADLINE_CHARS = 12;

/** Lower-case words joined by one space: how a title and a heading compare whatever their punctuation. */
export function comparable(text: string): string {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');
}

/** A heading that links to the root of a site ("/", "https://example.com") names the site, not the story. */
function linksToSiteRoot(tree: FlatTree, heading: number): boolean {
  for (let i = heading + 1; i < tree.end[heading]!; i++) {
    if (tree.tags[i] !== 'a') continue;
    const href = tree.attribs[i]!.href?.trim() ?? '';
    try {
      return new URL(href, 'http://base.invalid/some/page').pathname === '/' && !/[?#]/.test(href);
    } catch {
      return false;
    }
  }
  return false;
}

/**
 * The story's headline: the first text on the page that is one of its titles whole; else, of the live
 * h1–h3 whose words are all in a title, the longest (the first of equals); -1 when none is. A heading
 * that links to the site's root is its name. `live` marks nodes neither removed nor inside a removed subtree.
 */
export function storyHeadline(tree: FlatTree, live: Uint8Array, body: number, titles: readonly string[]): number {
  const names = titles.map(comparable).filter((t) => t.length >= MIN_HEADLINE_CHARS);
  if (names.length === 0 || body < 0) return -1;
  const whole = new Set(names);
  for (let i = body; i < tree.end[body]!; i++) {
    if (live[i] && tree.texts[i] !== undefined && tree.ownText[i]! >= MIN_HEADLINE_CHARS && whole.has(comparable(tree.texts[i]!))) return i;
  }
  const padded = paddedTitles(names);
  let best = -1;
  let bestLength = 0;
  for (let i = body; i < tree.end[body]!; i++) {
    if (!live[i]) continue;
    const words = titleHeadingWords(tree, i, padded);
    if (!words || linksToSiteRoot(tree, i)) continue;
    if (words.length > bestLength) [best, bestLength] = [i, words.length];
  }
  return best;
}

/** Titles as titleHeadingWords compares them: comparable words with a space at either end. */
export function paddedTitles(titles: readonly string[]): string[] {
  return titles.map((t) => ` ${comparable(t)} `);
}

/**
 * The words of `i` when it is an h1–h3 whose words (MIN_HEADLINE_CHARS or more) are all, in order, in one of
 * the titles (`padded`, from paddedTitles), else ''.
 */
export function titleHeadingWords(tree: FlatTree, i: number, padded: readonly string[]): string {
  if (!HEADLINE_TAGS.has(tree.tags[i]!)) return '';
  const words = comparable(subtreeText(tree, i, undefined, ' ').slice(0, 1_000));
  return words.length >= MIN_HEADLINE_CHARS && padded.some((name) => name.includes(` ${words} `)) ? words : '';
}

/** Text nodes at least this long identify where an article's text came from. */
export const MIN_KEY_CHARS = 20;
/**
 * Between the headline and the article's first text, a standfirst, a byline and a caption; text beyond
 * this share of the article's own length there is a story the article left out.
 */
const MAX_GAP_SHARE = 0.5;

/**
 * True when an article (`keys`: its text nodes' collapsed texts; `chars`: its length) is the story the
 * headline starts: the headline lies among the article's text, or the article begins after it with
 * little live text outside links in between. An article that ends before the headline, or leaves out
 * what follows it, was taken from somewhere else on the page.
 */
export function isAnchored(tree: FlatTree, live: Uint8Array, headline: number, keys: ReadonlySet<string>, chars: number): boolean {
  let first = -1;
  let last = -1;
  for (let i = 0; i < tree.size; i++) {
    if (tree.texts[i] === undefined || tree.ownText[i]! < MIN_KEY_CHARS || !keys.has(collapse(tree.texts[i]!))) continue;
    if (first < 0) first = i;
    last = i;
  }
  if (first < 0) return false;
  if (first <= headline) return headline <= last;
  let gap = 0;
  let linkEnd = -1;
  for (let i = tree.end[headline]!; i < first; i++) {
    if (tree.tags[i] === 'a' && live[i]) linkEnd = Math.max(linkEnd, tree.end[i]!);
    if (live[i] && tree.texts[i] !== undefined && i >= linkEnd) gap += tree.ownText[i]!;
  }
  return gap <= MAX_GAP_SHARE * chars;
}
