/**
 * Every request the browser makes while rendering a page goes through here (Playwright route
 * interception): the browser itself reaches nothing. Documents, scripts and data are fetched by our
 * own safe fetch, with the same rules as any page we read (http(s) only, the address checked when the
 * socket connects, the redirect limit, the size cap), and handed to the browser; images, media, fonts,
 * style sheets and sub-frames are not loaded; every other scheme, method or resource is refused. A page
 * also has a request count, a byte budget and a deadline for all of its requests together.
 */
import type { Route } from 'playwright-core';
import { type SafeFetchOptions, WebFetchError, fetchUrl } from '../safeFetch';

export interface RenderLimits extends Pick<SafeFetchOptions, 'maxBytes' | 'maxRedirects' | 'allowPrivateNetwork' | 'allowedPrivateHosts' | 'userAgent'> {
  /** The whole render: navigation, every request, the wait for scripts. */
  timeoutMs: number;
  /** Requests one page may make. */
  maxRequests: number;
  /** Bytes all of one page's responses may add up to. */
  maxTotalBytes: number;
}

export interface GuardRecord {
  url: string;
  resourceType: string;
  outcome: 'served' | 'refused' | 'not-loaded';
  reason?: string;
}

/** What a page needs no browser to load for its text. */
const NOT_LOADED = new Set(['image', 'media', 'font', 'stylesheet', 'texttrack', 'manifest', 'eventsource', 'websocket', 'ping', 'other']);
/** Response headers that describe the bytes on the wire, not the body handed to the browser. */
const WIRE_HEADERS = new Set(['content-encoding', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'alt-svc', 'strict-transport-security']);

type AbortCode = Parameters<Route['abort']>[0];

function abortCode(error: WebFetchError): AbortCode {
  switch (error.kind) {
    case 'refused-address':
    case 'refused-metadata':
    case 'bad-url':
      return 'accessdenied';
    case 'timeout':
      return 'timedout';
    case 'dns':
      return 'namenotresolved';
    case 'connection':
      return 'connectionfailed';
    default:
      return 'failed';
  }
}

/** The address without its fragment: how the main document's request is recognised. */
function withoutFragment(url: string): string {
  const at = url.indexOf('#');
  return at < 0 ? url : url.slice(0, at);
}

export interface RenderedDocument {
  url: string;
  body: Buffer;
  contentType: string;
}

export class RequestGuard {
  readonly log: GuardRecord[] = [];
  private requests = 0;
  private bytes = 0;
  private documentServed = false;

  /**
   * `document` is the page as already fetched: the browser's first request for it is answered with
   * those bytes, so the page is not fetched twice and the browser reads what our reader read.
   */
  constructor(
    private readonly limits: RenderLimits,
    private readonly deadline: number,
    private readonly document: RenderedDocument,
    private readonly signal: AbortSignal,
  ) {}

  /** Requests refused for a reason of safety or budget (not the resources simply not loaded). */
  get refused(): GuardRecord[] {
    return this.log.filter((r) => r.outcome === 'refused');
  }

  readonly handle = async (route: Route): Promise<void> => {
    const request = route.request();
    const url = request.url();
    const resourceType = request.resourceType();
    try {
      if (NOT_LOADED.has(resourceType) || (resourceType === 'document' && request.frame().parentFrame() !== null)) {
        this.log.push({ url, resourceType, outcome: 'not-loaded' });
        return await route.abort('blockedbyclient');
      }
      if (!/^https?:/i.test(url)) return await this.refuse(route, url, resourceType, `the ${url.split(':')[0]}: scheme is never fetched`, 'accessdenied');
      const method = request.method();
      if (method === 'OPTIONS') return await this.answerPreflight(route);
      if (method !== 'GET') return await this.refuse(route, url, resourceType, `${method} requests are not made while rendering`, 'accessdenied');
      if (!this.documentServed && resourceType === 'document' && withoutFragment(url) === withoutFragment(this.document.url)) {
        this.documentServed = true;
        this.log.push({ url, resourceType, outcome: 'served' });
        return await route.fulfill({ status: 200, contentType: this.document.contentType, body: this.document.body });
      }
      await this.fetchFor(route, url, resourceType, request.headers().accept);
    } catch {
      // The page was closed while this request waited (render over, deadline, crash), or the request
      // could not be read: it fails, and never goes out by itself.
      await route.abort('failed').catch(() => undefined);
    }
  };

  private async refuse(route: Route, url: string, resourceType: string, reason: string, code: AbortCode): Promise<void> {
    this.log.push({ url, resourceType, outcome: 'refused', reason });
    await route.abort(code);
  }

  /** A CORS preflight is answered here (nothing is sent anywhere): the request it clears still comes through the guard. */
  private async answerPreflight(route: Route): Promise<void> {
    const headers = route.request().headers();
    await route.fulfill({
      status: 204,
      headers: {
        'access-control-allow-origin': headers.origin ?? '*',
        'access-control-allow-methods': 'GET',
        'access-control-allow-headers': headers['access-control-request-headers'] ?? '',
      },
    });
  }

  private async fetchFor(route: Route, url: string, resourceType: string, accept: string | undefined): Promise<void> {
    const remainingMs = this.deadline - Date.now();
    if (++this.requests > this.limits.maxRequests) {
      return this.refuse(route, url, resourceType, `more than ${this.limits.maxRequests} requests for one page`, 'blockedbyclient');
    }
    const budget = Math.min(this.limits.maxBytes, this.limits.maxTotalBytes - this.bytes);
    if (remainingMs <= 0 || budget <= 0) {
      return this.refuse(route, url, resourceType, remainingMs <= 0 ? 'the page ran out of time' : `the page used its ${this.limits.maxTotalBytes}-byte budget`, 'blockedbyclient');
    }
    let fetched;
    try {
      fetched = await fetchUrl(url, {
        timeoutMs: remainingMs,
        maxBytes: budget,
        maxRedirects: this.limits.maxRedirects,
        allowPrivateNetwork: this.limits.allowPrivateNetwork,
        allowedPrivateHosts: this.limits.allowedPrivateHosts,
        userAgent: this.limits.userAgent,
        signal: this.signal,
        ...(accept ? { accept } : {}),
      });
    } catch (error) {
      if (!(error instanceof WebFetchError)) throw error;
      return this.refuse(route, url, resourceType, error.message, abortCode(error));
    }
    this.bytes += fetched.body.length;
    // A script or a data file cut short is worse than none: it fails to parse, or reads as other data.
    if (fetched.truncated) return this.refuse(route, url, resourceType, `larger than ${budget} bytes`, 'failed');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(fetched.headers)) if (!WIRE_HEADERS.has(name)) headers[name] = value;
    this.log.push({ url, resourceType, outcome: 'served' });
    await route.fulfill({ status: fetched.status, headers, body: fetched.body });
  }
}
