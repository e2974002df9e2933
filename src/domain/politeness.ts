/**
 * Per-site politeness for the page fan-out: at most a few pages of one host are read at once, so a
 * run never hammers one site while others wait. Pure, used by the workflow's scheduler.
 */

/** The host (and port) of a URL, lower-cased; the whole string when it is not an absolute URL. */
export function hostOf(url: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^/?#]+)/i.exec(url);
  return (match ? match[1] : url).toLowerCase();
}

/** Index of the first queued URL whose host is below its cap of pages in flight, or -1. */
export function nextPolitePage(queue: readonly string[], inFlightPerHost: ReadonlyMap<string, number>, perHostCap: number): number {
  return queue.findIndex((url) => (inFlightPerHost.get(hostOf(url)) ?? 0) < perHostCap);
}
