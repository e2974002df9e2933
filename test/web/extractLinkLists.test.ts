/**
 * Lists of links around the story ("More news", "previous / next", a category menu inside the article
 * element) are not its text: they go by their structure (a block whose text is mostly link text, before
 * the story's first paragraph or after its last), whatever they are called. A link the author wrote
 * between the story's paragraphs stays.
 */
import { findLinkDense } from '../../src/web/extract/density';
import { extractMainContent } from '../../src/web/extract/mainContent';
import { findFirst, parseFlat } from '../../src/web/extract/tree';

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

/** A blog's archive after the post, in Blogger's markup: every line a link with its count beside it ("September (4)"). */
const months = ['September', 'August', 'July', 'June', 'May', 'April', 'March', 'February', 'January'];
const entry = (label: string, href: string, count: number, inner = '') =>
  `<li class="archivedate"><a class="toggle" href="javascript:void(0)"><span class="zippy">&#9658;&#160;</span></a> <a class="post-count-link" href="${href}">${label}</a> <span class="post-count">(${count})</span>${inner}</li>`;
const archive = (year: number) =>
  `<ul class="hierarchy">${entry(String(year), `/${year}/`, 36, `<ul class="hierarchy">${months.map((m, i) => entry(m, `/${year}_${12 - i}_archive.html`, (i % 5) + 1)).join('')}</ul>`)}</ul>`;
const blogHtml = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Minty's Sketchbook: Little gifts for friends</title></head><body>
<div class="outer-wrapper"><div class="main-wrapper">
  <div class="widget Blog" id="Blog1">
    <h2 class="date-header">Monday, October 22, 2012</h2>
    <div class="post"><h3 class="post-title">Little gifts for friends</h3>
    <div class="post-body"><p>Dear all, I would love to invite you to the Treehouse Heroes book event at the Reading Bug this coming Saturday at eleven, where I will read the first chapter and draw the forgotten beast for every child who asks.</p>
    <p>Hope to see you there: bring your own crayons, the shop will have paper and juice, and the first twenty children get a small printed sketch to take home.</p></div></div>
  </div>
  <div class="widget BlogArchive" id="BlogArchive1"><h2>Minty's Archive</h2><div class="widget-content"><div id="ArchiveList">${archive(2012)}${archive(2011)}</div></div></div>
</div></div>
</body></html>`;

describe("a blog's archive after the post, in the block the story is read from", () => {
  const tree = parseFlat(blogHtml);
  const marked = findLinkDense(tree, new Uint8Array(tree.size), findFirst(tree, 'body'), -1);
  const ids = marked.map((i) => tree.attribs[i]?.id ?? tree.attribs[i]?.class);

  it('is a list of links: its counts and arrows between the links are no prose', () => {
    const list = tree.attribs.findIndex((a) => a?.id === 'ArchiveList');
    expect(marked.some((i) => i <= list && list < tree.end[i]!)).toBe(true);
  });

  it('leaves the post alone', () => {
    expect(ids).not.toContain('Blog1');
    expect(extractMainContent(blogHtml, 'https://minty.example/2012/10/little-gifts.html').text).toContain('the first twenty children get a small printed sketch to take home');
  });
});

describe('page numbers after the story (links without a letter)', () => {
  it('are a list of links too, counted in digits', () => {
    const pages = Array.from({ length: 8 }, (_, i) => `<a href="/news?page=${i + 1}">${i + 1}</a>`).join(' | ');
    const tree = parseFlat(`<html><body><div id="story"><p>The harbour wall will be raised by half a metre before the winter storms, the council said, after two floods in three years.</p></div><div id="pages">${pages}</div></body></html>`);
    const marked = findLinkDense(tree, new Uint8Array(tree.size), findFirst(tree, 'body'), -1);
    expect(marked.map((i) => tree.attribs[i]?.id)).toEqual(['pages']);
  });
});
