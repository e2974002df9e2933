/**
 * A small pool that renders pages in Debian's chromium through playwright-core (never a downloaded
 * browser): one browser process, launched on first use, and at most N pages at once, each in its own
 * fresh context (no cookies or storage shared between pages), closed when its page is done. A crashed
 * renderer fails only its own page; a browser that died is launched again for the next page. Every
 * request goes through the request guard (guard.ts); what escapes interception (a WebSocket, a
 * preconnect) goes to a proxy of ours that answers nothing, so the browser itself reaches no address.
 */
import { accessSync, constants } from 'node:fs';
import * as net from 'node:net';
import { availableParallelism, freemem } from 'node:os';
import type { Browser, BrowserContext } from 'playwright-core';
import { type GuardRecord, type RenderLimits, type RenderedDocument, RequestGuard } from './guard';

/** Where Debian and Ubuntu install chromium. */
export const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export const CHROMIUM_MISSING = 'the page is built by script and needs a browser, but chromium is not installed on the worker (apt-get install chromium, or set RESEARCH_RENDER=never)';

export function findChromium(candidates: readonly string[] = CHROMIUM_PATHS): string | undefined {
  for (const path of candidates) {
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** A rendering page costs the browser roughly this much memory; the pool leaves room for it. */
const MEMORY_PER_PAGE = 300 * 1024 * 1024;
const MAX_PAGES = 4;

/** Pages rendered at once: one per core, as memory allows, at most four. */
export function defaultPageSlots(cores = availableParallelism(), freeBytes = freemem()): number {
  return Math.max(1, Math.min(MAX_PAGES, cores, Math.floor(freeBytes / MEMORY_PER_PAGE)));
}

export interface RenderRequest {
  /** The static page as fetched: its final URL, bytes and type. */
  document: RenderedDocument;
  limits: RenderLimits;
  signal?: AbortSignal;
}

export type RenderResult =
  | { ok: true; html: string; finalUrl: string; refused: GuardRecord[]; log: GuardRecord[] }
  | { ok: false; reason: string };

/** What the page reader needs of a renderer (tests give their own pool). */
export interface PageRenderer {
  /** False when there is no browser to render with. */
  readonly available: boolean;
  render(request: RenderRequest): Promise<RenderResult>;
}

export interface BrowserPoolOptions {
  /** The chromium to run; default: the first of CHROMIUM_PATHS that exists (none: the pool is unavailable). */
  executablePath?: string;
  /** Pages rendered at once; default: defaultPageSlots(). */
  pages?: number;
  /** Once, when a page needs a browser and there is none. */
  onMissingBrowser?: () => void;
}

/** After scripts have loaded the page, how long the network must be quiet before the page counts as built. */
const QUIET_MS = 250;
/** Scripts get this long after the document has loaded to go quiet; a page that polls forever is read then. */
const MAX_SETTLE_MS = 10_000;
/** The page's HTML is read before the deadline, leaving it this much of the time. */
const READ_MARGIN_MS = 1_000;

/** Chromium flags: no background traffic, no images, every connection through our dead-end proxy. */
function chromiumArgs(proxyPort: number): string[] {
  return [
    `--proxy-server=http://127.0.0.1:${proxyPort}`,
    // Without this, chromium sends loopback and link-local addresses past the proxy.
    '--proxy-bypass-list=<-loopback>',
    '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-default-apps',
    '--disable-extensions',
    '--no-first-run',
    '--mute-audio',
    '--disable-dev-shm-usage',
    '--blink-settings=imagesEnabled=false',
    '--js-flags=--max-old-space-size=512',
  ];
}

/** A proxy that answers nothing: what reaches it escaped route interception, and goes no further. */
class DeadEndProxy {
  /** The request lines of connections the browser opened past interception ("CONNECT host:443 HTTP/1.1"), the last 50. */
  readonly escaped: string[] = [];
  /** How many there were in all. */
  connections = 0;
  private readonly server = net.createServer((socket) => {
    this.connections++;
    socket.once('data', (head: Buffer) => {
      this.escaped.push(head.subarray(0, 300).toString('latin1').split('\r\n')[0]!);
      if (this.escaped.length > 50) this.escaped.shift();
      socket.destroy();
    });
    socket.on('error', () => undefined);
    socket.setTimeout(1_000, () => socket.destroy());
  });

  async start(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', resolve);
    });
    this.server.unref();
    return (this.server.address() as net.AddressInfo).port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

class Slots {
  private used = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(readonly size: number) {}

  async take(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.used < this.size) {
      this.used++;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const start = () => {
        signal?.removeEventListener('abort', onAbort);
        this.used++;
        resolve();
      };
      const onAbort = () => {
        const at = this.waiting.indexOf(start);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(signal!.reason);
      };
      this.waiting.push(start);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  give(): void {
    this.used--;
    this.waiting.shift()?.();
  }
}

export class BrowserPool implements PageRenderer {
  readonly executablePath: string | undefined;
  private readonly slots: Slots;
  private browser: Promise<Browser> | undefined;
  private proxy: DeadEndProxy | undefined;
  private proxyPort: number | undefined;
  private closed = false;
  private readonly onMissingBrowser: (() => void) | undefined;
  private missingNoted = false;

  constructor(options: BrowserPoolOptions = {}) {
    this.executablePath = 'executablePath' in options ? options.executablePath : findChromium();
    this.slots = new Slots(options.pages ?? defaultPageSlots());
    this.onMissingBrowser = options.onMissingBrowser;
  }

  get available(): boolean {
    if (this.executablePath) return true;
    if (!this.missingNoted) {
      this.missingNoted = true;
      this.onMissingBrowser?.();
    }
    return false;
  }

  /** Pages rendered at once. */
  get pages(): number {
    return this.slots.size;
  }

  /**
   * What went past route interception to the dead-end proxy, which answered nothing: chromium's own
   * background requests (update checks), and anything a page tried beside the guard.
   */
  get escapedRequests(): readonly string[] {
    return this.proxy?.escaped ?? [];
  }

  /** How many connections reached the dead-end proxy in all. */
  get escapedConnections(): number {
    return this.proxy?.connections ?? 0;
  }

  /** The running browser, launched on first use and again after it died. */
  private launch(): Promise<Browser> {
    if (this.closed) return Promise.reject(new Error('the browser pool is closed'));
    this.browser ??= (async () => {
      // playwright-core is loaded only when a page needs it: a worker that never renders never pays for it.
      const { chromium } = await import('playwright-core');
      this.proxy ??= new DeadEndProxy();
      this.proxyPort ??= await this.proxy.start();
      const browser = await chromium.launch({
        executablePath: this.executablePath,
        headless: true,
        args: chromiumArgs(this.proxyPort),
        // The worker decides what SIGTERM means (finish activities, then close this pool).
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      });
      browser.on('disconnected', () => {
        this.browser = undefined;
      });
      return browser;
    })().catch((error: unknown) => {
      this.browser = undefined;
      throw error;
    });
    return this.browser;
  }

  async render(request: RenderRequest): Promise<RenderResult> {
    if (!this.available) return { ok: false, reason: CHROMIUM_MISSING };
    await this.slots.take(request.signal);
    try {
      let browser: Browser;
      try {
        browser = await this.launch();
      } catch (error) {
        return { ok: false, reason: `chromium did not start: ${firstLine(error)}` };
      }
      return await this.renderIn(browser, request);
    } finally {
      this.slots.give();
    }
  }

  private async renderIn(browser: Browser, { document: staticPage, limits, signal }: RenderRequest): Promise<RenderResult> {
    const deadline = Date.now() + limits.timeoutMs;
    const stop = new AbortController();
    const onAbort = () => stop.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    let context: BrowserContext | undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      context = await browser.newContext({
        userAgent: limits.userAgent,
        serviceWorkers: 'block',
        acceptDownloads: false,
        javaScriptEnabled: true,
        viewport: { width: 1280, height: 900 },
      });
      const guard = new RequestGuard(limits, deadline, staticPage, stop.signal);
      await context.route('**/*', guard.handle);
      await context.routeWebSocket(/.*/, (ws) => {
        guard.log.push({ url: ws.url(), resourceType: 'websocket', outcome: 'refused', reason: 'WebSockets are not opened while rendering' });
        return ws.close();
      });
      const page = await context.newPage();
      const ended = new Promise<never>((_, reject) => {
        page.once('crash', () => reject(new Error("the page crashed the browser's renderer")));
        stop.signal.addEventListener('abort', () => reject(new Error('cancelled')), { once: true });
        timer = setTimeout(() => reject(new Error(`no rendered page within ${limits.timeoutMs} ms`)), Math.max(1, deadline - Date.now()));
      });
      ended.catch(() => undefined);
      const left = () => Math.max(1, deadline - Date.now() - READ_MARGIN_MS);
      await Promise.race([page.goto(staticPage.url, { waitUntil: 'domcontentloaded', timeout: left() }), ended]);
      // Scripts fetch the article after the document has loaded: wait until the network has been quiet.
      await Promise.race([page.waitForLoadState('networkidle', { timeout: Math.min(MAX_SETTLE_MS, left()) }).catch(() => undefined), ended]);
      await Promise.race([page.waitForTimeout(Math.min(QUIET_MS, left())), ended]);
      const html = await Promise.race([
        // A string, not a function: compiled TypeScript may wrap functions in helpers the page does not have.
        page.evaluate<string>(`(() => { const m = document.documentElement.outerHTML; return m.length > ${limits.maxBytes} ? m.slice(0, ${limits.maxBytes}) : m; })()`),
        ended,
      ]);
      return { ok: true, html: `<!doctype html>${html}`, finalUrl: page.url(), refused: guard.refused, log: guard.log };
    } catch (error) {
      if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : error;
      return { ok: false, reason: firstLine(error) };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      stop.abort();
      await context?.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const browser = this.browser;
    this.browser = undefined;
    await (await browser?.catch(() => undefined))?.close().catch(() => undefined);
    await this.proxy?.close();
    this.proxy = undefined;
    this.proxyPort = undefined;
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.replace(/^\w+\.\w+: /, '');
}

let shared: BrowserPool | undefined;

/** The process-wide pool, created on first use; the browser starts only when a page needs it. */
export function sharedBrowserPool(): BrowserPool {
  shared ??= new BrowserPool({
    onMissingBrowser: () => console.warn(`Pages that need a browser are skipped (needs-browser): chromium is not installed at ${CHROMIUM_PATHS.join(' or ')} (apt-get install chromium).`),
  });
  return shared;
}

/** Closes the process-wide pool's browser (the worker does on SIGTERM, once its activities are done). */
export async function closeSharedBrowserPool(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.close();
}
