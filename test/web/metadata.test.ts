/**
 * Cloud metadata is never fetched unless named exactly: RESEARCH_ALLOW_PRIVATE_NETWORK opens loopback and the
 * private ranges but never link-local or the metadata addresses, in any of their IPv6 disguises; only a host
 * named in RESEARCH_ALLOWED_HOSTS (safeFetch's allowedPrivateHosts) reaches them. Checked when the socket
 * connects and on every redirect. Names resolve through an injected resolver: nothing connects to a
 * metadata address here.
 */
import fc from 'fast-check';
import { type AddressClass, addressClass, mayConnect } from '../../src/web/address';
import { isAllowedHost, parseAllowedHost, parseAllowedHosts } from '../../src/web/allowedHosts';
import { REFUSED_METADATA_REASON, readPage } from '../../src/web/readPage';
import { type SafeFetchOptions, WebFetchError, fetchUrl } from '../../src/web/safeFetch';
import { type TestServer, redirect, startTestServer } from './testServer';

describe('addressClass', () => {
  it.each([
    ['169.254.169.254', 'AWS, GCP, Azure, OpenStack metadata'],
    ['169.254.170.2', 'ECS task metadata'],
    ['169.254.0.23', 'Tencent metadata (link-local)'],
    ['169.254.0.1', 'link-local'],
    ['169.254.255.255', 'link-local end'],
    ['100.100.100.200', 'Alibaba Cloud metadata'],
    ['192.0.0.192', 'Oracle Cloud legacy metadata'],
    ['168.63.129.16', 'Azure WireServer'],
    ['fd00:ec2::254', 'AWS metadata over IPv6'],
    ['fd00:0ec2:0:0:0:0:0:254', 'the same, uncompressed'],
    ['fe80::1', 'IPv6 link-local'],
    ['fe80::a9fe:a9fe%eth0', 'IPv6 link-local with a zone'],
    ['febf:ffff::1', 'IPv6 link-local /10 end'],
    ['::ffff:169.254.169.254', 'IPv4-mapped'],
    ['::ffff:a9fe:a9fe', 'IPv4-mapped, hex'],
    ['::ffff:0:169.254.169.254', 'IPv4-translated'],
    ['::169.254.169.254', 'IPv4-compatible'],
    ['64:ff9b::169.254.169.254', 'NAT64'],
    ['64:ff9b::6464:64c8', 'NAT64 of 100.100.100.200'],
    ['64:ff9b:1::a9fe:a9fe', 'local-use NAT64'],
    ['2002:a9fe:a9fe::1', '6to4'],
    ['2001:0:a9fe:a9fe::1', 'Teredo, server 169.254.169.254'],
    ['2001:0:4136:e378:8000:63bf:5601:5601', 'Teredo, client 169.254.169.254 (inverted)'],
    ['not an address', 'not an IP literal: fail closed'],
  ])('%s is metadata (%s)', (ip) => {
    expect(addressClass(ip)).toBe('metadata');
  });

  it.each(['127.0.0.1', '10.0.0.1', '172.16.0.1', '192.168.1.1', '100.64.0.1', '100.100.100.199', '100.100.100.201', '192.0.0.191', '192.0.0.193', '::1', '::', 'fd00:ec2::253', 'fd00::254', 'fc00::1', '::ffff:10.0.0.1', '64:ff9b::7f00:1', '224.0.0.1', 'ff02::1', '100::1', '2001:db8::1', 'fec0::1'])(
    '%s is private: the private-network flag opens it',
    (ip) => {
      expect(addressClass(ip)).toBe('private');
    },
  );

  it.each(['8.8.8.8', '168.63.129.15', '168.63.129.17', '169.253.255.255', '169.255.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '2002:808:808::1', '100:0:0:1::1', '100:1::1', '100:0:1::1', '2001:db9::1', '2003:db8::1', ' 8.8.8.8 ',
    // Near the NAT64 and translated forms, but none of them: judged as themselves.
    '65:ff9b::a9fe:a9fe', '64:ff9a::a9fe:a9fe', '64:ff9b:0:0:1::a9fe:a9fe', '64:ff9b:2::1', '65:ff9b:1::1', '64:ff9c:1::1', '::ffff:1:a9fe:a9fe'])('%p is public', (ip) => {
    expect(addressClass(ip)).toBe('public');
  });

  const octet = fc.integer({ min: 0, max: 255 });
  const ipv4 = fc.oneof(
    fc.tuple(octet, octet, octet, octet).map((o) => o.join('.')),
    fc.constantFrom('169.254.169.254', '169.254.170.2', '100.100.100.200', '192.0.0.192', '168.63.129.16', '127.0.0.1', '10.1.2.3', '100.100.100.201'),
    fc.tuple(octet, octet).map(([c, d]) => `169.254.${c}.${d}`),
  );
  const hex = (v4: string) => {
    const [a, b, c, d] = v4.split('.').map(Number) as [number, number, number, number];
    return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
  };
  const SEVERITY: Record<AddressClass, number> = { public: 0, private: 1, metadata: 2 };

  it('judges every IPv6 form that embeds an IPv4 address as that address (IPv4-compatible: at least private)', () => {
    fc.assert(
      fc.property(ipv4, (v4) => {
        const expected = addressClass(v4);
        const [high, low] = hex(v4);
        // Teredo: the client part ~8.8.8.8 (f7f7:f7f7), public, so the server part decides.
        for (const form of [`::ffff:${v4}`, `::ffff:${high}:${low}`, `::ffff:0:${v4}`, `64:ff9b::${v4}`, `64:ff9b::${high}:${low}`, `2002:${high}:${low}::1`, `2001:0:${high}:${low}::f7f7:f7f7`]) {
          expect([form, addressClass(form)]).toEqual([form, expected]);
        }
        expect(SEVERITY[addressClass(`::${v4}`)]).toBe(Math.max(SEVERITY[expected], SEVERITY.private));
      }),
      { numRuns: 500 },
    );
  });
});

describe('mayConnect', () => {
  it.each([
    // address, private-network flag, host named: may connect
    ['8.8.8.8', false, false, true],
    ['10.0.0.1', false, false, false],
    ['10.0.0.1', true, false, true],
    ['169.254.169.254', false, false, false],
    ['169.254.169.254', true, false, false],
    ['169.254.169.254', false, true, true],
    ['169.254.169.254', true, true, true],
    ['fd00:ec2::254', true, false, false],
    ['10.0.0.1', false, true, true],
    ['8.8.8.8', true, true, true],
  ] as const)('%s with the flag %s, named %s: %s', (ip, allowPrivateNetwork, namedHost, expected) => {
    expect(mayConnect(ip, { allowPrivateNetwork, namedHost })).toBe(expected);
  });
});

describe('RESEARCH_ALLOWED_HOSTS entries', () => {
  it.each([
    ['intranet.example', { hostname: 'intranet.example' }],
    ['Intranet.Example:8080', { hostname: 'intranet.example', port: '8080' }],
    ['169.254.169.254', { hostname: '169.254.169.254' }],
    ['169.254.169.254:80', { hostname: '169.254.169.254', port: '80' }],
    ['127.1:8080', { hostname: '127.0.0.1', port: '8080' }],
    ['[::1]:8080', { hostname: '[::1]', port: '8080' }],
    ['[FD00:EC2:0::254]', { hostname: '[fd00:ec2::254]' }],
    ['wiki.corp:1', { hostname: 'wiki.corp', port: '1' }],
    ['wiki.corp:65535', { hostname: 'wiki.corp', port: '65535' }], ['wiki.corp:080', { hostname: 'wiki.corp', port: '80' }],
  ])('%p is %p', (entry, expected) => {
    expect(parseAllowedHost(entry)).toEqual(expected);
  });

  it.each(['http://intranet.example', 'intranet.example/path', '::1', 'fd00::1:80', 'host:0', 'host:65536', 'host:port', 'user@host', 'a b', '', '[::1', 'host:80:81', 'bad%host', ' wiki.corp'])('%p is no entry', (entry) => {
    expect(parseAllowedHost(entry)).toBeUndefined();
  });

  it('a list is read in its normal form, or its first bad entry is named', () => {
    expect(parseAllowedHosts('Wiki.Corp:8080, 10.0.0.5 ,[::1],')).toEqual({ hosts: ['wiki.corp:8080', '10.0.0.5', '[::1]'] });
    expect(parseAllowedHosts('wiki.corp,http://x.example/,y')).toEqual({ bad: 'http://x.example/' });
  });

  it('a URL matches an entry by host, and by port when the entry names one (80 and 443 when the URL does not)', () => {
    const entries = ['wiki.corp', 'docs.corp:8080', '169.254.169.254:80', '[::1]:443'];
    expect(isAllowedHost(new URL('http://WIKI.corp:1234/x'), entries)).toBe(true);
    expect(isAllowedHost(new URL('http://docs.corp:8080/'), entries)).toBe(true);
    expect(isAllowedHost(new URL('http://docs.corp/'), entries)).toBe(false);
    expect(isAllowedHost(new URL('http://169.254.169.254/latest/'), entries)).toBe(true);
    expect(isAllowedHost(new URL('https://169.254.169.254/latest/'), entries)).toBe(false);
    expect(isAllowedHost(new URL('https://[::1]/'), entries)).toBe(true);
    expect(isAllowedHost(new URL('http://[::1]/'), entries)).toBe(false);
    expect(isAllowedHost(new URL('http://wiki.corp.evil.example/'), entries)).toBe(false);
    expect(isAllowedHost(new URL('http://169.254.170.2/'), entries)).toBe(false);
    expect(isAllowedHost(new URL('http://wiki.corp/'), ['not an entry', 'wiki.corp'])).toBe(true);
    expect(isAllowedHost(new URL('http://wiki.corp/'), ['not an entry'])).toBe(false);
  });
});

describe('safeFetch with RESEARCH_ALLOW_PRIVATE_NETWORK on', () => {
  let server: TestServer;
  const resolved: string[] = [];
  /** Names this test knows; everything else does not exist. */
  const NAMES: Record<string, { address: string; family: number }[]> = {
    'metadata.test': [{ address: '169.254.169.254', family: 4 }],
    'ecs.test': [{ address: '169.254.170.2', family: 4 }],
    'alibaba.test': [{ address: '100.100.100.200', family: 4 }],
    'aws6.test': [{ address: 'fd00:ec2::254', family: 6 }],
    'mapped.test': [{ address: '::ffff:169.254.169.254', family: 6 }],
    'linklocal6.test': [{ address: 'fe80::1', family: 6 }],
    'intranet.test': [{ address: '127.0.0.1', family: 4 }],
    'empty.test': [],
    // Both: the socket would take the first, but every address is judged.
    'rebind.test': [
      { address: '127.0.0.1', family: 4 },
      { address: '169.254.169.254', family: 4 },
    ],
  };
  const resolveHost: SafeFetchOptions['resolveHost'] = async (hostname) => {
    resolved.push(hostname);
    const found = NAMES[hostname];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return found;
  };

  beforeAll(async () => {
    server = await startTestServer({
      '/page': (_q, response) => response.writeHead(200, { 'content-type': 'text/plain' }).end('intranet page'),
      '/to-metadata-name': redirect('http://metadata.test/latest/meta-data/iam/'),
      '/to-metadata-literal': redirect('http://169.254.169.254/latest/meta-data/iam/', 307),
      '/to-decimal': redirect('http://2852039166/latest/'),
      '/to-intranet': redirect(() => `http://intranet.test:${server.port}/page`),
    });
  });
  afterAll(() => server.close());

  const options = (extra: Partial<SafeFetchOptions> = {}): SafeFetchOptions => ({
    timeoutMs: 3000,
    maxBytes: 100_000,
    maxRedirects: 5,
    allowPrivateNetwork: true,
    allowedPrivateHosts: [],
    userAgent: 'deep-research-test/1.0',
    resolveHost,
    ...extra,
  });

  async function refusal(url: string, extra: Partial<SafeFetchOptions> = {}): Promise<WebFetchError> {
    const error = await fetchUrl(url, options(extra)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WebFetchError);
    return error as WebFetchError;
  }

  it('opens loopback and private names: the resolver is the one used', async () => {
    const response = await fetchUrl(`http://intranet.test:${server.port}/page`, options());
    expect(response.body.toString()).toBe('intranet page');
    expect(resolved).toContain('intranet.test');
  });

  it.each(['metadata.test', 'ecs.test', 'alibaba.test', 'aws6.test', 'mapped.test', 'linklocal6.test', 'rebind.test'])(
    'refuses a name that resolves to a metadata or link-local address (%s), before connecting',
    async (name) => {
      const error = await refusal(`http://${name}/latest/meta-data/iam/`);
      expect(error.kind).toBe('refused-metadata');
      expect(error.retryable).toBe(false);
      expect(error.message).toMatch(/a link-local or cloud metadata address$/);
    },
  );

  it.each(['http://169.254.169.254/latest/meta-data/', 'http://2852039166/', 'http://0xa9.0xfe.0xa9.0xfe/', 'http://[fd00:ec2::254]/', 'http://[::ffff:169.254.169.254]/', 'http://[fe80::1]/', 'http://100.100.100.200/'])(
    'refuses the literal address %s',
    async (url) => {
      expect((await refusal(url)).kind).toBe('refused-metadata');
    },
  );

  it('checks every redirect: a hop to a metadata name, literal or decimal form is refused; one to an intranet name is followed', async () => {
    for (const path of ['/to-metadata-name', '/to-metadata-literal', '/to-decimal']) {
      expect((await refusal(`http://intranet.test:${server.port}${path}`)).kind).toBe('refused-metadata');
    }
    const response = await fetchUrl(`http://intranet.test:${server.port}/to-intranet`, options());
    expect(response).toMatchObject({ status: 200, redirects: 1, finalUrl: `http://intranet.test:${server.port}/page` });
  });

  it('a host named exactly is reached whatever it resolves to; another port of it, or another name, is not', async () => {
    const url = `http://rebind.test:${server.port}/page`;
    expect((await refusal(url)).kind).toBe('refused-metadata');
    const named = await fetchUrl(url, options({ allowedPrivateHosts: [`rebind.test:${server.port}`] }));
    expect(named.body.toString()).toBe('intranet page');
    expect((await fetchUrl(url, options({ allowedPrivateHosts: ['rebind.test'] }))).status).toBe(200);
    expect((await refusal(url, { allowedPrivateHosts: ['rebind.test:1'] })).kind).toBe('refused-metadata');
    expect((await refusal(url, { allowedPrivateHosts: ['metadata.test'] })).kind).toBe('refused-metadata');
  });

  it('a name that does not resolve, or to nothing, fails as a DNS error no retry can fix', async () => {
    const unknown = await refusal('http://nowhere.test/');
    expect(unknown).toMatchObject({ kind: 'dns', retryable: false });
    expect(unknown.message).toMatch(/ENOTFOUND nowhere\.test/);
    expect(await refusal('http://empty.test/')).toMatchObject({ kind: 'dns', retryable: false, message: 'no address for empty.test' });
  });

  it('without the flag, private names are refused as private and metadata ones as metadata', async () => {
    expect((await refusal(`http://intranet.test:${server.port}/page`, { allowPrivateNetwork: false })).kind).toBe('refused-address');
    expect((await refusal('http://metadata.test/', { allowPrivateNetwork: false })).kind).toBe('refused-metadata');
  });

  it('a page whose link leads to metadata is skipped with a reason that says what the flag does not open', async () => {
    const page = await readPage('http://metadata.test/latest/meta-data/iam/', options());
    expect(page).toEqual({ ok: false, status: 'failed', reason: REFUSED_METADATA_REASON });
    expect(REFUSED_METADATA_REASON).toMatch(/RESEARCH_ALLOW_PRIVATE_NETWORK does not open .*RESEARCH_ALLOWED_HOSTS/);
  });
});
