/**
 * The hybrid extractor on hand-made pages of ordinary article shape, where Readability picks the
 * article: what reaches the text of the article it picked, and what our rules still take out of it.
 */
import { extractMainContent } from '../../src/web/extract/mainContent';

const sentences = (topic: string, n = 6) =>
  Array.from({ length: n }, (_, i) => `${topic} sentence ${i + 1} explains one more detail of the story at a reader's pace.`).join(' ');

const page = (article: string) => `<!doctype html><html><head><title>Tidal power report</title></head><body>
  <header><a href="/">Coastal Courier</a> <a href="/news">News</a> <a href="/sport">Sport</a></header>
  <div class="layout">
    <div class="story-body">${article}</div>
  </div>
  <footer>Copyright Coastal Courier, all rights reserved.</footer>
</body></html>`;

describe('extractMainContent where Readability picks the article', () => {
  it("keeps the article's own <header> (its standfirst) when no <article> or <main> marks the story, and still drops the site header", () => {
    const html = page(`
      <header><p>Tidal lagoons could supply a tenth of the region's power by 2040, engineers say.</p></header>
      <p>${sentences('Lagoon')}</p><p>${sentences('Turbine')}</p><p>${sentences('Estuary')}</p>`);
    const content = extractMainContent(html, 'https://courier.example/tidal');
    expect(content.extractor).toBe('readability');
    expect(content.text).toContain("Tidal lagoons could supply a tenth of the region's power by 2040, engineers say.");
    expect(content.text).toContain('Turbine sentence 6 explains');
    expect(content.text).not.toContain('Sport');
    expect(content.text).not.toContain('all rights reserved');
  });

  it('keeps who wrote the article and when (Readability takes the byline out) as one line under the title', () => {
    const html = page(`
      <h1>Tidal lagoons could power the coast</h1>
      <p class="byline">By Morwenna Tregear · <time datetime="2026-03-04">2026-03-04</time></p>
      <p>${sentences('Lagoon')}</p><p>${sentences('Turbine')}</p><p>${sentences('Estuary')}</p>`);
    const content = extractMainContent(html, 'https://courier.example/lagoons');
    expect(content.extractor).toBe('readability');
    expect(content.text).toMatch(/^# Tidal lagoons could power the coast\n\nBy Morwenna Tregear · 2026-03-04\n\nLagoon sentence 1/);
    expect(content.text.match(/Morwenna Tregear/g)).toHaveLength(1);
  });

  it('keeps the words of note links inside sentences, whatever their class ("popup" links that open a gloss)', () => {
    const html = page(`
      <p>I am a <a class="popup" href="javascript:void(0)" onclick="return note('age')">rather elderly</a> man, and my
      <a class="popup" href="javascript:void(0)" onclick="return note('work')">avocations</a> have kept me among copyists. ${sentences('Office')}</p>
      <p>${sentences('Clerk')}</p><p>${sentences('Scrivener')}</p>`);
    const content = extractMainContent(html, 'https://courier.example/bartleby');
    expect(content.extractor).toBe('readability');
    expect(content.text).toContain('I am a rather elderly man, and my avocations have kept me among copyists.');
  });

  it('still drops boilerplate named by its class inside the article, even where Readability rewrites the element that carried the class', () => {
    const html = page(`
      <p>${sentences('Lagoon')}</p>
      <div class="newsletter-signup">Get the Coastal Courier morning briefing in your inbox</div>
      <p>${sentences('Turbine')}</p>
      <div class="ad-slot">Advertisement: cheap ferry tickets this weekend</div>
      <p>${sentences('Estuary')}</p>`);
    const content = extractMainContent(html, 'https://courier.example/tidal');
    expect(content.extractor).toBe('readability');
    expect(content.text).toContain('Estuary sentence 6 explains');
    expect(content.text).not.toContain('morning briefing');
    expect(content.text).not.toContain('cheap ferry tickets');
  });

  it('keeps a figure (one image and its caption, no link) in a wrapper a content system names "widget", and drops a linked thumbnail widget', () => {
    const html = page(`
      <p>${sentences('Lagoon')}</p>
      <div class="article-widget"><div class="atom"><img src="/img/wall.jpg" alt=""></div><div class="caption">Engineers inspect the lagoon wall at low tide</div></div>
      <p>${sentences('Turbine')}</p>
      <div class="related-widget"><a href="/ferries"><img src="/img/ferry.jpg" alt="">Ferry timetable changes for the summer</a></div>
      <p>${sentences('Estuary')}</p>`);
    for (const readability of [true, false]) {
      const { text } = extractMainContent(html, 'https://courier.example/tidal', { readability });
      expect(text).toContain('Engineers inspect the lagoon wall at low tide');
      expect(text).not.toContain('Ferry timetable');
      expect(text).toContain('Estuary sentence 6 explains');
    }
  });

  it("keeps the author's repeated short blocks in the article: a refrain of dialogue, the same command shown twice", () => {
    const html = page(`
      <p>${sentences('Office')}</p>
      <p>"Will you examine the copy with us?"</p><p>"I would prefer not to."</p>
      <p>${sentences('Clerk')}</p>
      <p>"Will you go to the post office?"</p><p>"I would prefer not to."</p>
      <p>Configure the first repository:</p><pre>hg -R alice config --edit --local</pre><p>and add</p><pre>[extensions]\nevolve =</pre>
      <p>Then the second one:</p><pre>hg -R bob config --edit --local</pre><p>and add</p><pre>[extensions]\nevolve =</pre>
      <p>${sentences('Scrivener')}</p>`);
    const content = extractMainContent(html, 'https://courier.example/bartleby');
    expect(content.extractor).toBe('readability');
    expect(content.text.match(/^"I would prefer not to\."$/gm)).toHaveLength(2);
    expect(content.text.match(/^and add$/gm)).toHaveLength(2);
    expect(content.text.match(/^```\n\[extensions\]\nevolve =\n```$/gm)).toHaveLength(2);
  });
});
