/**
 * From fetched bytes to what the model reads: byte sniffing, charset decoding, then main-text
 * extraction (HTML) or tidying (plain text). Pure CPU work: it runs in the extraction pool's threads.
 */
import { decodeBody, decodeLegacy } from '../charset';
import { binaryBytesReason, undecodableTextReason } from '../sniff';
import { type ExtractedContent, extractMainContent } from './index';
import { titleFromUrl } from './metadata';

export interface PageInput {
  body: Uint8Array;
  /** The Content-Type charset, if any. */
  charset?: string;
  kind: 'html' | 'text';
  url: string;
}

export type PageExtraction = { ok: true; content: ExtractedContent } | { ok: false; status: 'not-text'; reason: string };

const PAGE_TEXT_CHARS = 10_000;

function decode(input: PageInput): { text: string } | { reason: string } {
  const decoded = decodeBody(input.body, { charset: input.charset, sniffHtmlMeta: input.kind === 'html' });
  const binary = binaryBytesReason(input.body, decoded.encoding);
  if (binary) return { reason: binary };
  let reason = undecodableTextReason(decoded.text);
  if (!reason) return { text: decoded.text };
  if (!decoded.declared) {
    // No charset named and not UTF-8: browsers read such pages as windows-1252.
    const legacy = decodeLegacy(input.body);
    reason = undecodableTextReason(legacy);
    if (!reason) return { text: legacy };
  }
  return { reason };
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
  const content = input.kind === 'html' ? extractMainContent(decoded.text, input.url) : plainText(decoded.text, input.url);
  return { ok: true, content };
}
