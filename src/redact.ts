/**
 * Keeps secrets out of messages. Error bodies often echo the request (a URL with `api_key=...`, an
 * `Authorization` header), and every failure message ends up in the workflow history, the run's notes,
 * the report and the logs. Two nets: the known secret values themselves, and anything shaped like a
 * credential (key query parameters, bearer tokens, JSON key fields, well-known key prefixes).
 */

const MASK = '[REDACTED]';

/** Query parameter / field names that carry credentials. */
const SECRET_NAMES =
  'api[_-]?key|apikey|key|token|access[_-]?token|refresh[_-]?token|id[_-]?token|auth|authorization|client[_-]?secret|secret|password|passwd|sig|signature|subscription[_-]?key|x[_-]api[_-]key';

const PATTERNS: [RegExp, string][] = [
  // ?api_key=... &key=... (raw or inside an echoed URL), up to the next separator
  [new RegExp(`(^|[^A-Za-z0-9_-])((?:${SECRET_NAMES})=)[^&#\\s"'<>,;)]+`, 'gi'), `$1$2${MASK}`],
  // URL-encoded echo of a query: api_key%3D...
  [new RegExp(`(^|[^A-Za-z0-9_-]|%26|%3F)((?:${SECRET_NAMES})%3D)[^&#\\s"'<>,;)%]+`, 'gi'), `$1$2${MASK}`],
  // "api_key": "..." in an echoed JSON body
  [new RegExp(`("(?:${SECRET_NAMES})"\\s*:\\s*")[^"]*(")`, 'gi'), `$1${MASK}$2`],
  // Authorization: Bearer ..., X-Subscription-Token: ..., x-api-key: ...
  [/\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi, `$1 ${MASK}`],
  [/\b((?:x-api-key|api-key|x-subscription-token|x-goog-api-key|authorization)\s*:\s*)[^\s,;"']+/gi, `$1${MASK}`],
  // Well-known key shapes: OpenAI sk-..., Tavily tvly-..., Google AIza...
  [/\b(sk|tvly)-[A-Za-z0-9_-]{8,}/g, `$1-${MASK}`],
  [/\bAIza[0-9A-Za-z_-]{20,}/g, MASK],
];

/** `text` with every known secret and every credential-shaped value masked. */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    const value = secret?.trim();
    // Very short values ("1", "abc") would mask ordinary words; the patterns still catch them in URLs.
    if (!value || value.length < 6) continue;
    for (const form of new Set([value, encodeURIComponent(value)])) out = out.split(form).join(MASK);
  }
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * Masks secrets in an error's message and stack, and in its causes' (Temporal records both), in
 * place, and returns it. Non-errors are returned as they are.
 */
export function redactError<E>(error: E, secrets: readonly (string | undefined)[] = []): E {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    try {
      const redactedMessage = redact(current.message, secrets);
      if (redactedMessage !== current.message) current.message = redactedMessage;
      if (current.stack) current.stack = redact(current.stack, secrets);
    } catch {
      // a read-only message (DOMException's abort) holds nothing we sent
    }
    current = current.cause;
  }
  return error;
}
