// Value helpers shared by the executor: ES|QL data types, IP and date handling, ordering.
// Internal representation: keyword/text/version -> string, ip -> canonical string, date -> epoch millis,
// numbers -> number, boolean -> boolean, multi-values -> arrays (length >= 2), missing -> null.
import ipaddr from 'ipaddr.js';
import type { EsFieldType } from '../types';
import { isoMillis } from './iso_date';

export type DataType =
  | 'keyword'
  | 'text'
  | 'ip'
  | 'date'
  | 'date_nanos'
  | 'long'
  | 'integer'
  | 'double'
  | 'unsigned_long'
  | 'boolean'
  | 'version'
  | 'geo_point'
  | 'null'
  | 'unsupported'
  | 'date_period'
  | 'time_duration';

export const isNumeric = (t: DataType) => t === 'integer' || t === 'long' || t === 'double' || t === 'unsigned_long';
export const isString = (t: DataType) => t === 'keyword' || t === 'text';
export const isDate = (t: DataType) => t === 'date' || t === 'date_nanos';

export function esqlTypeOf(t: EsFieldType): DataType {
  switch (t) {
    case 'keyword':
    case 'constant_keyword':
    case 'wildcard':
      return 'keyword';
    case 'text':
    case 'match_only_text':
      return 'text';
    case 'ip':
      return 'ip';
    case 'date':
      return 'date';
    case 'date_nanos':
      return 'date_nanos';
    case 'long':
      return 'long';
    case 'integer':
    case 'short':
    case 'byte':
      return 'integer';
    case 'unsigned_long':
      return 'unsigned_long';
    case 'double':
    case 'float':
    case 'half_float':
    case 'scaled_float':
      return 'double';
    case 'boolean':
      return 'boolean';
    case 'version':
      return 'version';
    case 'geo_point':
      return 'geo_point';
    default:
      return 'unsupported';
  }
}

// ---- IPs --------------------------------------------------------------------------------------------

const V4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const ipCache = new Map<string, string | null>();

/** Canonical text of an IP as Elasticsearch prints it (IPv4-mapped -> IPv4, RFC 5952 IPv6), or null. */
export function normalizeIp(s: string): string | null {
  if (V4.test(s)) return s;
  const hit = ipCache.get(s);
  if (hit !== undefined) return hit;
  let out: string | null = null;
  if (s.includes(':') && ipaddr.IPv6.isValid(s) && !s.includes('%')) {
    const a = ipaddr.IPv6.parse(s);
    out = a.isIPv4MappedAddress() ? a.toIPv4Address().toString() : a.toRFC5952String();
  }
  if (ipCache.size > 100_000) ipCache.clear();
  ipCache.set(s, out);
  return out;
}

const bytesCache = new Map<string, Uint8Array>();

/** 16-byte form (IPv4 mapped into ::ffff:0:0/96) of a canonical IP string. */
export function ipBytes(ip: string): Uint8Array {
  let b = bytesCache.get(ip);
  if (b) return b;
  b = new Uint8Array(16);
  const m = V4.exec(ip);
  if (m) {
    b[10] = 0xff;
    b[11] = 0xff;
    for (let i = 0; i < 4; i++) b[12 + i] = Number(m[i + 1]);
  } else {
    b.set(ipaddr.IPv6.parse(ip).toByteArray());
  }
  if (bytesCache.size > 100_000) bytesCache.clear();
  bytesCache.set(ip, b);
  return b;
}

export function ipFromBytes(b: Uint8Array): string {
  let mapped = b[10] === 0xff && b[11] === 0xff;
  for (let i = 0; i < 10 && mapped; i++) if (b[i] !== 0) mapped = false;
  if (mapped) return `${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  return (ipaddr.fromByteArray(Array.from(b)) as ipaddr.IPv6).toRFC5952String();
}

export function compareIp(a: string, b: string): number {
  if (a === b) return 0;
  const x = ipBytes(a);
  const y = ipBytes(b);
  for (let i = 0; i < 16; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

export interface Cidr {
  bytes: Uint8Array;
  bits: number;
}

export function parseCidr(s: string): Cidr | null {
  const slash = s.indexOf('/');
  if (slash < 0) return null;
  const ip = normalizeIp(s.slice(0, slash));
  const len = Number(s.slice(slash + 1));
  if (ip === null || !/^\d+$/.test(s.slice(slash + 1))) return null;
  const v4 = V4.test(ip);
  if (len > (v4 ? 32 : 128)) return null;
  return { bytes: ipBytes(ip), bits: v4 ? len + 96 : len };
}

export function cidrContains(c: Cidr, ip: string): boolean {
  const b = ipBytes(ip);
  const full = c.bits >> 3;
  for (let i = 0; i < full; i++) if (b[i] !== c.bytes[i]) return false;
  const rem = c.bits & 7;
  if (rem === 0) return true;
  const mask = (0xff << (8 - rem)) & 0xff;
  return (b[full] & mask) === (c.bytes[full] & mask);
}

// ---- dates ------------------------------------------------------------------------------------------

const digits = (s: string, at: number, n: number): number => {
  let x = 0;
  for (let i = at; i < at + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    x = x * 10 + c;
  }
  return x;
};

/**
 * Epoch millis of `yyyy-MM-ddTHH:mm:ss.SSSZ` by arithmetic (days from the civil date), NaN for anything it does not
 * cover (year < 1000, day > 28, hour 24, leap seconds, ...), which the caller hands to Date.parse instead.
 */
export function canonicalMillis(v: string): number {
  if (v.charCodeAt(7) !== 45 || v.charCodeAt(13) !== 58 || v.charCodeAt(16) !== 58 || v.charCodeAt(19) !== 46) return NaN;
  let y = digits(v, 0, 4);
  const m = digits(v, 5, 2);
  const d = digits(v, 8, 2);
  const h = digits(v, 11, 2);
  const mi = digits(v, 14, 2);
  const s = digits(v, 17, 2);
  const ms = digits(v, 20, 3);
  // NaN fails every comparison below.
  if (!(y >= 1000 && m >= 1 && m <= 12 && d >= 1 && d <= 28 && h <= 23 && mi <= 59 && s <= 59 && ms >= 0)) return NaN;
  if (m <= 2) y--;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146097 + doe - 719468;
  return days * 86_400_000 + h * 3_600_000 + mi * 60_000 + s * 1000 + ms;
}

/** Parses an ISO-like date (UTC when no zone is given) or epoch millis; NaN when invalid. */
export function parseDate(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return NaN;
  // Fast path: the canonical `yyyy-MM-ddTHH:mm:ss.SSSZ` form.
  if (v.length === 24 && v.charCodeAt(23) === 90 && v.charCodeAt(10) === 84 && v.charCodeAt(4) === 45) {
    const ms = canonicalMillis(v);
    return ms === ms ? ms : Date.parse(v);
  }
  if (/^-?\d+$/.test(v)) return Number(v);
  let s = v.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}(:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(s)) s += 'Z';
  else if (!/^\d{4}(-\d{2}(-\d{2}(T.*)?)?)?$/.test(s)) return NaN; // strict_date_optional_time only
  // JS rejects hour-only forms: add minutes.
  s = s.replace(/T(\d{2})(Z|[+-])/, 'T$1:00$2');
  const ms = /^\d{4}(-\d{2}(-\d{2})?)?$/.test(s) ? Date.parse(s.length === 4 ? `${s}-01-01` : s) : Date.parse(s);
  return ms;
}

export function formatDate(ms: number): string {
  return isoMillis(ms);
}

// ---- long beyond 2^53 ----------------------------------------------------------------------------------
// A long is a number while it is a safe integer and a BigInt outside that range (exact digits as indexed or
// computed), so `===`, Set/Map keys and grouping see one representation per value.

/** The canonical representation of an exact long. */
export function normLong(b: bigint): number | bigint {
  return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
}

// ---- date_nanos ---------------------------------------------------------------------------------------
// A date_nanos value is a BigInt of nanoseconds since the epoch (a long in Elasticsearch: 1970-01-01 to
// 2262-04-11T23:47:16.854775807Z). BigInt compares exactly with `<`, `===`, Set/Map keys, so SORT, MIN/MAX,
// equality and grouping need nothing special.

export const NANOS_PER_MILLI = 1_000_000n;
/** Long.MAX_VALUE: the last instant a date_nanos can hold (DateUtils.MAX_NANOSECOND_INSTANT). */
export const MAX_NANOS = 9_223_372_036_854_775_807n;

/** Floor of epoch nanos to epoch millis (DateUtils.toMilliSeconds for the non-negative date_nanos range). */
export function nanosToMillis(ns: bigint): number {
  const q = ns / NANOS_PER_MILLI;
  return Number(ns < 0n && q * NANOS_PER_MILLI !== ns ? q - 1n : q);
}

/** Nanoseconds past the epoch millisecond (0..999999). */
export function subMilliNanos(ns: bigint): number {
  return Number(ns - BigInt(nanosToMillis(ns)) * NANOS_PER_MILLI);
}

export const millisToNanos = (ms: number): bigint => BigInt(Math.trunc(ms)) * NANOS_PER_MILLI;

const FRACTION = /^(.*T\d{2}:\d{2}:\d{2})[.,](\d{1,9})(.*)$/;

/**
 * Epoch nanos of a date text with up to 9 fraction digits: `millis` parses the text cut to milliseconds (with
 * the caller's format rules), the digits past the third are added exactly. null when `millis` gives NaN/null.
 */
export function parseNanosWith(s: string, millis: (text: string) => number | null): bigint | null {
  const m = FRACTION.exec(s);
  let text = s;
  let sub = 0;
  if (m && m[2].length > 3) {
    text = `${m[1]}.${m[2].slice(0, 3)}${m[3]}`;
    sub = Number(m[2].slice(3).padEnd(6, '0'));
  }
  const ms = millis(text);
  if (ms === null || Number.isNaN(ms)) return null;
  return BigInt(ms) * NANOS_PER_MILLI + BigInt(sub);
}

/** A date_nanos from a raw value: ISO text (UTC unless zoned) or epoch millis; null when unparsable. */
export function parseNanos(v: unknown): bigint | null {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? millisToNanos(v) : null;
  if (typeof v !== 'string') return null;
  return parseNanosWith(v, parseSourceDate);
}

const nineDigits = (ns: bigint): string => {
  const ms = nanosToMillis(ns);
  const iso = new Date(ms).toISOString();
  return iso.slice(0, 19) + '.' + iso.slice(20, 23) + String(subMilliNanos(ns)).padStart(6, '0');
};

/**
 * ES|QL's date_nanos text: DEFAULT_DATE_NANOS_FORMATTER = strict_date_optional_time_nanos, whose printer has
 * `appendFraction(NANO_OF_SECOND, 3, 9, true)`: at least 3 fraction digits, trailing zeros past them dropped
 * (2024-01-01T00:00:00.123Z, ...00.123456Z, ...00.123456789Z). (EsqlDataTypeConverter.nanoTimeToString,
 * server/src/main/java/org/elasticsearch/common/time/DateFormatters.java STRICT_DATE_OPTIONAL_TIME_PRINTER_NANOS.)
 */
export function formatNanos(ns: bigint): string {
  let t = nineDigits(ns);
  let end = t.length;
  while (end > t.length - 6 && t.charCodeAt(end - 1) === 48) end--;
  t = t.slice(0, end);
  return t + 'Z';
}

/** java.time.Instant.toString: seconds always, then the fraction in groups of 3 digits when non-zero. */
export function instantString(ns: bigint): string {
  const t = nineDigits(ns);
  const frac = t.slice(20);
  const head = t.slice(0, 19);
  if (frac === '000000000') return `${head}Z`;
  if (frac.endsWith('000000')) return `${head}.${frac.slice(0, 3)}Z`;
  if (frac.endsWith('000')) return `${head}.${frac.slice(0, 6)}Z`;
  return `${head}.${frac}Z`;
}

/** DateUtils.toLong's range check: the reason Elasticsearch gives for a date outside date_nanos, or null. */
export function nanosRangeError(ns: bigint): string | null {
  if (ns < 0n) return `date[${instantString(ns)}] is before the epoch in 1970 and cannot be stored in nanosecond resolution`;
  if (ns > MAX_NANOS) return `date[${instantString(ns)}] is after 2262-04-11T23:47:16.854775807 and cannot be stored in nanosecond resolution`;
  return null;
}

/** Text of a datetime (epoch millis) or date_nanos (BigInt epoch nanos) value as ES|QL prints it. */
export function formatTemporal(v: unknown, t: DataType): string {
  return t === 'date_nanos' && typeof v === 'bigint' ? formatNanos(v) : formatDate(v as number);
}

/** Java's Double.toString, which Elasticsearch uses to turn doubles into strings. */
export function javaDouble(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (!Number.isFinite(d)) return d > 0 ? 'Infinity' : '-Infinity';
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(d);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(d);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mant, exp] = d.toExponential().split('e');
  const m = mant.includes('.') ? mant : `${mant}.0`;
  return `${m}E${Number(exp)}`;
}

// ---- ordering ---------------------------------------------------------------------------------------

export type Comparator = (a: unknown, b: unknown) => number;

export function comparatorFor(t: DataType): Comparator {
  if (t === 'ip') return (a, b) => compareIp(a as string, b as string);
  if (t === 'version') return (a, b) => compareVersion(a as string, b as string);
  if (t === 'boolean') return (a, b) => (a === b ? 0 : a ? 1 : -1);
  return (a, b) => ((a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0);
}

export function compareVersion(a: string, b: string): number {
  const pa = a.split(/[.-]/);
  const pb = b.split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny) {
      const d = Number(x) - Number(y);
      if (d) return d;
    } else if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Flattens a raw _source value into the internal form: null, a scalar, or an array of >= 2 values. */
export function mvOf(values: unknown[]): unknown {
  if (values.length === 0) return null;
  if (values.length === 1) return values[0];
  return values;
}

/** _source dates may use a custom mapping format: fall back to a lenient parse (space separator, UTC). */
export function parseSourceDate(v: unknown): number {
  const ms = parseDate(v);
  if (!Number.isNaN(ms) || typeof v !== 'string') return ms;
  const s = v.trim().replace(' ', 'T');
  return Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(s) ? s : `${s}Z`);
}
