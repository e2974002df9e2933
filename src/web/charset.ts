/**
 * Turns a fetched body into text with the right character set:
 * byte-order mark, then the Content-Type charset, then a <meta> declaration near the top, then UTF-8.
 */

export interface DecodeOptions {
  /** The charset parameter of the Content-Type header, if any. */
  charset?: string;
  /** Look for <meta charset> / <meta http-equiv="content-type"> in the first bytes (HTML bodies). */
  sniffHtmlMeta?: boolean;
}

const META_SNIFF_BYTES = 2048;

/** windows-1252 bytes 0x80-0x9F; the five unassigned ones map to the C1 controls, as in the WHATWG index. */
const WINDOWS_1252_C1 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * Node 20's TextDecoder decodes windows-1252 (and every latin1 label, which WHATWG maps to it) as
 * ISO-8859-1, turning € and curly quotes into control characters; this does it by the table.
 */
function decodeWindows1252(body: Uint8Array): string {
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength)
    .toString('latin1')
    .replace(/[\x80-\x9f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80]!);
}

function decodeAs(encoding: string, body: Uint8Array): string {
  return encoding === 'windows-1252' ? decodeWindows1252(body) : new TextDecoder(encoding).decode(body);
}

function byteOrderMarkEncoding(body: Uint8Array): string | undefined {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  if (body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** Returns the WHATWG encoding name for a label, or undefined when TextDecoder does not know it. */
function knownEncoding(label: string | undefined): string | undefined {
  const cleaned = label?.trim().replace(/^["']|["']$/g, '').toLowerCase();
  if (!cleaned) return undefined;
  try {
    return new TextDecoder(cleaned).encoding;
  } catch {
    return undefined;
  }
}

/** The charset a <meta> tag declares in the first 2 KB, read as ASCII. */
export function sniffMetaCharset(body: Uint8Array): string | undefined {
  const head = Buffer.from(body.subarray(0, META_SNIFF_BYTES)).toString('latin1');
  for (const tag of head.match(/<meta\b[^>]*>/gi) ?? []) {
    const direct = /\bcharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(tag);
    if (direct && (!/http-equiv/i.test(tag) || /content-type/i.test(tag))) return direct[1];
  }
  return undefined;
}

/** The encoding the body declares (byte-order mark, Content-Type charset, <meta>), or undefined when it declares none. */
export function declaredEncoding(body: Uint8Array, options: DecodeOptions = {}): string | undefined {
  const bom = byteOrderMarkEncoding(body);
  if (bom) return bom;
  let encoding = knownEncoding(options.charset);
  if (!encoding && options.sniffHtmlMeta) {
    encoding = knownEncoding(sniffMetaCharset(body));
    // A <meta> readable as ASCII cannot really be UTF-16 (HTML spec: treat it as UTF-8).
    if (encoding?.startsWith('utf-16')) encoding = 'utf-8';
  }
  return encoding;
}

export interface DecodedText {
  text: string;
  encoding: string;
  declared: boolean;
}

/** Decodes with the declared encoding, else UTF-8; `declared` says whether the body named it. */
export function decodeBody(body: Uint8Array, options: DecodeOptions = {}): DecodedText {
  const declared = declaredEncoding(body, options);
  const encoding = declared ?? 'utf-8';
  return { text: decodeAs(encoding, body), encoding, declared: declared !== undefined };
}

/** Undeclared text that is not UTF-8 is read as windows-1252, as browsers do. */
export function decodeLegacy(body: Uint8Array): string {
  return decodeAs('windows-1252', body);
}

export function decodeText(body: Uint8Array, options: DecodeOptions = {}): string {
  return decodeBody(body, options).text;
}
