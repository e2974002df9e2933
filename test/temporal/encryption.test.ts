/**
 * The payload codec and its key file: what is encrypted opens again with the key it names (and only with
 * it), every payload gets its own nonce, a rotated file still opens older payloads, unencrypted payloads
 * pass through, and every failure names the key id (never a key). Pure: no server.
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import type { Payload } from '@temporalio/common';
import { defaultPayloadConverter } from '@temporalio/common';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow';
import { ApplicationFailure } from '@temporalio/common';
import { clientDataConverter, workerDataConverter } from '../../src/temporal/dataConverter';
import { DecryptionError, EncryptionCodec, isEncrypted, KEY_ID_METADATA, type KeyRing, keyIdOf, parseKeyFile } from '../../src/temporal/encryption';

const key = () => randomBytes(32).toString('base64');
const ring = (text: string): KeyRing => parseKeyFile(text, '/keys/research.keys');
const K1 = key();
const K2 = key();
const text = (bytes?: Uint8Array | null) => Buffer.from(bytes ?? []).toString('utf8');

describe('the key file', () => {
  it('holds one key per line; the first encrypts, comments and blank lines are skipped', () => {
    const keys = ring(`# rotated on Monday\nk2 ${K2}\n\nk1 ${K1}\n`);
    expect(keys.keys.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(keys.keys[0].key).toEqual(Buffer.from(K2, 'base64'));
  });

  it.each([
    ['a line without a key', `k1`, /line 1 of \/keys\/research.keys must be KEY_ID BASE64_32_BYTES/],
    ['a third field', `k1 ${K1} extra`, /two fields, got 3/],
    ['a 16-byte key', `k1 ${randomBytes(16).toString('base64')}`, /the key of k1 must be 32 bytes in base64 \(it is 16\); make one with: openssl rand -base64 32/],
    ['a key that is not base64', `k1 not*base64`, /the key of k1 is not base64/],
    ['a key id with a slash', `k/1 ${K1}`, /the key id must be/],
    ['one key id twice', `k1 ${K1}\nk1 ${K2}`, /line 2 of .*the key id k1 is there twice/],
    ['no key at all', `# nothing\n\n`, /holds no key/],
  ])('refuses %s in one line that names the line, not the key', (_label, file, message) => {
    let caught: unknown;
    try {
      ring(file);
    } catch (err) {
      caught = err;
    }
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).not.toContain(K1);
    expect((caught as Error).message.split('\n')).toHaveLength(1);
  });
});

describe('the encryption codec', () => {
  const payload = defaultPayloadConverter.toPayload({ topic: 'tensorflow vs pytorch', url: 'https://example.org/a' });

  it('encrypts with the first key: the payload names its key id and holds none of its plain text', async () => {
    const codec = new EncryptionCodec(ring(`k2 ${K2}\nk1 ${K1}`));
    const [sealed] = await codec.encode([payload]);
    expect(isEncrypted(sealed)).toBe(true);
    expect(keyIdOf(sealed)).toBe('k2');
    expect(Buffer.from(sealed.data!).toString('latin1')).not.toMatch(/tensorflow|example\.org|json/);
    const [opened] = await codec.decode([sealed]);
    expect(defaultPayloadConverter.fromPayload(opened)).toEqual({ topic: 'tensorflow vs pytorch', url: 'https://example.org/a' });
  });

  it('uses a fresh nonce for every payload: the same value twice gives two different ciphertexts', async () => {
    const codec = new EncryptionCodec(ring(`k1 ${K1}`));
    const [a, b] = await codec.encode([payload, payload]);
    expect(Buffer.from(a.data!).subarray(0, 12)).not.toEqual(Buffer.from(b.data!).subarray(0, 12));
    expect(Buffer.from(a.data!)).not.toEqual(Buffer.from(b.data!));
  });

  it('after a rotation (new key first, old below) opens what the old key sealed, and seals with the new one', async () => {
    const [old] = await new EncryptionCodec(ring(`k1 ${K1}`)).encode([payload]);
    const rotated = new EncryptionCodec(ring(`k2 ${K2}\nk1 ${K1}`));
    expect(defaultPayloadConverter.fromPayload((await rotated.decode([old]))[0])).toEqual(defaultPayloadConverter.fromPayload(payload));
    expect(keyIdOf((await rotated.encode([payload]))[0])).toBe('k2');
  });

  it('passes an unencrypted payload through unchanged, both ways without keys', async () => {
    expect(await new EncryptionCodec(ring(`k1 ${K1}`)).decode([payload])).toEqual([payload]);
    const none = new EncryptionCodec();
    expect(await none.encode([payload])).toEqual([payload]);
    expect(await none.decode([payload])).toEqual([payload]);
  });

  it('names the missing key id, the file, or that no keys are set; never opens with a wrong key', async () => {
    const [sealed] = await new EncryptionCodec(ring(`k1 ${K1}`)).encode([payload]);
    await expect(new EncryptionCodec(ring(`k2 ${K2}`)).decode([sealed])).rejects.toMatchObject({ message: 'key id k1 not found', keyId: 'k1', keysFile: '/keys/research.keys' });
    await expect(new EncryptionCodec().decode([sealed])).rejects.toThrow('it is encrypted (key id k1) and RESEARCH_ENCRYPTION_KEYS is not set');
    // Another key under the same id.
    await expect(new EncryptionCodec(ring(`k1 ${K2}`)).decode([sealed])).rejects.toThrow(/key id k1 does not open it/);
  });

  it('refuses a payload altered or relabelled with another key id', async () => {
    const codec = new EncryptionCodec(ring(`k1 ${K1}\nk2 ${K2}`));
    const [sealed] = await codec.encode([payload]);
    const flipped = Buffer.from(sealed.data!);
    flipped[20] ^= 1;
    await expect(codec.decode([{ ...sealed, data: flipped }])).rejects.toBeInstanceOf(DecryptionError);
    // The key id is authenticated: moved under k2 (which exists) it does not open either.
    const relabelled: Payload = { ...sealed, metadata: { ...sealed.metadata, [KEY_ID_METADATA]: Buffer.from('k2') } };
    await expect(codec.decode([relabelled])).rejects.toThrow(/key id k2 does not open it/);
    await expect(codec.decode([{ ...sealed, data: Buffer.from(sealed.data!).subarray(0, 20) }])).rejects.toThrow(/cut short/);
  });

  it('opens every payload it seals, whatever its metadata and bytes (property)', async () => {
    const codec = new EncryptionCodec(ring(`k1 ${K1}`));
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string({ minLength: 1 }), fc.uint8Array()), fc.uint8Array({ maxLength: 4096 }), async (metadata, data) => {
        const original: Payload = { metadata, data };
        const [sealed] = await codec.encode([original]);
        const [opened] = await codec.decode([sealed]);
        expect(Object.fromEntries(Object.entries(opened.metadata ?? {}).map(([k, v]) => [k, text(v)]))).toEqual(
          Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, text(v)])),
        );
        expect(Buffer.from(opened.data ?? [])).toEqual(Buffer.from(data));
      }),
      { numRuns: 200 },
    );
  });
});

describe('the data converter of clients and workers', () => {
  const failure = ApplicationFailure.create({ message: 'fetching https://pages.example/secret-topic failed', type: 'FetchFailed' });

  it.each([
    ['a worker (loaded by path, as the SDK loads it)', () => loadDataConverter(workerDataConverter(ring(`k1 ${K1}`)))],
    ['a client', () => clientDataConverter(ring(`k1 ${K1}`))],
  ])('with keys, %s encrypts a failure\'s message and stack with its payloads', async (_who, converter) => {
    const { failureConverter, payloadConverter, payloadCodecs } = converter();
    const proto = failureConverter.errorToFailure(failure, payloadConverter);
    expect(proto.message).toBe('Encoded failure');
    expect(proto.stackTrace).toBe('');
    const [sealed] = await payloadCodecs[0].encode([proto.encodedAttributes!]);
    expect(Buffer.from(sealed.data!).toString('latin1')).not.toContain('pages.example');
    const [opened] = await payloadCodecs[0].decode([sealed]);
    expect(failureConverter.failureToError({ ...proto, encodedAttributes: opened }, payloadConverter).message).toBe(failure.message);
  });

  it('without keys, failures stay as the SDK writes them (readable in the UI without a codec server)', () => {
    const { failureConverter, payloadConverter } = loadDataConverter(workerDataConverter());
    expect(failureConverter.errorToFailure(failure, payloadConverter).message).toBe(failure.message);
  });
});
