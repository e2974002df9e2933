/**
 * Everything a workflow history holds, payloads decoded, as one text to search for what must not be there
 * (page text, keys). Protobuf's JSON form writes payload bytes as base64, and `JSON.stringify` calls that
 * form before any replacer sees a byte array, so a search of `JSON.stringify(history)` can never find
 * anything inside an input or a result. Here each payload is decoded, and when it holds JSON, its strings
 * are written out raw (unescaped), one per line.
 */
import type { History } from '@temporalio/common/lib/proto-utils';

export function historyText(history: History): string {
  const lines: string[] = [];
  // JSON.parse(JSON.stringify(...)) gives protobuf's plain JSON form: payload `data` as base64 strings.
  const stack: unknown[] = [JSON.parse(JSON.stringify(history)) as unknown];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') lines.push(value);
    else if (Array.isArray(value)) stack.push(...(value as unknown[]));
    else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'data' && typeof inner === 'string') stack.push(decodedPayload(inner));
        else stack.push(inner);
      }
    }
  }
  return lines.join('\n');
}

/** A payload's bytes: its JSON value when it is JSON (strings then come out unescaped), else its text. */
function decodedPayload(base64: string): unknown {
  const text = Buffer.from(base64, 'base64').toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
