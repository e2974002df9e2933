/**
 * Does this page need a browser? Pure: the signs of client rendering are read from the parsed page
 * (in the extraction thread, with the rest of extraction), the decision from them and the static text.
 * A page is rendered only when its static HTML yields too little main text AND shows that a script
 * builds its content: an empty application root, a script bundle, or a <noscript> note asking for JavaScript.
 */
import { type FlatTree, collapse, subtreeText, textLengths } from '../extract/tree';

export type RenderMode = 'auto' | 'always' | 'never';
export const RENDER_MODES: readonly RenderMode[] = ['auto', 'always', 'never'];

export interface ClientRenderingSigns {
  /** An application root (#root, #app, #__next, <app-root>, ...) with no text in it. */
  emptyRoot: boolean;
  /** A script that loads an application bundle (type=module, or a bundler's file name). */
  scriptBundle: boolean;
  /** A <noscript> that asks for JavaScript. */
  noscriptNote: boolean;
}

/** Ids and tags that single-page frameworks mount their application on. */
const ROOT_IDS = new Set(['root', 'app', '__next', '__nuxt', '___gatsby', 'svelte', 'app-root', 'main-app', 'application', 'react-root', 'spa-root']);
const ROOT_TAGS = new Set(['app-root', 'ng-app']);
/** Bundler output names and folders: main.3f2a.js, app.bundle.js, /_next/static/, /static/js/, /assets/index-4b1c.js, chunk files. */
const BUNDLE_SRC = /(^|\/)(_next|_nuxt|static\/js|assets|build|dist)\/|(^|[/.-])(bundle|main|app|index|runtime|vendor|chunk|polyfills)([.-][\w-]+)*\.m?js(\?|$)/i;
const JAVASCRIPT_NOTE = /\bjavascript\b/i;
/** An empty root may still hold the whitespace of its indentation. */
const MAX_EMPTY_ROOT_SPACE = 50;
/** A noscript note is a sentence or two; a long <noscript> is a page's whole no-script version. */
const MAX_NOTE_CHARS = 600;

/** Reads the signs of client rendering from a parsed page. One pass, no recursion. */
export function clientRenderingSigns(tree: FlatTree): ClientRenderingSigns {
  const lengths = textLengths(tree);
  const signs: ClientRenderingSigns = { emptyRoot: false, scriptBundle: false, noscriptNote: false };
  for (let i = 1; i < tree.size; i++) {
    const tag = tree.tags[i];
    const attribs = tree.attribs[i];
    if (!tag || !attribs) continue;
    if ((ROOT_TAGS.has(tag) || ROOT_IDS.has((attribs.id ?? '').toLowerCase())) && lengths[i]! <= MAX_EMPTY_ROOT_SPACE && !subtreeText(tree, i).trim()) signs.emptyRoot = true;
    else if (tag === 'script' && attribs.src !== undefined && (attribs.type === 'module' || BUNDLE_SRC.test(attribs.src))) signs.scriptBundle = true;
    else if (tag === 'noscript' && lengths[i]! <= MAX_NOTE_CHARS && JAVASCRIPT_NOTE.test(collapse(subtreeText(tree, i)))) signs.noscriptNote = true;
  }
  return signs;
}

/** Less main text than this, with a sign of client rendering, and the page is worth a browser. */
export const RENDER_BELOW_CHARS = 500;

export function showsClientRendering(signs: ClientRenderingSigns | undefined): boolean {
  return Boolean(signs && (signs.emptyRoot || signs.scriptBundle || signs.noscriptNote));
}

/** Whether to render a page whose static HTML gave `textChars` of main text. */
export function wantsBrowser(mode: RenderMode, textChars: number, signs: ClientRenderingSigns | undefined): boolean {
  if (mode === 'always') return true;
  return textChars < RENDER_BELOW_CHARS && showsClientRendering(signs);
}
