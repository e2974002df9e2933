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

describe("a WordPress post's footer and a most-read list, by their names", () => {
  const stories = ['Ten hikes for a rainy weekend', 'The best thermos, tested', 'Why your boots leak', 'A map of every hut', 'Packing light for a week'];
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Robots that paint murals | Suicide Bots</title></head><body>
<div id="page"><div class="post" id="post-3658">
  <h2>Robots that paint murals</h2>
  <div class="entry">
    <p>A team in Lyon has built a robot arm that paints murals on the walls of old factories, one stroke at a time, from a photograph the artist takes of a sketch.</p>
    <p>The arm hangs from a winch on the roof and moves along a rail, so that a wall of four storeys takes it a week; the artist corrects the colours every evening.</p>
    <p class="postmetadata alt"><small>This entry was posted on Saturday, August 25th, 2012 at 12:23 am and is filed under Robot Art, Videos. You can follow any responses to this entry through the RSS 2.0 feed.</small></p>
  </div>
  <div class="most-popular"><h3>Most read this week</h3><ol>${stories.map((s, i) => `<li><a href="/p/${i}">${s}</a> <span>${(i + 3) * 117} readers</span></li>`).join('')}</ol></div>
</div></div>
</body></html>`;
  const { text } = extractMainContent(page, 'https://suicidebots.example/2012/08/robots-that-paint-murals');

  it('reads the post and leaves out its filing line and the most-read list', () => {
    expect(text).toContain('A team in Lyon has built a robot arm that paints murals');
    expect(text).toContain('the artist corrects the colours every evening');
    expect(text).not.toContain('This entry was posted on');
    expect(text).not.toContain('Why your boots leak');
  });
});
