import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractMainContent } from '../../src/web/extract/mainContent';

const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/web', name), 'utf8');

describe('extractMainContent on a news article page', () => {
  const page = extractMainContent(fixture('news-article.html'), 'https://dailygrid.example/energy/grid-batteries');

  it('takes the title from og:title without the site-name suffix, and the language from <html lang>', () => {
    expect(page.title).toBe('Grid batteries overtake pumped hydro in Europe');
    expect(page.language).toBe('en-GB');
  });

  it('keeps the article facts, with headings, paragraphs and list items', () => {
    expect(page.text).toMatch(/^# Grid batteries overtake pumped hydro in Europe$/m);
    expect(page.text).toMatch(/^## Where the growth came from$/m);
    expect(page.text).toMatch(/^## What comes next$/m);
    expect(page.text).toContain('Installed battery capacity reached 58 GWh by the end of December, up from 31 GWh a year earlier.');
    expect(page.text).toContain('Lithium iron phosphate cells now make up more than 80 per cent of new grid installations.');
    expect(page.text).toMatch(/^- Germany, driven by home batteries paired with rooftop solar$/m);
    expect(page.text).toMatch(/^- Great Britain, with large merchant projects$/m);
    expect(page.text).toContain('> Batteries are now the fastest-growing source of flexibility on the continent.');
    expect(page.text).toContain('grid connection queues could slow projects in Spain and Poland.');
  });

  it('writes the table as pipe rows with a header separator', () => {
    expect(page.text).toContain(
      [
        '| Country | Capacity (GWh) | Growth |',
        '| --- | --- | --- |',
        '| Germany | 16.4 | +68% |',
        '| Italy | 9.1 | +102% |',
        '| Great Britain | 7.3 | +45% |',
      ].join('\n'),
    );
    expect(page.text).toContain('Installed battery storage, end of 2023');
  });

  it('separates paragraphs with blank lines and collapses whitespace inside them', () => {
    expect(page.text).toContain('a year earlier.\n\nThe observatory said');
    expect(page.text).not.toMatch(/ {2,}/);
    expect(page.text).not.toMatch(/\n{3,}/);
  });

  it.each([
    ['cookie banner', 'We use cookies'],
    ['cookie button', 'Accept all cookies'],
    ['skip link', 'Skip to content'],
    ['site navigation', 'Opinion'],
    ['search form', 'Search the archive'],
    ['breadcrumbs', 'Storage\n'],
    ['share buttons', 'Share on Facebook'],
    ['newsletter box', 'Sign up for our newsletter'],
    ['newsletter heading', 'Morning Briefing'],
    ['advertisement', 'Buy cheap flights'],
    ['hidden element', 'Hidden tracking pixel'],
    ['screen-reader-only text', 'Opens in a new window'],
    ['related posts', 'sodium-ion'],
    ['comments', 'GridWatcher'],
    ['sidebar', 'Most read'],
    ['subscription popup', 'just £1 a week'],
    ['site footer', 'All rights reserved'],
    ['back-to-top link', 'Back to top'],
    ['inline script', 'dataLayer'],
    ['inline style', 'font-family'],
  ])('drops the %s', (_what, boilerplate) => {
    expect(page.text).not.toContain(boilerplate);
  });

  it('does not repeat text', () => {
    const blocks = page.text.split('\n\n');
    expect(new Set(blocks).size).toBe(blocks.length);
    expect(page.text.match(/Grid batteries overtake pumped hydro/g)).toHaveLength(1);
  });

  it('keeps the whole page text, navigation and banners included, for block-page checks', () => {
    expect(page.pageText).toContain('We use cookies');
    expect(page.pageText).toContain('Installed battery capacity reached 58 GWh');
    expect(page.pageText).not.toContain('dataLayer');
  });
});

describe('extractMainContent on a page without <main> or <article>', () => {
  const page = extractMainContent(fixture('blog-div-soup.html'), 'https://ops.example/2023/05/autovacuum');

  it('picks the container with the most paragraph text, even inside a "has-sidebar" layout wrapper', () => {
    expect(page.title).toBe('Tuning PostgreSQL autovacuum – Notes from the ops desk');
    expect(page.text).toContain('Autovacuum is the background process that removes dead tuples');
    expect(page.text).toContain('Watch pg_stat_user_tables.n_dead_tup after the change');
    expect(page.text).not.toContain('Blogroll');
    expect(page.text).not.toContain('Powered by WordPress');
    expect(page.text).not.toContain('Share this');
    expect(page.language).toBeUndefined();
  });

  it('keeps <pre> verbatim, highlighter spans with "comment" classes included', () => {
    expect(page.text).toContain(
      '```\nALTER TABLE events SET (\n  autovacuum_vacuum_scale_factor = 0.01  -- vacuum after 1% dead rows\n);\n```',
    );
  });

  it('numbers ordered lists and indents nested ones', () => {
    expect(page.text).toContain('1. Measure dead tuples\n2. Lower the scale factor\n   - per table, not globally\n3. Raise the cost limit');
  });
});

describe('extractMainContent heuristics', () => {
  const wrap = (body: string, head = '<title>Doc</title>') => `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;
  const paragraph = (word: string) => `<p>${`${word} is described here in some detail. `.repeat(12)}</p>`;

  it('matches boilerplate on class words, not substrings: "header", "shared" and "address" are not boilerplate', () => {
    const html = wrap(`
      <div class="masthead">Site masthead</div>
      <div class="content">
        <div class="entry-header"><h1>Entry title</h1></div>
        <div class="shared-content">${paragraph('Sharding')}</div>
        <div class="address-block">${paragraph('Addressing')}</div>
        <div class="loading-ads-later">An ad placeholder</div>
      </div>`);
    const { text } = extractMainContent(html, 'https://x.example/');
    expect(text).toContain('# Entry title');
    expect(text).toContain('Sharding is described here');
    expect(text).toContain('Addressing is described here');
    expect(text).not.toContain('Site masthead');
    expect(text).not.toContain('ad placeholder');
  });

  it('never removes the <article>, whatever its classes say', () => {
    const html = wrap(`<article class="post sidebar-layout cookie-free share-friendly">${paragraph('Photosynthesis')}</article>`);
    expect(extractMainContent(html, 'https://x.example/').text).toContain('Photosynthesis is described here');
  });

  it('keeps a page-wide <form> wrapper (ASP.NET style) but drops small forms', () => {
    const html = wrap(`<form id="aspnetForm"><div class="page">${paragraph('Viewstate')}</div>
      <form class="login"><p>Log in to comment</p></form></form>`);
    const { text } = extractMainContent(html, 'https://x.example/');
    expect(text).toContain('Viewstate is described here');
  });

  it('keeps responsive "hidden md:block" content and prefers the dominant <article> inside <main>', () => {
    const html = wrap(`<main><div class="promo-strip">Big sale</div>
      <article><div class="hidden md:block">${paragraph('Desktop copy')}</div>${paragraph('Glaciers')}</article>
      <div class="more">Elsewhere on the site</div></main>`);
    const { text } = extractMainContent(html, 'https://x.example/');
    expect(text).toContain('Desktop copy is described here');
    expect(text).toContain('Glaciers is described here');
    expect(text).not.toContain('Elsewhere on the site');
    expect(text).not.toContain('Big sale');
  });

  it('falls back to <title>, then <h1>, then the URL for the title', () => {
    expect(extractMainContent(wrap('<h1>Heading one</h1>', ''), 'https://x.example/a').title).toBe('Heading one');
    expect(extractMainContent(wrap('<p>text</p>', ''), 'https://x.example/reports/annual-review-2024').title).toBe('annual review 2024');
  });

  it('keeps the lines of a <pre> that a highlighter writes as <br> or as one <div> per line', () => {
    const html = wrap(`${paragraph('Compilation')}
      <pre><code><span class="token comment">// add.c</span><br><span class="token keyword">#include</span> &lt;emscripten.h&gt;<br><br>EMSCRIPTEN_KEEPALIVE<br><span class="token keyword">int</span> add(int x, int y) {<br>  return x + y;<br>}</code></pre>
      <pre class="code"><div class="line">const sum = add(1, 2);</div><div class="line">console.log(sum);</div></pre>`);
    for (const readability of [true, false]) {
      const { text } = extractMainContent(html, 'https://x.example/', { readability });
      // Readability folds the blank line of <br><br> into one break; every line stays its own.
      expect(text).toMatch(/```\n\/\/ add\.c\n#include <emscripten\.h>\n\n?EMSCRIPTEN_KEEPALIVE\nint add\(int x, int y\) \{\n {2}return x \+ y;\n\}\n```/);
      expect(text).toContain('```\nconst sum = add(1, 2);\nconsole.log(sum);\n```');
    }
  });

  it('keeps text written straight inside a <ul> without items, as one plain paragraph', () => {
    const html = wrap(`${paragraph('Playback')}<ul> (My eventual goal is to <i>create</i> video, but I start with <i>playback</i> first.) </ul>${paragraph('Codecs')}`);
    for (const readability of [true, false]) {
      const { text } = extractMainContent(html, 'https://x.example/', { readability });
      expect(text).toMatch(/^\(My eventual goal is to create video, but I start with playback first\.\)$/m);
    }
  });

  it('renders layout tables as blocks, and <br> as line breaks', () => {
    const html = wrap(`<table><tr><td>${paragraph('Layout cell')}<p>Line one<br>Line two</p></td></tr></table>`);
    const { text } = extractMainContent(html, 'https://x.example/');
    expect(text).not.toContain('|');
    expect(text).toContain('Layout cell is described here');
    expect(text).toContain('Line one\nLine two');
  });
});
