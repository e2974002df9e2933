/**
 * The author's box after a story (a photo, a paragraph of biography, links to their other posts): named so
 * in its class or id ("author-bio", "postauthor", "about_author", id="author") and holding a paragraph of
 * prose, which a byline ("By Sam Keel", class "author") never does. Taken out of what Readability reads,
 * beside the widgets; judged on the page's own markup. One pass, no recursion.
 */
import { isNamed } from './names';
import { type FlatTree, type Removed, textLengths } from './tree';

const AUTHOR_WORDS = new Set(['author', 'authors', 'bio', 'biography']);
const AUTHOR_NAMES = new Set(['postauthor', 'aboutauthor', 'abouttheauthor', 'authorbio', 'authorbox', 'authorinfo']);
const BOX_TAGS = new Set(['div', 'section', 'aside', 'footer', 'ul', 'table']);
/** A byline or a dateline is shorter than this; a biography is longer. */
const MIN_BIO_CHARS = 120;
/** A box holding more than this share of the page's text is not beside the story: it is the story (an author's page). */
const MAX_PAGE_SHARE = 0.3;

/** The author boxes under `body` after the story's headline (`headline`, -1 for none). */
export function findAuthorBoxes(tree: FlatTree, removed: Removed, body: number, headline: number): number[] {
  if (body < 0) return [];
  const lengths = textLengths(tree, removed);
  const page = lengths[body]!;
  const marked: number[] = [];
  for (let i = Math.max(body + 1, headline + 1); i < tree.end[body]!; i++) {
    if (removed[i]) {
      i = tree.end[i]! - 1;
      continue;
    }
    if (!BOX_TAGS.has(tree.tags[i]!) || !isNamed(tree.attribs[i]!, AUTHOR_WORDS, AUTHOR_NAMES)) continue;
    const chars = lengths[i]!;
    if (chars < MIN_BIO_CHARS || chars > MAX_PAGE_SHARE * page) continue;
    marked.push(i);
    i = tree.end[i]! - 1;
  }
  return marked;
}
