/**
 * Every special-purpose address range a page fetch must never reach, as an attacker would aim at it: each
 * IPv4 block of RFC 6890 at both ends and just outside, and every IPv6 form that carries an IPv4 address
 * (mapped, translated, NAT64, 6to4, Teredo), written every way IPv6 can be written. Without a server.
 */
import fc from 'fast-check';
import { isPrivateAddress } from '../../src/web/address';

/** The IPv4 special-purpose registry (RFC 6890 and its updates): no public web server lives in these. */
const RESERVED_V4: readonly [cidr: string, what: string][] = [
  ['0.0.0.0/8', '"this network"'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'carrier-grade NAT'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'IETF protocol assignments'],
  ['192.0.2.0/24', 'documentation TEST-NET-1'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation TEST-NET-2'],
  ['203.0.113.0/24', 'documentation TEST-NET-3'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved and broadcast'],
];

const toNumber = (dotted: string) => dotted.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
const toDotted = (n: number) => [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
const blocks = RESERVED_V4.map(([cidr, what]) => {
  const [base, bits] = cidr.split('/');
  const first = toNumber(base!);
  return { cidr, what, first, last: first + 2 ** (32 - Number(bits)) - 1 };
});
const reserved = (n: number) => blocks.some((b) => n >= b.first && n <= b.last);

const hex = (n: number) => n.toString(16);
/** The IPv4 address `n` as IPv6 groups 6-7, or as one 32-bit number split into two 16-bit groups. */
const high = (n: number) => Math.floor(n / 65536);
const low = (n: number) => n % 65536;

describe('IPv4: every reserved block, at both ends and just outside', () => {
  it.each(blocks.map((b) => [b.cidr, b.what, b] as const))('%s (%s): first and last address refused', (_cidr, _what, b) => {
    expect(isPrivateAddress(toDotted(b.first))).toBe(true);
    expect(isPrivateAddress(toDotted(b.last))).toBe(true);
    expect(isPrivateAddress(toDotted(Math.floor((b.first + b.last) / 2)))).toBe(true);
  });

  it.each(blocks.map((b) => [b.cidr, b] as const))('%s: the public neighbours on either side are allowed', (_cidr, b) => {
    for (const neighbour of [b.first - 1, b.last + 1]) {
      if (neighbour < 0 || neighbour > 0xffffffff || reserved(neighbour)) continue;
      expect(isPrivateAddress(toDotted(neighbour))).toBe(false);
    }
  });

  it('refuses exactly the reserved blocks, anywhere in the address space', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => isPrivateAddress(toDotted(n)) === reserved(n)),
      { numRuns: 1000 },
    );
  });

  it.each(['8.8.8.255', '1.255.255.1', '126.255.255.255', '223.255.255.254'])('allows a public address with a large octet (%s)', (ip) => {
    expect(isPrivateAddress(ip)).toBe(false);
  });

  it.each(['8.8.8.8x', '8.8.8', '8.8.8.8.8', '8.8.8.', '.8.8.8', '8.8.8.256', '8.8.8.1234', '8.8.-8.8', '8.8.8.+8', '0x8.8.8.8', '8.8.8.8 8'])(
    'fails closed on %p, which is no IPv4 address',
    (text) => {
      expect(isPrivateAddress(text)).toBe(true);
    },
  );

  it('reads the address with the spaces DNS or a header may leave around it', () => {
    expect(isPrivateAddress(' 8.8.8.8\n')).toBe(false);
    expect(isPrivateAddress(' 127.0.0.1 ')).toBe(true);
  });
});

/** Every way to write IPv6 groups: expanded, zero-padded, upper case, the longest zero run compressed, bracketed, with a zone. */
function spellings(groups: readonly number[]): string[] {
  const plain = groups.map(hex).join(':');
  const padded = groups.map((g) => hex(g).padStart(4, '0')).join(':');
  // The longest run of zero groups (at least two) becomes "::".
  let best = { at: -1, length: 1 };
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { at: i, length: j - i };
  }
  const compressed =
    best.at < 0 ? plain : `${groups.slice(0, best.at).map(hex).join(':')}::${groups.slice(best.at + best.length).map(hex).join(':')}`;
  return [plain, padded, padded.toUpperCase(), compressed, compressed.toUpperCase(), `[${compressed}]`, `${compressed}%eth0`, `[${plain}%25en0]`];
}

/** IPv6 forms that carry an IPv4 address `n`, each as its eight groups. */
const embeddings = {
  'IPv4-mapped ::ffff:0:0/96': (n: number) => [0, 0, 0, 0, 0, 0xffff, high(n), low(n)],
  'IPv4-translated ::ffff:0:0:0/96': (n: number) => [0, 0, 0, 0, 0xffff, 0, high(n), low(n)],
  'NAT64 64:ff9b::/96': (n: number) => [0x64, 0xff9b, 0, 0, 0, 0, high(n), low(n)],
  '6to4 2002::/16': (n: number) => [0x2002, high(n), low(n), 0x1234, 0, 0, 0, 1],
  'Teredo server 2001::/32': (n: number) => [0x2001, 0, high(n), low(n), 0x8000, 0x63bf, 0xffff - high(0x08080808), 0xffff - low(0x08080808)],
  'Teredo client 2001::/32 (inverted)': (n: number) => [0x2001, 0, 0x0808, 0x0808, 0, 0xf227, 0xffff - high(n), 0xffff - low(n)],
};

describe('IPv6 forms that carry an IPv4 address get the verdict of that address', () => {
  it.each(Object.entries(embeddings))('%s', (_form, embed) => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: 0, max: 0xffffffff }),
          fc.constantFrom(...blocks.flatMap((b) => [b.first, b.last, b.first - 1, b.last + 1]).filter((n) => n >= 0 && n <= 0xffffffff)),
        ),
        (n) => spellings(embed(n)).every((text) => isPrivateAddress(text) === reserved(n)),
      ),
      { numRuns: 200 },
    );
  });

  it('reads a dotted IPv4 tail in the mapped, translated and NAT64 forms', () => {
    expect(isPrivateAddress('::ffff:0:10.0.0.1')).toBe(true);
    expect(isPrivateAddress('::ffff:0:8.8.8.8')).toBe(false);
    expect(isPrivateAddress('0:0:0:0:0:ffff:192.168.0.1')).toBe(true);
    expect(isPrivateAddress('64:ff9b::198.51.100.7')).toBe(true);
    expect(isPrivateAddress('64:ff9b::203.0.114.1')).toBe(false);
    expect(isPrivateAddress('::FFFF:127.0.0.1')).toBe(true);
  });

  it('fails closed on a dotted tail that is no IPv4 address', () => {
    for (const text of ['::ffff:8.8.8', '::ffff:8.8.8.256', '::ffff:8.8.8.8.8', '64:ff9b::8.8.8.x', '8.8.8.8:ffff::']) {
      expect([text, isPrivateAddress(text)]).toEqual([text, true]);
    }
  });
});

describe('IPv6: every reserved range', () => {
  it.each([
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['::8.8.8.8', 'IPv4-compatible (deprecated), even of a public address'],
    ['::808:808', 'IPv4-compatible, hex form'],
    ['64:ff9b:1::8.8.8.8', 'local-use NAT64 64:ff9b:1::/48, even of a public address'],
    ['64:ff9b:1:ffff::1', 'local-use NAT64, end of the /48'],
    ['100::', 'discard-only 100::/64'],
    ['100::ffff:ffff:ffff:ffff', 'discard-only, end of the /64'],
    ['2001:db8::', 'documentation'],
    ['2001:db8:ffff:ffff::1', 'documentation, end of the /32'],
    ['fc00::', 'unique local fc00::/7 start'],
    ['fdff:ffff::1', 'unique local fc00::/7 end'],
    ['fe80::', 'link-local fe80::/10 start'],
    ['febf:ffff::1', 'link-local fe80::/10 end'],
    ['fec0::1', 'site-local fec0::/10 start (deprecated)'],
    ['feff::1', 'site-local fec0::/10 end'],
    ['ff00::', 'multicast ff00::/8 start'],
    ['ff02::1', 'all nodes'],
    ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'multicast end'],
  ])('%s is refused (%s)', (ip) => {
    for (const text of [ip, `[${ip}]`, ip.toUpperCase()]) expect([text, isPrivateAddress(text)]).toEqual([text, true]);
  });

  it.each([
    ['2606:4700:4700::1111', 'Cloudflare DNS'],
    ['2a00:1450:4001:82b::200e', 'a Google web server'],
    ['2001:4860:4860::8888', 'Google DNS, in 2001::/16 but not Teredo'],
    ['2001:1::1', 'next to Teredo 2001:0::/32'],
    ['2001:db9::1', 'just past documentation'],
    ['2001:db7::1', 'just before documentation'],
    ['2003::1', 'just past 6to4'],
    ['2606::1', 'zeros where the discard-only prefix has them'],
    ['2606:4700::1', 'ends in :1 like loopback'],
    ['2606:4700::a00:1', 'its last 32 bits spell 10.0.0.1'],
    ['2606:ff9b::a00:1', 'the NAT64 second group, and 10.0.0.1 at the end'],
    ['2606:ff9b:1::1', 'the local-use NAT64 second and third groups'],
    ['2606:4700:4700::ffff:a00:1', 'the mapped marker and 10.0.0.1 in the last three groups'],
    ['2606:4700:4700:0:ffff:0:a00:1', 'the translated marker and 10.0.0.1 in the last four groups'],
    ['2606:db8::1', 'the documentation second group'],
    ['fbff:ffff::1', 'just before unique local'],
    ['2606:4700:4700:1:2:3:4::', 'seven groups and a trailing ::'],
    ['2606::4700:4700:1:2:3:4', 'a :: for one group'],
  ])('%s is allowed (%s)', (ip) => {
    for (const text of [ip, `[${ip}]`, ip.toUpperCase()]) expect([text, isPrivateAddress(text)]).toEqual([text, false]);
  });

  it('gives every spelling of any address the same verdict', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 8, maxLength: 8 }), (groups) => {
        const verdicts = new Set(spellings(groups).map((text) => isPrivateAddress(text)));
        return verdicts.size === 1;
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ':::',
    '1::2::3',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8:9',
    '2606:4700:4700:1:2:3:4:5::',
    '::2606:4700:4700:1:2:3:4:5',
    '2606:4700::11111',
    '2606:4700::111g',
    '2606:4700::-1',
    '2606::4700::1111',
    '[2606:4700::1111',
    '2606:4700::1111]',
    '%2606:4700::1111',
    'localhost',
    '',
  ])('fails closed on %p, which is no IPv6 address', (text) => {
    expect(isPrivateAddress(text)).toBe(true);
  });
});
