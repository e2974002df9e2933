/** The development-set scorer's reading of texts (bench/extractQuality.ts): the same rules for every text it compares. */
import { parseHTML } from 'linkedom';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDragnetPages, shingleMatch, tokens, withBlockBreaks } from '../../bench/extractQuality';

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

  it("ends a Dragnet page's expected text at its comments marker, however the annotator typed it", () => {
    const devset = mkdtempSync(join(tmpdir(), 'devset-'));
    mkdirSync(join(devset, 'dragnet', 'html'), { recursive: true });
    mkdirSync(join(devset, 'dragnet', 'gold'), { recursive: true });
    const markers = ['!@#$%^&*()  COMMENTS', '!@ $%^&*()  COMMENTS', '!@#$%^&*() COMMENTS\r', '!@#$%^&**()  COMMENTS', '  #$%^&*()  COMMENTS\t', 'no marker'];
    markers.forEach((marker, i) => {
      writeFileSync(join(devset, 'dragnet', 'html', `${i}.html`), '<p>x</p>');
      writeFileSync(join(devset, 'dragnet', 'gold', `${i}.txt`), `The article itself, in four words and more.\n\n${marker}\n\nGreat post, thanks for sharing it with us!`);
    });
    const pages = loadDragnetPages(devset);
    for (const page of pages.filter((p) => p.name !== '5')) expect(page.expected).not.toContain('Great post');
    expect(pages.find((p) => p.name === '5')!.expected).toContain('Great post');
  });
});
