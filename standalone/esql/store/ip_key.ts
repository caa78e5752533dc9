// Fast canonical IP keys for filtering: 32 hex chars of the 16-byte IPv6 form (IPv4 = ::ffff:a.b.c.d, as
// Elasticsearch stores it), so equality and ordering are plain string operations. IPv4 avoids ipaddr.js.
import ipaddr from 'ipaddr.js';

const V4_PREFIX = '00000000000000000000ffff';

/** Dotted-quad IPv4 -> unsigned 32-bit int, -1 when not a strict dotted quad. */
export function ipv4Int(s: string): number {
  let n = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return -1;
      n = n * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && part === 0) return -1; // leading zero
      part = part * 10 + (c - 48);
      if (part > 255) return -1;
      digits++;
    } else return -1;
  }
  if (dots !== 3 || digits === 0) return -1;
  return n * 256 + part;
}

/** Canonical 32-hex-char key of an IP string, or null when it is not an IP. */
export function ipKey(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const n = ipv4Int(v);
  if (n >= 0) return V4_PREFIX + n.toString(16).padStart(8, '0');
  if (!v.includes(':')) return null;
  // IPv6 parsing is costly and the same addresses are filtered on every request: remember recent answers.
  let k = v6Keys.get(v);
  if (k !== undefined) return k;
  try {
    k = Buffer.from(ipaddr.IPv6.parse(v).toByteArray()).toString('hex');
  } catch {
    k = null;
  }
  if (v6Keys.size >= V6_KEYS_MAX) v6Keys.clear();
  v6Keys.set(v, k);
  return k;
}

const V6_KEYS_MAX = 65_536;
const v6Keys = new Map<string, string | null>();

export interface CidrKey {
  /** Leading hex chars that must match exactly. */
  prefix: string;
  /** Remaining bits (0-3) checked on the next hex char. */
  restBits: number;
  restValue: number;
}

/** Parses `a.b.c.d/n` or `v6/n` into a prefix over ipKey() strings; null when invalid. */
export function cidrKey(s: string): CidrKey | null {
  const slash = s.indexOf('/');
  if (slash < 0) return null;
  const key = ipKey(s.slice(0, slash));
  const len = Number(s.slice(slash + 1));
  if (!key || !/^\d+$/.test(s.slice(slash + 1))) return null;
  const v4 = ipv4Int(s.slice(0, slash)) >= 0;
  if (len > (v4 ? 32 : 128)) return null;
  const bits = v4 ? 96 + len : len;
  const full = bits >> 2;
  const restBits = bits & 3;
  const restValue = restBits ? parseInt(key[full], 16) >> (4 - restBits) : 0;
  return { prefix: key.slice(0, full), restBits, restValue };
}

export function cidrContains(c: CidrKey, key: string): boolean {
  if (!key.startsWith(c.prefix)) return false;
  if (c.restBits === 0) return true;
  return parseInt(key[c.prefix.length], 16) >> (4 - c.restBits) === c.restValue;
}

/** Membership in a set of IPs and CIDRs; IPv4 values are matched with integer masks (the common case). */
export class IpSet {
  private exactKeys = new Set<string>();
  private exact4 = new Set<number>();
  private net4: number[] = [];
  private mask4: number[] = [];
  private cidr6: CidrKey[] = [];
  /** v6 CIDRs that can contain IPv4-mapped addresses (e.g. ::/0, ::ffff:0:0/96). */
  private cidr6v4: CidrKey[] = [];

  /** Adds an IP or CIDR; false when it is neither. */
  add(s: string): boolean {
    const slash = s.indexOf('/');
    if (slash < 0) {
      const n = ipv4Int(s);
      if (n >= 0) {
        this.exact4.add(n);
        this.exactKeys.add(ipKey(s)!);
        return true;
      }
      const k = ipKey(s);
      if (!k) return false;
      this.exactKeys.add(k);
      if (k.startsWith(V4_PREFIX)) this.exact4.add(parseInt(k.slice(24), 16));
      return true;
    }
    const c = cidrKey(s);
    if (!c) return false;
    const n = ipv4Int(s.slice(0, slash));
    if (n >= 0) {
      const len = Number(s.slice(slash + 1));
      const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
      this.net4.push((n & mask) >>> 0);
      this.mask4.push(mask);
    } else {
      this.cidr6.push(c);
      if (cidrContains(c, V4_PREFIX + '00000000') || c.prefix.startsWith(V4_PREFIX)) this.cidr6v4.push(c);
    }
    return true;
  }

  has(v: unknown): boolean {
    if (typeof v !== 'string') return false;
    let n = ipv4Int(v);
    let key: string | null = null;
    if (n < 0) {
      key = ipKey(v);
      if (key === null) return false;
      if (key.startsWith(V4_PREFIX)) n = parseInt(key.slice(24), 16);
    }
    if (n >= 0) {
      if (this.exact4.has(n)) return true;
      for (let i = 0; i < this.net4.length; i++) if (((n & this.mask4[i]) >>> 0) === this.net4[i]) return true;
      if (this.cidr6v4.length) {
        const k = key ?? V4_PREFIX + n.toString(16).padStart(8, '0');
        for (const c of this.cidr6v4) if (cidrContains(c, k)) return true;
      }
      return false;
    }
    if (this.exactKeys.has(key!)) return true;
    for (const c of this.cidr6) if (cidrContains(c, key!)) return true;
    return false;
  }
}
