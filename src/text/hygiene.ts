/**
 * Text hygiene for everything that comes from outside (pages, titles, snippets, model answers, the
 * user's topic) and for everything the terminal prints of it: no character that hides, reorders or
 * controls what a reader sees survives, and every other character is kept, in order, in NFC.
 *
 * Removed:
 * - terminal escape sequences, whole: CSI (`ESC [` or U+009B, parameters, intermediates, final byte:
 *   `ESC[2J` clears the screen), control strings (OSC `ESC ]`, DCS `ESC P`, SOS `ESC X`, PM `ESC ^`, APC
 *   `ESC _` and their 8-bit forms, up to BEL or ST: `ESC]8;;URL ESC\` plants a hyperlink, `ESC]0;` sets the
 *   window title) and any other escape (`ESC c` resets the terminal). A sequence cut short is removed as
 *   far as it goes; an unterminated control string up to the next control character or the end;
 * - C0 controls but tab and line feed, DEL, C1 controls;
 * - bidi embeddings and overrides (U+202A-202E) and isolates (U+2066-2069): the "Trojan Source" trick;
 * - the invisible format characters U+2060-206F (word joiner, invisible operators, the deprecated
 *   shaping and digit-shape controls, which can make digits display as other digits), zero-width space
 *   U+200B, BOM U+FEFF anywhere, soft hyphen U+00AD (invisible, splits a word or a number so it no
 *   longer matches), interlinear annotation controls U+FFF9-FFFB (hide the annotated text), musical
 *   format controls U+1D173-1D17A, and tag characters U+E0000-E007F ("ASCII smuggling": text a model
 *   reads and a person cannot see), except inside an emoji flag tag sequence (🏴 + a subdivision in tag
 *   letters + CANCEL TAG, e.g. the flag of Scotland).
 *
 * Line breaks of every kind (CRLF, CR, VT, FF, NEL) become LF, so no text is glued together.
 *
 * Kept: ZWJ and ZWNJ (emoji sequences, Persian and Indic scripts), the direction marks LRM, RLM and
 * ALM that right-to-left text needs, variation selectors, and everything else.
 *
 * Pure, no imports: workflow code may use it too.
 */

/**
 * Terminal escape sequences, whole. First control strings (content: anything but a control character; they
 * end at BEL, ESC \\ or the 8-bit ST), then CSI (parameter bytes 0x30-0x3F, intermediate bytes 0x20-0x2F,
 * one final byte 0x40-0x7E), then any other escape (intermediates, one final byte).
 */
const TERMINAL_SEQUENCE =
  /(?:\x1b[\]PX^_]|[\x90\x98\x9d-\x9f])[^\x00-\x1f\x9c]*(?:\x07|\x1b\\|\x9c)?|(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?|\x1b[\x20-\x2f]*[\x30-\x7e]?/g;

/**
 * An emoji flag tag sequence (UTS #51: black flag, a subdivision id in tag letters and digits, cancel tag),
 * captured and kept; otherwise the single characters removed (line breaks other than LF are not among
 * them: they become LF).
 */
const REMOVED =
  /(\u{1F3F4}(?:[\u{E0061}-\u{E007A}]{2}|[\u{E0030}-\u{E0039}]{3})[\u{E0030}-\u{E0039}\u{E0061}-\u{E007A}]{1,4}\u{E007F})|[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\xad\u200b\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\u{1D173}-\u{1D17A}\u{E0000}-\u{E007F}]/gu;

const LINE_BREAK = /\r\n?|[\v\f\x85]/g;

/** Anything the steps above would change (ESC and the 8-bit introducers are C0 and C1): most text has none and is only normalized. */
const NEEDS_CLEANING = /[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u200b\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\u{1D173}-\u{1D17A}\u{E0000}-\u{E007F}]/u;

/** `text` without control, bidi, invisible format characters and terminal escape sequences, in NFC. */
export function cleanText(text: string): string {
  if (!NEEDS_CLEANING.test(text)) return text.normalize('NFC');
  return text
    .replace(TERMINAL_SEQUENCE, '')
    .replace(REMOVED, (_match: string, flag: string | undefined) => flag ?? '')
    .replace(LINE_BREAK, '\n')
    .normalize('NFC');
}
