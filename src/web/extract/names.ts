/** Reading an element's class and id as words: how pages name their components ("cookieBanner", "share-bar"). */

type Attributes = Record<string, string>;

/** Splits class/id names into lower-case words: "cookieBanner" and "cookie-banner" both give cookie, banner. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** An id of more words than this is a slug of a heading ("sharing-with-a-single-developer"), not a component name. */
const MAX_ID_WORDS = 3;
/** Longer class or id values are generated data, not names. */
const MAX_NAME_CHARS = 200;

/**
 * Classes that name what a post is about, not what an element is: WordPress and other systems put a post's
 * category and tags on its element ("category-worth-sharing", "tag-social-media", "entry-category-social_business").
 */
const TAXONOMY_CLASS = /(^|[-_])(category|categories|tag|tags|post_tag|topic|topics|format)[-_]/i;

/**
 * Classes a page's scripts find elements by ("js-social-images": share buttons are added to the images
 * inside), by the common "js-" convention: what a script does to the element, not what the element is.
 */
const SCRIPT_HOOK_CLASS = /^js[-_]/i;

/** The words of each class name and of the id (a heading-slug id left out), one array per name. */
export function componentNames(attribs: Attributes): string[][] {
  const result: string[][] = [];
  for (const name of (attribs.class ?? '').split(/\s+/)) {
    if (name && name.length <= MAX_NAME_CHARS && !TAXONOMY_CLASS.test(name) && !SCRIPT_HOOK_CLASS.test(name)) result.push(nameWords(name));
  }
  const id = attribs.id;
  if (id && id.length <= MAX_NAME_CHARS) {
    const words = nameWords(id);
    if (words.length <= MAX_ID_WORDS) result.push(words);
  }
  return result;
}

/** True when a class or the id has one of `words` among its words, or spells one of `names` whole ("related-posts"). */
export function isNamed(attribs: Attributes, words: ReadonlySet<string>, names: ReadonlySet<string> = new Set()): boolean {
  if (!attribs.class && !attribs.id) return false;
  return componentNames(attribs).some((name) => names.has(name.join('')) || name.some((word) => words.has(word)));
}
