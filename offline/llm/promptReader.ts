/**
 * Reads the product's prompts (src/llm/prompts.ts) back into their parts: which stage, the topic, the
 * counts asked for, and the tagged blocks of material. Tolerant: a missing part reads as empty.
 */

export interface ChatMessageIn {
  role: string;
  content: string;
}

export type LlmStage =
  | 'search_keywords'
  | 'research_queries'
  | 'ranked_results'
  | 'page_summary'
  | 'merge_summaries'
  | 'report'
  | 'report_plan'
  | 'report_section'
  | 'report_section_more'
  | 'report_framing'
  | 'report_verify'
  | 'gap_analysis'
  | 'change_summary'
  | 'unknown';

export const JSON_STAGES: readonly LlmStage[] = [
  'search_keywords',
  'research_queries',
  'ranked_results',
  'page_summary',
  'merge_summaries',
  'report_plan',
  'report_framing',
  'report_verify',
  'gap_analysis',
  'change_summary',
];

export interface ListedResult {
  index: number;
  title: string;
  url: string;
  snippet: string;
}

export interface SourceBlock {
  id: number;
  url: string;
  title: string;
  summary: string;
}

const SCHEMA_STAGES: Record<string, LlmStage> = {
  search_keywords: 'search_keywords',
  research_queries: 'research_queries',
  ranked_results: 'ranked_results',
  page_summary: 'page_summary',
  report_plan: 'report_plan',
  report_framing: 'report_framing',
  report_verify: 'report_verify',
  gap_analysis: 'gap_analysis',
  change_summary: 'change_summary',
};

export function lastUserMessage(messages: readonly ChatMessageIn[]): string {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i].role === 'user') return messages[i].content;
  return '';
}

/** The user message holding the report's sources, also when the conversation continues a cut report. */
export function reportMessage(messages: readonly ChatMessageIn[]): string | undefined {
  return messages.find((m) => m.role === 'user' && m.content.includes('<sources>'))?.content;
}

const BLOCK_ENDS = ['</changes>', '</search_results>', '</results>', '</page>', '</partial_summaries>', '</sources>', '</questions>', '</sections>', '</flagged>', '</instructions>', '</summaries>'];

/** The instructions after the last block of material, so words inside a web page cannot pose as them. */
export function instructionsOf(user: string): string {
  const end = Math.max(...BLOCK_ENDS.map((tag) => user.lastIndexOf(tag) + (user.lastIndexOf(tag) >= 0 ? tag.length : 0)));
  return user.slice(Math.max(0, end));
}

/** The stage, from the structured-output schema name when there is one, else from the prompt's wording. */
export function detectStage(messages: readonly ChatMessageIn[], schemaName?: string): LlmStage {
  const user = lastUserMessage(messages);
  // Our block tags are escaped inside material, so a literal one is the prompt's own.
  const merging = user.includes('<partial_summaries>');
  if (schemaName === 'page_summary' && merging) return 'merge_summaries';
  if (schemaName && SCHEMA_STAGES[schemaName]) return SCHEMA_STAGES[schemaName];
  const instructions = instructionsOf(user);
  if (instructions.includes('Answer only JSON: {"keywords"')) return 'search_keywords';
  if (instructions.includes('Answer only JSON: {"queries"')) return 'research_queries';
  if (instructions.includes('{"indices"')) return 'ranked_results';
  if (instructions.includes('Answer only JSON: {"gaps"')) return 'gap_analysis';
  if (merging) return 'merge_summaries';
  if (instructions.includes('Answer only JSON: {"relevant"')) return 'page_summary';
  if (user.includes('<changes>') && instructions.includes('Answer only JSON: {"summary"')) return 'change_summary';
  const sectioned = sectionedReportStage(messages, instructions);
  if (sectioned) return sectioned;
  if (reportMessage(messages)) return 'report';
  return 'unknown';
}

export function topicOf(text: string): string {
  return /^Topic: (.*)$/m.exec(text)?.[1]?.trim() ?? '';
}

export function queryOf(text: string): string {
  return /^Query: (.*)$/m.exec(text)?.[1]?.trim() ?? '';
}

export function countAsked(text: string, pattern: RegExp, fallback: number): number {
  const n = Number(pattern.exec(text)?.[1]);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export const KEYWORD_COUNT = /at most (\d+) short web search keyword/;
export const QUERY_COUNT = /at most (\d+) distinct web search queries/;
export const REPORT_WORDS = /At least (\d+) words/;
export const GAP_COUNT = /at most (\d+) open questions/;

/** Entries written by formatResults: "[i] title\nURL: url\nsnippet", separated by blank lines. */
export function parseResults(block: string): ListedResult[] {
  return block
    .split(/\n\n(?=\[\d+\] )/)
    .map((entry) => /^\[(\d+)\] (.*)\nURL: (.*)(?:\n([\s\S]*))?$/.exec(entry.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ index: Number(m[1]), title: m[2].trim(), url: m[3].trim(), snippet: (m[4] ?? '').trim() }));
}

export function taggedBlock(text: string, tag: string): string | undefined {
  const open = new RegExp(`<${tag}(?:\\s[^>]*)?>\\n?`).exec(text);
  if (!open) return undefined;
  const start = open.index + open[0].length;
  const end = text.lastIndexOf(`</${tag}>`);
  return end >= start ? text.slice(start, end).replace(/\n$/, '') : text.slice(start);
}

export function keywordResultBlocks(text: string): { keyword: string; results: ListedResult[] }[] {
  const blocks: { keyword: string; results: ListedResult[] }[] = [];
  for (const m of text.matchAll(/<search_results keyword="([^"]*)">\n([\s\S]*?)\n?<\/search_results>/g)) {
    blocks.push({ keyword: m[1], results: parseResults(m[2]) });
  }
  return blocks;
}

export function questionsOf(text: string): string[] {
  return (taggedBlock(text, 'questions') ?? '')
    .split('\n')
    .map((line) => line.replace(/^\s*-\s*/, '').trim())
    .filter(Boolean);
}

export function pageOf(text: string): { url: string; title: string; text: string } {
  const open = /<page url="([^"]*)" title="([^"]*)"[^>]*>/.exec(text);
  return { url: open?.[1] ?? '', title: open?.[2] ?? '', text: taggedBlock(text, 'page') ?? '' };
}

export function partialSummariesOf(text: string): string[] {
  const block = taggedBlock(text, 'partial_summaries') ?? '';
  return [...block.matchAll(/<summary part="\d+">\n?([\s\S]*?)\n?<\/summary>/g)].map((m) => m[1].trim());
}

export function sourcesOf(text: string): SourceBlock[] {
  return [...text.matchAll(/<source id="(\d+)" url="([^"]*)" title="([^"]*)">\n?([\s\S]*?)\n?<\/source>/g)].map((m) => ({
    id: Number(m[1]),
    url: m[2],
    title: m[3],
    summary: m[4].trim(),
  }));
}

export function todayOf(text: string): string | undefined {
  return /^Today: (.*)$/m.exec(text)?.[1]?.trim();
}

/** The sectioned report's prompts (src/llm/reportPrompts.ts), by their instructions' wording. */
function sectionedReportStage(messages: readonly ChatMessageIn[], instructions: string): LlmStage | undefined {
  if (instructions.includes('Answer only JSON: {"title"')) return 'report_plan';
  if (instructions.includes('Answer only JSON: {"summary"')) return 'report_framing';
  if (instructions.includes('Answer only JSON: {"decisions"')) return 'report_verify';
  if (instructions.includes('Continue this section')) return 'report_section_more';
  // A section, also when its answer was cut at the output limit and is being continued.
  const asked = messages.filter((m) => m.role === 'user' && (m.content.includes('Write only this one section') || m.content.includes('Continue this section')));
  const last = asked[asked.length - 1];
  if (!last) return undefined;
  return last.content.includes('Continue this section') ? 'report_section_more' : 'report_section';
}
