/**
 * The one place that builds the data converter of every client and worker: the encryption codec (which
 * passes unencrypted payloads through, and encrypts only with a key ring) and, with keys, failures whose
 * message and stack trace are encrypted too. The workflow bundle needs none of it: codecs run outside the
 * sandbox.
 */
import { type DataConverter, DefaultFailureConverter, defaultFailureConverter, defaultPayloadConverter, type LoadedDataConverter } from '@temporalio/common';
import { EncryptionCodec, type KeyRing } from './encryption';

/** A client's data converter (an instance: clients take one). */
export function clientDataConverter(ring?: KeyRing): LoadedDataConverter {
  return {
    payloadConverter: defaultPayloadConverter,
    failureConverter: ring ? new DefaultFailureConverter({ encodeCommonAttributes: true }) : defaultFailureConverter,
    payloadCodecs: [new EncryptionCodec(ring)],
  };
}

/** A worker's data converter (its failure converter by path: workers load it so). */
export function workerDataConverter(ring?: KeyRing): DataConverter {
  return {
    payloadCodecs: [new EncryptionCodec(ring)],
    ...(ring ? { failureConverterPath: require.resolve('./encodedFailures') } : {}),
  };
}
