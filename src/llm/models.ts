/**
 * What we know about models: price (USD per 1M tokens) and limits. Configuration can override any of it;
 * an unknown model gets a conservative context window so chunking and prompt fitting always terminate.
 */
import type { Price } from '../domain/types';

export interface ModelInfo {
  price: Price;
  contextTokens: number;
  maxOutputTokens: number;
}

const MODELS: Record<string, ModelInfo> = {
  'gpt-4o-mini': { price: { inputPerMillion: 0.15, outputPerMillion: 0.6 }, contextTokens: 128_000, maxOutputTokens: 16_384 },
  'gpt-4o': { price: { inputPerMillion: 2.5, outputPerMillion: 10 }, contextTokens: 128_000, maxOutputTokens: 16_384 },
  'gpt-4.1': { price: { inputPerMillion: 2, outputPerMillion: 8 }, contextTokens: 1_047_576, maxOutputTokens: 32_768 },
  'gpt-4.1-mini': { price: { inputPerMillion: 0.4, outputPerMillion: 1.6 }, contextTokens: 1_047_576, maxOutputTokens: 32_768 },
  'gpt-4.1-nano': { price: { inputPerMillion: 0.1, outputPerMillion: 0.4 }, contextTokens: 1_047_576, maxOutputTokens: 32_768 },
  'gpt-5': { price: { inputPerMillion: 1.25, outputPerMillion: 10 }, contextTokens: 400_000, maxOutputTokens: 128_000 },
  'gpt-5-mini': { price: { inputPerMillion: 0.25, outputPerMillion: 2 }, contextTokens: 400_000, maxOutputTokens: 128_000 },
  'gpt-5-nano': { price: { inputPerMillion: 0.05, outputPerMillion: 0.4 }, contextTokens: 400_000, maxOutputTokens: 128_000 },
  'o4-mini': { price: { inputPerMillion: 1.1, outputPerMillion: 4.4 }, contextTokens: 200_000, maxOutputTokens: 100_000 },
  'gpt-3.5-turbo': { price: { inputPerMillion: 0.5, outputPerMillion: 1.5 }, contextTokens: 16_385, maxOutputTokens: 4_096 },
};

/** Safe limits for a model we know nothing about (a small local model, say). */
export const UNKNOWN_MODEL_LIMITS = { contextTokens: 8_192, maxOutputTokens: 2_048 } as const;

export function knownModel(model: string): ModelInfo | undefined {
  return MODELS[model] ?? MODELS[model.replace(/-\d{4}-\d{2}-\d{2}$/, '')];
}
