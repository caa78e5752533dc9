// Minimal search APIs: _search (query/size/from/sort/_source), _count, _field_caps, _delete_by_query.
import { DocFilter, EsFieldType, StoredDoc } from '../types';
import { compileQuery, EsIndex, fieldValues } from '../store';
import { docDateMillis } from '../store/dsl';
import { badRequest, boolParam, Ctx, isObject, Reply, shards } from './context';
import { setOwn } from '../own_props';
import { compileWildcards } from '../pattern/wildcard';

function resolve(ctx: Ctx): EsIndex[] {
  const ew = ctx.query.get('expand_wildcards') ?? '';
  return ctx.store.resolveExpression(ctx.params.index, {
    ignoreUnavailable: boolParam(ctx.query, 'ignore_unavailable', false),
    allowNoIndices: boolParam(ctx.query, 'allow_no_indices', true),
    expandHidden: ew.includes('all') || ew.includes('hidden'),
  });
}

function bodyObject(ctx: Ctx): Record<string, unknown> {
  const body = ctx.json() ?? {};
  if (!isObject(body)) throw badRequest('request body must be an object', 'parse_exception');
  return body;
}

function compileOrAll(query: unknown): DocFilter {
  return query === undefined ? () => true : compileQuery(query);
}

function matching(indices: EsIndex[], filter: DocFilter): StoredDoc[] {
  const out: StoredDoc[] = [];
  // The store answers through its doc values and time index (store/es_index.ts).
  for (const idx of indices) for (const d of idx.matching(filter)) out.push(d);
  return out;
}

export function count(ctx: Ctx): Reply {
  const body = bodyObject(ctx);
  for (const k of Object.keys(body)) if (k !== 'query') throw badRequest(`request does not support [${k}]`, 'parsing_exception');
  const indices = resolve(ctx);
  const docs = matching(indices, compileOrAll(body.query));
  return { status: 200, body: { count: docs.length, _shards: shards(indices.length) } };
}

type SortSpec = { field: string; desc: boolean };

function parseSort(sort: unknown): SortSpec[] {
  if (sort === undefined) return [];
  const list = Array.isArray(sort) ? sort : [sort];
  return list.map((s) => {
    if (typeof s === 'string') {
      const [field, order] = s.split(':');
      return { field, desc: order === 'desc' || (order === undefined && field === '_score') };
    }
    if (isObject(s)) {
      const [field, spec] = Object.entries(s)[0] ?? [];
      if (!field) throw badRequest('malformed sort', 'parsing_exception');
      const order = typeof spec === 'string' ? spec : isObject(spec) ? spec.order : undefined;
      if (order !== undefined && order !== 'asc' && order !== 'desc') throw badRequest(`[sort] unknown order [${String(order)}]`, 'parsing_exception');
      return { field, desc: order === 'desc' };
    }
    throw badRequest('malformed sort', 'parsing_exception');
  });
}

function sortKey(doc: StoredDoc, field: string, type: EsFieldType | undefined, fields: ReadonlyMap<string, EsFieldType>, desc: boolean): unknown {
  if (field === '_id') return doc._id;
  if (field === '_index') return doc._index;
  const vals = fieldValues(doc, field, fields);
  if (vals.length === 0 || !type) return null;
  const conv = vals.map((v) => (type === 'date' || type === 'date_nanos' ? docDateMillis(v) : typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : String(v)));
  // Multi-valued: ES sorts asc by min, desc by max.
  return conv.reduce((a, b) => ((a as never) < (b as never) === !desc ? a : b));
}

/** `_source` include/exclude patterns: a pattern matches a path or any object path above it (linear time). */
function globMatcher(patterns: string[]): (path: string) => boolean {
  const m = compileWildcards(patterns);
  return (path) => {
    if (m(path)) return true;
    for (let i = path.indexOf('.'); i !== -1; i = path.indexOf('.', i + 1)) if (m(path.slice(0, i))) return true;
    return false;
  };
}

/** `_source` filtering with includes/excludes (dotted paths, wildcards). */
function filterSource(src: Record<string, unknown>, spec: unknown): Record<string, unknown> | undefined {
  if (spec === undefined || spec === true) return src;
  if (spec === false) return undefined;
  let includes: string[] = [];
  let excludes: string[] = [];
  if (typeof spec === 'string') includes = [spec];
  else if (Array.isArray(spec)) includes = spec.map(String);
  else if (isObject(spec)) {
    includes = ([] as unknown[]).concat(spec.includes ?? spec.include ?? []).map(String);
    excludes = ([] as unknown[]).concat(spec.excludes ?? spec.exclude ?? []).map(String);
  }
  const inc = includes.length ? globMatcher(includes) : () => true;
  const exc = excludes.length ? globMatcher(excludes) : () => false;
  const walk = (obj: Record<string, unknown>, prefix: string): Record<string, unknown> | undefined => {
    const out: Record<string, unknown> = {};
    let any = false;
    for (const [k, v] of Object.entries(obj)) {
      const path = prefix + k;
      if (exc(path)) continue;
      if (isObject(v)) {
        if (inc(path) && !excludes.length) {
          setOwn(out, k, v);
          any = true;
          continue;
        }
        const sub = walk(v, path + '.');
        if (sub) {
          setOwn(out, k, sub);
          any = true;
        }
      } else if (inc(path)) {
        setOwn(out, k, v);
        any = true;
      }
    }
    return any ? out : prefix === '' ? {} : undefined;
  };
  return walk(src, '');
}

export function search(ctx: Ctx): Reply {
  const started = Date.now();
  const body = bodyObject(ctx);
  for (const k of Object.keys(body)) {
    if (!['query', 'size', 'from', 'sort', '_source', 'track_total_hits', 'timeout', 'version', 'seq_no_primary_term', 'fields', 'stored_fields'].includes(k)) {
      throw badRequest(`[${k}] is not supported by the embedded engine's _search (supported: query, size, from, sort, _source)`, 'parsing_exception');
    }
  }
  const size = Number(ctx.query.get('size') ?? body.size ?? 10);
  const from = Number(ctx.query.get('from') ?? body.from ?? 0);
  if (!Number.isInteger(size) || size < 0) throw badRequest(`[size] parameter cannot be negative, found [${size}]`);
  if (!Number.isInteger(from) || from < 0) throw badRequest(`[from] parameter cannot be negative but was [${from}]`);
  if (from + size > 10000) {
    throw badRequest(`Result window is too large, from + size must be less than or equal to: [10000] but was [${from + size}].`);
  }
  const qSort = ctx.query.get('sort');
  const sort = parseSort(qSort ? qSort.split(',') : body.sort).filter((s) => s.field !== '_score');
  if (sort.length > 1) throw badRequest('the embedded engine sorts on one field only', 'parsing_exception');
  const indices = resolve(ctx);
  const filter = compileOrAll(body.query);
  const byIndex = new Map(indices.map((i) => [i.name, i]));
  let docs = matching(indices, filter);
  let keys: unknown[] | null = null;
  if (sort.length === 1 && sort[0].field !== '_doc') {
    const { field, desc } = sort[0];
    const keyed = docs.map((d) => {
      const fields = byIndex.get(d._index)!.fields;
      return { d, k: sortKey(d, field, field === '_id' || field === '_index' ? 'keyword' : fields.get(field), fields, desc) };
    });
    keyed.sort((a, b) => {
      if (a.k === b.k) return 0;
      if (a.k === null) return 1; // missing last
      if (b.k === null) return -1;
      const c = (a.k as never) < (b.k as never) ? -1 : 1;
      return desc ? -c : c;
    });
    docs = keyed.map((x) => x.d);
    keys = keyed.map((x) => x.k);
  }
  const page = docs.slice(from, from + size);
  const sorted = sort.length === 1;
  const hits = page.map((d, n) => {
    const hit: Record<string, unknown> = { _index: d._index, _id: d._id, _score: sorted ? null : 1.0 };
    if (body.version === true) hit._version = d._version;
    const src = filterSource(d.source, ctx.query.get('_source') ? ctx.query.get('_source')!.split(',') : body._source);
    if (src !== undefined) hit._source = src;
    if (sorted) {
      const k = keys ? keys[from + n] : null;
      hit.sort = [k === null ? (sort[0].desc ? -9223372036854775808 : 9223372036854775807) : k];
    }
    return hit;
  });
  const track = body.track_total_hits;
  const total = track === false ? undefined : { value: docs.length, relation: 'eq' };
  return {
    status: 200,
    body: {
      took: Date.now() - started,
      timed_out: false,
      _shards: shards(indices.length),
      hits: { ...(total ? { total } : {}), max_score: sorted || page.length === 0 ? null : 1.0, hits },
    },
  };
}

export function deleteByQuery(ctx: Ctx): Reply {
  const started = Date.now();
  const body = bodyObject(ctx);
  if (body.query === undefined) throw badRequest('Validation Failed: 1: query is missing;', 'action_request_validation_exception');
  const indices = resolve(ctx);
  const docs = matching(indices, compileQuery(body.query));
  const results = ctx.store.bulk(docs.map((d) => ({ action: 'delete' as const, index: d._index, id: d._id })));
  const deleted = results.filter((r) => r.result === 'deleted').length;
  return {
    status: 200,
    body: {
      took: Date.now() - started, timed_out: false, total: docs.length, deleted, batches: docs.length ? 1 : 0,
      version_conflicts: 0, noops: 0, retries: { bulk: 0, search: 0 }, throttled_millis: 0,
      requests_per_second: -1.0, throttled_until_millis: 0, failures: [],
    },
  };
}

const AGGREGATABLE_TEXT = new Set<EsFieldType>(['text', 'match_only_text']);

export function fieldCaps(ctx: Ctx): Reply {
  const body = bodyObject(ctx);
  const fieldsParam = ctx.query.get('fields') ?? (Array.isArray(body.fields) ? body.fields.join(',') : typeof body.fields === 'string' ? body.fields : null);
  if (!fieldsParam) throw badRequest('Validation Failed: 1: specified fields can\'t be null or empty;', 'action_request_validation_exception');
  const match = globMatcherExact(fieldsParam.split(',').map((s) => s.trim()).filter(Boolean));
  const indices = resolve(ctx);
  // field -> type -> indices
  const caps = new Map<string, Map<string, string[]>>();
  const add = (field: string, type: string, index: string) => {
    if (!match(field)) return;
    let byType = caps.get(field);
    if (!byType) caps.set(field, (byType = new Map()));
    const list = byType.get(type) ?? [];
    list.push(index);
    byType.set(type, list);
  };
  for (const idx of indices) {
    const objects = new Set<string>();
    for (const [path, type] of idx.fields) {
      add(path, type, idx.name);
      const parts = path.split('.');
      for (let i = 1; i < parts.length; i++) {
        const prefix = parts.slice(0, i).join('.');
        if (!idx.fields.has(prefix)) objects.add(prefix);
      }
    }
    for (const o of objects) add(o, 'object', idx.name);
    add('_id', '_id', idx.name);
    add('_index', '_index', idx.name);
  }
  const fields: Record<string, Record<string, unknown>> = {};
  for (const [field, byType] of [...caps].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const entry: Record<string, unknown> = {};
    for (const [type, idxs] of byType) {
      const meta = type === '_id' || type === '_index';
      const cap: Record<string, unknown> = {
        type,
        metadata_field: meta,
        searchable: type !== 'object',
        aggregatable: type !== 'object' && type !== '_id' && !AGGREGATABLE_TEXT.has(type as EsFieldType),
      };
      if (byType.size > 1) cap.indices = idxs;
      entry[type] = cap;
    }
    setOwn(fields, field, entry);
  }
  return { status: 200, body: { indices: indices.map((i) => i.name), fields } };
}

function globMatcherExact(patterns: string[]): (path: string) => boolean {
  return compileWildcards(patterns);
}
