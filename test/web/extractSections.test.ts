/**
 * Other stories' teasers after an article (each a heading, a line of summary and a "Read more" link) and
 * headings left with nothing under them ("Leave a Reply" over a reply form that is gone) are not the
 * story: they go by their structure, whatever they are called. The story's own sections, each a heading
 * over its paragraphs, and a heading over a picture stay. Both extractors.
 */
import { extractMainContent } from '../../src/web/extract/mainContent';

const teasers = [
  ['Harbour ferry timetable changes for winter', 'The early crossing moves to half past six from November.'],
  ['New playground opens in the west park', 'Climbing frames and a sand pit, paid for by the parish.'],
  ['Volunteers clear the canal towpath', 'Forty people turned out on Saturday with gloves and bags.'],
  ['Library extends its Sunday hours', 'From next month the doors open at ten and close at four.'],
];

const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Town council backs a solar roof for the school | Riverside Courier</title></head><body>
<div id="masthead"><a href="/">Riverside Courier</a></div>
<div id="page"><div class="story">
  <h1>Town council backs a solar roof for the school</h1>
  <p>The town council voted on Tuesday to pay for solar panels on the roof of the primary school, after a year in which the school's electricity bill doubled and parents raised money for the survey themselves.</p>
  <p>The panels will cover the south face of the main hall and should supply about a third of the school's power in a normal year, the council's engineer told the meeting.</p>
  <h2>What happens next</h2>
  <p>Work starts in the summer holidays so that no lessons are lost, and the contractor has agreed to finish before the first week of September, weather permitting.</p>
  <h2>The roof from above</h2>
  <img src="/img/roof.jpg" alt="">
  <p>Parents who paid for the survey will be invited to see the panels switched on, and the school plans a lesson on how much power they make each day of the first term.</p>
  <h2>Don't miss</h2>
  <ul>${teasers.map(([title, line], i) => `
    <li><h3>${title}</h3><p>${line} <a href="/news/${i}">Read more...</a></p></li>`).join('')}
  </ul>
  <h3>Leave a Reply</h3>
  <form action="/comment" method="post"><textarea name="comment"></textarea><input type="submit" value="Post"></form>
</div></div>
<div id="bottom">© Riverside Courier</div>
</body></html>`;

describe.each([
  ['Readability', {}],
  ['the linear extractor', { readability: false }],
])('teasers and empty headings after the story (%s)', (_name, options) => {
  const { text } = extractMainContent(html, 'https://riverside-courier.example/news/solar-roof', options);

  it('reads the story with its own sections, the one over a picture included', () => {
    expect(text).toContain('The town council voted on Tuesday to pay for solar panels');
    expect(text).toContain('## What happens next');
    expect(text).toContain('Work starts in the summer holidays');
    expect(text).toContain('## The roof from above');
    expect(text).toContain('the school plans a lesson on how much power they make');
  });

  it('leaves out the other stories and the headings left empty', () => {
    for (const [title, line] of teasers) {
      expect(text).not.toContain(title);
      expect(text).not.toContain(line);
    }
    expect(text).not.toContain("Don't miss");
    expect(text).not.toContain('Leave a Reply');
  });
});
