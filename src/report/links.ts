/**
 * The report body may contain no URL the run did not read. The model wrote the body after reading web
 * pages, so it may repeat what a page slipped in: an inline link `[text](http://x)`, a link reference
 * definition `[1]: http://x` (which turns every `[1]` citation into a link), an `<a href>` or any other raw
 * HTML, an autolink `<http://x>`, a bare URL, or an image that loads a URL when the report is viewed.
 *
 * The body is parsed with a CommonMark + GFM parser that gives every node its source range, and only the
 * offending ranges are rewritten: a link to a page the run did not read keeps its text and loses its URL,
 * a bare URL or autolink is removed, raw HTML is reduced to its text, and numeric definitions (which would
 * hijack citations) go. Everything else stays byte for byte as the model wrote it. Pure.
 */
import { cheerio, markdownToAst } from '../lazyPackages';

export interface LinkScrub {
  text: string;
  /** Links, images, definitions and URLs removed because they point to pages the run did not read. */
  removed: number;
}

interface Node {
  type: string;
  range: [number, number];
  url?: string;
  alt?: string | null;
  identifier?: string;
  referenceType?: string;
  value?: string;
  children?: Node[];
}

interface Edit {
  start: number;
  end: number;
  text: string;
  removed: number;
}

/** An autolink to a page that was read: kept whole, its text (the URL itself) not looked into. */
const KEEP = 'keep' as const;

/**
 * After a pass that changed something the text is parsed again: what a removal kept (a link text that is
 * itself a URL, the text of raw HTML, brackets around a removed link) may form new link syntax. Real
 * bodies need two passes; beyond this the body is pathological and what link syntax is left is disarmed
 * without parsing.
 */
const MAX_PASSES = 4;
/** Without any of these the text has no link, image, definition, HTML or URL: nothing to parse. */
const MAY_LINK = /\][([:]|<|:\/\/|www\./i;
/** URL-like text outside link syntax: in code, or where GFM does not autolink (e.g. glued to a word). */
const URL_IN_TEXT = /(?:(?:https?|ftp):\/\/|\bwww\.)[^\s<>"'`[\]{}|\\^]+/gi;
/** `[3]`, `[1, 2]`, `[1-3]`: our citation syntax, kept when a definition that claimed it is removed. */
const CITATION = /^\[\s*\d+(?:\s*[,–-]\s*\d+)*\s*\]$/;
const URL_ATTRIBUTES = ['href', 'src', 'srcset', 'action', 'formaction', 'data', 'poster', 'background', 'cite', 'xlink:href'];

export function removeUnreadLinks(markdown: string, readUrls: Iterable<string>): LinkScrub {
  const isRead = readPredicate(readUrls);
  let text = markdown;
  let removed = 0;
  if (!mayHoldLinks(text)) return { text, removed };
  if (tooDeep(text)) return disarm(text, isRead);
  try {
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const edits = findEdits(text, isRead);
      if (edits.length === 0) return { text, removed };
      text = applyEdits(text, edits);
      removed += edits.reduce((sum, e) => sum + e.removed, 0);
    }
  } catch {
    // The parser gave up (nesting deeper than its stack): fall through to the parser-free disarm.
  }
  const last = disarm(text, isRead);
  return { text: last.text, removed: removed + last.removed };
}

/**
 * Pathological Markdown (nesting the parser cannot take or that would not settle): without structure,
 * every foreign URL-like text goes, every inline link and definition is broken, every tag is shown as text.
 */
export function disarm(text: string, isRead: (url: string) => boolean): LinkScrub {
  const scrubbed = scrubText(text, isRead);
  return {
    text: scrubbed.text.replace(/\]\(/g, ']\\(').replace(/</g, '&lt;').replace(/^ {0,3}\[[^\]\n]+\]:/gm, (m) => m.replace('[', '\\[')),
    removed: scrubbed.removed,
  };
}

/** Whether a URL is one of the pages read (its fragment ignored) or an anchor in the report itself. */
export function readPredicate(readUrls: Iterable<string>): (url: string) => boolean {
  const allowed = new Set<string>();
  for (const url of readUrls) {
    const key = urlKey(url);
    if (key) allowed.add(key);
  }
  return (url) => url.trim().startsWith('#') || allowed.has(urlKey(url) ?? '\0');
}

/** False when the text has no link, image, definition, HTML or URL at all: nothing to parse. */
export function mayHoldLinks(markdown: string): boolean {
  return MAY_LINK.test(markdown);
}

/** Nesting no report needs and the parser takes superlinear time or too much stack for: not parsed. */
const MAX_DEPTH = 32;
const DEEP_QUOTE = new RegExp(`^(?:[ \\t]*>){${MAX_DEPTH}}`, 'm');
const LONG_DELIMITER_RUN = new RegExp(`[*_~\`]{${MAX_DEPTH},}`);
const DEEP_LIST = new RegExp(`^[ \\t]{${MAX_DEPTH * 2},}(?:[-*+]|\\d+[.)])[ \\t]`, 'm');

function tooDeep(text: string): boolean {
  if (DEEP_QUOTE.test(text) || LONG_DELIMITER_RUN.test(text) || DEEP_LIST.test(text)) return true;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '[' && ++depth > MAX_DEPTH) return true;
    else if (c === ']' && depth > 0) depth--;
  }
  return false;
}

/** A URL reduced to what identifies the page: parsed, without its fragment; undefined if it is no URL. */
export function urlKey(url: string): string | undefined {
  const raw = url.trim();
  try {
    const parsed = new URL(/^www\./i.test(raw) ? `http://${raw}` : raw);
    parsed.hash = '';
    return parsed.href;
  } catch {
    return undefined;
  }
}

function findEdits(text: string, isRead: (url: string) => boolean): Edit[] {
  const root = markdownToAst().parse(text) as unknown as Node;
  const definitions = new Map<string, { url: string; kept: boolean }>();
  const edits: Edit[] = [];
  const stack: Node[] = [root];
  // Definitions first: whether a reference stays a link depends on its definition.
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'Definition') {
      const id = (node.identifier ?? '').toLowerCase();
      const kept = isRead(node.url ?? '') && !CITATION.test(`[${id}]`);
      definitions.set(id, { url: node.url ?? '', kept });
      if (!kept) edits.push({ start: node.range[0], end: lineEnd(text, node.range[1]), text: '', removed: isRead(node.url ?? '') ? 0 : 1 });
    }
    for (const child of node.children ?? []) stack.push(child);
  }
  stack.push(root);
  while (stack.length > 0) {
    const node = stack.pop()!;
    const edit = editFor(node, text, isRead, definitions);
    if (edit === KEEP) continue;
    if (edit) {
      edits.push(edit);
      continue; // what it keeps is looked at again in the next pass
    }
    for (const child of node.children ?? []) stack.push(child);
  }
  return edits.sort((a, b) => a.start - b.start);
}

function editFor(
  node: Node,
  text: string,
  isRead: (url: string) => boolean,
  definitions: Map<string, { url: string; kept: boolean }>,
): Edit | typeof KEEP | undefined {
  const [start, end] = node.range;
  const source = text.slice(start, end);
  switch (node.type) {
    case 'Link': {
      if (isRead(node.url ?? '')) return source.startsWith('[') ? undefined : KEEP;
      // An autolink or a bare URL is nothing but its URL; an inline link keeps its text (unless that is the URL).
      const inner = source.startsWith('[') ? childrenSource(node, text) : '';
      const innerUrl = urlKey(inner);
      return { start, end, text: innerUrl !== undefined && innerUrl === urlKey(node.url ?? '') ? '' : inner, removed: 1 };
    }
    case 'Image':
      return isRead(node.url ?? '') ? undefined : { start, end, text: escapeAlt(node.alt), removed: 1 };
    case 'LinkReference':
    case 'ImageReference': {
      // The removed definition was counted once; its references just lose their link.
      const definition = definitions.get((node.identifier ?? '').toLowerCase());
      if (!definition || definition.kept) return undefined;
      if (node.type === 'ImageReference') return { start, end, text: escapeAlt(node.alt), removed: 0 };
      // `[1]` with its definition gone is a citation again.
      if (node.referenceType !== 'full' && CITATION.test(source)) return undefined;
      return { start, end, text: childrenSource(node, text), removed: 0 };
    }
    case 'Html':
      return htmlEdit(start, end, source, isRead);
    case 'Code':
    case 'CodeBlock':
    case 'Str': {
      const scrub = scrubText(source, isRead);
      return scrub.removed > 0 ? { start, end, text: scrub.text, removed: scrub.removed } : undefined;
    }
    default:
      return undefined;
  }
}

/** Raw HTML becomes its text: no tag, comment or attribute survives; each URL attribute to an unread page counts. */
function htmlEdit(start: number, end: number, source: string, isRead: (url: string) => boolean): Edit {
  const $ = cheerio().load(source, null, false);
  let removed = 0;
  $('*').each((_i, element) => {
    for (const name of URL_ATTRIBUTES) {
      const value = $(element).attr(name);
      if (value !== undefined && !isRead(value)) removed++;
    }
  });
  const inner = $.root().text();
  return { start, end, text: inner.replace(/</g, '&lt;'), removed };
}

function scrubText(source: string, isRead: (url: string) => boolean): { text: string; removed: number } {
  let removed = 0;
  const text = source.replace(URL_IN_TEXT, (match) => {
    const url = trimUrlEnd(match);
    if (isRead(url)) return match;
    removed++;
    return match.slice(url.length);
  });
  return { text, removed };
}

/** Sentence punctuation and an unbalanced closing parenthesis after a URL are not part of it (as GFM has it). */
function trimUrlEnd(match: string): string {
  let url = match;
  for (;;) {
    const trimmed = url.replace(/[.,;:!?*_~]+$/, '');
    const unbalanced = trimmed.endsWith(')') && trimmed.split('(').length < trimmed.split(')').length;
    const next = unbalanced ? trimmed.slice(0, -1) : trimmed;
    if (next === url) return url;
    url = next;
  }
}

function childrenSource(node: Node, text: string): string {
  const children = node.children ?? [];
  if (children.length === 0) return '';
  return text.slice(children[0].range[0], children[children.length - 1].range[1]);
}

function escapeAlt(alt: string | null | undefined): string {
  return (alt ?? '').replace(/[\\`*_[\]<>]/g, '\\$&');
}

/** A removed definition takes its line break with it. */
function lineEnd(text: string, end: number): number {
  return text[end] === '\n' ? end + 1 : end;
}

function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = '';
  let at = 0;
  for (const edit of edits) {
    if (edit.start < at) continue; // nested in an edit already made; the next pass sees it
    out += text.slice(at, edit.start) + edit.text;
    // A URL removed between two spaces leaves one.
    at = edit.text === '' && out.endsWith(' ') && text[edit.end] === ' ' ? edit.end + 1 : edit.end;
  }
  return out + text.slice(at);
}
