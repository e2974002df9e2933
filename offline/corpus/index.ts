/**
 * The bundled corpus: metadata for every URL (what tests and the search index read) and the bytes the web
 * server sends for it. Bodies are built on first use and cached; the large page is about 3 MB.
 */
import type { ArticleSpec, CorpusPage, CorpusTopic, PageKind } from './types';
import { articleText, boilerplateOf, renderArticlePage } from './layout';
import { buildPdf } from './pdf';
import { buildChartPng } from './png';
import { encodeWindows1252 } from './charset';
import {
  BINARY,
  BOT_BLOCK,
  LARGE_PAGE_BOILERPLATE,
  NOT_FOUND,
  PDF_DOCUMENT,
  PDF_PAGE,
  REDIRECT,
  botBlockHtml,
  commentsSection,
  notFoundHtml,
} from './pages/awkward';
import {
  circuitLedgerSurvey,
  devWirePoll,
  kestrelCompileTimes,
  latticeServingDocs,
  nimbusMobile,
  pawsKittens,
  quarryThroughput,
  stackHeapThread,
  westmarchReproducibility,
} from './pages/tensorflowPytorch';
import { SOLID_STATE_ARTICLES } from './pages/solidStateBatteries';
import { REMOTE_WORK_ARTICLES } from './pages/remoteWork';
import { RENDERED_ENTRIES } from './pages/rendered';
import { FOLLOW_UP_ARTICLES } from './pages/followUps';

export * from './types';
export { buildPdf } from './pdf';

export const LARGE_PAGE_BYTES = 3_000_000;

const HTML_UTF8 = 'text/html; charset=utf-8';
/**
 * The blocked, dead and image URLs belong to well-linked sites, so the search engine ranks them high for the
 * plain topic, as real engines do: the pipeline then meets them in a default run.
 */
const POPULAR = 1.4;

interface CorpusEntry {
  page: CorpusPage;
  mainText: string;
  body: () => Buffer;
}

function articleEntry(spec: ArticleSpec, kind: PageKind = 'article', options: { indexed?: boolean } = {}): CorpusEntry {
  const charset = spec.charset ?? 'utf-8';
  const large = kind === 'large';
  return {
    page: {
      path: spec.path,
      topic: spec.topic,
      title: spec.title,
      snippet: spec.snippet,
      kind,
      facts: spec.facts,
      boilerplate: [...boilerplateOf(spec.site), ...(large ? LARGE_PAGE_BOILERPLATE : [])],
      status: 200,
      contentType: `text/html; charset=${charset}`,
      indexed: options.indexed ?? true,
      onTopic: spec.onTopic ?? true,
      site: spec.site.name,
      published: spec.published,
      ...(spec.followUpOf ? { followUpOf: spec.followUpOf } : {}),
    },
    mainText: articleText(spec),
    body: () => {
      const html = large ? renderLargePage(spec) : renderArticlePage(spec);
      return charset === 'windows-1252' ? encodeWindows1252(html) : Buffer.from(html, 'utf8');
    },
  };
}

function renderLargePage(spec: ArticleSpec): string {
  const base = Buffer.byteLength(renderArticlePage(spec));
  return renderArticlePage(spec, commentsSection(LARGE_PAGE_BYTES - base));
}

function staticEntry(
  base: { path: string; title: string; snippet: string },
  kind: PageKind,
  details: {
    site: string;
    status: number;
    contentType: string;
    boilerplate?: string[];
    redirectTo?: string;
    facts?: string[];
    mainText?: string;
    popularity?: number;
  },
  body: () => Buffer,
): CorpusEntry {
  return {
    page: {
      path: base.path,
      topic: 'tensorflow vs pytorch',
      title: base.title,
      snippet: base.snippet,
      kind,
      facts: details.facts ?? [],
      boilerplate: details.boilerplate ?? [],
      status: details.status,
      contentType: details.contentType,
      ...(details.redirectTo ? { redirectTo: details.redirectTo } : {}),
      ...(details.popularity ? { popularity: details.popularity } : {}),
      indexed: true,
      onTopic: true,
      site: details.site,
    },
    mainText: details.mainText ?? '',
    body,
  };
}

const pdfText = PDF_DOCUMENT.paragraphs.map((p) => p.text).join('\n\n');

/** Order matters only for ties in search ranking: awkward URLs are interleaved with good ones. */
const ENTRIES: CorpusEntry[] = [
  articleEntry(kestrelCompileTimes),
  staticEntry(BOT_BLOCK, 'bot-block', { site: 'DevPulse', status: 403, contentType: HTML_UTF8, boilerplate: BOT_BLOCK.boilerplate, popularity: POPULAR }, () =>
    Buffer.from(botBlockHtml(), 'utf8'),
  ),
  articleEntry(circuitLedgerSurvey),
  staticEntry(NOT_FOUND, 'not-found', { site: 'ML Weekly', status: 404, contentType: HTML_UTF8, boilerplate: NOT_FOUND.boilerplate, popularity: POPULAR }, () =>
    Buffer.from(notFoundHtml(), 'utf8'),
  ),
  articleEntry(devWirePoll, 'large'),
  staticEntry(
    REDIRECT,
    'redirect',
    { site: 'Quarry Systems', status: 301, contentType: HTML_UTF8, redirectTo: quarryThroughput.path },
    () => Buffer.from(`<!DOCTYPE html>\n<html><head><title>301 Moved Permanently</title></head><body><h1>Moved Permanently</h1><p>The document has moved <a href="${quarryThroughput.path}">here</a>.</p></body></html>\n`),
  ),
  articleEntry(latticeServingDocs),
  staticEntry(
    PDF_PAGE,
    'pdf',
    { site: 'Northfield Institute of Technology', status: 200, contentType: 'application/pdf', facts: PDF_PAGE.facts, mainText: pdfText },
    () => buildPdf(PDF_DOCUMENT),
  ),
  articleEntry(nimbusMobile, 'slow'),
  staticEntry(BINARY, 'binary', { site: 'ChartBase', status: 200, contentType: 'image/png', popularity: POPULAR }, buildChartPng),
  articleEntry(westmarchReproducibility),
  articleEntry(stackHeapThread),
  articleEntry(pawsKittens),
  articleEntry(quarryThroughput, 'article', { indexed: false }),
  ...SOLID_STATE_ARTICLES.map((spec) => articleEntry(spec)),
  ...REMOTE_WORK_ARTICLES.map((spec) => articleEntry(spec)),
  ...RENDERED_ENTRIES,
  ...FOLLOW_UP_ARTICLES.map((spec) => articleEntry(spec)),
];

const BY_PATH = new Map(ENTRIES.map((entry) => [entry.page.path, entry]));
const BODY_CACHE = new Map<string, Buffer>();

/** Metadata of every corpus URL. */
export const CORPUS: readonly CorpusPage[] = ENTRIES.map((entry) => entry.page);

export function corpusPage(path: string): CorpusPage | undefined {
  return BY_PATH.get(path)?.page;
}

export function corpusPagesOf(topic: CorpusTopic): CorpusPage[] {
  return CORPUS.filter((page) => page.topic === topic);
}

/** The main text a careful extractor gets: article text for HTML pages, paragraph text for the PDF, else "". */
export function corpusMainText(path: string): string {
  return BY_PATH.get(path)?.mainText ?? '';
}

/** The exact bytes the web server sends for a corpus path. */
export function corpusBody(path: string): Buffer | undefined {
  const entry = BY_PATH.get(path);
  if (!entry) return undefined;
  let body = BODY_CACHE.get(path);
  if (!body) {
    body = entry.body();
    BODY_CACHE.set(path, body);
  }
  return body;
}
