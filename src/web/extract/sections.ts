/**
 * What is left of a page's sections once their content is gone, and lists of other stories' teasers:
 * - a teaser list is a run of sibling blocks that each open with a heading and hold a link in a few
 *   lines ("### Other story title / one line of summary / Read more..."): the "More news", "Don't miss",
 *   "Latest posts" boxes around an article. Only runs outside the story's prose go (before its first
 *   paragraph or after its last, the story's prose measured without the runs): a list of sections the
 *   author wrote between paragraphs stays;
 * - an orphan heading is one with nothing under it (no text, picture or table): the next text after it
 *   is the end of the article or a heading of the same rank ("## Don't Miss" whose list was a link list, "### Leave a
 *   Reply" whose form went, "## Comments" over an empty thread).
 * Judged by structure alone, on Readability's article and on the linear extractor's container alike.
 * Linear passes over the flat tree, no recursion.
 */
import { liveNodes } from './container';
import { PROSE_CHARS } from './density';
import { type FlatTree, headingRank, type Removed, textLengths } from './tree';

/** A teaser is short: a title, a line or two of summary, a date. */
const MAX_TEASER_CHARS = 500;
/** Fewer teasers in a row than this may be the story's own short sections. */
const MIN_TEASERS = 3;
/** Teaser runs holding more than this share of the text under the root are the page's content. */
const MAX_TEASER_SHARE = 0.5;

/** A section's heading is a label; a longer one is a sentence set as a heading (a standfirst), text of its own. */
const MAX_LABEL_CHARS = 80;
/** What a heading can stand over without any text under it. */
const MEDIA_TAGS = new Set(['img', 'picture', 'video', 'audio', 'iframe', 'embed', 'object', 'svg', 'canvas', 'table']);

/** A link that leads somewhere else (its words are checked by the caller): an href that is not empty and not only a fragment of this page. */
function linksAway(tree: FlatTree, i: number): boolean {
  const href = tree.attribs[i]?.href?.trim();
  return tree.tags[i] === 'a' && href !== undefined && href !== '' && !href.startsWith('#');
}

/** For every node, the nearest heading it lies in (itself included), or -1. */
function headingOwners(tree: FlatTree): Int32Array {
  const owner = new Int32Array(tree.size).fill(-1);
  for (let i = 1; i < tree.size; i++) owner[i] = headingRank(tree.tags[i]!) > 0 ? i : owner[tree.parent[i]!]!;
  return owner;
}

/** For every index, the first live text node with visible text at or after it (tree.size for none). */
function nextTexts(tree: FlatTree, live: Uint8Array): Int32Array {
  const next = new Int32Array(tree.size + 1);
  next[tree.size] = tree.size;
  for (let i = tree.size - 1; i >= 0; i--) next[i] = live[i] && tree.ownText[i]! > 0 && tree.texts[i] !== undefined && tree.texts[i]!.trim() ? i : next[i + 1]!;
  return next;
}

/**
 * The teaser runs under `root` outside the story's prose. `keep` (the story's headline, -1 for none) is
 * never in one.
 */
export function findTeaserLists(tree: FlatTree, removed: Removed, root: number, keep: number): number[] {
  const from = root >= 0 ? root : 0;
  const live = liveNodes(tree, removed);
  const lengths = textLengths(tree, removed);
  const owner = headingOwners(tree);
  const next = nextTexts(tree, live);
  // Which elements hold a link away, per subtree (one backward pass).
  const hasLink = new Uint8Array(tree.size);
  for (let i = tree.size - 1; i > 0; i--) {
    if (!live[i]) continue;
    if (linksAway(tree, i) && lengths[i]! > 0) hasLink[i] = 1; // a link with words: an avatar's or a thumbnail's is no teaser's
    if (hasLink[i]) hasLink[tree.parent[i]!] = 1;
  }
  const isTeaser = (i: number): boolean => {
    if (!live[i] || tree.tags[i] === '' || headingRank(tree.tags[i]!) > 0 || !hasLink[i]) return false;
    if (lengths[i]! === 0 || lengths[i]! > MAX_TEASER_CHARS || (keep >= i && keep < tree.end[i]!)) return false;
    const first = next[i]!;
    return first < tree.end[i]! && owner[first]! > i;
  };
  // Runs of teasers among each element's children; whitespace between them does not break a run.
  const inRun = new Uint8Array(tree.size);
  const runs: number[][] = [];
  for (let p = from; p < tree.end[from]!; p++) {
    if (!live[p] || tree.texts[p] !== undefined) continue;
    let run: number[] = [];
    const close = () => {
      if (run.length >= MIN_TEASERS) runs.push(run);
      run = [];
    };
    for (let c = p + 1; c < tree.end[p]!; c = tree.end[c]!) {
      if (tree.texts[c] !== undefined && !tree.texts[c]!.trim()) continue;
      if (isTeaser(c)) run.push(c);
      else close();
    }
    close();
  }
  for (const run of runs) for (const i of run) for (let j = i; j < tree.end[i]!; j++) inRun[j] = 1;
  // The story's prose, without the runs.
  const inLink = new Uint8Array(tree.size);
  let firstProse = tree.size;
  let lastProse = -1;
  for (let i = from + 1; i < tree.end[from]!; i++) {
    const p = tree.parent[i]!;
    inLink[i] = inLink[p] || tree.tags[p] === 'a' ? 1 : 0;
    if (!live[i] || inRun[i] || inLink[i] || tree.texts[i] === undefined || tree.ownText[i]! < PROSE_CHARS) continue;
    if (firstProse > i) firstProse = i;
    lastProse = i;
  }
  if (lastProse < 0) return []; // nothing but teasers: they are the page (an index of posts)
  const marked: number[] = [];
  let teaserChars = 0;
  for (const run of runs) {
    if (run[0]! <= lastProse && tree.end[run[run.length - 1]!]! > firstProse) continue;
    for (const i of run) teaserChars += lengths[i]!;
    marked.push(...run);
  }
  // Teasers that outweigh the rest are what the page is about (a product's features, each with its heading and link).
  return teaserChars <= MAX_TEASER_SHARE * lengths[from]! ? marked : [];
}

/**
 * The headings under `root` with nothing under them: no picture or table, and the next live text after
 * each is the end of `root` or a heading of the same rank (headings found empty this way count as gone for those
 * before them). `keep` (the story's headline, -1 for none) stays.
 */
export function findOrphanHeadings(tree: FlatTree, removed: Removed, root: number, keep: number): number[] {
  const from = root >= 0 ? root : 0;
  const end = tree.end[from]!;
  const live = liveNodes(tree, removed);
  const owner = headingOwners(tree);
  const next = nextTexts(tree, live);
  const lengths = textLengths(tree, removed);
  const media = new Int32Array(tree.size + 1);
  media[tree.size] = tree.size;
  for (let i = tree.size - 1; i >= 0; i--) media[i] = i > 0 && live[tree.parent[i]!] && MEDIA_TAGS.has(tree.tags[i]!) ? i : media[i + 1]!;
  const headings: number[] = [];
  for (let i = from + 1; i < end; i++) {
    if (!live[i]) {
      i = tree.end[i]! - 1;
      continue;
    }
    if (headingRank(tree.tags[i]!) > 0 && next[i]! < tree.end[i]!) headings.push(i);
  }
  // Last to first: what follows a heading is known before the heading itself is judged.
  const orphan = new Uint8Array(tree.size);
  const after = new Int32Array(tree.size);
  const marked: number[] = [];
  for (let k = headings.length - 1; k >= 0; k--) {
    const h = headings[k]!;
    let t = next[tree.end[h]!]!;
    if (t < end && owner[t]! >= 0 && orphan[owner[t]!]) t = after[owner[t]!]!;
    after[h] = t;
    if (media[tree.end[h]!]! < Math.min(t, end)) continue; // a heading over a picture, a video, a table
    const following = t < end ? owner[t]! : -1;
    // A heading of a higher rank next may be a date line or a section over this one (Blogger writes a post's
    // <h3> title over an <h2> date): only the same rank says this one's section is empty.
    const empty = t >= end || (following >= 0 && headingRank(tree.tags[following]!) === headingRank(tree.tags[h]!));
    if (!empty || lengths[h]! > MAX_LABEL_CHARS || h === keep || (keep > h && keep < tree.end[h]!)) continue;
    orphan[h] = 1;
    marked.push(h);
  }
  return marked;
}
