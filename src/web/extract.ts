/**
 * Pulls the readable article out of an HTML page: strips navigation, banners, widgets and other
 * boilerplate, picks the main container, and writes it as plain text that keeps its structure
 * (Markdown-style headings, lists, pipe tables, fenced <pre>).
 */
import { load, type CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';

export interface ExtractedContent {
  title: string;
  /** The main content as structured plain text. */
  text: string;
  /** From <html lang>, when the page declares it. */
  language?: string;
  /**
   * All text of the page body (navigation and <noscript> included), collapsed and capped:
   * what a block-page check reads when the main text is too short to judge.
   */
  pageText: string;
}

/** Never content, whatever the page says. */
const NON_CONTENT_TAGS =
  'script, style, noscript, template, svg, math, iframe, frame, frameset, object, embed, canvas, video, audio, ' +
  'map, link, meta, button, input, select, textarea, dialog';

/** Page chrome; removed unless it wraps the main content. */
const CHROME_SELECTOR =
  'nav, aside, [role=navigation], [role=banner], [role=contentinfo], [role=complementary], [role=dialog], ' +
  '[role=alertdialog], [role=alert], [role=search], [role=menu], [role=menubar]';

const MAIN_SELECTOR = 'main, article, [role=main]';

/** Class/id words that mark boilerplate even when the element is large. */
const STRONG_BOILERPLATE_WORDS = new Set([
  'cookie', 'cookies', 'cookiebot', 'consent', 'gdpr', 'onetrust',
  'share', 'sharing', 'sharebar', 'addthis', 'sharethis', 'social', 'socials',
  'newsletter', 'subscribe', 'subscription', 'signup', 'optin',
  'breadcrumb', 'breadcrumbs',
  'ad', 'ads', 'advert', 'adverts', 'advertisement', 'advertising', 'adslot', 'adunit', 'adsbygoogle',
  'sponsored', 'promo', 'outbrain', 'taboola',
  'skip', 'skiplink', 'popup', 'modal', 'lightbox',
]);

/** Class/id words for page regions; also used by layout wrappers ("has-sidebar"), so large ones are kept. */
const WEAK_BOILERPLATE_WORDS = new Set([
  'nav', 'navbar', 'navigation', 'menu', 'submenu', 'megamenu', 'sidebar', 'widget', 'widgets', 'rail',
  'footer', 'masthead', 'topbar', 'toolbar', 'overlay',
  'comment', 'comments', 'disqus', 'related', 'recommended', 'recommendations', 'pagination', 'pager',
]);

/** Whole names (separators removed) for boilerplate spelled as several words. */
const BOILERPLATE_NAMES = new Set([
  'backtotop', 'totop', 'scrolltop', 'scrolltotop', 'gototop', 'skiptocontent', 'skiptomain',
  'relatedposts', 'relatedarticles', 'morestories', 'cookiebanner', 'cookienotice',
]);

/** Exact class names that hide an element (screen-reader-only text included). */
const HIDING_CLASSES = new Set([
  'hidden', 'is-hidden', 'd-none', 'hide', 'invisible', 'sr-only', 'visually-hidden', 'visuallyhidden',
  'screen-reader-text',
]);
/** Responsive classes that show an element again ("hidden md:block", "d-none d-lg-block"). */
const RESPONSIVE_SHOW = /^(\w+:(block|flex|grid|inline|inline-block|inline-flex|table|contents)|d-(sm|md|lg|xl|xxl)-(block|flex|grid|inline|inline-block|inline-flex|table))$/;

const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'center', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'header', 'hgroup', 'hr', 'legend', 'li', 'main', 'nav', 'ol', 'p',
  'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'caption',
]);

const MIN_MAIN_CHARS = 200;
const PAGE_TEXT_CHARS = 10_000;
/** Marks a <br> inside inline text until whitespace has been collapsed (a private-use character). */
const LINE_BREAK = '\uE000';

function isElement(node: AnyNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Splits class/id names into lower-case words: "cookieBanner" and "cookie-banner" both give cookie, banner. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

type BoilerplateStrength = 'strong' | 'weak' | undefined;

function boilerplateStrength(element: Element): BoilerplateStrength {
  const names = [...(element.attribs.class ?? '').split(/\s+/), element.attribs.id ?? ''].filter(Boolean);
  let strength: BoilerplateStrength;
  for (const name of names) {
    const words = nameWords(name);
    if (BOILERPLATE_NAMES.has(words.join(''))) return 'strong';
    for (const word of words) {
      if (STRONG_BOILERPLATE_WORDS.has(word)) return 'strong';
      if (WEAK_BOILERPLATE_WORDS.has(word)) strength = 'weak';
    }
  }
  return strength;
}

function isHidden(element: Element): boolean {
  const { attribs } = element;
  if ('hidden' in attribs || attribs['aria-hidden'] === 'true') return true;
  if (attribs.style && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(attribs.style)) return true;
  const classes = (attribs.class ?? '').split(/\s+/);
  return classes.some((c) => HIDING_CLASSES.has(c.toLowerCase())) && !classes.some((c) => RESPONSIVE_SHOW.test(c));
}

function hasAncestor(node: AnyNode, test: (element: Element) => boolean): boolean {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (isElement(parent) && test(parent)) return true;
  }
  return false;
}

/** Removes page chrome and boilerplate, never the main content or anything wrapping it. */
function removeBoilerplate($: CheerioAPI): void {
  const body = $('body');
  // Plain DOM walks below: selector matching per element is too slow on pages with tens of thousands of nodes.
  const mainElements = new Set($(MAIN_SELECTOR).toArray());
  const protectedElements = new Set<AnyNode>($('html, body').toArray());
  for (const main of mainElements) {
    for (let node: AnyNode | null = main; node; node = node.parent) protectedElements.add(node);
  }
  const wrapsMain = (element: AnyNode) => protectedElements.has(element);
  const insideMain = (element: AnyNode) => hasAncestor(element, (parent) => mainElements.has(parent));
  const insideCode = (element: AnyNode) => hasAncestor(element, (parent) => parent.name === 'pre' || parent.name === 'code');

  $(CHROME_SELECTOR).each((_, element) => {
    if (!wrapsMain(element)) $(element).remove();
  });
  // Site header and footer; an <article>'s own header holds its title and byline.
  $('header, footer').each((_, element) => {
    if (!insideMain(element) && !wrapsMain(element)) $(element).remove();
  });
  // Some frameworks wrap the whole page in one <form>; only small forms (search, sign-up) are chrome.
  $('form').each((_, element) => {
    if (!wrapsMain(element) && collapse($(element).find('p').text()).length < MIN_MAIN_CHARS) $(element).remove();
  });

  const bodyChars = collapse(body.text()).length;
  const candidates: Element[] = [];
  body.find('*').each((_, element) => {
    const hidden = isHidden(element);
    const strength = hidden ? 'weak' : boilerplateStrength(element);
    if (!strength || wrapsMain(element)) return;
    if (insideCode(element)) return; // syntax highlighters use classes like "comment"
    if (strength === 'weak' && collapse($(element).text()).length >= bodyChars / 2) return;
    candidates.push(element);
  });
  for (const element of candidates) $(element).remove();
}

function textLength($: CheerioAPI, element: Element): number {
  return collapse($(element).text()).length;
}

function longest($: CheerioAPI, elements: Element[]): Element | undefined {
  let best: Element | undefined;
  let bestLength = -1;
  for (const element of elements) {
    const length = textLength($, element);
    if (length > bestLength) [best, bestLength] = [element, length];
  }
  return best;
}

function paragraphChars($: CheerioAPI, element: Element): number {
  let total = 0;
  $(element)
    .find('p, pre')
    .each((_, paragraph) => {
      total += collapse($(paragraph).text()).length;
    });
  return total;
}

/**
 * The element whose paragraphs hold the most text (readability-style: a paragraph counts fully for
 * its parent, half for its grandparent), widened to an ancestor that holds clearly more paragraph
 * text, for articles split over several sibling blocks.
 */
function bestParagraphContainer($: CheerioAPI): Element | undefined {
  const scores = new Map<Element, number>();
  $('body p, body pre').each((_, paragraph) => {
    const length = collapse($(paragraph).text()).length;
    if (length < 25) return;
    const parent = paragraph.parent as Element | null;
    if (parent && isElement(parent)) scores.set(parent, (scores.get(parent) ?? 0) + length);
    const grandparent = parent?.parent as Element | null;
    if (grandparent && isElement(grandparent)) scores.set(grandparent, (scores.get(grandparent) ?? 0) + length / 2);
  });
  let best: Element | undefined;
  let bestScore = 0;
  for (const [element, score] of scores) {
    if (score > bestScore) [best, bestScore] = [element, score];
  }
  if (!best) return undefined;

  let bestChars = paragraphChars($, best);
  for (const ancestor of $(best).parents().toArray()) {
    const chars = paragraphChars($, ancestor);
    if (chars >= 1.25 * bestChars) [best, bestChars] = [ancestor, chars];
  }
  return best;
}

function chooseMainContainer($: CheerioAPI): Element | undefined {
  const body = $('body').get(0);
  if (!body) return undefined;
  const total = textLength($, body);
  const substantial = (element: Element | undefined): element is Element =>
    element !== undefined && textLength($, element) >= Math.min(MIN_MAIN_CHARS, total * 0.3);
  // Inside <main>, one article that carries most of the text is tighter than <main> itself.
  const narrowToArticle = (scope: Element): Element => {
    const article = longest($, $(scope).find('article').toArray());
    return article && textLength($, article) >= 0.6 * textLength($, scope) ? article : scope;
  };

  const main = longest($, $('main').toArray());
  if (substantial(main)) return narrowToArticle(main);

  const articles = $('article').toArray();
  const article = longest($, articles);
  if (substantial(article) && (articles.length === 1 || textLength($, article) >= 0.4 * total)) return article;

  const roleMain = longest($, $('[role=main]').toArray());
  if (substantial(roleMain)) return narrowToArticle(roleMain);

  const container = bestParagraphContainer($);
  return substantial(container) ? container : body;
}

/** Collects paragraphs and other blocks; inline text accumulates until a block boundary. */
class BlockWriter {
  readonly blocks: string[] = [];
  private inline = '';

  text(text: string): void {
    this.inline += text;
  }

  lineBreak(): void {
    this.inline += LINE_BREAK;
  }

  flush(): void {
    const paragraph = this.inline
      .split(LINE_BREAK)
      .map(collapse)
      .filter(Boolean)
      .join('\n');
    this.inline = '';
    if (paragraph) this.blocks.push(paragraph);
  }

  block(text: string | undefined): void {
    this.flush();
    if (text && text.trim()) this.blocks.push(text);
  }

  finish(): string[] {
    this.flush();
    return this.blocks;
  }
}

function renderChildren(node: Element, writer: BlockWriter): void {
  for (const child of node.children) renderNode(child, writer);
}

function renderBlocks(node: Element): string[] {
  const writer = new BlockWriter();
  renderChildren(node, writer);
  return writer.finish();
}

/** The element's text on one line (headings, table cells). */
function inlineText(node: Element): string {
  return collapse(renderBlocks(node).join(' '));
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => (line ? prefix + line : line))
    .join('\n');
}

function renderList(list: Element): string {
  const ordered = list.name === 'ol';
  let number = Number(list.attribs.start) || 1;
  const items: string[] = [];
  for (const child of list.children) {
    if (!isElement(child)) continue;
    const blocks = renderBlocks(child);
    if (blocks.length === 0) continue;
    const marker = ordered ? `${number++}. ` : '- ';
    const body = blocks.join('\n');
    items.push(marker + indent(body, ' '.repeat(marker.length)).slice(marker.length));
  }
  return items.join('\n');
}

function tableRows(table: Element): Element[][] {
  const rows: Element[][] = [];
  const visit = (node: Element) => {
    for (const child of node.children) {
      if (!isElement(child)) continue;
      if (child.name === 'tr') rows.push(child.children.filter((c): c is Element => isElement(c) && (c.name === 'td' || c.name === 'th')));
      else if (child.name === 'thead' || child.name === 'tbody' || child.name === 'tfoot') visit(child);
    }
  };
  visit(table);
  return rows;
}

/** Tables used for page layout rather than data: rendered as ordinary blocks. */
function isLayoutTable(table: Element, rows: Element[][]): boolean {
  if (/^(presentation|none)$/i.test(table.attribs.role ?? '')) return true;
  if (rows.length === 0 || Math.max(...rows.map((row) => row.length)) < 2) return true;
  return rows.some((row) => row.some((cell) => cell.children.some((c) => isElement(c) && c.name === 'table') || collapse(textOf(cell)).length > 500));
}

function textOf(node: AnyNode): string {
  if (node.type === 'text') return node.data;
  if (!isElement(node)) return '';
  return node.children.map(textOf).join('');
}

/** All text under a node with a space between text nodes, so separate blocks do not run together. */
function spacedText(node: AnyNode): string {
  if (node.type === 'text') return node.data;
  if (!isElement(node)) return '';
  return node.children.map(spacedText).join(' ');
}

function renderTable(table: Element, writer: BlockWriter): void {
  const rows = tableRows(table);
  if (isLayoutTable(table, rows)) {
    writer.flush();
    renderChildren(table, writer);
    writer.flush();
    return;
  }
  const caption = table.children.find((c): c is Element => isElement(c) && c.name === 'caption');
  if (caption) writer.block(inlineText(caption));
  const width = Math.max(...rows.map((row) => row.length));
  const lines: string[] = [];
  for (const row of rows) {
    const cells = row.map((cell) => inlineText(cell).replace(/\|/g, '\\|'));
    if (cells.every((cell) => cell === '')) continue;
    while (cells.length < width) cells.push('');
    lines.push(`| ${cells.join(' | ')} |`);
    if (lines.length === 1) lines.push(`|${' --- |'.repeat(width)}`);
  }
  writer.block(lines.join('\n'));
}

function renderNode(node: AnyNode, writer: BlockWriter): void {
  if (node.type === 'text') {
    writer.text(node.data);
    return;
  }
  if (!isElement(node)) return;
  const tag = node.name;
  const heading = /^h([1-6])$/.exec(tag);
  if (heading) {
    const text = inlineText(node);
    if (text) writer.block(`${'#'.repeat(Number(heading[1]))} ${text}`);
    return;
  }
  switch (tag) {
    case 'br':
      writer.lineBreak();
      return;
    case 'ul':
    case 'ol':
      writer.block(renderList(node));
      return;
    case 'table':
      renderTable(node, writer);
      return;
    case 'pre': {
      const code = textOf(node).replace(/^\n/, '').trimEnd();
      if (code.trim()) writer.block('```\n' + code + '\n```');
      return;
    }
    case 'blockquote':
      writer.block(indent(renderBlocks(node).join('\n\n'), '> '));
      return;
    case 'img':
      return;
  }
  if (BLOCK_TAGS.has(tag)) {
    writer.flush();
    renderChildren(node, writer);
    writer.flush();
  } else {
    renderChildren(node, writer);
  }
}

function withoutRepeats(blocks: string[]): string[] {
  const seen = new Set<string>();
  return blocks.filter((block) => {
    const key = collapse(block).toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function titleFromUrl(pageUrl: string): string {
  try {
    const url = new URL(pageUrl);
    const lastSegment = url.pathname.split('/').filter(Boolean).pop();
    return lastSegment ? decodeURIComponent(lastSegment).replace(/[-_]+/g, ' ').replace(/\.\w+$/, '') : url.hostname;
  } catch {
    return pageUrl;
  }
}

function pageTitle($: CheerioAPI, pageUrl: string): string {
  const candidates = [
    $('meta[property="og:title"]').attr('content'),
    $('title').first().text(),
    $('h1').first().text(),
  ];
  const title = candidates.map((c) => collapse(c ?? '')).find(Boolean);
  if (!title) return titleFromUrl(pageUrl);
  const siteName = collapse($('meta[property="og:site_name"]').attr('content') ?? '');
  if (siteName) {
    const suffix = new RegExp(`\\s+[|\\-–—:·]\\s+${siteName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'i');
    const stripped = title.replace(suffix, '');
    if (stripped) return stripped;
  }
  return title;
}

function pageLanguage($: CheerioAPI): string | undefined {
  const lang = collapse($('html').attr('lang') ?? $('meta[http-equiv="content-language" i]').attr('content') ?? '');
  return lang || undefined;
}

export function extractMainContent(html: string, pageUrl: string): ExtractedContent {
  // With scripting off, <noscript> content is parsed as elements, so its text is readable (bot walls live there).
  const $ = load(html, { scriptingEnabled: false });
  const title = pageTitle($, pageUrl);
  const language = pageLanguage($);

  $(NON_CONTENT_TAGS).not('noscript').remove();
  const body = $('body').get(0);
  const pageText = body ? collapse(spacedText(body)).slice(0, PAGE_TEXT_CHARS) : '';
  $('noscript').remove();

  removeBoilerplate($);
  const container = chooseMainContainer($);
  const text = container ? withoutRepeats(renderBlocks(container)).join('\n\n') : '';
  return { title, text, ...(language ? { language } : {}), pageText };
}
