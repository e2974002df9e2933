/**
 * Mozilla's Readability on a linkedom document, behind a guard: Readability recurses on page
 * structure and is superlinear on some shapes, so it only sees pages whose depth, node count and
 * size (measured on our flat tree, without recursion) are in the range of real articles.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { FlatTree } from './tree';

export interface ReadabilityLimits {
  maxDepth: number;
  maxNodes: number;
  /** Sum of the depths of all nodes: Readability's ancestor walks cost about this much. */
  maxDepthSum: number;
  maxChars: number;
}

/**
 * Real article pages sit inside these: of the 1,163 development-set pages the deepest is 43 levels
 * (99th percentile 32), the largest 27,738 nodes, the largest depth sum 397,245 (99th percentile
 * 103,318), so none falls back because of the guard; a page built to be slow for Readability
 * (hundreds of blocks each nested 55 deep, 1.7 M depth sum) took it 5 s and is refused.
 */
export const READABILITY_LIMITS: ReadabilityLimits = { maxDepth: 60, maxNodes: 30_000, maxDepthSum: 450_000, maxChars: 2_500_000 };

export type Guard = { ok: true } | { ok: false; reason: string };

export function readabilityGuard(tree: FlatTree, htmlChars: number, limits: ReadabilityLimits = READABILITY_LIMITS): Guard {
  if (tree.maxDepth > limits.maxDepth) return { ok: false, reason: `nested ${tree.maxDepth} levels deep` };
  if (tree.size > limits.maxNodes) return { ok: false, reason: `${tree.size} nodes` };
  if (tree.depthSum > limits.maxDepthSum) return { ok: false, reason: `depth sum ${tree.depthSum}` };
  if (htmlChars > limits.maxChars) return { ok: false, reason: `${htmlChars} characters` };
  return { ok: true };
}

/**
 * A page may leave out its <body> tag (HTML allows it); a browser then puts everything after the head in
 * the body. linkedom adds an empty <body> and leaves the page's elements beside it, and Readability reads
 * only document.body: they are moved into it, in order.
 */
function withImpliedBody(document: ReturnType<typeof parseHTML>['document']): void {
  const root = document.documentElement;
  if (!root) return;
  const strays = [...root.childNodes].filter((child) => child.nodeName !== 'HEAD' && child.nodeName !== 'BODY');
  if (strays.length === 0) return;
  let body = document.body;
  if (!body) {
    body = document.createElement('body');
    root.appendChild(body);
  }
  for (const child of strays) body.appendChild(child);
}

/** The article Readability finds (its HTML, and the byline it took out of it), or undefined when it finds none. */
export function readabilityArticle(html: string, limits: ReadabilityLimits = READABILITY_LIMITS): { content: string; byline?: string } | undefined {
  const { document } = parseHTML(html);
  withImpliedBody(document);
  const reader = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], {
    maxElemsToParse: limits.maxNodes,
    keepClasses: true,
  });
  const article = reader.parse();
  if (!article?.content) return undefined;
  return { content: article.content, ...(article.byline ? { byline: article.byline } : {}) };
}
