/** Small node:http helpers shared by the offline servers: listening on loopback, bodies, delays, shutdown. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const LOOPBACK = '127.0.0.1';

/** A node:http server bound to a loopback address that can be shut down at once, even with requests still waiting. */
export class LoopbackServer {
  readonly server: http.Server;
  /** Aborted on close, so handlers waiting on a delay stop instead of holding the process open. */
  private readonly closing = new AbortController();
  private port = 0;
  private address = LOOPBACK;

  constructor(handler: (req: http.IncomingMessage, res: http.ServerResponse, closing: AbortSignal) => Promise<void>) {
    this.server = http.createServer((req, res) => {
      handler(req, res, this.closing.signal).catch((err: unknown) => {
        if (!res.headersSent && !res.destroyed) sendJson(res, 500, { error: { message: String(err), type: 'server_error' } });
        else res.destroy();
      });
    });
    // Like hosted APIs, keep idle connections well past a client's own idle timeout: with Node's 5 s a
    // busy client can reuse a socket the server is closing, and a page read fails with "Connection error".
    this.server.keepAliveTimeout = 65_000;
    this.server.headersTimeout = 66_000;
  }

  /** Listens on `address` (any 127.x.y.z is loopback on Linux) and `port` (0: an ephemeral one). */
  async listen(port = 0, address = LOOPBACK): Promise<number> {
    this.address = address;
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, address, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this.port;
  }

  get host(): string {
    return `${this.address}:${this.port}`;
  }

  get origin(): string {
    return `http://${this.host}`;
  }

  async close(): Promise<void> {
    this.closing.abort();
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }
}

/** Aborts when the client goes away before the answer was sent, or when the server closes. */
export function requestSignal(res: http.ServerResponse, closing: AbortSignal): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return AbortSignal.any([controller.signal, closing]);
}

/** Resolves true after `ms`, or false as soon as the signal aborts. */
export function delay(ms: number, signal: AbortSignal): Promise<boolean> {
  if (ms <= 0) return Promise.resolve(!signal.aborted);
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export async function readBody(req: http.IncomingMessage, maxBytes = 50_000_000): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new Error(`request body larger than ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

export function sendText(res: http.ServerResponse, status: number, text: string, contentType = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}
