/**
 * Search results are where titles, snippets and URLs from the web enter: every provider's hits go through
 * toSearchResults, which leaves no control, bidi or invisible character and no terminal escape in them,
 * whether the provider sent them raw or as HTML character references.
 */
import { toSearchResults } from '../../src/search/results';
import { ARABIC, CLEAN_SNIPPET, CLEAN_TITLE, ESCAPE_LEFTOVERS, HOSTILE_SNIPPET, HOSTILE_TITLE, hiddenCharacters } from '../text/hostileText';

describe('toSearchResults cleans what a search engine returns', () => {
  it('titles and snippets sent raw keep their words and lose their controls', () => {
    const [result] = toSearchResults([{ url: 'https://example.com/a', title: HOSTILE_TITLE, snippet: `${HOSTILE_SNIPPET}\r\n${ARABIC}` }], 5);
    expect(result).toEqual({ url: 'https://example.com/a', title: CLEAN_TITLE, snippet: `${CLEAN_SNIPPET} ${ARABIC}` });
    for (const leftover of ESCAPE_LEFTOVERS) expect(`${result!.title} ${result!.snippet}`).not.toContain(leftover);
  });

  it('titles and snippets with character references and tags are decoded, then cleaned', () => {
    const [result] = toSearchResults(
      [{ url: 'https://example.com/b', title: '<b>Grid&#x202E; storage&#x2069;</b>&#27;[2J &amp; more&#xFEFF;', snippet: 'a&#x200B;b&#8206;c&#27;]8;;http://evil.example/&#27;\\d' }],
      5,
    );
    expect(result).toEqual({ url: 'https://example.com/b', title: 'Grid storage & more', snippet: 'ab\u200Ecd' });
  });

  it('a title of nothing but controls falls back to the URL', () => {
    const [result] = toSearchResults([{ url: 'https://example.com/c', title: '\u202E\u200B\x1b[2J', snippet: '' }], 5);
    expect(result!.title).toBe('https://example.com/c');
  });

  it('URLs are shown percent-encoded: a bidi control or an escape in a URL is no longer one', () => {
    const [result] = toSearchResults([{ url: 'https://example.com/\u202Egnp.exe?q=\x1b[2J#\u2066x', title: 't' }], 5);
    expect(hiddenCharacters(result!.url)).toEqual([]);
    expect(result!.url).toBe('https://example.com/%E2%80%AEgnp.exe?q=%1B[2J#%E2%81%A6x');
  });
});
