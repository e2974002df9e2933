/**
 * Text hygiene's cost: `npx tsx bench/hygiene.ts`. Prints, measured in this one run, what cleaning the
 * extracted text (title, text, page text) adds to extracting a page in the pool's thread, as a ratio of the
 * extraction's own time, on the bundled corpus's HTML pages and on 5 MB hostile pages (plain and full of
 * controls); and how long 5 MB of text takes to clean, without and with characters to remove.
 */
import { CORPUS, corpusBody, corpusMainText } from '../offline/corpus';
import { extractMainContent } from '../src/web/extract/mainContent';
import { extractPage } from '../src/web/extract/page';
import { cleanText } from '../src/text/hygiene';
import { longParagraphsPage, manyBlocksPage } from '../test/web/hostilePages';

const ROUNDS = 5;

function timed(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Best of ROUNDS for extraction (cleaning included) and for the cleaning alone, summed over `pages`. */
function measure(pages: { html: string; url: string }[]): { extractMs: number; cleanMs: number } {
  let extractMs = 0;
  let cleanMs = 0;
  for (const { html, url } of pages) {
    const body = Buffer.from(html, 'utf8');
    const raw = extractMainContent(html, url);
    let bestExtract = Infinity;
    let bestClean = Infinity;
    for (let i = 0; i < ROUNDS; i++) {
      bestExtract = Math.min(bestExtract, timed(() => extractPage({ body, kind: 'html', url })));
      bestClean = Math.min(bestClean, timed(() => [raw.title, raw.text, raw.pageText].forEach(cleanText)));
    }
    extractMs += bestExtract;
    cleanMs += bestClean;
  }
  return { extractMs, cleanMs };
}

const JUNK = '\u202E\u200B\x1b[2J\x1b]8;;http://evil.example/\x1b\\\uFEFF';
const spiked = (html: string) => html.replace(/\. /g, `.${JUNK} `);

const corpus = CORPUS.filter((p) => p.contentType.startsWith('text/html') && corpusMainText(p.path).length > 0).map((p) => ({
  html: corpusBody(p.path)!.toString('utf8'),
  url: `https://corpus.example${p.path}`,
}));
const hostile = [
  { html: longParagraphsPage(5_000_000), url: 'https://hostile.example/paragraphs' },
  { html: manyBlocksPage(5_000_000), url: 'https://hostile.example/blocks' },
];

for (const [name, pages] of [
  [`corpus (${corpus.length} HTML pages)`, corpus],
  ['hostile 5 MB pages', hostile],
  ['hostile 5 MB pages full of controls', hostile.map((p) => ({ ...p, html: spiked(p.html) }))],
] as const) {
  const { extractMs, cleanMs } = measure([...pages]);
  console.log(`hygiene cost / extraction, ${name}: ${(cleanMs / (extractMs - cleanMs)).toFixed(3)} (${cleanMs.toFixed(1)} of ${extractMs.toFixed(1)} ms)`);
}

const fiveMb = 'Grid storage rose by 17 percent in 2025, the observatory said. Die Größe ändert sich. 电池 العربية עברית\n'.repeat(50_000);
const fiveMbDirty = fiveMb.replace(/\. /g, `.${JUNK} `);
for (const [name, text] of [['clean', fiveMb], ['full of controls', fiveMbDirty]] as const) {
  let best = Infinity;
  for (let i = 0; i < ROUNDS; i++) best = Math.min(best, timed(() => cleanText(text)));
  console.log(`cleanText on ${(text.length / 1e6).toFixed(1)}M characters, ${name}: ${best.toFixed(1)} ms`);
}
