/**
 * The stand-in model: from a conversation and its stage to the answer text and finish reason, honouring the
 * output limit (cut answers end with finish_reason "length" and a continuation request gets the rest).
 */
import {
  badIndicesAnswer,
  gapsAnswer,
  keywordsAnswer,
  mergeAnswer,
  pageSummaryAnswer,
  queriesAnswer,
  rankingAnswer,
} from './answers';
import type { LlmFaultKind } from './faults';
import type { FinishReason } from './protocol';
import {
  type ChatMessageIn,
  type LlmStage,
  KEYWORD_COUNT,
  QUERY_COUNT,
  REPORT_WORDS,
  countAsked,
  GAP_COUNT,
  keywordResultBlocks,
  lastUserMessage,
  pageOf,
  partialSummariesOf,
  parseResults,
  queryOf,
  questionsOf,
  reportMessage,
  sourcesOf,
  taggedBlock,
  todayOf,
  topicOf,
} from './promptReader';
import { reportWords, writeReport } from './report';
import { type Personality, wordFactor } from './personality';
import { changeSummaryAnswer } from './changes';
import { alterFigures, framingAnswer, planAnswer, sectionRequestText, sectionWritten, verifyAnswer } from './sections';

const CHARS_PER_TOKEN = 4;

export interface ModelAnswer {
  content: string;
  finishReason: FinishReason;
}

const UNKNOWN_PROMPT_ANSWER =
  'I am the offline stand-in model. I answer the research pipeline’s prompts: search keywords, research queries, ' +
  'result ranking, page summaries and the final report.';

function jsonValue(stage: LlmStage, messages: readonly ChatMessageIn[], fault?: LlmFaultKind): unknown {
  const user = lastUserMessage(messages);
  const topic = topicOf(user);
  switch (stage) {
    case 'search_keywords':
      return keywordsAnswer(topic, countAsked(user, KEYWORD_COUNT, 3));
    case 'research_queries':
      return queriesAnswer(topic, keywordResultBlocks(user), countAsked(user, QUERY_COUNT, 4));
    case 'ranked_results': {
      const results = parseResults(taggedBlock(user, 'results') ?? '');
      const ranked = rankingAnswer(topic, queryOf(user), results);
      return fault === 'bad_indices' ? badIndicesAnswer(ranked.indices, results.length) : ranked;
    }
    case 'page_summary':
      return pageSummaryAnswer(topic, questionsOf(user), pageOf(user).text);
    case 'merge_summaries':
      return mergeAnswer(partialSummariesOf(user));
    case 'report_plan':
      return planAnswer(user);
    case 'report_framing':
      return framingAnswer(user);
    case 'report_verify':
      return verifyAnswer(user);
    case 'gap_analysis':
      return gapsAnswer(questionsOf(user), sourcesOf(user), countAsked(user, GAP_COUNT, 3));
    case 'change_summary':
      return changeSummaryAnswer(taggedBlock(user, 'changes') ?? '');
    default:
      return undefined;
  }
}

function jsonText(value: unknown, fault?: LlmFaultKind): string {
  const text = JSON.stringify(value);
  if (fault === 'malformed_json') return text.slice(0, Math.max(1, Math.floor(text.length * 0.6)));
  if (fault === 'fenced_json') {
    return `Here is the JSON you asked for:\n\n\`\`\`json\n${JSON.stringify(value, null, 2)}\n\`\`\`\n\nLet me know if you would like any changes.`;
  }
  return text;
}

function fullReport(messages: readonly ChatMessageIn[], fault?: LlmFaultKind): string {
  const prompt = reportMessage(messages) ?? '';
  return writeReport(topicOf(prompt), sourcesOf(prompt), {
    words: countAsked(prompt, REPORT_WORDS, 1000),
    today: todayOf(prompt),
    badCitation: fault === 'bad_citations',
  });
}

/** Where the text already written (the assistant turns after the report prompt) ends inside the full report. */
function writtenUpTo(full: string, messages: readonly ChatMessageIn[]): number {
  const start = messages.findIndex((m) => m.role === 'user' && m.content.includes('<sources>'));
  const written = messages
    .slice(start + 1)
    .filter((m) => m.role === 'assistant')
    .map((m) => m.content)
    .join('');
  if (!written) return 0;
  if (full.startsWith(written)) return written.length;
  const tail = written.trim().slice(-200);
  const at = tail ? full.indexOf(tail) : -1;
  return at >= 0 ? at + tail.length : Math.min(written.length, full.length);
}

/** Cuts at the last whitespace within the limit, so the next part starts with that whitespace. */
export function cutToLimit(text: string, maxTokens: number | null): ModelAnswer {
  if (maxTokens === null || text.length <= maxTokens * CHARS_PER_TOKEN) return { content: text, finishReason: 'stop' };
  const limit = Math.max(1, maxTokens * CHARS_PER_TOKEN);
  const space = text.slice(0, limit + 1).search(/\s\S*$/);
  const cut = space > 0 ? space : limit;
  return { content: text.slice(0, cut), finishReason: 'length' };
}

/** The paragraphs of `markdown` up to about `words` words (whole paragraphs, at least the first). */
function firstWordsOf(markdown: string, words: number): string {
  const paragraphs = markdown.split(/\n\n/);
  const kept: string[] = [];
  let count = 0;
  for (const p of paragraphs) {
    const n = reportWords(p);
    if (kept.length > 0 && count + n > words) break;
    kept.push(p);
    count += n;
  }
  return `${kept.join('\n\n')}\n`;
}

export function answer(stage: LlmStage, messages: readonly ChatMessageIn[], maxTokens: number | null, fault?: LlmFaultKind, personality: Personality = 'faithful'): ModelAnswer {
  if (stage === 'report') {
    const whole = fault === 'altered_figures' ? alterFigures(fullReport(messages)) : fullReport(messages, fault);
    // A terse model stops early: its report ends at the paragraph where it had written its share of the words asked.
    const full = wordFactor(personality) < 1 ? firstWordsOf(whole, wordFactor(personality) * countAsked(reportMessage(messages) ?? '', REPORT_WORDS, 1000)) : whole;
    const from = writtenUpTo(full, messages);
    if (from >= full.length) return { content: '', finishReason: 'stop' };
    return cutToLimit(full.slice(from), maxTokens);
  }
  if (stage === 'report_section' || stage === 'report_section_more') {
    const text = sectionRequestText(messages, fault === 'short_sections', wordFactor(personality));
    const full = fault === 'altered_figures' ? alterFigures(text) : text;
    const written = sectionWritten(messages);
    const from = written && full.startsWith(written) ? written.length : written ? Math.min(full.length, written.length) : 0;
    return cutToLimit(full.slice(from), maxTokens);
  }
  if (stage === 'unknown') return cutToLimit(UNKNOWN_PROMPT_ANSWER, maxTokens);
  return cutToLimit(jsonText(jsonValue(stage, messages, fault), fault), maxTokens);
}
