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

/** A dotted quad without leading zeros (the only IPv4 text accepted), captured by octet. */
const DOTTED_QUAD = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;

/** Parses and canonicalizes; IPv4-mapped IPv6 (`::ffff:a.b.c.d`) becomes IPv4. */
export function parseIp(value: string): Parsed | null {
  const s = value.trim();
  // Fast path for the common case (the rule checks every IP of every response): the same verdict as
  // IPv4.isValidFourPartDecimal + process below, without ipaddr's IPv6 attempt and generic IPv4 parser.
  const quad = DOTTED_QUAD.exec(s);
  if (quad) {
    const octets = [Number(quad[1]), Number(quad[2]), Number(quad[3]), Number(quad[4])];
    return octets[0] <= 255 && octets[1] <= 255 && octets[2] <= 255 && octets[3] <= 255 ? new ipaddr.IPv4(octets) : null;
  }
  // ipaddr.isValid accepts legacy forms like "0x7f.1" or "127.1"; only dotted-quad/IPv6 text is accepted here.
  if (!ipaddr.IPv6.isValid(s) && !ipaddr.IPv4.isValidFourPartDecimal(s)) return null;
  try {
    return ipaddr.process(s);
  } catch {
    return null;
  }
}

/**
 * Elasticsearch's address grammar (server/src/main/java/org/elasticsearch/common/network/InetAddresses.java,
 * `ipStringToBytes`): IPv4 is exactly four decimal parts of 0..255 without leading zeros (no `127.1`, `0x7f.1`,
 * `010.0.0.1`); IPv6 is hex groups with at most one `::` and an optional trailing dotted quad under the same IPv4
 * rules. Two deliberate differences, both stricter: a zone id (`fe80::1%eth0`) is refused (ES silently drops
 * it, so the entry would mean something other than it says), and a group has at most four hex digits (ES's
 * newer parser only bounds the value). Returns the reason a string is not such an address, or null.
 */
export function esAddressError(s: string): string | null {
  if (s.length === 0) return 'empty';
  if (s.length > 45) return 'too long for an IP address';
  // eslint-disable-next-line no-control-regex
  if (/[^\x21-\x7e]/.test(s)) return 'only ASCII letters, digits, dots and colons are allowed';
  if (s.includes('%')) return 'zone ids like %eth0 are not allowed';
  if (!s.includes(':')) return /^[0-9a-fA-FxX.]+$/.test(s) ? ipv4Error(s) : 'not an IPv4 or IPv6 address';
  const lastColon = s.lastIndexOf(':');
  let hex = s;
  if (s.slice(lastColon + 1).includes('.')) {
    const quadError = ipv4Error(s.slice(lastColon + 1));
    if (quadError) return `embedded IPv4 part: ${quadError}`;
    hex = s.slice(0, lastColon + 1) + '0:0';
  }
  if (!/^[0-9a-fA-F:]+$/.test(hex)) return 'IPv6 allows only hex digits, colons and a final dotted quad';
  const doubles = hex.split('::').length - 1;
  if (doubles > 1) return 'IPv6 allows "::" at most once';
  if (/^:[^:]/.test(hex) || /[^:]:$/.test(hex)) return 'IPv6 cannot start or end with a single ":"';
  if (hex.includes(':::')) return 'IPv6 has ":::"';
  const groups = hex.split(/::?/).filter((g) => g.length > 0);
  if (groups.some((g) => g.length > 4)) return 'an IPv6 group has more than four hex digits';
  if (doubles === 0 ? groups.length !== 8 : groups.length > 7) return doubles === 0 ? 'IPv6 needs eight groups or "::"' : 'IPv6 has too many groups';
  return null;
}

function ipv4Error(s: string): string | null {
  const parts = s.split('.');
  if (parts.length !== 4) return `IPv4 needs four decimal parts, got ${parts.length}`;
  for (const p of parts) {
    if (!/^\d+$/.test(p)) return `"${p.slice(0, 8)}" is not a decimal number; hex, octal and short forms are not accepted`;
    if (p.length > 1 && p.startsWith('0')) return `"${p}" has a leading zero`;
    if (Number(p) > 255) return `${p} is above 255`;
  }
  return null;
}

/** A strictly valid address (see esAddressError), parsed; IPv4-mapped IPv6 becomes IPv4 as in Elasticsearch. */
export function parseEsAddress(s: string): Parsed | null {
  if (esAddressError(s) !== null) return null;
  try {
    return ipaddr.process(s);
  } catch {
    return null;
  }
}

/**
 * Why an allowlist entry is not what Elasticsearch accepts in a `terms` query on an `ip` field, or null.
 * A `/` makes it a CIDR (`InetAddresses.parseCidr`): exactly one `/`, a prefix of 0..32 (IPv4) or 0..128
 * (IPv6), and no IPv4-mapped address with a prefix (ES rejects those as ambiguous). Stricter than ES on
 * purpose: the prefix is plain decimal (ES's Integer.parseInt takes `+8`, `08`), and host bits must be zero —
 * ES masks them (`10.1.2.3/8` means `10.0.0.0/8`), so `203.0.113.7/24` silently allowlists 256 addresses
 * when one was probably meant; the message names both readings.
 */
export function allowlistEntryError(entry: string): string | null {
  if (entry !== entry.trim()) return 'remove the surrounding spaces';
  const slash = entry.indexOf('/');
  if (slash < 0) return esAddressError(entry);
  const addrText = entry.slice(0, slash);
  const prefixText = entry.slice(slash + 1);
  const addrError = esAddressError(addrText);
  if (addrError) return addrError;
  if (!/^(0|[1-9]\d{0,2})$/.test(prefixText)) return `prefix length "${prefixText.slice(0, 8)}" is not a number 0..128`;
  const prefix = Number(prefixText);
  const addr = ipaddr.parse(addrText);
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) {
    return `an IPv4-mapped address cannot take a prefix; write the IPv4 range, e.g. ${(addr as ipaddr.IPv6).toIPv4Address().toString()}/${Math.max(0, Math.min(32, prefix - 96))}`;
  }
  const max = addr.kind() === 'ipv4' ? 32 : 128;
  if (prefix > max) return `prefix length ${prefix} is above ${max}`;
  const base = (addr.kind() === 'ipv4' ? ipaddr.IPv4 : ipaddr.IPv6).networkAddressFromCIDR(`${addr.toString()}/${prefix}`);
  if (base.toString() !== addr.toString()) {
    return `host bits are set: the range is ${base.toString()}/${prefix}, a single address is ${addr.toString()} without /${prefix}`;
  }
  return null;
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
