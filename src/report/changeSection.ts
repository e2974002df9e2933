/**
 * The "What changed since <date>" section of a scheduled run's report: the model's prose (written from the
 * diff alone) with its citations checked, then the diff itself, item by item, with both quotes for a changed
 * figure. Titles, quotes and the prose are web-sourced or model text: escaped. A source gone is named, not
 * linked (this run did not read it). Pure.
 */
import { hostOf } from '../domain/politeness';
import type { ChangeDiff } from './changes';
import { escapeMarkdownText, markdownUrl } from './escape';

export const CHANGES_HEADING = 'What changed since';

/** "2026-12-07 21:40 UTC" */
export function sinceLabel(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** How an item cites a source this run read: its reference number, or its link when the body cites it nowhere. */
export type Cite = (url: string) => string;

export function citeBy(references: Readonly<Record<string, number>>): Cite {
  return (url) => (references[url] !== undefined ? `[${references[url]}]` : `(${markdownUrl(url)})`);
}

function named(item: { title: string; url: string }): string {
  return `*${escapeMarkdownText(item.title) || escapeMarkdownText(hostOf(item.url))}*`;
}

/** The diff's items as the model is given them and the section lists them: one line each, citations as the report numbers them. */
export function diffLines(diff: ChangeDiff, cite: Cite): { heading: string; lines: string[] }[] {
  return [
    { heading: 'New sources', lines: diff.added.map((s) => `${named(s)} ${cite(s.url)}`) },
    {
      heading: 'Sources gone or unreadable now',
      lines: diff.removed.map(
        (s) => `${named(s)} (${escapeMarkdownText(hostOf(s.url))}): ${s.why === 'unreadable' ? `unreadable now${s.reason ? ` (${escapeMarkdownText(s.reason)})` : ''}` : 'no longer among the pages read'}`,
      ),
    },
    {
      heading: 'Figures changed',
      lines: diff.changed.map(
        (c) =>
          `${named(c)} ${cite(c.url)}: ${c.from.map(escapeMarkdownText).join(', ') || '—'} → ${c.to.map(escapeMarkdownText).join(', ') || '—'}. ` +
          `Before: “${escapeMarkdownText(c.before)}” Now: “${escapeMarkdownText(c.after)}”`,
      ),
    },
    {
      heading: 'Findings no longer supported',
      lines: diff.unsupported.map((u) => `${named(u)} ${cite(u.url)}: ${escapeMarkdownText(u.figure)}, quoted before as “${escapeMarkdownText(u.quote)}”`),
    },
  ].filter((group) => group.lines.length > 0);
}

/**
 * The model's prose made safe for the report: no link, image or URL (it cites by number only), every other
 * character escaped, and only citations of sources this section cites kept.
 */
export function cleanProse(prose: string, allowed: ReadonlySet<string>): string {
  const withoutUrls = prose.replace(/!?\[([^\]\n]*)\]\([^)\n]*\)/g, '$1').replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, '').replace(/\bwww\.\S+/gi, '');
  return withoutUrls
    .split(/(\[\d+\])/)
    // Escaped between its citations; the spaces around each part are kept (the escaper trims).
    .map((part) => (/^\[\d+\]$/.test(part) ? (allowed.has(part) ? part : '') : part.replace(/\S(?:[\s\S]*\S)?/, (text) => escapeMarkdownText(text))))
    .join('')
    .replace(/\s+([.,;:])/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

export function changeSection(input: { since?: string; diff?: ChangeDiff; prose?: string; note?: string; cite: Cite }): string {
  if (!input.since || !input.diff) {
    return [`## ${CHANGES_HEADING} the last run`, '', input.note ?? "Nothing to compare yet: this is the schedule's first completed run."].join('\n');
  }
  const groups = diffLines(input.diff, input.cite);
  const out = [`## ${CHANGES_HEADING} ${sinceLabel(input.since)}`, ''];
  if (groups.length === 0) {
    out.push('No change: the same sources were read, and every quoted figure reads as before.');
    return out.join('\n');
  }
  const allowed = new Set(groups.flatMap((g) => g.lines.flatMap((line) => line.match(/\[\d+\]/g) ?? [])));
  const prose = input.prose ? cleanProse(input.prose, allowed) : '';
  if (prose) out.push(prose, '');
  if (input.note) out.push(`_${escapeMarkdownText(input.note)}_`, '');
  for (const group of groups) out.push(`**${group.heading}**`, '', ...group.lines.map((line) => `- ${line}`), '');
  return out.join('\n').trimEnd();
}
