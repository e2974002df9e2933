/**
 * Research only its owner can read: a payload codec that encrypts every payload a client or worker sends
 * (inputs, results, updates, queries, memo, heartbeat details, failures' details and, with the failure
 * converter of dataConverter.ts, failure messages) with AES-256-GCM, a fresh 96-bit nonce per payload and the
 * key's id in the payload's metadata. Node's own crypto does the cipher work.
 *
 * Keys come from a file (RESEARCH_ENCRYPTION_KEYS), one per line, `KEY_ID BASE64_32_BYTES`: the first line
 * encrypts, every line decrypts, so a key can rotate (put the new one first, keep the old ones below). A
 * payload without the encryption metadata passes through unchanged: runs recorded before still read.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const CIPHER_METADATA = 'encryption-cipher';
const CIPHER = 'AES-256-GCM';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

/** The keys of one file: `keys[0]` encrypts, all of them decrypt. */
export interface KeyRing {
  file: string;
  keys: EncryptionKey[];
}

export class KeyFileError extends Error {
  override name = 'KeyFileError';
}

/** A payload this codec cannot open: names the key id, never the key. */
export class DecryptionError extends Error {
  override name = 'DecryptionError';
  constructor(
    message: string,
    readonly keyId: string,
    /** The file the keys came from, when there are keys. */
    readonly keysFile?: string,
  ) {
    super(message);
  }
}

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The key ring a key file holds; blank lines and `#` comments are skipped. Errors name the line, never the key. */
export function parseKeyFile(text: string, file: string): KeyRing {
  const keys: EncryptionKey[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const where = `line ${i + 1} of ${file}`;
    const parts = line.split(/\s+/);
    if (parts.length !== 2) throw new KeyFileError(`${where} must be KEY_ID BASE64_32_BYTES (two fields, got ${parts.length})`);
    const [id, encoded] = parts;
    if (!KEY_ID.test(id)) throw new KeyFileError(`${where}: the key id must be 1 to 64 letters, digits, dots, dashes or underscores`);
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) throw new KeyFileError(`${where}: the key of ${id} is not base64`);
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== 32) throw new KeyFileError(`${where}: the key of ${id} must be 32 bytes in base64 (it is ${key.length}); make one with: openssl rand -base64 32`);
    if (keys.some((k) => k.id === id)) throw new KeyFileError(`${where}: the key id ${id} is there twice`);
    keys.push({ id, key });
  });
  if (keys.length === 0) throw new KeyFileError(`${file} holds no key: add a line KEY_ID BASE64_32_BYTES (make a key with: openssl rand -base64 32)`);
  return { file, keys };
}

export function loadKeyRing(file: string): KeyRing {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new KeyFileError(`cannot read ${file} (${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code})`);
  }
  return parseKeyFile(text, file);
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const text = (bytes: Uint8Array | null | undefined) => (bytes ? new TextDecoder().decode(bytes) : undefined);

/** True when the payload is one this codec encrypted. */
export function isEncrypted(payload: Payload): boolean {
  return text(payload.metadata?.encoding) === ENCRYPTED_ENCODING;
}

/** The key id an encrypted payload names. */
export function keyIdOf(payload: Payload): string | undefined {
  return text(payload.metadata?.[KEY_ID_METADATA]);
}

/**
 * With a key ring: encrypts every payload with its first key; decrypts with whichever key the payload
 * names. Without one: encodes nothing, and an encrypted payload fails to decode saying so (rather than
 * as an unknown encoding further on).
 */
export class EncryptionCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;

  constructor(private readonly ring?: KeyRing) {
    this.byId = new Map((ring?.keys ?? []).map((k) => [k.id, k.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const current = this.ring?.keys[0];
    if (!current) return payloads;
    return payloads.map((payload) => encrypt(payload, current));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => (isEncrypted(payload) ? this.decrypt(payload) : payload));
  }

  private decrypt(payload: Payload): Payload {
    const id = keyIdOf(payload) ?? '(none)';
    if (!this.ring) throw new DecryptionError(`it is encrypted (key id ${id}) and RESEARCH_ENCRYPTION_KEYS is not set`, id);
    const key = this.byId.get(id);
    if (!key) throw new DecryptionError(`key id ${id} not found`, id, this.ring.file);
    const data = payload.data ?? new Uint8Array();
    if (data.length < NONCE_BYTES + TAG_BYTES) throw new DecryptionError(`a payload under key id ${id} is cut short`, id, this.ring.file);
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, NONCE_BYTES));
    decipher.setAAD(utf8(id));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(data.subarray(NONCE_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new DecryptionError(`key id ${id} does not open it (another key under the same id, or the payload was altered)`, id, this.ring.file);
    }
    return temporal.api.common.v1.Payload.decode(plain) as Payload;
  }
}

function encrypt(payload: Payload, { id, key }: EncryptionKey): Payload {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  // The key id is bound to the ciphertext: a payload relabelled with another id does not open.
  cipher.setAAD(utf8(id));
  const plain = temporal.api.common.v1.Payload.encode(payload).finish();
  const sealed = Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  return {
    metadata: { encoding: utf8(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8(id), [CIPHER_METADATA]: utf8(CIPHER) },
    data: sealed,
  };
}

/** The DecryptionError in an error or its causes. */
export function decryptionErrorIn(err: unknown): DecryptionError | undefined {
  const seen = new Set<unknown>();
  for (let e: unknown = err; e instanceof Error && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    if (e instanceof DecryptionError || e.name === 'DecryptionError') return e as DecryptionError;
  }
  return undefined;
}

/** "cannot decrypt run X with the keys in F: key id k1 not found" (or, with no keys set, what to set). */
export function cannotDecryptLine(workflowId: string, err: DecryptionError): string {
  return err.keysFile ? `cannot decrypt run ${workflowId} with the keys in ${err.keysFile}: ${err.message}` : `cannot decrypt run ${workflowId}: ${err.message}`;
}
