/** Escaping for text from the web (or the topic) shown where Markdown is rendered. Pure. */

/** Makes `text` render literally in Markdown: no links, emphasis, headings or HTML. One line. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_{}[\]()#+\-.!|<>&~]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`));
}
