/**
 * Reads one web page for the browse activity: safe fetch, then text out of HTML, plain text or PDF,
 * then a verdict. Pages that cannot help (missing, blocked, binary, empty) come back as `ok: false`
 * with a reason; only transient trouble (timeouts, network errors, 5xx) throws, as a retryable
 * `Unavailable` failure, so Temporal's retry policy tries again.
 */
import { STATUS_CODES } from 'node:http';
import type { PageSkipReason } from '../domain/types';
import { unavailable } from '../errors';
import { cleanText } from '../text/hygiene';
import { detectBlockPage } from './blockPage';
import type { ExtractedContent } from './extract/mainContent';
import { type ExtractionPool, sharedExtractionPool } from './extract/pool';
import { PdfError, pdfToText } from './pdf';
import { type RenderSettings, renderWhenNeeded } from './render/fallback';
import { type FetchedResponse, type SafeFetchOptions, WebFetchError, fetchUrl } from './safeFetch';

export interface ReadPageOptions extends SafeFetchOptions {
  /** Longest text returned; longer text is cut at a word boundary and marked truncated. */
  maxTextChars?: number;
  /** The worker threads that extract text; default: the process-wide pool. */
  extractionPool?: ExtractionPool;
  /** The rendering fallback for pages built by script; without it, pages are read as fetched. */
  render?: RenderSettings;
}

export type ReadPageFailure = Extract<PageSkipReason, 'failed' | 'blocked' | 'not-text' | 'empty' | 'too-large' | 'needs-browser'>;

export type ReadPageResult =
  | {
      ok: true;
      url: string;
      finalUrl: string;
      title: string;
      text: string;
      contentType: string;
      /** The body hit the byte cap or the text hit maxTextChars: the text is the page's beginning. */
      truncated: boolean;
    }
  | { ok: false; status: ReadPageFailure; reason: string; title?: string };

/** Less main text than this is a shell, a login page or an error page, not something to summarize. */
export const MIN_TEXT_CHARS = 200;
/** Below this much main text the whole page text is checked for bot walls too (they hide in <noscript>). */
const SHORT_MAIN_TEXT_CHARS = 1000;

export const REFUSED_PRIVATE_REASON =
  'refused: resolves to a private address (name the host in RESEARCH_ALLOWED_HOSTS, or set RESEARCH_ALLOW_PRIVATE_NETWORK=true, to allow)';
export const REFUSED_METADATA_REASON =
  'refused: resolves to a link-local or cloud metadata address, which RESEARCH_ALLOW_PRIVATE_NETWORK does not open (name the host in RESEARCH_ALLOWED_HOSTS if you mean it)';

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const PDF_TYPE = 'application/pdf';
const PLAIN_TYPE = 'text/plain';
/** Labels servers put on downloads whose real type only the bytes tell. */
const UNTYPED = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/x-pdf', 'application/download']);

/** A page that cannot help, and why. Reasons quote what servers sent (a type, a redirect target): cleaned like page text. */
function failure(status: ReadPageFailure, reason: string, title?: string): ReadPageResult {
  const cleanTitle = title === undefined ? '' : cleanText(title);
  return { ok: false, status, reason: cleanText(reason), ...(cleanTitle ? { title: cleanTitle } : {}) };
}

function httpStatusText(status: number): string {
  return `HTTP ${status}${STATUS_CODES[status] ? ` ${STATUS_CODES[status]}` : ''}`;
}

/** The declared type, or for untyped downloads what the first bytes say; a PDF is a PDF whatever its label. */
function effectiveContentType(fetched: FetchedResponse): string {
  const head = fetched.body.subarray(0, 1024).toString('latin1');
  if (/^\s*%PDF-/.test(head)) return PDF_TYPE;
  if (!UNTYPED.has(fetched.contentType)) return fetched.contentType;
  if (fetched.contentType === 'application/x-pdf') return PDF_TYPE;
  if (fetched.contentType !== '') return fetched.contentType;
  if (/<(!doctype html|html|head|body)\b/i.test(head)) return 'text/html';
  return head.includes('\0') ? 'application/octet-stream' : PLAIN_TYPE;
}

function capText(text: string, maxChars: number | undefined): { text: string; capped: boolean } {
  if (maxChars === undefined || text.length <= maxChars) return { text, capped: false };
  const cut = text.slice(0, maxChars);
  const boundary = cut.search(/\s\S*$/);
  return { text: (boundary > maxChars * 0.9 ? cut.slice(0, boundary) : cut).trimEnd(), capped: true };
}

/** A file's name from its URL (a PDF without a title is titled after it), else the host. */
function fileNameFromUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const last = parsed.pathname.split('/').filter(Boolean).pop();
    return last ? decodeURIComponent(last) : parsed.hostname;
  } catch {
    return url;
  }
}

function blockReason(status: number, content: ExtractedContent): string | undefined {
  return (
    detectBlockPage({ status, title: content.title, text: content.text }) ??
    (content.text.length < SHORT_MAIN_TEXT_CHARS ? detectBlockPage({ status, title: content.title, text: content.pageText }) : undefined)
  );
}

type Extraction = { ok: true; content: ExtractedContent } | Extract<ReadPageResult, { ok: false }>;

/** Bytes to text in the extraction pool (sniffing, decoding, extraction), off the event loop. */
async function extract(fetched: FetchedResponse, contentType: string, options: ReadPageOptions): Promise<Extraction> {
  const pool = options.extractionPool ?? sharedExtractionPool();
  const result = await pool.extract(
    { body: fetched.body, charset: fetched.charset, kind: HTML_TYPES.has(contentType) ? 'html' : 'text', url: fetched.finalUrl },
    options.signal,
  );
  return result.ok ? result : { ok: false, status: result.status, reason: cleanText(result.reason) };
}

/** What a failed fetch means for the page: a skip reason, or a thrown failure for retry/cancellation. */
function fetchFailure(url: string, error: unknown, signal: AbortSignal | undefined): ReadPageResult {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : error;
  if (!(error instanceof WebFetchError)) throw error;
  switch (error.kind) {
    case 'aborted':
      throw error;
    case 'refused-address':
      return failure('failed', REFUSED_PRIVATE_REASON);
    case 'refused-metadata':
      return failure('failed', REFUSED_METADATA_REASON);
    case 'bad-url':
      return failure('failed', `bad URL: ${error.message}`);
    case 'too-many-redirects':
      return failure('failed', `too many redirects: ${error.message}`);
    case 'timeout':
      // A page that could not answer within the whole time limit is slow, not glitching: retrying
      // would spend the same time again, so it is recorded and the run goes on.
      return failure('failed', `too slow: ${error.message}`);
    case 'dns':
    case 'connection':
    case 'tls':
    case 'decompress':
    case 'closed-early':
      if (error.retryable) throw unavailable(`could not read ${url}: ${error.message}`, error);
      return failure('failed', `could not read the page: ${error.message}`);
  }
}

async function readErrorStatus(url: string, fetched: FetchedResponse, contentType: string, options: ReadPageOptions): Promise<ReadPageResult> {
  const { status } = fetched;
  if (HTML_TYPES.has(contentType) || contentType === PLAIN_TYPE) {
    const extraction = await extract(fetched, contentType, options);
    if (extraction.ok) {
      const content = HTML_TYPES.has(contentType) ? extraction.content : { ...extraction.content, title: '' };
      const blocked = blockReason(status, content);
      if (blocked) return failure('blocked', blocked, content.title || undefined);
    }
  } else {
    const blocked = detectBlockPage({ status, title: '', text: '' });
    if (blocked) return failure('blocked', blocked);
  }
  if (status >= 500) throw unavailable(`could not read ${url}: the site answered ${httpStatusText(status)}`);
  if (status >= 300 && status < 400) return failure('failed', `${httpStatusText(status)} without a usable redirect`);
  return failure('failed', httpStatusText(status));
}

async function readPdf(url: string, fetched: FetchedResponse, options: ReadPageOptions): Promise<ReadPageResult> {
  if (fetched.truncated) {
    return failure('failed', `the PDF is larger than the ${options.maxBytes}-byte download limit, and a partial PDF cannot be read`);
  }
  let pdf;
  try {
    pdf = await pdfToText(fetched.body, { signal: options.signal });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    if (error instanceof PdfError) return failure('failed', error.message);
    throw error;
  }
  // HTML and plain text are cleaned in the extraction pool's threads; a PDF's text arrives here from its own worker.
  const title = cleanText(pdf.title ?? '') || cleanText(fileNameFromUrl(fetched.finalUrl));
  const pdfText = cleanText(pdf.text);
  if (pdfText.length < MIN_TEXT_CHARS) {
    return failure('empty', `the PDF has only ${pdfText.length} characters of extractable text (scanned images?)`, title);
  }
  const { text, capped } = capText(pdfText, options.maxTextChars);
  return { ok: true, url, finalUrl: fetched.finalUrl, title, text, contentType: PDF_TYPE, truncated: capped };
}

async function readHtmlOrText(url: string, fetched: FetchedResponse, contentType: string, options: ReadPageOptions): Promise<ReadPageResult> {
  const extraction = await extract(fetched, contentType, options);
  if (!extraction.ok) return extraction;
  // A page built by script is rendered in a browser (render/), and the rendered HTML extracted the same way.
  const rendering = await renderWhenNeeded({
    page: { finalUrl: fetched.finalUrl, body: fetched.body, contentType: fetched.headers['content-type'] ?? contentType },
    content: extraction.content,
    settings: options.render,
    rules: options,
    minTextChars: MIN_TEXT_CHARS,
    extract: (body, finalUrl) => extract({ ...fetched, body, charset: 'utf-8', finalUrl }, contentType, options),
    signal: options.signal,
  });
  if (!rendering.ok) return failure(rendering.status, rendering.reason, rendering.title);
  const { content } = rendering;

  const blocked = blockReason(fetched.status, content);
  if (blocked) return failure('blocked', blocked, content.title);
  if (content.text.length < MIN_TEXT_CHARS) {
    return failure('empty', `only ${content.text.length} characters of text after removing navigation and boilerplate`, content.title);
  }
  const { text, capped } = capText(content.text, options.maxTextChars);
  return {
    ok: true,
    url,
    finalUrl: fetched.finalUrl,
    title: content.title,
    text,
    contentType,
    truncated: fetched.truncated || capped,
  };
}

export async function readPage(url: string, options: ReadPageOptions): Promise<ReadPageResult> {
  let fetched: FetchedResponse;
  try {
    fetched = await fetchUrl(url, options);
  } catch (error) {
    return fetchFailure(url, error, options.signal);
  }

  return readFetched(url, fetched, options);
}

/** Everything after the fetch: type sniffing, then PDF, HTML or text reading. Also what `npm run extract` uses for files. */
export async function readFetched(url: string, fetched: FetchedResponse, options: ReadPageOptions): Promise<ReadPageResult> {
  const contentType = effectiveContentType(fetched);
  if (fetched.status < 200 || fetched.status >= 300) return readErrorStatus(url, fetched, contentType, options);

  if (contentType === PDF_TYPE) return readPdf(url, fetched, options);
  if (HTML_TYPES.has(contentType) || contentType === PLAIN_TYPE) return readHtmlOrText(url, fetched, contentType, options);
  return failure('not-text', `not a text page: ${contentType || 'no content type'}`);
}
