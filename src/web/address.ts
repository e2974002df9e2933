/**
 * Which IP addresses a fetched URL may reach. Three classes:
 * - public: anything a web server may live at;
 * - private: loopback, private, CGNAT, multicast, reserved and documentation ranges, opened by
 *   RESEARCH_ALLOW_PRIVATE_NETWORK (an intranet, a local test server);
 * - metadata: link-local (169.254.0.0/16, fe80::/10) and the cloud metadata endpoints, where a machine's
 *   credentials are one GET away: never opened by that flag, only by naming the host in RESEARCH_ALLOWED_HOSTS.
 * The IPv6 forms that embed an IPv4 address (mapped, translated, IPv4-compatible, NAT64, 6to4, Teredo) are
 * judged by the address they embed.
 * Pure: no I/O, no Node built-ins.
 */

export type AddressClass = 'public' | 'private' | 'metadata';

type Ipv4Range = readonly [base: string, prefixBits: number];

/** Special-purpose IPv4 blocks (RFC 6890 and friends) that no public web server lives in (link-local: below). */
const PRIVATE_IPV4_RANGES: readonly Ipv4Range[] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
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

/**
 * Where cloud machines answer with their own credentials and configuration: link-local (AWS, GCP, Azure,
 * OpenStack, DigitalOcean and others at 169.254.169.254, ECS task metadata at 169.254.170.2, Tencent at
 * 169.254.0.23), Alibaba Cloud's 100.100.100.200, Oracle Cloud's legacy 192.0.0.192 and Azure's host agent
 * (WireServer) at 168.63.129.16, a public address no web page lives at.
 */
const METADATA_IPV4_RANGES: readonly Ipv4Range[] = [
  ['169.254.0.0', 16],
  ['100.100.100.200', 32],
  ['192.0.0.192', 32],
  ['168.63.129.16', 32],
];

function inIpv4Range(value: number, [base, bits]: Ipv4Range): boolean {
  const start = parseIpv4(base)!;
  const size = 2 ** (32 - bits);
  return value >= start && value < start + size;
}

function classifyIpv4(value: number): AddressClass {
  if (METADATA_IPV4_RANGES.some((range) => inIpv4Range(value, range))) return 'metadata';
  if (PRIVATE_IPV4_RANGES.some((range) => inIpv4Range(value, range))) return 'private';
  return 'public';
}

const SEVERITY: Record<AddressClass, number> = { public: 0, private: 1, metadata: 2 };

/** The stricter of two classes. */
function stricter(a: AddressClass, b: AddressClass): AddressClass {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
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

/** AWS's instance metadata service over IPv6. */
const AWS_METADATA_IPV6 = [0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x0254];

function classifyIpv6(g: number[]): AddressClass {
  const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);

  if (zeroUpTo(5) && g[5] === 0xffff) return classifyIpv4(embeddedIpv4(g, 6)); // ::ffff:a.b.c.d mapped
  if (zeroUpTo(4) && g[4] === 0xffff && g[5] === 0) return classifyIpv4(embeddedIpv4(g, 6)); // ::ffff:0:a.b.c.d translated
  // ::a.b.c.d, deprecated IPv4-compatible, never a real server; also :: (unspecified) and ::1 (loopback)
  if (zeroUpTo(6)) return stricter('private', classifyIpv4(embeddedIpv4(g, 6)));
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) {
    return classifyIpv4(embeddedIpv4(g, 6)); // 64:ff9b::/96 NAT64
  }
  // 64:ff9b:1::/48 local-use NAT64: where its IPv4 sits depends on the prefix length, so the worst is assumed
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return 'metadata';
  if (g[0] === 0x2002) return classifyIpv4(embeddedIpv4(g, 1)); // 6to4 carries an IPv4 address
  if (g[0] === 0x2001 && g[1] === 0) {
    // 2001::/32 Teredo: the server's IPv4 in groups 2-3, the client's in 6-7 with every bit inverted (RFC 4380)
    return stricter(classifyIpv4(embeddedIpv4(g, 2)), classifyIpv4((~embeddedIpv4(g, 6)) >>> 0));
  }
  if (g[0] === 0x0100 && g[1] === 0 && g[2] === 0 && g[3] === 0) return 'private'; // 100::/64 discard
  if (g[0] === 0x2001 && g[1] === 0x0db8) return 'private'; // documentation
  if (g.every((x, i) => x === AWS_METADATA_IPV6[i])) return 'metadata'; // fd00:ec2::254

  const first = g[0]!;
  if ((first & 0xffc0) === 0xfe80) return 'metadata'; // fe80::/10 link-local
  if ((first & 0xfe00) === 0xfc00) return 'private'; // fc00::/7 unique local
  if ((first & 0xffc0) === 0xfec0) return 'private'; // fec0::/10 deprecated site-local
  if ((first & 0xff00) === 0xff00) return 'private'; // ff00::/8 multicast
  return 'public';
}

/**
 * What `ip` is: public, private (opened by RESEARCH_ALLOW_PRIVATE_NETWORK) or metadata (link-local and cloud
 * metadata: opened only by naming the host). Anything that is not a valid IP literal is metadata: callers
 * fail closed.
 */
export function addressClass(ip: string): AddressClass {
  const text = ip.trim();
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return classifyIpv4(v4);
  const v6 = parseIpv6(text);
  if (v6 !== undefined) return classifyIpv6(v6);
  return 'metadata';
}

/** True when `ip` is no public address (private or metadata); anything that is not a valid IP literal counts. */
export function isPrivateAddress(ip: string): boolean {
  return addressClass(ip) !== 'public';
}

/** Who asks to connect: whether private networks are open to it, and whether it named this very host. */
export interface ConnectionAccess {
  allowPrivateNetwork: boolean;
  /** The host is named in RESEARCH_ALLOWED_HOSTS (or is one of the offline world's). */
  namedHost: boolean;
}

/** Whether a connection may reach `ip`: public always; private with the private-network flag; metadata only for a named host. */
export function mayConnect(ip: string, access: ConnectionAccess): boolean {
  if (access.namedHost) return true;
  const found = addressClass(ip);
  return found === 'public' || (found === 'private' && access.allowPrivateNetwork);
}
