/**
 * The discussion after a story (a comment thread and its trackbacks, opened by a heading named so in its
 * class or id) is not the story, even when it is long and shares the story's container, where neither
 * Readability nor the widget rule leaves it out. Shaped like the tuning-half blog pages that went wrong.
 */
import { extractMainContent } from '../../src/web/extract/mainContent';

const comments = [
  ['Ada', 'I took the course last spring and the lectures on block ciphers were the clearest I have seen anywhere, though the problem sets took me far longer than the suggested hours each week.'],
  ['Brook', 'Same here. The programming assignments were optional, but doing them taught me more than the quizzes did, especially the padding oracle one, which I still think about at work.'],
  ['Cyril', 'Does anyone know whether the second part of the course runs again this winter? The page only lists last year, and the forum has been quiet since the final exam closed.'],
  ['Dana', 'It runs again in January according to the instructor, with new material on key exchange and a longer section on the mistakes people make when they implement protocols themselves.'],
  ['Emil', 'Thanks for the tip. I signed up for the January session and will report back here on whether the new material is worth the time for someone who mostly writes web applications.'],
  ['Fern', 'For what it is worth, the proofs are gentle; a year of discrete mathematics is plenty, and the instructor explains every step twice, once formally and once with a picture on the board.'],
  ['Gus', 'I would add that the lecture notes are worth printing; they are shorter than the videos and the exercises at the end of each chapter are the best part of the whole thing by far.'],
  ['Hana', 'Agreed on the notes. I kept them on my desk for months after the course ended and still reach for them whenever a colleague asks me why we cannot just roll our own encryption scheme.'],
];

const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Free online cryptography course - Harbour Security</title></head><body>
<table class="main"><tr><td class="contentcell">
  <h1>Free online cryptography course</h1>
  <p>A free online course on cryptography starts again next week, taught by a professor who has written one of the standard textbooks on the subject and who has run it several times already.</p>
  <p>The course covers the basics: stream ciphers, block ciphers, message integrity and authenticated encryption, with optional programming exercises for those who want to break real constructions.</p>
  <p>Posted on November 13, 2012 at 6:15 AM</p>
  <h2 id="comments">Comments</h2>
  ${comments.map(([who, said], i) => `<div class="commentbody"><div id="c${i}"><p>${said}</p></div><p class="posted">Posted by: ${who} at November 13, 2012 ${i + 7}:00 AM</p></div><hr>`).join('\n  ')}
  <h3 class="trackbacks-header">TrackBack</h3>
  <p>Readers who linked to this entry from their own weblogs are listed below this line for anyone who wants to follow the conversation elsewhere.</p>
</td><td class="rightcol"><h3>Archives</h3><p><a href="/2012/11/">November 2012</a></p></td></tr></table>
</body></html>`;

describe('the discussion after the story', () => {
  const { text } = extractMainContent(html, 'https://security.example/blog/archives/2012/11/free_online_cry.html');

  it('reads the story', () => {
    expect(text).toContain('A free online course on cryptography starts again next week');
    expect(text).toContain('with optional programming exercises for those who want to break real constructions');
  });

  it('leaves out the comment thread and the trackbacks after it, however long', () => {
    for (const [, said] of comments) expect(text).not.toContain(said.slice(0, 60));
    expect(text).not.toContain('Posted by: Ada');
    expect(text).not.toContain('Readers who linked to this entry');
  });
});

describe('the discussion after the story, its heading alone in a wrapper', () => {
  // As the tuning-half pages have it: the heading sits in its own box, the comments are that box's siblings.
  const wrapped = html.replace('<h2 id="comments">Comments</h2>', '<div class="commentform">\n    <h2 id="comments">Comments</h2>\n  </div>');
  const { text } = extractMainContent(wrapped, 'https://security.example/blog/archives/2012/11/free_online_cry.html');

  it('reads the story', () => {
    expect(wrapped).toContain('<div class="commentform">');
    expect(text).toContain('A free online course on cryptography starts again next week');
    expect(text).toContain('with optional programming exercises for those who want to break real constructions');
  });

  it('leaves out the comments after the box', () => {
    for (const [, said] of comments) expect(text).not.toContain(said.slice(0, 60));
    expect(text).not.toContain('Posted by: Ada');
  });
});
