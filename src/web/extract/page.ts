/**
 * From fetched bytes to what the model reads: byte sniffing, charset decoding, then main-text
 * extraction (HTML) or tidying (plain text). Pure CPU work: it runs in the extraction pool's threads.
 */
import { cleanText } from '../../text/hygiene';
import { decodeBody, decodeLegacy } from '../charset';
import { binaryBytesReason, undecodableTextReason } from '../sniff';
import { type ExtractedContent, extractMainContent, PAGE_TEXT_CHARS } from './mainContent';
import { titleFromUrl } from './metadata';

export interface PageInput {
  body: Uint8Array;
  /** The Content-Type charset, if any. */
  charset?: string;
  kind: 'html' | 'text';
  url: string;
}

export type PageExtraction = { ok: true; content: ExtractedContent } | { ok: false; status: 'not-text'; reason: string };

function decode(input: PageInput): { text: string } | { reason: string } {
  const decoded = decodeBody(input.body, { charset: input.charset, sniffHtmlMeta: input.kind === 'html' });
  const binary = binaryBytesReason(input.body, decoded.encoding);
  if (binary) return { reason: binary };
  // No charset named and not UTF-8 (most non-ASCII characters fail to decode): read as windows-1252, as browsers do.
  const text = !decoded.declared && mostlyNotUtf8(decoded.text) ? decodeLegacy(input.body) : decoded.text;
  const reason = undecodableTextReason(text);
  return reason ? { reason } : { text };
}

function mostlyNotUtf8(text: string): boolean {
  let replaced = 0;
  let nonAscii = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    nonAscii++;
    if (code === 0xfffd) replaced++;
  }
  return replaced > 0 && replaced >= nonAscii / 2;
}

function plainText(raw: string, url: string): ExtractedContent {
  const text = raw.replace(/\r\n?/g, '\n').replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
  const firstLine = text.slice(0, 200).split('\n', 1)[0]?.trim() ?? '';
  const title = firstLine.length > 0 && firstLine.length <= 120 ? firstLine : titleFromUrl(url);
  return { title, text, pageText: text.slice(0, PAGE_TEXT_CHARS) };
}

export function extractPage(input: PageInput): PageExtraction {
  const decoded = decode(input);
  if ('reason' in decoded) return { ok: false, status: 'not-text', reason: decoded.reason };
  // A body cut at the byte cap still parses: its first megabytes hold the article.
  const content = input.kind === 'html' ? extractMainContent(decoded.text, input.url) : plainText(cleanText(decoded.text), input.url);
  return { ok: true, content: cleanContent(content) };
}

/**
 * The page's words without controls, bidi controls, invisible characters or terminal escapes (src/text/hygiene.ts),
 * cleaned here in the pool's thread: a long page's text is megabytes, too much for the event loop.
 */
function cleanContent(content: ExtractedContent): ExtractedContent {
  return {
    ...content,
    title: cleanText(content.title),
    text: cleanText(content.text),
    pageText: cleanText(content.pageText),
    ...(content.language !== undefined ? { language: cleanText(content.language) } : {}),
  };
}
