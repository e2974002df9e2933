/**
 * What an element is called decides whether it is boilerplate ("share-bar", "cookie-consent"), but a class
 * a script finds the element by ("js-social-images": share buttons are added to its pictures) says what the
 * script does, not what the element is: the story inside it stays.
 */
import { extractMainContent } from '../../src/web/extract/mainContent';
import { componentNames } from '../../src/web/extract/names';

const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>How to keep your brows in place | Beauty Notes</title></head><body>
<div id="nav"><a href="/">Beauty Notes</a> <a href="/makeup">Makeup</a> <a href="/skin">Skin</a></div>
<h1>How to keep your brows in place</h1>
<ul class="share-bar"><li><a href="https://facebook.example/share">Share on Facebook</a></li><li><a href="https://twitter.example/share">Tweet</a></li></ul>
<div id="cms_content" class="module content_module js-social-images">
  <p><img src="/brows.jpg" alt=""></p>
  <p>Brows frame the face, and what happens by midday when your handiwork has gone awry matters as much as the shape you chose in the morning. These three standbys keep your arches where you put them.</p>
  <p>Brow gels and clear mascaras are the go-to for grooming: brush the brows up and out from the inner corner and let the product comb stray hairs and seal in a little shine.</p>
  <p>Brow waxes suit coarser hair: like a pomade, they shape stubborn hair above the eye, and come in pans to apply with a stiff angled brush.</p>
</div>
</body></html>`;

describe('a script hook in a class name', () => {
  it('is not read as a name of what the element is', () => {
    expect(componentNames({ class: 'module js-social-images share-bar' })).toEqual([['module'], ['share', 'bar']]);
    expect(componentNames({ class: 'JS_share' })).toEqual([]);
  });

  it('leaves the story inside the hooked element in the text, and the share bar out', () => {
    const { text } = extractMainContent(html, 'https://beauty-notes.example/brows');
    expect(text).toContain('Brows frame the face');
    expect(text).toContain('Brow waxes suit coarser hair');
    expect(text).not.toContain('Share on Facebook');
  });
});
