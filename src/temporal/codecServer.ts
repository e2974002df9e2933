/**
 * Temporal's remote codec protocol over HTTP, so the owner of encrypted runs reads them in the Temporal UI
 * and with `temporal workflow show --codec-endpoint`: `POST /encode` and `POST /decode` (also under
 * `/{namespace}/`, as the CLI's `{namespace}` template fills it), each taking and answering
 * `{"payloads": [{"metadata": {...base64}, "data": base64}]}`.
 *
 * Every request needs the bearer token (CODEC_SERVER_TOKEN): in `Authorization: Bearer ...` (the CLI's
 * `--codec-auth`), or in the cookie that `/login` sets for a browser (the UI cannot send a header of its
 * own; with "Include cross-origin credentials" on, it sends the cookie). CORS lets only the UI's origins
 * (TEMPORAL_UI_ORIGIN) read the answers.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { DecryptionError } from './encryption';

export interface CodecServerOptions {
  codec: PayloadCodec;
  token: string;
  /** Origins whose pages may call the server (the Temporal UI's). */
  uiOrigins: readonly string[];
  /** Largest request body accepted. */
  maxBodyBytes?: number;
}

const ROUTE = /^(?:\/([^/]+))?\/(encode|decode)\/?$/;
const COOKIE = 'codec-token';
const DEFAULT_MAX_BODY = 32 * 1024 * 1024;

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

export function createCodecServer(options: CodecServerOptions): http.Server {
  const expected = digest(options.token);
  const allowed = new Set(options.uiOrigins);
  const authorized = (req: http.IncomingMessage): boolean => {
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const presented = bearer ?? cookieOf(req, COOKIE);
    return presented !== undefined && timingSafeEqual(digest(presented), expected);
  };

  return http.createServer((req, res) => {
    const origin = req.headers.origin;
    if (origin && allowed.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    res.setHeader('Vary', 'Origin');
    const url = new URL(req.url ?? '/', 'http://codec.local');

    if (url.pathname === '/login') return login(req, res, expected);
    const route = ROUTE.exec(url.pathname);
    if (!route) return reply(res, 404, { error: 'not found: POST /encode or /decode (also under /{namespace}/)' });
    if (req.method === 'OPTIONS') {
      if (!origin || !allowed.has(origin)) return reply(res, 403, { error: `origin ${origin ?? '(none)'} is not allowed: set TEMPORAL_UI_ORIGIN` });
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'POST, OPTIONS',
        'Access-Control-Allow-Headers': 'Authorization, Content-Type, X-Namespace',
        'Access-Control-Max-Age': '600',
      });
      return res.end();
    }
    if (req.method !== 'POST') return reply(res, 405, { error: 'use POST' }, { Allow: 'POST, OPTIONS' });
    if (!authorized(req)) return reply(res, 401, { error: 'a bearer token is required (Authorization: Bearer <CODEC_SERVER_TOKEN>)' }, { 'WWW-Authenticate': 'Bearer' });

    readBody(req, options.maxBodyBytes ?? DEFAULT_MAX_BODY)
      .then(async (body) => {
        const payloads = parsePayloads(body);
        const out = route[2] === 'encode' ? await options.codec.encode(payloads) : await options.codec.decode(payloads);
        reply(res, 200, { payloads: out.map(toJson) });
      })
      .catch((err: unknown) => {
        if (err instanceof HttpError) return reply(res, err.status, { error: err.message });
        if (err instanceof DecryptionError) return reply(res, 422, { error: `cannot decrypt: ${err.message}` });
        reply(res, 500, { error: 'the codec failed' });
      });
  });
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function reply(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new HttpError(413, `the request is larger than ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parsePayloads(body: string): Payload[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new HttpError(400, 'the body is not JSON');
  }
  const list = (parsed as { payloads?: unknown }).payloads;
  if (!Array.isArray(list)) throw new HttpError(400, 'the body must be {"payloads": [...]}');
  return list.map((p: JsonPayload) => {
    if (typeof p !== 'object' || p === null) throw new HttpError(400, 'each payload must be an object');
    const metadata: Record<string, Uint8Array> = {};
    for (const [key, value] of Object.entries(p.metadata ?? {})) {
      if (typeof value !== 'string') throw new HttpError(400, `metadata ${key} must be base64`);
      metadata[key] = Buffer.from(value, 'base64');
    }
    if (p.data !== undefined && typeof p.data !== 'string') throw new HttpError(400, 'data must be base64');
    return { metadata, data: Buffer.from(p.data ?? '', 'base64') };
  });
}

function toJson(payload: Payload): JsonPayload {
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(payload.metadata ?? {})) metadata[key] = Buffer.from(value ?? new Uint8Array()).toString('base64');
  return { metadata, data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64') };
}

function cookieOf(req: http.IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/**
 * A browser's way in: a form asking for the token; the right one sets an HttpOnly cookie that the UI's
 * requests carry (with "Include cross-origin credentials" on in the UI's codec settings).
 */
function login(req: http.IncomingMessage, res: http.ServerResponse, expected: Buffer): void {
  const page = (status: number, text: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
    res.end(
      `<!doctype html><meta charset="utf-8"><title>Codec server</title><p>${text}</p>` +
        '<form method="post"><label>CODEC_SERVER_TOKEN <input type="password" name="token" autofocus></label> <button>Sign in</button></form>',
    );
  };
  if (req.method === 'GET') return page(200, 'Sign this browser in to decode research runs in the Temporal UI.');
  if (req.method !== 'POST') return page(405, 'Use the form.');
  readBody(req, 10_000)
    .then((body) => {
      const token = new URLSearchParams(body).get('token') ?? '';
      if (!timingSafeEqual(digest(token), expected)) return page(401, 'That is not the token.');
      page(
        200,
        'Signed in. In the Temporal UI, open the codec settings, set this server as the endpoint and turn on "Include cross-origin credentials".',
        { 'Set-Cookie': `${COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/; Max-Age=43200` },
      );
    })
    .catch(() => page(400, 'The form could not be read.'));
}
