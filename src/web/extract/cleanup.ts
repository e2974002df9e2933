/**
 * Finds what is not content: tags that never are, page chrome, site header and footer, small forms,
 * hidden elements and boilerplate named by class/id words. Nothing is removed from the tree (removing
 * many siblings one by one is quadratic): each pass returns the nodes it takes out, in linear time, and
 * the caller sets their flags (marks.ts).
 */
import { withRemoved } from './marks';
import { componentNames, isNamed } from './names';
import { type FlatTree, type Removed, textLengths } from './tree';

type Attributes = Record<string, string>;

/** Never content, whatever the page says (<noscript> is marked separately: its text matters to block-page checks). */
const NON_CONTENT_TAGS = new Set([
  'script', 'style', 'template', 'svg', 'iframe', 'frame', 'frameset', 'object', 'embed', 'canvas', 'video',
  'audio', 'map', 'link', 'meta', 'button', 'input', 'select', 'textarea', 'dialog', 'head',
]);

const CHROME_TAGS = new Set(['nav', 'aside']);
const CHROME_ROLES = new Set([
  'navigation', 'banner', 'contentinfo', 'complementary', 'dialog', 'alertdialog', 'alert', 'search', 'menu', 'menubar',
]);

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
  // WordPress's post footer ("This entry was posted on … filed under …", "Posted in … | No Comments »")
  'postmetadata',
  // most-read lists
  'mostpopular',
]);

/** Exact class names that hide an element (screen-reader-only text included). */
const HIDING_CLASSES = new Set([
  'hidden', 'is-hidden', 'd-none', 'hide', 'invisible', 'sr-only', 'visually-hidden', 'visuallyhidden',
  'screen-reader-text',
]);
/** Responsive classes that show an element again ("hidden md:block", "d-none d-lg-block"). */
const RESPONSIVE_SHOW = /^(\w+:(block|flex|grid|inline|inline-block|inline-flex|table|contents)|d-(sm|md|lg|xl|xxl)-(block|flex|grid|inline|inline-block|inline-flex|table))$/;

export const MIN_MAIN_CHARS = 200;
/** A <form> holding at least this share of the page's text wraps the story, not a search or sign-up box. */
const FORM_STORY_SHARE = 0.5;

type BoilerplateStrength = 'strong' | 'weak' | undefined;

function boilerplateStrength(attribs: Attributes): BoilerplateStrength {
  let strength: BoilerplateStrength;
  for (const words of componentNames(attribs)) {
    if (BOILERPLATE_NAMES.has(words.join(''))) return 'strong';
    for (const word of words) {
      if (STRONG_BOILERPLATE_WORDS.has(word)) return 'strong';
      if (WEAK_BOILERPLATE_WORDS.has(word)) strength = 'weak';
    }
  }
  return strength;
}

/** Hidden by the element's own markup (attribute or inline style): never shown, whatever its size. */
function isHiddenByMarkup(attribs: Attributes): boolean {
  if ('hidden' in attribs || attribs['aria-hidden'] === 'true') return true;
  return Boolean(attribs.style && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(attribs.style));
}

/** Hidden by a utility class; responsive classes may show it again. */
function isHidden(attribs: Attributes): boolean {
  const classes = (attribs.class ?? '').split(/\s+/);
  return classes.some((c) => HIDING_CLASSES.has(c.toLowerCase())) && !classes.some((c) => RESPONSIVE_SHOW.test(c));
}

/** The tags that are never content; <noscript> too when `noscript` is set. */
export function findNonContent(tree: FlatTree, noscript: boolean): number[] {
  const found: number[] = [];
  for (let i = 0; i < tree.size; i++) {
    const name = tree.tags[i]!;
    if (NON_CONTENT_TAGS.has(name) || (noscript && name === 'noscript')) found.push(i);
  }
  return found;
}

/** Flags inherited from ancestors: inside a main element, inside code. */
function inheritedFlags(tree: FlatTree, own: (i: number) => boolean): Uint8Array {
  const flags = new Uint8Array(tree.size);
  for (let i = 1; i < tree.size; i++) {
    const p = tree.parent[i]!;
    flags[i] = flags[p]! || own(p) ? 1 : 0;
  }
  return flags;
}

interface Protection {
  /** Main elements, their ancestors, the document, <html> and <body>: never marked. */
  wraps: Uint8Array;
  insideMain: Uint8Array;
}

function protection(tree: FlatTree): Protection {
  const n = tree.size;
  const isMain = (i: number) => {
    const tag = tree.tags[i]!;
    return tag === 'main' || tag === 'article' || tree.attribs[i]?.role === 'main';
  };
  // Climbing stops at a protected node, so it is linear.
  const wraps = new Uint8Array(n);
  wraps[0] = 1;
  for (let i = 0; i < n; i++) {
    const name = tree.tags[i]!;
    if (name === 'html' || name === 'body') wraps[i] = 1;
  }
  for (let i = 0; i < n; i++) {
    if (!isMain(i)) continue;
    for (let a = i; a >= 0 && !(wraps[a] && a !== i); a = tree.parent[a]!) wraps[a] = 1;
  }
  return { wraps, insideMain: inheritedFlags(tree, isMain) };
}

export interface CleanupOptions {
  /**
   * The tree is one article an extractor already chose (Readability's): a <header> in it is the
   * article's own (standfirst, byline), not the site's.
   */
  article?: boolean;
}

/**
 * Page chrome by its markup: <nav>, <aside>, landmark roles, the site's header and footer, small forms.
 * Never the main content or anything wrapping it.
 */
function findChrome(tree: FlatTree, removed: Removed, options: CleanupOptions = {}): number[] {
  const n = tree.size;
  const { wraps, insideMain } = protection(tree);
  const chrome: number[] = [];
  for (let i = 0; i < n; i++) {
    const name = tree.tags[i]!;
    if (name === '' || wraps[i]) continue;
    if (CHROME_TAGS.has(name) || CHROME_ROLES.has(tree.attribs[i]!.role ?? '')) chrome.push(i);
    // Site header and footer; an <article>'s own header holds its title and byline.
    else if (name === 'header' ? !insideMain[i] && !options.article : name === 'footer' && !insideMain[i]) chrome.push(i);
  }

  // Some frameworks wrap the whole page, or the whole story, in one <form>; only small forms (search,
  // sign-up) are chrome. A form that holds a good share of the page's text is the story, even when its
  // text sits in <div>s rather than <p>s. Forms are judged on the page without the chrome above.
  const withoutChrome = withRemoved(removed, chrome);
  const afterChrome = textLengths(tree, withoutChrome);
  const paragraphs = paragraphLengths(tree, withoutChrome, afterChrome);
  const pageChars = afterChrome[0]!;
  for (let i = 0; i < n; i++) {
    if (tree.tags[i]! !== 'form' || wraps[i] || paragraphs[i]! >= MIN_MAIN_CHARS) continue;
    if (afterChrome[i]! < MIN_MAIN_CHARS || afterChrome[i]! < FORM_STORY_SHARE * pageChars) chrome.push(i);
  }
  return chrome;
}

/** Subtrees larger than this are never figures (and are not walked, which keeps the pass linear). */
const MAX_FIGURE_NODES = 64;
const MAX_FIGURE_CHARS = 300;

/**
 * One image with at most a short caption and no link: a figure of the article, even in a wrapper a
 * content system names "widget" (a related-stories widget links its thumbnails).
 */
function isFigure(tree: FlatTree, i: number, lengths: Float64Array): boolean {
  if (tree.end[i]! - i > MAX_FIGURE_NODES || lengths[i]! > MAX_FIGURE_CHARS) return false;
  let images = 0;
  for (let j = i; j < tree.end[i]!; j++) {
    const tag = tree.tags[j];
    if (tag === 'a') return false;
    if (tag === 'img') images++;
  }
  return images === 1;
}

/** What the loop over named elements needs about the whole page, computed once per pass. */
interface NamedScan {
  wraps: Uint8Array;
  insideCode: Uint8Array;
  lengths: Float64Array;
  bodyChars: number;
  /** Text in <p> and <pre> per subtree, and the page's. */
  paragraphs: Float64Array;
  bodyParagraphs: number;
  /** The page's longest run of text (a paragraph of the story, even where its paragraphs are <br>-separated). */
  longestText: number;
}

function namedScan(tree: FlatTree, removed: Removed, body: number): NamedScan {
  const { wraps } = protection(tree);
  const insideCode = inheritedFlags(tree, (i) => {
    const name = tree.tags[i]!;
    return name === 'pre' || name === 'code';
  });
  const lengths = textLengths(tree, removed);
  const paragraphs = paragraphLengths(tree, removed, lengths);
  const root = body >= 0 ? body : 0;
  let longestText = -1;
  for (let i = root; i < tree.end[root]!; i++) {
    if (removed[i]) i = tree.end[i]! - 1;
    else if (tree.texts[i] !== undefined && (longestText < 0 || tree.ownText[i]! > tree.ownText[longestText]!)) longestText = i;
  }
  return { wraps, insideCode, lengths, bodyChars: lengths[root]!, paragraphs, bodyParagraphs: paragraphs[root]!, longestText };
}

/** True when element i may be judged by its names at all: not the main content, its wrappers, or code. */
function judgeable(scan: NamedScan, tree: FlatTree, i: number): boolean {
  const attribs = tree.attribs[i];
  if (!attribs || scan.wraps[i] || scan.insideCode[i]) return false; // highlighters use classes like "comment"
  // Most elements carry none of the attributes looked at: skip them without allocating.
  return Boolean(attribs.class || attribs.id || attribs.style || 'hidden' in attribs || attribs['aria-hidden']);
}

/** An element that holds most of the page's text is the article, whatever its classes say ("share-container"). */
function holdsMostText(scan: NamedScan, i: number, strength: 'strong' | 'weak'): boolean {
  return scan.lengths[i]! >= (strength === 'weak' ? 0.5 : 0.6) * scan.bodyChars;
}

/**
 * Words content systems also put on the wrapper of the article: every block is a widget, the one that holds
 * the posts too (Blogger's "widget Blog"), and the story sits inside its share bar's wrapper ("share_wrapper").
 */
const GENERIC_WORDS = new Set(['widget', 'widgets', 'share', 'sharing']);

/** Named by those words and nothing more telling (not "comments", "related", "sidebar"): judged by its paragraphs too. */
function namedOnlyWidget(attribs: Attributes): boolean {
  let generic = false;
  for (const words of componentNames(attribs)) {
    if (BOILERPLATE_NAMES.has(words.join(''))) return false;
    for (const word of words) {
      if (GENERIC_WORDS.has(word)) generic = true;
      else if (STRONG_BOILERPLATE_WORDS.has(word) || WEAK_BOILERPLATE_WORDS.has(word)) return false;
    }
  }
  return generic;
}

/**
 * Such a wrapper holds the story, beside a sidebar of many links, when it holds half the page's paragraph
 * text, or the page's longest run of text.
 */
function holdsTheStory(tree: FlatTree, scan: NamedScan, i: number): boolean {
  if (scan.bodyParagraphs > 0 && scan.paragraphs[i]! >= 0.5 * scan.bodyParagraphs) return true;
  return scan.longestText > i && scan.longestText < tree.end[i]!;
}

/** What a boilerplate pass takes out. */
export interface BoilerplateNodes {
  /** Every node it takes out. */
  nodes: number[];
  /** Those taken out for their class/id names (not the hidden ones, which often repeat visible text). */
  named: number[];
}

/**
 * Hidden elements and boilerplate named by class/id words, never the main content or anything
 * wrapping it.
 */
function findNamedBoilerplate(tree: FlatTree, removed: Removed, body: number, regionsOnly = false): BoilerplateNodes {
  const scan = namedScan(tree, removed, body);
  const headline = regionsOnly ? firstHeadline(tree, removed, body) : -1;
  const hidden: number[] = [];
  const named: number[] = [];
  for (let i = 0; i < tree.size; i++) {
    if (!judgeable(scan, tree, i)) continue;
    const attribs = tree.attribs[i]!;
    if (isHiddenByMarkup(attribs)) {
      if (!regionsOnly) hidden.push(i);
      continue;
    }
    const byClass = isHidden(attribs);
    if (regionsOnly && (byClass || namedOnlyWidget(attribs))) continue;
    // A region that holds most of the text wraps the story only if it holds its headline too: a long
    // sidebar beside a short post is still a sidebar.
    if (regionsOnly && boilerplateStrength(attribs) && !(headline > i && headline < tree.end[i]!)) {
      named.push(i);
      continue;
    }
    const strength = byClass ? 'weak' : boilerplateStrength(attribs);
    if (!strength) continue;
    if (strength === 'weak' && !byClass && isFigure(tree, i, scan.lengths)) continue;
    if (holdsMostText(scan, i, strength)) continue;
    if (!byClass && namedOnlyWidget(attribs) && holdsTheStory(tree, scan, i)) continue;
    (byClass ? hidden : named).push(i);
  }
  return { nodes: hidden.concat(named), named };
}

/**
 * Class/id words of the widgets a page sets beside or inside its article: consent banners, newsletter
 * boxes, share bars, related-story lists and comments. They are judged on the page's own markup, before
 * Readability rewrites it (a <div class="cookie-consent"> holding one <p> comes out of Readability as
 * that bare <p>, its class gone), so they go whatever Readability does to them.
 */
const WIDGET_WORDS = new Set([
  'cookie', 'cookies', 'cookiebot', 'consent', 'gdpr', 'onetrust',
  'share', 'sharing', 'sharebar', 'addthis', 'sharethis', 'social', 'socials',
  'newsletter', 'subscribe', 'subscription', 'signup', 'optin',
  'related', 'recommended', 'recommendations', 'comment', 'comments', 'disqus',
]);
const WIDGET_NAMES = new Set(['relatedposts', 'relatedarticles', 'morestories', 'cookiebanner', 'cookienotice']);

/**
 * A widget is small, or mostly links: a long element named like one (an article whose wrapper says
 * "has-comments", a long comment thread) is left to Readability, which scores comment threads down itself.
 */
const MAX_WIDGET_CHARS = 1_500;
const WIDGET_LINK_DENSITY = 0.5;

/** Collapsed text length inside links, per subtree (one pass, no recursion). */
function linkTextLengths(tree: FlatTree, removed: Removed): Float64Array {
  const insideLink = inheritedFlags(tree, (i) => tree.tags[i] === 'a');
  const lengths = new Float64Array(tree.size);
  for (let i = tree.size - 1; i >= 0; i--) {
    if (removed[i]) {
      lengths[i] = 0;
      continue;
    }
    if (insideLink[i]) lengths[i]! += tree.ownText[i]!;
    if (i > 0) lengths[tree.parent[i]!]! += lengths[i]!;
  }
  return lengths;
}

/** The consent, newsletter, share, related and comment widgets named by their class or id. */
export function findWidgets(tree: FlatTree, removed: Removed, body: number): number[] {
  const scan = namedScan(tree, removed, body);
  const links = linkTextLengths(tree, removed);
  const widgets: number[] = [];
  for (let i = 0; i < tree.size; i++) {
    if (!judgeable(scan, tree, i) || !isNamed(tree.attribs[i]!, WIDGET_WORDS, WIDGET_NAMES)) continue;
    const chars = scan.lengths[i]!;
    if (isFigure(tree, i, scan.lengths) || holdsMostText(scan, i, 'weak')) continue;
    if (chars > MAX_WIDGET_CHARS && links[i]! < WIDGET_LINK_DENSITY * chars) continue;
    widgets.push(i);
    i = tree.end[i]! - 1; // its inside goes with it
  }
  return widgets;
}

/** Page chrome, then boilerplate judged on the page without it; never the main content or anything wrapping it. */
export function findBoilerplate(tree: FlatTree, removed: Removed, body: number, options: CleanupOptions = {}): BoilerplateNodes {
  const chrome = findChrome(tree, removed, options);
  const boilerplate = findNamedBoilerplate(tree, withRemoved(removed, chrome), body);
  return { nodes: chrome.concat(boilerplate.nodes), named: boilerplate.named };
}

/** The page's first <h1>, or its first <h2> when it has none (-1 for neither), outside what is already marked. */
function firstHeadline(tree: FlatTree, removed: Removed, body: number): number {
  const live = new Uint8Array(tree.size);
  let h2 = -1;
  for (let i = Math.max(body, 0); i < tree.size; i++) {
    live[i] = !removed[i] && (i === 0 || i === body || live[tree.parent[i]!]) ? 1 : 0;
    if (!live[i]) continue;
    if (tree.tags[i] === 'h1') return i;
    if (tree.tags[i] === 'h2' && h2 < 0) h2 = i;
  }
  return h2;
}

/**
 * The regions around a story by their markup and names: chrome, sidebars, promos, footers; not what is
 * merely hidden or called a widget (the story itself can be either). Where Readability's article came
 * from is judged against these.
 */
export function findPageRegions(tree: FlatTree, removed: Removed, body: number): number[] {
  const chrome = findChrome(tree, removed);
  return chrome.concat(findNamedBoilerplate(tree, withRemoved(removed, chrome), body, true).nodes);
}

/** Text in <p> and <pre> under each node (a paragraph counts once, for itself and every ancestor). */
export function paragraphLengths(tree: FlatTree, removed: Removed, lengths: Float64Array): Float64Array {
  const n = tree.size;
  const result = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    if (removed[i]) {
      result[i] = 0;
      continue;
    }
    const name = tree.tags[i]!;
    if (name === 'p' || name === 'pre') result[i] = lengths[i]!;
    if (i > 0) result[tree.parent[i]!]! += result[i]!;
  }
  return result;
}
