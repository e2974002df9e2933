/**
 * Tells binary bodies from text whatever the server's Content-Type says: magic numbers of common
 * binary formats, NUL and other control bytes, and, after charset decoding, the share of text that
 * did not decode. A Shift_JIS or windows-1251 page decoded by its declared charset reads clean.
 */

/**
 * Signatures at offset 0 (and `ftyp` at 4 for MP4/MOV/HEIC). Formats whose signature is plain ASCII
 * (RIFF, OggS, ID3, MZ...) are left to the NUL/control-byte check, so a text starting with those letters is kept.
 */
const MAGIC: Array<[string, number[]]> = [
  ['PNG image', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['JPEG image', [0xff, 0xd8, 0xff]],
  ['GIF image', [0x47, 0x49, 0x46, 0x38, 0x39, 0x61]],
  ['GIF image', [0x47, 0x49, 0x46, 0x38, 0x37, 0x61]],
  ['ZIP archive', [0x50, 0x4b, 0x03, 0x04]],
  ['gzip data', [0x1f, 0x8b]],
  ['xz data', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['7-Zip archive', [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]],
  ['RAR archive', [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07]],
  ['zstd data', [0x28, 0xb5, 0x2f, 0xfd]],
  ['ELF executable', [0x7f, 0x45, 0x4c, 0x46]],
  ['Mach-O executable', [0xcf, 0xfa, 0xed, 0xfe]],
  ['Java class', [0xca, 0xfe, 0xba, 0xbe]],
  ['WebAssembly', [0x00, 0x61, 0x73, 0x6d]],
  ['Matroska/WebM media', [0x1a, 0x45, 0xdf, 0xa3]],
  ['SQLite database', [...Buffer.from('SQLite format 3\0', 'latin1')]],
  ['TrueType font', [0x00, 0x01, 0x00, 0x00, 0x00]],
  ['ICO image', [0x00, 0x00, 0x01, 0x00]],
  ['TIFF image', [0x49, 0x49, 0x2a, 0x00]],
  ['TIFF image', [0x4d, 0x4d, 0x00, 0x2a]],
  ['compound document (Office)', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]],
];

/** Bytes read for the byte checks: enough for a verdict, cheap on a 5 MB body. */
const HEAD_BYTES = 8192;
/** Share of control bytes (other than tab, newline, form feed, carriage return, escape) that marks binary. */
const MAX_CONTROL_SHARE = 0.01;
/** Share of undecodable or control characters in decoded text that marks binary. */
const MAX_BAD_CHAR_SHARE = 0.02;
const SAMPLE_CHARS = 100_000;

function startsWith(body: Uint8Array, signature: number[], offset = 0): boolean {
  if (body.length < offset + signature.length) return false;
  return signature.every((byte, i) => body[offset + i] === byte);
}

function isUtf16(body: Uint8Array, encoding: string | undefined): boolean {
  return (body[0] === 0xff && body[1] === 0xfe) || (body[0] === 0xfe && body[1] === 0xff) || Boolean(encoding?.startsWith('utf-16'));
}

/** Why the raw bytes are not text, or undefined when they may be. */
export function binaryBytesReason(body: Uint8Array, encoding?: string): string | undefined {
  for (const [name, signature] of MAGIC) if (startsWith(body, signature)) return `${name} served as text`;
  if (startsWith(body, [0x66, 0x74, 0x79, 0x70], 4)) return 'MP4/QuickTime media served as text';
  if (isUtf16(body, encoding)) return undefined;
  const head = body.subarray(0, HEAD_BYTES);
  let controls = 0;
  for (const byte of head) {
    if (byte === 0) return 'binary data (NUL bytes) served as text';
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d && byte !== 0x1b) controls++;
  }
  if (head.length > 0 && controls / head.length > MAX_CONTROL_SHARE) return 'binary data (control bytes) served as text';
  return undefined;
}

/** Why the decoded text is not text (too much of it failed to decode), or undefined. */
export function undecodableTextReason(text: string): string | undefined {
  const sample = text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text;
  if (sample.length === 0) return undefined;
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code === 0xfffd || (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d && code !== 0x1b)) bad++;
  }
  const share = bad / sample.length;
  return share > MAX_BAD_CHAR_SHARE ? `binary data served as text (${Math.round(share * 100)}% of it does not decode)` : undefined;
}
