/**
 * A SearxNG-compatible search server over the bundled corpus: GET /search?q=...&format=json answers with
 * SearxNG's JSON shape; other formats get 403 as on an instance with only HTML enabled. Faults (500, 429)
 * and latency can be set to exercise retries.
 */
import type http from 'node:http';
import { z } from 'zod';
import { LoopbackServer, delay, readBody, requestSignal, sendJson, sendText } from './http';
import { searchCorpus } from './searchIndex';
import type { WorldEdition } from './edition';

export interface SearchServerOptions {
  /** The world's edition: pages it hides are not returned. */
  edition?: WorldEdition;
  /** Base URL of the web server the corpus is served from, e.g. http://127.0.0.1:41234. */
  webBaseUrl: string;
  /** Where a corpus path lives, when the web server puts sites on their own hosts. Default: webBaseUrl + path. */
  urlOf?: (path: string) => string;
  /** Delay before every answer. Default 0. */
  latencyMs?: number;
  /** Results per page (SearxNG's pageno). Default 20. */
  pageSize?: number;
  port?: number;
}

export const SearchFaultSchema = z.object({
  /** 500 answers "Internal Server Error", 429 answers "Too Many Requests" (the SearxNG limiter). */
  status: z.union([z.literal(500), z.literal(429), z.literal(502), z.literal(503)]),
  times: z.number().int().min(1),
  retryAfterSeconds: z.number().nonnegative().optional(),
});
export type SearchFault = z.infer<typeof SearchFaultSchema>;

export interface SearchRequestRecord {
  q: string;
  format: string | null;
  language: string | null;
  pageno: number;
  status: number;
  results: number;
  /** When the request arrived and when it was answered (ms since the epoch). */
  receivedAt: number;
  answeredAt: number;
}

const ENGINE_SETS = [['duckduckgo', 'brave'], ['google'], ['brave', 'startpage'], ['duckduckgo'], ['google', 'startpage', 'brave']];

export class OfflineSearchServer {
  /** Every query asked, in order (with format=json or not). */
  readonly queries: string[] = [];
  readonly requests: SearchRequestRecord[] = [];
  private faults: SearchFault[] = [];
  private readonly http = new LoopbackServer((req, res, closing) => this.handle(req, res, closing));

  private constructor(private readonly options: SearchServerOptions) {}

  static async start(options: SearchServerOptions): Promise<OfflineSearchServer> {
    const server = new OfflineSearchServer(options);
    await server.http.listen(options.port);
    return server;
  }

  /** The instance's base URL, as SEARXNG_URL expects (no trailing slash). */
  get url(): string {
    return this.http.origin;
  }

  /** Replaces the pending faults; each answers `times` requests in turn. */
  setFaults(faults: SearchFault | SearchFault[]): void {
    this.faults = (Array.isArray(faults) ? faults : [faults]).map((f) => SearchFaultSchema.parse(f));
  }

  clearFaults(): void {
    this.faults = [];
  }

  pendingFaults(): SearchFault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse, closing: AbortSignal): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    if (url.pathname === '/__faults') return this.handleFaults(req, res);
    if (url.pathname === '/healthz') return sendText(res, 200, 'OK');
    if (url.pathname !== '/search' && url.pathname !== '/') return sendText(res, 404, 'Not Found');
    if (url.pathname === '/' && !url.searchParams.has('q')) return sendText(res, 200, '<!DOCTYPE html><title>SearXNG</title>', 'text/html; charset=utf-8');

    const receivedAt = Date.now();
    const signal = requestSignal(res, closing);
    if (!(await delay(this.options.latencyMs ?? 0, signal))) return;

    const q = (url.searchParams.get('q') ?? '').trim();
    const format = url.searchParams.get('format');
    const record: SearchRequestRecord = {
      q,
      format,
      language: url.searchParams.get('language'),
      pageno: Math.max(1, Number(url.searchParams.get('pageno')) || 1),
      status: 200,
      results: 0,
      receivedAt,
      answeredAt: 0,
    };
    res.once('finish', () => (record.answeredAt = Date.now()));
    this.queries.push(q);
    this.requests.push(record);

    const fault = this.takeFault();
    if (fault) {
      record.status = fault.status;
      if (fault.status === 429) {
        res.writeHead(429, { 'content-type': 'text/plain; charset=utf-8', ...(fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {}) });
        res.end('Too Many Requests');
        return;
      }
      return sendText(res, fault.status, fault.status === 500 ? 'Internal Server Error' : 'Service Unavailable');
    }
    if (format !== 'json') {
      record.status = 403;
      return sendText(res, 403, 'Forbidden', 'text/html; charset=utf-8');
    }
    if (!q) {
      record.status = 400;
      return sendText(res, 400, 'Bad Request');
    }
    const body = this.answer(q, record.pageno);
    record.results = body.results.length;
    sendJson(res, 200, body);
  }

  private answer(query: string, pageno: number) {
    const pageSize = this.options.pageSize ?? 20;
    const hidden = this.options.edition?.changes.hidden ?? [];
    const hits = searchCorpus(query).filter((hit) => !hidden.includes(hit.page.path));
    const onPage = hits.slice((pageno - 1) * pageSize, pageno * pageSize);
    return {
      query,
      number_of_results: hits.length,
      results: onPage.map((hit, i) => {
        const url = this.options.urlOf?.(hit.page.path) ?? `${this.options.webBaseUrl}${hit.page.path}`;
        const parsed = new URL(url);
        const engines = ENGINE_SETS[(hit.page.path.length + i) % ENGINE_SETS.length];
        const position = (pageno - 1) * pageSize + i + 1;
        return {
          url,
          title: hit.page.title,
          content: hit.page.snippet,
          engine: engines[0],
          engines,
          parsed_url: [parsed.protocol.replace(':', ''), parsed.host, parsed.pathname, '', parsed.search.replace('?', ''), ''],
          template: 'default.html',
          positions: engines.map(() => position),
          score: Math.round(hit.score * engines.length * 1000) / 1000,
          category: 'general',
          publishedDate: hit.page.published ? `${hit.page.published}T00:00:00` : null,
          thumbnail: null,
          priority: '',
        };
      }),
      answers: [],
      corrections: [],
      infoboxes: [],
      suggestions: [],
      unresponsive_engines: [],
    };
  }

  private takeFault(): SearchFault | undefined {
    const fault = this.faults[0];
    if (!fault) return undefined;
    fault.times -= 1;
    if (fault.times <= 0) this.faults.shift();
    return fault;
  }

  private async handleFaults(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.method === 'GET') return sendJson(res, 200, { faults: this.pendingFaults() });
    if (req.method === 'DELETE') {
      this.clearFaults();
      return sendJson(res, 200, { faults: [] });
    }
    if (req.method !== 'POST') return sendText(res, 405, 'Method Not Allowed');
    try {
      const body: unknown = JSON.parse((await readBody(req)) || '[]');
      const list = Array.isArray(body) ? body : body && typeof body === 'object' && 'faults' in body ? (body as { faults: unknown }).faults : [body];
      this.setFaults(z.array(SearchFaultSchema).parse(list));
      sendJson(res, 200, { faults: this.pendingFaults() });
    } catch (err) {
      sendJson(res, 400, { error: String(err instanceof Error ? err.message : err) });
    }
  }
}
