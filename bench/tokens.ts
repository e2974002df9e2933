/**
 * What tokenizing a page costs, and how long it holds the event loop: `npx tsx bench/tokens.ts`.
 * Prints figures (no assertions): the tokenizer on raw text against the segmented counting tokens.ts
 * does, and the page path of the browse activity (cap, then chunking; the activity yields between the
 * two), each step timed as the synchronous stretch it holds the event loop for.
 */
import { clearMergeCache, countTokens as rawCount } from 'gpt-tokenizer/cjs/encoding/o200k_base';
import { loadConfig } from '../src/config';
import { chunkTokens, pageTextTokenCap } from '../src/domain/budget';
import type { ResearchSettings } from '../src/domain/types';
import { splitIntoChunks } from '../src/llm/fit';
import { countTokens, MAX_CHARS_PER_TOKEN, tokenCounter, truncateToTokens } from '../src/llm/tokens';

// The default model's settings (gpt-4o-mini), from the one configuration.
const settings: ResearchSettings = loadConfig({}).research;

const N = 400_000;
// Texts that do not repeat (the tokenizer caches pieces it has seen, which would flatter it).
let seed = 42;
const random = (n: number) => Math.floor(((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648) * n);
const word = () => Array.from({ length: 2 + random(9) }, () => String.fromCharCode(97 + random(26))).join('');
const pages: Record<string, string> = {
  'English-like prose': Array.from({ length: N / 7 }, (_, i) => (i % 15 === 14 ? `${word()}.` : word())).join(' '),
  'Chinese, no spaces': Array.from({ length: N }, (_, i) => (i % 40 === 39 ? '。' : String.fromCharCode(0x4e00 + random(0x5000)))).join(''),
  'random printable, no spaces': Array.from({ length: N }, () => String.fromCharCode(33 + random(94))).join(''),
  'one letter repeated': 'a'.repeat(N),
};

function time<T>(f: () => T): [T, number] {
  const start = performance.now();
  const out = f();
  return [out, performance.now() - start];
}

async function main(): Promise<void> {
  countTokens('warm up', settings.model);
  rawCount('warm up');
  const cap = pageTextTokenCap(settings);
  console.log(`page cap ${cap} tokens → text cut to ${cap * MAX_CHARS_PER_TOKEN} characters before tokenizing; chunks of ${chunkTokens(settings)} tokens\n`);
  console.log('text (40,000 chars)            raw gpt-tokenizer   segmented (tokens.ts)   tokens');
  for (const [name, text] of Object.entries(pages)) {
    const sample = text.slice(0, 40_000);
    const [raw, rawMs] = time(() => rawCount(sample, { allowedSpecial: new Set(), disallowedSpecial: new Set() }));
    const [seg, segMs] = time(() => countTokens(sample, settings.model));
    console.log(`${name.padEnd(30)} ${rawMs.toFixed(1).padStart(10)} ms ${segMs.toFixed(1).padStart(16)} ms ${String(seg).padStart(12)} (raw ${raw})`);
  }

  console.log(`\nwhole page path (${N.toLocaleString('en')}-char page): each step is one synchronous stretch of the event loop`);
  const count = tokenCounter(settings.model);
  for (const [name, text] of Object.entries(pages)) {
    clearMergeCache();
    const [capped, capMs] = time(() => truncateToTokens(text, cap, settings.model));
    const [chunks, splitMs] = time(() => splitIntoChunks(capped, chunkTokens(settings), count));
    const biggest = Math.max(...chunks.map(count));
    const oldChunks = Math.ceil(Math.min(text.length, cap * 4) / (chunkTokens(settings) * 4));
    console.log(
      `${name.padEnd(30)} cap ${capMs.toFixed(0).padStart(4)} ms, chunking ${splitMs.toFixed(0).padStart(4)} ms; ` +
        `${chunks.length} chunks, biggest ${biggest} tokens (4-chars-a-token sizing: ${oldChunks} chunks of ~${Math.round(count(text.slice(0, chunkTokens(settings) * 4)))} tokens)`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
