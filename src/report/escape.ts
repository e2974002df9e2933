/**
 * Writing web-sourced values (titles, URLs, reasons, notes, queries) into the report's Markdown as inert
 * text: no HTML, no emphasis, no link, no line of their own. Pure.
 */

/** Text on one line that renders exactly as given: HTML as entities, Markdown punctuation backslash-escaped. */
export function escapeMarkdownText(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, '\\$&')
    // Written after "- " a value could still open a heading, a list or a quote: not at its start either.
    .replace(/^([#+=-])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/**
 * A URL as a Markdown autolink `<https://...>` in its WHATWG serialisation, which percent-encodes spaces,
 * quotes and angle brackets, so the URL can neither end the autolink nor carry Markdown or HTML. Anything
 * that is not an http(s) URL is written as escaped text, never as a link.
 */
export function markdownUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return escapeMarkdownText(url);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return escapeMarkdownText(url);
  return `<${parsed.href}>`;
}
