/**
 * The report as one self-contained HTML file, for people to send and open anywhere. Pure.
 *
 * The Markdown is rendered by markdown-it (maintained, CommonMark, a token stream we can shape) with raw HTML
 * off: an HTML tag anywhere in the Markdown (a model's `<script>`, a title's `<img onerror>`) is text, never
 * markup. Links are kept only for http(s) URLs and the report's own anchors (`javascript:`, `data:`, `file:`
 * and anything else become text), images are written as their alt text, and the page carries a strict
 * Content-Security-Policy: nothing loads (default-src 'none'), no script runs, and the one inline style is
 * allowed by its hash. Citations `[n]` link to their reference, and the appendix is a collapsible <details>.
 */
import { createHash } from 'node:crypto';
import MarkdownIt from 'markdown-it';
import { cleanText } from '../text/hygiene';
import { runOfReport } from './runMarker';

const STYLE = `
:root { color-scheme: light; }
body { font: 16px/1.55 Georgia, "DejaVu Serif", serif; color: #1d1d1f; background: #fff; margin: 0; }
main { max-width: 46rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
h1, h2, h3 { font-family: "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; line-height: 1.25; }
h1 { font-size: 1.9rem; margin-top: 0; }
h2 { font-size: 1.35rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
h3 { font-size: 1.1rem; margin-top: 1.6rem; }
a { color: #0b57d0; overflow-wrap: anywhere; }
a.cite { text-decoration: none; font-size: .85em; vertical-align: super; line-height: 0; }
blockquote { margin: 1rem 0; padding: .6rem 1rem; background: #f4f6f8; border-left: 4px solid #9aa7b4; }
blockquote p { margin: 0; }
p.reference { padding-left: 2rem; text-indent: -2rem; }
p.reference:target { background: #fff6cc; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #ccc; padding: .3rem .6rem; text-align: left; vertical-align: top; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: .9em; background: #f2f2f2; padding: 0 .2em; }
pre { background: #f2f2f2; padding: .8rem; overflow-x: auto; }
pre code { background: none; padding: 0; }
details.appendix { margin-top: 2.2rem; }
details.appendix > summary { cursor: pointer; }
details.appendix > summary > h2 { display: inline; border: 0; }
footer { margin-top: 3rem; color: #666; font-size: .85rem; }
@media print {
  details.appendix > summary { list-style: none; }
  a { color: inherit; }
  a.cite { color: #0b57d0; }
}
`;

/** The inline style's CSP source: the only style this page may apply. */
export const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

/** Nothing loads, nothing runs, nothing submits; only the page's own style applies. */
export const CONTENT_SECURITY_POLICY = `default-src 'none'; style-src ${STYLE_HASH}; img-src 'none'; base-uri 'none'; form-action 'none'`;

/** Schemes a link in the report may have; anything else (javascript:, data:, file:, vbscript:) is text. */
const LINK_SCHEMES = new Set(['http:', 'https:']);

const CITATION = /\[(\d{1,4})\]/g;
const HAS_CITATION = /\[\d{1,4}\]/;
const REFERENCE_START = /^\[(\d{1,4})\]\s/;
const REFERENCES_HEADING = 'References';
const APPENDIX_HEADING = /^Appendix\b/;

/** A link target the report may carry: an http(s) URL, or one of the page's own anchors. */
export function isSafeHref(href: string): boolean {
  if (/^#[A-Za-z0-9_-]+$/.test(href)) return true;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return false;
  }
  return LINK_SCHEMES.has(url.protocol);
}

function renderer(openAppendix: boolean): MarkdownIt.MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  md.validateLink = isSafeHref;
  md.core.ruler.push('research_report', (state) => {
    shapeReport(state.tokens, state.Token);
  });
  const rules = md.renderer.rules;
  // An image would be a remote load (the CSP blocks it anyway): its alt text is what the reader gets.
  rules.image = (tokens, idx) => md.utils.escapeHtml(tokens[idx].content);
  rules.details_open = () => `<details class="appendix" id="appendix"${openAppendix ? ' open' : ''}>\n<summary>`;
  rules.summary_close = () => '</summary>\n';
  rules.details_close = () => '</details>\n';
  const linkOpen = rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  rules.link_open = (tokens, idx, options, env, self) => {
    const href = String(tokens[idx].attrGet('href') ?? '');
    // Links out of the report: no referrer, no window.opener.
    if (!href.startsWith('#')) tokens[idx].attrSet('rel', 'noopener noreferrer nofollow');
    return linkOpen(tokens, idx, options, env, self);
  };
  return md;
}

type Token = MarkdownIt.Token;
type TokenClass = new (type: string, tag: string, nesting: -1 | 0 | 1) => Token;

/**
 * Shapes the token stream: reference paragraphs get their anchor, citations in the body link to them, and
 * the appendix (its heading to the end) goes inside <details>.
 */
function shapeReport(tokens: Token[], TokenOf: TokenClass): void {
  const references = new Set<string>();
  let section = '';
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.type === 'heading_open' && token.tag === 'h2') section = tokens[i + 1]?.content.trim() ?? '';
    if (section === REFERENCES_HEADING && token.type === 'paragraph_open') {
      const match = REFERENCE_START.exec(tokens[i + 1]?.content ?? '');
      if (match) {
        token.attrSet('id', `ref-${match[1]}`);
        token.attrSet('class', 'reference');
        references.add(match[1]);
      }
    }
  }
  section = '';
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.type === 'heading_open' && token.tag === 'h2') section = tokens[i + 1]?.content.trim() ?? '';
    if (token.type === 'inline' && token.children) token.children = withoutUnsafeLinks(token.children);
    if (token.type === 'inline' && token.children && section !== REFERENCES_HEADING && !APPENDIX_HEADING.test(section)) {
      token.children = linkCitations(token.children, references, TokenOf);
    }
  }
  const start = tokens.findIndex((t, i) => t.type === 'heading_open' && t.tag === 'h2' && APPENDIX_HEADING.test(tokens[i + 1]?.content.trim() ?? ''));
  if (start < 0) return;
  const end = tokens.findIndex((t, i) => i > start && t.type === 'heading_open' && (t.tag === 'h1' || t.tag === 'h2'));
  const stop = end < 0 ? tokens.length : end;
  tokens.splice(stop, 0, new TokenOf('details_close', 'details', -1));
  tokens.splice(start + 3, 0, new TokenOf('summary_close', 'summary', -1));
  tokens.splice(start, 0, new TokenOf('details_open', 'details', 1));
}

/**
 * A link whose target markdown-it refused keeps an empty href (a link to the page itself): it becomes its
 * text, as any link to something other than an http(s) URL or one of the page's anchors would.
 */
function withoutUnsafeLinks(children: Token[]): Token[] {
  const out: Token[] = [];
  const dropped: boolean[] = [];
  for (const child of children) {
    if (child.type === 'link_open') {
      const drop = !isSafeHref(String(child.attrGet('href') ?? ''));
      dropped.push(drop);
      if (drop) continue;
    } else if (child.type === 'link_close' && dropped.pop()) continue;
    out.push(child);
  }
  return out;
}

/** Text `[n]` outside links, for a reference that exists, as a link to it. */
function linkCitations(children: Token[], references: ReadonlySet<string>, TokenOf: TokenClass): Token[] {
  const out: Token[] = [];
  let inLink = 0;
  for (const child of children) {
    if (child.type === 'link_open') inLink++;
    if (child.type === 'link_close') inLink--;
    if (child.type !== 'text' || inLink > 0 || !HAS_CITATION.test(child.content)) {
      out.push(child);
      continue;
    }
    let last = 0;
    for (const match of child.content.matchAll(CITATION)) {
      if (!references.has(match[1])) continue;
      if (match.index > last) out.push(textToken(TokenOf, child.content.slice(last, match.index)));
      const open = new TokenOf('link_open', 'a', 1);
      open.attrs = [
        ['href', `#ref-${match[1]}`],
        ['class', 'cite'],
      ];
      out.push(open, textToken(TokenOf, match[0]), new TokenOf('link_close', 'a', -1));
      last = match.index + match[0].length;
    }
    if (last < child.content.length) out.push(textToken(TokenOf, child.content.slice(last)));
  }
  return out;
}

function textToken(TokenOf: TokenClass, content: string): Token {
  const token = new TokenOf('text', '', 0);
  token.content = content;
  return token;
}

export interface HtmlOptions {
  /** The document's language (BCP 47), e.g. the run's report language; default en. */
  language?: string;
  /** The appendix shown open (for print: a closed <details> prints only its summary). */
  openAppendix?: boolean;
}

/** The report's Markdown as one HTML document: nothing in it runs, loads or leaves the page unasked. */
export function reportHtml(markdown: string, options: HtmlOptions = {}): string {
  const md = renderer(options.openAppendix ?? false);
  const run = runOfReport(markdown);
  const body = cleanText(markdown.replace(/<!-- research-run: \S+ \S+ -->\s*$/, ''));
  const tokens = md.parse(body, {});
  const heading = tokens.findIndex((t) => t.type === 'heading_open' && t.tag === 'h1');
  const title = heading >= 0 ? plainText(tokens[heading + 1]) : 'Research report';
  const esc = md.utils.escapeHtml;
  const language = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(options.language ?? '') ? options.language! : 'en';
  return [
    '<!DOCTYPE html>',
    `<html lang="${esc(language)}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${esc(CONTENT_SECURITY_POLICY)}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    ...(run ? [`<meta name="research-run" content="${esc(`${run.workflowId} ${run.runId}`)}">`] : []),
    `<title>${esc(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    md.renderer.render(tokens, md.options, {}),
    ...(run ? [`<footer>Temporal run ${esc(run.workflowId)}</footer>`] : []),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The text a heading's inline token shows, without its Markdown. */
function plainText(inline: Token | undefined): string {
  const parts: string[] = [];
  for (const child of inline?.children ?? []) if (child.type === 'text' || child.type === 'code_inline') parts.push(child.content);
  return parts.join('').trim() || 'Research report';
}

/** True when `html` is the export of the report `run` wrote (its research-run meta names the run). */
export function isHtmlOfRun(html: string, run: { workflowId: string; runId: string }): boolean {
  const match = /<meta name="research-run" content="([^"]*)">/.exec(html);
  if (!match) return false;
  const decoded = match[1].replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  return decoded === `${run.workflowId} ${run.runId}`;
}
