// Reading a mapped field the way Elasticsearch's ES|QL reads it from an index: from doc values, i.e. converted to
// the field type's stored form and, for multi-valued fields, in doc-values order.
// - keyword / ip / version: SortedSetDocValues: the distinct values, sorted by their bytes (UTF-8 for keyword,
//   the 16-byte IPv6 form for ip) - duplicates are dropped.
// - long / integer / short / byte / unsigned_long / double / float / half_float / scaled_float / date / boolean:
//   SortedNumericDocValues: sorted ascending, duplicates kept.
// - float / half_float / scaled_float are stored narrowed and read back widened to double: a float field
//   indexed with 2.03 reads 2.0299999713897705, a half_float 2.029296875, a scaled_float (scaling_factor 100)
//   2.03 (ES: x-pack/plugin/esql/qa/testFixtures/src/main/resources/employees.csv, column height.* in
//   keep.csv-spec; server/src/main/java/org/elasticsearch/index/mapper/NumberFieldMapper.java encodes FLOAT and
//   HALF_FLOAT via Float/HalfFloatPoint; modules/mapper-extras/.../ScaledFloatFieldMapper.java stores
//   Math.round(value * scaling_factor) and decodes it as scaled / scaling_factor).
// - constant_keyword has no per-document values: every document of the index reads the mapping's `value`
//   (store/es_index.ts; x-pack/plugin/mapper-constant-keyword/.../ConstantKeywordFieldMapper.java).
// - text / match_only_text have no doc values: ES|QL loads them from _source, in source order, duplicates kept.
import type { EsFieldType } from '../types';
import { ipKey } from './ip_key';
import { normalizeIp, normLong, parseNanos, parseSourceDate } from '../exec/values';

/**
 * Internal forms match the executor's: strings for keyword/text/version/ip, epoch millis for dates, BigInt epoch
 * nanos for date_nanos, numbers for numeric fields except a long / unsigned_long outside the doubles' exact
 * integer range, which is a BigInt holding the exact indexed value.
 */
export type DocValue = string | number | boolean | bigint;

/** Field types whose values the store keeps in columns (they have doc values). */
export type ColumnKind = 'str' | 'ip' | 'num' | 'date' | 'nanos' | 'bool';

export function columnKind(t: EsFieldType): ColumnKind | null {
  switch (t) {
    case 'keyword':
    case 'wildcard':
    case 'version':
      return 'str';
    case 'ip':
      return 'ip';
    case 'date':
      return 'date';
    case 'date_nanos':
      return 'nanos';
    case 'long':
    case 'integer':
    case 'short':
    case 'byte':
    case 'unsigned_long':
    case 'double':
    case 'float':
    case 'half_float':
    case 'scaled_float':
      return 'num';
    case 'boolean':
      return 'bool';
    default:
      return null;
  }
}

/** Rounds to the nearest IEEE 754 binary16 value (ties to even), like Lucene's HalfFloatPoint. */
export function toHalfFloat(v: number): number {
  if (!Number.isFinite(v) || v === 0) return v;
  const sign = v < 0 ? -1 : 1;
  const a = Math.abs(v);
  if (a >= 65520) return sign * Infinity; // past the largest half (65504) plus half an ulp
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  if (e < -14) e = -14; // subnormals share the smallest exponent
  const ulp = 2 ** (e - 10);
  const q = a / ulp;
  const f = Math.floor(q);
  const d = q - f;
  const r = d > 0.5 ? f + 1 : d < 0.5 ? f : f % 2 === 0 ? f : f + 1;
  return sign * r * ulp;
}

/** Converts one raw `_source` scalar to the stored form of type `t`; null when ES would not have indexed it. */
export function scalarConverter(t: EsFieldType, scalingFactor?: number): (v: unknown) => DocValue | null {
  switch (t) {
    case 'keyword':
    case 'constant_keyword':
    case 'wildcard':
    case 'version':
    case 'text':
    case 'match_only_text':
      return (v) => (typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v));
    case 'ip':
      return (v) => (typeof v === 'string' ? normalizeIp(v) : null);
    case 'date':
      return (v) => {
        const ms = parseSourceDate(v);
        return Number.isNaN(ms) ? null : ms;
      };
    case 'date_nanos':
      // Nanosecond precision from the text (DateFieldMapper with Resolution.NANOSECONDS keeps the epoch nanos).
      return (v) => parseNanos(v);
    case 'long':
    case 'integer':
    case 'short':
    case 'byte':
    case 'unsigned_long':
      return (v) => {
        // Beyond 2^53 a long is a BigInt with the exact indexed digits (the store hands over `_source` parsed
        // by parseJsonExact when it holds such a number; integral text is read exactly too).
        if (typeof v === 'bigint') return normLong(v);
        const n = typeof v === 'number' ? v : Number(v);
        if (!(Number.isFinite(n) && v !== '' && typeof v !== 'boolean')) return null;
        const t = Math.trunc(n);
        if (Number.isSafeInteger(t)) return t;
        if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) return normLong(BigInt(v.trim()));
        return BigInt(t);
      };
    case 'double':
    case 'float':
    case 'half_float':
    case 'scaled_float': {
      const narrow =
        t === 'float' ? Math.fround : t === 'half_float' ? toHalfFloat : t === 'scaled_float' ? scaled(scalingFactor) : (n: number) => n;
      return (v) => {
        const n = typeof v === 'number' ? v : Number(v);
        return Number.isFinite(n) && v !== '' && typeof v !== 'boolean' ? narrow(n) : null;
      };
    }
    case 'boolean':
      return (v) => (typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : v === '' ? false : null);
    default:
      return () => null;
  }
}

function scaled(factor: number | undefined): (n: number) => number {
  // Without the mapping's factor (a catalog that only knows types) the value is kept as given.
  if (typeof factor !== 'number' || !(factor > 0)) return (n) => n;
  return (n) => Math.round(n * factor) / factor;
}

/** UTF-8 byte order (Lucene BytesRef order): equals UTF-16 order except around surrogate pairs. */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate (U+D800..DFFF, i.e. a code point >= U+10000) sorts after U+E000..FFFF in UTF-8.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys && (x >= 0xe000 || y >= 0xe000)) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

function compareIpText(a: string, b: string): number {
  const ka = ipKey(a) ?? a;
  const kb = ipKey(b) ?? b;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Orders the values of one multi-valued field the way its doc values return them. */
export function orderMulti(kind: ColumnKind | null, vals: DocValue[]): DocValue[] {
  switch (kind) {
    case 'str':
    case 'ip': {
      vals.sort(kind === 'ip' ? (a, b) => compareIpText(a as string, b as string) : (a, b) => compareUtf8(a as string, b as string));
      let w = 1;
      for (let i = 1; i < vals.length; i++) if (vals[i] !== vals[w - 1]) vals[w++] = vals[i];
      vals.length = w;
      return vals;
    }
    case 'num':
    case 'date':
    case 'nanos':
      // `<` rather than subtraction: exact across numbers and BigInts (longs beyond 2^53, date_nanos).
      return vals.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    case 'bool':
      return vals.sort((a, b) => (a === b ? 0 : a ? 1 : -1));
    default:
      return vals; // _source order
  }
}

/** Mapping parameters of a leaf that change what its doc values hold. */
export interface LeafOptions {
  /** scaled_float */
  scalingFactor?: number;
  /** keyword / wildcard: longer strings (in UTF-16 units, Java's String.length) are not indexed: no doc value. */
  ignoreAbove?: number;
  /** indexed in place of an explicit `null` (also a null inside an array); a missing field stays missing. */
  nullValue?: unknown;
}

/**
 * A reader of one field's doc values from a raw `_source` value (scalar, array or nested arrays):
 * null when nothing is indexed, a scalar for one value, an array (doc-values order) for several.
 * `ignore_above` and `null_value` as the field mappers apply them at index time (KeywordFieldMapper: a value
 * longer than ignore_above gets no doc value; null_value replaces an explicit null before that check), which is
 * what ES|QL then reads (server/src/test/.../blockloader/KeywordFieldBlockLoaderTests.java `expected`).
 */
export function docValuesOf(t: EsFieldType, opts: LeafOptions = {}): (raw: unknown) => DocValue | DocValue[] | null {
  const base = scalarConverter(t, opts.scalingFactor);
  const limit = (t === 'keyword' || t === 'wildcard') && typeof opts.ignoreAbove === 'number' ? opts.ignoreAbove : undefined;
  const conv =
    limit === undefined
      ? base
      : (v: unknown) => {
          const y = base(v);
          return typeof y === 'string' && y.length > limit ? null : y;
        };
  const nullValue = opts.nullValue ?? null;
  const kind = columnKind(t);
  return (raw) => {
    if (raw === undefined) return null;
    if (raw === null) return nullValue === null ? null : conv(nullValue);
    if (!Array.isArray(raw)) return conv(raw);
    const out: DocValue[] = [];
    const flat = raw.flat(Infinity);
    for (const x of flat) {
      if (x === undefined) continue;
      if (x === null && nullValue === null) continue;
      const y = conv(x === null ? nullValue : x);
      if (y !== null) out.push(y);
    }
    if (out.length === 0) return null;
    if (out.length === 1) return out[0];
    orderMulti(kind, out);
    return out.length === 1 ? out[0] : out;
  };
}
