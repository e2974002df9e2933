/**
 * Assembles the final Markdown: notices, the model's body with checked citations, an APA-style
 * reference list and an appendix saying how the report was made. Pure.
 */
import { hostOf } from '../domain/politeness';
import type { BudgetEffects, PageRecord, RoundRecord, SourceSummary } from '../domain/types';
import { checkCitations, stripModelReferences } from './citations';
import { escapeMarkdownText, markdownUrl } from './escape';
import { evidenceSection } from './evidenceAppendix';
import { type LinkScrub, removeUnreadLinks } from './links';
import { type RunIdentity, runMarker } from './runMarker';
import { countWords } from '../domain/words';

export const OFFLINE_NOTICE =
  '> **Offline demo:** made from the bundled offline corpus by the local stand-in model; no live web page, search engine or LLM was used.';

export interface ReportParts {
  topic: string;
  body: string;
  sources: readonly SourceSummary[];
  pages: readonly PageRecord[];
  queries: readonly string[];
  notes: readonly string[];
  offline: boolean;
  stoppedByBudget: boolean;
  /** What the budget changed, for the one line that says so (runs before the budget planner have none). */
  budgetEffects?: BudgetEffects;
  cancelled?: boolean;
  /** How the run was cancelled, one line (see cancelNote); older runs have none. */
  cancelNote?: string;
  /** The Temporal run writing the report: its marker ends the report. */
  run: RunIdentity;
  /**
   * The body with links to pages not read already removed (removeUnreadLinksOffThread over scrubInput(parts)),
   * so the parsing happens off the event loop; without it, composeReport does it itself.
   */
  links?: LinkScrub;
  /** ISO date (YYYY-MM-DD) the report was written. */
  date: string;
  /** A run with follow-up rounds: each round's questions, queries and pages (the appendix's tree). */
  rounds?: readonly RoundRecord[];
}

export interface ComposedReport {
  markdown: string;
  words: number;
  citedUrls: string[];
  droppedCitations: number[];
  /** Links, images and URLs removed from the body because they point to pages the run did not read. */
  removedLinks: number;
}

export function composeReport(parts: ReportParts): ComposedReport {
  const links = parts.links ?? removeUnreadLinks(...scrubInput(parts));
  const check = checkCitations(links.text, parts.sources.length);
  const cited = check.cited.map((id) => parts.sources[id - 1]);
  const lines: string[] = [];
  if (parts.offline) lines.push(OFFLINE_NOTICE, '');
  const body = /^#\s/m.test(check.text) ? check.text : `# ${escapeMarkdownText(parts.topic)}\n\n${check.text}`;
  lines.push(...budgetNotices(parts, countWords(body)));
  if (parts.cancelled) {
    const how = parts.cancelNote ? ` (${escapeMarkdownText(parts.cancelNote)})` : '';
    lines.push(`> **Cancelled:** the run was stopped by request${how}; this report is written from the pages read until then.`, '');
  }
  lines.push(body, '', '## References', '');
  if (cited.length === 0) lines.push('_No source was cited._');
  cited.forEach((s, i) => lines.push(`[${i + 1}] ${apaReference(s, parts.date)}`, ''));
  lines.push(...appendix(parts, check.dropped, links.removed), ...evidenceSection(cited));
  lines.push('', runMarker(parts.run), '');
  return {
    markdown: lines.join('\n'),
    words: countWords(body),
    citedUrls: cited.map((s) => s.url),
    droppedCitations: check.dropped,
    removedLinks: links.removed,
  };
}

/** A report shorter than this share of the words asked (or paid for) says so, and why. */
export const SHORT_REPORT = 0.9;

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/**
 * The lines at the report's head about its budget and length: one saying what the budget changed (the words
 * it shortened the report to, the pages not read, the small calls left out), and one when the report is
 * shorter than asked for another reason (its sources ran out, or the model wrote less). Runs before the
 * planner say only that the budget cut them short.
 */
export function budgetNotices(parts: Pick<ReportParts, 'stoppedByBudget' | 'budgetEffects'>, words: number): string[] {
  const effects = parts.budgetEffects;
  if (!effects) {
    if (!parts.stoppedByBudget) return [];
    return [
      '> **Cut short by the budget:** the run stopped reading new pages when the next step would have crossed its spending cap, ' +
        'so this report is written from the pages read until then.',
      '',
    ];
  }
  const lines: string[] = [];
  const changed = [
    effects.limitedBy === 'budget' ? `the report was shortened from ${plural(effects.askedWords, 'word')} to ${plural(effects.paidWords, 'word')}` : '',
    effects.pagesNotRead > 0 ? `${plural(effects.pagesNotRead, 'page was', 'pages were')} not read` : '',
    effects.skippedCalls > 0 ? `${plural(effects.skippedCalls, 'model call')} for keywords, queries or ranking ${effects.skippedCalls === 1 ? 'was' : 'were'} left out` : '',
  ].filter(Boolean);
  if (changed.length > 0) lines.push(`> **Cut short by the budget ($${effects.budgetUsd.toFixed(4)}):** ${changed.join('; ')}.`, '');
  const aim = effects.limitedBy === 'budget' ? effects.paidWords : effects.askedWords;
  // (A report over no source says so itself.)
  if (effects.materialWords > 0 && words < SHORT_REPORT * aim) {
    const why =
      effects.limitedBy === 'material' || words >= 0.8 * effects.materialWords
        ? `the pages read hold no more to say (their summaries come to ${plural(effects.materialWords, 'word')})`
        : 'the model wrote fewer words than it was asked for';
    lines.push(`> **Shorter than asked:** ${plural(words, 'word')} of the ${plural(aim, 'word')} ${effects.limitedBy === 'budget' ? 'the budget paid for' : 'asked'}: ${why}.`, '');
  }
  return lines;
}

/** What the link check runs on: the model's body without its own reference list, and the URLs the run read. */
export function scrubInput(parts: Pick<ReportParts, 'body' | 'sources' | 'pages'>): [string, string[]] {
  const read = [...parts.sources.map((s) => s.url), ...parts.pages.filter((p) => p.status === 'summarized' || p.status === 'irrelevant').map((p) => p.url)];
  return [stripModelReferences(parts.body.trim()), read];
}

/** APA 7 for a web page whose author and date we do not know: Title. (n.d.). Site. Retrieved date, from URL */
export function apaReference(source: SourceSummary, retrieved: string): string {
  const site = escapeMarkdownText(hostOf(source.url).replace(/^www\./, ''));
  const title = escapeMarkdownText(source.title) || site;
  return `*${title}*. (n.d.). ${site}. Retrieved ${retrieved}, from ${markdownUrl(source.url)}`;
}

function appendix(parts: ReportParts, dropped: number[], removedLinks: number): string[] {
  const used = parts.pages.filter((p) => p.status === 'summarized');
  const skipped = parts.pages.filter((p) => p.status !== 'summarized');
  const out = ['## Appendix: how this report was made', '', '### Search queries', ''];
  parts.queries.forEach((q) => out.push(`- ${escapeMarkdownText(q)}`));
  out.push('', `### Pages used (${used.length})`, '');
  if (used.length === 0) out.push('_None._');
  used.forEach((p) => out.push(`- ${markdownUrl(p.url)}${p.title ? ` — ${escapeMarkdownText(p.title)}` : ''}${p.cached ? ' _(summary from an earlier run)_' : ''}`));
  out.push('', `### Pages skipped (${skipped.length})`, '');
  if (skipped.length === 0) out.push('_None._');
  skipped.forEach((p) => out.push(`- ${markdownUrl(p.url)} — ${p.status}: ${escapeMarkdownText(p.reason ?? 'no reason recorded')}`));
  if (parts.rounds && parts.rounds.length > 0) out.push('', ...roundTree(parts.topic, parts.rounds, parts.pages, parts.queries));
  if (parts.notes.length > 0) {
    out.push('', '### Notes', '');
    parts.notes.forEach((n) => out.push(`- ${escapeMarkdownText(n)}`));
  }
  if (dropped.length > 0) {
    out.push('', `_Removed ${dropped.length} citation(s) the model made to sources that do not exist: ${dropped.map((n) => `[${n}]`).join(', ')}._`);
  }
  if (removedLinks > 0) {
    out.push('', `_Removed ${removedLinks} link(s) the model wrote to pages this run did not read (their text is kept)._`);
  }
  return out;
}

/**
 * The research as a tree, per round: its question (the topic for the first pass, each open question after),
 * the queries it searched, and under each query the pages read and skipped with what became of them; pages a
 * round's queries chose that an earlier round had read are listed as skipped, not read again.
 */
export function roundTree(topic: string, rounds: readonly RoundRecord[], pages: readonly PageRecord[], firstQueries: readonly string[]): string[] {
  const out = ['### Research rounds', ''];
  const pageLine = (p: PageRecord, indent: string) =>
    `${indent}- ${p.status === 'summarized' ? 'read' : 'skipped'}: ${markdownUrl(p.url)} — ${p.status === 'summarized' ? escapeMarkdownText(p.title ?? '') : `${p.status}: ${escapeMarkdownText(p.reason ?? 'no reason recorded')}`}`;
  const queryLines = (query: string, round: number, indent: string) => {
    out.push(`${indent}- query: ${escapeMarkdownText(query)}`);
    const chosen = pages.filter((p) => (p.round ?? 1) === round && p.queries.includes(query));
    if (chosen.length === 0) out.push(`${indent}  - _no new page_`);
    chosen.forEach((p) => out.push(pageLine(p, `${indent}  `)));
  };
  for (const round of rounds) {
    if (round.round === 1) {
      out.push(`- **Round 1:** ${escapeMarkdownText(topic)}`);
      firstQueries.forEach((q) => queryLines(q, 1, '  '));
    } else {
      out.push(`- **Round ${round.round}**`);
      for (const gap of round.gaps) {
        out.push(`  - question: ${escapeMarkdownText(gap.question)}${gap.why ? ` (${escapeMarkdownText(gap.why)})` : ''}`);
        queryLines(gap.query, round.round, '    ');
      }
      round.pagesSkipped.forEach((url) => out.push(`  - skipped: ${markdownUrl(url)} — read in an earlier round`));
    }
    if (round.note) out.push(`  - _${escapeMarkdownText(round.note)}_`);
  }
  return out;
}

export { countWords } from '../domain/words';
