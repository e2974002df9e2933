/**
 * The stand-in model's answers to the sectioned report's prompts (src/llm/reportPrompts.ts): the plan, a
 * section, more of a section, the executive summary and conclusion, and the verification of flagged
 * sentences. Like the one-call report, every statement is a source's own sentence cited by its id; when a
 * section's sources run out it stops short, as real models do, and writes commentary only when asked for more.
 */
import { countWords, normalizeSpace, sentencesOf, splitSentences } from '../text';
import { cleanTitle } from './answers';
import { type ChatMessageIn, type SourceBlock, sourcesOf, taggedBlock, topicOf } from './promptReader';
import { cite } from './report';

export const PLAN_MARK = 'Answer only JSON: {"title"';
export const SECTION_MARK = 'Write only this one section';
export const MORE_MARK = 'Continue this section';
export const FRAMING_MARK = 'Answer only JSON: {"summary"';
export const VERIFY_MARK = 'Answer only JSON: {"decisions"';

const MAX_SECTIONS = /at most (\d+) sections/;
const PURPOSE_WORDS = /purpose \(what it must establish, in at most (\d+) words\)/;
const ABOUT_WORDS = /about (\d+) (?:more )?words/i;
const SUMMARY_WORDS = /an executive summary of about (\d+) words/;
const CONCLUSION_WORDS = /a reasoned conclusion of about (\d+) words/;

function numberIn(text: string, re: RegExp, fallback: number): number {
  const n = Number(re.exec(text)?.[1]);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

function firstWords(text: string, count: number): string {
  return text.split(/\s+/).slice(0, count).join(' ');
}

function sentencesOfSource(source: SourceBlock): string[] {
  const summary = normalizeSpace(source.summary);
  const sentences = sentencesOf(summary);
  return sentences.length > 0 ? sentences : splitSentences(summary);
}

/** One section per source (the richest first when there are more sources than sections), words by material. */
export function planAnswer(user: string): unknown {
  const topic = topicOf(user);
  const sources = sourcesOf(user);
  const max = numberIn(user, MAX_SECTIONS, 6);
  const words = numberIn(user, /about (\d+) words/, 1000);
  const purposeWords = numberIn(user, PURPOSE_WORDS, 100);
  const groups: SourceBlock[][] = sources.slice(0, max).map((s) => [s]);
  sources.slice(max).forEach((s, i) => groups[i % groups.length].push(s));
  const weight = groups.map((g) => g.reduce((n, s) => n + countWords(s.summary), 0) || 1);
  const total = weight.reduce((a, b) => a + b, 0);
  return {
    title: `Research report: ${normalizeSpace(topic)}`,
    sections: groups.map((g, i) => ({
      heading: cleanTitle(g[0].title) || `Findings ${i + 1}`,
      purpose: firstWords(`What ${g.map((s) => cleanTitle(s.title)).join(' and ')} report${g.length === 1 ? 's' : ''} on ${normalizeSpace(topic)}`, purposeWords),
      sources: g.map((s) => s.id),
      words: Math.round((weight[i] / total) * words),
    })),
  };
}

/**
 * The section: its heading, then its sources' sentences, cited, until the words asked for are reached. When the
 * sources run out first it stops short, as a model with nothing more to say does: it never pads. (`short`, the
 * fault "short_sections", is kept for its tests: it is what every section now does when its sources run out.)
 */
export function sectionText(user: string, _short = false, factor = 1): string {
  const heading = /^Section heading: (.*)$/m.exec(user)?.[1]?.trim() ?? 'Findings';
  const words = Math.round(factor * numberIn(user.slice(user.lastIndexOf(SECTION_MARK)), ABOUT_WORDS, 300));
  return [`## ${heading}`, '', ...citedParagraphs(sourcesOf(user), '', words), ''].join('\n');
}

/** The sources' sentences not yet in `written`, cited and in paragraphs of three, up to `words`. */
function citedParagraphs(sources: readonly SourceBlock[], written: string, words: number): string[] {
  const lines: string[] = [];
  let count = 0;
  let paragraph: string[] = [];
  for (const source of sources) {
    for (const sentence of sentencesOfSource(source)) {
      if (count >= words) break;
      const cited = cite(sentence, source.id);
      if (written.includes(cited) || written.includes(sentence)) continue;
      paragraph.push(cited);
      count += countWords(sentence);
      if (paragraph.length === 3) {
        lines.push(paragraph.join(' '), '');
        paragraph = [];
      }
    }
  }
  if (paragraph.length > 0) lines.push(paragraph.join(' '), '');
  return lines;
}

/** More of a section: its sources' sentences it has not written yet; nothing when they are all written (no filler). */
export function moreText(sectionUser: string, written: string, words: number): string {
  return citedParagraphs(sourcesOf(sectionUser), written, words).join('\n').trim();
}

/** Executive summary: the first sentence of each section; conclusion: reasoning about the sections, no new figures. */
export function framingAnswer(user: string): unknown {
  const sections = taggedBlock(user, 'sections') ?? '';
  // A part not asked for (the other is written by a parallel call) stays empty.
  const summaryWords = numberIn(user, SUMMARY_WORDS, 0);
  const conclusionWords = numberIn(user, CONCLUSION_WORDS, 0);
  const parts = sections.split(/^## /m).filter((p) => p.trim());
  const leads: string[] = [];
  let words = 0;
  for (let round = 0; round < 3 && words < summaryWords; round++) {
    for (const part of parts) {
      const body = part.split('\n').slice(1).join(' ');
      const sentence = splitSentences(normalizeSpace(body)).filter((s) => /\[\d+\]/.test(s))[round];
      if (!sentence || words >= summaryWords) continue;
      leads.push(sentence);
      words += countWords(sentence);
    }
  }
  const topic = normalizeSpace(topicOf(user));
  // (No list of the section titles: a reader has just read them.)
  const conclusion: string[] = [
    `Taken together, the sections give a consistent but partial picture of ${topic}.`,
    'Because the sources measured different things on different workloads, their figures are best compared within a source rather than across sources.',
    `On balance, the evidence suggests judging ${topic} against a specific use case rather than by any single headline number.`,
    'Where the sources disagree, the difference usually reflects what each one measured and for whom it was written.',
    'A reader with a concrete decision to make should start from the section closest to that decision and check its sources directly.',
  ].filter(Boolean);
  let conclusionText = '';
  for (const sentence of conclusionWords > 0 ? conclusion : []) {
    if (countWords(conclusionText) >= conclusionWords) break;
    conclusionText = conclusionText ? `${conclusionText} ${sentence}` : sentence;
  }
  return { summary: leads.join(' '), conclusion: conclusionText };
}

/** The stand-in cannot judge a figure it was told is missing: it drops every flagged sentence. */
export function verifyAnswer(user: string): unknown {
  const ids = [...user.matchAll(/<flagged id="(\d+)">/g)].map((m) => Number(m[1]));
  return { decisions: ids.map((id) => ({ id, action: 'drop', text: '' })) };
}

/** The index of the message that asked for the text being written (a section, or more of one). */
export function requestIndex(messages: readonly ChatMessageIn[]): number {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.role === 'user' && (m.content.includes(MORE_MARK) || m.content.includes(SECTION_MARK))) return i;
  }
  return -1;
}

/** The whole text the stand-in means to write for the request, before any output limit; `factor` of the words asked. */
export function sectionRequestText(messages: readonly ChatMessageIn[], short = false, factor = 1): string {
  const at = requestIndex(messages);
  const request = messages[at]?.content ?? '';
  if (!request.includes(MORE_MARK)) return sectionText(request, short, factor);
  const sectionUser = messages.slice(0, at).find((m) => m.role === 'user' && m.content.includes(SECTION_MARK))?.content ?? '';
  const written = messages
    .slice(0, at)
    .filter((m) => m.role === 'assistant')
    .map((m) => m.content)
    .join('');
  return moreText(sectionUser, written, Math.round(factor * numberIn(request, ABOUT_WORDS, 100)));
}

/** What was already written in answer to that request (assistant turns after it). */
export function sectionWritten(messages: readonly ChatMessageIn[]): string {
  return messages
    .slice(requestIndex(messages) + 1)
    .filter((m) => m.role === 'assistant')
    .map((m) => m.content)
    .join('');
}

/**
 * Fault "altered_figures": in the first sentence with a percentage, the percentage goes up by one (a figure
 * no source gives); in the first other sentence with a thousands figure, 2,930 is written 2.93k (the same
 * figure in another format).
 */
export function alterFigures(text: string): string {
  const sentences = text.split(/(?<=[.!?])(?=\s)/);
  let altered = false;
  let reformatted = false;
  return sentences
    .map((sentence) => {
      if (!altered && /\d+%/.test(sentence)) {
        altered = true;
        return sentence.replace(/(\d+)%/, (_m, n: string) => `${Number(n) + 1}%`);
      }
      const thousands = /\b(\d{1,3}),(\d{3})\b(?!,\d)/.exec(sentence);
      if (!reformatted && thousands && !/%/.test(sentence)) {
        reformatted = true;
        const value = Number(thousands[1] + thousands[2]) / 1000;
        return sentence.replace(thousands[0], `${value}k`);
      }
      return sentence;
    })
    .join('');
}
