/**
 * Serves the bundled corpus over real HTTP at http://127.0.0.1:<port>/<path>, with each page's status and
 * content type, a 301 for the moved article, a deliberately slow page, and a count of requests per path.
 */
import type http from 'node:http';
import { type CorpusPage, corpusBody, corpusPage } from './corpus';
import { unknownPathHtml } from './corpus/pages/awkward';
import { LoopbackServer, delay, requestSignal, sendText } from './http';

export interface WebServerOptions {
  /** How long the slow page waits before answering. Default 20 s. */
  slowPageDelayMs?: number;
  /** Delay before every answer, to look like a real network. Default 0. */
  latencyMs?: number;
  port?: number;
}

export const DEFAULT_SLOW_PAGE_DELAY_MS = 20_000;

const ROBOTS_TXT = 'User-agent: *\nAllow: /\n';

export class OfflineWebServer {
  /** Requests per path (query strings ignored), every method and status included. */
  readonly requests = new Map<string, number>();
  /** The most requests this server was answering at one time, for politeness checks. */
  maxConcurrent = 0;
  private concurrent = 0;
  readonly slowPageDelayMs: number;
  readonly latencyMs: number;
  private readonly http = new LoopbackServer((req, res, closing) => this.handle(req, res, closing));

  private constructor(options: WebServerOptions) {
    this.slowPageDelayMs = options.slowPageDelayMs ?? DEFAULT_SLOW_PAGE_DELAY_MS;
    this.latencyMs = options.latencyMs ?? 0;
  }

  static async start(options: WebServerOptions = {}): Promise<OfflineWebServer> {
    const server = new OfflineWebServer(options);
    await server.http.listen(options.port);
    return server;
  }

  /** e.g. http://127.0.0.1:41234 (no trailing slash). */
  get baseUrl(): string {
    return this.http.origin;
  }

  /** "127.0.0.1:port", the host a fetcher must be allowed to reach. */
  get host(): string {
    return this.http.host;
  }

  urlOf(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  /** Paths requested more than once, for "no page fetched twice" checks. */
  fetchedMoreThanOnce(): string[] {
    return [...this.requests].filter(([, n]) => n > 1).map(([path]) => path);
  }

  resetRequests(): void {
    this.requests.clear();
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse, closing: AbortSignal): Promise<void> {
    const path = decodePath(req.url ?? '/');
    this.requests.set(path, (this.requests.get(path) ?? 0) + 1);
    this.maxConcurrent = Math.max(this.maxConcurrent, ++this.concurrent);
    res.once('close', () => this.concurrent--);
    const signal = requestSignal(res, closing);
    if (!(await delay(this.latencyMs, signal))) return;

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : 'Method Not Allowed\n');
      return;
    }
    if (path === '/robots.txt') return sendText(res, 200, ROBOTS_TXT);

    const page = corpusPage(path);
    if (!page) return send(req, res, 404, 'text/html; charset=utf-8', Buffer.from(unknownPathHtml(path)));
    if (page.kind === 'slow' && !(await delay(this.slowPageDelayMs, signal))) return;
    if (page.kind === 'redirect') {
      return send(req, res, page.status, page.contentType, corpusBody(path)!, { location: this.urlOf(page.redirectTo!) });
    }
    send(req, res, page.status, page.contentType, corpusBody(path)!, extraHeaders(page));
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
