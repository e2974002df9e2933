/**
 * The order the chosen pages are read in (pure; used by the page scheduler). With more pages than
 * `maxParallelPages`, the last ones wait for a slot, and a page that waits adds its whole load and summary
 * to the run's end. A URL naming a file the run cannot read (an image, audio, video, an archive, a font)
 * is most likely skipped as not text once fetched, so it goes to the back of the queue: the page that
 * waits should be the one least likely to need the time. It is still fetched (its bytes decide, not its
 * name). Otherwise the order is the queries' own.
 */

const NOT_TEXT_EXTENSIONS = new Set([
  ...['png', 'jpg', 'jpeg', 'gif', 'webp', 'avif', 'bmp', 'ico', 'tif', 'tiff', 'heic'],
  ...['mp4', 'webm', 'mov', 'avi', 'mkv', 'mp3', 'wav', 'ogg', 'flac', 'm4a'],
  ...['zip', 'gz', 'tgz', 'bz2', 'xz', '7z', 'rar', 'tar', 'iso', 'dmg', 'exe', 'msi', 'apk'],
  ...['woff', 'woff2', 'ttf', 'otf'],
]);

/** The URL's path names a file of a type the run cannot read (by its extension; query and fragment ignored). */
export function likelyNotText(url: string): boolean {
  const path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '').replace(/[?#].*$/s, '');
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 && NOT_TEXT_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}

/** `urls` with the likely-not-text ones moved to the back, each group in its own order. */
export function readingOrder(urls: readonly string[]): string[] {
  return [...urls.filter((url) => !likelyNotText(url)), ...urls.filter(likelyNotText)];
}
