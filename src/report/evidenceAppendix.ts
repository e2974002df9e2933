/**
 * The appendix's "Evidence" section: under each cited source (numbered as the references are), the page's
 * own sentence behind each figure its summary states, so a reader checks a figure without opening the page.
 * Quotes are web text: escaped. Pure.
 */
import type { SourceSummary } from '../domain/types';
import { escapeMarkdownText } from './escape';

export function evidenceSection(cited: readonly SourceSummary[]): string[] {
  if (!cited.some((s) => s.evidence !== undefined)) return []; // runs recorded before quotes existed
  const out = ['', '### Evidence', '', 'The sentence of each source that gives a figure its summary states, as the page wrote it. A figure without one here is treated as unverified.'];
  cited.forEach((source, i) => {
    const quotes = source.evidence ?? [];
    out.push('', `[${i + 1}] ${escapeMarkdownText(source.title) || 'untitled'}`, '');
    if (quotes.length === 0) out.push('- _No figure quoted._');
    for (const q of quotes) out.push(`- ${escapeMarkdownText(q.figure)}: “${escapeMarkdownText(q.quote)}”`);
  });
  return out;
}
