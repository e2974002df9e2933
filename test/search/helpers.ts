/** Shared by the search tests: a loopback HTTP server that records requests, fixtures, and failure checks. */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { createSearchProvider, type SearchProviderSettings } from '../../src/search';
import type { SearchProvider, SearchProviderName } from '../../src/search/types';

export interface RecordedRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON, strings as they are. */
  body?: unknown;
  /** Never answer (for timeouts and cancellation). */
  hang?: boolean;
}

export type Responder = Reply | ((request: RecordedRequest) => Reply);

export interface TestServer {
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  requests: RecordedRequest[];
  /** The single request the test expects to have been made. */
  lastRequest(): RecordedRequest;
  /** What to answer from now on. */
  respond(responder: Responder): void;
  close(): Promise<void>;
}

export async function startServer(responder: Responder = { status: 200, body: {} }): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  let current = responder;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        url: new URL(req.url ?? '/', 'http://127.0.0.1'),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      send(res, typeof current === 'function' ? current(recorded) : current);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    lastRequest() {
      const last = requests[requests.length - 1];
      if (!last) throw new Error('the server received no request');
      return last;
    },
    respond(next) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, reply: Reply): void {
  if (reply.hang) return;
  const isText = typeof reply.body === 'string';
  const body = reply.body === undefined ? '' : isText ? (reply.body as string) : JSON.stringify(reply.body);
  const contentType = isText ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8';
  res.writeHead(reply.status ?? 200, { 'content-type': contentType, ...reply.headers });
  res.end(body);
}

const FIXTURES = join(__dirname, '..', 'fixtures', 'search');

export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

export function fixtureJson(name: string): unknown {
  return JSON.parse(fixtureText(name));
}

/** A request's JSON body. */
export function jsonBody(request: RecordedRequest): Record<string, unknown> {
  return JSON.parse(request.body) as Record<string, unknown>;
}

/** Awaits a promise that must reject with an ApplicationFailure, and returns the failure. */
export async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApplicationFailure) return error;
    throw new Error(`expected an ApplicationFailure, got: ${String(error)}`);
  }
  throw new Error('expected the promise to reject, but it resolved');
}

export const TEST_KEYS = {
  serperApiKey: 'test-serper-key',
  serpapiApiKey: 'test-serpapi-key',
  googleApiKey: 'test-google-key',
  googleCseId: 'test-cse-id',
  braveApiKey: 'test-brave-key',
  tavilyApiKey: 'test-tavily-key',
} as const;

/** A provider built the way the app builds it, with test keys, pointed at `baseUrl`. */
export function providerAt(
  provider: SearchProviderName,
  baseUrl: string,
  overrides: Partial<SearchProviderSettings> = {},
): SearchProvider {
  return createSearchProvider({
    provider,
    timeoutMs: 2_000,
    ...TEST_KEYS,
    baseUrls: { [provider]: baseUrl },
    ...overrides,
  });
}
