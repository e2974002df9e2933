/** The development-set scorer's reading of texts (bench/extractQuality.ts): the same rules for every text it compares. */
import { parseHTML } from 'linkedom';
import { shingleMatch, tokens, withBlockBreaks } from '../../bench/extractQuality';

describe('extraction quality scorer', () => {
  it("reads a numbered list's ordinals as markup, in any text, nested lists included; numbers inside sentences stay words", () => {
    expect(tokens('1. Photo\n2. Photo\n3. 1. Caption\n   2. Credit')).toEqual(['photo', 'photo', 'caption', 'credit']);
    expect(tokens('In 2016. the launch failed 3 times')).toEqual(['in', '2016', 'the', 'launch', 'failed', '3', 'times']);
    const expected = 'Lower the scale factor per table then raise the cost limit slowly';
    expect(shingleMatch(expected, '1. Lower the scale factor per table\n2. then raise the cost limit slowly')).toEqual({ precision: 1, recall: 1 });
  });

  it('keeps the words of adjacent blocks apart, where textContent runs them together', () => {
    const html = '<p>Alpha ends</p><p>Beta starts</p><ul><li>one</li><li>two</li></ul><div>Gamma<br>Delta</div>';
    expect(parseHTML(`<html><body>${html}</body></html>`).document.body.textContent).toContain('endsBeta');
    const text = parseHTML(`<html><body>${withBlockBreaks(html)}</body></html>`).document.body.textContent ?? '';
    expect(tokens(text)).toEqual(['alpha', 'ends', 'beta', 'starts', 'one', 'two', 'gamma', 'delta']);
  });
});
