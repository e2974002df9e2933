import { FailureType } from '../../src/errors';
import { googleLocale, parseLocale } from '../../src/search/locale';
import { pageSize, plainText, toSearchResults } from '../../src/search/results';
import { endpoint, requireSettings } from '../../src/search/settings';
import { failureOf } from './helpers';

describe('toSearchResults', () => {
  it('keeps http(s) URLs only', () => {
    const results = toSearchResults(
      [
        { url: 'ftp://files.example.com/a', title: 'ftp' },
        { url: 'javascript:alert(1)', title: 'js' },
        { url: '/relative/path', title: 'relative' },
        { url: 'mailto:someone@example.com', title: 'mail' },
        { url: null, title: 'none' },
        { url: ' https://example.com/a ', title: 'kept' },
        { url: 'http://example.org', title: 'kept too' },
      ],
      10,
    );
    expect(results.map((result) => result.url)).toEqual(['https://example.com/a', 'http://example.org/']);
  });

  it('drops repeats of a URL, ignoring its #fragment, and keeps the first', () => {
    const results = toSearchResults(
      [
        { url: 'https://example.com/page', title: 'first' },
        { url: 'https://example.com/page#section-2', title: 'same page' },
        { url: 'https://EXAMPLE.com/page', title: 'same, other case host' },
        { url: 'https://example.com/other', title: 'other' },
      ],
      10,
    );
    expect(results.map((result) => result.title)).toEqual(['first', 'other']);
  });

  it('returns at most `count`, counting only kept results', () => {
    const raw = [{ url: 'ftp://x' }, ...['a', 'b', 'c', 'd'].map((path) => ({ url: `https://example.com/${path}` }))];
    expect(toSearchResults(raw, 2).map((result) => result.url)).toEqual(['https://example.com/a', 'https://example.com/b']);
    expect(toSearchResults(raw, 0)).toEqual([]);
  });

  it('cleans title and snippet, and falls back to the URL for a missing title', () => {
    expect(toSearchResults([{ url: 'https://example.com/', title: '  ', snippet: undefined }], 5)).toEqual([
      { url: 'https://example.com/', title: 'https://example.com/', snippet: '' },
    ]);
  });
});

describe('plainText', () => {
  it.each([
    ['<strong>PyTorch</strong> vs <b>TensorFlow</b>', 'PyTorch vs TensorFlow'],
    ['Tom &amp; Jerry &#x27;s &quot;show&quot; &hellip;', 'Tom & Jerry \'s "show" …'],
    ['line one<br>line two</p><p>para', 'line one line two para'],
    ['  lots \n\t of   space  ', 'lots of space'],
    ['5 < 6 and AT&T', '5 < 6 and AT&T'],
    ['plain text', 'plain text'],
  ])('%j → %j', (input, expected) => {
    expect(plainText(input)).toBe(expected);
  });
});

describe('pageSize', () => {
  it('is a whole number between 1 and the provider maximum', () => {
    expect(pageSize(8, 10)).toBe(8);
    expect(pageSize(25, 10)).toBe(10);
    expect(pageSize(0, 10)).toBe(1);
    expect(pageSize(3.7, 10)).toBe(3);
  });
});

describe('parseLocale', () => {
  it.each([
    ['en-us', { language: 'en', region: 'us' }],
    ['pt_BR', { language: 'pt', region: 'br' }],
    ['zh-Hant-TW', { language: 'zh', region: 'tw' }],
    ['fr', { language: 'fr' }],
    ['zh-Hans', { language: 'zh' }],
  ])('%s', (hint, expected) => {
    expect(parseLocale(hint)).toEqual(expected);
  });

  it('ignores empty or unreadable hints', () => {
    expect(parseLocale(undefined)).toBeUndefined();
    expect(parseLocale('')).toBeUndefined();
    expect(parseLocale('english please')).toBeUndefined();
  });
});

describe('googleLocale', () => {
  it('maps to hl and gl', () => {
    expect(googleLocale('en-us')).toEqual({ hl: 'en', gl: 'us' });
    expect(googleLocale('zh-tw')).toEqual({ hl: 'zh-tw', gl: 'tw' });
    expect(googleLocale('de')).toEqual({ hl: 'de' });
    expect(googleLocale(undefined)).toEqual({});
  });
});

describe('endpoint', () => {
  it('puts the path below the base, keeping a path prefix', () => {
    expect(endpoint('https://api.example.com', '/search').href).toBe('https://api.example.com/search');
    expect(endpoint('http://proxy:8080/serper', '/search').href).toBe('http://proxy:8080/serper/search');
    expect(endpoint('http://proxy:8080/serper/', 'search').href).toBe('http://proxy:8080/serper/search');
  });
});

describe('requireSettings', () => {
  it('names every missing setting', async () => {
    const failure = await failureOf(
      Promise.resolve().then(() => requireSettings('google', { GOOGLE_API_KEY: 'k', GOOGLE_CSE_ID: ' ' })),
    );
    expect(failure.type).toBe(FailureType.MissingApiKey);
    expect(failure.message).toBe(
      'search provider google needs GOOGLE_CSE_ID: set it, or choose SEARCH_PROVIDER=duckduckgo',
    );
  });

  it('passes when all are set', () => {
    expect(() => requireSettings('serper', { SERPER_API_KEY: 'k' })).not.toThrow();
  });
});
