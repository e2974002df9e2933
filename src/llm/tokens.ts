/**
 * Token counts with the model's own tokenizer, the one place that knows how text becomes tokens.
 * gpt-tokenizer: pure JS, maintained, the tiktoken encodings (o200k_base for the gpt-4o family, gpt-4.1,
 * gpt-5 and the o-series; cl100k_base for gpt-4 and gpt-3.5). For a model outside OpenAI's families
 * (Llama, Mistral behind Ollama or vLLM) o200k_base is the estimate: close for prose, and chunk sizes
 * keep a margin below the context window.
 *
 * BPE is quadratic in the length of one pre-tokenized piece, and a run without spaces (CJK text,
 * base64, minified code) is one piece: text is counted in segments of at most SEGMENT_CHARS, cut at
 * whitespace where there is some, so counting any page is linear (see bench/tokens.ts).
 */
import type * as Encoding from 'gpt-tokenizer/cjs/encoding/o200k_base';

export type EncodingName = 'o200k_base' | 'cl100k_base';
type Encoder = Pick<typeof Encoding, 'countTokens'>;

/** Longest text handed to the tokenizer at once. */
export const SEGMENT_CHARS = 256;

/**
 * Most characters one token stands for in any text worth reading (English prose is ~4-5). Text is cut
 * to `maxTokens * MAX_CHARS_PER_TOKEN` characters before it is tokenized, so a 5 MB page costs no more
 * to count than a long article.
 */
export const MAX_CHARS_PER_TOKEN = 10;

/** Special tokens in page text (`<|endoftext|>`) are plain text: never an error, never a control token. */
const PLAIN_TEXT = { allowedSpecial: new Set<string>(), disallowedSpecial: new Set<string>() };

const encoders = new Map<EncodingName, Encoder>();

function encoder(name: EncodingName): Encoder {
  let found = encoders.get(name);
  if (!found) {
    // Loaded on first use: each encoding's table takes ~0.2 s to load and a few MB.
    found =
      name === 'cl100k_base'
        ? (require('gpt-tokenizer/cjs/encoding/cl100k_base') as Encoder)
        : (require('gpt-tokenizer/cjs/encoding/o200k_base') as Encoder);
    encoders.set(name, found);
  }
  return found;
}

/** The encoding a model uses; o200k_base for models it does not know. */
export function encodingForModel(model: string): EncodingName {
  const name = model.toLowerCase().replace(/^.*\//, ''); // "openai/gpt-4o" → "gpt-4o"
  return /^(gpt-4(?![o.])|gpt-3\.5|text-embedding-(ada|3))/.test(name) ? 'cl100k_base' : 'o200k_base';
}

/** Cuts `text` into segments of at most SEGMENT_CHARS, at whitespace where possible, never inside a surrogate pair. */
export function* segments(text: string): Generator<string> {
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + SEGMENT_CHARS);
    if (end < text.length) {
      const space = lastWhitespace(text, start + SEGMENT_CHARS / 2, end);
      if (space > start) end = space;
      else if (isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
    }
    yield text.slice(start, end);
    start = end;
  }
}

function lastWhitespace(text: string, from: number, to: number): number {
  for (let i = to; i > from; i--) if (/\s/.test(text[i])) return i;
  return -1;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Tokens `text` takes for `model`. */
export function countTokens(text: string, model: string): number {
  const enc = encoder(encodingForModel(model));
  let total = 0;
  for (const segment of segments(text)) total += enc.countTokens(segment, PLAIN_TEXT);
  return total;
}

/** A counter bound to one model, for the pure fitting functions in fit.ts. */
export type TokenCounter = (text: string) => number;

export function tokenCounter(model: string): TokenCounter {
  return (text) => countTokens(text, model);
}

/** The longest prefix of `text` within `maxTokens` (cut at a segment boundary). */
export function truncateToTokens(text: string, maxTokens: number, model: string): string {
  const enc = encoder(encodingForModel(model));
  const capped = text.slice(0, Math.max(0, maxTokens) * MAX_CHARS_PER_TOKEN);
  let used = 0;
  let end = 0;
  for (const segment of segments(capped)) {
    const n = enc.countTokens(segment, PLAIN_TEXT);
    if (used + n > maxTokens) break;
    used += n;
    end += segment.length;
  }
  return capped.slice(0, end);
}
