/**
 * What every report goes through after writing, whatever the mode (sections or one call): the verification
 * pass's decisions applied, every cited sentence grounded against the sources it cites (grounding.ts), then
 * the usual composition (compose.ts: one numbering of sources, references, appendix) with the grounding
 * figure added to the appendix. Pure.
 */
import type { SourceSummary } from '../domain/types';
import { type ComposedReport, composeReport, type ReportParts } from './compose';
import { escapeMarkdownText } from './escape';
import { groundingMaterial } from './evidence';
import { type FlaggedSentence, type GroundingResult, groundingAppendix, groundReport } from './grounding';
import type { LinkScrub } from './links';

export interface ReviewDecision {
  /** The flagged sentence exactly as it was written. */
  sentence: string;
  action: 'keep' | 'fix' | 'drop';
  /** The corrected sentence when fixing. */
  text?: string;
}

export interface GroundedReport extends ComposedReport {
  citedSentences: number;
  flagged: FlaggedSentence[];
}

/** Applies the verification pass: kept sentences stand, fixed ones are replaced, dropped ones removed. */
export function applyDecisions(body: string, decisions: readonly ReviewDecision[]): string {
  let text = body;
  for (const d of decisions) {
    if (d.action === 'drop') text = text.replace(d.sentence, '');
    else if (d.action === 'fix' && d.text?.trim()) text = text.replace(d.sentence, d.text.replace(/[\r\n]+/g, ' ').trim());
  }
  return text.replace(/[ \t]{2,}/g, ' ');
}

/**
 * The body with the reviewer's decisions applied and every cited sentence grounded against what its sources
 * said (title and the quotes behind its summary's figures, see groundingMaterial; ids are positions in `sources`). Sentences the pass kept count as verified.
 */
export function groundBody(body: string, sources: readonly SourceSummary[], decisions: readonly ReviewDecision[] = []): GroundingResult {
  const kept = new Set(decisions.filter((d) => d.action === 'keep').map((d) => d.sentence.trim()));
  return groundReport(applyDecisions(body, decisions), sources.map(groundingMaterial), kept);
}

/**
 * The whole report from a grounded body. `links`: the body's link check when it was done elsewhere (off the
 * event loop, as the activities do); without it the check runs here.
 */
export function composeGrounded(
  parts: Omit<ReportParts, 'body' | 'links'>,
  grounded: GroundingResult,
  decisions: readonly ReviewDecision[] = [],
  links?: LinkScrub,
): GroundedReport {
  const composed = composeReport({ ...parts, body: grounded.text, links });
  const reviewed =
    decisions.length > 0
      ? {
          kept: decisions.filter((d) => d.action === 'keep').length,
          fixed: decisions.filter((d) => d.action === 'fix').length,
          dropped: decisions.filter((d) => d.action === 'drop').length,
        }
      : undefined;
  // Model text quoted in the appendix, escaped as every web-sourced value in the report is.
  const appendix = groundingAppendix(grounded, escapeMarkdownText, reviewed);
  return { ...composed, markdown: insertBeforeMarker(composed.markdown, appendix), citedSentences: grounded.citedSentences, flagged: grounded.flagged };
}

function insertBeforeMarker(markdown: string, section: string[]): string {
  const at = markdown.lastIndexOf('\n<!-- research-run:');
  const block = `\n${section.join('\n')}\n`;
  return at < 0 ? `${markdown}${block}` : `${markdown.slice(0, at)}${block}${markdown.slice(at)}`;
}
