// Scalar ES|QL functions. Each definition type-checks its compiled arguments once and returns a closure.
// Single-value functions return null plus a warning on multi-valued input; conversions work per value.
import { createHash } from 'crypto';
import type { FunctionCall, Loc } from '../parser/ast';
import { type CExpr, EvalFailure, type Row, SINGLE_VALUE, verificationError } from './context';
import type { Compiler, Period } from './compile';
import { compileWildcard } from '../pattern/wildcard';
import { compileLuceneRegExp } from '../pattern/lucene_regexp';
import { compileJavaRegex, type CompiledJavaRegex, PatternSyntaxError, RegexBudgetExceeded, ReplacementError } from '../pattern/java_regex';
import { cidrContains, type Cidr, comparatorFor, type DataType, formatDate, formatNanos, ipBytes, ipFromBytes, isDate, isNumeric, isString, javaDouble, MAX_NANOS, millisToNanos, nanosRangeError, nanosToMillis, normalizeIp, normLong, parseCidr, parseDate, parseNanosWith, subMilliNanos } from './values';

export interface Helpers {
  fail: (message: string) => void;
  loc: Loc;
  text: string;
  node?: FunctionCall;
  now: number;
  compiler: Compiler;
}

interface Built {
  type: DataType;
  fn: (row: Row) => unknown;
}

interface Def {
  min: number;
  max: number;
  nondeterministic?: boolean;
  build(args: CExpr[], h: Helpers): Built;
}

export const AGGREGATES = new Set([
  'count',
  'count_distinct',
  'min',
  'max',
  'sum',
  'avg',
  'values',
  'top',
  'median',
  'median_absolute_deviation',
  'percentile',
  'std_dev',
  'variance',
  'weighted_avg',
  'st_centroid_agg',
  'st_extent_agg',
  'rate',
  'sample',
  'first',
  'last',
  'first_over_time',
  'last_over_time',
  'avg_over_time',
  'max_over_time',
  'min_over_time',
  'sum_over_time',
  'count_over_time',
  'count_distinct_over_time',
  'present',
  'absent',
]);

/** Functions of Elasticsearch 9.x this engine knows but does not execute (clear 400 instead of "Unknown"). */
export const NOT_EXECUTED_FUNCTIONS = new Set([
  'bucket_range',
  'categorize',
  'qstr',
  'kql',
  'multi_match',
  'match_phrase',
  'knn',
  'score',
  'term',
  'st_contains',
  'st_disjoint',
  'st_distance',
  'st_envelope',
  'st_intersects',
  'st_within',
  'st_x',
  'st_y',
  'st_xmax',
  'st_xmin',
  'st_ymax',
  'st_ymin',
  'st_geohash',
  'st_geotile',
  'st_geohex',
  'to_geopoint',
  'to_geoshape',
  'to_cartesianpoint',
  'to_cartesianshape',
  'to_aggregate_metric_double',
  'to_dense_vector',
  'to_datetime_nanos',
  'mv_percentile',
  'mv_pseries_weighted_sum',
  'mv_zip',
  'mv_median_absolute_deviation',
  'round_to',
  'copy_sign',
  'scalb',
  'v_cosine',
  'v_dot_product',
  'v_hamming',
  'v_l1_norm',
  'v_l2_norm',
  'v_magnitude',
  'text_embedding',
  'decay',
  'tbucket',
  'trange',
  'clamp',
  'chunk',
  'contains',
]);

// ---- helpers ----------------------------------------------------------------------------------------

function guardRow(h: Helpers, f: (r: Row) => unknown): (r: Row) => unknown {
  return (r) => {
    try {
      return f(r);
    } catch (e) {
      if (e instanceof EvalFailure) {
        h.fail(e.message);
        return null;
      }
      throw e;
    }
  };
}

/** Single-value function: any null argument gives null; any multi-valued argument gives null + warning. */
function sv(h: Helpers, args: CExpr[], type: DataType, impl: (...v: any[]) => unknown): Built {
  const fns = args.map((a) => a.fn);
  if (fns.length === 1) {
    const f0 = fns[0];
    return {
      type,
      fn: guardRow(h, (r) => {
        const a = f0(r);
        if (a === null || a === undefined) return null;
        if (Array.isArray(a)) {
          h.fail(SINGLE_VALUE);
          return null;
        }
        return impl(a);
      }),
    };
  }
  // Two arguments (DATE_TRUNC on the rule's hot path): same null/multi-value order without a per-row array.
  if (fns.length === 2) {
    const [f0, f1] = fns;
    return {
      type,
      fn: guardRow(h, (r) => {
        const a = f0(r);
        if (a === null || a === undefined) return null;
        if (Array.isArray(a)) {
          h.fail(SINGLE_VALUE);
          return null;
        }
        const b = f1(r);
        if (b === null || b === undefined) return null;
        if (Array.isArray(b)) {
          h.fail(SINGLE_VALUE);
          return null;
        }
        return impl(a, b);
      }),
    };
  }
  const n = fns.length;
  return {
    type,
    fn: guardRow(h, (r) => {
      const vals = new Array(n);
      for (let i = 0; i < n; i++) {
        const v = fns[i](r);
        if (v === null || v === undefined) return null;
        if (Array.isArray(v)) {
          h.fail(SINGLE_VALUE);
          return null;
        }
        vals[i] = v;
      }
      return impl(...vals);
    }),
  };
}

/** Applies `conv` to every value of a possibly multi-valued input; failing values warn and drop out. */
function perValue(h: Helpers, arg: CExpr, type: DataType, conv: (v: any) => unknown): Built {
  const f = arg.fn;
  const one = (v: unknown): unknown => {
    try {
      return conv(v);
    } catch (e) {
      if (e instanceof EvalFailure) {
        h.fail(e.message);
        return null;
      }
      throw e;
    }
  };
  return {
    type,
    fn: (r) => {
      const v = f(r);
      if (v === null || v === undefined) return null;
      if (!Array.isArray(v)) return one(v);
      const out: unknown[] = [];
      for (const x of v) {
        const y = one(x);
        if (y !== null) out.push(y);
      }
      return out.length === 0 ? null : out.length === 1 ? out[0] : out;
    },
  };
}

const esType = (t: DataType) => (t === 'date' ? 'datetime' : t);

const LONG_MAX = 9223372036854775807n;
const LONG_MIN = -9223372036854775808n;

/**
 * Functions that take BigInt values as they are: longs beyond 2^53 (exact) and date_nanos (epoch nanos). Every
 * other function sees such a long as a double (what Java's long-to-double widening gives) and a date_nanos as
 * its epoch millis (DAY_NAME, MONTH_NAME, ...), so no numeric code meets a BigInt it cannot mix.
 */
const BIGINT_AWARE = new Set([
  'to_string', 'to_str', 'to_long', 'to_unsigned_long', 'to_ul', 'to_ulong', 'to_datetime', 'to_dt', 'to_date_nanos',
  'to_datenanos', 'to_double', 'to_dbl', 'to_integer', 'to_int', 'case', 'coalesce', 'greatest', 'least', 'abs', 'ceil', 'floor',
  'round', 'mv_count', 'mv_first', 'mv_last', 'mv_min', 'mv_max', 'mv_dedupe', 'mv_sort', 'mv_slice', 'mv_append',
  'mv_contains', 'date_trunc', 'bucket', 'date_diff', 'date_extract', 'date_format',
]);

function narrowValue(v: unknown, nanos: boolean): unknown {
  if (typeof v === 'bigint') return nanos ? nanosToMillis(v) : Number(v);
  if (Array.isArray(v)) return v.map((x) => narrowValue(x, nanos));
  return v;
}

/** The arguments a function is built with: BigInt-valued ones narrowed unless the function handles them. */
export function functionArgs(name: string, args: CExpr[]): CExpr[] {
  if (BIGINT_AWARE.has(name)) return args;
  return args.map((a) => {
    if (a.type !== 'long' && a.type !== 'unsigned_long' && a.type !== 'date_nanos') return a;
    const nanos = a.type === 'date_nanos';
    const f = a.fn;
    if (a.isConst) {
      const value = narrowValue(a.value, nanos);
      return { ...a, value, fn: () => value };
    }
    return { ...a, fn: (r: Row) => narrowValue(f(r), nanos) };
  });
}

function expectType(h: Helpers, args: CExpr[], i: number, ok: (t: DataType) => boolean, expected: string): void {
  const a = args[i];
  if (!a || a.type === 'null' || ok(a.type)) return;
  const ord = ['first', 'second', 'third', 'fourth', 'fifth'][i] ?? `${i + 1}th`;
  const prefix = args.length === 1 ? 'argument' : `${ord} argument`;
  throw verificationError(h.loc, `${prefix} of [${h.text}] must be [${expected}], found value [${a.text}] type [${esType(a.type)}]`);
}

const str = (t: DataType) => isString(t);
const num = (t: DataType) => isNumeric(t);
const intLike = (t: DataType) => t === 'integer' || t === 'long';

function constArg(h: Helpers, a: CExpr | undefined, what: string): unknown {
  if (!a) return undefined;
  if (!a.isConst) throw verificationError(a.loc, `${what} of [${h.text}] must be a constant, received [${a.text}]`);
  return a.value;
}

const vals = (v: unknown): unknown[] => (v === null || v === undefined ? [] : Array.isArray(v) ? v : [v]);
const mv = (a: unknown[]): unknown => (a.length === 0 ? null : a.length === 1 ? a[0] : a);

function numberFrom(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  const s = String(v).trim();
  const n = s === '' ? NaN : Number(s);
  if (Number.isNaN(n)) throw new EvalFailure(`org.elasticsearch.xpack.esql.core.InvalidArgumentException: Cannot parse number [${String(v)}]`);
  return n;
}

function toStringValue(v: unknown, t: DataType): string {
  if (typeof v === 'bigint') return t === 'date_nanos' ? formatNanos(v) : String(v);
  if (typeof v === 'number') {
    if (isDate(t)) return formatDate(v);
    if (t === 'double') return javaDouble(v);
    return String(v);
  }
  return String(v);
}

const CONVERSION_DEFS: Record<string, { type: DataType; conv: (t: DataType) => (v: any) => unknown }> = {
  to_string: { type: 'keyword', conv: (t) => (v) => toStringValue(v, t) },
  to_ip: {
    type: 'ip',
    conv: () => (v) => {
      const ip = normalizeIp(String(v));
      if (ip === null) throw new EvalFailure(`java.lang.IllegalArgumentException: '${String(v)}' is not an IP string literal.`);
      return ip;
    },
  },
  to_long: {
    type: 'long',
    conv: (t) => (v) => {
      // Exact: a date_nanos is its epoch nanos, a long stays itself, integral text parses as a long
      // (StringUtils.parseLong) before falling back to a double.
      if (typeof v === 'bigint') {
        if (v > LONG_MAX || v < LONG_MIN) throw new EvalFailure(`org.elasticsearch.xpack.esql.core.InvalidArgumentException: [${v}] out of [long] range`);
        return normLong(v);
      }
      if (typeof v === 'string' && /^\s*[-+]?\d{16,}\s*$/.test(v)) {
        const b = BigInt(v.trim());
        if (b <= LONG_MAX && b >= LONG_MIN) return normLong(b);
      }
      const n = isDate(t) && typeof v === 'string' ? parseDate(v) : numberFrom(v);
      if (Math.abs(n) > 9.223372036854776e18) throw new EvalFailure(`org.elasticsearch.xpack.esql.core.InvalidArgumentException: [${v}] out of [long] range`);
      return Math.round(n); // Java's Math.round, as Elasticsearch's safeDoubleToLong
    },
  },
  to_unsigned_long: {
    type: 'unsigned_long',
    conv: () => (v) => {
      if (typeof v === 'bigint') {
        if (v < 0n) throw new EvalFailure(`org.elasticsearch.xpack.esql.core.InvalidArgumentException: [${v}] out of [unsigned_long] range`);
        return normLong(v);
      }
      const n = Math.trunc(numberFrom(v));
      if (n < 0) throw new EvalFailure(`org.elasticsearch.xpack.esql.core.InvalidArgumentException: [${v}] out of [unsigned_long] range`);
      return n;
    },
  },
  to_integer: {
    type: 'integer',
    conv: () => (v) => {
      const n = Math.round(numberFrom(v));
      if (n < -2147483648 || n > 2147483647) throw new EvalFailure(`org.elasticsearch.xpack.esql.core.InvalidArgumentException: [${v}] out of [integer] range`);
      return n;
    },
  },
  to_double: {
    type: 'double',
    conv: () => (v) => {
      if (typeof v === 'string' && (v.trim() === '' || Number.isNaN(Number(v)))) throw new EvalFailure(`java.lang.NumberFormatException: For input string: "${v}"`);
      return numberFrom(v);
    },
  },
  to_datetime: {
    type: 'date',
    conv: (t) => (v) => {
      // date_nanos -> millis: DateUtils.toMilliSeconds (floor); a long is epoch millis.
      if (typeof v === 'bigint') return t === 'date_nanos' ? nanosToMillis(v) : Number(v);
      if (typeof v === 'number') return Math.trunc(v);
      const ms = parseDate(String(v));
      if (Number.isNaN(ms)) {
        throw new EvalFailure(`java.lang.IllegalArgumentException: failed to parse date field [${String(v)}] with format [strict_date_optional_time]`);
      }
      return ms;
    },
  },
  // ToDateNanos (x-pack/plugin/esql/.../convert/ToDateNanos.java; date_nanos.csv-spec "to date nanos" cases).
  to_date_nanos: {
    type: 'date_nanos',
    conv: (t) => (v) => {
      const iae = (m: string) => new EvalFailure(`java.lang.IllegalArgumentException: ${m}`);
      if (t === 'date_nanos') return v;
      if (t === 'date') {
        const ms = v as number;
        if (ms < 0) throw iae(`milliSeconds [${ms}] are before the epoch in 1970 and cannot be converted to nanoseconds`);
        if (ms > 9223372036854) throw iae(`milliSeconds [${ms}] are after 2262-04-11T23:47:16.854775807 and cannot be converted to nanoseconds`);
        return millisToNanos(ms);
      }
      if (typeof v === 'string') {
        const ns = parseNanosWith(v, parseDate);
        if (ns === null) throw iae(`failed to parse date field [${v}] with format [strict_date_optional_time_nanos]`);
        const why = nanosRangeError(ns);
        if (why) throw iae(why);
        return ns;
      }
      // long / unsigned_long / integer: epoch nanos; double: Java's (long) cast.
      const ns = typeof v === 'bigint' ? v : BigInt(Math.trunc(numberFrom(v)));
      if (ns < 0n) throw iae('Nanosecond dates before 1970-01-01T00:00:00.000Z are not supported.');
      if (ns > MAX_NANOS) throw iae(`[${ns}] out of [long] range`);
      return ns;
    },
  },
  to_boolean: {
    type: 'boolean',
    conv: () => (v) => (typeof v === 'boolean' ? v : typeof v === 'number' ? v !== 0 : String(v).toLowerCase() === 'true'),
  },
  to_version: { type: 'version', conv: () => (v) => String(v) },
};

const ALIASES: Record<string, string> = {
  to_str: 'to_string',
  to_int: 'to_integer',
  to_dbl: 'to_double',
  to_dt: 'to_datetime',
  to_bool: 'to_boolean',
  to_ver: 'to_version',
  to_ul: 'to_unsigned_long',
  to_datenanos: 'to_date_nanos',
  to_ulong: 'to_unsigned_long',
};

export const CONVERSIONS = new Set([...Object.keys(CONVERSION_DEFS), ...Object.keys(ALIASES)]);

export function castFunction(type: string): string | undefined {
  switch (type) {
    case 'ip':
      return 'to_ip';
    case 'keyword':
    case 'string':
    case 'text':
      return 'to_string';
    case 'long':
      return 'to_long';
    case 'integer':
    case 'int':
      return 'to_integer';
    case 'double':
      return 'to_double';
    case 'datetime':
    case 'date':
      return 'to_datetime';
    case 'boolean':
    case 'bool':
      return 'to_boolean';
    case 'version':
      return 'to_version';
    case 'unsigned_long':
      return 'to_unsigned_long';
    case 'date_nanos':
      return 'to_date_nanos';
    case 'geo_point':
      return 'to_geopoint';
    case 'geo_shape':
      return 'to_geoshape';
    case 'cartesian_point':
      return 'to_cartesianpoint';
    case 'cartesian_shape':
      return 'to_cartesianshape';
    default:
      return undefined;
  }
}

/** A compiled LIKE / RLIKE pattern (whole-string match, linear time in the input: no backtracking). */
export interface StringPattern {
  test(s: string): boolean;
}

/** ES|QL LIKE (WildcardPattern): `*` any string, `?` one character, `\` escapes. */
export function likeToRegExp(pattern: string): StringPattern {
  const m = compileWildcard(pattern, { escape: true, questionMark: true });
  return { test: m };
}

/** ES|QL RLIKE (RLikePattern): Lucene RegExp syntax with flags ALL, always matching the whole string. */
export function rlikeToRegExp(pattern: string): StringPattern {
  return compileLuceneRegExp(pattern);
}

// REPLACE compiles its (usually constant) pattern once per distinct string; a small cache keeps that cheap.
const javaRegexCache = new Map<string, CompiledJavaRegex | PatternSyntaxError>();
function javaRegex(re: string): CompiledJavaRegex {
  let c = javaRegexCache.get(re);
  if (!c) {
    try {
      c = compileJavaRegex(re);
    } catch (e) {
      if (!(e instanceof PatternSyntaxError)) throw e;
      c = e;
    }
    if (javaRegexCache.size >= 256) javaRegexCache.delete(javaRegexCache.keys().next().value!);
    javaRegexCache.set(re, c);
  }
  if (c instanceof PatternSyntaxError) throw new EvalFailure(`java.util.regex.PatternSyntaxException: ${c.message}`);
  return c;
}

function sameTypeCheck(h: Helpers, args: CExpr[]): DataType {
  const t = args.find((a) => a.type !== 'null')?.type ?? 'null';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.type === 'null' || a.type === t || (isString(a.type) && isString(t))) continue;
    throw verificationError(h.loc, `${['first', 'second', 'third', 'fourth', 'fifth'][i] ?? `${i + 1}th`} argument of [${h.text}] must be [${esType(t)}], found value [${a.text}] type [${esType(a.type)}]`);
  }
  return isString(t) && args.some((a) => a.type === 'keyword') ? 'keyword' : t;
}

/**
 * TO_IP's `{"leading_zeros": "reject"|"octal"|"decimal"}` option, validated like ToIp.resolveType
 * (x-pack/plugin/esql/.../scalar/convert/ToIp.java): unknown keys, non-keyword or non-literal values and unknown
 * modes are verification errors at the function.
 */
function toIpLeadingZeros(h: Helpers): 'reject' | 'octal' | 'decimal' {
  const opts = h.node?.options;
  if (!opts) return 'reject';
  let mode: 'reject' | 'octal' | 'decimal' = 'reject';
  for (const e of opts.entries) {
    if (e.key !== 'leading_zeros') throw verificationError(h.loc, `[${e.key}] is not a supported option`);
    const v = e.value;
    if (v.kind !== 'literal') throw verificationError(h.loc, 'map values must be literals');
    if (v.dataType !== 'string') {
      const type = v.dataType === 'integer' ? (Math.abs(Number(v.value)) > 2147483647 ? 'LONG' : 'INTEGER') : v.dataType === 'decimal' ? 'DOUBLE' : v.dataType === 'boolean' ? 'BOOLEAN' : 'NULL';
      throw verificationError(h.loc, `[leading_zeros] expects [KEYWORD] but was [${type}]`);
    }
    const str = String(v.value);
    if (str !== 'reject' && str !== 'octal' && str !== 'decimal') throw verificationError(h.loc, `Illegal leading_zeros [${str}]`);
    mode = str;
  }
  return mode;
}

/**
 * IPv4 quads with leading zeros read as decimal (`1.1.010.1` -> 1.1.10.1) or octal (-> 1.1.8.1), as
 * ParseIp.leadingZerosAreDecimal / leadingZerosAreOctal do; IPv6 text goes through the normal parser.
 * In octal mode Elasticsearch stores each quad as a byte without a range check, so 256 wraps to 0 there too.
 */
function parseIpLeadingZeros(s: string, mode: 'octal' | 'decimal'): string {
  const invalid = () => new EvalFailure(`java.lang.IllegalArgumentException: '${s}' is not an IP string literal.`);
  if (s.includes(':')) {
    const ip = normalizeIp(s);
    if (ip === null) throw invalid();
    return ip;
  }
  const quads = s.split('.');
  if (quads.length !== 4) throw invalid();
  const out = quads.map((q) => {
    if (q === '' || !/^\d+$/.test(q)) throw invalid();
    if (mode === 'octal' && q.length > 1 && q[0] === '0') {
      // ParseIp.octalDigit never rejects 8 or 9 (its range test cannot be true): they count as digits of base 8.
      let v = 0;
      for (const ch of q) v = v * 8 + (ch.charCodeAt(0) - 48);
      return v & 0xff;
    }
    const v = parseInt(q, 10);
    if (mode === 'octal') return v & 0xff;
    if (v > 255) throw invalid();
    return v;
  });
  return out.join('.');
}

/**
 * Mixed numeric arguments of COALESCE / CASE / GREATEST / LEAST, as the Analyzer's ImplicitCasting rule does it
 * (x-pack/plugin/esql/.../analysis/Analyzer.java, PRs #111917 and #122601): the first numeric argument fixes the
 * target type; when every other numeric argument widens to it (integer -> long -> double) they are all cast to it,
 * otherwise nothing is cast and the function's own "must be [type]" check fails. `positions` are the argument
 * ordinals Elasticsearch reports (CASE counts conditions too).
 */
function unifiedType(h: Helpers, values: CExpr[], positions: number[]): DataType {
  const rank: Partial<Record<DataType, number>> = { integer: 1, long: 2, double: 3 };
  let target: DataType | undefined;
  let castable = true;
  for (const v of values) {
    if (!isNumeric(v.type)) continue;
    if (target === undefined) target = v.type;
    else if (v.type !== target && !((rank[v.type] ?? 9) <= (rank[target] ?? 0))) castable = false;
  }
  let t: DataType = 'null';
  for (let i = 0; i < values.length; i++) {
    const a = values[i];
    if (a.type === 'null') continue;
    if (t === 'null') {
      t = castable && target !== undefined && isNumeric(a.type) ? target : a.type;
      continue;
    }
    if (a.type === t || (isString(a.type) && isString(t))) continue;
    if (castable && target !== undefined && isNumeric(a.type) && t === target) continue;
    const ord = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'][positions[i]] ?? `${positions[i] + 1}th`;
    throw verificationError(h.loc, `${ord} argument of [${h.text}] must be [${isString(t) ? 'keyword' : esType(t)}], found value [${a.text}] type [${esType(a.type)}]`);
  }
  // The result type is the first value's `noText()`: text values come out as keyword.
  return isString(t) ? 'keyword' : t;
}

/** Math.absExact on a long: |Long.MIN_VALUE| overflows. */
function absLong(x: bigint): bigint {
  if (x === LONG_MIN) throw new EvalFailure('java.lang.ArithmeticException: long overflow');
  return x < 0n ? -x : x;
}

/** ROUND(long, negative digits): half away from zero at 10^-d, exact. */
function roundBig(x: bigint, d: number): number | bigint {
  const f = 10n ** BigInt(-d);
  const neg = x < 0n;
  const a = neg ? -x : x;
  const r = ((a + f / 2n) / f) * f;
  return normLong(neg ? -r : r);
}

// ---- dates ------------------------------------------------------------------------------------------

function truncDate(ms: number, p: Period): number {
  if (p.kind === 'duration') {
    if (p.ms <= 0) throw new EvalFailure('java.lang.IllegalArgumentException: Zero or negative time interval is not supported');
    return Math.floor(ms / p.ms) * p.ms;
  }
  const d = new Date(ms);
  if (p.months) {
    const total = d.getUTCFullYear() * 12 + d.getUTCMonth();
    const m = Math.floor(total / p.months) * p.months;
    return Date.UTC(Math.floor(m / 12), m % 12, 1);
  }
  if (p.days === 7) {
    const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    const dow = (d.getUTCDay() + 6) % 7; // Monday = 0
    return day - dow * 86_400_000;
  }
  const span = p.days * 86_400_000;
  if (span <= 0) throw new EvalFailure('java.lang.IllegalArgumentException: Zero or negative time interval is not supported');
  return Math.floor(ms / span) * span;
}

/** DATE_TRUNC / BUCKET on date_nanos: durations truncate the epoch nanos; calendar periods the millis part. */
function truncNanos(ns: bigint, p: Period): bigint {
  if (p.kind === 'duration') {
    if (p.ms <= 0) throw new EvalFailure('java.lang.IllegalArgumentException: Zero or negative time interval is not supported');
    const step = millisToNanos(p.ms);
    const r = ns % step;
    return ns - (r < 0n ? r + step : r);
  }
  return millisToNanos(truncDate(nanosToMillis(ns), p));
}

const NANOS_PER_UNIT: Record<string, bigint> = {
  week: 604_800_000_000_000n,
  day: 86_400_000_000_000n,
  dayofyear: 86_400_000_000_000n,
  weekday: 86_400_000_000_000n,
  hour: 3_600_000_000_000n,
  minute: 60_000_000_000n,
  second: 1_000_000_000n,
  millisecond: 1_000_000n,
  microsecond: 1_000n,
  nanosecond: 1n,
};

/** DATE_DIFF with nanosecond inputs: fixed-length units divide the exact difference (truncating, as ChronoUnit.between). */
function dateDiffNanos(unit: string, a: bigint, b: bigint): number {
  const per = NANOS_PER_UNIT[unit];
  if (!per) return dateDiff(unit, nanosToMillis(a), nanosToMillis(b));
  const r = (b - a) / per;
  if (r < -2147483648n || r > 2147483647n) {
    throw new EvalFailure(`org.elasticsearch.xpack.esql.core.InvalidArgumentException: [${r}] out of [integer] range`);
  }
  return Number(r);
}

const DIFF_UNITS: Record<string, string> = {};
for (const [u, names] of Object.entries({
  year: ['year', 'years', 'yy', 'yyyy'],
  quarter: ['quarter', 'quarters', 'qq', 'q'],
  month: ['month', 'months', 'mm', 'm'],
  dayofyear: ['dayofyear', 'dy', 'y'],
  day: ['day', 'days', 'dd', 'd'],
  week: ['week', 'weeks', 'wk', 'ww'],
  weekday: ['weekday', 'weekdays', 'dw'],
  hour: ['hour', 'hours', 'hh'],
  minute: ['minute', 'minutes', 'mi', 'n'],
  second: ['second', 'seconds', 'ss', 's'],
  millisecond: ['millisecond', 'milliseconds', 'ms'],
  microsecond: ['microsecond', 'microseconds', 'mcs'],
  nanosecond: ['nanosecond', 'nanoseconds', 'ns'],
})) {
  for (const n of names) DIFF_UNITS[n] = u;
}

function monthsBetween(a: number, b: number): number {
  const x = new Date(a);
  const y = new Date(b);
  let months = (y.getUTCFullYear() - x.getUTCFullYear()) * 12 + (y.getUTCMonth() - x.getUTCMonth());
  // Java's ChronoUnit.MONTHS.between: only complete months count.
  const restX = a - Date.UTC(x.getUTCFullYear(), x.getUTCMonth(), 1);
  const restY = b - Date.UTC(y.getUTCFullYear(), y.getUTCMonth(), 1);
  if (months > 0 && restY < restX) months--;
  else if (months < 0 && restY > restX) months++;
  return months;
}

function dateDiff(unit: string, a: number, b: number): number {
  const ms = b - a;
  let r: number;
  switch (unit) {
    case 'year':
      r = Math.trunc(monthsBetween(a, b) / 12);
      break;
    case 'quarter':
      r = Math.trunc(monthsBetween(a, b) / 3);
      break;
    case 'month':
      r = monthsBetween(a, b);
      break;
    case 'week':
      r = Math.trunc(ms / 604_800_000);
      break;
    case 'day':
    case 'dayofyear':
    case 'weekday':
      r = Math.trunc(ms / 86_400_000);
      break;
    case 'hour':
      r = Math.trunc(ms / 3_600_000);
      break;
    case 'minute':
      r = Math.trunc(ms / 60_000);
      break;
    case 'second':
      r = Math.trunc(ms / 1000);
      break;
    case 'microsecond':
      r = ms * 1000;
      break;
    case 'nanosecond':
      r = ms * 1_000_000;
      break;
    default:
      r = ms;
  }
  if (r < -2147483648 || r > 2147483647) {
    throw new EvalFailure(`org.elasticsearch.xpack.esql.core.InvalidArgumentException: [${r}] out of [integer] range`);
  }
  return r;
}

const EXTRACT: Record<string, (d: Date) => number> = {
  year: (d) => d.getUTCFullYear(),
  month_of_year: (d) => d.getUTCMonth() + 1,
  day_of_month: (d) => d.getUTCDate(),
  day_of_week: (d) => ((d.getUTCDay() + 6) % 7) + 1,
  day_of_year: (d) => Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1,
  hour_of_day: (d) => d.getUTCHours(),
  minute_of_hour: (d) => d.getUTCMinutes(),
  second_of_minute: (d) => d.getUTCSeconds(),
  milli_of_second: (d) => d.getUTCMilliseconds(),
  minute_of_day: (d) => d.getUTCHours() * 60 + d.getUTCMinutes(),
  second_of_day: (d) => d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds(),
  epoch_day: (d) => Math.floor(d.getTime() / 86_400_000),
  aligned_week_of_year: (d) => Math.floor((EXTRACT.day_of_year(d) - 1) / 7) + 1,
  quarter_of_year: (d) => Math.floor(d.getUTCMonth() / 3) + 1,
  ampm_of_day: (d) => (d.getUTCHours() < 12 ? 0 : 1),
  hour_of_ampm: (d) => d.getUTCHours() % 12,
};

// ---- MV ---------------------------------------------------------------------------------------------

function mvReduce(h: Helpers, args: CExpr[], pick: (vs: unknown[], t: DataType) => unknown, type?: DataType): Built {
  const f = args[0].fn;
  const t = args[0].type;
  return {
    type: type ?? t,
    fn: guardRow(h, (r) => {
      const v = f(r);
      if (v === null || v === undefined) return null;
      return pick(Array.isArray(v) ? v : [v], t);
    }),
  };
}

function roundHalfUp(x: number, decimals: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.pow(10, decimals);
  const r = Math.sign(x) * Math.round(Math.abs(x) * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

// ---- definitions ------------------------------------------------------------------------------------

export const FUNCTIONS: Record<string, Def> = {};

for (const [name, d] of Object.entries(CONVERSION_DEFS)) {
  FUNCTIONS[name] = {
    min: 1,
    max: name === 'to_ip' ? 2 : 1,
    build: (args, h) => {
      const t = args[0].type;
      if (name === 'to_ip') {
        const mode = toIpLeadingZeros(h);
        if (t === 'ip') return { type: 'ip', fn: args[0].fn };
        if (mode !== 'reject' && (isString(t) || t === 'null')) return perValue(h, args[0], 'ip', (v) => parseIpLeadingZeros(String(v), mode));
      }
      if (['geo_point', 'date_period', 'time_duration'].includes(t)) {
        throw verificationError(h.loc, `argument of [${h.text}] must be [a convertible type], found value [${args[0].text}] type [${t}]`);
      }
      return perValue(h, args[0], d.type, d.conv(t));
    },
  };
}
for (const [alias, target] of Object.entries(ALIASES)) FUNCTIONS[alias] = FUNCTIONS[target];

Object.assign(FUNCTIONS, {
  to_lower: {
    min: 1,
    max: 1,
    build: (args, h) => {
      expectType(h, args, 0, str, 'keyword or text');
      return perValue(h, args[0], args[0].type === 'null' ? 'keyword' : args[0].type, (v: string) => v.toLowerCase());
    },
  },
  to_upper: {
    min: 1,
    max: 1,
    build: (args, h) => {
      expectType(h, args, 0, str, 'keyword or text');
      return perValue(h, args[0], args[0].type === 'null' ? 'keyword' : args[0].type, (v: string) => v.toUpperCase());
    },
  },
  length: {
    min: 1,
    max: 1,
    build: (args, h) => {
      expectType(h, args, 0, str, 'keyword or text');
      return sv(h, args, 'integer', (s: string) => [...s].length);
    },
  },
  concat: {
    min: 2,
    max: 100,
    build: (args, h) => {
      args.forEach((_, i) => expectType(h, args, i, str, 'string'));
      return sv(h, args, 'keyword', (...v: string[]) => v.join(''));
    },
  },
  substring: {
    min: 2,
    max: 3,
    build: (args, h) => {
      expectType(h, args, 0, str, 'string');
      expectType(h, args, 1, intLike, 'integer');
      expectType(h, args, 2, intLike, 'integer');
      return sv(h, args, 'keyword', (s: string, start: number, len?: number) => {
        const cps = [...s];
        let from = start > 0 ? start - 1 : start < 0 ? Math.max(cps.length + start, 0) : 0;
        from = Math.min(from, cps.length);
        const to = len === undefined ? cps.length : Math.min(from + Math.max(len, 0), cps.length);
        return cps.slice(from, to).join('');
      });
    },
  },
  left: {
    min: 2,
    max: 2,
    build: (args, h) => sv(h, args, 'keyword', (s: string, n: number) => [...s].slice(0, Math.max(n, 0)).join('')),
  },
  right: {
    min: 2,
    max: 2,
    build: (args, h) => sv(h, args, 'keyword', (s: string, n: number) => (n <= 0 ? '' : [...s].slice(-n).join(''))),
  },
  trim: { min: 1, max: 1, build: (args, h) => sv(h, args, args[0].type === 'null' ? 'keyword' : args[0].type, (s: string) => s.trim()) },
  ltrim: { min: 1, max: 1, build: (args, h) => sv(h, args, args[0].type === 'null' ? 'keyword' : args[0].type, (s: string) => s.trimStart()) },
  rtrim: { min: 1, max: 1, build: (args, h) => sv(h, args, args[0].type === 'null' ? 'keyword' : args[0].type, (s: string) => s.trimEnd()) },
  reverse: { min: 1, max: 1, build: (args, h) => sv(h, args, args[0].type === 'null' ? 'keyword' : args[0].type, (s: string) => [...s].reverse().join('')) },
  starts_with: {
    min: 2,
    max: 2,
    build: (args, h) => {
      expectType(h, args, 0, str, 'string');
      expectType(h, args, 1, str, 'string');
      return sv(h, args, 'boolean', (s: string, p: string) => s.startsWith(p));
    },
  },
  ends_with: {
    min: 2,
    max: 2,
    build: (args, h) => {
      expectType(h, args, 0, str, 'string');
      expectType(h, args, 1, str, 'string');
      return sv(h, args, 'boolean', (s: string, p: string) => s.endsWith(p));
    },
  },
  locate: {
    min: 2,
    max: 3,
    build: (args, h) =>
      sv(h, args, 'integer', (s: string, sub: string, start?: number) => {
        const from = start === undefined || start <= 0 ? 0 : start - 1;
        const i = s.indexOf(sub, from);
        return i < 0 ? 0 : [...s.slice(0, i)].length + 1;
      }),
  },
  replace: {
    min: 3,
    max: 3,
    build: (args, h) =>
      sv(h, args, 'keyword', (s: string, re: string, to: string) => {
        // Java regex semantics (Replace.java: Pattern.compile + Matcher.replaceAll) on a step-budgeted matcher.
        const compiled = javaRegex(re);
        try {
          return compiled.replaceAll(s, to);
        } catch (e) {
          if (e instanceof RegexBudgetExceeded) throw new EvalFailure(`java.lang.IllegalArgumentException: ${e.message}`);
          if (e instanceof ReplacementError) throw new EvalFailure(`${e.javaClass}: ${e.message}`);
          throw e;
        }
      }),
  },
  split: {
    min: 2,
    max: 2,
    build: (args, h) => sv(h, args, 'keyword', (s: string, d: string) => mv(d === '' ? [...s] : s.split(d))),
  },
  cidr_match: {
    min: 2,
    max: 100,
    build: (args, h) => {
      expectType(h, args, 0, (t) => t === 'ip', 'ip');
      for (let i = 1; i < args.length; i++) expectType(h, args, i, str, 'keyword or text');
      const fip = args[0].fn;
      const cache = new Map<string, Cidr | null>();
      const cidr = (s: string): Cidr | null => {
        let c = cache.get(s);
        if (c === undefined) {
          c = parseCidr(s);
          cache.set(s, c);
        }
        return c;
      };
      const constBlocks = args.slice(1).every((a) => a.isConst)
        ? args
            .slice(1)
            .flatMap((a) => vals(a.value))
            .map((s) => cidr(String(s)))
        : undefined;
      const blockFns = args.slice(1).map((a) => a.fn);
      return {
        type: 'boolean',
        fn: (r) => {
          const ip = fip(r);
          if (ip === null || ip === undefined) return null;
          if (Array.isArray(ip)) {
            h.fail(SINGLE_VALUE);
            return null;
          }
          let blocks = constBlocks;
          if (!blocks) {
            blocks = [];
            for (const f of blockFns) {
              const v = f(r);
              if (v === null || v === undefined) return null;
              for (const s of vals(v)) blocks.push(cidr(String(s)));
            }
          }
          for (const b of blocks) if (b && cidrContains(b, ip as string)) return true;
          return false;
        },
      };
    },
  },
  ip_prefix: {
    min: 3,
    max: 3,
    build: (args, h) => {
      expectType(h, args, 0, (t) => t === 'ip', 'ip');
      return sv(h, args, 'ip', (ip: string, l4: number, l6: number) => {
        const b = ipBytes(ip);
        const v4 = /^\d+\.\d+\.\d+\.\d+$/.test(ip);
        if (v4 && (l4 < 0 || l4 > 32)) throw new EvalFailure(`java.lang.IllegalArgumentException: Prefix length v4 must be in range [0, 32], found ${l4}`);
        if (!v4 && (l6 < 0 || l6 > 128)) throw new EvalFailure(`java.lang.IllegalArgumentException: Prefix length v6 must be in range [0, 128], found ${l6}`);
        const bits = v4 ? 96 + l4 : l6;
        const out = new Uint8Array(16);
        for (let i = 0; i < 16; i++) {
          const keep = Math.max(0, Math.min(8, bits - i * 8));
          out[i] = b[i] & ((0xff << (8 - keep)) & 0xff);
        }
        if (v4) {
          out[10] = 0xff;
          out[11] = 0xff;
        }
        return ipFromBytes(out);
      });
    },
  },
  case: {
    min: 1,
    max: 1000,
    build: (args, h) => {
      const pairs: Array<[CExpr, CExpr]> = [];
      let i = 0;
      for (; i + 1 < args.length; i += 2) {
        expectType(h, args, i, (t) => t === 'boolean', 'boolean');
        pairs.push([args[i], args[i + 1]]);
      }
      const dflt = i < args.length ? args[i] : undefined;
      const results = [...pairs.map((p) => p[1]), ...(dflt ? [dflt] : [])];
      // Case.resolveValueType reports value k at ordinal 2k+1 and the default at 2 * conditions.
      const type = unifiedType(h, results, [...pairs.map((_, k) => 2 * k + 1), ...(dflt ? [2 * pairs.length] : [])]);
      const conds = pairs.map((p) => p[0].fn);
      const outs = pairs.map((p) => p[1].fn);
      const fd = dflt?.fn;
      return {
        type,
        fn: (r) => {
          for (let k = 0; k < conds.length; k++) {
            const c = conds[k](r);
            if (Array.isArray(c)) {
              h.fail(SINGLE_VALUE);
              continue;
            }
            if (c === true) return outs[k](r);
          }
          return fd ? fd(r) : null;
        },
      };
    },
  },
  coalesce: {
    min: 1,
    max: 1000,
    build: (args, h) => {
      const type = unifiedType(h, args, args.map((_, i) => i));
      const fns = args.map((a) => a.fn);
      if (fns.length === 2) {
        const [f0, f1] = fns;
        return {
          type,
          fn: (r) => {
            const v = f0(r);
            if (v !== null && v !== undefined) return v;
            const w = f1(r);
            return w === undefined ? null : w;
          },
        };
      }
      return {
        type,
        fn: (r) => {
          for (const f of fns) {
            const v = f(r);
            if (v !== null && v !== undefined) return v;
          }
          return null;
        },
      };
    },
  },
  greatest: { min: 1, max: 1000, build: (args, h) => extreme(args, h, 1) },
  least: { min: 1, max: 1000, build: (args, h) => extreme(args, h, -1) },
  round: {
    min: 1,
    max: 2,
    build: (args, h) => {
      expectType(h, args, 0, num, 'numeric');
      expectType(h, args, 1, intLike, 'integer');
      const t = args[0].type;
      return sv(h, args, t, (x: number | bigint, d = 0) => {
        if (typeof x === 'bigint') return d >= 0 ? x : roundBig(x, d);
        if (t === 'double') return roundHalfUp(x, d);
        if (d >= 0) return x;
        const f = Math.pow(10, -d);
        return Math.sign(x) * Math.round(Math.abs(x) / f) * f;
      });
    },
  },
  abs: {
    min: 1,
    max: 1,
    build: (args, h) => {
      expectType(h, args, 0, num, 'numeric');
      return sv(h, args, args[0].type, (x: number | bigint) => (typeof x === 'bigint' ? absLong(x) : Math.abs(x)));
    },
  },
  // A BigInt is a whole long already.
  ceil: { min: 1, max: 1, build: (args, h) => sv(h, args, args[0].type, (x: number | bigint) => (typeof x === 'bigint' ? x : Math.ceil(x))) },
  floor: { min: 1, max: 1, build: (args, h) => sv(h, args, args[0].type, (x: number | bigint) => (typeof x === 'bigint' ? x : Math.floor(x))) },
  sqrt: {
    min: 1,
    max: 1,
    build: (args, h) =>
      sv(h, args, 'double', (x: number) => {
        if (x < 0) throw new EvalFailure('java.lang.ArithmeticException: Square root of negative');
        return Math.sqrt(x);
      }),
  },
  pow: { min: 2, max: 2, build: (args, h) => sv(h, args, 'double', (x: number, y: number) => Math.pow(x, y)) },
  log10: {
    min: 1,
    max: 1,
    build: (args, h) =>
      sv(h, args, 'double', (x: number) => {
        if (x <= 0) throw new EvalFailure('java.lang.ArithmeticException: Log of non-positive number');
        return Math.log10(x);
      }),
  },
  pi: { min: 0, max: 0, build: () => ({ type: 'double', fn: () => Math.PI }) },
  e: { min: 0, max: 0, build: () => ({ type: 'double', fn: () => Math.E }) },
  now: { min: 0, max: 0, nondeterministic: true, build: (_args, h) => ({ type: 'date', fn: () => h.now }) },
  date_trunc: {
    min: 2,
    max: 2,
    build: (args, h) => {
      expectType(h, args, 0, (t) => t === 'date_period' || t === 'time_duration', 'dateperiod or timeduration');
      expectType(h, args, 1, isDate, 'date_nanos or datetime');
      const type = args[1].type === 'null' ? 'date' : args[1].type;
      const p = args[0].value as Period | null;
      if (type === 'date_nanos') return sv(h, args, type, (q: Period, ns: bigint) => truncNanos(ns, q));
      // Constant positive duration (e.g. `1 minute`): plain arithmetic on epoch millis, no Period per row.
      if (args[0].isConst && p && p.kind === 'duration' && p.ms > 0 && !args[1].isConst) {
        const step = p.ms;
        const f = args[1].fn;
        return {
          type,
          fn: (r) => {
            const ms = f(r);
            if (ms === null || ms === undefined) return null;
            if (Array.isArray(ms)) {
              h.fail(SINGLE_VALUE);
              return null;
            }
            return Math.floor((ms as number) / step) * step;
          },
        };
      }
      return sv(h, args, type, (p: Period, ms: number) => truncDate(ms, p));
    },
  },
  bucket: {
    min: 2,
    max: 4,
    build: (args, h) => {
      if (args.length !== 2) throw verificationError(h.loc, `function [BUCKET] with [${args.length}] arguments is not supported by the embedded engine`);
      const [v] = args;
      if (isDate(v.type)) {
        expectType(h, args, 1, (t) => t === 'date_period' || t === 'time_duration', 'date_period or time_duration');
        if (v.type === 'date_nanos') return sv(h, args, v.type, (ns: bigint, p: Period) => truncNanos(ns, p));
        return sv(h, args, v.type, (ms: number, p: Period) => truncDate(ms, p));
      }
      expectType(h, args, 0, num, 'numeric or datetime');
      return sv(h, args, 'double', (x: number | bigint, s: number) => Math.floor(Number(x) / s) * s);
    },
  },
  date_diff: {
    min: 3,
    max: 3,
    build: (args, h) => {
      expectType(h, args, 0, str, 'keyword or text');
      expectType(h, args, 1, isDate, 'date_nanos or datetime');
      expectType(h, args, 2, isDate, 'date_nanos or datetime');
      // A date_nanos on either side: the difference is taken in nanoseconds (DateDiff's Nanos evaluators).
      const nanos = args[1].type === 'date_nanos' || args[2].type === 'date_nanos';
      const asNanos = (v: number | bigint): bigint => (typeof v === 'bigint' ? v : millisToNanos(v));
      return sv(h, args, 'integer', (unit: string, a: number | bigint, b: number | bigint) => {
        const u = DIFF_UNITS[unit.toLowerCase()];
        if (!u) throw new EvalFailure(`java.lang.IllegalArgumentException: A value of [YEAR, QUARTER, MONTH, DAYOFYEAR, DAY, WEEK, WEEKDAY, HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND, NANOSECOND] or their aliases is required; received [${unit}]`);
        return nanos ? dateDiffNanos(u, asNanos(a), asNanos(b)) : dateDiff(u, a as number, b as number);
      });
    },
  },
  date_extract: {
    min: 2,
    max: 2,
    build: (args, h) => {
      expectType(h, args, 1, isDate, 'date_nanos or datetime');
      return sv(h, args, 'long', (part: string, v: number | bigint) => {
        const ms = typeof v === 'bigint' ? nanosToMillis(v) : v;
        const sub = typeof v === 'bigint' ? subMilliNanos(v) : 0;
        const key = part.toLowerCase();
        // Sub-second fields of a date_nanos keep their nanoseconds (chronoToLongNanos).
        if (key === 'nano_of_second' || key === 'micro_of_second') {
          const nanoOfSecond = (((ms % 1000) + 1000) % 1000) * 1_000_000 + sub;
          return key === 'nano_of_second' ? nanoOfSecond : Math.floor(nanoOfSecond / 1000);
        }
        const f = EXTRACT[key];
        if (!f) throw new EvalFailure(`java.lang.IllegalArgumentException: No enum constant java.time.temporal.ChronoField.${part.toUpperCase()}`);
        return f(new Date(ms));
      });
    },
  },
  mv_count: { min: 1, max: 1, build: (args, h) => mvReduce(h, args, (vs) => vs.length, 'integer') },
  mv_first: { min: 1, max: 1, build: (args, h) => mvReduce(h, args, (vs) => vs[0]) },
  mv_last: { min: 1, max: 1, build: (args, h) => mvReduce(h, args, (vs) => vs[vs.length - 1]) },
  mv_min: {
    min: 1,
    max: 1,
    build: (args, h) => mvReduce(h, args, (vs, t) => vs.reduce((a, b) => (comparatorFor(t)(b, a) < 0 ? b : a))),
  },
  mv_max: {
    min: 1,
    max: 1,
    build: (args, h) => mvReduce(h, args, (vs, t) => vs.reduce((a, b) => (comparatorFor(t)(b, a) > 0 ? b : a))),
  },
  mv_sum: {
    min: 1,
    max: 1,
    build: (args, h) => mvReduce(h, args, (vs) => (vs as number[]).reduce((a, b) => a + b, 0)),
  },
  mv_avg: { min: 1, max: 1, build: (args, h) => mvReduce(h, args, (vs) => (vs as number[]).reduce((a, b) => a + b, 0) / vs.length, 'double') },
  mv_median: {
    min: 1,
    max: 1,
    build: (args, h) =>
      mvReduce(h, args, (vs, t) => {
        const s = [...(vs as number[])].sort((a, b) => a - b);
        const m = s.length >> 1;
        if (s.length % 2) return s[m];
        const avg = (s[m - 1] + s[m]) / 2;
        return t === 'double' ? avg : Math.floor(avg);
      }),
  },
  mv_dedupe: {
    min: 1,
    max: 1,
    build: (args, h) => mvReduce(h, args, (vs) => mv([...new Set(vs)])),
  },
  mv_sort: {
    min: 1,
    max: 2,
    build: (args, h) => {
      const order = constArg(h, args[1], 'second argument');
      const dir = order === undefined ? 'asc' : String(order).toLowerCase();
      if (dir !== 'asc' && dir !== 'desc') {
        throw verificationError(args[1].loc, `Invalid order value in [${h.text}], expected one of [ASC, DESC] but got [${String(order)}]`);
      }
      return mvReduce(h, args, (vs, t) => {
        const c = comparatorFor(t);
        return mv([...vs].sort((a, b) => (dir === 'asc' ? c(a, b) : c(b, a))));
      });
    },
  },
  mv_slice: {
    min: 2,
    max: 3,
    build: (args, h) => {
      expectType(h, args, 1, intLike, 'integer');
      expectType(h, args, 2, intLike, 'integer');
      const f = args[0].fn;
      const fs = args[1].fn;
      const fe = args[2]?.fn;
      return {
        type: args[0].type,
        fn: guardRow(h, (r) => {
          const v = f(r);
          if (v === null || v === undefined) return null;
          const s = fs(r);
          const e = fe ? fe(r) : s;
          if (s === null || e === null || s === undefined || e === undefined) return null;
          const vs = Array.isArray(v) ? v : [v];
          const n = vs.length;
          let start = s as number;
          let end = e as number;
          if ((start < 0) !== (end < 0)) throw new EvalFailure('org.elasticsearch.xpack.esql.core.InvalidArgumentException: Start and end offset have different signs');
          if (start > end) throw new EvalFailure(`org.elasticsearch.xpack.esql.core.InvalidArgumentException: Start offset is greater than end offset`);
          if (start < 0) {
            start += n;
            end += n;
          }
          return mv(vs.slice(Math.max(start, 0), Math.max(end + 1, 0)));
        }),
      };
    },
  },
  mv_append: {
    min: 2,
    max: 2,
    build: (args, h) => {
      const type = sameTypeCheck(h, args);
      const [fa, fb] = args.map((a) => a.fn);
      return {
        type,
        fn: (r) => {
          const a = fa(r);
          const b = fb(r);
          if (a === null || a === undefined) return b ?? null;
          if (b === null || b === undefined) return a;
          return [...vals(a), ...vals(b)];
        },
      };
    },
  },
  mv_concat: {
    min: 2,
    max: 2,
    build: (args, h) => {
      expectType(h, args, 0, str, 'string');
      expectType(h, args, 1, str, 'string');
      const [fa, fd] = args.map((a) => a.fn);
      return {
        type: 'keyword',
        fn: (r) => {
          const a = fa(r);
          const d = fd(r);
          if (a === null || a === undefined || d === null || d === undefined) return null;
          if (Array.isArray(d)) {
            h.fail(SINGLE_VALUE);
            return null;
          }
          return vals(a).join(String(d));
        },
      };
    },
  },
  mv_contains: {
    min: 2,
    max: 2,
    build: (args) => {
      const [fa, fb] = args.map((a) => a.fn);
      return {
        type: 'boolean',
        fn: (r) => {
          const sup = new Set(vals(fa(r)));
          return vals(fb(r)).every((x) => sup.has(x));
        },
      };
    },
  },
  match: {
    min: 2,
    max: 3,
    build: (args, h) => {
      const [field, query] = args;
      if (!str(field.type) && field.type !== 'null') return sv(h, [field, query], 'boolean', (a: unknown, q: unknown) => String(a) === String(q));
      const tokens = (s: string) => s.toLowerCase().split(/[^\p{L}\p{N}_]+/u).filter(Boolean);
      const ff = field.fn;
      const fq = query.fn;
      const keyword = field.type === 'keyword';
      return {
        type: 'boolean',
        fn: (r) => {
          const q = fq(r);
          const v = ff(r);
          if (v === null || v === undefined || q === null || q === undefined) return false;
          if (keyword) return vals(v).some((x) => x === String(q));
          const want = tokens(String(q));
          return vals(v).some((x) => {
            const have = new Set(tokens(String(x)));
            return want.some((t) => have.has(t));
          });
        },
      };
    },
  },
} as Record<string, Def>);

function extreme(args: CExpr[], h: Helpers, sign: number): Built {
  const outType = unifiedType(h, args, args.map((_, i) => i));
  const cmp = comparatorFor(outType);
  const fns = args.map((a) => a.fn);
  return {
    type: outType,
    fn: (r) => {
      let best: unknown = null;
      for (const f of fns) {
        const v = f(r);
        if (v === null || v === undefined) return null;
        for (const x of vals(v)) if (best === null || sign * cmp(x, best) > 0) best = x;
      }
      return best;
    },
  };
}

const math1 = (f: (x: number) => number, check?: (x: number) => string | undefined): Def => ({
  min: 1,
  max: 1,
  build: (args, h) => {
    expectType(h, args, 0, num, 'numeric');
    return sv(h, args, 'double', (x: number) => {
      const bad = check?.(x);
      if (bad) throw new EvalFailure(`java.lang.ArithmeticException: ${bad}`);
      return f(x);
    });
  },
});
const digest = (alg: string): Def => ({
  min: 1,
  max: 1,
  build: (args, h) => {
    expectType(h, args, 0, str, 'keyword or text');
    return sv(h, args, 'keyword', (s: string) => createHash(alg).update(s, 'utf8').digest('hex'));
  },
});

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Java DateTimeFormatter subset (UTC): y M d H h m s S a E Z X and 'quoted' text. */
function formatJava(ms: number, pattern: string, subMilli = 0): string {
  const d = new Date(ms);
  let out = '';
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i];
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      out += end === i + 1 ? "'" : pattern.slice(i + 1, end === -1 ? pattern.length : end);
      i = end === -1 ? pattern.length : end + 1;
      continue;
    }
    let n = 1;
    while (pattern[i + n] === c) n++;
    const pad = (v: number, w = n) => String(v).padStart(w, '0');
    switch (c) {
      case 'y':
      case 'u':
        out += n === 2 ? pad(d.getUTCFullYear() % 100, 2) : pad(d.getUTCFullYear());
        break;
      case 'M':
        out += n >= 4 ? MONTHS[d.getUTCMonth()] : n === 3 ? MONTHS[d.getUTCMonth()].slice(0, 3) : pad(d.getUTCMonth() + 1);
        break;
      case 'd':
        out += pad(d.getUTCDate());
        break;
      case 'D':
        out += pad(Math.floor((ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1);
        break;
      case 'H':
        out += pad(d.getUTCHours());
        break;
      case 'h':
        out += pad(d.getUTCHours() % 12 || 12);
        break;
      case 'm':
        out += pad(d.getUTCMinutes());
        break;
      case 's':
        out += pad(d.getUTCSeconds());
        break;
      case 'S':
        out += (pad(d.getUTCMilliseconds(), 3) + String(subMilli).padStart(6, '0')).slice(0, n).padEnd(n, '0');
        break;
      case 'a':
        out += d.getUTCHours() < 12 ? 'AM' : 'PM';
        break;
      case 'E':
        out += n >= 4 ? DAYS[d.getUTCDay()] : DAYS[d.getUTCDay()].slice(0, 3);
        break;
      case 'Z':
        out += '+0000';
        break;
      case 'X':
        out += 'Z';
        break;
      default:
        if (/[A-Za-z]/.test(c)) throw new EvalFailure(`java.lang.IllegalArgumentException: Unsupported pattern letter [${c}] in the embedded engine`);
        out += c.repeat(n);
    }
    i += n;
  }
  return out;
}

/** Parses with a Java pattern by turning it into a regular expression over the same letters. */
function parseJava(s: string, pattern: string): number {
  const parts: string[] = [];
  let re = '';
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i];
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      re += pattern.slice(i + 1, end).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i = end + 1;
      continue;
    }
    let n = 1;
    while (pattern[i + n] === c) n++;
    if (/[yuMdHhmsSX]/.test(c)) {
      parts.push(c);
      re += c === 'X' ? '(Z|[+-]\\d{2}:?\\d{2})' : c === 'M' && n >= 3 ? '([A-Za-z]+)' : `(\\d{${c === 'S' ? n : 1},${c === 'y' || c === 'u' ? 4 : c === 'S' ? 9 : 2}})`;
    } else re += c.repeat(n).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    i += n;
  }
  const m = new RegExp(`^${re}$`).exec(s);
  if (!m) throw new EvalFailure(`java.lang.IllegalArgumentException: failed to parse date field [${s}] with format [${pattern}]`);
  const f: Record<string, number> = { y: 1970, M: 1, d: 1, H: 0, m: 0, s: 0, S: 0 };
  parts.forEach((p, i) => {
    const v = m[i + 1];
    if (p === 'X') return;
    if (p === 'M' && /[A-Za-z]/.test(v)) f.M = MONTHS.findIndex((x) => x.toLowerCase().startsWith(v.toLowerCase())) + 1;
    else if (p === 'S') f.S = Number(v.padEnd(3, '0').slice(0, 3));
    else f[p === 'u' ? 'y' : p === 'h' ? 'H' : p] = Number(v);
  });
  return Date.UTC(f.y, f.M - 1, f.d, f.H, f.m, f.s, f.S);
}

Object.assign(FUNCTIONS, {
  md5: digest('md5'),
  sha1: digest('sha1'),
  sha256: digest('sha256'),
  hash: {
    min: 2,
    max: 2,
    build: (args, h) =>
      sv(h, args, 'keyword', (alg: string, s: string) => {
        try {
          return createHash(alg.toLowerCase().replace('-', '')).update(s, 'utf8').digest('hex');
        } catch {
          throw new EvalFailure(`java.security.NoSuchAlgorithmException: ${alg} MessageDigest not available`);
        }
      }),
  },
  repeat: {
    min: 2,
    max: 2,
    build: (args, h) =>
      sv(h, args, 'keyword', (s: string, n: number) => {
        if (n < 0) throw new EvalFailure(`java.lang.IllegalArgumentException: Number parameter cannot be negative, found [${n}]`);
        return s.repeat(n);
      }),
  },
  space: { min: 1, max: 1, build: (args, h) => sv(h, args, 'keyword', (n: number) => ' '.repeat(Math.max(0, n))) },
  bit_length: { min: 1, max: 1, build: (args, h) => sv(h, args, 'integer', (s: string) => Buffer.byteLength(s, 'utf8') * 8) },
  byte_length: { min: 1, max: 1, build: (args, h) => sv(h, args, 'integer', (s: string) => Buffer.byteLength(s, 'utf8')) },
  to_base64: { min: 1, max: 1, build: (args, h) => sv(h, args, 'keyword', (s: string) => Buffer.from(s, 'utf8').toString('base64')) },
  from_base64: { min: 1, max: 1, build: (args, h) => sv(h, args, 'keyword', (s: string) => Buffer.from(s, 'base64').toString('utf8')) },
  url_encode: { min: 1, max: 1, build: (args, h) => sv(h, args, 'keyword', (s: string) => encodeURIComponent(s).replace(/%20/g, '+')) },
  url_decode: {
    min: 1,
    max: 1,
    build: (args, h) =>
      sv(h, args, 'keyword', (s: string) => {
        try {
          return decodeURIComponent(s.replace(/\+/g, ' '));
        } catch (e) {
          throw new EvalFailure(`java.lang.IllegalArgumentException: ${(e as Error).message}`);
        }
      }),
  },
  signum: math1(Math.sign),
  exp: math1(Math.exp),
  cbrt: math1(Math.cbrt),
  sin: math1(Math.sin),
  cos: math1(Math.cos),
  tan: math1(Math.tan),
  sinh: math1(Math.sinh),
  cosh: math1(Math.cosh),
  tanh: math1(Math.tanh),
  asin: math1(Math.asin, (x) => (Math.abs(x) > 1 ? 'Asin input out of range' : undefined)),
  acos: math1(Math.acos, (x) => (Math.abs(x) > 1 ? 'Acos input out of range' : undefined)),
  atan: math1(Math.atan),
  to_radians: math1((x) => (x * Math.PI) / 180),
  to_degrees: math1((x) => (x * 180) / Math.PI),
  hypot: { min: 2, max: 2, build: (args, h) => sv(h, args, 'double', (x: number, y: number) => Math.hypot(x, y)) },
  atan2: { min: 2, max: 2, build: (args, h) => sv(h, args, 'double', (y: number, x: number) => Math.atan2(y, x)) },
  log: {
    min: 1,
    max: 2,
    build: (args, h) =>
      sv(h, args, 'double', (a: number, b?: number) => {
        const [base, x] = b === undefined ? [Math.E, a] : [a, b];
        if (x <= 0) throw new EvalFailure('java.lang.ArithmeticException: Log of non-positive number');
        if (base <= 0 || base === 1) throw new EvalFailure('java.lang.ArithmeticException: Log of base 1');
        return Math.log(x) / Math.log(base);
      }),
  },
  date_format: {
    min: 1,
    max: 2,
    build: (args, h) => {
      // Without a pattern: DEFAULT_DATE_TIME_FORMATTER (millisecond fraction) for date_nanos too (DateFormat.java).
      if (args.length === 1) return sv(h, args, 'keyword', (v: number | bigint) => formatDate(typeof v === 'bigint' ? nanosToMillis(v) : v));
      expectType(h, args, 1, isDate, 'date_nanos or datetime');
      return sv(h, args, 'keyword', (p: string, v: number | bigint) =>
        typeof v === 'bigint' ? formatJava(nanosToMillis(v), p, subMilliNanos(v)) : formatJava(v, p)
      );
    },
  },
  date_parse: {
    min: 1,
    max: 2,
    build: (args, h) =>
      sv(h, args, 'date', (a: string, b?: string) => {
        if (b === undefined) {
          const ms = parseDate(a);
          if (Number.isNaN(ms)) throw new EvalFailure(`java.lang.IllegalArgumentException: failed to parse date field [${a}] with format [strict_date_optional_time]`);
          return ms;
        }
        return parseJava(b, a);
      }),
  },
  day_name: { min: 1, max: 1, build: (args, h) => sv(h, args, 'keyword', (ms: number) => DAYS[new Date(ms).getUTCDay()]) },
  month_name: { min: 1, max: 1, build: (args, h) => sv(h, args, 'keyword', (ms: number) => MONTHS[new Date(ms).getUTCMonth()]) },
} as Record<string, Def>);
