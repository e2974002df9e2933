/**
 * What pictures add to a page's text besides their captions: photo credits, a slideshow's controls
 * ("Image 1 of 9", "Caption", "Close"), and the same caption again (the figure repeated in a gallery or
 * a lightbox, the same credit under every photo). Judged on the page's own markup before any extractor
 * rewrites it; every pass is a loop over the flat tree with per-subtree counts, no recursion.
 */
import { withRemoved } from './marks';
import { isNamed } from './names';
import { type FlatTree, type Removed, collapse, textLengths } from './tree';

const CREDIT_WORDS = new Set(['credit', 'credits', 'copyright', 'photographer', 'attribution']);
const CAPTION_WORDS = new Set(['caption', 'captions']);
const SLIDESHOW_WORDS = new Set(['slideshow', 'slides', 'gallery', 'carousel', 'slider', 'swiper']);

/** A credit is a line, not a paragraph; a longer element named so is something else ("credits" of a film). */
const MAX_CREDIT_CHARS = 200;
/** Controls are a word or three ("Close", "Image 1 of 9"); longer text in a slideshow is a slide's description. */
const MAX_CONTROL_CHARS = 80;
/** A container holding this share of the page's text is the article itself, whatever it is called. */
const ARTICLE_SHARE = 0.5;
/** A figure is one image and a short text, in a small subtree. */
const MAX_FIGURE_NODES = 64;
const MAX_FIGURE_CHARS = 300;

interface SubtreeCounts {
  images: Int32Array;
  links: Int32Array;
  lengths: Float64Array;
}

function subtreeCounts(tree: FlatTree, removed: Removed): SubtreeCounts {
  const images = new Int32Array(tree.size);
  const links = new Int32Array(tree.size);
  for (let i = tree.size - 1; i > 0; i--) {
    if (removed[i]) {
      images[i] = 0;
      links[i] = 0;
      continue;
    }
    if (tree.tags[i] === 'img') images[i]!++;
    else if (tree.tags[i] === 'a') links[i]!++;
    const p = tree.parent[i]!;
    images[p]! += images[i]!;
    links[p]! += links[i]!;
  }
  return { images, links, lengths: textLengths(tree, removed) };
}

function named(tree: FlatTree, i: number, words: ReadonlySet<string>): boolean {
  const attribs = tree.attribs[i];
  return attribs !== undefined && isNamed(attribs, words);
}

/** A caption: <figcaption>, an element named "caption", or a small subtree of one image, a short text and no link. */
function isCaptionLike(tree: FlatTree, i: number, counts: SubtreeCounts): boolean {
  const tag = tree.tags[i];
  if (tag === '' || tag === undefined) return false;
  if (tag === 'figcaption' || tag === 'figure' || named(tree, i, CAPTION_WORDS)) return true;
  return counts.images[i] === 1 && counts.links[i] === 0 && tree.end[i]! - i <= MAX_FIGURE_NODES && counts.lengths[i]! <= MAX_FIGURE_CHARS;
}

/** Photo credits by their names ("photo-credit", "image__credit", "copyright"), short ones only. */
function findCredits(tree: FlatTree, removed: Removed, counts: SubtreeCounts): number[] {
  const credits: number[] = [];
  for (let i = 1; i < tree.size; i++) {
    if (removed[i]) {
      i = tree.end[i]! - 1;
      continue;
    }
    if (named(tree, i, CREDIT_WORDS) && counts.lengths[i]! <= MAX_CREDIT_CHARS) {
      credits.push(i);
      i = tree.end[i]! - 1;
    }
  }
  return credits;
}

/**
 * Inside a slideshow, what is neither a slide (an element holding an image) nor a caption, and is short:
 * its counter, buttons and links.
 */
function findSlideshowControls(tree: FlatTree, removed: Removed, counts: SubtreeCounts, pageChars: number): number[] {
  const controls: number[] = [];
  for (let show = 1; show < tree.size; show++) {
    if (removed[show] || !named(tree, show, SLIDESHOW_WORDS) || counts.lengths[show]! >= ARTICLE_SHARE * pageChars) continue;
    for (let i = show + 1; i < tree.end[show]!; i++) {
      if (removed[i] || tree.tags[i] === '') {
        i = tree.end[i]! - 1;
        continue;
      }
      if (isCaptionLike(tree, i, counts)) {
        i = tree.end[i]! - 1; // a slide's caption is the article's
        continue;
      }
      if (counts.images[i]! > 0) continue; // a slide, or the slides' wrapper: look inside
      if (counts.lengths[i]! <= MAX_CONTROL_CHARS) controls.push(i);
      i = tree.end[i]! - 1;
    }
    show = tree.end[show]! - 1;
  }
  return controls;
}

/** The second and later copies of the same caption (same words, any case or spacing). */
function findRepeatedCaptions(tree: FlatTree, removed: Removed, counts: SubtreeCounts): number[] {
  const repeats: number[] = [];
  const seen = new Set<string>();
  for (let i = 1; i < tree.size; i++) {
    if (removed[i]) {
      i = tree.end[i]! - 1;
      continue;
    }
    if (!isCaptionLike(tree, i, counts) || counts.lengths[i]! > MAX_FIGURE_CHARS) continue;
    const parts: string[] = [];
    for (let j = i; j < tree.end[i]!; j++) {
      if (removed[j]) j = tree.end[j]! - 1;
      else if (tree.texts[j] !== undefined) parts.push(tree.texts[j]!);
    }
    const key = collapse(parts.join(' ')).toLowerCase();
    if (key && seen.has(key)) repeats.push(i);
    else if (key) seen.add(key);
    i = tree.end[i]! - 1;
  }
  return repeats;
}

/**
 * Photo credits, slideshow controls and repeated captions under `body` (the whole page when -1), in that
 * order: each judged on the page without those before it.
 */
export function findFigureNoise(tree: FlatTree, removed: Removed, body: number): number[] {
  const credits = findCredits(tree, removed, subtreeCounts(tree, removed));
  const withoutCredits = withRemoved(removed, credits);
  const counts = subtreeCounts(tree, withoutCredits);
  const controls = findSlideshowControls(tree, withoutCredits, counts, counts.lengths[body >= 0 ? body : 0]!);
  const withoutControls = withRemoved(withoutCredits, controls);
  return credits.concat(controls, findRepeatedCaptions(tree, withoutControls, subtreeCounts(tree, withoutControls)));
}
