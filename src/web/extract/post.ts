/**
 * A short post beside its blog's side blocks, for the linear extractor. On a short post the longest run of
 * paragraphs on the page is often not the post's:
 * - the sidebar's (the author's profile, a sidebar that comes first in the markup): it ends before the
 *   headline and holds neither it nor its words, and the story is where the headline is (postContainer);
 * - a profile set above the post in the same column: the container holds both, and the blocks of prose
 *   before the headline go (findLeadIns).
 * Linear passes over the flat tree, no recursion.
 */
import { comparable, paddedTitles, titleHeadingWords } from './anchor';
import { isNamed } from './names';
import { liveNodes } from './container';
import { type FlatTree, headingRank, type Removed, subtreeText, textLengths } from './tree';

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

/** A block before the headline this long is prose (a profile, a blurb), not a dateline, a kicker or a "Back to blog" link. */
const MIN_LEAD_IN_CHARS = 80;
/** The blocks before the headline go only while they hold at most this share of the container's text. */
const MAX_LEAD_IN_SHARE = 0.5;
/**
 * An h1–h3 under `container` before the headline whose words are all in a title: the story's own title,
 * and the headline a later heading that repeats it (the story starts there, not at the headline).
 */
function titleHeadingBefore(tree: FlatTree, live: Uint8Array, container: number, headline: number, titles: readonly string[]): boolean {
  const padded = paddedTitles(titles);
  for (let i = container + 1; i < headline; i++) {
    if (!live[i] || holds(tree, i, headline)) continue;
    if (titleHeadingWords(tree, i, padded)) return true;
    const rank = headingRank(tree.tags[i]!);
    if (rank >= 1 && rank <= 3) i = tree.end[i]! - 1; // a heading that is not the title: nothing inside it is
  }
  return false;
}

/**
 * The blocks of prose inside `container` that come before the post its headline opens: a profile with a
 * photo and a biography, a blog's blurb, a staff list, set above the post in the same column. Taken out
 * when the headline names the story, opens the container's first title heading and has the post's text
 * after it, and the blocks before it (each at least MIN_LEAD_IN_CHARS, so a date or a kicker stays) hold
 * at most half the container's text. The headline's own ancestors and what follows it are kept.
 */
export function findLeadIns(tree: FlatTree, removed: Removed, container: number, headline: number, titles: readonly string[]): number[] {
  if (headline <= container || container < 0 || !holds(tree, container, headline)) return [];
  const live = liveNodes(tree, removed);
  if (!live[headline] || !namesTheStory(comparable(subtreeText(tree, headline, removed, ' ')), titles)) return [];
  let after = 0;
  for (let i = tree.end[headline]!; i < tree.end[container]!; i++) if (live[i] && tree.texts[i] !== undefined) after += tree.ownText[i]!;
  if (after < MIN_POST_CHARS || titleHeadingBefore(tree, live, container, headline, titles)) return [];
  const lengths = textLengths(tree, removed);
  const leadIns: number[] = [];
  let chars = 0;
  for (let a = headline; a > container; a = tree.parent[a]!) {
    for (let c = tree.parent[a]! + 1; c < a; c = tree.end[c]!) {
      if (!live[c] || lengths[c]! < MIN_LEAD_IN_CHARS) continue;
      leadIns.push(c);
      chars += lengths[c]!;
    }
  }
  return chars <= MAX_LEAD_IN_SHARE * lengths[container]! ? leadIns : [];
}
