import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { cidrContains, cidrKey, ipKey, IpSet } from './ip_key';

describe('ipKey / cidrKey', () => {
  it('treats IPv4 and IPv4-mapped IPv6 as the same address and orders like bytes', () => {
    expect(ipKey('10.0.0.1')).toBe(ipKey('::ffff:10.0.0.1'));
    expect(ipKey('2001:db8::1')).toBe('20010db8000000000000000000000001');
    expect(ipKey('10.0.0.256')).toBeNull();
    expect(ipKey('01.2.3.4')).toBeNull();
    expect(ipKey('nope')).toBeNull();
    expect(ipKey('9.255.255.255')! < ipKey('10.0.0.0')!).toBe(true);
  });

  it('agrees with ipaddr.js on CIDR membership (v4 and v6)', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.ipV4(), fc.integer({ min: 0, max: 32 }), (ip, net, len) => {
        const c = cidrKey(`${net}/${len}`)!;
        expect(cidrContains(c, ipKey(ip)!)).toBe(ipaddr.parse(ip).match(ipaddr.parseCIDR(`${net}/${len}`)));
      })
    );
    fc.assert(
      fc.property(fc.ipV6(), fc.ipV6(), fc.integer({ min: 0, max: 128 }), (ip, net, len) => {
        const c = cidrKey(`${net}/${len}`)!;
        const a = ipaddr.parse(ip);
        const cidr = ipaddr.parseCIDR(`${net}/${len}`);
        const expected = a.kind() === cidr[0].kind() && a.match(cidr);
        // ipaddr parses embedded-v4 forms as v6 too, so kinds match whenever both are v6 text.
        if (a.kind() === 'ipv6' && cidr[0].kind() === 'ipv6') expect(cidrContains(c, ipKey(ip)!)).toBe(expected);
      })
    );
  });
});

describe('IpSet', () => {
  const reference = (entries: string[], ip: string) =>
    entries.some((e) => {
      const a = ipaddr.process(ip);
      if (e.includes('/')) {
        const [net, len] = ipaddr.parseCIDR(e);
        const b = a.kind() === net.kind() ? a : a.kind() === 'ipv4' ? (a as ipaddr.IPv4).toIPv4MappedAddress() : null;
        if (b && b.kind() === net.kind() && b.match(net, len)) return true;
        // a v4 CIDR also matches the IPv4-mapped form of its addresses
        return net.kind() === 'ipv4' && a.kind() === 'ipv4' && a.match(net, len);
      }
      return ipaddr.process(e).toNormalizedString() === a.toNormalizedString();
    });

  it('matches IPs and CIDRs like ipaddr.js, incl. IPv4-mapped IPv6 values and v6 ranges covering IPv4', () => {
    const entries = ['10.0.0.0/8', '192.168.1.7', '2001:db8::/32', '::1', '::ffff:0:0/96', '172.16.0.0/12'];
    const set = new IpSet();
    for (const e of entries) expect(set.add(e)).toBe(true);
    expect(set.add('nope')).toBe(false);
    expect(set.has('8.8.8.8')).toBe(true); // via ::ffff:0:0/96
    const narrow = new IpSet();
    for (const e of ['10.0.0.0/8', '2001:db8::/32', '192.168.1.7']) narrow.add(e);
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6(), fc.constantFrom('10.1.2.3', '::ffff:10.9.9.9', '::ffff:192.168.1.7', '2001:db8::5', '192.168.1.7')), (ip) => {
        expect(narrow.has(ip)).toBe(reference(['10.0.0.0/8', '2001:db8::/32', '192.168.1.7'], ip));
      }),
      { numRuns: 500 }
    );
  });
});

describe('ipKey on IPv6 (answers remembered across calls)', () => {
  it('gives the same key on every call, also past the memo bound, and null for invalid text each time', () => {
    const addrs = Array.from({ length: 70_000 }, (_, i) => `2001:db8::${i.toString(16)}`);
    const first = addrs.map((a) => ipKey(a));
    expect(first[255]).toBe('20010db80000000000000000000000ff');
    expect(addrs.map((a) => ipKey(a))).toEqual(first);
    for (let i = 0; i < 2; i++) {
      expect(ipKey('2001:db8::zz')).toBeNull();
      expect(ipKey('::ffff:1.2.3.4')).toBe('00000000000000000000ffff01020304');
    }
  });
});
