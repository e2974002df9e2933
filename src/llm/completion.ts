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
  const line = text.replace(/[\s\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  return `"${line.length > max ? `${line.slice(0, max - 1)}…` : line}"`;
}

/** An answer as a reason names it: quoted, or "an empty answer" (never a colon followed by nothing). */
export function describeAnswer(raw: string): string {
  return raw.trim() ? quote(raw) : 'an empty answer';
}

/**
 * A short answer that is only a refusal ("I'm sorry, but I can't help with that."): an apology or "I can't"
 * opening, a word of refusing, and little else. A long text that happens to start with "Sorry" is an answer,
 * and so is JSON.
 */
const REFUSAL_OPENING = /^(?![{[])\W{0,3}(i['’]m sorry|i am sorry|sorry|i apologi[sz]e|unfortunately|i can(?:not|['’]t| not)|i(?:['’]m| am) (?:unable|not able)|as an ai)\b/i;
const REFUSING = /\b(can(?:not|['’]t| not)|unable|not able|won['’]t|will not|not (?:comfortable|permitted|allowed))\b/i;
const REFUSAL_MAX_CHARS = 400;

export function isRefusal(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.length <= REFUSAL_MAX_CHARS && REFUSAL_OPENING.test(trimmed) && REFUSING.test(trimmed);
}

interface CompletionShape {
  choices?: ({ message?: { content?: unknown; refusal?: unknown } | null; finish_reason?: unknown } | null)[];
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } | null;
  error?: { message?: unknown } | string | null;
}

/** A token count as the endpoint gave it, when it is one. */
function count(value: unknown): number | undefined {
  return Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The body of a 2xx answer to a chat-completion request, read. */
export function readAnswer(body: string, contentType: string | null, estimate: UsageEstimate): ReadAnswer {
  const trimmed = body.trim();
  if (/html/i.test(String(contentType)) || /^<[!?a-z]/i.test(trimmed)) {
    const title = /<title[^>]*>([^<]{1,200})<\/title>/i.exec(trimmed)?.[1]?.trim();
    return { kind: 'html', answered: `answered an HTML page${title ? ` (${quote(title)})` : ''}, not a chat completion` };
  }
  const completion = (parseJson(trimmed) ?? {}) as CompletionShape;
  if (!Array.isArray(completion.choices) || completion.choices.length === 0) {
    const error = typeof completion.error === 'string' ? completion.error : completion.error?.message;
    return {
      kind: 'not_completion',
      answered: typeof error === 'string' && error.trim() ? `answered an error with status 200: ${quote(error)}` : `answered something that is not a chat completion: ${describeAnswer(trimmed)}`,
    };
  }
  const choice = completion.choices[0];
  const text = typeof choice?.message?.content === 'string' ? choice.message.content : '';
  const refusal = typeof choice?.message?.refusal === 'string' ? choice.message.refusal.trim() : '';
  const finishReason = typeof choice?.finish_reason === 'string' ? choice.finish_reason : 'stop';
  const usage: TokenUsage = {
    calls: 1,
    // Some compatible servers omit usage; an estimate keeps the budget honest.
    promptTokens: count(completion.usage?.prompt_tokens) ?? estimate.estimatePrompt(),
    completionTokens: count(completion.usage?.completion_tokens) ?? estimate.estimateCompletion(text || refusal),
  };
  if (refusal) return { kind: 'refusal', answered: `answered a refusal: ${quote(refusal)}`, usage };
  if (finishReason === 'content_filter') return { kind: 'content_filter', answered: 'stopped its answer at its content filter (finish_reason content_filter)', usage };
  if (!text.trim()) return { kind: 'empty', answered: `answered an empty message${finishReason === 'stop' ? '' : ` (finish_reason ${finishReason})`}`, usage };
  if (isRefusal(text)) return { kind: 'refusal', answered: `answered a refusal: ${quote(text)}`, usage };
  return { kind: 'answer', text, finishReason, usage };
}

/** A paragraph that ends where a writer would stop: a sentence's end, a closing bracket or quote, a table row. */
const ENDS_WHOLE = /[.!?:)\]"”'’|*_`]$/;
const HEADING = /^#{1,6}\s/;

/**
 * Text whose last answer was cut off (at the output limit, or by a bad answer after it), kept to its last
 * whole paragraph, with no heading left hanging at its end; a single paragraph is kept to its last whole
 * sentence, or to nothing. Paragraphs stay as they were, one blank line apart.
 */
export function wholeParagraphs(text: string): string {
  const paragraphs = text
    .trim()
    .split(/\n\s*\n/)
    .filter((p) => p.trim());
  const last = paragraphs.pop() ?? '';
  if (ENDS_WHOLE.test(last)) paragraphs.push(last);
  else if (paragraphs.length === 0) return /[\s\S]*[.!?](?=\s)/.exec(last)?.[0] ?? '';
  // A heading whose section was cut away would stand over nothing.
  while (paragraphs.length > 0 && HEADING.test(paragraphs[paragraphs.length - 1])) paragraphs.pop();
  return paragraphs.join('\n\n');
}
