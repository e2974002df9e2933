/**
 * Deterministic assembly of a sectioned report: title, executive summary, the sections in plan order,
 * conclusion; the verification pass's decisions applied; the grounding check; then the same composition as
 * the one-call report (one numbering of sources, references, appendix), with the grounding figure added to
 * the appendix. Pure.
 */
import { stripModelReferences } from './citations';
import { countWords, type ReportParts, scrubInput } from './compose';
import type { LinkScrub } from './links';
import type { FlaggedSentence } from './grounding';
import { composeGrounded, type GroundedReport, groundBody, type ReviewDecision } from './grounded';

export { applyDecisions, type ReviewDecision } from './grounded';

export interface WrittenSection {
  heading: string;
  markdown: string;
  /** The words the plan gave it: where the report is too long, the sections furthest over lose sentences first. */
  words?: number;
}

export interface AssembleParts extends Omit<ReportParts, 'body'> {
  title: string;
  summary: string;
  sections: readonly WrittenSection[];
  conclusion: string;
  decisions?: readonly ReviewDecision[];
  /** The most words the report may have; longer sections are cut at sentence ends to fit. */
  maxWords?: number;
}

export type AssembledReport = GroundedReport;
export type { FlaggedSentence };

/** A heading from the model (which read web pages): one line, no Markdown or HTML that could act. */
export function cleanHeading(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[<>[\]()`*_#|\\]/g, '').replace(/\s+/g, ' ').trim() || 'Section';
}

/** A section's text under our heading: its own leading heading dropped, deeper headings kept below ours. */
export function normaliseSection(markdown: string): string {
  const lines = stripModelReferences(markdown.trim()).split('\n');
  if (/^#{1,6}\s/.test(lines[0] ?? '')) lines.shift();
  return lines
    .map((line) => line.replace(/^#{1,3}\s+/, '### '))
    .join('\n')
    .trim();
}

function plainParagraphs(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^#{1,6}\s/.test(line))
    .join('\n')
    .trim();
}

/** The body of a report the model wrote no part of. */
export const NOTHING_WRITTEN = '_The model wrote no part of this report: the notes in the appendix say why._';

export function assembleBody(parts: Pick<AssembleParts, 'title' | 'summary' | 'sections' | 'conclusion'>): string {
  const out = [`# ${cleanHeading(parts.title)}`, ''];
  if (parts.summary.trim()) out.push('## Executive summary', '', plainParagraphs(parts.summary), '');
  for (const s of parts.sections) {
    const body = normaliseSection(s.markdown);
    // A section with nothing under its heading (its answer was bad, or only a heading) is left out.
    if (/^(?!#)\S/m.test(body)) out.push(`## ${cleanHeading(s.heading)}`, '', body, '');
  }
  if (parts.conclusion.trim()) out.push('## Conclusion', '', plainParagraphs(parts.conclusion), '');
  // Every part left out (the model's answers were bad): our words say so, never an empty page under the title.
  if (out.length === 2) out.push(NOTHING_WRITTEN, '');
  return out.join('\n');
}

/** The body as written, with the reviewer's decisions applied and every cited sentence grounded. */
export function groundedBody(parts: AssembleParts): { text: string; citedSentences: number; flagged: FlaggedSentence[] } {
  const sections = parts.maxWords ? fitLength(parts, parts.maxWords) : parts.sections;
  return groundBody(assembleBody({ ...parts, sections }), parts.sources, parts.decisions);
}

/** The links to check in a grounded body, and the URLs the run read (for the off-thread link check). */
export function linkCheckInput(parts: AssembleParts, body: string): [string, string[]] {
  return scrubInput({ ...parts, body });
}

/**
 * The whole report. `links`: the grounded body's link check when it was done elsewhere (off the event
 * loop, as the report activity does); without it the check runs here.
 */
export function assembleReport(parts: AssembleParts, grounded = groundedBody(parts), links?: LinkScrub): AssembledReport {
  return composeGrounded(parts, grounded, parts.decisions, links);
}

/**
 * Cuts whole sentences off the ends of the sections furthest over their planned length until the report
 * fits `maxWords`. Never cuts a section below one sentence; each step removes a sentence, so it ends.
 */
export function fitLength(parts: Pick<AssembleParts, 'title' | 'summary' | 'sections' | 'conclusion'>, maxWords: number): WrittenSection[] {
  // [sentence, space, sentence, space, ..., sentence]: the spaces (paragraph breaks too) are kept.
  const sections = parts.sections.map((s) => ({ ...s, pieces: normaliseSection(s.markdown).split(/(?<=[.!?](?:\s*\[\d+\])*)(\s+)(?=\S)/), locked: false }));
  let excess = countWords(assembleBody(parts)) - maxWords;
  while (excess > 0) {
    const over = sections
      .filter((s) => !s.locked && s.pieces.length > 1)
      .map((s) => ({ s, ratio: countWords(s.pieces.join('')) / Math.max(1, s.words ?? 1) }))
      .sort((a, b) => b.ratio - a.ratio)[0];
    if (!over) break;
    const last = over.s.pieces[over.s.pieces.length - 1];
    if (/(^|\n)\s*\|/.test(last)) {
      over.s.locked = true; // a table is kept whole
      continue;
    }
    over.s.pieces.splice(-2, 2);
    excess -= countWords(last);
  }
  return sections.map(({ pieces, locked: _locked, ...s }) => ({ ...s, markdown: pieces.join('').trim() }));
}
