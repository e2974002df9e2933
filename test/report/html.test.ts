/**
 * The report as HTML: a hostile report (script tags, javascript: and data: links, event-handler attributes in
 * titles, URLs and the model's text) renders without a live element, under a strict CSP, with citations
 * linked to their references and the appendix collapsible. The output is parsed as a browser would, and the
 * DOM is checked, not the string.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { parseHTML } from 'linkedom';
import { composeReport } from '../../src/report/compose';
import { CONTENT_SECURITY_POLICY, isHtmlOfRun, isSafeHref, reportHtml } from '../../src/report/html';

const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  "<a href='javascript:alert(1)'>x</a>",
  '[click](javascript:alert(1))',
  '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![pixel](data:image/png;base64,iVBORw0KGgo=)',
  '![tracker](https://evil.example/pixel.gif)',
  '<javascript:alert(2)>',
  '[vb](vbscript:msgbox(1))',
  '[file](file:///etc/passwd)',
  '<iframe src="https://evil.example"></iframe>',
  '<style>body{background:url(https://evil.example/x)}</style>',
  '<meta http-equiv="refresh" content="0;url=https://evil.example">',
  '<base href="https://evil.example/">',
  '<form action="https://evil.example"><input name=q></form>',
  '<div style="background:url(https://evil.example)" onclick="x()">',
  '[ref]: javascript:alert(3)\n\n[ref]',
  '<details open ontoggle=alert(1)>',
  '&lt;script&gt;alert(4)&lt;/script&gt;',
].join('\n\n');

const sources = [
  { url: 'https://a.example/one', title: 'One <script>alert("t")</script>', summary: 's1' },
  { url: 'https://b.example/two?q="><img src=x onerror=alert(1)>', title: '<img src=x onerror=alert(2)> Two', summary: 's2' },
  { url: 'https://c.example/three', title: '[x](javascript:alert(1)) Three', summary: 's3' },
];

function hostileReport(body: string, title = 'Frameworks <script>x()</script>'): string {
  return composeReport({
    topic: title,
    body,
    sources,
    pages: [
      { url: sources[0].url, title: sources[0].title, status: 'summarized', queries: ['q'] },
      { url: sources[1].url, title: sources[1].title, status: 'summarized', queries: ['q'] },
      { url: sources[2].url, title: sources[2].title, status: 'summarized', queries: ['q'] },
      { url: 'https://blocked.example/<script>', status: 'blocked', queries: ['q'], reason: 'bot wall <img src=x onerror=alert(5)>' },
    ],
    queries: ['q1 <script>alert(6)</script>', '[q2](javascript:alert(7))'],
    notes: ['a note <svg onload=alert(8)>'],
    offline: false,
    stoppedByBudget: false,
    run: { workflowId: 'research-frameworks-1', runId: 'run-1' },
    date: '2026-11-24',
  }).markdown;
}

/** Everything in a parsed page that could run, load or navigate somewhere we did not mean. */
function liveParts(html: string): string[] {
  const { document } = parseHTML(html);
  const found: string[] = [];
  for (const tag of ['script', 'iframe', 'object', 'embed', 'img', 'svg', 'form', 'input', 'base', 'link', 'frame', 'audio', 'video', 'source']) {
    if (document.querySelectorAll(tag).length > 0) found.push(`<${tag}>`);
  }
  const styles = document.querySelectorAll('style');
  if (styles.length !== 1) found.push(`${styles.length} <style> elements`);
  const metas = [...document.querySelectorAll('meta')].filter((m) => m.getAttribute('http-equiv') && m.getAttribute('http-equiv')!.toLowerCase() !== 'content-security-policy');
  if (metas.length > 0) found.push('a meta http-equiv other than the CSP');
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of [...element.attributes]) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith('on')) found.push(`${element.tagName} ${name}=`);
      if (name === 'style' || name === 'src' || name === 'srcdoc' || name === 'action' || name === 'formaction') found.push(`${element.tagName} ${name}=`);
      if (name === 'href' && !isSafeHref(attribute.value)) found.push(`${element.tagName} href=${attribute.value}`);
      if (name === 'href' && /^\s*(javascript|data|vbscript|file):/i.test(attribute.value)) found.push(`${element.tagName} href=${attribute.value}`);
    }
  }
  // Only the attributes the page itself writes; none that loads, runs or styles.
  const allowed = new Set(['href', 'rel', 'class', 'id', 'lang', 'charset', 'http-equiv', 'content', 'name', 'open', 'start']);
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of [...element.attributes]) if (!allowed.has(attribute.name.toLowerCase())) found.push(`${element.tagName} ${attribute.name}= (not ours)`);
  }
  if (document.querySelectorAll('details').length > 0 && [...document.querySelectorAll('details')].some((d) => d.getAttribute('class') !== 'appendix')) found.push('a <details> of the Markdown');
  return found;
}

function csp(html: string): string | null {
  const { document } = parseHTML(html);
  return document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? null;
}

describe('the report as HTML', () => {
  it('renders a hostile report (model text, titles, URLs, reasons, queries, notes) without a live element', () => {
    const html = reportHtml(hostileReport(`# Frameworks\n\nA claim [1] and another [2][3].\n\n${HOSTILE}\n\nEnd [1].`));
    expect(liveParts(html)).toEqual([]);
    const { document } = parseHTML(html);
    // The hostile titles are still there, as text a reader sees.
    expect(document.body.textContent).toContain('One <script>alert("t")</script>');
    expect(document.body.textContent).toContain('<img src=x onerror=alert(2)> Two');
    expect(document.body.textContent).toContain('bot wall <img src=x onerror=alert(5)>');
    expect(document.title).toBe('Frameworks');
  });

  it('renders hostile raw Markdown (a report from anywhere, not only ours) without a live element', () => {
    const html = reportHtml(`# Title <img src=x onerror=alert(1)>\n\n${HOSTILE}\n\n## References\n\n[1] *<script>x</script>*. from <javascript:alert(1)>\n`);
    expect(liveParts(html)).toEqual([]);
    expect(parseHTML(html).document.title).toBe('Title <img src=x onerror=alert(1)>');
  });

  it('carries a strict CSP: nothing loads, no script runs, only its own style applies (by hash)', () => {
    const html = reportHtml(hostileReport('Body [1].'));
    expect(csp(html)).toBe(CONTENT_SECURITY_POLICY);
    const policy = new Map(CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim().split(/\s+/) as [string, ...string[]]).map(([k, ...v]) => [k, v.join(' ')]));
    expect(policy.get('default-src')).toBe("'none'");
    expect(policy.get('base-uri')).toBe("'none'");
    expect(policy.get('form-action')).toBe("'none'");
    expect(policy.has('script-src')).toBe(false); // falls back to default-src 'none'
    const style = parseHTML(html).document.querySelector('style')!.textContent!;
    expect(policy.get('style-src')).toBe(`'sha256-${createHash('sha256').update(style).digest('base64')}'`);
    expect(parseHTML(html).document.querySelector('meta[name="referrer"]')?.getAttribute('content')).toBe('no-referrer');
  });

  it('links every citation to its reference, and keeps the links out of the report safe', () => {
    const html = reportHtml(hostileReport('# T\n\nFirst [1]. Second [2] and [3]. See [the docs](https://a.example/one).'));
    const { document } = parseHTML(html);
    const citations = [...document.querySelectorAll('a.cite')];
    expect(citations.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['[1]', '#ref-1'],
      ['[2]', '#ref-2'],
      ['[3]', '#ref-3'],
    ]);
    for (const a of citations) expect(document.getElementById(a.getAttribute('href')!.slice(1))?.textContent).toMatch(new RegExp(`^\\${a.textContent!.slice(0, -1)}\\]`));
    // A reference's own "[n]" is its anchor, not a link; a citation to no reference stays text.
    expect(document.getElementById('ref-1')?.querySelector('a.cite')).toBeNull();
    expect(parseHTML(reportHtml('# T\n\nNo such source [7].')).document.querySelectorAll('a.cite').length).toBe(0);
    for (const a of document.querySelectorAll('a:not(.cite)')) {
      expect(a.getAttribute('href')).toMatch(/^https?:\/\//);
      expect(a.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    }
  });

  it('puts the appendix in a collapsible <details>, closed on screen and open for print', () => {
    const markdown = hostileReport('# T\n\nBody [1].');
    const { document } = parseHTML(reportHtml(markdown));
    const details = document.querySelector('details.appendix')!;
    expect(details.hasAttribute('open')).toBe(false);
    expect(details.querySelector('summary')?.textContent?.trim()).toBe('Appendix: how this report was made');
    expect([...details.querySelectorAll('h3')].map((h) => h.textContent)).toEqual(['Search queries', 'Pages used (3)', 'Pages skipped (1)', 'Notes']);
    expect(details.querySelector('#ref-1')).toBeNull(); // the references stay outside
    expect(parseHTML(reportHtml(markdown, { openAppendix: true })).document.querySelector('details.appendix')!.hasAttribute('open')).toBe(true);
  });

  it('names its run, so a second save of the same run finds its own file', () => {
    const html = reportHtml(hostileReport('Body [1].'));
    expect(isHtmlOfRun(html, { workflowId: 'research-frameworks-1', runId: 'run-1' })).toBe(true);
    expect(isHtmlOfRun(html, { workflowId: 'research-frameworks-1', runId: 'run-2' })).toBe(false);
    expect(parseHTML(html).document.body.textContent).not.toContain('research-run:');
  });

  it('renders any text in any place of a report without a live element (generated reports)', () => {
    const piece = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('<script>', '</script>', 'javascript:', 'data:text/html,', '<img src=x onerror=', 'onload=', '"', "'", '>', '<', '](', '[', ']', '<a href="', '\n', '\n\n', '# ', '## References', '[1]', '`', '<!--', '-->', '&#x3C;', '&lt;', '\\'),
    );
    const text = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, text, text, (title, body, sourceTitle) => {
        const raw = reportHtml(`# ${title}\n\n${body}\n\n## References\n\n[1] ${sourceTitle}\n`);
        const composed = reportHtml(
          composeReport({
            topic: title || 't',
            body,
            sources: [{ url: 'https://a.example/', title: sourceTitle, summary: '' }],
            pages: [{ url: 'https://a.example/', title: sourceTitle, status: 'summarized', queries: [body] }],
            queries: [title],
            notes: [sourceTitle],
            offline: false,
            stoppedByBudget: false,
            run: { workflowId: 'w', runId: 'r' },
            date: '2026-01-01',
          }).markdown,
        );
        expect(liveParts(raw)).toEqual([]);
        expect(liveParts(composed)).toEqual([]);
        expect(csp(raw)).toBe(CONTENT_SECURITY_POLICY);
      }),
      { numRuns: 300 },
    );
  });
});
