/**
 * The page reader's rendering fallback: after the static HTML has been extracted, decide whether the
 * page needs a browser (decision.ts); if so, render it in the browser pool (every request through the
 * guard) and extract the rendered HTML the same way. A page that needs a browser when there is none,
 * or when rendering is off, is skipped as `needs-browser` unless its static text is readable anyway.
 */
import type { ExtractedContent } from '../extract/mainContent';
import { type RenderMode, wantsBrowser } from './decision';
import type { RenderLimits } from './guard';
import { CHROMIUM_MISSING, type PageRenderer } from './pool';

export interface RenderSettings {
  mode: RenderMode;
  /** The browser pool (the process-wide one in a worker). */
  renderer: PageRenderer;
  /** Requests one page may make while it renders; default 150. */
  maxRequests?: number;
  /** Bytes all of one page's responses may add up to; default 4 times the page size cap. */
  maxTotalBytes?: number;
}

/** What the fallback knows of the fetch: the page's final address, bytes and type, and the reader's fetch rules. */
export interface StaticPage {
  finalUrl: string;
  body: Buffer;
  contentType: string;
}

export type FetchRules = Omit<RenderLimits, 'maxRequests' | 'maxTotalBytes'>;

type Extraction = { ok: true; content: ExtractedContent } | { ok: false; reason: string };

export type RenderOutcome =
  | { ok: true; content: ExtractedContent; rendered: boolean }
  | { ok: false; status: 'needs-browser' | 'failed'; reason: string; title?: string };

const DEFAULT_MAX_REQUESTS = 150;

export interface FallbackInput {
  page: StaticPage;
  /** The static HTML's extraction. */
  content: ExtractedContent;
  settings: RenderSettings | undefined;
  rules: FetchRules;
  /** Below this much main text the static page is unreadable (the reader's "empty"). */
  minTextChars: number;
  /** The same extraction the static page went through, for the rendered HTML. */
  extract: (html: Buffer, finalUrl: string) => Promise<Extraction>;
  signal?: AbortSignal;
}

export async function renderWhenNeeded(input: FallbackInput): Promise<RenderOutcome> {
  const { content, settings, minTextChars } = input;
  const staticResult: RenderOutcome = { ok: true, content, rendered: false };
  // No signs read means no HTML (plain text): nothing a browser would add.
  if (!settings || !content.clientRendering || !wantsBrowser(settings.mode, content.text.length, content.clientRendering)) return staticResult;
  const readable = content.text.length >= minTextChars;
  const skip = (status: 'needs-browser' | 'failed', reason: string): RenderOutcome =>
    readable ? staticResult : { ok: false, status, reason, ...(content.title ? { title: content.title } : {}) };

  if (settings.mode === 'never') return skip('needs-browser', 'the page is built by script and needs a browser, but rendering is turned off (RESEARCH_RENDER=never)');
  if (!settings.renderer.available) return skip('needs-browser', CHROMIUM_MISSING);
  // A local file (npm run extract) is shown to the browser at an address that resolves nowhere, so
  // the browser reads no file: URL, and what the file links to goes through the guard like any page's.
  const { finalUrl } = input.page;
  const local = !/^https?:/i.test(finalUrl);
  const documentUrl = local ? `http://local-file.invalid/${encodeURIComponent(finalUrl.split('/').pop() ?? 'page.html')}` : finalUrl;
  const rendered = await settings.renderer.render({
    document: { url: documentUrl, body: input.page.body, contentType: input.page.contentType },
    limits: {
      timeoutMs: input.rules.timeoutMs,
      maxBytes: input.rules.maxBytes,
      maxRedirects: input.rules.maxRedirects,
      allowPrivateNetwork: input.rules.allowPrivateNetwork,
      allowedPrivateHosts: input.rules.allowedPrivateHosts ?? [],
      userAgent: input.rules.userAgent,
      maxRequests: settings.maxRequests ?? DEFAULT_MAX_REQUESTS,
      maxTotalBytes: settings.maxTotalBytes ?? 4 * input.rules.maxBytes,
    },
    signal: input.signal,
  });
  if (!rendered.ok) return skip('failed', `the page is built by script, and rendering it in chromium failed: ${rendered.reason}`);
  const extraction = await input.extract(Buffer.from(rendered.html, 'utf8'), local ? finalUrl : rendered.finalUrl);
  if (!extraction.ok) return skip('failed', `its rendered page could not be read: ${extraction.reason}`);
  // The rendered page is read unless it says less than the static one (a consent wall built by script).
  if (extraction.content.text.length < content.text.length) return staticResult;
  return { ok: true, content: extraction.content, rendered: true };
}
