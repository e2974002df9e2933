/**
 * Connecting to the target, and when that fails, saying why in one line naming the address and the cause:
 * nothing listening, a TLS handshake refused (the server's certificate from another CA or for another name,
 * no client certificate or one the server does not accept), plain text to a TLS port or TLS to a plain one,
 * an API key refused, a namespace that does not exist.
 *
 * The gRPC client only reports "Failed to connect before the deadline" for all of the transport causes, so
 * the cause is found by a probe of our own before connecting: one TCP connection that speaks the way the
 * client will (TLS with the same certificates and server name, or plain text) and sends the HTTP/2
 * preface. A Temporal frontend answers it with a SETTINGS frame.
 */
import net from 'node:net';
import tls from 'node:tls';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { clientConnectionOptions, nativeConnectionOptions, type TemporalTarget, usesTls } from './connection';

/** One line: `cannot connect to Temporal at <address> (<source>): <cause>`. */
export class TemporalConnectionError extends Error {
  override name = 'TemporalConnectionError';
  constructor(
    readonly target: Pick<TemporalTarget, 'address' | 'source'>,
    readonly problem: string,
  ) {
    super(`cannot connect to Temporal at ${target.address} (${target.source}): ${problem}`);
  }
}

const PROBE_TIMEOUT_MS = 3_000;
const CONNECT_TIMEOUT_MS = 10_000;

/** A connected client Connection to the target, its namespace checked; else a TemporalConnectionError. */
export async function openConnection(target: TemporalTarget): Promise<Connection> {
  await probeOrThrow(target);
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect(clientConnectionOptions(target, { connectTimeout: CONNECT_TIMEOUT_MS }));
    await connection.workflowService.describeNamespace({ namespace: target.namespace });
    return connection;
  } catch (err) {
    await connection?.close().catch(() => undefined);
    throw failure(target, err);
  }
}

/** A connected worker NativeConnection to the target, its namespace checked; else a TemporalConnectionError. */
export async function openNativeConnection(target: TemporalTarget): Promise<NativeConnection> {
  await probeOrThrow(target);
  let connection: NativeConnection | undefined;
  try {
    connection = await NativeConnection.connect(nativeConnectionOptions(target));
    await connection.workflowService.describeNamespace({ namespace: target.namespace });
    return connection;
  } catch (err) {
    await connection?.close().catch(() => undefined);
    throw failure(target, err);
  }
}

async function probeOrThrow(target: TemporalTarget): Promise<void> {
  const problem = await probe(target);
  if (problem) throw new TemporalConnectionError(target, problem);
}

/** What the server says about a call: an API key or certificate refused, a namespace that does not exist. */
function failure(target: TemporalTarget, err: unknown): TemporalConnectionError {
  const status = grpcStatus(err);
  const detail = status?.message.replace(/^\d+ [A-Z_]+: /, '').trim();
  if (status?.code === GRPC.UNAUTHENTICATED || status?.code === GRPC.PERMISSION_DENIED) {
    const who = target.apiKey ? 'the API key (TEMPORAL_API_KEY or the profile\'s api_key)' : usesTls(target) ? 'this client (no API key; its certificate is not allowed in)' : 'this client (no API key, no TLS)';
    const what = status.code === GRPC.UNAUTHENTICATED ? 'refused' : `has no access to namespace "${target.namespace}" for`;
    return new TemporalConnectionError(target, `the server ${what} ${who}${detail ? `: ${detail}` : ''}`);
  }
  if (status?.code === GRPC.NOT_FOUND && /namespace/i.test(status.message)) {
    return new TemporalConnectionError(target, `namespace "${target.namespace}" does not exist there (set TEMPORAL_NAMESPACE or the profile's namespace; temporal operator namespace list shows them)`);
  }
  return new TemporalConnectionError(target, detail || rootMessage(err));
}

const GRPC = { NOT_FOUND: 5, PERMISSION_DENIED: 7, UNAUTHENTICATED: 16 } as const;

/** The gRPC status in an error or its causes (both clients put `code` on the service error). */
function grpcStatus(err: unknown): { code: number; message: string } | undefined {
  for (let e: unknown = err; e instanceof Error; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'number' && code > 0 && code < 17) return { code, message: (e as { details?: string }).details || e.message };
    // The worker's connection fails its first call with only tonic's words for the status.
    const tonic = /code: '([^']+)', message: "([^"]*)"/.exec(e.message);
    if (tonic && TONIC_CODES[tonic[1]]) return { code: TONIC_CODES[tonic[1]], message: tonic[2] };
  }
  return undefined;
}

const TONIC_CODES: Record<string, number> = {
  'Some requested entity was not found': GRPC.NOT_FOUND,
  'The caller does not have permission to execute the specified operation': GRPC.PERMISSION_DENIED,
  'The request does not have valid authentication credentials': GRPC.UNAUTHENTICATED,
};

function rootMessage(err: unknown): string {
  let e: unknown = err;
  while (e instanceof Error && (e as { cause?: unknown }).cause instanceof Error) e = (e as { cause?: unknown }).cause;
  return e instanceof Error ? e.message : String(e);
}

/** True when a Temporal frontend answers at the target, spoken to as the connection will (TLS or not). */
export async function isServerUp(target: TemporalTarget | string, timeoutMs = 2_000): Promise<boolean> {
  const t: TemporalTarget = typeof target === 'string' ? { address: target, namespace: 'default', source: 'TEMPORAL_ADDRESS', mayStartDevServer: false } : target;
  if (await probe(t, timeoutMs)) return false;
  try {
    const connection = await Connection.connect(clientConnectionOptions(t, { connectTimeout: timeoutMs }));
    try {
      await connection.workflowService.getSystemInfo({});
      return true;
    } finally {
      await connection.close();
    }
  } catch {
    return false;
  }
}

/**
 * Why the target cannot be spoken to, or undefined when an HTTP/2 server answers the way the connection
 * will speak (the calls then say whether the key and namespace are good).
 */
export async function probe(target: TemporalTarget, timeoutMs = PROBE_TIMEOUT_MS): Promise<string | undefined> {
  const [host, port] = hostPort(target.address);
  if (usesTls(target)) {
    const answer = await tlsProbe(host, port, tlsOptionsOf(target), timeoutMs);
    if (answer.kind === 'http2') return undefined;
    if (answer.kind === 'not-tls' && (await plainProbe(host, port, timeoutMs)).kind === 'http2') {
      return 'the server speaks plain text, not TLS (set TEMPORAL_TLS=false or drop the profile\'s tls settings, or point TEMPORAL_ADDRESS at its TLS port)';
    }
    return describeTlsFailure(answer, target);
  }
  const answer = await plainProbe(host, port, timeoutMs);
  if (answer.kind === 'http2') return undefined;
  if (answer.kind === 'refused') return answer.message;
  // Something answered, but not in HTTP/2: is it TLS?
  const secure = await tlsProbe(host, port, { rejectUnauthorized: false }, timeoutMs);
  if (secure.kind !== 'not-tls' && secure.kind !== 'refused' && secure.kind !== 'silent') {
    return 'the server speaks TLS and this client plain text (set TEMPORAL_TLS=true, with TEMPORAL_TLS_SERVER_CA_CERT_PATH for a private CA and TEMPORAL_TLS_CLIENT_CERT_PATH/KEY_PATH for a client certificate, or use a profile with tls settings)';
  }
  return `the server there does not speak gRPC (${answer.message})`;
}

type ProbeAnswer =
  | { kind: 'http2' }
  | { kind: 'refused'; message: string }
  | { kind: 'silent'; message: string }
  | { kind: 'not-tls'; message: string }
  | { kind: 'tls-error'; code: string; message: string; handshakeDone: boolean };

/** HTTP/2's client preface and an empty SETTINGS frame: a gRPC server answers with its own SETTINGS. */
const PREFACE = Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1'), Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0])]);
const SETTINGS_FRAME = 4;

function isHttp2Answer(data: Buffer): boolean {
  return data.length >= 4 && data[3] === SETTINGS_FRAME;
}

function plainProbe(host: string, port: number, timeoutMs: number): Promise<ProbeAnswer> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (answer: ProbeAnswer) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done({ kind: 'silent', message: `no answer within ${timeoutMs} ms` }));
    socket.once('connect', () => socket.write(PREFACE));
    socket.once('data', (data: Buffer) => done(isHttp2Answer(data) ? { kind: 'http2' } : { kind: 'silent', message: `it answered ${describeBytes(data)}` }));
    socket.once('error', (err: NodeJS.ErrnoException) => done(connectError(err, host, port) ?? { kind: 'silent', message: err.message }));
    socket.once('end', () => done({ kind: 'silent', message: 'it closed the connection without a word' }));
  });
}

function tlsProbe(host: string, port: number, options: tls.ConnectionOptions, timeoutMs: number): Promise<ProbeAnswer> {
  return new Promise((resolve) => {
    let handshakeDone = false;
    const socket = tls.connect({ host, port, ALPNProtocols: ['h2'], ...options });
    const done = (answer: ProbeAnswer) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(handshakeDone ? { kind: 'http2' } : { kind: 'silent', message: `no TLS answer within ${timeoutMs} ms` }));
    socket.once('secureConnect', () => {
      handshakeDone = true;
      // The worker's gRPC (tonic) insists on HTTP/2 negotiated by ALPN; the client's would go on without.
      if (socket.alpnProtocol !== 'h2') return done({ kind: 'tls-error', code: 'NO_ALPN_H2', message: 'no ALPN h2', handshakeDone });
      // TLS 1.3 finishes the handshake before the server has checked the client's certificate: its verdict
      // (an alert) comes with the first answer.
      socket.write(PREFACE);
    });
    socket.once('data', (data: Buffer) => done(isHttp2Answer(data) ? { kind: 'http2' } : { kind: 'silent', message: `it answered ${describeBytes(data)}` }));
    socket.once('error', (err: NodeJS.ErrnoException) => {
      const refused = connectError(err, host, port);
      if (refused) return done(refused);
      const code = err.code ?? '';
      if (!handshakeDone && (NOT_TLS.has(code) || /before secure TLS connection was established/.test(err.message))) {
        return done({ kind: 'not-tls', message: err.message });
      }
      done({ kind: 'tls-error', code, message: err.message, handshakeDone });
    });
    // A TLS alert may arrive just after the end of the stream: give it a moment to say more than "closed".
    socket.once('end', () =>
      setTimeout(() => done(handshakeDone ? { kind: 'tls-error', code: 'CLOSED', message: 'the server closed the connection after the handshake', handshakeDone } : { kind: 'not-tls', message: 'closed during the TLS handshake' }), 100),
    );
  });
}

/** What a client sees when the far end does not speak TLS at all. */
const NOT_TLS = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST', 'ECONNRESET', 'EPIPE']);

/** The server's certificate did not verify: signed by a CA this client does not trust, expired, ... */
const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

function describeTlsFailure(answer: Exclude<ProbeAnswer, { kind: 'http2' }>, target: TemporalTarget): string {
  if (answer.kind === 'refused') return answer.message;
  if (answer.kind !== 'tls-error') return `the TLS handshake failed: ${answer.message}`;
  const config = typeof target.tls === 'object' ? target.tls : {};
  const ca = config.serverRootCACertificate ? 'the CA in TEMPORAL_TLS_SERVER_CA_CERT_PATH or the profile\'s server_ca_cert' : 'the system\'s CAs; set TEMPORAL_TLS_SERVER_CA_CERT_PATH for a private CA';
  const { code, message } = answer;
  if (UNTRUSTED.has(code)) return `the TLS handshake failed: the server's certificate is not signed by a CA this client trusts (${code}; it trusts ${ca})`;
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return `the TLS handshake failed: the server's certificate ${code === 'CERT_HAS_EXPIRED' ? 'has expired' : 'is not valid yet'}`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return `the TLS handshake failed: the server's certificate is not for the name this client expects (${message}; set TEMPORAL_TLS_SERVER_NAME to a name it holds)`;
  }
  if (/CERTIFICATE_REQUIRED|PEER_DID_NOT_RETURN_A_CERTIFICATE/.test(code) || (!config.clientCertPair && /HANDSHAKE_FAILURE|CLOSED/.test(code))) {
    return config.clientCertPair
      ? `the TLS handshake failed: the server asked for a client certificate and did not get one it accepts (${code})`
      : 'the TLS handshake failed: the server requires a client certificate and none is set (set TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH, or the profile\'s client_cert_path and client_key_path)';
  }
  if (code === 'NO_ALPN_H2') return 'the server\'s TLS does not offer HTTP/2 (ALPN "h2"), which gRPC needs: a TLS proxy in front of Temporal must offer ALPN h2';
  if (code === 'CLOSED' && config.clientCertPair) {
    return 'the TLS handshake failed: the server closed the connection as soon as it saw this client\'s certificate (is TEMPORAL_TLS_CLIENT_CERT_PATH signed by a CA the server trusts?)';
  }
  if (/ALERT_(UNKNOWN_CA|BAD_CERTIFICATE|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE|ACCESS_DENIED|DECRYPT_ERROR|HANDSHAKE_FAILURE)/.test(code)) {
    return `the TLS handshake failed: the server refused this client's certificate (${code.replace(/^ERR_SSL_(SSLV3|TLSV1|TLSV13)_ALERT_/, '').toLowerCase().replace(/_/g, ' ')}; is TEMPORAL_TLS_CLIENT_CERT_PATH signed by the CA the server trusts?)`;
  }
  return `the TLS handshake failed: ${message}${code ? ` (${code})` : ''}`;
}

function connectError(err: NodeJS.ErrnoException, host: string, port: number): ProbeAnswer | undefined {
  if (err.code === 'ECONNREFUSED') {
    return { kind: 'refused', message: `nothing accepts connections on port ${port} of ${host} (start the server, e.g. npm run server for a local one, or correct TEMPORAL_ADDRESS or the profile)` };
  }
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') return { kind: 'refused', message: `the host name ${host} does not resolve (${err.code})` };
  if (err.code === 'EHOSTUNREACH' || err.code === 'ENETUNREACH' || err.code === 'ETIMEDOUT') return { kind: 'refused', message: `${host} cannot be reached (${err.code})` };
  return undefined;
}

/** The node `tls` options that speak as the SDK's connection will: the same CA, client certificate and server name. */
function tlsOptionsOf(target: TemporalTarget): tls.ConnectionOptions {
  const config = typeof target.tls === 'object' ? target.tls : {};
  const [host] = hostPort(target.address);
  const name = config.serverNameOverride ?? host;
  return {
    ca: config.serverRootCACertificate ? Buffer.from(config.serverRootCACertificate) : undefined,
    cert: config.clientCertPair ? Buffer.from(config.clientCertPair.crt) : undefined,
    key: config.clientCertPair ? Buffer.from(config.clientCertPair.key) : undefined,
    // SNI takes names only; the certificate is checked against the name either way.
    servername: net.isIP(name) === 0 ? name : undefined,
    checkServerIdentity: (_host, cert) => tls.checkServerIdentity(name, cert),
  };
}

function hostPort(address: string): [string, number] {
  const i = address.lastIndexOf(':');
  return [address.slice(0, i).replace(/^\[|\]$/g, ''), Number(address.slice(i + 1))];
}

function describeBytes(data: Buffer): string {
  if (data[0] === 0x15) return 'with a TLS alert';
  const text = data.subarray(0, 40).toString('latin1');
  return /^[\x20-\x7e\r\n]+$/.test(text) ? `"${text.split(/\r?\n/)[0]}"` : `${data.length} bytes that are not HTTP/2`;
}
