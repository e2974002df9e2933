/**
 * Chooses the element that holds the article: the largest <main>, a dominant <article>, [role=main],
 * or the element whose paragraphs hold the most text. Every measure comes from one linear pass.
 */
import { MIN_MAIN_CHARS, paragraphLengths } from './cleanup';
import { type FlatTree, type Removed, textLengths } from './tree';

/** Paragraphs shorter than this are captions and buttons, not article text. */
const MIN_PARAGRAPH_CHARS = 25;

function longestOf(candidates: number[], lengths: Float64Array): number {
  let best = -1;
  for (const i of candidates) if (best < 0 || lengths[i]! > lengths[best]!) best = i;
  return best;
}

/**
 * The element whose paragraphs hold the most text (readability-style: a paragraph counts fully for
 * its parent, half for its grandparent), widened to an ancestor that holds clearly more paragraph
 * text, for articles split over several sibling blocks.
 */
function bestParagraphContainer(tree: FlatTree, removed: Removed, live: Uint8Array, lengths: Float64Array, body: number): number {
  const n = tree.size;
  const scores = new Float64Array(n);
  const from = body >= 0 ? body : 0;
  for (let i = from; i < tree.end[from]!; i++) {
    const name = tree.tags[i]!;
    if ((name !== 'p' && name !== 'pre') || !live[i] || lengths[i]! < MIN_PARAGRAPH_CHARS) continue;
    const parent = tree.parent[i]!;
    if (parent > 0 && tree.tags[parent] !== '') scores[parent]! += lengths[i]!;
    const grandparent = parent > 0 ? tree.parent[parent]! : -1;
    if (grandparent > 0 && tree.tags[grandparent] !== '') scores[grandparent]! += lengths[i]! / 2;
  }
  let best = -1;
  for (let i = 0; i < n; i++) if (scores[i]! > 0 && (best < 0 || scores[i]! > scores[best]!)) best = i;
  if (best < 0) return -1;

  const paragraphs = paragraphLengths(tree, removed, lengths);
  let bestChars = paragraphs[best]!;
  for (let a = tree.parent[best]!; a > 0; a = tree.parent[a]!) {
    if (paragraphs[a]! >= 1.25 * bestChars) [best, bestChars] = [a, paragraphs[a]!];
  }
  return best;
}

/** 1 for nodes neither removed nor inside a removed subtree. */
export function liveNodes(tree: FlatTree, removed: Removed): Uint8Array {
  const live = new Uint8Array(tree.size);
  for (let i = 0; i < tree.size; i++) live[i] = !removed[i] && (i === 0 || live[tree.parent[i]!]) ? 1 : 0;
  return live;
}

/** The index of the main container (the body when nothing stands out), or -1 without a body. */
export function chooseMainContainer(tree: FlatTree, removed: Removed, body: number): number {
  if (body < 0) return -1;
  const lengths = textLengths(tree, removed);
  const live = liveNodes(tree, removed);
  const total = lengths[body]!;
  const substantial = (i: number) => i >= 0 && lengths[i]! >= Math.min(MIN_MAIN_CHARS, total * 0.3);

  const mains: number[] = [];
  const articles: number[] = [];
  const roleMains: number[] = [];
  for (let i = 0; i < tree.size; i++) {
    const tag = tree.tags[i]!;
    if (tag === '' || !live[i]) continue;
    if (tag === 'main') mains.push(i);
    else if (tag === 'article') articles.push(i);
    if (tree.attribs[i]!.role === 'main') roleMains.push(i);
  }
  // Inside <main>, one article that carries most of the text is tighter than <main> itself.
  const narrowToArticle = (scope: number): number => {
    const inside = articles.filter((a) => a > scope && a < tree.end[scope]!);
    const article = longestOf(inside, lengths);
    return article >= 0 && lengths[article]! >= 0.6 * lengths[scope]! ? article : scope;
  };

  const main = longestOf(mains, lengths);
  if (substantial(main)) return narrowToArticle(main);

  const article = longestOf(articles, lengths);
  if (substantial(article) && (articles.length === 1 || lengths[article]! >= 0.4 * total)) return article;

  const roleMain = longestOf(roleMains, lengths);
  if (substantial(roleMain)) return narrowToArticle(roleMain);

  const container = bestParagraphContainer(tree, removed, live, lengths, body);
  return substantial(container) ? container : body;
}
