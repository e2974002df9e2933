/**
 * The stand-in model's report: Markdown made of the sources' own sentences, each cited with its source id,
 * one comparison table, and a conclusion that reasons only about what the sources contain. Every sentence
 * of the material is used once, so the length follows the material.
 */
import { contentTerms, contentTokens, countWords, sentencesOf, splitSentences, normalizeSpace } from '../text';
import { cleanTitle } from './answers';
import type { SourceBlock } from './promptReader';

export interface ReportOptions {
  words: number;
  today?: string;
  /** Also cite a source id that was not given (fault mode). */
  badCitation?: boolean;
}

const LEADS_IN_SUMMARY = 3;
const SENTENCES_PER_PARAGRAPH = 3;
// A figure stands on its own: the 50 of "ResNet-50" or the 7 of "Q7" is part of a name, not a figure to tabulate.
const FIGURE = /(?<![\p{L}\p{N}-])(?:[€$£]\s?)?\d[\d,]*(?:\.\d+)?(?:\s?(?:%|percent|ms|MB|GB|kWh|Wh\/kg|Wh\/L|km|kW|MPa|°C|GPU-hours|seconds|hours|minutes|weeks|days|cycles|images per second|x))?(?![\p{L}\p{N}])/gu;

interface SourceNotes {
  source: SourceBlock;
  title: string;
  sentences: string[];
}

/** Puts the citation before the sentence's closing punctuation: "... by 37% [2]." */
export function cite(sentence: string, id: number): string {
  const match = /([.!?]["'”’)]*)$/.exec(sentence);
  return match ? `${sentence.slice(0, match.index)} [${id}]${match[1]}` : `${sentence} [${id}]`;
}

function notesOf(source: SourceBlock): SourceNotes {
  const summary = normalizeSpace(source.summary);
  let sentences = sentencesOf(summary);
  if (sentences.length === 0) sentences = splitSentences(summary).filter(Boolean);
  return { source, title: cleanTitle(source.title) || source.url, sentences };
}

function paragraphs(sentences: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < sentences.length; i += SENTENCES_PER_PARAGRAPH) out.push(sentences.slice(i, i + SENTENCES_PER_PARAGRAPH).join(' '));
  return out;
}

function figuresOf(text: string): string[] {
  const figures = (text.match(FIGURE) ?? []).map((f) => f.trim()).filter((f) => /\d/.test(f) && !/^\d{4}$/.test(f));
  return [...new Set(figures)];
}

/** The most frequent content words of a text that the topic does not already say. */
function focusOf(text: string, topic: string, count: number): string[] {
  const topicTerms = contentTerms(topic);
  const frequency = new Map<string, number>();
  for (const token of contentTokens(text)) {
    if (topicTerms.has(token) || /^\d/.test(token) || token.length < 4) continue;
    frequency.set(token, (frequency.get(token) ?? 0) + 1);
  }
  return [...frequency]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, count)
    .map(([token]) => token);
}

function tableCell(text: string): string {
  return text.replace(/\|/g, '/').replace(/\s+/g, ' ').trim() || '—';
}

export function writeReport(topic: string, sources: readonly SourceBlock[], options: ReportOptions): string {
  const notes = sources.map(notesOf);
  const cleanTopic = normalizeSpace(topic);
  const lines: string[] = [`# Research report: ${cleanTopic}`, ''];

  // Executive summary: the lead sentence of the first few sources, which their sections then leave out.
  const leads = notes.filter((n) => n.sentences.length > 1).slice(0, LEADS_IN_SUMMARY);
  lines.push('## Executive summary', '');
  lines.push(
    `This report examines ${cleanTopic} using ${sources.length} source${sources.length === 1 ? '' : 's'} found and read for this research. ` +
      `Each statement below is taken from one of these sources and cites it by number.`,
  );
  lines.push('');
  const summaryParagraph = leads.map((n) => cite(n.sentences[0], n.source.id));
  if (options.badCitation) {
    const unknownId = Math.max(99, sources.length + 1);
    summaryParagraph.push(`Independent industry estimates broadly agree with these findings [${unknownId}].`);
  }
  if (summaryParagraph.length > 0) lines.push(summaryParagraph.join(' '), '');

  for (const note of notes) {
    const rest = leads.includes(note) ? note.sentences.slice(1) : note.sentences;
    lines.push(`## ${note.title}`, '');
    for (const paragraph of paragraphs(rest.map((s) => cite(s, note.source.id)))) lines.push(paragraph, '');
  }

  lines.push('## Comparison of the sources', '');
  lines.push('The table sets the sources side by side: what each one concentrates on and the figures it reports.', '');
  lines.push('| Source | Focus | Figures reported |', '| --- | --- | --- |');
  for (const note of notes) {
    const figures = figuresOf(note.sentences.join(' ')).slice(0, 4);
    lines.push(
      `| ${tableCell(note.title)} [${note.source.id}] | ${tableCell(focusOf(note.sentences.join(' '), topic, 3).join(', '))} | ${tableCell(figures.join('; '))} |`,
    );
  }
  lines.push('');

  // Short material: say how the report was made rather than pad it with repeats.
  if (countWords(lines.join('\n')) < options.words) {
    lines.push('## How this report was made', '');
    lines.push(
      `The sources were found by web search${options.today ? ` on ${options.today}` : ''}, ranked for relevance and credibility, and read in full. ` +
        'Only what the sources state is reported, and every statement names the source it comes from. ' +
        'The material available was shorter than the length requested, so the report covers less ground rather than repeating itself.',
      '',
    );
  }

  lines.push('## Conclusion', '');
  lines.push(conclusion(cleanTopic, notes));
  lines.push('');
  return lines.join('\n');
}

function conclusion(topic: string, notes: readonly SourceNotes[]): string {
  if (notes.length === 0) return `No source could be read for ${topic}, so no conclusion can be drawn.`;
  const byFigures = notes
    .map((n) => ({ note: n, figures: figuresOf(n.sentences.join(' ')).length }))
    .sort((a, b) => b.figures - a.figures || a.note.source.id - b.note.source.id);
  const richest = byFigures[0];
  const themes = focusOf(notes.map((n) => n.sentences.join(' ')).join(' '), topic, 3);
  const parts = [
    `Taken together, the ${notes.length} source${notes.length === 1 ? '' : 's'} give a consistent but partial picture of ${topic}.`,
  ];
  if (themes.length > 0) parts.push(`The recurring themes are ${joinList(themes)}.`);
  if (richest.figures > 0) {
    parts.push(`The most quantitative evidence comes from ${richest.note.title} [${richest.note.source.id}], which gives the most figures.`);
  }
  parts.push(
    'Because the sources measured different things on different workloads, their figures are best compared within a source rather than across sources.',
    `On balance, the evidence suggests judging ${topic} against a specific use case rather than by any single headline number.`,
  );
  return parts.join(' ');
}

function joinList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function reportWords(markdown: string): number {
  return countWords(markdown);
}
