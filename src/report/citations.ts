/**
 * Mechanical citation check after generation: every [n] must name a source that was fetched and
 * summarized in this run. Citations of unknown sources are dropped; the rest are renumbered in order
 * of first use so the reference list reads [1], [2], ... without gaps. Pure.
 */

export interface CitationCheck {
  text: string;
  /** Source ids (1-based, as given to the model) in their new order: cited[0] is now [1]. */
  cited: number[];
  /** Citation numbers the model used that name no source. */
  dropped: number[];
}

/** [3], [1, 2], [1-3] — but not Markdown links [text](url) or footnotes [^1]. Group 1 is the list inside. */
export const CITATION = /\[(\d+(?:\s*[,–-]\s*\d+)*)\](?!\()/g;

export function checkCitations(markdown: string, sourceCount: number): CitationCheck {
  const order = new Map<number, number>();
  const dropped = new Set<number>();
  const text = markdown.replace(CITATION, (_match, inner: string) => {
    const ids = citationIds(inner);
    const kept: number[] = [];
    for (const id of ids) {
      if (id < 1 || id > sourceCount) {
        dropped.add(id);
        continue;
      }
      if (!order.has(id)) order.set(id, order.size + 1);
      const n = order.get(id)!;
      if (!kept.includes(n)) kept.push(n);
    }
    return kept.map((n) => `[${n}]`).join('');
  });
  return {
    text: text.replace(/[ \t]+([.,;:])/g, '$1'),
    cited: [...order.keys()],
    dropped: [...dropped].sort((a, b) => a - b),
  };
}

/**
 * The source ids a citation list names, as written: "1, 3-5" is 1, 3, 4, 5. A range wider than fifty, written
 * backwards or chained ("1-2-3") names each number in it.
 */
export function citationIds(inner: string): number[] {
  const ids: number[] = [];
  // CITATION lets only digits, dashes and spaces stand between the commas.
  for (const part of inner.split(',')) {
    const numbers = (part.match(/\d+/g) ?? []).map(Number);
    const [from, to] = numbers;
    if (numbers.length === 2 && to! >= from! && to! - from! < 50) for (let i = from!; i <= to!; i++) ids.push(i);
    else ids.push(...numbers);
  }
  return ids;
}

/** Removes a reference list the model wrote despite being asked not to: ours replaces it. */
export function stripModelReferences(markdown: string): string {
  return markdown.replace(/\n#{1,3}\s*(references|sources|bibliography|works cited)\s*\n[\s\S]*$/i, '\n').trimEnd();
}
