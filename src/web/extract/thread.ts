/**
 * A page's discussion after its story: the heading that opens it names itself so in its class or id
 * ("comments-header", id="comments", "trackbacks-header"), and what follows it among its
 * siblings (the thread, the trackbacks, the reply form) goes with it, up to the next heading of the same
 * or a higher rank that is not named so; a heading alone in its wrapper opens the wrapper's siblings. Comment threads are often long and often share the story's
 * container, so neither Readability nor the widget rule (which keeps long named elements) leaves them
 * out. Judged on the page's own markup and taken out of what Readability reads (Readability drops the
 * class names); the linear extractor keeps them: on tuning-half pages a short post without its thread
 * made it choose a container with the sidebar. One pass, no recursion.
 */
import { isNamed } from './names';
import { type FlatTree, headingRank, type Removed } from './tree';

/** Class/id words of a heading that opens a discussion. Not the reply form's ("reply-title", "respond"): taking
 * a form out on its own moved Readability to another article on tuning-half pages. */
const THREAD_WORDS = new Set(['comment', 'comments', 'trackback', 'trackbacks', 'pingback', 'pingbacks']);

function opensThread(tree: FlatTree, i: number): boolean {
  return headingRank(tree.tags[i]!) > 0 && isNamed(tree.attribs[i]!, THREAD_WORDS);
}

/** Characters other than whitespace per subtree (the line breaks between tags count for nothing). */
function visibleLengths(tree: FlatTree, removed: Removed): Float64Array {
  const lengths = new Float64Array(tree.size);
  for (let i = tree.size - 1; i > 0; i--) {
    if (removed[i]) continue;
    const text = tree.texts[i];
    if (text !== undefined) lengths[i]! += text.replace(/\s+/g, '').length;
    lengths[tree.parent[i]!]! += lengths[i]!;
  }
  return lengths;
}

/** Wrappers climbed at most: a heading's own box and a level or two of layout around it. */
const MAX_WRAPPERS = 3;

/**
 * The outermost of the heading's wrappers (up to MAX_WRAPPERS, below `body`) whose text is the heading's
 * alone, or the heading itself.
 */
function aloneIn(tree: FlatTree, lengths: Float64Array, heading: number, body: number): number {
  let outer = heading;
  for (let k = 0; k < MAX_WRAPPERS; k++) {
    const parent = tree.parent[outer]!;
    if (parent <= body || lengths[parent]! !== lengths[heading]!) break;
    outer = parent;
  }
  return outer;
}

/**
 * Each heading under `body` that opens a discussion, and its following siblings up to the next heading of
 * its rank or higher that opens none. Only headings after the story's headline (`headline`, -1 for none)
 * count: a comment count beside the title opens no thread.
 */
export function findCommentThreads(tree: FlatTree, removed: Removed, body: number, headline: number): number[] {
  if (body < 0) return [];
  // Measured with the headings that open a thread kept: the widget rule may have taken one out already.
  const headingsKept = removed.slice();
  for (let i = body; i < tree.end[body]!; i++) if (headingsKept[i] && opensThread(tree, i)) headingsKept[i] = 0;
  const lengths = visibleLengths(tree, headingsKept);
  const marked: number[] = [];
  for (let i = Math.max(body + 1, headline + 1); i < tree.end[body]!; i++) {
    // A heading already taken out (an earlier rule's) still says what follows it.
    const opens = opensThread(tree, i);
    if (removed[i] && !opens) {
      i = tree.end[i]! - 1;
      continue;
    }
    if (!opens) continue;
    const rank = headingRank(tree.tags[i]!);
    // A heading alone in its wrapper (<div class="commentform"><h2 id="comments">) opens the wrapper's siblings.
    const start = aloneIn(tree, lengths, i, body);
    marked.push(start);
    const parentEnd = tree.end[tree.parent[start]!]!;
    let next = tree.end[start]!;
    while (next < parentEnd) {
      const nextRank = headingRank(tree.tags[next]!);
      if (nextRank > 0 && nextRank <= rank && !opensThread(tree, next)) break;
      marked.push(next);
      next = tree.end[next]!;
    }
    i = next - 1;
  }
  return marked;
}
