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
