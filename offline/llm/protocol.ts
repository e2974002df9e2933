/** The wire shapes of OpenAI's Chat Completions API that the stand-in answers with. */

export type FinishReason = 'stop' | 'length';

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function chatCompletion(args: {
  id: string;
  model: string;
  /** null with a refusal, as OpenAI answers a structured-output request it refuses. */
  content: string | null;
  /** OpenAI's `message.refusal`. */
  refusal?: string;
  finishReason: FinishReason;
  promptTokens: number;
  completionTokens: number;
  /** Leave out `usage`, as some compatible servers do. */
  omitUsage?: boolean;
}) {
  const usage = {
    prompt_tokens: args.promptTokens,
    completion_tokens: args.completionTokens,
    total_tokens: args.promptTokens + args.completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
  return {
    id: args.id,
    object: 'chat.completion' as const,
    created: Math.floor(Date.now() / 1000),
    model: args.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant' as const, content: args.content, refusal: args.refusal ?? null, annotations: [] },
        logprobs: null,
        finish_reason: args.finishReason,
      },
    ],
    ...(args.omitUsage ? {} : { usage }),
    service_tier: 'default',
    system_fingerprint: 'fp_offline',
  };
}

export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export function errorBody(message: string, type: string, code: string | null = null, param: string | null = null): OpenAiErrorBody {
  return { error: { message, type, param, code } };
}

/** OpenAI masks all but the start and end of a wrong key in its message. */
export function maskKey(key: string): string {
  if (key.length <= 8) return `${key.slice(0, 2)}${'*'.repeat(Math.max(0, key.length - 2))}`;
  return `${key.slice(0, 3)}${'*'.repeat(Math.min(20, key.length - 7))}${key.slice(-4)}`;
}

export function invalidKeyBody(key: string): OpenAiErrorBody {
  return errorBody(
    `Incorrect API key provided: ${maskKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    'invalid_request_error',
    'invalid_api_key',
  );
}

export function missingKeyBody(): OpenAiErrorBody {
  return errorBody(
    "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
    'invalid_request_error',
  );
}

export function rateLimitBody(model: string, retryAfterSeconds: number): OpenAiErrorBody {
  return errorBody(
    `Rate limit reached for ${model} in organization org-offline on requests per min (RPM): Limit 500, Used 500, Requested 1. ` +
      `Please try again in ${retryAfterSeconds}s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
    'requests',
    'rate_limit_exceeded',
  );
}

export function serverErrorBody(): OpenAiErrorBody {
  return errorBody('The server had an error while processing your request. Sorry about that!', 'server_error');
}

/** What a model refuses with. */
export const REFUSAL_TEXT = "I'm sorry, but I can't help with that.";

/** A reverse proxy's error page, answered with status 200 (as some gateways do when the model behind them fails). */
export function proxyErrorPage(): string {
  return [
    '<!DOCTYPE html>',
    '<html><head><title>502 Bad Gateway</title></head>',
    '<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>',
    '',
  ].join('\n');
}
