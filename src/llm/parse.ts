/**
 * Tolerant reading of model answers: models wrap JSON in code fences, add prose around it, or answer
 * a bare array where an object was asked for. Pure functions, tested without a server.
 */
import type { z } from 'zod';
import { cleanText } from '../text/hygiene';

/**
 * JSON.parse reviver: string values cleaned like the answer's raw text, since JSON escapes (\u001b, \u202e)
 * reach them only when parsed.
 */
const cleanStrings = (_key: string, value: unknown): unknown => (typeof value === 'string' ? cleanText(value) : value);

/** Finds the first balanced JSON object or array in `text`, skipping fences and prose. */
export function extractJson(text: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  const candidates = fenced ? [fenced[1], text] : [text];
  for (const candidate of candidates) {
    const trimmed = candidate.trim();
    try {
      return JSON.parse(trimmed, cleanStrings);
    } catch {
      // fall through to scanning for an embedded JSON value
    }
    for (let start = 0; start < trimmed.length; start++) {
      const ch = trimmed[start];
      if (ch !== '{' && ch !== '[') continue;
      const end = matchingBracket(trimmed, start);
      if (end < 0) continue;
      try {
        return JSON.parse(trimmed.slice(start, end + 1), cleanStrings);
      } catch {
        // keep scanning
      }
    }
  }
  return undefined;
}

function matchingBracket(s: string, start: number): number {
  const stack: string[] = [];
  let inString = false;
  for (let i = start; i < s.length; i++) {
    const ch = s[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') stack.push(ch === '{' ? '}' : ']');
    else if (ch === '}' || ch === ']') {
      if (stack.pop() !== ch) return -1;
      if (stack.length === 0) return i;
    }
  }
  return -1;
}

/**
 * Parses an answer against `schema`. When the model answered a bare array for a one-field object
 * schema such as {"keywords": [...]}, the array is wrapped into that field.
 */
export function parseAnswer<T>(text: string, schema: z.ZodType<T>, arrayField?: string): T | undefined {
  let value = extractJson(text);
  if (Array.isArray(value) && arrayField) value = { [arrayField]: value };
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** Keeps the valid indices of a ranking answer: integers (or integer strings) in range, first occurrence only. */
export function cleanIndices(raw: readonly unknown[], length: number): number[] {
  const seen = new Set<number>();
  for (const item of raw) {
    const n = typeof item === 'string' && /^\s*\d+\s*$/.test(item) ? Number(item) : item;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n >= length || seen.has(n)) continue;
    seen.add(n);
  }
  return [...seen];
}

/** Trims and de-duplicates short phrases (keywords, queries), case-insensitively, keeping at most `max`. */
export function cleanPhrases(raw: readonly string[], max: number, maxChars = 300): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const item of raw) {
    const phrase = item.replace(/\s+/g, ' ').trim().slice(0, maxChars);
    const key = phrase.toLowerCase();
    if (!phrase || seen.has(key)) continue;
    seen.add(key);
    out.push(phrase);
    if (out.length >= max) break;
  }
  return out;
}

/**
 * A gap analysis's items, cleaned: each needs a question and a query (text, one line, at most 300 characters);
 * a query already asked, or given twice, is dropped; at most `max`. A half-filled item is left out, not fatal.
 */
export function cleanGaps(raw: readonly unknown[], max: number, asked: readonly string[]): { question: string; query: string; why: string }[] {
  const line = (v: unknown) => (typeof v === 'string' ? v.replace(/\s+/g, ' ').trim().slice(0, 300) : '');
  const seen = new Set(asked.map((q) => q.trim().toLowerCase()));
  const out: { question: string; query: string; why: string }[] = [];
  for (const item of raw) {
    if (out.length >= max) break;
    if (typeof item !== 'object' || item === null) continue;
    const { question, query, why } = item as Record<string, unknown>;
    const gap = { question: line(question), query: line(query), why: line(why) };
    if (!gap.question || !gap.query || seen.has(gap.query.toLowerCase())) continue;
    seen.add(gap.query.toLowerCase());
    out.push(gap);
  }
  return out;
}
