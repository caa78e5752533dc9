// Query DSL -> DocFilter compiler for the `_query` body `filter` and `_search`/`_count` `query`.
// Semantics follow Lucene on indexed fields: a multi-valued field matches when any value matches; unmapped
// fields match nothing; text fields are matched on lower-cased tokens (standard analyzer, approximated).
import dateMath from '@elastic/datemath';
import moment from 'moment-timezone';
import { DateRange, DocFilter, EsError, EsFieldType, IndexStorage, readField, StoredDoc } from '../types';
import { parseDate } from './dates';
import { compileWildcard } from '../pattern/wildcard';
import { compileLuceneRegExp } from '../pattern/lucene_regexp';
import { IpSet, ipKey } from './ip_key';
import { toHalfFloat } from './doc_values';

type Fields = ReadonlyMap<string, EsFieldType>;

const utcMoment = Object.assign((input?: moment.MomentInput) => moment.utc(input), moment) as unknown as typeof moment;

export function parsingError(reason: string): EsError {
  return new EsError(400, 'parsing_exception', reason);
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

type Reader = (src: Record<string, unknown>) => unknown;
const readers = new Map<string, Reader>();

/** Compiled `_source` accessor: walks plain objects directly, falls back to readField for arrays/dotted keys. */
function readerFor(path: string): Reader {
  let r = readers.get(path);
  if (r) return r;
  const parts = path.split('.');
  // Names of Object.prototype members (`constructor`, `__proto__`) are ordinary fields: read them as own properties only.
  if (parts.some((p) => p in Object.prototype)) {
    r = (src) => readField(src, path);
  } else if (parts.length === 1) {
    r = (src) => src[path];
  } else {
    r = (src) => {
      let cur: unknown = src;
      for (let i = 0; i < parts.length; i++) {
        if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return readField(src, path);
        cur = (cur as Record<string, unknown>)[parts[i]];
        if (cur === undefined) return readField(src, path);
      }
      return cur;
    };
  }
  readers.set(path, r);
  return r;
}

/** The raw value of `field` (scalar, array or undefined); multi-fields read their parent's value. */
function rawValue(doc: StoredDoc, field: string, fields: Fields): unknown {
  // Indexed documents answer from their doc values (already typed); text and other fields read _source.
  if (doc.docValue) {
    const dv = doc.docValue(field);
    if (dv !== undefined) return dv;
  }
  const v = readerFor(field)(doc.source);
  if (v !== undefined) return v;
  const dot = field.lastIndexOf('.');
  if (dot > 0) {
    const parentType = fields.get(field.slice(0, dot));
    if (parentType && MULTI_FIELD_PARENTS.has(parentType)) return readerFor(field.slice(0, dot))(doc.source);
  }
  return undefined;
}

/** True when any non-null scalar in `v` (possibly nested arrays) satisfies `m`; no allocation for scalars. */
function anyValue(v: unknown, m: (x: unknown) => boolean): boolean {
  if (v === undefined || v === null) return false;
  if (!Array.isArray(v)) return m(v);
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (Array.isArray(x) ? anyValue(x, m) : x !== null && x !== undefined && m(x)) return true;
  }
  return false;
}

const isPresent = () => true;

// ---- position-bound filters ------------------------------------------------------------------------------------

/** A filter bound to one index: answers by document position, reading doc-values columns directly. */
export type PosFilter = (pos: number) => boolean;
type Binder = (fields: Fields, storage: IndexStorage) => PosFilter;

/** How each compiled filter binds to an index; filters without an entry answer through `storage.doc(pos)`. */
const binders = new WeakMap<DocFilter, Binder>();

/**
 * `filter` over one index by position, answering exactly like `filter(storage.doc(pos), fields)`: field clauses
 * resolve the mapped type, their matcher and the column reader once instead of per document.
 */
export function bindFilter(filter: DocFilter, fields: Fields, storage: IndexStorage): PosFilter {
  const b = binders.get(filter);
  if (b) return b(fields, storage);
  return (pos) => filter(storage.doc(pos), fields);
}

/**
 * `anyValue(rawValue(storage.doc(pos), field, fields), m)` by position: on the field's doc-values column when it
 * has one (the store may answer per distinct value), else on `_source`.
 */
function anyValueTest(field: string, m: (v: unknown) => boolean, fields: Fields, storage: IndexStorage): PosFilter {
  const test = storage.docValuesTest?.(field, m, (vs) => anyValue(vs, m));
  if (test) return test;
  return (pos) => anyValue(rawValue(storage.doc(pos), field, fields), m);
}

/**
 * A clause on one field: matches when the field is mapped here and any of its values passes the matcher built
 * for the mapped type (built once per type, on first use, so a bad query value fails only when a document is tested).
 */
function fieldFilter(field: string, build: (t: EsFieldType) => (v: unknown) => boolean): DocFilter {
  const cache = new Map<EsFieldType, (v: unknown) => boolean>();
  const matcherFor = (t: EsFieldType) => {
    let m = cache.get(t);
    if (!m) cache.set(t, (m = build(t)));
    return m;
  };
  const f: DocFilter = (doc, fields) => {
    const t = fields.get(field);
    if (!t) return false;
    return anyValue(rawValue(doc, field, fields), matcherFor(t));
  };
  binders.set(f, (fields, storage) => {
    const t = fields.get(field);
    if (!t) return () => false;
    let m: (v: unknown) => boolean;
    try {
      m = matcherFor(t);
    } catch {
      // Rejected query value: fail like the per-document path, on the first document tested.
      return (pos) => f(storage.doc(pos), fields);
    }
    return anyValueTest(field, m, fields, storage);
  });
  return f;
}

const MULTI_FIELD_PARENTS: ReadonlySet<EsFieldType> = new Set(['text', 'keyword', 'match_only_text', 'wildcard', 'ip', 'long', 'double', 'date']);

/** All non-null scalar values of `field` in `doc` (multi-fields read their parent's value). */
export function fieldValues(doc: StoredDoc, field: string, fields: Fields): unknown[] {
  const v = rawValue(doc, field, fields);
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) return [v];
  const out: unknown[] = [];
  pushFlat(v, out);
  return out;
}

function pushFlat(x: unknown, out: unknown[]): void {
  if (Array.isArray(x)) for (const y of x) pushFlat(y, out);
  else if (x !== null && x !== undefined) out.push(x);
}

// ---- typed value normalisation ---------------------------------------------------------------------------------

/** Doc date value -> epoch millis (fast path for zoned ISO strings). */
export function docDateMillis(v: unknown): number | null {
  if (typeof v === 'number') return v;
  // date_nanos doc values are BigInt epoch nanos: fractional millis (sub-millisecond order kept to ~0.25 µs).
  if (typeof v === 'bigint') return Number(v) / 1e6;
  if (typeof v !== 'string') return null;
  const last = v.charCodeAt(v.length - 1);
  if (last === 90 /* Z */ || /[+-]\d{2}:?\d{2}$/.test(v)) {
    if (v.length >= 20 && v.charCodeAt(10) === 84 /* T */) {
      const t = Date.parse(v);
      if (!Number.isNaN(t)) return t;
    }
  }
  return parseDate(v);
}

function toNumber(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v); // a long beyond 2^53 (exact in the store) compared as a double here
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isNaN(n) ? null : n;
  }
  if (typeof v === 'boolean') return null;
  return null;
}

function toBool(v: unknown): boolean | null {
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false' || v === '') return false;
  return null;
}

function tokens(s: string): string[] {
  return s.toLowerCase().split(/[^\p{L}\p{N}_']+/u).filter(Boolean);
}

function isTextType(t: EsFieldType): boolean {
  return t === 'text' || t === 'match_only_text';
}
function isNumericType(t: EsFieldType): boolean {
  return ['long', 'integer', 'short', 'byte', 'unsigned_long', 'double', 'float', 'half_float', 'scaled_float'].includes(t);
}
/** float / half_float query values are parsed into the field's precision, like the indexed values (doc_values.ts). */
function narrowing(t: EsFieldType): (n: number) => number {
  return t === 'float' ? Math.fround : t === 'half_float' ? toHalfFloat : (n) => n;
}

function isDateType(t: EsFieldType): boolean {
  return t === 'date' || t === 'date_nanos';
}

interface DateOpts {
  format?: string;
  timeZone?: string;
  roundUp: boolean;
  now: number;
}

/** Query-side date: epoch number, formatted string, or date math (`now-1h`, `2024-01-01||+1d/d`). */
function queryDateMillis(v: unknown, o: DateOpts): number {
  let anchor: number | null = null;
  let math = '';
  if (typeof v === 'number') anchor = o.format?.includes('epoch_second') && !o.format.includes('epoch_millis') ? v * 1000 : v;
  else if (typeof v === 'string') {
    if (v.startsWith('now')) {
      anchor = o.now;
      math = v.slice(3);
    } else {
      const bar = v.indexOf('||');
      const text = bar >= 0 ? v.slice(0, bar) : v;
      math = bar >= 0 ? v.slice(bar + 2) : '';
      anchor = parseDate(text, o.format ?? 'strict_date_optional_time||epoch_millis');
      if (anchor !== null && o.timeZone && !/(Z|[+-]\d{2}:?\d{2})$/.test(text) && !/^\d+$/.test(text)) {
        const off = /^([+-])(\d{2}):?(\d{2})$/.exec(o.timeZone);
        if (off) anchor -= (off[1] === '-' ? -1 : 1) * (Number(off[2]) * 60 + Number(off[3])) * 60000;
        else {
          const m = moment.tz(text, moment.ISO_8601, o.timeZone);
          if (m.isValid()) anchor = m.valueOf();
        }
      }
    }
  }
  if (anchor === null) {
    throw new EsError(400, 'parse_exception', `failed to parse date field [${String(v)}] with format [${o.format ?? 'strict_date_optional_time||epoch_millis'}]`);
  }
  if (!math) return anchor;
  const m = dateMath.parse('now' + math, { roundUp: o.roundUp, forceNow: new Date(anchor), momentInstance: utcMoment });
  if (!m || !m.isValid()) throw new EsError(400, 'parse_exception', `failed to parse date math [${String(v)}]`);
  return m.valueOf();
}

// ---- per-query matchers ----------------------------------------------------------------------------------------

/**
 * Equality of a doc value with any of the query values (term = one value, terms = many), by mapped type.
 * Query-side conversions are done once per type; lookups use Sets so large `terms` lists stay O(1) per value.
 */
function termsMatcher(field: string, raws: unknown[], caseInsensitive = false, kind = 'term'): DocFilter {
  for (const raw of raws) {
    if (raw === null || raw === undefined || typeof raw === 'object') {
      throw parsingError(`[${kind}] query does not support array or object values for field [${field}]`);
    }
  }
  const build = (t: EsFieldType): ((v: unknown) => boolean) => {
    if (t === 'ip') {
      const set = new IpSet();
      for (const raw of raws) {
        if (!set.add(String(raw))) {
          throw new EsError(400, 'query_shard_exception', `failed to create query: '${String(raw)}' is not an IP string literal.`);
        }
      }
      return (v) => set.has(v);
    }
    if (isDateType(t)) {
      const set = new Set(raws.map((raw) => queryDateMillis(raw, { roundUp: false, now: Date.now() })));
      return (v) => set.has(docDateMillis(v) as number);
    }
    if (isNumericType(t)) {
      const set = new Set<number>();
      const narrow = narrowing(t);
      for (const raw of raws) {
        const q = toNumber(raw);
        if (q === null) throw new EsError(400, 'query_shard_exception', `failed to create query: For input string: "${String(raw)}"`);
        set.add(narrow(q));
      }
      return (v) => set.has(toNumber(v) as number);
    }
    if (t === 'boolean') {
      const set = new Set<boolean>();
      for (const raw of raws) {
        const q = toBool(raw);
        if (q === null) throw new EsError(400, 'query_shard_exception', `failed to create query: Can't parse boolean value [${String(raw)}], expected [true] or [false]`);
        set.add(q);
      }
      return (v) => set.has(toBool(v) as boolean);
    }
    const set = new Set(raws.map((raw) => (caseInsensitive ? String(raw).toLowerCase() : String(raw))));
    if (isTextType(t)) return (v) => typeof v === 'string' && tokens(v).some((tok) => set.has(tok));
    return caseInsensitive ? (v) => set.has(String(v).toLowerCase()) : (v) => set.has(typeof v === 'string' ? v : String(v));
  };
  return fieldFilter(field, build);
}

function termMatcher(field: string, raw: unknown, caseInsensitive = false): DocFilter {
  return termsMatcher(field, [raw], caseInsensitive);
}


function rangeMatcher(field: string, spec: Record<string, unknown>): DocFilter {
  const bounds: Array<{ op: 'gt' | 'gte' | 'lt' | 'lte'; value: unknown }> = [];
  let includeLower = true;
  let includeUpper = true;
  let from: unknown;
  let to: unknown;
  const format = typeof spec.format === 'string' ? spec.format : undefined;
  const timeZone = typeof spec.time_zone === 'string' ? spec.time_zone : undefined;
  for (const [k, v] of Object.entries(spec)) {
    if (k === 'gt' || k === 'gte' || k === 'lt' || k === 'lte') {
      if (v !== null && v !== undefined) bounds.push({ op: k, value: v });
    } else if (k === 'from') from = v;
    else if (k === 'to') to = v;
    else if (k === 'include_lower') includeLower = v !== false;
    else if (k === 'include_upper') includeUpper = v !== false;
    else if (k === 'format' || k === 'time_zone' || k === 'boost' || k === '_name' || k === 'relation') continue;
    else throw parsingError(`[range] query does not support [${k}]`);
  }
  if (from !== undefined && from !== null) bounds.push({ op: includeLower ? 'gte' : 'gt', value: from });
  if (to !== undefined && to !== null) bounds.push({ op: includeUpper ? 'lte' : 'lt', value: to });
  const now = Date.now();
  const build = (t: EsFieldType): ((v: unknown) => boolean) => {
    type Cmp = (v: unknown) => boolean;
    const checks: Cmp[] = bounds.map(({ op, value }) => {
      const ok = (c: number) => (op === 'gt' ? c > 0 : op === 'gte' ? c >= 0 : op === 'lt' ? c < 0 : c <= 0);
      if (isDateType(t)) {
        const q = queryDateMillis(value, { format, timeZone, roundUp: op === 'gt' || op === 'lte', now });
        return (v: unknown) => {
          const d = docDateMillis(v);
          return d !== null && ok(d - q);
        };
      }
      if (isNumericType(t)) {
        const raw = toNumber(value);
        if (raw === null) throw new EsError(400, 'query_shard_exception', `failed to create query: For input string: "${String(value)}"`);
        const q = narrowing(t)(raw);
        return (v: unknown) => {
          const n = toNumber(v);
          return n !== null && ok(n - q);
        };
      }
      if (t === 'ip') {
        const q = ipKey(String(value));
        if (!q) throw new EsError(400, 'query_shard_exception', `failed to create query: '${String(value)}' is not an IP string literal.`);
        return (v: unknown) => {
          const k = ipKey(v);
          return k !== null && ok(k < q ? -1 : k > q ? 1 : 0);
        };
      }
      const q = String(value);
      return (v: unknown) => {
        const s = String(v);
        return ok(s < q ? -1 : s > q ? 1 : 0);
      };
    });
    return (v) => {
      for (let i = 0; i < checks.length; i++) if (!checks[i](v)) return false;
      return true;
    };
  };
  const f = fieldFilter(field, build);
  // The same bounds read as dates, for the store's time index (used only where `field` is a date).
  try {
    const r: DateRange = { field, lo: -Infinity, loInclusive: true, hi: Infinity, hiInclusive: true };
    for (const { op, value } of bounds) {
      const q = queryDateMillis(value, { format, timeZone, roundUp: op === 'gt' || op === 'lte', now });
      if (op === 'gt' || op === 'gte') {
        if (q > r.lo || (q === r.lo && op === 'gt')) Object.assign(r, { lo: q, loInclusive: op === 'gte' });
      } else if (q < r.hi || (q === r.hi && op === 'lt')) Object.assign(r, { hi: q, hiInclusive: op === 'lte' });
    }
    f.ranges = [r];
  } catch {
    // not a date range: no pruning
  }
  return f;
}

function matchAll(): DocFilter {
  const f: DocFilter = () => true;
  binders.set(f, () => () => true);
  return f;
}

function matchNone(): DocFilter {
  const f: DocFilter = () => false;
  binders.set(f, () => () => false);
  return f;
}

function fieldAndSpec(kind: string, body: unknown): [string, unknown] {
  if (!isObj(body)) throw parsingError(`[${kind}] query malformed, no start_object after query name`);
  const keys = Object.keys(body).filter((k) => k !== 'boost' && k !== '_name');
  if (keys.length !== 1) {
    throw parsingError(keys.length === 0 ? `[${kind}] query doesn't support multiple fields, found none` : `[${kind}] query doesn't support multiple fields, found [${keys[0]}] and [${keys[1]}]`);
  }
  return [keys[0], body[keys[0]]];
}

function clauses(v: unknown, kind: string, now: number): DocFilter[] {
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map((q) => compile(q, now, kind));
}

function minimumShouldMatch(spec: unknown, n: number): number {
  if (spec === undefined || spec === null) return 1;
  const s = String(spec).trim();
  let r: number;
  if (s.endsWith('%')) {
    const pct = Number(s.slice(0, -1));
    r = pct < 0 ? n - Math.floor((n * -pct) / 100) : Math.floor((n * pct) / 100);
  } else {
    const k = Number(s);
    if (!Number.isInteger(k)) throw parsingError(`[bool] failed to parse minimum_should_match [${s}]`);
    r = k < 0 ? n + k : k;
  }
  return Math.max(0, Math.min(n, r));
}

function compile(q: unknown, now: number, parent = 'query'): DocFilter {
  if (!isObj(q)) throw parsingError(`[_na] query malformed, must start with start_object`);
  const keys = Object.keys(q);
  if (keys.length === 0) return matchAll();
  if (keys.length > 1) {
    throw parsingError(`[${keys[0]}] malformed query, expected [END_OBJECT] but found [FIELD_NAME]`);
  }
  const kind = keys[0];
  const body = q[kind];
  switch (kind) {
    case 'match_all':
      return matchAll();
    case 'match_none':
      return matchNone();
    case 'bool': {
      if (!isObj(body)) throw parsingError('[bool] query malformed, no start_object after query name');
      for (const k of Object.keys(body)) {
        if (!['must', 'filter', 'must_not', 'should', 'minimum_should_match', 'boost', '_name', 'adjust_pure_negative'].includes(k)) {
          throw parsingError(`[bool] query does not support [${k}]`);
        }
      }
      const must = [...clauses(body.must, 'must', now), ...clauses(body.filter, 'filter', now)];
      const mustNot = clauses(body.must_not, 'must_not', now);
      const should = clauses(body.should, 'should', now);
      const msm = should.length === 0 ? 0 : body.minimum_should_match !== undefined ? minimumShouldMatch(body.minimum_should_match, should.length) : must.length > 0 ? 0 : 1;
      const boolFilter: DocFilter = (doc, fields) => {
        for (const f of must) if (!f(doc, fields)) return false;
        for (const f of mustNot) if (f(doc, fields)) return false;
        if (msm > 0) {
          let hits = 0;
          for (const f of should) if (f(doc, fields) && ++hits >= msm) return true;
          return false;
        }
        return true;
      };
      binders.set(boolFilter, (fields, storage) => {
        // Same clause order and short-circuits as boolFilter.
        const mu = must.map((f) => bindFilter(f, fields, storage));
        const mn = mustNot.map((f) => bindFilter(f, fields, storage));
        const sh = should.map((f) => bindFilter(f, fields, storage));
        const nmu = mu.length;
        const nmn = mn.length;
        const nsh = sh.length;
        return (pos) => {
          for (let i = 0; i < nmu; i++) if (!mu[i](pos)) return false;
          for (let i = 0; i < nmn; i++) if (mn[i](pos)) return false;
          if (msm > 0) {
            let hits = 0;
            for (let i = 0; i < nsh; i++) if (sh[i](pos) && ++hits >= msm) return true;
            return false;
          }
          return true;
        };
      });
      // Every must/filter clause holds for a matching document, so do their date ranges.
      const ranges = must.flatMap((f) => f.ranges ?? []);
      if (ranges.length) boolFilter.ranges = ranges;
      return boolFilter;
    }
    case 'term': {
      const [field, spec] = fieldAndSpec(kind, body);
      if (isObj(spec)) return termMatcher(field, spec.value, spec.case_insensitive === true);
      return termMatcher(field, spec);
    }
    case 'terms': {
      if (!isObj(body)) throw parsingError('[terms] query malformed, no start_object after query name');
      const [field, values] = fieldAndSpec(kind, body);
      if (!Array.isArray(values)) throw parsingError(`[terms] query does not support [${field}]`);
      return termsMatcher(field, values, false, 'terms');
    }
    case 'ids': {
      if (!isObj(body) || !Array.isArray(body.values)) throw parsingError('[ids] query malformed, [values] must be an array');
      const ids = new Set(body.values.map(String));
      return (doc) => ids.has(doc._id);
    }
    case 'range': {
      const [field, spec] = fieldAndSpec(kind, body);
      if (!isObj(spec)) throw parsingError(`[range] query malformed, no start_object after query name`);
      return rangeMatcher(field, spec);
    }
    case 'exists': {
      if (!isObj(body) || typeof body.field !== 'string') throw parsingError('[exists] must be provided with a [field]');
      const field = body.field;
      const prefix = field + '.';
      const exists: DocFilter = (doc, fields) => {
        if (fields.has(field)) return anyValue(rawValue(doc, field, fields), isPresent);
        // An object path exists when any mapped sub-field has a value.
        for (const f of fields.keys()) if (f.startsWith(prefix) && anyValue(rawValue(doc, f, fields), isPresent)) return true;
        return false;
      };
      binders.set(exists, (fields, storage) => {
        if (fields.has(field)) return anyValueTest(field, isPresent, fields, storage);
        const subs = [...fields.keys()].filter((f) => f.startsWith(prefix)).map((f) => anyValueTest(f, isPresent, fields, storage));
        if (subs.length === 0) return () => false;
        return (pos) => {
          for (let i = 0; i < subs.length; i++) if (subs[i](pos)) return true;
          return false;
        };
      });
      return exists;
    }
    case 'match':
    case 'match_phrase': {
      const [field, spec] = fieldAndSpec(kind, body);
      const query = isObj(spec) ? spec.query : spec;
      const operator = isObj(spec) && typeof spec.operator === 'string' ? spec.operator.toLowerCase() : 'or';
      if (query === undefined || query === null || typeof query === 'object') throw parsingError(`[${kind}] unknown token [START_OBJECT] after [query]`);
      const qTokens = tokens(String(query));
      const exact = termMatcher(field, query);
      return (doc, fields) => {
        const t = fields.get(field);
        if (!t) return false;
        if (!isTextType(t)) return exact(doc, fields);
        for (const v of fieldValues(doc, field, fields)) {
          const dt = tokens(String(v));
          if (kind === 'match_phrase') {
            for (let i = 0; i + qTokens.length <= dt.length; i++) if (qTokens.every((tok, j) => dt[i + j] === tok)) return true;
          } else if (operator === 'and' ? qTokens.every((tok) => dt.includes(tok)) : qTokens.some((tok) => dt.includes(tok))) return true;
        }
        return false;
      };
    }
    case 'prefix':
    case 'wildcard':
    case 'regexp': {
      const [field, spec] = fieldAndSpec(kind, body);
      const value = String(isObj(spec) ? spec.value ?? spec[kind] : spec);
      const ci = isObj(spec) && spec.case_insensitive === true;
      if (kind === 'regexp') {
        // RegexpQueryBuilder: Lucene RegExp with flags ALL by default (case_insensitive = ASCII_CASE_INSENSITIVE);
        // matched on the whole term, in linear time.
        // RegexpQueryBuilder.doToQuery: index.max_regex_length (default 1000).
        if (value.length > 1000) {
          throw new EsError(400, 'illegal_argument_exception', `The length of regex [${value.length}] used in the Regexp Query request has exceeded the allowed maximum of [1000]. This maximum can be set by changing the [index.max_regex_length] index level setting.`);
        }
        if (isObj(spec) && spec.flags !== undefined && String(spec.flags).toUpperCase() !== 'ALL') {
          throw parsingError(`[regexp] flags [${String(spec.flags)}] are not supported by the embedded engine (only ALL)`);
        }
        let m: { test(s: string): boolean };
        try {
          m = compileLuceneRegExp(value, { asciiCaseInsensitive: ci });
        } catch (e) {
          throw new EsError(400, 'illegal_argument_exception', (e as Error).message);
        }
        return (doc, fields) => {
          const t = fields.get(field);
          if (!t) return false;
          for (const v of fieldValues(doc, field, fields)) {
            if (isTextType(t) ? tokens(String(v)).some((tok) => m.test(tok)) : m.test(String(v))) return true;
          }
          return false;
        };
      }
      // Lucene WildcardQuery syntax (`*`, `?`, `\` escape) / PrefixQuery, matched in linear time.
      const re = {
        test: kind === 'prefix'
          ? ci ? ((lower) => (x: string) => x.toLowerCase().startsWith(lower))(value.toLowerCase()) : (x: string) => x.startsWith(value)
          : compileWildcard(value, { escape: true, questionMark: true, caseInsensitive: ci }),
      };
      return (doc, fields) => {
        const t = fields.get(field);
        if (!t) return false;
        for (const v of fieldValues(doc, field, fields)) {
          if (isTextType(t) ? tokens(String(v)).some((tok) => re.test(tok)) : re.test(String(v))) return true;
        }
        return false;
      };
    }
    default:
      throw parsingError(`unknown query [${kind}]`);
  }
  void parent;
}

/** Compiles a Query DSL object to a DocFilter, validating it eagerly (ES-shaped 400s on bad input). */
export function compileQuery(query: unknown, now: number = Date.now()): DocFilter {
  return compile(query, now);
}
