/**
 * A page's discussion after its story: the heading that opens it names itself so in its class or id
 * ("comments-header", id="comments", "trackbacks-header"), and what follows it among its
 * siblings (the thread, the trackbacks, the reply form) goes with it, up to the next heading of the same
 * or a higher rank that is not named so. Comment threads are often long and often share the story's
 * container, so neither Readability nor the widget rule (which keeps long named elements) leaves them
 * out. Judged on the page's own markup and taken out of what Readability reads (Readability drops the
 * class names); the linear extractor keeps them: on tuning-half pages a short post without its thread
 * made it choose a container with the sidebar. One pass, no recursion.
 */
import { isNamed } from './names';
import { type FlatTree, type Removed } from './tree';

/** Class/id words of a heading that opens a discussion. Not the reply form's ("reply-title", "respond"): taking
 * a form out on its own moved Readability to another article on tuning-half pages. */
const THREAD_WORDS = new Set(['comment', 'comments', 'trackback', 'trackbacks', 'pingback', 'pingbacks']);

function headingRank(tag: string): number {
  return tag.length === 2 && tag[0] === 'h' && tag[1]! >= '1' && tag[1]! <= '6' ? Number(tag[1]) : 0;
}

function opensThread(tree: FlatTree, i: number): boolean {
  return headingRank(tree.tags[i]!) > 0 && isNamed(tree.attribs[i]!, THREAD_WORDS);
}

/**
 * Each heading under `body` that opens a discussion, and its following siblings up to the next heading of
 * its rank or higher that opens none. Only headings after the story's headline (`headline`, -1 for none)
 * count: a comment count beside the title opens no thread.
 */
export function findCommentThreads(tree: FlatTree, removed: Removed, body: number, headline: number): number[] {
  if (body < 0) return [];
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
    marked.push(i);
    const parentEnd = tree.end[tree.parent[i]!]!;
    let next = tree.end[i]!;
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
