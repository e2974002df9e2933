/**
 * The rendering fallback's figures (part of bench/extract.ts): on the offline world (each site on its
 * own loopback host), the same pages read as a run reads them, as fetched and rendered in chromium
 * (RESEARCH_RENDER=always), ms per page (mean and worst) of each, the browser's cold start, the
 * client-rendered pages' facts found, and peak RSS of this process and its chromium processes with
 * the pool warm and full.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { CORPUS } from '../offline/corpus';
import { startOfflineWorld } from '../offline/world';
import { ExtractionPool } from '../src/web/extract/pool';
import { type ReadPageOptions, readPage } from '../src/web/readPage';
import { BrowserPool, findChromium } from '../src/web/render/pool';

const fmt = (n: number, digits = 0) => n.toFixed(digits);

/**
 * Memory of a process and all its descendants, from /proc (the browser's processes are our children's
 * children): RSS summed, which counts every shared page (chromium's libraries, its shared memory) once per
 * process, and PSS, which shares each such page out among the processes that map it: what they take together.
 */
function treeMemory(root: number): { rss: number; pss: number } {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pid = Number(entry);
      const parent = Number(fields[1]);
      children.set(parent, [...(children.get(parent) ?? []), pid]);
      rss.set(pid, Number(fields[21]) * 4096);
    } catch {
      // the process ended while we looked
    }
  }
  const total = { rss: 0, pss: 0 };
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    total.rss += rss.get(pid) ?? 0;
    total.pss += pssBytes(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

function pssBytes(pid: number): number {
  try {
    const kb = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1];
    return kb === undefined ? 0 : Number(kb) * 1024;
  } catch {
    return 0; // ended, or a kernel without smaps_rollup
  }
}

interface Timing {
  mean: number;
  worst: number;
  ok: number;
}

async function timed(urls: string[], options: ReadPageOptions, concurrency: number): Promise<Timing & { texts: Map<string, string> }> {
  const times: number[] = [];
  const texts = new Map<string, string>();
  let next = 0;
  let ok = 0;
  const lane = async () => {
    while (next < urls.length) {
      const url = urls[next++]!;
      const start = performance.now();
      const page = await readPage(url, options);
      times.push(performance.now() - start);
      if (page.ok) {
        ok++;
        texts.set(url, page.text);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { mean: times.reduce((a, b) => a + b, 0) / Math.max(times.length, 1), worst: Math.max(0, ...times), ok, texts };
}

export async function renderingFigures(): Promise<void> {
  const chromium = findChromium();
  if (!chromium) {
    console.log('\nrendering: not measured (chromium is not installed: apt-get install chromium)');
    return;
  }
  const world = await startOfflineWorld({ siteHosts: true });
  const extraction = new ExtractionPool();
  const browser = new BrowserPool({ executablePath: chromium });
  try {
    const base: ReadPageOptions = {
      timeoutMs: 20_000,
      maxBytes: 5_000_000,
      maxRedirects: 5,
      allowPrivateNetwork: false,
      allowedPrivateHosts: world.allowedHosts,
      userAgent: 'deep-research-bench/1.0',
      extractionPool: extraction,
    };
    const appPages = CORPUS.filter((p) => p.kind === 'client-rendered');
    const articles = CORPUS.filter((p) => p.kind === 'article').slice(0, 8);
    const urls = [...appPages, ...articles].map((p) => world.web.urlOf(p.path));
    const always: ReadPageOptions = { ...base, render: { mode: 'always', renderer: browser } };

    // Warm the extraction threads, then the browser (its launch is the cold start).
    await timed(urls.slice(appPages.length, appPages.length + 2), base, 2);
    const cold = performance.now();
    await readPage(urls[0]!, always);
    const coldMs = performance.now() - cold;

    const staticRead = await timed(urls, base, 1);
    const rendered = await timed(urls, always, 1);
    const facts = appPages.flatMap((p) => p.facts.map((fact) => [world.web.urlOf(p.path), fact] as const));
    const found = facts.filter(([url, fact]) => rendered.texts.get(url)?.includes(fact)).length;

    const peak = treeMemory(process.pid);
    const sample = () => {
      const now = treeMemory(process.pid);
      peak.rss = Math.max(peak.rss, now.rss);
      peak.pss = Math.max(peak.pss, now.pss);
    };
    const sampler = setInterval(sample, 50);
    const full = await timed([...urls, ...urls], always, browser.pages);
    clearInterval(sampler);
    sample();

    console.log(`\nrendering in chromium (${chromium}), pool of ${browser.pages} pages; ${urls.length} offline pages (${appPages.length} built by script, ${articles.length} articles) read as a run reads them`);
    console.log(`browser cold start (launch + first page): ${fmt(coldMs)} ms`);
    console.log(`ms per page as fetched (static): mean ${fmt(staticRead.mean)}, worst ${fmt(staticRead.worst)}; ${staticRead.ok}/${urls.length} read`);
    console.log(`ms per page rendered (RESEARCH_RENDER=always, warm browser): mean ${fmt(rendered.mean)}, worst ${fmt(rendered.worst)}; ${rendered.ok}/${urls.length} read`);
    console.log(`facts of the pages built by script found in their rendered text: ${found}/${facts.length}`);
    console.log(`peak memory with the browser pool warm and full (${browser.pages} pages at once, this process + chromium): PSS ${fmt(peak.pss / 1e6)} MB (RSS summed over the processes ${fmt(peak.rss / 1e6)} MB, shared pages counted once per process); ${full.ok}/${2 * urls.length} read`);
    const hosts = new Set(browser.escapedRequests.map((line) => /^(?:CONNECT\s+([^\s:]+)|\S+\s+https?:\/\/([^/:\s]+))/.exec(line)?.slice(1).find(Boolean) ?? line));
    console.log(`connections that escaped interception to the dead-end proxy (answered nothing): ${browser.escapedConnections}, to ${[...hosts].join(', ') || 'nowhere'}`);
  } finally {
    await browser.close();
    await extraction.close();
    await world.close();
  }
}
