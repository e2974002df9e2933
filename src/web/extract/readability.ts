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
  maxChars: number;
}

/** Real article pages sit well inside these (the deepest in the development set is under 60 levels). */
export const READABILITY_LIMITS: ReadabilityLimits = { maxDepth: 120, maxNodes: 40_000, maxChars: 2_500_000 };

export type Guard = { ok: true } | { ok: false; reason: string };

export function readabilityGuard(tree: FlatTree, htmlChars: number, limits: ReadabilityLimits = READABILITY_LIMITS): Guard {
  if (tree.maxDepth > limits.maxDepth) return { ok: false, reason: `nested ${tree.maxDepth} levels deep` };
  if (tree.size > limits.maxNodes) return { ok: false, reason: `${tree.size} nodes` };
  if (htmlChars > limits.maxChars) return { ok: false, reason: `${htmlChars} characters` };
  return { ok: true };
}

/** The article HTML Readability finds, or undefined when it finds none. */
export function readabilityArticleHtml(html: string, limits: ReadabilityLimits = READABILITY_LIMITS): string | undefined {
  const { document } = parseHTML(html);
  const reader = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], {
    maxElemsToParse: limits.maxNodes,
    keepClasses: true,
  });
  const article = reader.parse();
  return article?.content ?? undefined;
}
