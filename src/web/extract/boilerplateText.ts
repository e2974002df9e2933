/**
 * Boilerplate found by its class names on the page, found again by its text in another tree.
 * Readability rewrites the elements it keeps (a <div> of text becomes a fresh <p>, a wrapper is
 * replaced by its only child), so the class that named a newsletter box or an ad slot is gone from
 * its article; the box's text is not. Texts are compared without whitespace, which Readability also
 * rewrites. Linear passes, no recursion on page structure.
 */
import { type FlatTree, type Removed, subtreeText } from './tree';

/** Longer boilerplate is not looked for (and costs nothing to remember). */
const MAX_KEY_CHARS = 5_000;

/** Whitespace-free text lengths of every subtree, leaving out removed nodes. */
function solidLengths(tree: FlatTree, removed: Removed): Float64Array {
  const lengths = new Float64Array(tree.size);
  for (let i = tree.size - 1; i >= 0; i--) {
    if (removed[i]) {
      lengths[i] = 0;
      continue;
    }
    const text = tree.texts[i];
    if (text !== undefined) lengths[i]! += text.replace(/\s+/g, '').length;
    if (i > 0) lengths[tree.parent[i]!]! += lengths[i]!;
  }
  return lengths;
}

function keyOf(tree: FlatTree, i: number, removed?: Removed): string {
  return subtreeText(tree, i, removed).replace(/\s+/g, '').toLowerCase();
}

export interface BoilerplateTexts {
  keys: Set<string>;
  lengths: Set<number>;
}

/** The texts of the given elements (each as it reads with nothing inside it removed). */
export function boilerplateTexts(tree: FlatTree, elements: number[]): BoilerplateTexts {
  const none = new Uint8Array(tree.size);
  const lengths = solidLengths(tree, none);
  const keys = new Set<string>();
  const sizes = new Set<number>();
  for (const i of elements) {
    const length = lengths[i]!;
    if (length === 0 || length > MAX_KEY_CHARS) continue;
    keys.add(keyOf(tree, i));
    sizes.add(length);
  }
  return { keys, lengths: sizes };
}

/** The elements of `tree` whose whole text is one of the boilerplate texts. */
export function findBoilerplateTexts(tree: FlatTree, removed: Removed, boilerplate: BoilerplateTexts): number[] {
  if (boilerplate.keys.size === 0) return [];
  const lengths = solidLengths(tree, removed);
  const found: number[] = [];
  for (let i = 1; i < tree.size; i++) {
    if (removed[i]) {
      i = tree.end[i]! - 1;
      continue;
    }
    if (tree.tags[i] === '' || !boilerplate.lengths.has(lengths[i]!)) continue;
    if (!boilerplate.keys.has(keyOf(tree, i, removed))) continue;
    found.push(i);
    i = tree.end[i]! - 1;
  }
  return found;
}
