/**
 * Pulls the readable article out of an HTML page as structured plain text (Markdown-style headings,
 * lists, pipe tables, fenced <pre>). Readability picks the article on pages of ordinary shape (see
 * readability.ts); our linear extractor (cleanup → container → layout) reads every other page and
 * also cleans what Readability keeps. No step recurses on page structure.
 */
import { type ClientRenderingSigns, clientRenderingSigns } from '../render/decision';
import { type BoilerplateTexts, boilerplateTexts, findBoilerplateTexts } from './boilerplateText';
import { findBoilerplate, findNonContent, findPageRegions, findWidgets } from './cleanup';
import { isAnchored, MIN_KEY_CHARS, storyHeadline } from './anchor';
import { chooseMainContainer, liveNodes } from './container';
import { findLinkDense } from './density';
import { findOrphanHeadings, findTeaserLists } from './sections';
import { findCommentThreads } from './thread';
import { findAuthorBoxes } from './authorBox';
import { findFigureNoise } from './figures';
import { renderBlocks, withoutRepeats } from './layout';
import { afterPasses, withRemoved } from './marks';
import { pageMetadata } from './metadata';
import { withoutOwnUrlLines } from './ownUrl';
import { findLeadIns, postContainer } from './post';
import { readabilityArticle, readabilityGuard } from './readability';
import { type FlatTree, type Removed, collapse, findFirst, parseFlat, serialize, textLengths } from './tree';

export interface ExtractedContent {
  title: string;
  /** The main content as structured plain text. */
  text: string;
  /** From <html lang>, when the page declares it. */
  language?: string;
  /**
   * All text of the page body (navigation and <noscript> included), collapsed and capped at
   * PAGE_TEXT_CHARS: what a block-page check reads when the main text is too short to judge.
   */
  pageText: string;
  /** Which extractor produced `text`. */
  extractor?: 'readability' | 'linear';
  /** What the static HTML shows of a script building the page (read for the rendering fallback). */
  clientRendering?: ClientRenderingSigns;
}

export interface ExtractOptions {
  /** Use Readability when the guard allows it (default true); false forces the linear extractor. */
  readability?: boolean;
}

/** The cap on `pageText`, for HTML and plain-text pages alike (page.ts). */
export const PAGE_TEXT_CHARS = 10_000;
/**
 * Without a headline to go by, Readability's article must hold at least this share of what the linear
 * extractor finds, or it missed part of it.
 */
const MIN_READABILITY_SHARE = 0.5;

/**
 * htmlparser2's tokenizer and tree rules, without a DOM: linear on deep nesting (parse5's tree
 * construction scans its stack of open elements per tag, quadratic on a page nested thousands deep).
 */
function parse(html: string): FlatTree {
  return parseFlat(html);
}

/**
 * The node the page's content lives under: its <body>, or the whole document when it has none (a page
 * that leaves the tag out, as HTML allows, and Readability's article, a bare <div>), so that the passes
 * that go by the headline or the body find them there too.
 */
function contentRoot(tree: FlatTree): number {
  const body = findFirst(tree, 'body');
  return body >= 0 ? body : 0;
}

/** Collapsed body text up to the cap, with a space between text nodes; stops reading once the cap is reached. */
function pageTextOf(tree: FlatTree, body: number, removed: Removed): string {
  if (body < 0) return '';
  const parts: string[] = [];
  let length = 0;
  for (let i = body; i < tree.end[body]! && length <= PAGE_TEXT_CHARS; i++) {
    if (removed[i]) {
      i = tree.end[i]! - 1;
      continue;
    }
    const raw = tree.texts[i];
    if (raw === undefined) continue;
    const text = collapse(raw);
    if (!text) continue;
    parts.push(text);
    length += text.length + 1;
  }
  return parts.join(' ').slice(0, PAGE_TEXT_CHARS);
}

interface LinearText {
  text: string;
  /** The boilerplate it left out for its class/id names: its text is looked for in Readability's article. */
  named: number[];
  /** What it left out of the page, the page's boilerplate and link lists included. */
  removed: Removed;
}

/**
 * The linear extractor: the page without its boilerplate, the main container chosen on what is left (the
 * post under the headline when that is a side column's block), and that container without the link lists
 * beside its story.
 */
function linearText(tree: FlatTree, removed: Removed, body: number, headline: number, titles: readonly string[]): LinearText {
  const boilerplate = findBoilerplate(tree, removed, body);
  const withoutBoilerplate = withRemoved(removed, boilerplate.nodes);
  const container = postContainer(tree, withoutBoilerplate, chooseMainContainer(tree, withoutBoilerplate, body), headline, titles);
  if (container < 0) return { text: '', named: boilerplate.named, removed: withoutBoilerplate };
  const final = afterPasses(withoutBoilerplate, [
    (r) => findLeadIns(tree, r, container, headline, titles),
    (r) => findLinkDense(tree, r, container, headline),
    (r) => findTeaserLists(tree, r, container, headline),
    (r) => findOrphanHeadings(tree, r, container, headline),
  ]);
  const text = withoutRepeats(renderBlocks(tree, container, final, textLengths(tree, final))).join('\n\n');
  return { text, named: boilerplate.named, removed: final };
}

/**
 * Readability's article, cleaned of chrome and boilerplate by the same rules as the linear text (its
 * own <header> kept, repeated blocks kept), or undefined when it has none.
 */
interface ReadabilityText {
  text: string;
  byline?: string;
  /** The collapsed texts of its text nodes (the long enough ones): where on the page it came from. */
  keys: Set<string>;
}

function readabilityText(html: string, boilerplate: BoilerplateTexts, origin: Provenance, titles: string[]): ReadabilityText | undefined {
  let article: ReturnType<typeof readabilityArticle>;
  try {
    article = readabilityArticle(html);
  } catch {
    return undefined; // a document Readability cannot take (no <html>, too many elements): the linear text stands
  }
  if (!article) return undefined;
  const tree = parse(article.content);
  if (boilerplateShare(tree, origin) > MAX_BOILERPLATE_SHARE) return undefined;
  const body = contentRoot(tree);
  // In this order, each pass reading what those before it took out.
  const cleaned = afterPasses(new Uint8Array(tree.size), [
    () => findNonContent(tree, true),
    (r) => findBoilerplate(tree, r, body, { article: true }).nodes,
    (r) => findBoilerplateTexts(tree, r, boilerplate),
  ]);
  // Found once: the passes after keep the headline (and what holds it), so it stays the one they all go by.
  const headline = storyHeadline(tree, liveNodes(tree, cleaned), body, titles);
  const removed = afterPasses(cleaned, [
    (r) => findLinkDense(tree, r, body, headline),
    (r) => findTeaserLists(tree, r, body, headline),
    (r) => findOrphanHeadings(tree, r, body, headline),
  ]);
  // No repeat filter here: inside the article Readability chose, a short block said twice is the author's
  // (a refrain of dialogue, the same command run in two repositories), not page furniture.
  const text = renderBlocks(tree, body, removed, textLengths(tree, removed)).join('\n\n');
  const live = liveNodes(tree, removed);
  const keys = new Set<string>();
  for (let i = 0; i < tree.size; i++) {
    if (live[i] && tree.texts[i] !== undefined && tree.ownText[i]! >= MIN_KEY_CHARS) keys.add(collapse(tree.texts[i]!));
  }
  return { text, keys, ...(article.byline ? { byline: article.byline } : {}) };
}

/** Text nodes shorter than this say too little about where they came from (dates, "Share", "Home"). */
const MIN_PROVENANCE_CHARS = 30;

/** The page's text nodes by collapsed text: those our own rules keep, and those they mark as boilerplate or chrome. */
interface Provenance {
  live: Set<string>;
  dead: Set<string>;
}

function provenance(tree: FlatTree, removed: Removed): Provenance {
  const live = liveNodes(tree, removed);
  const result: Provenance = { live: new Set(), dead: new Set() };
  for (let i = 0; i < tree.size; i++) {
    const text = tree.texts[i];
    if (text === undefined || tree.ownText[i]! < MIN_PROVENANCE_CHARS) continue;
    (live[i] ? result.live : result.dead).add(collapse(text));
  }
  return result;
}

/**
 * The share of an article's text that our rules, on the original page, found in chrome or boilerplate
 * (a sidebar, a footer, a widget) and nowhere in what they keep: Readability sometimes takes a sidebar's
 * disclaimer for the article of a short post.
 */
function boilerplateShare(tree: FlatTree, origin: Provenance): number {
  let dead = 0;
  let total = 0;
  for (let i = 0; i < tree.size; i++) {
    const text = tree.texts[i];
    if (text === undefined || tree.ownText[i]! < MIN_PROVENANCE_CHARS) continue;
    const key = collapse(text);
    total += key.length;
    if (origin.dead.has(key) && !origin.live.has(key)) dead += key.length;
  }
  return total === 0 ? 0 : dead / total;
}

/** Readability's article is not taken when more of its text than this comes from what our rules call boilerplate. */
const MAX_BOILERPLATE_SHARE = 0.5;

/** A byline longer than this is not one (Readability's own test is under 100 characters). */
const MAX_BYLINE_CHARS = 150;

/**
 * Readability takes the byline (author, often the date) out of the article; who wrote a source and when
 * matters to research, so it goes back under the title heading, as one line of plain text.
 */
function withByline(text: string, byline: string | undefined): string {
  const line = collapse(byline ?? '');
  if (!line || line.length > MAX_BYLINE_CHARS || text.includes(line)) return text;
  const heading = /^# .+$/m.exec(text);
  if (!heading) return `${line}\n\n${text}`;
  const end = heading.index + heading[0].length;
  return `${text.slice(0, end)}\n\n${line}${text.slice(end)}`;
}

/**
 * Readability takes the article's <h1> out as its title, or demotes it to <h2>; the text keeps it as
 * the page's first-level heading, as the linear extractor does.
 */
function withTitleHeading(article: string, linear: string): string {
  const heading = /^# .+$/m.exec(linear)?.[0];
  if (!heading) return article;
  const demoted = `#${heading}`;
  const at = article.indexOf(demoted);
  if (at >= 0 && (at === 0 || article[at - 1] === '\n') && /^(\n|$)/.test(article.slice(at + demoted.length, at + demoted.length + 1))) {
    return article.slice(0, at) + heading + article.slice(at + demoted.length);
  }
  if (article.includes(heading.slice(2))) return article;
  return `${heading}\n\n${article}`;
}

export function extractMainContent(html: string, pageUrl: string, options: ExtractOptions = {}): ExtractedContent {
  const tree = parse(html);
  const { title, language, ownUrls, titles } = pageMetadata(tree, pageUrl);
  const body = contentRoot(tree);
  const scriptless = withRemoved(new Uint8Array(tree.size), findNonContent(tree, false));
  const pageText = pageTextOf(tree, body, scriptless);
  // What both extractors read: the page without non-content tags (<noscript> now too), then without the
  // credits, slideshow controls and repeated captions judged on that.
  const page = afterPasses(scriptless, [
    () => findNonContent(tree, true),
    (r) => findFigureNoise(tree, r, body),
  ]);

  // Readability sees the page as a browser shows it (our boilerplate rules can cut into an article:
  // a "popup" glossary link, a "widget" figure); its article is cleaned by those rules afterwards.
  // Only the widgets (consent, newsletter, share, related, comments) and the discussion after the story go
  // before it: it rewrites them past recognition (a <div class="cookie-consent"> around one <p> becomes that bare <p>).
  // Each pass reads what those before it took out: a thread's heading may sit in a widget, an author box is
  // measured without both.
  const headline = storyHeadline(tree, liveNodes(tree, page), body, titles);
  const regions = withRemoved(page, findPageRegions(tree, page, body));
  const forReadability = afterPasses(page, [
    (r) => findWidgets(tree, r, body),
    (r) => findCommentThreads(tree, r, body, headline),
    (r) => findAuthorBoxes(tree, r, body, headline),
  ]);
  const linear = linearText(tree, page, body, headline, titles);
  let text = linear.text;
  let extractor: ExtractedContent['extractor'] = 'linear';
  if (options.readability !== false && readabilityGuard(tree, html.length).ok) {
    const article = readabilityText(serialize(tree, forReadability), boilerplateTexts(tree, linear.named), provenance(tree, regions), titles);
    const take = article !== undefined && (headline >= 0
      // The page's headline says where the story is: Readability's article is taken when it starts there, short or not.
      // Judged on what the linear extractor kept of the page.
      ? isAnchored(tree, liveNodes(tree, linear.removed), headline, article.keys, article.text.length)
      : article.text.length >= MIN_READABILITY_SHARE * Math.min(linear.text.length, 2_000));
    if (article && take) {
      text = withByline(withTitleHeading(article.text, linear.text), article.byline);
      extractor = 'readability';
    }
  }
  return {
    title,
    text: withoutOwnUrlLines(text, pageUrl, ownUrls),
    ...(language ? { language } : {}),
    pageText,
    extractor,
    clientRendering: clientRenderingSigns(tree),
  };
}
