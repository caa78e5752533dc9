// IP hygiene for the correlation: which addresses may ever be correlated, and the allowlist.
// One table of non-public ranges serves both the query (a pushed-down `must_not terms source.ip` filter,
// which Elasticsearch evaluates as CIDR matches on `ip` fields) and the final check in TypeScript.
import ipaddr from 'ipaddr.js';

export interface NamedRange {
  cidr: string;
  name: string;
}

/** Never correlated: an address in these ranges is not a meaningful "source" of a cloud sign-in. */
export const NON_PUBLIC_RANGES: readonly NamedRange[] = [
  // IPv4
  { cidr: '0.0.0.0/8', name: 'unspecified / "this network"' },
  { cidr: '10.0.0.0/8', name: 'private (RFC 1918)' },
  { cidr: '100.64.0.0/10', name: 'carrier-grade NAT (RFC 6598)' },
  { cidr: '127.0.0.0/8', name: 'loopback' },
  { cidr: '169.254.0.0/16', name: 'link-local' },
  { cidr: '172.16.0.0/12', name: 'private (RFC 1918)' },
  { cidr: '192.0.0.0/24', name: 'IETF protocol assignments' },
  { cidr: '192.0.2.0/24', name: 'documentation (TEST-NET-1)' },
  { cidr: '192.88.99.0/24', name: '6to4 relay anycast (deprecated)' },
  { cidr: '192.168.0.0/16', name: 'private (RFC 1918)' },
  { cidr: '198.18.0.0/15', name: 'benchmarking' },
  { cidr: '198.51.100.0/24', name: 'documentation (TEST-NET-2)' },
  { cidr: '203.0.113.0/24', name: 'documentation (TEST-NET-3)' },
  { cidr: '224.0.0.0/4', name: 'multicast' },
  { cidr: '240.0.0.0/4', name: 'reserved / broadcast' },
  // IPv6 (IPv4-mapped addresses are unwrapped to IPv4 before the check)
  { cidr: '::/128', name: 'unspecified' },
  { cidr: '::1/128', name: 'loopback' },
  { cidr: '64:ff9b:1::/48', name: 'local-use NAT64' },
  { cidr: '100::/64', name: 'discard-only' },
  { cidr: '2001::/23', name: 'IETF protocol assignments' },
  { cidr: '2001:db8::/32', name: 'documentation' },
  { cidr: '3fff::/20', name: 'documentation' },
  { cidr: 'fc00::/7', name: 'unique local' },
  { cidr: 'fe80::/10', name: 'link-local' },
  { cidr: 'fec0::/10', name: 'site-local (deprecated)' },
  { cidr: 'ff00::/8', name: 'multicast' },
];

type Parsed = ipaddr.IPv4 | ipaddr.IPv6;
type ParsedRange = [Parsed, number];

const parseRange = (s: string): ParsedRange => {
  if (s.includes('/')) return ipaddr.parseCIDR(s) as ParsedRange;
  const a = ipaddr.parse(s);
  return [a, a.kind() === 'ipv4' ? 32 : 128];
};

const compiledNonPublic = NON_PUBLIC_RANGES.map((r) => ({ range: parseRange(r.cidr), name: r.name }));

const inRange = (addr: Parsed, [net, bits]: ParsedRange) => addr.kind() === net.kind() && addr.match(net, bits);

/** Parses and canonicalizes; IPv4-mapped IPv6 (`::ffff:a.b.c.d`) becomes IPv4. */
export function parseIp(value: string): Parsed | null {
  const s = value.trim();
  // ipaddr.isValid accepts legacy forms like "0x7f.1" or "127.1"; only dotted-quad/IPv6 text is accepted here.
  if (!ipaddr.IPv6.isValid(s) && !ipaddr.IPv4.isValidFourPartDecimal(s)) return null;
  try {
    return ipaddr.process(s);
  } catch {
    return null;
  }
}

/** Canonical text form: dotted quad for IPv4, RFC 5952 compressed lowercase for IPv6. */
export function canonicalIp(value: string): string | null {
  const a = parseIp(value);
  return a ? a.toString() : null;
}

/** The name of the non-public range containing the address, or null for a public address. */
export function nonPublicRangeOf(addr: Parsed): string | null {
  for (const r of compiledNonPublic) if (inRange(addr, r.range)) return r.name;
  return null;
}

export interface Allowlist {
  readonly cidrs: readonly string[];
  contains(addr: Parsed): boolean;
}

/** Invalid entries are rejected by the params codec before this point; they are skipped here defensively. */
export function compileAllowlist(cidrs: readonly string[]): Allowlist {
  const ranges: ParsedRange[] = [];
  for (const c of cidrs) {
    try {
      const [net, bits] = parseRange(c);
      // An IPv4-mapped allowlist entry means the IPv4 range.
      if (net.kind() === 'ipv6' && (net as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
        ranges.push([(net as ipaddr.IPv6).toIPv4Address(), bits - 96]);
      } else ranges.push([net, bits]);
    } catch {
      /* skipped: validated upstream */
    }
  }
  return { cidrs, contains: (addr) => ranges.some((r) => inRange(addr, r)) };
}

export type IpVerdict =
  | { ok: true; ip: string; version: 4 | 6 }
  | { ok: false; reason: 'missing' | 'multi_valued' | 'invalid' | 'non_public' | 'allowlisted'; detail: string };

/**
 * Decides whether a value from an ES|QL cell may be correlated. Cells can be null, a string, or an array
 * (multi-valued field): a multi-valued cell is rejected because it cannot name one source.
 */
export function checkIp(value: unknown, allowlist?: Allowlist): IpVerdict {
  if (value === null || value === undefined || value === '') return { ok: false, reason: 'missing', detail: 'no IP' };
  if (Array.isArray(value)) {
    if (value.length === 1) return checkIp(value[0], allowlist);
    return { ok: false, reason: 'multi_valued', detail: `${value.length} values` };
  }
  if (typeof value !== 'string') return { ok: false, reason: 'invalid', detail: `not a string: ${typeof value}` };
  const addr = parseIp(value);
  if (!addr) return { ok: false, reason: 'invalid', detail: `not an IP address: ${JSON.stringify(value.slice(0, 64))}` };
  const ip = addr.toString();
  const range = nonPublicRangeOf(addr);
  if (range) return { ok: false, reason: 'non_public', detail: `${ip} is ${range}` };
  if (allowlist?.contains(addr)) return { ok: false, reason: 'allowlisted', detail: `${ip} is allowlisted` };
  return { ok: true, ip, version: addr.kind() === 'ipv4' ? 4 : 6 };
}

/** CIDRs excluded in the query filter: the fixed non-public table plus the allowlist (values, never query text). */
export function excludedCidrs(allowlistCidrs: readonly string[]): string[] {
  return [...NON_PUBLIC_RANGES.map((r) => r.cidr), ...allowlistCidrs];
}
