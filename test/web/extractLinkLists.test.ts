/**
 * Lists of links around the story ("More news", "previous / next", a category menu inside the article
 * element) are not its text: they go by their structure (a block whose text is mostly link text, before
 * the story's first paragraph or after its last), whatever they are called. A link the author wrote
 * between the story's paragraphs stays.
 */
import { extractMainContent } from '../../src/web/extract/mainContent';

const stories = [
  'Council approves new cycle lanes on the ring road',
  'School meals to cost less from September',
  'Library reopens after two years of repairs',
  'Bus drivers vote on a new pay offer',
  'Harbour wall to be raised by half a metre',
  'Night market returns to the old square',
];

const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>River flood defences finished early | Valley Post</title></head><body>
<div id="top"><a href="/">Valley Post</a></div>
<div id="main"><article>
  <div class="crumbs"><a href="/news">News</a> <a href="/news/local">Local</a> <a href="/news/local/river">River</a></div>
  <h1>River flood defences finished early</h1>
  <p>The new flood wall along the east bank was finished three weeks ahead of plan, the county engineers said on Tuesday, in time for the autumn rains that flooded forty homes last year.</p>
  <p>The wall runs for two kilometres from the old mill to the railway bridge, and its gates close in under ten minutes when the river rises past the warning mark.</p>
  <p><a href="https://county.example/reports/flood-wall">Read the engineers' report on the wall</a></p>
  <p>Residents of the lower streets, who paid for sandbags themselves for a decade, said they would sleep better this winter, though some asked why the west bank had to wait until next year.</p>
  <div class="more"><h3>More news</h3><ul>${stories.map((s, i) => `<li><a href="/news/local/${i}">${s}</a></li>`).join('')}</ul></div>
  <div class="pager"><a href="/news/local/older">Previous story: Bridge closed for a week</a> <a href="/news/local/newer">Next story: Market hall gets a new roof</a></div>
</article></div>
</body></html>`;

describe('lists of links around the story', () => {
  const { text } = extractMainContent(html, 'https://valley-post.example/news/local/flood-defences');

  it('reads the story, with the link the author wrote between its paragraphs', () => {
    expect(text).toContain('The new flood wall along the east bank was finished three weeks ahead of plan');
    expect(text).toContain('some asked why the west bank had to wait until next year');
    expect(text).toContain("Read the engineers' report on the wall");
  });

  it('leaves out the "More news" list and the previous / next links after it', () => {
    for (const story of stories) expect(text).not.toContain(story);
    expect(text).not.toContain('Bridge closed for a week');
    expect(text).not.toContain('Market hall gets a new roof');
  });
});
