/** Encodes text as windows-1252, the charset one corpus page declares, so fetchers must decode it. */

/** The code points windows-1252 puts in 0x80–0x9F, where Latin-1 has control characters. */
const CP1252_HIGH: Record<string, number> = {
  '€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89, 'Š': 0x8a,
  '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97,
  '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b, 'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
};

export function encodeWindows1252(text: string): Buffer {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (CP1252_HIGH[char] !== undefined) bytes.push(CP1252_HIGH[char]);
    else if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) bytes.push(code);
    else bytes.push(0x3f); // "?", as encoders do for unmappable characters
  }
  return Buffer.from(bytes);
}

const CP1252_BY_BYTE = new Map(Object.entries(CP1252_HIGH).map(([char, byte]) => [byte, char]));

/** The inverse, for tests: Node 20's TextDecoder reads windows-1252 as ISO-8859-1 and loses the euro sign. */
export function decodeWindows1252(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += CP1252_BY_BYTE.get(byte) ?? String.fromCharCode(byte);
  return text;
}
