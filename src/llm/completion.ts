/**
 * What an endpoint answered to a chat-completion request, read from the raw body: a usable answer with its
 * usage, or what it was instead (empty, an HTML page, something else, a refusal, a filter's stop). Pure.
 */
import type { BadAnswerDetail } from '../errors';
import type { TokenUsage } from '../domain/types';

export type ReadAnswer =
  | { kind: 'answer'; text: string; finishReason: string; usage: TokenUsage }
  | { kind: BadAnswerDetail['kind']; answered: string; usage?: TokenUsage };

export interface UsageEstimate {
  /** The prompt's tokens, when the endpoint gives no usage. */
  estimatePrompt(): number;
  estimateCompletion(text: string): number;
}

/** Longest stretch of model or endpoint text quoted in a message. */
const QUOTE_CHARS = 100;

/** Model or endpoint text quoted on one line: control characters and line breaks gone, cut to `max`. */
export function quote(text: string, max = QUOTE_CHARS): string {
  const line = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  return `"${line.length > max ? `${line.slice(0, max - 1)}…` : line}"`;
}

/** An answer as a reason names it: quoted, or "an empty answer" (never a colon followed by nothing). */
export function describeAnswer(raw: string): string {
  return raw.trim() ? quote(raw) : 'an empty answer';
}

/**
 * A short answer that is only a refusal ("I'm sorry, but I can't help with that."): an apology or "I can't"
 * opening, a word of refusing, and little else. A long text that happens to start with "Sorry" is an answer.
 */
const REFUSAL_OPENING = /^\W{0,3}(i['’]m sorry|i am sorry|sorry|i apologi[sz]e|unfortunately|i can(?:not|['’]t| not)|i(?:['’]m| am) (?:unable|not able)|as an ai)\b/i;
const REFUSING = /\b(can(?:not|['’]t| not)|unable|not able|won['’]t|will not|not (?:comfortable|permitted|allowed))\b/i;
const REFUSAL_MAX_CHARS = 400;

export function isRefusal(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.length <= REFUSAL_MAX_CHARS && !/[{[]/.test(trimmed.slice(0, 1)) && REFUSAL_OPENING.test(trimmed) && REFUSING.test(trimmed);
}

interface CompletionShape {
  choices?: { message?: { content?: unknown; refusal?: unknown }; finish_reason?: unknown }[];
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown };
  error?: { message?: unknown } | string;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value) : undefined;
}

/** The body of a 2xx answer to a chat-completion request, read. */
export function readAnswer(body: string, contentType: string | null, estimate: UsageEstimate): ReadAnswer {
  const trimmed = body.trim();
  if (/html/i.test(contentType ?? '') || /^<(!doctype|html|head|body|\?xml|[a-z]+[\s>])/i.test(trimmed)) {
    const title = /<title[^>]*>([^<]{1,200})<\/title>/i.exec(trimmed)?.[1];
    return { kind: 'html', answered: `answered an HTML page${title?.trim() ? ` (${quote(title)})` : ''}, not a chat completion` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return { kind: 'not_completion', answered: `answered something that is not a chat completion: ${describeAnswer(trimmed)}` };
  }
  const completion = (parsed && typeof parsed === 'object' ? parsed : {}) as CompletionShape;
  if (!Array.isArray(completion.choices) || completion.choices.length === 0) {
    const error = typeof completion.error === 'string' ? completion.error : completion.error?.message;
    return {
      kind: 'not_completion',
      answered: typeof error === 'string' && error.trim() ? `answered an error with status 200: ${quote(error)}` : `answered something that is not a chat completion: ${describeAnswer(trimmed)}`,
    };
  }
  const choice = completion.choices[0];
  const text = typeof choice?.message?.content === 'string' ? choice.message.content : '';
  const refusal = typeof choice?.message?.refusal === 'string' ? choice.message.refusal : '';
  const finishReason = typeof choice?.finish_reason === 'string' ? choice.finish_reason : 'stop';
  const usage: TokenUsage = {
    calls: 1,
    // Some compatible servers omit usage; an estimate keeps the budget honest.
    promptTokens: count(completion.usage?.prompt_tokens) ?? estimate.estimatePrompt(),
    completionTokens: count(completion.usage?.completion_tokens) ?? estimate.estimateCompletion(text || refusal),
  };
  if (refusal.trim()) return { kind: 'refusal', answered: `answered a refusal: ${quote(refusal)}`, usage };
  if (finishReason === 'content_filter') return { kind: 'content_filter', answered: 'stopped its answer at its content filter (finish_reason content_filter)', usage };
  if (!text.trim()) return { kind: 'empty', answered: `answered an empty message${finishReason !== 'stop' ? ` (finish_reason ${finishReason})` : ''}`, usage };
  if (isRefusal(text)) return { kind: 'refusal', answered: `answered a refusal: ${quote(text)}`, usage };
  return { kind: 'answer', text, finishReason, usage };
}

/** A paragraph that ends where a writer would stop: a sentence's end, a closing bracket or quote, a table row. */
const ENDS_WHOLE = /[.!?:)\]"”'’|*_`]$/;

/**
 * Text whose last answer was cut off (at the output limit, or by a bad answer after it), kept to its last
 * whole paragraph, with no heading left hanging at its end; a single paragraph is kept to its last whole
 * sentence. The result is always a prefix of the text (paragraph breaks kept as they were).
 */
export function wholeParagraphs(text: string): string {
  let kept = text.trimEnd();
  const lastBreak = () => kept.search(/\n\s*\n(?![\s\S]*\n\s*\n)/);
  if (!ENDS_WHOLE.test(kept)) {
    const at = lastBreak();
    if (at >= 0) kept = kept.slice(0, at).trimEnd();
    else return /^[\s\S]*[.!?](?=\s)/.exec(kept)?.[0] ?? '';
  }
  // A heading whose section was cut away would stand over nothing.
  for (let at = lastBreak(); /^#{1,6}\s/.test(kept.slice(at < 0 ? 0 : at).trim()); at = lastBreak()) {
    kept = at < 0 ? '' : kept.slice(0, at).trimEnd();
    if (!kept) break;
  }
  return kept;
}
