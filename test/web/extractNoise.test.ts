/**
 * What real article pages add around and inside the story, on hand-made pages shaped like the ones
 * measured on held-out sites: widgets Readability rewrites past recognition (a consent banner, a
 * newsletter box, a "more stories" list, a share bar), the same caption shown twice, a slideshow's
 * controls, the page's own address printed as a line, and photo credits. Both extractors are checked:
 * Readability's article and the linear one read the same page.
 */
import { extractMainContent } from '../../src/web/extract/mainContent';

const sentences = (topic: string, n = 6) =>
  Array.from({ length: n }, (_, i) => `${topic} sentence ${i + 1} explains one more detail of the harbour story at a reader's pace.`).join(' ');

const URL = 'https://www.coastalcourier.example/news/2026/03/harbour-wall-rebuilt';

/** A news page: masthead, the story in a plain layout <div> (no <article> to lean on), footer. */
const page = (story: string, head = '') => `<!doctype html><html lang="en"><head><meta charset="utf-8">
  <title>Harbour wall to be rebuilt | Coastal Courier</title>${head}</head><body>
  <header class="masthead"><a href="/">Coastal Courier</a><nav><a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
  <div class="page"><div class="story">
    <h1>Harbour wall to be rebuilt after winter storms</h1>
    ${story}
  </div></div>
  <footer><p>Copyright Coastal Courier 2026, all rights reserved.</p></footer>
</body></html>`;

const extractors = [
  ['Readability', {}],
  ['the linear extractor', { readability: false }],
] as const;

/** Each extractor's text of the page, with which extractor produced it. */
function read(html: string, options: { readability?: boolean }) {
  return extractMainContent(html, URL, options);
}

const count = (text: string, part: string) => text.split(part).length - 1;

describe.each(extractors)('%s', (name, options) => {
  it('leaves out a consent banner, a newsletter box, a "more stories" list and a share bar, each a <div> around one <p> that Readability replaces by the bare <p>', () => {
    const html = page(`
      <p>${sentences('Harbour')}</p>
      <div class="cookie-consent" id="consent"><p>We use cookies to improve your experience and to show you personalised adverts. <button>Accept all</button></p></div>
      <p>${sentences('Storm')}</p>
      <div class="newsletter-signup"><p>Get the Courier morning briefing, the top stories from the coast every weekday at 7am. <input type="email" placeholder="Your email"><button>Sign up</button></p></div>
      <p>${sentences('Council')}</p>
      <div class="more-stories"><p>More from the coast: <a href="/ferry">ferry timetable changes</a>, with two more sailings a day from April after a review of winter demand, and <a href="/lifeboat">a lifeboat rescue</a> of two walkers cut off by the tide. <button>Load more</button></p></div>
      <div class="share-tools"><p>Share this story with friends and neighbours <button>Facebook</button><button>Email</button></p></div>`);
    const content = read(html, options);
    if (name === 'Readability') expect(content.extractor).toBe('readability');
    for (const topic of ['Harbour', 'Storm', 'Council']) expect(content.text).toContain(`${topic} sentence 6 explains`);
    expect(content.text).not.toContain('We use cookies');
    expect(content.text).not.toContain('morning briefing');
    expect(content.text).not.toContain('More from the coast');
    expect(content.text).not.toContain('Share this story');
  });

  it('keeps a caption once when the same figure is shown twice, and leaves out photo credits', () => {
    const figure = `<figure><img src="/img/wall.jpg" alt=""><figcaption>The breached harbour wall at Porthmear on Monday morning. <span class="photo-credit">Photo: Jane Pascoe/Coastal Courier</span></figcaption></figure>`;
    const html = page(`
      ${figure}
      <p>${sentences('Harbour')}</p>
      <p>${sentences('Storm')}</p>
      <div class="inline-media">${figure}</div>
      <p>${sentences('Council')}</p>`);
    const { text } = read(html, options);
    expect(count(text, 'The breached harbour wall at Porthmear on Monday morning.')).toBe(1);
    expect(text).not.toContain('Jane Pascoe');
    expect(text).toContain('Council sentence 6 explains');
  });

  it("keeps a slideshow's captions and leaves out its controls (counter, caption toggle, close)", () => {
    const html = page(`
      <p>${sentences('Harbour')}</p>
      <p>${sentences('Storm')}</p>
      <div class="story-slideshow">
        <div class="story-slideshow__controls"><span>Image <b>1</b> of <b>9</b></span> <a href="#caption">Caption</a> <a href="#close">Close</a></div>
        <div class="story-slideshow__slide"><img src="/img/1.jpg" alt=""><p>Crews lift the first concrete blocks into place at the harbour mouth while the tide is out.</p></div>
        <div class="story-slideshow__slide"><img src="/img/2.jpg" alt=""><p>The old wall was built in 1887 from granite quarried a mile up the valley.</p></div>
      </div>
      <p>${sentences('Council')}</p>`);
    const { text } = read(html, options);
    expect(text).not.toMatch(/Image\s*1\s*of\s*9/);
    expect(text).not.toMatch(/^(Caption|Close)$/m);
    expect(text).toContain('Crews lift the first concrete blocks');
    expect(text).toContain('Council sentence 6 explains');
  });

  it('leaves out the page printing its own address as a line, whether the address read or the canonical one', () => {
    const html = page(
      `
      <p class="print-url">${URL}</p>
      <p>${sentences('Harbour')}</p>
      <p>${sentences('Storm')}</p>
      <p>Permalink: coastalcourier.example/news/2026/03/harbour-wall-rebuilt/</p>
      <p>${sentences('Council')}</p>
      <p>The council's plans are at https://council.example/harbour-plans for anyone to read.</p>`,
      `<link rel="canonical" href="${URL}">`,
    );
    const { text } = read(html, options);
    expect(text).not.toContain('harbour-wall-rebuilt');
    // Another address, or one inside a sentence, is the article's.
    expect(text).toContain("The council's plans are at https://council.example/harbour-plans for anyone to read.");
  });
});
