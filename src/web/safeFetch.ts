/**
 * HTTP(S) GET for URLs chosen by strangers (search results, redirects).
 * The address check runs when the socket connects, on every address DNS returned, and again on every
 * redirect, so a name that resolves to a public address for a check and to 127.0.0.1 for the connection
 * (DNS rebinding) is still refused. Public addresses are always reachable; private ones with
 * allowPrivateNetwork; link-local and cloud metadata addresses only for a host named in allowedPrivateHosts.
 * Bodies are capped after decompression.
 */
import * as dns from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as tls from 'node:tls';
import * as zlib from 'node:zlib';
import { type ConnectionAccess, addressClass, mayConnect } from './address';
import { isAllowedHost } from './allowedHosts';

export interface SafeFetchOptions {
  /** Deadline for the whole fetch: every redirect hop and the body. */
  timeoutMs: number;
  /** Most body bytes kept (after decompression); past it reading stops and `truncated` is set. */
  maxBytes: number;
  maxRedirects: number;
  /** Opens private addresses (loopback, private ranges), never link-local or cloud metadata ones. */
  allowPrivateNetwork: boolean;
  /**
   * Hosts reachable whatever their address, named exactly: "host" (any port) or "host:port", IPv6 in brackets,
   * e.g. "127.0.0.1:8080", "[::1]:8080", "intranet.example" (RESEARCH_ALLOWED_HOSTS and the offline world's hosts).
   */
  allowedPrivateHosts?: string[];
  /** Where names resolve; default: the system resolver (dns.lookup). Tests give names fixed addresses. */
  resolveHost?: (hostname: string) => Promise<readonly { address: string; family: number }[]>;
  userAgent: string;
  signal?: AbortSignal;
  /** Accept header; defaults to HTML, text and PDF. */
  accept?: string;
  /** PEM certificates trusted for https besides Node's own roots (a private CA; tests). */
  extraCa?: string[];
}

export interface FetchedResponse {
  requestedUrl: string;
  finalUrl: string;
  status: number;
  /** Lower-case header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Lower-case MIME type without parameters; "" when the server sent none. */
  contentType: string;
  charset?: string;
  body: Buffer;
  truncated: boolean;
  redirects: number;
}

/**
 * Why a fetch failed. `refused-address`: a private address without allowPrivateNetwork; `refused-metadata`:
 * link-local or cloud metadata, not named; `dns`: the name did not resolve; `connection`: refused, reset or
 * unreachable; `tls`: the handshake or the certificate failed; `decompress`: the body did not decompress;
 * `closed-early`: the server closed before the body was complete.
 */
export type WebFetchErrorKind =
  | 'refused-address'
  | 'refused-metadata'
  | 'bad-url'
  | 'too-many-redirects'
  | 'timeout'
  | 'dns'
  | 'connection'
  | 'tls'
  | 'decompress'
  | 'closed-early'
  | 'aborted';

/** Kinds another attempt may cure when nothing more is known (a DNS failure says which it is itself). */
const RETRYABLE_KINDS: ReadonlySet<WebFetchErrorKind> = new Set(['timeout', 'connection', 'closed-early']);

export class WebFetchError extends Error {
  override readonly name = 'WebFetchError';
  /** Whether another attempt may succeed: the kind's default unless the failure said otherwise. */
  readonly retryable: boolean;

  constructor(
    readonly kind: WebFetchErrorKind,
    message: string,
    options: { retryable?: boolean; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.retryable = options.retryable ?? RETRYABLE_KINDS.has(kind);
  }
}

const DEFAULT_ACCEPT = 'text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8,*/*;q=0.5';
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Resolver answers: only a temporary failure (EAI_AGAIN) is worth another attempt. */
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME', 'ENODATA']);
const TEMPORARY_DNS_CODES = new Set(['EAI_AGAIN']);

/** Certificates no later attempt will make valid. */
const CERTIFICATE_CODES = new Set([
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

/**
 * The kind of a socket-level failure, from Node's error code. TLS: a certificate, a protocol that is not
 * TLS (EPROTO: plain HTTP on an https port), or an alert from the server (ERR_SSL_*, e.g. a client
 * certificate required); none of them passes with another attempt.
 */
function networkKind(code: string): 'dns' | 'tls' | 'connection' {
  if (DNS_CODES.has(code)) return 'dns';
  if (CERTIFICATE_CODES.has(code) || code === 'EPROTO' || code.startsWith('ERR_SSL_')) return 'tls';
  return 'connection';
}

function parseTarget(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebFetchError('bad-url', `not a valid URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new WebFetchError('bad-url', `unsupported scheme ${url.protocol} in ${raw}`);
  }
  if (url.username || url.password) throw new WebFetchError('bad-url', `credentials in URL are not allowed: ${url.host}`);
  return url;
}

function connectionAccess(url: URL, options: SafeFetchOptions): ConnectionAccess {
  return { allowPrivateNetwork: options.allowPrivateNetwork, namedHost: isAllowedHost(url, options.allowedPrivateHosts ?? []) };
}

function refused(host: string, address: string): WebFetchError {
  if (addressClass(address) === 'metadata') {
    return new WebFetchError('refused-metadata', `${host} resolves to ${address}, a link-local or cloud metadata address`);
  }
  return new WebFetchError('refused-address', `${host} resolves to the private address ${address}`);
}

type Resolver = NonNullable<SafeFetchOptions['resolveHost']>;

const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => dns.lookup(hostname, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

/** A lookup for the socket that refuses the connection when any resolved address may not be reached. */
function guardedLookup(access: ConnectionAccess, resolver: Resolver): net.LookupFunction {
  return (hostname, options, callback) => {
    resolver(hostname).then(
      (addresses) => {
        if (addresses.length === 0) return callback(new WebFetchError('dns', `no address for ${hostname}`), '', 0);
        // Every address is judged, not only the one used: the socket may fall back to another.
        const refusedAddress = addresses.find((entry) => !mayConnect(entry.address, access));
        if (refusedAddress) return callback(refused(hostname, refusedAddress.address), '', 0);
        if (options.all) return callback(null, addresses.map((entry) => ({ address: entry.address, family: entry.family })));
        return callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

function asNetworkError(url: URL, error: unknown): WebFetchError {
  if (error instanceof WebFetchError) return error;
  const err = error as NodeJS.ErrnoException;
  const code = err.code ?? '';
  const detail = code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
  const kind = networkKind(code);
  // A connection failure may pass; a DNS answer only when the resolver said it was temporary.
  const retryable = kind === 'connection' || TEMPORARY_DNS_CODES.has(code);
  return new WebFetchError(kind, `${url.host}: ${detail}`, { retryable, cause: error });
}

/** Sends one GET and resolves when the response headers arrive. */
function requestOnce(url: URL, options: SafeFetchOptions, stop: AbortSignal): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    if (stop.aborted) {
      reject(stop.reason);
      return;
    }
    const hostname = url.hostname.replace(/^\[|\]$/g, '');
    const access = connectionAccess(url, options);
    // Node skips the lookup for IP literals, so those are judged here.
    if (net.isIP(hostname) && !mayConnect(hostname, access)) {
      reject(refused(url.host, hostname));
      return;
    }
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request({
      protocol: url.protocol,
      hostname,
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers: {
        'user-agent': options.userAgent,
        accept: options.accept ?? DEFAULT_ACCEPT,
        'accept-encoding': 'gzip, deflate, br',
      },
      // A fresh agent per request: a pooled socket must never carry one request's address permission to another.
      agent: false,
      lookup: guardedLookup(access, options.resolveHost ?? systemResolver),
      ...(options.extraCa?.length ? { ca: [...tls.rootCertificates, ...options.extraCa] } : {}),
    });
    const onStop = () => request.destroy(stop.reason as Error);
    stop.addEventListener('abort', onStop, { once: true });
    request.once('response', (response) => {
      stop.removeEventListener('abort', onStop);
      resolve(response);
    });
    request.on('error', (error) => {
      stop.removeEventListener('abort', onStop);
      reject(stop.aborted ? stop.reason : asNetworkError(url, error));
    });
    request.end();
  });
}

/** Picks a decompressor; for "deflate" the first bytes tell zlib-wrapped from raw streams apart. */
function createDecoder(encoding: string, firstChunk: Buffer): zlib.Gunzip | zlib.Inflate | zlib.InflateRaw | zlib.BrotliDecompress | undefined {
  // Lenient flushing: a body cut short by the byte cap or the server still yields what arrived.
  const lenient = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip(lenient);
    case 'deflate': {
      // (readBody holds the body until two bytes are there.)
      const zlibWrapped = (firstChunk[0]! & 0x0f) === 8 && ((firstChunk[0]! << 8) | firstChunk[1]!) % 31 === 0;
      return zlibWrapped ? zlib.createInflate(lenient) : zlib.createInflateRaw(lenient);
    }
    case 'br':
      return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
    default:
      return undefined; // identity, or an encoding we cannot undo: the raw bytes are returned
  }
}

/** Reads the (decompressed) body up to maxBytes; stops reading and reports truncation past it. */
function readBody(url: URL, response: http.IncomingMessage, maxBytes: number, stop: AbortSignal): Promise<{ body: Buffer; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const encoding = String(response.headers['content-encoding'] ?? '').trim().toLowerCase();
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    let decoder: ReturnType<typeof createDecoder>;

    const settle = (error: unknown, truncated = false) => {
      if (settled) return;
      settled = true;
      stop.removeEventListener('abort', onStop);
      if (error || truncated) {
        response.destroy();
        decoder?.destroy();
      }
      if (error) reject(error);
      else resolve({ body: Buffer.concat(chunks, size), truncated });
    };
    const onStop = () => settle(stop.reason);
    if (stop.aborted) return settle(stop.reason);
    stop.addEventListener('abort', onStop, { once: true });

    const keep = (chunk: Buffer) => {
      if (settled) return;
      const room = maxBytes - size;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        size += room;
        settle(undefined, true);
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    };

    // The first bytes of the body, held until a decompressor (or none) can be chosen from them.
    let head: Buffer[] | undefined = [];
    const chooseDecoder = (first: Buffer) => {
      head = undefined;
      decoder = createDecoder(encoding, first);
      decoder?.on('data', keep);
      decoder?.on('end', () => settle(undefined));
      // A body that does not decompress will not on the next attempt either.
      decoder?.on('error', (error) => settle(new WebFetchError('decompress', `${url.host}: could not decompress the ${encoding} body: ${error.message}`, { cause: error })));
    };
    const pass = (chunk: Buffer) => (decoder ? decoder.write(chunk) : keep(chunk));

    response.on('data', (chunk: Buffer) => {
      if (settled) return;
      if (head === undefined) return pass(chunk);
      head.push(chunk);
      const first = Buffer.concat(head);
      // "deflate" is told from its first two bytes, which may arrive in two chunks.
      if (encoding === 'deflate' && first.length < 2) return;
      chooseDecoder(first);
      pass(first);
    });
    response.on('end', () => {
      // (A deflate body of under two bytes holds nothing.)
      if (decoder) decoder.end();
      else settle(undefined);
    });
    // After the headers, any socket failure cuts the body short: that is what the page's reader needs to know.
    const closedEarly = (cause?: Error) =>
      new WebFetchError('closed-early', `${url.host}: the connection closed before the body was complete${cause ? ` (${cause.message})` : ''}`, { cause });
    response.on('error', (error) => settle(stop.aborted ? stop.reason : closedEarly(error)));
    response.on('close', () => {
      if (!response.complete) settle(stop.aborted ? stop.reason : closedEarly());
    });
  });
}

function headerRecord(headers: http.IncomingHttpHeaders): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) record[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return record;
}

function parseContentType(header: string | undefined): { contentType: string; charset?: string } {
  if (!header) return { contentType: '' };
  const [mime = '', ...params] = header.split(';');
  let charset: string | undefined;
  for (const param of params) {
    const match = /^\s*charset\s*=\s*"?([^";]+)"?/i.exec(param);
    if (match) charset = match[1]!.trim().toLowerCase();
  }
  return { contentType: mime.trim().toLowerCase(), ...(charset ? { charset } : {}) };
}

/** GETs `url`, following redirects by hand so each hop is re-validated. Non-2xx answers are returned, not thrown. */
export async function fetchUrl(url: string, options: SafeFetchOptions): Promise<FetchedResponse> {
  if (options.signal?.aborted) {
    throw new WebFetchError('aborted', `fetch of ${url} was cancelled`, { cause: options.signal.reason });
  }
  let current = parseTarget(url);

  const stopper = new AbortController();
  const timer = setTimeout(() => {
    stopper.abort(new WebFetchError('timeout', `${current.host}: no complete answer within ${options.timeoutMs} ms`));
  }, options.timeoutMs);
  const onCallerAbort = () => {
    stopper.abort(new WebFetchError('aborted', `fetch of ${current.href} was cancelled`, { cause: options.signal?.reason }));
  };
  options.signal?.addEventListener('abort', onCallerAbort, { once: true });

  try {
    for (let redirects = 0; ; redirects++) {
      const response = await requestOnce(current, options, stopper.signal);
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (REDIRECT_STATUSES.has(status) && location) {
        response.destroy();
        if (redirects >= options.maxRedirects) {
          throw new WebFetchError('too-many-redirects', `more than ${options.maxRedirects} redirects, last to ${location}`);
        }
        let next: string;
        try {
          next = new URL(location, current).href;
        } catch {
          throw new WebFetchError('bad-url', `bad redirect location from ${current.host}: ${location}`);
        }
        current = parseTarget(next);
        continue;
      }

      const { body, truncated } = await readBody(current, response, options.maxBytes, stopper.signal);
      const headers = headerRecord(response.headers);
      return {
        requestedUrl: url,
        finalUrl: current.href,
        status,
        headers,
        ...parseContentType(headers['content-type']),
        body,
        truncated,
        redirects,
      };
    }
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCallerAbort);
  }
}
