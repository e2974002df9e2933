/**
 * Editions of the offline world, so a scheduled run has something to compare: `before` and `after` differ by a
 * page whose figures changed, a page added (found by search only in `after`) and a page removed (404 in
 * `after`). `off` (the default) is the corpus as bundled. Switched in a running world with
 * `npm run offline-world -- edition before|after|off` (a POST to the world's web server), or in tests by
 * `world.edition.set(...)`.
 */

export const EDITION_NAMES = ['off', 'before', 'after'] as const;
export type EditionName = (typeof EDITION_NAMES)[number];

export interface EditionChanges {
  /** Paths the search engine does not return. */
  hidden: readonly string[];
  /** Paths the web server answers 404 for. */
  gone: readonly string[];
  /** Text replaced in a page's body, per path. */
  rewrites: Readonly<Record<string, readonly (readonly [string, string])[]>>;
}

/** The pages of the solid-state batteries topic the `after` edition changes. */
export const CHANGED_PAGE = '/voltline/news/solid-state-battery-pilot-lines-2026';
export const ADDED_PAGE = '/open-battery-consortium/guidance/obc-st-7-solid-state-abuse-testing';
export const REMOVED_PAGE = '/evtalk/forums/corvane-s7/winter-range-solid-state-pack';
export const FIGURE_BEFORE = '412 Wh/kg';
export const FIGURE_AFTER = '438 Wh/kg';

const NONE: EditionChanges = { hidden: [], gone: [], rewrites: {} };

export const EDITIONS: Record<EditionName, EditionChanges> = {
  off: NONE,
  before: { hidden: [ADDED_PAGE], gone: [], rewrites: {} },
  after: { hidden: [], gone: [REMOVED_PAGE], rewrites: { [CHANGED_PAGE]: [[FIGURE_BEFORE, FIGURE_AFTER]] } },
};

export function isEditionName(name: string): name is EditionName {
  return (EDITION_NAMES as readonly string[]).includes(name);
}

/** The edition a running world serves; shared by its web and search servers. */
export class WorldEdition {
  name: EditionName = 'off';

  set(name: EditionName): void {
    this.name = name;
  }

  get changes(): EditionChanges {
    return EDITIONS[this.name];
  }

  /** A page's body as this edition serves it. */
  rewrite(path: string, body: Buffer): Buffer {
    const rewrites = this.changes.rewrites[path];
    if (!rewrites) return body;
    let text = body.toString('utf8');
    for (const [from, to] of rewrites) text = text.split(from).join(to);
    return Buffer.from(text, 'utf8');
  }
}

/** The control path on the world's web server: POST /_world/edition/<name>. */
export const EDITION_CONTROL_PATH = '/_world/edition/';
