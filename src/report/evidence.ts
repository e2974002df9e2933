/**
 * Evidence quotes: for each figure (number with its unit, percentage, date) a page's summary states, the
 * page's own sentence that gives it. Pure and linear in the page's length: the text is split by regular
 * expressions, never walked as a structure; each sentence's figures are read once.
 */
import { type EvidenceQuote, MAX_QUOTE_CHARS, type RecheckedQuote } from '../domain/types';
import { cleanText } from '../text/hygiene';
import { type Figure, figureSupported, figuresOf } from './figures';

/** More figures than a summary sensibly states are not looked up (a summary built to make this slow). */
export const MAX_FIGURES_PER_SUMMARY = 60;

/** Sentences of a text: at line breaks, and at ., ! or ? followed by space. Whitespace collapsed, empty ones dropped. */
export function sentencesOf(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\n+/)) {
    for (const part of line.split(/(?<=[.!?]["'”’)\]]*)\s+/)) {
      const sentence = part.replace(/\s+/g, ' ').trim();
      if (sentence) out.push(sentence);
    }
  }
  return out;
}

function wordsOf(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/\p{L}{3,}/gu) ?? []));
}

function shared(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let n = 0;
  for (const w of a) if (b.has(w)) n++;
  return n;
}

/**
 * `sentence` cut to at most `max` characters around `figureText` (or its start when the figure is not found
 * as written), marked with … where cut: the figure in the middle where the sentence allows it.
 */
export function quoteWindow(sentence: string, figureText: string, max = MAX_QUOTE_CHARS): string {
  if (sentence.length <= max) return sentence;
  const at = Math.max(0, sentence.indexOf(figureText));
  const room = max - 2; // the two ellipses
  const start = Math.max(0, Math.min(at - Math.floor((room - figureText.length) / 2), sentence.length - room));
  const end = start + room;
  return `${start > 0 ? '…' : ''}${sentence.slice(start, end)}${end < sentence.length ? '…' : ''}`;
}

/** The figure as the sentence writes it: the first of the sentence's figures that gives it. */
function matchingText(figure: Figure, sentenceFigures: readonly Figure[]): string {
  return sentenceFigures.find((f) => figureSupported(figure, [f]))?.text ?? figure.text;
}

/**
 * One quote per distinct figure of `summary` that the page gives: the page sentence giving it that shares the
 * most words with the summary's sentence stating it (the first such on a tie). Figures the page does not give
 * get no quote (the grounding check then treats them as unverified).
 */
export function findEvidence(summary: string, pageText: string): EvidenceQuote[] {
  const wanted = uniqueFigures(figuresOf(summary)).slice(0, MAX_FIGURES_PER_SUMMARY);
  if (wanted.length === 0) return [];
  const summarySentences = sentencesOf(summary);
  const page = sentencesOf(cleanText(pageText)).map((text) => ({ text, words: wordsOf(text), figures: figuresOf(text) })).filter((s) => s.figures.length > 0);
  const out: EvidenceQuote[] = [];
  for (const figure of wanted) {
    const context = wordsOf(summarySentences.find((s) => s.includes(figure.text)) ?? summary);
    let best: (typeof page)[number] | undefined;
    let bestScore = -1;
    for (const sentence of page) {
      if (!figureSupported(figure, sentence.figures)) continue;
      const score = shared(context, sentence.words);
      if (score > bestScore) {
        best = sentence;
        bestScore = score;
      }
    }
    if (best) out.push({ figure: figure.text, quote: quoteWindow(best.text, matchingText(figure, best.figures)) });
  }
  return out;
}

/** A quote with its figures masked and its cut marks dropped: the same claim whatever its figures say. */
export function claimKey(quote: string): string {
  let masked = quote;
  for (const f of figuresOf(quote)) masked = masked.replace(f.text, '#');
  return masked
    .toLowerCase()
    .replace(/[…"“”'’]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The last run's quotes of a page looked up in its text now: for each, the page sentence that makes the same
 * claim (figures masked), and whether the page still gives the quoted figure anywhere. Linear in the page.
 */
export function recheckQuotes(previous: readonly EvidenceQuote[], pageText: string): RecheckedQuote[] {
  if (previous.length === 0) return [];
  const page = sentencesOf(cleanText(pageText))
    .map((text) => ({ text, figures: figuresOf(text) }))
    .filter((s) => s.figures.length > 0)
    .map((s) => ({ ...s, key: claimKey(s.text) }));
  return previous.slice(0, MAX_FIGURES_PER_SUMMARY).map((old) => {
    const key = claimKey(old.quote);
    const same = key ? page.find((s) => s.key.includes(key)) : undefined;
    const [figure] = figuresOf(old.figure);
    const given = figure !== undefined && page.some((s) => figureSupported(figure, s.figures));
    return { quote: old.quote, figure: old.figure, given, ...(same ? { now: quoteWindow(same.text, matchingText(figure ?? same.figures[0], same.figures)) } : {}) };
  });
}

/** Evidence for a summary, and (on a scheduled run) the last run's quotes of the page rechecked. */
export function pageEvidence(summary: string, pageText: string, recheck?: readonly EvidenceQuote[]): { evidence: EvidenceQuote[]; rechecked?: RecheckedQuote[] } {
  return { evidence: findEvidence(summary, pageText), ...(recheck ? { rechecked: recheckQuotes(recheck, pageText) } : {}) };
}

function uniqueFigures(figures: readonly Figure[]): Figure[] {
  const seen = new Set<string>();
  return figures.filter((f) => !seen.has(f.text) && seen.add(f.text));
}

/**
 * What the grounding check reads of a source: its title and the quotes behind its summary's figures, so a
 * figure the summary states without a quote supports nothing. Sources from before quotes existed are read by
 * their summary, as they always were.
 */
export function groundingMaterial(source: { title: string; summary: string; evidence?: readonly EvidenceQuote[] }): string {
  if (source.evidence === undefined) return `${source.title}\n${source.summary}`;
  return [source.title, ...source.evidence.map((e) => e.quote)].join('\n');
}
