/** Pages built to be hard for an extractor, all within the default 5,000,000-byte fetch cap (tests and bench). */

const SENTENCE = 'Battery storage on European grids passed pumped hydro for the first time last year, the observatory said. ';

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;
}

/** An article paragraph nested `depth` <div>s deep (3,000 levels: about 33 KB). */
export function deepPage(depth: number): string {
  return page('Deep page', `${'<div>'.repeat(depth)}<p>${SENTENCE.repeat(4)}</p>${'</div>'.repeat(depth)}`);
}

/** A data table of `rows` rows (130,000 rows: about 4 MB). */
export function tablePage(rows: number): string {
  const lines = ['<table><tr><th>Row</th><th>Value</th></tr>'];
  for (let i = 1; i <= rows; i++) lines.push(`<tr><td>r${i}</td><td>${i % 97}</td></tr>`);
  lines.push('</table>');
  return page('Long table', `<h1>Long table</h1><p>${SENTENCE}</p>${lines.join('')}`);
}

/** Tens of thousands of short paragraphs and sidebar blocks, filling `bytes`. */
export function manyBlocksPage(bytes: number): string {
  const head = page('Many blocks', '').length;
  const parts: string[] = ['<div class="layout"><div class="content">'];
  let size = head + 60;
  for (let i = 0; size < bytes - 200; i++) {
    const block =
      i % 3 === 2
        ? `<div class="sidebar-item widget"><a href="/topic/${i}">Topic ${i}</a></div>`
        : `<div class="post"><p>Note ${i}: grid storage grew again this week.</p></div>`;
    parts.push(block);
    size += block.length;
  }
  parts.push('</div></div>');
  return page('Many blocks', parts.join(''));
}

/** Long paragraphs filling `bytes`. */
export function longParagraphsPage(bytes: number): string {
  const paragraph = `<p>${SENTENCE.repeat(40)}</p>`;
  const count = Math.floor((bytes - 200) / paragraph.length);
  return page('Long paragraphs', `<article>${paragraph.repeat(count)}</article>`);
}

/**
 * A news page as content systems build them, its story nested `depth` elements deep inside <article>
 * and inside the <form> such systems wrap around their content, its text in <div>s rather than <p>s;
 * beside it a site menu and a consent banner. Too deep for Readability; the linear extractor reads it.
 */
export function deepArticlePage(depth: number): string {
  const paragraphs = Array.from(
    { length: 8 },
    (_, i) => `<div class="text-block">Paragraph ${i + 1} of the storage report: ${SENTENCE.repeat(2)}</div>`,
  ).join('');
  return page(
    'Grid storage passes pumped hydro | Energy Observer',
    `<header class="site-header"><a href="/">Energy Observer</a><nav><ul><li><a href="/news">News</a></li><li><a href="/analysis">Analysis</a></li><li><a href="/data">Data</a></li><li><a href="/events">Events</a></li></ul></nav></header>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to measure traffic and personalise content. By continuing you agree to our cookie policy.</p><button>Accept All</button></div>
<article><h1>Grid storage passes pumped hydro</h1><form id="aspnetForm" method="post" action="/storage"><input type="hidden" name="__VIEWSTATE" value="dDwtMTA4">${'<div class="cms-zone">'.repeat(depth)}${paragraphs}${'</div>'.repeat(depth)}</form></article>
<footer><p>© Energy Observer</p><ul><li><a href="/terms">Terms</a></li><li><a href="/privacy">Privacy</a></li></ul></footer>`,
  );
}
