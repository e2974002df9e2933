/**
 * The post under the page's headline, when the block the linear extractor chose lies in a side column. On a
 * short post the longest run of paragraphs on the page is often the sidebar's (the author's profile, an
 * "about me" box, a sidebar that comes first in the markup): it ends before the headline and holds neither
 * it nor its words, and the story is where the headline is. Linear passes over the flat tree, no recursion.
 */
import { comparable } from './anchor';
import { isNamed } from './names';
import { liveNodes } from './container';
import { type FlatTree, type Removed, subtreeText, textLengths } from './tree';

/** Below this much text besides its headline a block holds no post, only a heading. */
const MIN_POST_CHARS = 25;

/**
 * A headline that holds at least this share of a title's words names the story; a shorter one is the
 * site's name in the title's tail ("Post title - Site Name").
 */
const MIN_TITLE_SHARE = 0.5;

function namesTheStory(words: string, titles: readonly string[]): boolean {
  if (!words) return false;
  const count = words.split(' ').length;
  return titles.some((title) => count >= MIN_TITLE_SHARE * comparable(title).split(' ').length);
}

/** Class/id words of the column beside a page's posts. */
const SIDE_WORDS = new Set(['sidebar', 'sidebars', 'rail', 'aside']);

/** True when `node`, or an ancestor of it below `top`, is a side column by its markup (<aside>, role=complementary, a name). */
function inSideBlock(tree: FlatTree, node: number, top: number): boolean {
  for (let a = node; a > top && a > 0; a = tree.parent[a]!) {
    const attribs = tree.attribs[a] ?? {};
    if (tree.tags[a] === 'aside' || attribs.role === 'complementary' || isNamed(attribs, SIDE_WORDS)) return true;
  }
  return false;
}

const holds = (tree: FlatTree, outer: number, inner: number) => inner >= outer && inner < tree.end[outer]!;

/**
 * The block that holds the story when `container` (the block chosen on paragraph length) sits in a side
 * column before the headline and holds neither it nor its words: the widest ancestor of the headline that
 * does not hold `container` (the post's column, its date heading included), when it holds text besides the
 * headline. Otherwise `container` itself. Only a headline that names the story (not the site's name in the
 * title) is followed, and only while what `removed` marks leaves it on the page.
 */
export function postContainer(tree: FlatTree, removed: Removed, container: number, headline: number, titles: readonly string[]): number {
  if (headline < 0 || container < 0 || tree.end[container]! > headline || !liveNodes(tree, removed)[headline]) return container;
  const words = comparable(subtreeText(tree, headline, removed, ' '));
  if (!namesTheStory(words, titles) || ` ${comparable(subtreeText(tree, container, removed, ' '))} `.includes(` ${words} `)) return container;
  let post = -1;
  for (let a = tree.parent[headline]!; a > 0 && !holds(tree, a, container); a = tree.parent[a]!) post = a;
  if (post < 0 || !inSideBlock(tree, container, tree.parent[post]!)) return container;
  const lengths = textLengths(tree, removed);
  if (lengths[post]! - lengths[headline]! < MIN_POST_CHARS) return container;
  return post;
}
