/**
 * A parsed page as flat arrays in document order, so every pass over it is a loop, never recursion
 * on page structure: node i's subtree is the index range [i, end[i]), its parent is parent[i].
 */
import type { AnyNode, Element } from 'domhandler';

export interface FlatTree {
  /** Nodes in document (pre-)order; nodes[0] is the root. */
  nodes: AnyNode[];
  parent: Int32Array;
  /** One past the last node of i's subtree. */
  end: Int32Array;
  depth: Int32Array;
  maxDepth: number;
  /** Collapsed length of each text node's own text (0 for other nodes). */
  ownText: Float64Array;
  /** Tag name of each element, '' for other nodes. */
  tags: string[];
}

export function isElement(node: AnyNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

export function tagName(node: AnyNode): string {
  return isElement(node) ? node.name : '';
}

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

export function flatten(root: AnyNode): FlatTree {
  const nodes: AnyNode[] = [];
  const parents: number[] = [];
  const depths: number[] = [];
  // Explicit stacks (node, parent index, depth); children pushed in reverse keep document order.
  const stackNodes: AnyNode[] = [root];
  const stackParents: number[] = [-1];
  const stackDepths: number[] = [0];
  let maxDepth = 0;
  while (stackNodes.length > 0) {
    const node = stackNodes.pop()!;
    const parent = stackParents.pop()!;
    const depth = stackDepths.pop()!;
    const index = nodes.length;
    nodes.push(node);
    parents.push(parent);
    depths.push(depth);
    if (depth > maxDepth) maxDepth = depth;
    const children = 'children' in node ? (node.children as AnyNode[]) : undefined;
    if (!children) continue;
    for (let c = children.length - 1; c >= 0; c--) {
      stackNodes.push(children[c]!);
      stackParents.push(index);
      stackDepths.push(depth + 1);
    }
  }
  const n = nodes.length;
  const parent = Int32Array.from(parents);
  const end = new Int32Array(n);
  const ownText = new Float64Array(n);
  const tags: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    end[i] = i + 1;
    const node = nodes[i]!;
    tags[i] = tagName(node);
    if (node.type === 'text') ownText[i] = collapsedLength(node.data);
  }
  // In reverse document order every descendant is finished before its parent.
  for (let i = n - 1; i > 0; i--) {
    const p = parent[i]!;
    if (end[i]! > end[p]!) end[p] = end[i]!;
  }
  return { nodes, parent, end, depth: Int32Array.from(depths), maxDepth, ownText, tags };
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
export function textLengths(tree: FlatTree, removed?: Uint8Array): Float64Array {
  const n = tree.nodes.length;
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
export function subtreeText(tree: FlatTree, i: number, removed?: Uint8Array, separator = ''): string {
  const parts: string[] = [];
  for (let j = i; j < tree.end[i]!; j++) {
    if (removed?.[j]) {
      j = tree.end[j]! - 1;
      continue;
    }
    const node = tree.nodes[j]!;
    if (node.type === 'text') parts.push(node.data);
  }
  return parts.join(separator);
}

/** First element with this tag, or -1. */
export function findFirst(tree: FlatTree, name: string, from = 0, to = tree.nodes.length): number {
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
export function serialize(tree: FlatTree, removed: Uint8Array): string {
  const out: string[] = ['<!doctype html>'];
  const open: number[] = [];
  const closeUntil = (i: number) => {
    while (open.length > 0 && tree.end[open[open.length - 1]!]! <= i) {
      out.push(`</${(tree.nodes[open.pop()!] as Element).name}>`);
    }
  };
  for (let i = 1; i < tree.nodes.length; i++) {
    closeUntil(i);
    if (removed[i]) {
      i = tree.end[i]! - 1;
      continue;
    }
    const node = tree.nodes[i]!;
    if (node.type === 'text') out.push(escapeText(node.data));
    else if (isElement(node)) {
      let tag = `<${node.name}`;
      for (const [name, value] of Object.entries(node.attribs)) {
        if (/^[^\s"'>/=]+$/.test(name)) tag += ` ${name}="${escapeAttribute(value)}"`;
      }
      out.push(`${tag}>`);
      if (VOID_TAGS.has(node.name)) continue;
      open.push(i);
    }
  }
  closeUntil(tree.nodes.length);
  return out.join('');
}
