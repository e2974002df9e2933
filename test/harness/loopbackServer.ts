/** A loopback HTTP server for tests that records every request and answers what the test says. */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';

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
  /** Send the headers and half the body, then nothing more (a body that stalls). */
  stallBody?: boolean;
  /** Send the headers and half the body, and the rest this long after. */
  bodyDelayMs?: number;
}

export type Responder = Reply | ((request: RecordedRequest) => Reply | Promise<Reply>);

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
      Promise.resolve(typeof current === 'function' ? current(recorded) : current).then(
        (reply) => send(res, reply),
        (err: unknown) => send(res, { status: 599, body: { error: { message: `test responder failed: ${String(err)}` } } }),
      );
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
  if (reply.stallBody || reply.bodyDelayMs !== undefined) res.write(body.slice(0, Math.floor(body.length / 2)));
  if (reply.bodyDelayMs !== undefined) setTimeout(() => res.end(body.slice(Math.floor(body.length / 2))), reply.bodyDelayMs);
  else if (!reply.stallBody) res.end(body);
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
