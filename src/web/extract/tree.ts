/**
 * A parsed page as flat arrays in document order, built straight from the HTML tokenizer's events
 * (htmlparser2's Parser: linear, no DOM objects), so every pass over it is a loop, never recursion
 * on page structure: node i's subtree is the index range [i, end[i]), its parent is parent[i].
 * Node 0 is the document; elements have a tag name, text nodes have text.
 */
import { htmlparser2 } from '../../lazyPackages';

export interface FlatTree {
  size: number;
  /** Tag name of each element, '' for text nodes and the document. */
  tags: string[];
  attribs: Array<Record<string, string> | undefined>;
  /** Text of each text node, undefined for other nodes. */
  texts: Array<string | undefined>;
  parent: Int32Array;
  /** One past the last node of i's subtree. */
  end: Int32Array;
  maxDepth: number;
  /** Sum of every node's depth: how much work walking each node's ancestors costs (Readability does). */
  depthSum: number;
  /** Collapsed length of each text node's own text (0 for other nodes). */
  ownText: Float64Array;
}

/**
 * Flags over a tree's nodes: 1 takes a node out, with its subtree. A pass reads them and never writes them
 * (it returns the nodes it takes out; marks.ts applies them in a stated order).
 */
export type Removed = Readonly<Uint8Array>;

export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Length of the text once whitespace runs are collapsed to one space (ends not trimmed). */
export function collapsedLength(text: string): number {
  let length = 0;
  let space = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const isSpace = code === 32 || (code >= 9 && code <= 13) || code === 160;
    if (isSpace) {
      if (!space) length++;
      space = true;
    } else {
      length++;
      space = false;
    }
  }
  return length;
}

/** Parses HTML into a flat tree. <noscript> content is parsed as elements, so its text is readable (bot walls live there). */
export function parseFlat(html: string): FlatTree {
  const tags: string[] = [''];
  const attribs: Array<Record<string, string> | undefined> = [undefined];
  const texts: Array<string | undefined> = [undefined];
  const parents: number[] = [-1];
  const ends: number[] = [0];
  const open: number[] = [0];
  let maxDepth = 0;
  let depthSum = 0;
  const parser = new (htmlparser2().Parser)(
    {
      onopentag(name, attributes) {
        const index = tags.length;
        tags.push(name);
        attribs.push(attributes);
        texts.push(undefined);
        parents.push(open[open.length - 1]!);
        ends.push(0);
        open.push(index);
        depthSum += open.length - 1;
        if (open.length - 1 > maxDepth) maxDepth = open.length - 1;
      },
      onclosetag() {
        if (open.length > 1) ends[open.pop()!] = tags.length;
      },
      ontext(data) {
        const last = tags.length - 1;
        const parent = open[open.length - 1]!;
        // The tokenizer may split one text run (at entities): keep it one node.
        if (texts[last] !== undefined && parents[last] === parent) {
          texts[last] += data;
          return;
        }
        depthSum += open.length;
        tags.push('');
        attribs.push(undefined);
        texts.push(data);
        parents.push(parent);
        ends.push(tags.length);
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  while (open.length > 0) ends[open.pop()!] = tags.length;

  const size = tags.length;
  const ownText = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const text = texts[i];
    if (text !== undefined) ownText[i] = collapsedLength(text);
  }
  return { size, tags, attribs, texts, parent: Int32Array.from(parents), end: Int32Array.from(ends), maxDepth: maxDepth + 1, depthSum, ownText };
}

/** 1-6 for h1-h6, 0 for any other tag. */
export function headingRank(tag: string): number {
  return tag.length === 2 && tag[0] === 'h' && tag[1]! >= '1' && tag[1]! <= '6' ? Number(tag[1]) : 0;
}

export function attr(tree: FlatTree, i: number, name: string): string | undefined {
  return tree.attribs[i]?.[name];
}

/** Direct children of node i, in document order. */
export function childIndexes(tree: FlatTree, i: number): number[] {
  const result: number[] = [];
  for (let j = i + 1; j < tree.end[i]!; j = tree.end[j]!) result.push(j);
  return result;
}

/** Pushes node i's children onto a stack in reverse, so they pop in document order. */
export function pushChildrenReversed(tree: FlatTree, i: number, stack: number[], scratch: number[]): void {
  scratch.length = 0;
  for (let j = i + 1; j < tree.end[i]!; j = tree.end[j]!) scratch.push(j);
  for (let c = scratch.length - 1; c >= 0; c--) stack.push(scratch[c]!);
}

/**
 * Collapsed text length of every subtree, leaving out removed nodes: one pass in reverse order,
 * each node adding its total to its parent.
 */
export function textLengths(tree: FlatTree, removed?: Removed): Float64Array {
  const n = tree.size;
  const lengths = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    if (removed?.[i]) {
      lengths[i] = 0;
      continue;
    }
    lengths[i]! += tree.ownText[i]!;
    if (i > 0) lengths[tree.parent[i]!]! += lengths[i]!;
  }
  return lengths;
}

/** Concatenated text of a subtree, skipping removed nodes. */
export function subtreeText(tree: FlatTree, i: number, removed?: Removed, separator = ''): string {
  const parts: string[] = [];
  for (let j = i; j < tree.end[i]!; j++) {
    if (removed?.[j]) {
      j = tree.end[j]! - 1;
      continue;
    }
    const text = tree.texts[j];
    if (text !== undefined) parts.push(text);
  }
  return parts.join(separator);
}

/** First element with this tag, or -1. */
export function findFirst(tree: FlatTree, name: string, from = 0, to = tree.size): number {
  for (let i = from; i < to; i++) if (tree.tags[i] === name) return i;
  return -1;
}

const VOID_TAGS = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr',
]);

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

/** HTML of the tree without removed subtrees; a loop with a stack of open elements, no recursion. */
export function serialize(tree: FlatTree, removed: Removed): string {
  const out: string[] = ['<!doctype html>'];
  const open: number[] = [];
  const closeUntil = (i: number) => {
    while (open.length > 0 && tree.end[open[open.length - 1]!]! <= i) out.push(`</${tree.tags[open.pop()!]}>`);
  };
  for (let i = 1; i < tree.size; i++) {
    closeUntil(i);
    if (removed[i]) {
      i = tree.end[i]! - 1;
      continue;
    }
    const text = tree.texts[i];
    if (text !== undefined) {
      out.push(escapeText(text));
      continue;
    }
    let tag = `<${tree.tags[i]}`;
    for (const [name, value] of Object.entries(tree.attribs[i] ?? {})) {
      if (/^[^\s"'>/=]+$/.test(name)) tag += ` ${name}="${escapeAttribute(value)}"`;
    }
    out.push(`${tag}>`);
    if (!VOID_TAGS.has(tree.tags[i]!)) open.push(i);
  }
  closeUntil(tree.size);
  return out.join('');
}
