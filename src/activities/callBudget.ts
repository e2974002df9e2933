/**
 * A report call held to the allowance the budget planner gave it: the answer asked for is only as long as
 * what is left of the allowance pays for, once the prompt (counted here, with the model's tokenizer) is
 * paid; text the allowance cut ends at its last whole sentence.
 */
import { affordableAnswerTokens, afterFirstAnswer, askingScale, usageCost } from '../domain/budget';
import type { ReportCallBudget, ResearchSettings, TokenUsage } from '../domain/types';
import type { ChatMessage } from '../llm/prompts';
import { countTokens } from '../llm/tokens';

/** An answer shorter than this is not worth its prompt: the call is not made. */
export const MIN_ANSWER_TOKENS = 40;

/** The prompt's tokens as the client estimates a request's (each message's text and a few for its role). */
export function promptTokens(messages: readonly ChatMessage[], model: string): number {
  return messages.reduce((n, m) => n + countTokens(m.content, model) + 4, 0);
}

/**
 * The answer tokens a call may ask for: `wanted`, or fewer when the allowance (less what this activity has
 * paid so far) does not pay for that many after the prompt, at the rate the answer is asked at (askingScale).
 * Without a budget (runs recorded before the planner), `wanted`.
 */
export function answerTokensWithin(budget: ReportCallBudget | undefined, settings: ResearchSettings, paid: TokenUsage, messages: readonly ChatMessage[], wanted: number): number {
  if (!budget) return wanted;
  const affordable = affordableAnswerTokens(settings.price, budget.allowanceUsd, usageCost(settings.price, paid), promptTokens(messages, settings.model), askingScale(budget));
  return Math.min(wanted, affordable);
}

/**
 * The call's budget after an answer (`text`, billed `usage`): once the first answer has shown how the model bills
 * what it writes, the rest is asked at that rate (see ReportCallBudget.firstAnswerScale).
 */
export function afterAnswer(budget: ReportCallBudget | undefined, text: string, usage: TokenUsage, model: string): ReportCallBudget | undefined {
  return budget && afterFirstAnswer(budget, usage.completionTokens, countTokens(text, model));
}

/** A sentence's end: its stop, closing quotes or brackets, and citations after it. */
const SENTENCE_END = /[.!?]["'”’)\]]*(?:\s*\[\d+\])*(?=\s|$)/g;
const HEADING = /^#{1,6}\s/;

/** Text cut mid-way by its allowance, to its last whole sentence (a heading left with nothing under it goes too). */
export function wholeSentences(text: string): string {
  let end = 0;
  for (const match of text.matchAll(SENTENCE_END)) end = match.index + match[0].length;
  const lines = text.slice(0, end).trimEnd().split('\n');
  while (lines.length > 0 && (HEADING.test(lines[lines.length - 1]) || !lines[lines.length - 1].trim())) lines.pop();
  return lines.join('\n');
}

/** An answer this close to the tokens it was allowed ran into that limit (its last words may be a few tokens short). */
const LIMIT_REACHED = 0.9;

/**
 * Whether an answer cut at the length limit was cut by its allowance (asked for fewer tokens than wanted, and
 * filled them), and not by the model stopping short of them: only then is the cut the budget's and not the
 * model's trouble.
 */
export function cutByAllowance(allowed: number, wanted: number, billedCompletionTokens: number): boolean {
  return allowed < wanted && billedCompletionTokens >= LIMIT_REACHED * allowed;
}
