import { ApplicationFailure } from '@temporalio/common';
import { failureForHttpStatus, FailureType, MAX_RETRY_AFTER_MS, rateLimited } from '../../src/errors';
import { redact, redactError } from '../../src/redact';

describe('redacting secrets from messages', () => {
  it.each([
    ['https://serpapi.com/search.json?engine=google&q=x&api_key=abc123def456', 'abc123def456'],
    ['GET /customsearch/v1?key=AIzaSyDUMMYDUMMYDUMMYDUMMY0123&cx=1', 'AIzaSyDUMMYDUMMYDUMMYDUMMY0123'],
    ['callback?access_token=ya29.tokenvalue&x=1', 'ya29.tokenvalue'],
    ['url encoded: q%3Dx%26api_key%3Dsecretvalue99', 'secretvalue99'],
    ['Authorization: Bearer sk-proj-abcdefghijklmnop', 'sk-proj-abcdefghijklmnop'],
    ['{"api_key":"tvly-abcdefghijkl","query":"x"}', 'tvly-abcdefghijkl'],
    ['x-subscription-token: BSAabcdef123456', 'BSAabcdef123456'],
    ['Incorrect API key provided: sk-abcdefghijklmnopqrstu', 'sk-abcdefghijklmnopqrstu'],
  ])('masks the credential in %s', (text, secret) => {
    const out = redact(text);
    expect(out).not.toContain(secret);
    expect(out).toContain('[REDACTED]');
  });

  it('masks a known secret wherever it appears, raw or URL-encoded, and leaves ordinary words alone', () => {
    expect(redact('your key my secret/value? was wrong', ['my secret/value?'])).toBe('your key [REDACTED] was wrong');
    expect(redact('echo: my%20secret%2Fvalue%3F', ['my secret/value?'])).toBe('echo: [REDACTED]');
    expect(redact('the maximum context length is 8192 tokens; token budget reached')).toBe('the maximum context length is 8192 tokens; token budget reached');
  });

  it('cleans a failure, its stack and its cause in place', () => {
    const cause = new Error('GET https://x.example/?token=abcdefgh1234 failed');
    const failure = ApplicationFailure.create({ message: 'provider said: key sk-live-0123456789', cause });
    redactError(failure, ['sk-live-0123456789']);
    expect(`${failure.message} ${failure.stack} ${cause.message} ${cause.stack}`).not.toMatch(/sk-live-0123456789|abcdefgh1234/);
  });

  it('keeps keys out of HTTP failures built from an echoed body', () => {
    const failure = failureForHttpStatus('search provider serpapi', 400, 'Invalid request /search.json?q=x&api_key=0123456789abcdef');
    expect(failure.message).not.toContain('0123456789abcdef');
    expect(failure.message).toContain('search provider serpapi answered HTTP 400');
  });
});

describe('Retry-After', () => {
  it('is honoured up to the cap', () => {
    const failure = rateLimited('429', 90_000);
    expect(failure.nonRetryable).toBeFalsy();
    expect(failure.nextRetryDelay).toBe(90_000);
  });

  it('beyond the cap fails the call as rate limited, saying how long was asked, instead of sleeping a day', () => {
    const failure = failureForHttpStatus('search provider brave', 429, 'slow down', '86400');
    expect(MAX_RETRY_AFTER_MS).toBe(120_000);
    expect(failure.type).toBe(FailureType.RateLimited);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.nextRetryDelay).toBeUndefined();
    expect(failure.message).toMatch(/rate limited: the server asks to wait 24 h before retrying, more than the 120 s this run waits/);
  });
});
