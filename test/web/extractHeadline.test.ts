/**
 * The page's headline (the heading it also names itself by in <title>) says where its story starts, and
 * so whether Readability's article is the story: shaped like the tuning-half pages of the development
 * set that went wrong (a short news item beside a long sidebar list; a blog whose author box Readability
 * took for the article).
 */
import { extractMainContent } from '../../src/web/extract/mainContent';

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;

describe('the story starts at its headline', () => {
  it('takes a short news item under its headline, not the long list of book links beside it', () => {
    const books = Array.from(
      { length: 30 },
      (_, i) => `<p><a href="https://books.example/${i}">Author Number ${i + 1}: The Long Title of a Management Book About Habits, Leaders and Strategy, Volume ${i + 1}</a></p>`,
    ).join('');
    const html = page(
      'Ferry timetable changes for the winter | Harbour Daily',
      `<div id="top"><a href="/">Harbour Daily</a></div>
      <div id="wrap"><div id="story"><h1>Ferry timetable changes for the winter</h1><p class="date">March 3, 2026</p>
        <div class="text"><p>The island ferry moves to its winter timetable on Monday, with two crossings fewer on weekdays and the last boat leaving the mainland at seven in the evening.</p>
        <p>The operator says fewer people travel in the dark months, and that the saved crossings pay for the engine overhaul the older boat needs before spring.</p>
        <p>Islanders who work late have asked for a later Friday crossing, which the operator will consider at its next meeting.</p></div></div>
      <div id="books"><h3>What our editors read</h3>${books}</div></div>`,
    );
    const { text, extractor } = extractMainContent(html, 'https://harbour-daily.example/2026/03/ferry-timetable');
    expect(extractor).toBe('readability');
    expect(text).toContain('Islanders who work late have asked for a later Friday crossing');
    expect(text).not.toContain('The Long Title of a Management Book');
  });

  it("reads a short post under its headline, not the author's box Readability takes for the article", () => {
    const html = page(
      'The Human Bowling Ball - Harbour Notes',
      `<div id="header"><h1><a href="https://notes.example/">Harbour Notes</a></h1></div>
      <div id="side"><div class="bio"><a href="/about">Sam Keel</a>I live by the harbour. I learn from the boats. I teach sailing on weekends. And a short message is never enough for what I see on the water each morning, so here I share it.</div></div>
      <div id="posts"><div class="post"><h2><a href="https://notes.example/the-human-bowling-ball">The Human Bowling Ball</a></h2>
        <div class="body">via <a href="https://shop.example/">the shop</a><br><br>This plays with your sense of balance in a big way.</div>
        <div class="meta">Posted by Sam Keel</div></div></div>`,
    );
    const { text } = extractMainContent(html, 'https://notes.example/the-human-bowling-ball');
    expect(text).toContain('This plays with your sense of balance in a big way.');
  });
});

describe('a short post beside a side column', () => {
  // A blog whose sidebar comes first in the markup and holds the author's profile: a photo, a paragraph of
  // biography longer than the post, links to older posts. The post is a headline, a date and a few lines.
  const profile =
    'I have written advertising copy in this city for nineteen years, for banks, airlines, soft drinks and one very ' +
    'unhappy mattress company. These days I write about the ads I see on the subway, the billboards along the highway ' +
    'and the commercials that interrupt the late film, and I keep a list of everything in the trade that annoys me, ' +
    'which grows longer every single week and now runs to several hundred entries, most of them about fonts. ' +
    'Also on it: capri pants, open-plan offices, jingles, stock photos of people laughing at salads, mascots, slogans ' +
    'with exclamation marks, award shows, brainstorms, the word synergy, clients who want the logo bigger, focus groups, ' +
    'radio spots read too fast, and anyone who calls a billboard a touchpoint.';
  const html = page(
    'Harbour Copy: five ads worth a second look this week',
    `<div id="content">
      <div id="sidebar"><div id="sidebar2">
        <h1 id="blog-title"><a href="https://copy.example/">Harbour Copy</a></h1>
        <div id="profile-container"><h2 class="sidebar-title">About Me</h2>
          <dl class="profile-datablock"><dt class="profile-img"><a href="/profile"><img src="/me.jpg" alt="My Photo"></a></dt>
          <dd class="profile-data"><strong>Name:</strong> <a href="/profile">Sam Keel</a></dd></dl>
          <p class="profile-textblock">${profile}</p>
          <p class="profile-link"><a href="/profile">View my complete profile</a></p></div>
        <h2 class="sidebar-title">Previous Posts</h2>
        <ul id="recently"><li><a href="/2026/02/five-ads">Five ads from last week</a></li><li><a href="/2026/02/ferry-ads">The ferry posters</a></li></ul>
      </div></div>
      <div id="main"><div id="main2">
        <h2 class="date-header">Sunday, March 1, 2026</h2>
        <div class="post"><h3 class="post-title">five ads worth a second look this week</h3>
          <div class="post-body">• A bakery poster that says <a href="https://shop.example/1">fresh</a> four times.<br>
          • The ferry company's new slogan, now with a typo.<br>• A bank that promises to listen, in capitals.<br></div>
          <p class="post-footer">posted by Sam Keel @ 2:23 PM</p></div>
      </div></div>
    </div>`,
  );
  const { text } = extractMainContent(html, 'https://copy.example/2026/03/five-ads-worth-a-second-look.html');

  it('reads the post under the headline', () => {
    expect(text).toContain('five ads worth a second look this week');
    expect(text).toContain("The ferry company's new slogan, now with a typo.");
    expect(text).toContain('A bank that promises to listen, in capitals.');
  });

  it("leaves out the author's profile in the sidebar", () => {
    expect(text).not.toContain('I have written advertising copy in this city');
    expect(text).not.toContain('View my complete profile');
  });
});

describe("a short post under the blog's profile", () => {
  // A one-column blog: the author's profile (a photo, a name, a paragraph about the blog, a link elsewhere)
  // sits above the post in the same column, and the post itself is a headline, a date and a line. Readability
  // takes the profile and is refused (it holds neither the headline nor what follows it): the linear text is read.
  const html = page(
    'The Human Bowling Ball - Harbour Notes',
    `<div id="outer"><div id="inner">
      <div id="header"><h1><a href="https://notes.example/">Harbour Notes</a></h1></div>
      <div id="content">
        <div class="about clearfix">
          <div class="pc"><div class="profilepic"><a href="/"><img src="/me.jpg" alt="Harbour Notes"></a></div></div>
          <div class="description"><div class="profile-block">
            <a href="https://notes.example/about">Sam Keel (@harbournotes)</a>
            <p>I live by the harbour, I learn from the boats, and I teach sailing on weekends. Here I share what I see on the water, and what others make of it.</p>
            <a href="https://sam.example/" rel="me">elsewhere</a>
          </div></div>
        </div>
        <div id="entries">
          <div class="back-to-blog"><a href="https://notes.example/">&laquo; Back to blog</a></div>
          <div class="entry"><div class="meta">July 12th, 4:01pm <a href="#notes">0 comments</a></div>
            <h2><a href="https://notes.example/the-human-bowling-ball" rel="permalink">The Human Bowling Ball</a></h2>
            <div class="content"><div class="citation">via <a href="https://shop.example/ball">shop.example</a></div><p>This plays with your sense of balance in a big way. @harbournotes</p></div>
            <div class="post-details">Posted by Sam Keel in <a href="/tag/toys">toys</a> <a href="/tag/summer">summer games</a></div>
          </div>
        </div>
      </div>
    </div></div>`,
  );
  const { text } = extractMainContent(html, 'https://notes.example/the-human-bowling-ball');

  it('reads the post', () => {
    expect(text).toContain('The Human Bowling Ball');
    expect(text).toContain('This plays with your sense of balance in a big way.');
  });

  it('leaves out the profile above it', () => {
    expect(text).not.toContain('I live by the harbour, I learn from the boats');
  });
});
