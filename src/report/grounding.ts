/**
 * The grounding check: every sentence (or table row) that cites sources is checked mechanically against
 * what those sources said (their summaries): each number with its unit, each percentage and each date in
 * it must appear in at least one cited source. A sentence that fails is marked `[unverified]` in place.
 * Pure and deterministic, so any worker reaches the same verdict.
 */
import { CITATION, citationIds } from './citations';
import { type Figure, figureSupported, figuresOf } from './figures';

export const UNVERIFIED_MARK = '[unverified]';

export interface FlaggedSentence {
  /** The sentence as written, citations included. */
  sentence: string;
  /** Source ids (1-based, as in the body) it cites. */
  cited: number[];
  /** The figures no cited source gives, as written. */
  missing: string[];
}

export interface GroundingResult {
  /** The body with failing sentences marked. */
  text: string;
  citedSentences: number;
  flagged: FlaggedSentence[];
}

/** The source ids a sentence cites, each once, in order of first citation (as the report numbers them). */
export function citedIds(sentence: string): number[] {
  return [...new Set([...sentence.matchAll(CITATION)].flatMap((m) => citationIds(m[1]!)))];
}

/**
 * Splits one line of prose into sentences: at ., ! or ? followed by space and a capital, digit or quote;
 * citations right after the full stop stay with the sentence before.
 */
export function splitSentences(line: string): string[] {
  const parts = line.split(/(?<=[.!?]["'”’)]*)\s+(?=[\p{Lu}\p{N}"“([])/u);
  const out: string[] = [];
  for (const part of parts) {
    const lead = /^((?:\[\d[\d,\s–-]*\]\s*)+)([\s\S]*)$/.exec(part);
    if (lead && out.length > 0) {
      out[out.length - 1] += ` ${lead[1].trim()}`;
      if (lead[2].trim()) out.push(lead[2]);
    } else out.push(part);
  }
  return out;
}

/** Lines whose sentences are checked: prose, list items, quotes and table rows; not headings or code. */
function checkable(line: string): boolean {
  const t = line.trim();
  return t.length > 0 && !/^#{1,6}\s/.test(t) && !/^\|?\s*:?-{3,}/.test(t) && !t.startsWith('```');
}

export function checkSentence(sentence: string, summaries: readonly (string | undefined)[], cache: Map<number, Figure[]>): FlaggedSentence | undefined {
  const cited = citedIds(sentence);
  const claims = figuresOf(sentence.replace(CITATION, ' '));
  if (claims.length === 0) return undefined;
  const material = cited.flatMap((id) => {
    if (!cache.has(id)) cache.set(id, figuresOf(summaries[id - 1] ?? ''));
    return cache.get(id)!;
  });
  const missing = claims.filter((f) => !figureSupported(f, material)).map((f) => f.text);
  return missing.length > 0 ? { sentence, cited, missing: [...new Set(missing)] } : undefined;
}

/** Inserts the mark before the sentence's first citation, so it reads "… 42% [unverified] [3]." */
function mark(sentence: string): string {
  const at = sentence.search(CITATION);
  return at < 0 ? `${sentence} ${UNVERIFIED_MARK}` : `${sentence.slice(0, at).trimEnd()} ${UNVERIFIED_MARK} ${sentence.slice(at)}`;
}

/**
 * Checks every cited sentence of `body` against `summaries` (summaries[id - 1] is source id's). Sentences in
 * `exempt` (kept by the verification pass, which read them against their sources) count as verified.
 */
export function groundReport(body: string, summaries: readonly string[], exempt: ReadonlySet<string> = new Set()): GroundingResult {
  const cache = new Map<number, Figure[]>();
  const flagged: FlaggedSentence[] = [];
  let citedSentences = 0;
  let inCode = false;
  const lines = body.split('\n').map((line) => {
    if (line.trim().startsWith('```')) inCode = !inCode;
    if (inCode || !checkable(line)) return line;
    const units = line.trim().startsWith('|') ? [line] : splitSentences(line);
    let out = line;
    for (const unit of units) {
      if (citedIds(unit).length === 0) continue;
      citedSentences++;
      if (exempt.has(unit.trim())) continue;
      const failed = checkSentence(unit, summaries, cache);
      if (!failed) continue;
      flagged.push(failed);
      out = out.replace(unit, line.trim().startsWith('|') ? markRow(unit) : mark(unit));
    }
    return out;
  });
  return { text: lines.join('\n'), citedSentences, flagged };
}

/** The mark goes into a row's last cell; a row written without a closing pipe gets it at its end. */
function markRow(row: string): string {
  return /\|\s*$/.test(row) ? row.replace(/\|\s*$/, `${UNVERIFIED_MARK} |`) : `${row.trimEnd()} ${UNVERIFIED_MARK}`;
}

/** Removes citations for display in the appendix, where the body's numbering no longer applies. */
function withoutCitations(sentence: string): string {
  return sentence.replace(CITATION, '').replace(/\s+([.,;:])/g, '$1').replace(/\s+/g, ' ').trim();
}

/** The appendix section: the grounding figure, and each flagged sentence with its reason. */
export function groundingAppendix(
  result: { citedSentences: number; flagged: readonly FlaggedSentence[] },
  escape: (text: string) => string,
  reviewed?: { kept: number; fixed: number; dropped: number },
): string[] {
  const verified = result.citedSentences - result.flagged.length;
  const out = [
    '### Grounding check',
    '',
    `Cited sentences: ${result.citedSentences} · verified: ${verified} · flagged: ${result.flagged.length}. ` +
      'A sentence is verified when every number (with its unit), percentage and date in it appears in at least one source it cites.',
  ];
  if (reviewed) {
    out.push('', `A verification pass reviewed the flagged sentences against their sources: kept ${reviewed.kept}, fixed ${reviewed.fixed}, dropped ${reviewed.dropped}.`);
  }
  if (result.flagged.length > 0) {
    out.push('', 'Sentences marked [unverified]:', '');
    for (const f of result.flagged) {
      out.push(`- “${escape(withoutCitations(f.sentence).replace(UNVERIFIED_MARK, '').trim())}” — no cited source gives ${f.missing.map((m) => escape(m)).join(', ')}`);
    }
  }
  return out;
}
