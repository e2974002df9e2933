/**
 * Plain-text helpers shared by the search and LLM stand-ins: tokenising, content terms, sentences, words.
 * Deliberately simple and deterministic, like a small search engine or a very literal model.
 */

const STOP_WORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between both ' +
    'but by can could did do does doing down during each few for from further had has have having he her here hers him his ' +
    'how i if in into is it its itself just me more most my no nor not now of off on once only or other our ours out over ' +
    'own same she should so some such than that the their theirs them then there these they this those through to too under ' +
    'until up very was we were what when where which while who whom why will with would you your yours vs versus via ' +
    'per etc get got one two use used using new also may might must let lets much many well still actually really ever yet every'
  ).split(' '),
);

/** Folds common English plurals so "benchmarks" meets "benchmark" and "batteries" meets "battery". */
export function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is')) {
    return word.slice(0, -1);
  }
  return word;
}

/** Lower-cased words and numbers, in order, stop-words kept. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Stemmed content words in order (stop-words and one-letter tokens removed). */
export function contentTokens(text: string): string[] {
  return words(text)
    .filter((w) => w.length > 1 && !STOP_WORDS.has(w))
    .map(stem);
}

export function contentTerms(text: string): Set<string> {
  return new Set(contentTokens(text));
}

export function countWords(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

export function countShared(terms: Iterable<string>, other: Set<string>): number {
  let shared = 0;
  for (const term of terms) if (other.has(term)) shared += 1;
  return shared;
}

const TERMINAL = /[.!?]["'”’)]*$/;
/** Markdown-style heading, list and quote markers that extractors put before a line. */
const LINE_MARKER = /^(#{1,6}\s+|[-*•]\s+|\d+[.)]\s+|>\s*)/;

/**
 * Splits extracted page text into blocks. A line break ends a block unless the line looks like a line wrapped
 * in the middle of a paragraph (long, without closing punctuation), as PDF text comes out.
 */
export function textBlocks(text: string): string[] {
  const blocks: string[] = [];
  let current = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim().replace(LINE_MARKER, '');
    if (!line) {
      if (current) blocks.push(current);
      current = '';
      continue;
    }
    current = current ? `${current} ${line}` : line;
    const wrapped = line.length >= 50 && !TERMINAL.test(line) && !/[:;]$/.test(line);
    if (!wrapped) {
      blocks.push(current);
      current = '';
    }
  }
  if (current) blocks.push(current);
  return blocks.map((b) => b.replace(/\s+/g, ' '));
}

/** Sentence boundaries: closing punctuation, whitespace, then a capital, digit or opening quote. */
export function splitSentences(block: string): string[] {
  return block
    .split(/(?<=[.!?]["'”’)]*)\s+(?=["“‘(]?[\p{Lu}\p{N}€$£])/u)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Whole sentences (closing punctuation, at least five words) from text, in document order. */
export function sentencesOf(text: string): string[] {
  return textBlocks(text)
    .flatMap(splitSentences)
    .filter((s) => TERMINAL.test(s) && countWords(s) >= 5);
}

export function normalizeSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
