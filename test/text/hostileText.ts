/**
 * What the hygiene tests look for, written independently of src/text/hygiene.ts: the code points that must
 * never reach a report, a prompt or the terminal, and hostile text that carries them (as a page, a title, a
 * snippet or a model answer would).
 */

const ESC = '\x1b';

/** The removed code points (line breaks other than LF included: they become LF). */
export function isRemovedCodePoint(cp: number): boolean {
  return (
    (cp <= 0x1f && cp !== 0x09 && cp !== 0x0a) ||
    (cp >= 0x7f && cp <= 0x9f) ||
    cp === 0xad ||
    cp === 0x200b ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x206f) ||
    cp === 0xfeff ||
    (cp >= 0xfff9 && cp <= 0xfffb) ||
    (cp >= 0x1d173 && cp <= 0x1d17a) ||
    (cp >= 0xe0000 && cp <= 0xe007f)
  );
}

export const BLACK_FLAG = 0x1f3f4;
const CANCEL_TAG = 0xe007f;
const isTag = (cp: number) => cp >= 0xe0000 && cp <= 0xe007f;
const isTagDigit = (cp: number) => cp >= 0xe0030 && cp <= 0xe0039;
const isTagLetter = (cp: number) => cp >= 0xe0061 && cp <= 0xe007a;

/** Length of the emoji flag tag sequence's tags starting at `i` (just after a black flag), or 0 when there is none. */
export function flagTagsAt(cps: number[], i: number): number {
  let end = i;
  while (end < cps.length && isTag(cps[end]!) && cps[end] !== CANCEL_TAG) end++;
  if (cps[end] !== CANCEL_TAG) return 0;
  const id = cps.slice(i, end);
  const alnum = id.every((cp) => isTagDigit(cp) || isTagLetter(cp));
  const lettersFirst = id.length >= 3 && id.length <= 6 && isTagLetter(id[0]!) && isTagLetter(id[1]!);
  const digitsFirst = id.length >= 4 && id.length <= 7 && id.slice(0, 3).every(isTagDigit);
  return alnum && (lettersFirst || digitsFirst) ? id.length + 1 : 0;
}

/** The removed characters `text` holds, as "U+XXXX" (tags inside a whole flag sequence are fine): [] when clean. */
export function hiddenCharacters(text: string): string[] {
  const cps = [...text].map((c) => c.codePointAt(0)!);
  const found: string[] = [];
  for (let i = 0; i < cps.length; i++) {
    if (cps[i] === BLACK_FLAG) {
      i += flagTagsAt(cps, i + 1);
      continue;
    }
    if (isRemovedCodePoint(cps[i]!)) found.push(`U+${cps[i]!.toString(16).toUpperCase().padStart(4, '0')}`);
  }
  return found;
}

/** What terminal escapes leave behind when only their ESC is dropped: none of it may show. */
export const ESCAPE_LEFTOVERS = ['[2J', ']8;;', ']0;', 'pwned', 'evil.example'];

/** A title: isolates, colours, a window-title escape, a zero-width space and a BOM around "Grid storage report 2025". */
export const HOSTILE_TITLE = `\u2066Grid storage\u2069 ${ESC}[31mreport${ESC}[0m${ESC}]0;pwned\x07\u200B 2025\uFEFF`;
export const CLEAN_TITLE = 'Grid storage report 2025';

/** A snippet: an override, a screen clear and a planted hyperlink around "Storage grew fast". */
export const HOSTILE_SNIPPET = `\u202EStorage\u202C grew ${ESC}[2J${ESC}]8;;http://evil.example/${ESC}\\fast${ESC}]8;;${ESC}\\`;
export const CLEAN_SNIPPET = 'Storage grew fast';

/** One paragraph of page text, raw; its words survive cleaning as CLEAN_PARAGRAPH. */
export function hostileParagraph(n: number): string {
  return (
    `Finding ${n}:\u200B grid storage\u2060 rose by ${10 + n}\u00AD0 MWh ${ESC}[2J${ESC}[1;31min 2025${ESC}[0m, the \u202Eobservatory\u202C said. ` +
    `${ESC}]8;;http://evil.example/${ESC}\\Its report${ESC}]8;;${ESC}\\ covers \u2067twelve\u2069 countries\u200B and \x9b2Jthirty\x9d0;pwned\x9c sites.\uFEFF`
  );
}
export function cleanParagraph(n: number): string {
  return `Finding ${n}: grid storage rose by ${10 + n}0 MWh in 2025, the observatory said. Its report covers twelve countries and thirty sites.`;
}

/** Right-to-left text and joiners that must come through unchanged. */
export const ARABIC = 'قالت الدراسة إن سعة التخزين ارتفعت.\u200F';
export const HEBREW = 'המחקר מצא שהקיבולת עלתה ב-\u200E17%\u200E.';
export const PERSIAN = 'می\u200Cخواهم';
export const EMOJI_FAMILY = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}';
