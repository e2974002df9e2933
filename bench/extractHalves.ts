/**
 * Ours alone on every half of every development set, and the bundled corpus: the before/after figures of
 * one extraction rule change, all from one run (`npx tsx bench/extractHalves.ts`, after `bash bench/devset.sh`).
 * The report halves are printed so a change shows what it does there; rules are changed by looking at
 * the tuning halves only (bench/extractTune.ts). EXTRACT_BENCH_SNIPPETS=0 skips set B.
 */
import { parseHTML } from 'linkedom';
import { CORPUS, corpusBody, corpusMainText } from '../offline/corpus';
import { extractPage } from '../src/web/extract/page';
import { type Extractor, type Half, halfOf, loadDragnetPages, loadReadabilityPages, loadSnippetPages, scoreShingles, scoreSnippets, shingleMatch, withBlockBreaks } from './extractQuality';

const DEVSET = process.env.EXTRACT_DEVSET_DIR ?? 'bench/devset';
const HALVES: Half[] = ['tune', 'report'];
const fmt = (n: number) => n.toFixed(3);
const line = (name: string, s: { pages: number; f1: number; precision: number; recall: number }) =>
  console.log(`${name.padEnd(16)} ${String(s.pages).padStart(5)} pages  F1 ${fmt(s.f1)}  precision ${fmt(s.precision)}  recall ${fmt(s.recall)}`);

function ours(charset?: string): Extractor {
  return (body, url) => {
    const result = extractPage({ body, charset, kind: 'html', url });
    return result.ok ? result.content.text : '';
  };
}

function textOf(html: string): string {
  return parseHTML(`<!doctype html><html><body>${withBlockBreaks(html)}</body></html>`).document.body?.textContent ?? '';
}

function main(): void {
  const dragnet = loadDragnetPages(DEVSET);
  for (const half of HALVES) line(`D ${half}`, scoreShingles(dragnet.filter((p) => halfOf('dragnet', p.name) === half), ours('utf-8')));
  if (process.env.EXTRACT_BENCH_SNIPPETS !== '0') {
    const snippets = loadSnippetPages(DEVSET);
    for (const half of HALVES) line(`B ${half}`, scoreSnippets(snippets.filter((p) => halfOf('trafilatura', p.file) === half), ours()));
  }
  line('A (regression)', scoreShingles(loadReadabilityPages(DEVSET, textOf), ours('utf-8')));
  const pages = CORPUS.filter((p) => p.contentType.startsWith('text/html') && p.kind !== 'client-rendered' && corpusMainText(p.path).length > 0);
  let recall = 0;
  let kept = 0;
  let strings = 0;
  for (const page of pages) {
    const text = ours('utf-8')(corpusBody(page.path)!, `https://corpus.example${page.path}`);
    recall += shingleMatch(corpusMainText(page.path), text).recall;
    kept += page.boilerplate.filter((b) => text.includes(b)).length;
    strings += page.boilerplate.length;
  }
  console.log(`bundled corpus   ${String(pages.length).padStart(5)} pages  main-content recall ${fmt(recall / pages.length)}  boilerplate kept ${kept}/${strings}`);
}

main();
