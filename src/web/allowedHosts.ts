/**
 * RESEARCH_ALLOWED_HOSTS: hosts a fetch may reach whatever address they resolve to (an intranet wiki, a
 * metadata endpoint you really mean), each named exactly: `host` (any port) or `host:port`, IPv6 in
 * brackets. Narrower than RESEARCH_ALLOW_PRIVATE_NETWORK, which opens every private address but never
 * link-local or cloud metadata ones. Pure.
 */

export interface AllowedHost {
  /** As URL.hostname writes it: lower case, IPv4 canonical, IPv6 in brackets, IDN as punycode. */
  hostname: string;
  /** Decimal port; absent: any port. */
  port?: string;
}

const ENTRY = /^(\[[^\]\s]+\]|[^\s:/\\[\]@?#]+)(?::(\d{1,5}))?$/;

/** One `host[:port]` entry, or undefined when it is none (a URL, a path, an unbracketed IPv6 address, port 0, spaces). */
export function parseAllowedHost(entry: string): AllowedHost | undefined {
  const match = ENTRY.exec(entry);
  if (!match) return undefined;
  const port = match[2] === undefined ? undefined : Number(match[2]);
  if (port !== undefined && (port < 1 || port > 65_535)) return undefined;
  let hostname: string;
  try {
    hostname = new URL(`http://${match[1]}/`).hostname;
  } catch {
    return undefined;
  }
  return port === undefined ? { hostname } : { hostname, port: String(port) };
}

/** The entries of a comma-separated list in their normal form (`host` or `host:port`), or the first that is none. */
export function parseAllowedHosts(list: string): { hosts: string[] } | { bad: string } {
  const hosts: string[] = [];
  for (const entry of list.split(',').map((e) => e.trim()).filter(Boolean)) {
    const host = parseAllowedHost(entry);
    if (!host) return { bad: entry };
    hosts.push(host.port === undefined ? host.hostname : `${host.hostname}:${host.port}`);
  }
  return { hosts };
}

/** True when `url`'s host, and its port when the entry names one, is among `entries`. */
export function isAllowedHost(url: URL, entries: readonly string[]): boolean {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return entries.some((entry) => {
    const allowed = parseAllowedHost(entry);
    return allowed !== undefined && allowed.hostname === url.hostname && (allowed.port === undefined || allowed.port === port);
  });
}
