/**
 * A report's words: how they are counted, how the words asked for split between the sections, summary and
 * conclusion, and the shortest report the budget planner ever asks for. Pure, shared by the workflow (which
 * sizes the report to its budget) and the report code (which plans and assembles it).
 */

/** Words of Markdown as a reader counts them: citations, emphasis, table rules and heading marks hold none. */
export function countWords(markdown: string): number {
  return markdown
    .replace(/\[\d+\]/g, ' ')
    .replace(/[#>*_|`\-[\]()]/g, ' ')
    .split(/\s+/)
    .filter((w) => /\p{L}|\p{N}/u.test(w)).length;
}

/** The most sections a report plan has. */
export const MAX_SECTIONS = 8;

/** A section is planned with at least this many words: a shorter report gets fewer sections, not slivers. */
export const SECTION_WORDS_AT_LEAST = 150;

/** The most sections a report of `reportWords` is planned with. */
export function sectionsAtMost(reportWords: number): number {
  return Math.max(1, Math.min(MAX_SECTIONS, Math.floor(wordTargets(reportWords).sections / SECTION_WORDS_AT_LEAST)));
}

/** No section is asked for fewer words (a tiny report with many sections runs a little over instead). */
export const MIN_SECTION_WORDS = 60;

/** Summary and conclusion never shorter than this, whatever the sections came to or the budget left. */
export const MIN_FRAMING_WORDS = 40;

/** The length aimed at, a little over the words asked for, so a model stopping a little short still meets it. */
export const LENGTH_AIM = 1.08;
/**
 * The executive summary's and conclusion's shares of the length. They are written after the sections (from
 * them), each by its own call at once, so every word here is on the stage's critical path while a word moved
 * into the sections, written in parallel, costs a fifth of that or less: equal and modest shares.
 */
export const SUMMARY_SHARE = 0.07;
export const CONCLUSION_SHARE = 0.07;

export function wordTargets(reportWords: number): { sections: number; summary: number; conclusion: number } {
  const aim = Math.round(reportWords * LENGTH_AIM);
  const summary = Math.round(aim * SUMMARY_SHARE);
  const conclusion = Math.round(aim * CONCLUSION_SHARE);
  return { sections: aim - summary - conclusion, summary, conclusion };
}

/**
 * The shortest report the budget shrinks a report to: a tenth of the words asked, never under 150 (a short
 * report citing its sources), never over the words asked. The planner names it; the client's minimum budget
 * pays for it.
 */
export const REPORT_FLOOR = { words: 150, share: 0.1 } as const;

export function floorWords(asked: number): number {
  return Math.min(asked, Math.max(REPORT_FLOOR.words, Math.round(asked * REPORT_FLOOR.share)));
}
