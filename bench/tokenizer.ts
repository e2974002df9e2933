/** Token counts for the bench with the gpt-4o family's real tokenizer (o200k_base), as OpenAI bills them. */
import { countTokens as countO200k } from 'gpt-tokenizer/cjs/encoding/o200k_base';

/** Special tokens in page text are plain text, never an error. */
const PLAIN_TEXT = { allowedSpecial: new Set<string>(), disallowedSpecial: new Set<string>() };

/** Counted in whitespace-cut segments: BPE is quadratic in one unbroken piece, and a page can hold long ones. */
const SEGMENT_CHARS = 4_000;

export function countTokens(text: string): number {
  let total = 0;
  for (let at = 0; at < text.length; ) {
    let end = Math.min(text.length, at + SEGMENT_CHARS);
    if (end < text.length) {
      const space = text.lastIndexOf(' ', end);
      if (space > at) end = space;
    }
    total += countO200k(text.slice(at, end), PLAIN_TEXT);
    at = end;
  }
  return total;
}
