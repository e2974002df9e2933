/**
 * Link density: a block whose text is mostly the text of its links is a list of links (related
 * stories, a category menu, "previous / next", a tag cloud), not prose. Only blocks outside the story's
 * prose go (before its first paragraph of text or after its last): a list of links the author put
 * between paragraphs (the sample images of a review, the recipes of a menu) is part of the story.
 * Linear passes over the flat tree with per-subtree counts, no recursion.
 */
import { type FlatTree, type Removed, textLengths } from './tree';

/** Blocks judged as a whole; a <p> made of one link is a sentence of the story, not a list. */
const BLOCKS = new Set(['div', 'section', 'ul', 'ol', 'dl', 'table']);
/** A block shorter than this goes when SHORT_LINK_SHARE of its text is link text. */
const SHORT_CHARS = 200;
const SHORT_LINK_SHARE = 0.8;
/** A block of at least FARM_LINKS links goes when FARM_LINK_SHARE of its text is link text, however long. */
const FARM_LINKS = 5;
const FARM_LINK_SHARE = 0.9;
/** A text node this long outside any link is prose: the story runs from the first such node to the last. */
export const PROSE_CHARS = 50;

interface LinkCounts {
  /** Characters of text inside links, per subtree. */
  linkChars: Float64Array;
  /** Letters of text inside links, and of all text, per subtree; digits likewise. */
  linkLetters: Float64Array;
  letters: Float64Array;
  linkDigits: Float64Array;
  digits: Float64Array;
  /** Links with an href, per subtree. */
  links: Int32Array;
}

const LETTER = /\p{L}/gu;
const DIGIT = /\p{N}/gu;

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/**
 * The share of a block's text that is link text, counted in letters: an archive's "September (4)" or a
 * menu's "Home | About" is all links, its counts, arrows and separators are not prose. A block without
 * letters is counted in digits ("1 | 2 | 3"), and one without either in characters.
 */
function linkShare(chars: number, counts: LinkCounts, i: number): number {
  if (counts.letters[i]! > 0) return counts.linkLetters[i]! / counts.letters[i]!;
  if (counts.digits[i]! > 0) return counts.linkDigits[i]! / counts.digits[i]!;
  return chars > 0 ? counts.linkChars[i]! / chars : 0;
}

function linkCounts(tree: FlatTree, removed: Removed, inLink: Uint8Array): LinkCounts {
  const linkChars = new Float64Array(tree.size);
  const linkLetters = new Float64Array(tree.size);
  const letters = new Float64Array(tree.size);
  const linkDigits = new Float64Array(tree.size);
  const digits = new Float64Array(tree.size);
  const links = new Int32Array(tree.size);
  // Children come after their parent in document order: one backward pass sums every subtree.
  for (let i = tree.size - 1; i > 0; i--) {
    if (removed[i]) {
      linkChars[i] = 0;
      linkLetters[i] = 0;
      letters[i] = 0;
      linkDigits[i] = 0;
      digits[i] = 0;
      links[i] = 0;
      continue;
    }
    const text = tree.texts[i];
    const ownLetters = text === undefined ? 0 : count(text, LETTER);
    const ownDigits = text === undefined ? 0 : count(text, DIGIT);
    letters[i]! += ownLetters;
    digits[i]! += ownDigits;
    if (inLink[i]) {
      linkChars[i]! += tree.ownText[i]!;
      linkLetters[i]! += ownLetters;
      linkDigits[i]! += ownDigits;
    }
    if (tree.tags[i] === 'a' && tree.attribs[i]!.href !== undefined) links[i]!++;
    const p = tree.parent[i]!;
    linkChars[p]! += linkChars[i]!;
    linkLetters[p]! += linkLetters[i]!;
    letters[p]! += letters[i]!;
    linkDigits[p]! += linkDigits[i]!;
    digits[p]! += digits[i]!;
    links[p]! += links[i]!;
  }
  return { linkChars, linkLetters, letters, linkDigits, digits, links };
}

/**
 * The blocks under `root` made mostly of links that lie before the story's first prose or after its
 * last. `keep` (the story's headline, -1 for none) and its ancestors stay.
 */
export function findLinkDense(tree: FlatTree, removed: Removed, root: number, keep: number): number[] {
  const from = root >= 0 ? root : 0;
  const inLink = new Uint8Array(tree.size);
  for (let i = 1; i < tree.size; i++) {
    const p = tree.parent[i]!;
    inLink[i] = inLink[p] || tree.tags[p] === 'a' ? 1 : 0;
  }
  const lengths = textLengths(tree, removed);
  const counts = linkCounts(tree, removed, inLink);
  const { links } = counts;
  let firstProse = tree.end[from]!;
  let lastProse = -1;
  for (let i = from + 1; i < tree.end[from]!; i++) {
    if (removed[i]) {
      i = tree.end[i]! - 1;
      continue;
    }
    if (!inLink[i] && tree.texts[i] !== undefined && tree.ownText[i]! >= PROSE_CHARS) {
      if (firstProse > i) firstProse = i;
      lastProse = i;
    }
  }
  const marked: number[] = [];
  for (let i = from + 1; i < tree.end[from]!; i++) {
    if (removed[i]) {
      i = tree.end[i]! - 1;
      continue;
    }
    if (!BLOCKS.has(tree.tags[i]!) || links[i] === 0) continue;
    if (keep >= i && keep < tree.end[i]!) continue;
    const besideProse = tree.end[i]! <= firstProse || i > lastProse;
    if (!besideProse) continue;
    const chars = lengths[i]!;
    const share = linkShare(chars, counts, i);
    if ((chars < SHORT_CHARS && share >= SHORT_LINK_SHARE) || (links[i]! >= FARM_LINKS && share >= FARM_LINK_SHARE)) {
      marked.push(i);
      i = tree.end[i]! - 1;
    }
  }
  return marked;
}
