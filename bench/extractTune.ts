/**
 * Tuning aid: extraction quality on the TUNE half only of the human-labelled development sets (see
 * extractQuality.ts: halves by a hash of each page's name), with the pages that score worst, so rules
 * are changed by looking at these pages and never at the report half. `npx tsx bench/extractTune.ts
 * [--worst N] [--readability] [--page NAME]` (--page prints our text of one tune-half page).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { extractPage } from '../src/web/extract/page';
import { type Extractor, halfOf, loadDragnetPages, loadReadabilityPages, loadSnippetPages, scoreShingles, scoreSnippets, shingleMatch, tokens, withBlockBreaks } from './extractQuality';

const DEVSET = process.env.EXTRACT_DEVSET_DIR ?? 'bench/devset';
const fmt = (n: number) => n.toFixed(3);

const ours: Extractor = (body, url) => {
  const result = extractPage({ body, kind: 'html', url });
  return result.ok ? result.content.text : '';
};

const readability: Extractor = (body) => {
  try {
    const { document } = parseHTML(body.toString('utf8'));
    const html = new Readability(document as never).parse()?.content ?? '';
    return parseHTML(`<!doctype html><html><body>${withBlockBreaks(html)}</body></html>`).document.body?.textContent ?? '';
  } catch {
    return '';
  }
};

function main(): void {
  const { values } = parseArgs({ options: { worst: { type: 'string', default: '15' }, readability: { type: 'boolean', default: false }, page: { type: 'string' }, dump: { type: 'string' } } });
  const dump: Record<string, number> = {};
  const dragnet = loadDragnetPages(DEVSET).filter((p) => halfOf('dragnet', p.name) === 'tune');
  if (values.page) {
    const page = dragnet.find((p) => p.name === values.page);
    if (!page) throw new Error(`no tune-half dragnet page ${values.page}`);
    const text = ours(page.source, `http://fakehost/test/${page.name}/`);
    const score = shingleMatch(page.expected, text);
    console.log(`${page.name}: precision ${fmt(score.precision)} recall ${fmt(score.recall)}\n---- ours\n${text}\n---- expected\n${page.expected}`);
    return;
  }
  const extractors: Array<[string, Extractor]> = [['ours', ours]];
  if (values.readability) extractors.push(['readability-linkedom', readability]);
  for (const [name, extract] of extractors) {
    const s = scoreShingles(dragnet, extract);
    if (name === 'ours') for (const p of s.perPage) dump[`dragnet/${p.name}`] = p.f1;
    console.log(`dragnet tune half (${s.pages} pages) ${name}: F1 ${fmt(s.f1)} precision ${fmt(s.precision)} recall ${fmt(s.recall)}`);
    if (name !== 'ours') continue;
    const worst = dragnet
      .map((page) => {
        const score = shingleMatch(page.expected, extract(page.source, `http://fakehost/test/${page.name}/`));
        return { name: page.name, ...score, words: tokens(page.expected).length };
      })
      .sort((a, b) => a.precision + a.recall - (b.precision + b.recall))
      .slice(0, Number(values.worst));
    for (const w of worst) console.log(`  ${w.name.padEnd(8)} precision ${fmt(w.precision)} recall ${fmt(w.recall)} (${w.words} words expected)`);
  }
  // Set A (Readability's own test pages, whose expected bodies are its output): a regression check, all pages.
  const textOf = (html: string) => parseHTML(`<!doctype html><html><body>${withBlockBreaks(html)}</body></html>`).document.body?.textContent ?? '';
  const a = scoreShingles(loadReadabilityPages(DEVSET, textOf), (body, url) => {
    const result = extractPage({ body, charset: 'utf-8', kind: 'html', url }); // stored as UTF-8 whatever their <meta> says
    return result.ok ? result.content.text : '';
  });
  for (const p of a.perPage) dump[`A/${p.name}`] = p.f1;
  // --dump FILE: every page's F1, to compare two versions page by page
  if (values.dump) writeFileSync(values.dump, JSON.stringify(dump, null, 1));
  console.log(`set A (${a.pages} pages, regression check) ours: F1 ${fmt(a.f1)} precision ${fmt(a.precision)} recall ${fmt(a.recall)}`);
  if (process.env.EXTRACT_BENCH_SNIPPETS === '0') return;
  const snippets = loadSnippetPages(DEVSET).filter((p) => halfOf('trafilatura', p.file) === 'tune');
  for (const [name, extract] of extractors) {
    const s = scoreSnippets(snippets, extract);
    console.log(`trafilatura tune half (${s.pages} pages) ${name}: F1 ${fmt(s.f1)} precision ${fmt(s.precision)} recall ${fmt(s.recall)}`);
  }
}

main();
