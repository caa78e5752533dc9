import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { NON_PUBLIC_RANGES, allowlistEntryError, canonicalIp, checkIp, compileAllowlist, esAddressError, excludedCidrs, parseEsAddress, parseIp } from './ip';

describe('checkIp', () => {
  it.each([
    ['10.1.2.3', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['169.254.10.10', 'link-local'],
    ['224.0.0.251', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['192.0.2.10', 'documentation'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.99', 'documentation'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'reserved'],
    ['198.18.5.5', 'benchmarking'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fd12:3456::1', 'unique local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::dead:beef', 'documentation'],
    ['3fff::1', 'documentation'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:203.0.113.5', 'documentation'],
  ])('rejects non-public %s (%s)', (ip, name) => {
    const v = checkIp(ip);
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.reason).toBe('non_public');
      expect(v.detail).toContain(name);
    }
  });

  it.each([
    ['8.8.8.8', '8.8.8.8', 4],
    ['45.155.205.233', '45.155.205.233', 4],
    ['2606:4700:4700::1111', '2606:4700:4700::1111', 6],
    ['2A01:4F8:0:0::0001', '2a01:4f8::1', 6],
    ['::ffff:45.155.205.233', '45.155.205.233', 4],
    [['185.220.101.4'], '185.220.101.4', 4],
  ])('accepts public %p as %s', (value, ip, version) => {
    expect(checkIp(value)).toEqual({ ok: true, ip, version });
  });

  it('handles null, empty, multi-valued and invalid cells', () => {
    expect(checkIp(null)).toMatchObject({ ok: false, reason: 'missing' });
    expect(checkIp(undefined)).toMatchObject({ ok: false, reason: 'missing' });
    expect(checkIp('')).toMatchObject({ ok: false, reason: 'missing' });
    expect(checkIp(['8.8.8.8', '1.1.1.1'])).toMatchObject({ ok: false, reason: 'multi_valued' });
    expect(checkIp('not-an-ip')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(checkIp('127.1')).toMatchObject({ ok: false, reason: 'invalid' }); // legacy short form is not an address here
    expect(checkIp('0x7f.0.0.1')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(checkIp('1.2.3.4/24')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(checkIp(42)).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('applies the allowlist to IPv4, IPv6 and IPv4-mapped addresses', () => {
    const allow = compileAllowlist(['45.155.205.0/24', '2a01:4f8::/32', '185.220.101.4', '::ffff:91.0.0.0/104']);
    expect(checkIp('45.155.205.233', allow)).toMatchObject({ ok: false, reason: 'allowlisted' });
    expect(checkIp('::ffff:45.155.205.1', allow)).toMatchObject({ ok: false, reason: 'allowlisted' });
    expect(checkIp('2a01:4f8:1::5', allow)).toMatchObject({ ok: false, reason: 'allowlisted' });
    expect(checkIp('185.220.101.4', allow)).toMatchObject({ ok: false, reason: 'allowlisted' });
    expect(checkIp('91.1.2.3', allow)).toMatchObject({ ok: false, reason: 'allowlisted' });
    expect(checkIp('185.220.101.5', allow)).toMatchObject({ ok: true });
    expect(checkIp('45.155.206.1', allow)).toMatchObject({ ok: true });
  });

  it('never accepts an address inside a listed range (property)', () => {
    const v4 = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }));
    fc.assert(
      fc.property(v4, ([a, b, c, d]) => {
        const ip = `${a}.${b}.${c}.${d}`;
        const v = checkIp(ip);
        const inPrivate = a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || a === 127 || a >= 224 || a === 0;
        if (inPrivate) expect(v.ok).toBe(false);
        if (v.ok) expect(v.ip).toBe(ip);
      })
    );
  });

  it('canonicalizes addresses and exposes every range for the query filter', () => {
    expect(canonicalIp(' 2001:DB8:0::1 ')).toBe('2001:db8::1');
    expect(parseIp('garbage')).toBeNull();
    const cidrs = excludedCidrs(['45.155.205.0/24']);
    expect(cidrs).toHaveLength(NON_PUBLIC_RANGES.length + 1);
    expect(cidrs).toContain('10.0.0.0/8');
    expect(cidrs).toContain('fc00::/7');
    expect(cidrs[cidrs.length - 1]).toBe('45.155.205.0/24');
  });
});

describe('allowlistEntryError (what Elasticsearch parses in a terms query on an ip field)', () => {
  it.each([
    ['10.0.0.0/8'],
    ['203.0.113.7'],
    ['0.0.0.0/0'],
    ['2001:db8::/32'],
    ['::/0'],
    ['::'],
    ['1:2:3:4:5:6:7:8'],
    ['1:2:3:4:5:6:7::'],
    ['::1.2.3.4'],
    ['::ffff:1.2.3.4'],
    ['FE80::/10'],
  ])('accepts %s', (entry) => expect(allowlistEntryError(entry)).toBeNull());

  it.each([
    ['10.1/8', /four decimal parts, got 2/],
    ['127.1', /four decimal parts/],
    ['0x7f.1', /four decimal parts/],
    ['0x7f.0.0.1', /not a decimal number/],
    ['010.0.0.0/8', /"010" has a leading zero/],
    ['1.2.3.04', /leading zero/],
    ['256.1.1.1', /above 255/],
    ['fe80::1%eth0', /zone ids/],
    ['fe80::%eth0/64', /zone ids/],
    ['::ffff:010.1.1.1', /embedded IPv4 part/],
    ['00001::1', /more than four hex digits/],
    ['1::2::3', /at most once/],
    [':1::', /single ":"/],
    ['1:2:3:4:5:6:7', /eight groups/],
    ['1:2:3:4:5:6:7:8:9', /eight groups/],
    ['1.2.3.4/33', /above 32/],
    ['ffff::/129', /above 128/],
    ['1.2.3.4/08', /prefix length "08"/],
    ['1.2.3.4/+8', /prefix length/],
    ['1.2.3.4/', /prefix length ""/],
    ['1.2.3.4/8/', /prefix length "8\/"/],
    ['::ffff:91.0.0.0/104', /IPv4-mapped address cannot take a prefix; write the IPv4 range, e.g. 91.0.0.0\/8/],
    ['10.1.2.3/8', /host bits are set: the range is 10.0.0.0\/8, a single address is 10.1.2.3 without \/8/],
    ['2001:db8::1/32', /host bits are set: the range is 2001:db8::\/32/],
    [' 10.0.0.0/8', /spaces/],
    ['10.0.0.0/8; DROP', /prefix length/],
    ['nope', /not an IPv4 or IPv6 address/],
    ['１.2.3.4', /only ASCII/],
  ])('rejects %s', (entry, reason) => expect(allowlistEntryError(entry)).toMatch(reason));

  it('parses strictly valid addresses the way Elasticsearch stores them', () => {
    expect(parseEsAddress('::ffff:1.2.3.4')?.toString()).toBe('1.2.3.4');
    expect(parseEsAddress('2001:DB8::1')?.toString()).toBe('2001:db8::1');
    expect(parseEsAddress('010.0.0.1')).toBeNull();
    expect(esAddressError('8.8.8.8')).toBeNull();
  });

  it('agrees with the well-formed dotted quads of the property space', () => {
    const part = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(part, part, part, part, fc.integer({ min: 0, max: 32 }), (a, b, c, d, bits) => {
        const ip = `${a}.${b}.${c}.${d}`;
        expect(allowlistEntryError(ip)).toBeNull();
        const masked = ipaddr.IPv4.networkAddressFromCIDR(`${ip}/${bits}`).toString();
        expect(allowlistEntryError(`${ip}/${bits}`) === null).toBe(masked === ip);
      })
    );
  });
});

describe('parseIp dotted-quad fast path', () => {
  // The pre-fast-path definition: ipaddr's own validity checks, then ipaddr.process.
  const reference = (value: string): string | null => {
    const s = value.trim();
    if (!ipaddr.IPv6.isValid(s) && !ipaddr.IPv4.isValidFourPartDecimal(s)) return null;
    try {
      return ipaddr.process(s).toString();
    } catch {
      return null;
    }
  };
  const octet = fc.oneof(fc.integer({ min: 0, max: 255 }).map(String), fc.integer({ min: 256, max: 1200 }).map(String), fc.constantFrom('00', '01', '007', '0x1', '', '-1', '1e2', '٣'));
  const text = fc.oneof(
    fc.tuple(octet, octet, octet, octet).map((o) => o.join('.')),
    fc.tuple(octet, octet, octet).map((o) => o.join('.')),
    fc.tuple(fc.constantFrom('', ' ', '\t'), fc.ipV4(), fc.constantFrom('', ' ', '\n')).map(([a, ip, b]) => a + ip + b),
    fc.ipV6(),
    fc.ipV4().map((ip) => `::ffff:${ip}`),
    fc.string()
  );

  it('gives the same address as ipaddr for any text', () => {
    fc.assert(
      fc.property(text, (s) => {
        const got = parseIp(s);
        expect(got ? got.toString() : null).toBe(reference(s));
        if (got) expect(got.kind()).toBe(ipaddr.process(s.trim()).kind());
      }),
      { numRuns: 5000 }
    );
  });

  it('keeps the checkIp verdicts of edge cases', () => {
    expect(parseIp('255.255.255.255')?.toString()).toBe('255.255.255.255');
    expect(parseIp('256.1.1.1')).toBeNull();
    expect(parseIp('01.2.3.4')).toBeNull();
    expect(checkIp(' 8.8.8.8 ')).toEqual({ ok: true, ip: '8.8.8.8', version: 4 });
    expect(checkIp('10.0.0.1')).toMatchObject({ ok: false, reason: 'non_public' });
    expect(checkIp('203.0.113.9', compileAllowlist(['203.0.113.0/24']))).toMatchObject({ ok: false, reason: 'non_public' });
    expect(checkIp('45.1.2.3', compileAllowlist(['45.1.0.0/16']))).toMatchObject({ ok: false, reason: 'allowlisted' });
  });
});
