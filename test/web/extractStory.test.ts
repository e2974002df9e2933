/**
 * Where the story is, on pages whose markup misleads a class-word rule or Readability, shaped like the
 * tuning-half pages of the development set that went wrong (blog platforms, short posts beside long
 * sidebars): the story is read, the sidebar is not.
 */
import { extractMainContent } from '../../src/web/extract/mainContent';

const sentences = (topic: string, n = 5) =>
  Array.from({ length: n }, (_, i) => `${topic} sentence ${i + 1} tells the reader one more thing about the harbour repairs.`).join(' ');

/** A sidebar of the kind blogs carry: an about box, a long blogroll, archives. */
const sidebar = `
  <div id="sidebar">
    <div class="about"><h3>About</h3><p>Disclaimer: Harbour Notes has no affiliation with any of the contractors mentioned on this site. All trademarks belong to their respective owners, and every opinion here is the author's own.</p></div>
    <h3>Blogroll</h3><ul>${Array.from({ length: 30 }, (_, i) => `<li><a href="/b${i}">Another coastal blog number ${i + 1}</a></li>`).join('')}</ul>
    <h3>Archives</h3><ul>${Array.from({ length: 24 }, (_, i) => `<li><a href="/a${i}">Month ${i + 1} of the archive</a></li>`).join('')}</ul>
  </div>`;

const page = (body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Harbour Notes</title></head><body><div id="header"><a href="/">Harbour Notes</a></div>${body}<div id="footer">Powered by a blog platform</div></body></html>`;

describe('the story, where markup misleads', () => {
  it("reads a WordPress post whose category and tags name a share widget ('category-worth-sharing', 'tag-social')", () => {
    const html = page(`<div id="content"><div id="post-157" class="post-157 post type-post hentry category-worth-sharing tag-social">
      <h1>Harbour repairs begin</h1><p>${sentences('Crane')}</p><p>${sentences('Tide')}</p><p>${sentences('Quay')}</p></div></div>${sidebar}`);
    for (const options of [{}, { readability: false }]) {
      const { text } = extractMainContent(html, 'https://notes.example/harbour', options);
      expect(text).toContain('Quay sentence 5 tells');
      expect(text).not.toContain('Blogroll');
    }
  });

  it("reads a Blogger post: the posts sit in a 'widget Blog', their paragraphs split by <br>, beside a longer sidebar of widgets", () => {
    const post = ['Crane', 'Tide', 'Quay'].map((t) => sentences(t)).join('<br><br>');
    const widgets = Array.from({ length: 6 }, (_, i) => `<div class="widget LinkList" id="LinkList${i}"><h2>Links ${i + 1}</h2><div class="widget-content"><ul>${Array.from({ length: 15 }, (_, j) => `<li><a href="/l${i}-${j}">A link to a friend's coastal photography page</a></li>`).join('')}</ul></div></div>`).join('');
    const html = page(`<div class="main-inner"><div class="section" id="main"><div class="widget Blog" id="Blog1"><div class="post hentry"><h3 class="post-title">Harbour repairs begin</h3><div class="post-body entry-content">${post}</div></div></div></div>
      <div class="sidebar section" id="sidebar-right-1">${widgets}</div></div>`);
    for (const options of [{}, { readability: false }]) {
      const { text } = extractMainContent(html, 'https://harbournotes.example/2026/03/repairs.html', options);
      expect(text).toContain('Quay sentence 5 tells');
      expect(text).not.toContain("A link to a friend's coastal photography page");
    }
  });

  it('reads a story wrapped in its share bar\'s wrapper ("share_wrapper") on a page with a long comment thread', () => {
    const comments = Array.from({ length: 12 }, (_, i) => `<li class="comment"><p>Comment ${i + 1}: I walked past the harbour yesterday and the cranes were already there, which is good news for the fishing boats.</p></li>`).join('');
    const html = page(`<div class="share_wrapper"><div class="share-buttons"><a href="#tw">Tweet</a><a href="#fb">Like</a></div>
      <div class="article"><h1>Harbour repairs begin</h1><p>${sentences('Crane', 8)}</p><p>${sentences('Tide', 8)}</p><p>${sentences('Quay', 8)}</p></div></div>
      <div id="comments"><ol>${comments}</ol></div>`);
    const { text } = extractMainContent(html, 'https://notes.example/harbour', { readability: false });
    expect(text).toContain('Quay sentence 8 tells');
  });

  it("does not take a sidebar's disclaimer for the article of a short post whose title markup swallowed it (an unclosed <a> in an <h3>)", () => {
    const disclaimer = `<div id="sidebar"><div id="text-3" class="widget widget_text"><h4 class="widgettitle">Disclaimer</h4><div class="textwidget">Disclaimer: Harbour Notes has no affiliation with any of the contractors, crane hire firms or engineering consultancies mentioned on this site. Please visit their official websites for anything they sell, and check their prices there.<br><br>
      Here is the definition of the word harbour, as the dictionary gives it:<br><br>Pronunciation: har-bur<br>Function: noun<br>Etymology: Middle English herberwe, from Old English herebeorg, shelter, lodging, quarters<br><br>
      1: a part of a body of water protected and deep enough to furnish anchorage<br>2: a place of security and comfort, a refuge, as for boats in a storm</div></div>
      <div class="widget widget_recent"><h4>Recent posts</h4><ul>${Array.from({ length: 5 }, (_, i) => `<li><a href="/p${i}">Recent post ${i + 1}</a></li>`).join('')}</ul></div></div>`;
    const html = page(`<div id="wrapper"><div id="content"><div class="post" id="post-34551"><div class="boxinfo"><div class="time">March 3, 2026</div><a href="#respond">No Comments</a></div>
      <div class="post-content"><h3 class="posttitle"><a rel="bookmark" href="/new-crane">New crane on the quay</h3>
      <p>The first of the two new cranes arrived on the quay this morning (<a href="/photos">photos here</a>), and the harbour master says the second follows next week by barge.</p>
      <p>P.S.: a long list of the boats that moved to the outer moorings is on <a href="/moorings">the moorings page</a>.</p></div></div></div>${disclaimer}</div>`);
    const { text } = extractMainContent(html, 'https://notes.example/crane');
    expect(text).toContain('The first of the two new cranes arrived on the quay this morning');
    expect(text).not.toContain('Disclaimer');
  });
});
