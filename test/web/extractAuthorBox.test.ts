/**
 * The author's box after a story (a paragraph of biography, links to their other posts) is not the story;
 * the byline is kept. Shaped like the tuning-half blog pages that went wrong: the box sits inside the
 * post's own container, where Readability takes it with the story.
 */
import { extractMainContent } from '../../src/web/extract/mainContent';

const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Paper lanterns for a winter window | Harbour Crafts</title></head><body>
<div id="header"><a href="/">Harbour Crafts</a></div>
<div id="content"><div class="post">
  <h1>Paper lanterns for a winter window</h1>
  <p class="byline">By <span class="author vcard">Marie Keel</span>, November 3, 2012</p>
  <div class="entry">
    <p>These lanterns take an afternoon and a few sheets of tissue paper. Fold each sheet in half, cut slits along the fold a finger apart, and open it out again before you roll it into a tube.</p>
    <p>Glue the tube along its edge, add a strip of card at the top as a handle, and set a battery candle inside: the light comes through the slits and the tissue glows in the window all evening.</p>
    <p>Children can decorate the sheets with crayons first; the colours show once the lantern is lit, and the wax keeps the paper from tearing when small hands fold it.</p>
  </div>
  <div class="postauthor"><img src="/marie.jpg" alt=""><h4>Written by Marie Keel</h4>
    <p>Marie Keel is the founder and editor of Harbour Crafts. She has loved glue and glitter since she was small, and now shares a project every week with the readers of this site and her three children.</p>
    <p><a href="/author/marie">More posts by Marie</a></p></div>
</div></div>
<div id="sidebar"><h3>Archives</h3><ul><li><a href="/2012/11/">November 2012</a></li><li><a href="/2012/10/">October 2012</a></li></ul></div>
</body></html>`;

describe("the author's box after the story", () => {
  const { text } = extractMainContent(html, 'https://harbour-crafts.example/2012/11/paper-lanterns');

  it('reads the story and its byline', () => {
    expect(text).toContain('These lanterns take an afternoon and a few sheets of tissue paper.');
    expect(text).toContain('the wax keeps the paper from tearing when small hands fold it');
    expect(text).toContain('Marie Keel');
  });

  it('leaves out the biography', () => {
    expect(text).not.toContain('She has loved glue and glitter since she was small');
    expect(text).not.toContain('More posts by Marie');
  });
});

describe("the author's box on a page that leaves out its <body> tag (HTML allows it)", () => {
  const bodyless = html.replace('<body>', '').replace('</body>', '');
  const { text } = extractMainContent(bodyless, 'https://harbour-crafts.example/2012/11/paper-lanterns');

  it('reads the story and leaves out the biography, as on a page with the tag', () => {
    expect(text).toContain('These lanterns take an afternoon and a few sheets of tissue paper.');
    expect(text).toContain('the wax keeps the paper from tearing when small hands fold it');
    expect(text).not.toContain('She has loved glue and glitter since she was small');
    expect(text).not.toContain('More posts by Marie');
  });
});
