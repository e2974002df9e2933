/**
 * Serves the bundled corpus over real HTTP at http://127.0.0.1:<port>/<path>, with each page's status and
 * content type, a 301 for the moved article, a deliberately slow page, and a count of requests per path.
 * With `siteHosts`, each site of the corpus also lives on its own loopback address on the same port
 * (127.0.0.2, 127.0.0.3, ...) and page URLs point there, so per-site politeness acts as on the web.
 */
import type http from 'node:http';
import { CORPUS, type CorpusPage, corpusBody, corpusPage } from './corpus';
import { EDITION_CONTROL_PATH, isEditionName, WorldEdition } from './edition';
import { unknownPathHtml } from './corpus/pages/awkward';
import { LoopbackServer, delay, requestSignal, sendText } from './http';

export interface WebServerOptions {
  /** How long the slow page waits before answering. Default 20 s. */
  slowPageDelayMs?: number;
  /** Delay before every answer, to look like a real network. Default 0. */
  latencyMs?: number;
  port?: number;
  /** Serve each corpus site on its own loopback address (127.0.0.2, ...), all on the same port. Default false. */
  siteHosts?: boolean;
  /** The edition to serve (shared with the search server); default: a fresh one, `off`. */
  edition?: WorldEdition;
}

export const DEFAULT_SLOW_PAGE_DELAY_MS = 20_000;

/** The loopback address of each corpus site, in corpus order: 127.0.0.2, 127.0.0.3, ... */
export const SITE_ADDRESSES: ReadonlyMap<string, string> = new Map(
  [...new Set(CORPUS.map((page) => page.site))].map((site, i) => [site, `127.0.0.${2 + i}`]),
);

/** Tries for a port free on every site address before giving up (only when the port was not fixed). */
const PORT_ATTEMPTS = 5;

const ROBOTS_TXT = 'User-agent: *\nAllow: /\n';

export interface WebRequestRecord {
  path: string;
  host: string;
  /** When the request arrived and when its answer was sent (ms since the epoch; 0 when never answered). */
  receivedAt: number;
  answeredAt: number;
}

export class OfflineWebServer {
  /** Requests per path (query strings ignored), every method and status included. */
  readonly requests = new Map<string, number>();
  /** Every request in arrival order, with its timing. */
  readonly log: WebRequestRecord[] = [];
  /** The most requests this server was answering at one time, all hosts together. */
  maxConcurrent = 0;
  /** The most requests one host was answering at one time, per host ("127.0.0.2:port"), for politeness checks. */
  readonly maxConcurrentByHost = new Map<string, number>();
  private concurrent = 0;
  private readonly concurrentByHost = new Map<string, number>();
  readonly slowPageDelayMs: number;
  readonly latencyMs: number;
  readonly siteHosts: boolean;
  /** The home host on 127.0.0.1 serves every page; with siteHosts, one more server per site serves its pages. */
  private readonly http = this.server();
  private readonly sites = new Map<string, LoopbackServer>();

  /** What this world serves now (`off`: the corpus as bundled); see edition.ts. */
  readonly edition: WorldEdition;

  private constructor(options: WebServerOptions) {
    this.edition = options.edition ?? new WorldEdition();
    this.slowPageDelayMs = options.slowPageDelayMs ?? DEFAULT_SLOW_PAGE_DELAY_MS;
    this.latencyMs = options.latencyMs ?? 0;
    this.siteHosts = options.siteHosts ?? false;
  }

  static async start(options: WebServerOptions = {}): Promise<OfflineWebServer> {
    for (let attempt = 1; ; attempt++) {
      const server = new OfflineWebServer(options);
      try {
        await server.listen(options.port ?? 0);
        return server;
      } catch (err) {
        await server.close();
        // Another program holds this port on one of the site addresses: with a port of our choosing, take another.
        const retry = (err as NodeJS.ErrnoException).code === 'EADDRINUSE' && !options.port && attempt < PORT_ATTEMPTS;
        if (!retry) throw err;
      }
    }
  }

  private async listen(port: number): Promise<void> {
    const chosen = await this.http.listen(port);
    if (!this.siteHosts) return;
    for (const [site, address] of SITE_ADDRESSES) {
      const server = this.server(site);
      this.sites.set(site, server);
      await server.listen(chosen, address);
    }
  }

  private server(site?: string): LoopbackServer {
    return new LoopbackServer((req, res, closing) => this.handle(req, res, closing, site));
  }

  /** The home host, e.g. http://127.0.0.1:41234 (no trailing slash); its port is the world's port. */
  get baseUrl(): string {
    return this.http.origin;
  }

  /** "127.0.0.1:port", the home host. */
  get host(): string {
    return this.http.host;
  }

  /** Every host this server answers on ("127.0.0.1:port", and with siteHosts one per site): what a fetcher must allow. */
  get hosts(): string[] {
    return [this.http.host, ...[...this.sites.values()].map((server) => server.host)];
  }

  /** Where a corpus page lives: on its site's host with siteHosts, else on the home host. */
  urlOf(path: string): string {
    const site = corpusPage(path)?.site;
    const server = site === undefined ? undefined : this.sites.get(site);
    return `${(server ?? this.http).origin}${path}`;
  }

  /** The peak of requests one host answered at once, over all hosts. */
  get maxConcurrentPerHost(): number {
    return Math.max(0, ...this.maxConcurrentByHost.values());
  }

  /** Paths requested more than once, for "no page fetched twice" checks. */
  fetchedMoreThanOnce(): string[] {
    return [...this.requests].filter(([, n]) => n > 1).map(([path]) => path);
  }

  resetRequests(): void {
    this.requests.clear();
    this.log.length = 0;
  }

  async close(): Promise<void> {
    await Promise.all([this.http, ...this.sites.values()].map((server) => server.close()));
  }

  private count(host: string, res: http.ServerResponse): void {
    this.maxConcurrent = Math.max(this.maxConcurrent, ++this.concurrent);
    const onHost = (this.concurrentByHost.get(host) ?? 0) + 1;
    this.concurrentByHost.set(host, onHost);
    this.maxConcurrentByHost.set(host, Math.max(this.maxConcurrentByHost.get(host) ?? 0, onHost));
    res.once('close', () => {
      this.concurrent--;
      this.concurrentByHost.set(host, this.concurrentByHost.get(host)! - 1);
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse, closing: AbortSignal, site?: string): Promise<void> {
    const path = decodePath(req.url ?? '/');
    const served = site === undefined ? this.http : this.sites.get(site)!;
    this.requests.set(path, (this.requests.get(path) ?? 0) + 1);
    this.count(served.host, res);
    const record: WebRequestRecord = { path, host: served.host, receivedAt: Date.now(), answeredAt: 0 };
    this.log.push(record);
    res.once('finish', () => (record.answeredAt = Date.now()));
    const signal = requestSignal(res, closing);
    if (!(await delay(this.latencyMs, signal))) return;

    // The world's control (offline only, loopback only): switch the edition pages and search are served from.
    if (req.method === 'POST' && path.startsWith(EDITION_CONTROL_PATH)) {
      const name = path.slice(EDITION_CONTROL_PATH.length);
      if (!isEditionName(name)) return sendText(res, 400, `unknown edition "${name}": before, after or off\n`);
      this.edition.set(name);
      return sendText(res, 200, `edition ${name}\n`);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : 'Method Not Allowed\n');
      return;
    }
    if (path === '/robots.txt') return sendText(res, 200, ROBOTS_TXT);

    // A site's host has only that site's pages, as on the web; the home host has them all.
    const page = corpusPage(path);
    const gone = this.edition.changes.gone.includes(path);
    if (!page || gone || (site !== undefined && page.site !== site)) return send(req, res, 404, 'text/html; charset=utf-8', Buffer.from(unknownPathHtml(path)));
    if (page.kind === 'slow' && !(await delay(this.slowPageDelayMs, signal))) return;
    if (page.kind === 'redirect') {
      return send(req, res, page.status, page.contentType, corpusBody(path)!, { location: `${served.origin}${page.redirectTo!}` });
    }
    send(req, res, page.status, page.contentType, this.edition.rewrite(path, corpusBody(path)!), extraHeaders(page));
  }
}

function decodePath(url: string): string {
  const path = url.split(/[?#]/)[0] || '/';
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

function extraHeaders(page: CorpusPage): Record<string, string> {
  switch (page.kind) {
    case 'bot-block':
      return { server: 'EdgeShield', 'cache-control': 'private, no-store', 'es-ray': '8f3a2c1d9e0b7a64' };
    case 'pdf':
      return { 'content-disposition': `inline; filename="${page.path.split('/').pop()}"` };
    default:
      return {};
  }
}

function send(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  status: number,
  contentType: string,
  body: Buffer,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': String(body.length), ...headers });
  res.end(req.method === 'HEAD' ? undefined : body);
}
