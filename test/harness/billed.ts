import type { LlmRequestRecord } from '../../offline/llmServer';
import type { TokenUsage } from '../../src/domain/types';

/** What the stand-in model billed: the usage it returned, over the records that match. */
export function billed(requests: readonly LlmRequestRecord[], which: (r: LlmRequestRecord) => boolean = () => true): TokenUsage {
  const paid = requests.filter((r) => r.usageReturned && which(r));
  return {
    calls: paid.length,
    promptTokens: paid.reduce((n, r) => n + r.promptTokens, 0),
    completionTokens: paid.reduce((n, r) => n + r.completionTokens, 0),
  };
}
