/**
 * A page that prints its own address as a line of text ("https://example.com/2024/05/story", a print
 * stylesheet's "URL: ..."): that line says nothing the run does not know, so it leaves the text.
 */

/** Host without "www.", path without trailing slashes, query: how two spellings of one address compare. */
function addressKey(raw: string, base?: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  return `${url.hostname.replace(/^www\./, '')}${url.pathname.replace(/\/+$/, '')}${url.search}`.toLowerCase();
}

/** An optional short label before the address ("URL:", "Link to this article:"). */
const LABEL = /^[^:\n]{1,40}:\s+/;

/** The text without the blocks that are only the page's own address (`pageUrl` or one it names as its own). */
export function withoutOwnUrlLines(text: string, pageUrl: string, ownUrls: readonly string[]): string {
  const keys = new Set<string>();
  for (const raw of [pageUrl, ...ownUrls]) {
    const key = addressKey(raw, pageUrl);
    if (key) keys.add(key);
  }
  if (keys.size === 0) return text;
  const isOwnAddress = (block: string) => {
    const line = block.trim();
    if (line.includes('\n') || line.length > 2_000) return false;
    const address = line.replace(LABEL, '');
    if (/\s/.test(address)) return false;
    const key = addressKey(/^[a-z][a-z0-9+.-]*:\/\//i.test(address) ? address : `https://${address}`);
    return key !== undefined && keys.has(key);
  };
  return text
    .split('\n\n')
    .filter((block) => !isOwnAddress(block))
    .join('\n\n');
}
