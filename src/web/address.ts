/**
 * Which IP addresses a fetched URL may never reach: loopback, private, link-local (cloud metadata),
 * CGNAT, multicast, reserved and the IPv6 forms that embed such an IPv4 address (mapped,
 * translated, NAT64, 6to4, Teredo).
 * Pure: no I/O, no Node built-ins.
 */

type Ipv4Range = readonly [base: string, prefixBits: number];

/** Special-purpose IPv4 blocks (RFC 6890 and friends) that no public web server lives in. */
const BLOCKED_IPV4_RANGES: readonly Ipv4Range[] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, incl. cloud metadata 169.254.169.254
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, incl. broadcast 255.255.255.255
];

/** Parses a canonical dotted quad into a 32-bit number, or undefined. */
function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

function inIpv4Range(value: number, [base, bits]: Ipv4Range): boolean {
  const start = parseIpv4(base)!;
  const size = 2 ** (32 - bits);
  return value >= start && value < start + size;
}

function isBlockedIpv4(value: number): boolean {
  return BLOCKED_IPV4_RANGES.some((range) => inIpv4Range(value, range));
}

/** Parses an IPv6 address (optionally bracketed, with a zone id or a dotted IPv4 tail) into 8 groups. */
function parseIpv6(text: string): number[] | undefined {
  let address = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const zone = address.indexOf('%');
  if (zone >= 0) address = address.slice(0, zone);
  if (!address.includes(':')) return undefined;

  const lastColon = address.lastIndexOf(':');
  const dottedTail = address.slice(lastColon + 1);
  if (dottedTail.includes('.')) {
    const v4 = parseIpv4(dottedTail);
    if (v4 === undefined) return undefined;
    const high = Math.floor(v4 / 65536).toString(16);
    const low = (v4 % 65536).toString(16);
    address = `${address.slice(0, lastColon + 1)}${high}:${low}`;
  }

  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const parseGroups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups: number[] = [];
    for (const group of part.split(':')) {
      if (!/^[0-9a-f]{1,4}$/i.test(group)) return undefined;
      groups.push(parseInt(group, 16));
    }
    return groups;
  };
  const head = parseGroups(halves[0]!);
  const rest = halves.length === 2 ? parseGroups(halves[1]!) : [];
  if (!head || !rest) return undefined;

  const explicit = head.length + rest.length;
  if (halves.length === 1) return explicit === 8 ? head : undefined;
  if (explicit > 7) return undefined;
  return [...head, ...new Array<number>(8 - explicit).fill(0), ...rest];
}

function embeddedIpv4(groups: number[], from: number): number {
  return groups[from]! * 65536 + groups[from + 1]!;
}

function isBlockedIpv6(g: number[]): boolean {
  const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);

  if (zeroUpTo(8)) return true; // :: unspecified
  if (zeroUpTo(7) && g[7] === 1) return true; // ::1 loopback
  if (zeroUpTo(5) && g[5] === 0xffff) return isBlockedIpv4(embeddedIpv4(g, 6)); // ::ffff:a.b.c.d mapped
  if (zeroUpTo(4) && g[4] === 0xffff && g[5] === 0) return isBlockedIpv4(embeddedIpv4(g, 6)); // ::ffff:0:a.b.c.d translated
  if (zeroUpTo(6)) return true; // ::a.b.c.d, deprecated IPv4-compatible: never a real server
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) {
    return isBlockedIpv4(embeddedIpv4(g, 6)); // 64:ff9b::/96 NAT64
  }
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return true; // 64:ff9b:1::/48 local-use NAT64
  if (g[0] === 0x2002) return isBlockedIpv4(embeddedIpv4(g, 1)); // 6to4 carries an IPv4 address
  if (g[0] === 0x2001 && g[1] === 0) {
    // 2001::/32 Teredo: the server's IPv4 in groups 2-3, the client's in 6-7 with every bit inverted (RFC 4380)
    return isBlockedIpv4(embeddedIpv4(g, 2)) || isBlockedIpv4((~embeddedIpv4(g, 6)) >>> 0);
  }
  if (g[0] === 0x0100 && g[1] === 0 && g[2] === 0 && g[3] === 0) return true; // 100::/64 discard
  if (g[0] === 0x2001 && g[1] === 0x0db8) return true; // documentation

  const first = g[0]!;
  if ((first & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
  if ((first & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
  if ((first & 0xffc0) === 0xfec0) return true; // fec0::/10 deprecated site-local
  if ((first & 0xff00) === 0xff00) return true; // ff00::/8 multicast
  return false;
}

/**
 * True when `ip` is an address a fetch must not reach unless private networks are allowed.
 * Anything that is not a valid IP literal counts as private: callers fail closed.
 */
export function isPrivateAddress(ip: string): boolean {
  const text = ip.trim();
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return isBlockedIpv4(v4);
  const v6 = parseIpv6(text);
  if (v6 !== undefined) return isBlockedIpv6(v6);
  return true;
}
