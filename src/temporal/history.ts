/**
 * A run's history with its payloads decoded by a client's codecs (decrypted), so the code that reads
 * inputs and results out of events (report, revise, replay) reads encrypted runs as it reads plain ones.
 * Payloads the codec did not encode pass through unchanged.
 */
import type { LoadedDataConverter } from '@temporalio/common';
import { decode, visit, walkGetWorkflowExecutionHistoryResponse } from '@temporalio/common/lib/internal-non-workflow';
import type { History } from '@temporalio/common/lib/proto-utils';

/**
 * Decodes every payload of `history` in place (and returns it). The SDK's own payload walker finds them
 * (inputs, results, failures, memo, user metadata); search attributes are never encoded, so they are left.
 */
export async function decodeHistory(history: History, dataConverter: Pick<LoadedDataConverter, 'payloadCodecs'>): Promise<History> {
  if (dataConverter.payloadCodecs.length === 0) return history;
  await visit({ history }, walkGetWorkflowExecutionHistoryResponse, {
    transformPayload: async (payload) => (await decode(dataConverter.payloadCodecs, [payload]))[0],
    transformPayloads: (payloads) => decode(dataConverter.payloadCodecs, payloads),
    skipSearchAttributes: true,
  });
  return history;
}
