// Plans an ES|QL query into push-based stages and runs it over the catalog. Planning happens once: every
// expression becomes a closure, FROM reads only the fields the query uses, and WHERE clauses right after
// FROM run inside the scan before the remaining fields are read. LIMIT stops the scan early.
import type { AggField, Command, Expr, Field, FunctionCall, Loc, NamePattern, Param, Query } from '../parser/ast';
import { parseEsqlCached } from '../parser/parse_cache';
import { compileWildcard } from '../pattern/wildcard';
import { RegexBudgetExceeded } from '../pattern/java_regex';
import { type Catalog, type DateRange, type EsFieldType, type EsqlRequest, type EsqlResult, type EsqlType, EsError, type IndexStorage, type IndexView, readField, type StoredDoc } from '../types';
import { docValuesOf } from '../store/doc_values';
import { bindFilter } from '../store/dsl';
import { aggSpec, type AggSpec, groupAcc } from './aggregates';
import { AGGREGATES } from './functions';
import { compileDissect, compileGrok, type Extractor } from './text_extract';
import { warnNullMisuse } from './null_misuse';
import { keyedComparator, keyValueFn, type SortKey, TopN } from './top_n';
import { Compiler, ensureSlot, findColumn, markUsed, type Scope } from './compile';
import { type CExpr, type Column, type Ctx, parsingError, type ResolvedParam, type Row, SINGLE_VALUE as SINGLE_VALUE_MSG, verificationError, Warnings } from './context';
import { type DataType, esqlTypeOf, formatTemporal, isDate, isNumeric as isNumericType, isString as isStringType } from './values';

/** Commands that pass each row on (or drop it) without keeping it, writing only their own columns. */
const IN_PLACE_COMMANDS: ReadonlySet<string> = new Set(['where', 'eval', 'keep', 'drop', 'rename', 'dissect', 'grok']);

export const DEFAULT_LIMIT = 1000;
export const MAX_LIMIT = 10_000;

interface Sink {
  push(row: Row): boolean;
  finish(): void;
}

type Stage = (next: Sink) => Sink;

interface Width {
  n: number;
}

const META_TYPES: Record<string, DataType> = {
  _id: 'keyword',
  _index: 'keyword',
  _version: 'long',
  _score: 'double',
  _ignored: 'keyword',
  _index_mode: 'keyword',
  _source: 'unsupported',
  _size: 'integer',
};

const NOT_EXECUTED_COMMANDS: Record<string, string> = {
  ts: 'TS',
  enrich: 'ENRICH',
  change_point: 'CHANGE_POINT',
  completion: 'COMPLETION',
  rerank: 'RERANK',
  fuse: 'FUSE',
};

export function executeEsql(req: EsqlRequest, catalog: Catalog): EsqlResult {
  if (typeof req.query !== 'string' || req.query.trim() === '') {
    throw new EsError(400, 'parsing_exception', 'line 1:1: mismatched input \'<EOF>\' expecting {\'row\', \'from\', \'show\'}');
  }
  // The tree is shared between requests with the same text (parser/parse_cache.ts); everything that depends on
  // the request (parameter values, indices and their mappings, the filter, now) is bound below, per request.
  const { query, params } = parseEsqlCached(req.query);
  const warnings = new Warnings();
  const ctx: Ctx = { text: req.query, warnings, now: Date.now(), param: paramResolver(req.params, params) };
  // Parameters are resolved at parse time in Elasticsearch: report a missing one before any other problem.
  for (const p of params) if (!p.identifier) ctx.param(p);
  const plan = new Planner(ctx, catalog, req).plan(query);
  return plan();
}

// ---- params -----------------------------------------------------------------------------------------

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function paramResolver(raw: unknown[] | undefined, paramNodes: readonly Param[]): Ctx['param'] {
  const positional: ResolvedParam[] = [];
  const named = new Map<string, ResolvedParam>();
  for (const p of raw ?? []) {
    if (isPlainObject(p)) {
      const keys = Object.keys(p);
      if (keys.length !== 1) {
        throw new EsError(400, 'parsing_exception', `Cannot parse more than one key:value pair as parameter, found [${keys.join(', ')}]`);
      }
      const v = p[keys[0]];
      if (isPlainObject(v)) {
        const kind = (['value', 'identifier', 'pattern'] as const).find((k) => k in v);
        if (!kind) throw new EsError(400, 'parsing_exception', `[${keys[0]}] has an invalid parameter value, expected one of [value, identifier, pattern]`);
        named.set(keys[0], { kind, value: v[kind] });
      } else {
        named.set(keys[0], { kind: 'value', value: v });
      }
    } else {
      positional.push({ kind: 'value', value: p });
    }
  }
  if (positional.length && named.size) {
    throw new EsError(400, 'parsing_exception', 'Params cannot contain both named and unnamed parameters; got named and unnamed parameters');
  }
  // Anonymous `?` params are numbered in text order.
  const anonymous: number[] = [];
  for (const n of paramNodes) if (n.form === 'anonymous') anonymous.push(n.loc.start);
  anonymous.sort((a, b) => a - b);
  const all = named.size ? [...named.values()] : positional;
  return (p) => {
    if (p.form === 'named') {
      const hit = named.get(p.name!);
      if (hit) return hit;
      const similar = [...named.keys()].filter((k) => levenshtein(k, p.name!) <= Math.max(1, Math.floor(p.name!.length / 3)));
      const hint = similar.length === 0 ? '' : similar.length === 1 ? `, did you mean [${similar[0]}]?` : `, did you mean any of [${similar.join(', ')}]?`;
      throw parsingError(p.loc, `Unknown query parameter [${p.name}]${hint}`);
    }
    const pos = p.form === 'positional' ? p.position! : anonymous.indexOf(p.loc.start) + 1;
    const hit = all[pos - 1];
    if (pos >= 1 && hit) return hit;
    throw parsingError(
      p.loc,
      all.length === 0 ? `No parameter is defined for position ${pos}` : `No parameter is defined for position ${pos}, did you mean any position between 1 and ${all.length}?`
    );
  };
}

// ---- reading _source --------------------------------------------------------------------------------

function pathReader(path: string): (src: Record<string, unknown>) => unknown {
  // Names of Object.prototype members (`constructor`, `__proto__`) are ordinary fields: read them as own properties only.
  if (path.split('.').some((p) => p in Object.prototype)) return (src) => readField(src, path);
  if (!path.includes('.')) return (src) => src[path];
  const parts = path.split('.');
  return (src) => {
    let cur: unknown = src;
    for (let i = 0; i < parts.length; i++) {
      if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return readField(src, path);
      cur = (cur as Record<string, unknown>)[parts[i]];
      if (cur === undefined) return readField(src, path);
    }
    return cur;
  };
}

/**
 * Storage access for a view that offers only `docs` (e.g. an in-memory test catalog): values are read from
 * _source and converted exactly like the store's doc values (store/doc_values.ts), every document is visited.
 */
function plainStorage(view: IndexView): IndexStorage {
  const docs = view.docs;
  return {
    size: docs.length,
    select: () => null,
    live: () => true,
    reader: (field) => {
      const t = view.fields.get(field);
      if (t === undefined) return null;
      const read = pathReader(sourcePath(view.fields, field));
      const conv = docValuesOf(t);
      return (pos) => conv(read(docs[pos].source));
    },
    doc: (pos) => docs[pos],
  };
}

/** A union-typed (`unsupported`) column keeps dates as their text so conversion functions can read them. */
function unionReader(read: (pos: number) => unknown, t: DataType): (pos: number) => unknown {
  if (!isDate(t)) return read;
  return (pos) => {
    const v = read(pos);
    return v === null ? null : Array.isArray(v) ? v.map((x) => formatTemporal(x, t)) : formatTemporal(v, t);
  };
}

/** `message.keyword` is read from `message`: a leaf whose dotted prefix is also a leaf is a multi-field. */
function sourcePath(fields: ReadonlyMap<string, EsFieldType>, path: string): string {
  for (let i = path.lastIndexOf('.'); i > 0; i = path.lastIndexOf('.', i - 1)) {
    const prefix = path.slice(0, i);
    if (fields.has(prefix)) return prefix;
  }
  return path;
}

interface UnionField {
  name: string;
  type: DataType;
  conflict?: string;
}

/**
 * FROM's columns for a set of indices: the union of their leaf fields, sorted by name like Elasticsearch's
 * field caps, one type per name (or `unsupported` with the ambiguity message). Rules query the same indices
 * every run, so the last few unions are kept; a view's `fields` map is replaced (never changed in place) when
 * its mapping changes, so comparing the maps by identity (and the index names) keeps a union current.
 */
const unionCache: Array<{ names: string[]; fields: ReadonlyMap<string, EsFieldType>[]; union: readonly UnionField[] }> = [];
const UNION_CACHE_SIZE = 16;

/** For tests: plan the next FROM without a kept union. */
export function clearFieldUnionCache(): void {
  unionCache.length = 0;
}

function fieldUnion(views: IndexView[]): readonly UnionField[] {
  for (let i = 0; i < unionCache.length; i++) {
    const e = unionCache[i];
    if (e.fields.length === views.length && views.every((v, k) => v.fields === e.fields[k] && v.name === e.names[k])) return e.union;
  }
  const perField = new Map<string, Map<DataType, string[]>>();
  for (const v of views) {
    for (const [name, t] of v.fields) {
      let types = perField.get(name);
      if (!types) perField.set(name, (types = new Map()));
      const et = esqlTypeOf(t);
      const list = types.get(et) ?? [];
      list.push(v.name);
      types.set(et, list);
    }
  }
  const union: UnionField[] = [];
  for (const name of [...perField.keys()].sort()) {
    const types = perField.get(name)!;
    if (types.has('keyword') && types.has('text') && types.size === 2) {
      types.set('keyword', [...types.get('keyword')!, ...types.get('text')!]);
      types.delete('text');
    }
    if (types.size === 1) {
      union.push({ name, type: [...types.keys()][0] });
    } else {
      const desc = [...types.entries()]
        .sort((a, b) => (a[0] < b[0] ? -1 : 1))
        .map(([t, idx]) => `[${t === 'date' ? 'datetime' : t}] in [${idx.length > 3 ? `${idx.slice(0, 3).join(', ')}] and [${idx.length - 3}] other indices` : idx.join(', ') + ']'}`)
        .join(', ');
      union.push({ name, type: 'unsupported', conflict: `Cannot use field [${name}] due to ambiguities being mapped as [${types.size}] incompatible types: ${desc}` });
    }
  }
  Object.freeze(union);
  unionCache.unshift({ names: views.map((v) => v.name), fields: views.map((v) => v.fields), union });
  if (unionCache.length > UNION_CACHE_SIZE) unionCache.pop();
  return union;
}

// ---- planner ----------------------------------------------------------------------------------------

interface FromInfo {
  views: IndexView[];
  fieldCols: Column[];
  metaCols: Column[];
  preds: CExpr[];
  predCols: Set<Column>;
  /** Date bounds implied by the fused WHERE predicates (for the store's time index). */
  ranges: DateRange[];
  /** Width of the rows FROM produces (later STATS start a new row layout). */
  width: Width;
}

class Planner {
  private readonly compiler: Compiler;
  private columns: Column[] = [];
  private width: Width = { n: 0 };
  private stages: Stage[] = [];
  private from?: FromInfo;
  /** True while only WHERE commands followed FROM, so they can run inside the scan. */
  private fusable = false;
  private source!: (sink: Sink) => void;
  private hasLimit = false;
  private openSorts: Array<{ n: number }> = [];
  private docsFound = 0;
  private valuesLoaded = 0;
  /** The scan may hand every document out in the same row array (see plan). */
  private reuseRows = false;

  constructor(private readonly ctx: Ctx, private readonly catalog: Catalog, private readonly req: EsqlRequest) {
    this.compiler = new Compiler(ctx);
  }

  private get scope(): Scope {
    return { columns: this.columns };
  }

  plan(q: Query): () => EsqlResult {
    warnNullMisuse(q, this.ctx.text, this.ctx.warnings);
    const [first, ...rest] = q.commands;
    this.sourceCommand(first);
    for (const c of rest) this.command(c);
    // Rows that only in-place commands see before a STATS (which keeps values, never rows) can share one array.
    const consumer = rest.find((c) => !IN_PLACE_COMMANDS.has(c.kind));
    this.reuseRows = first.kind === 'from' && consumer?.kind === 'stats' && !consumer.inline;
    const limit = this.hasLimit ? MAX_LIMIT : DEFAULT_LIMIT;
    for (const b of this.openSorts) b.n = Math.min(b.n, limit);
    if (!this.hasLimit) this.ctx.warnings.addFirst(`No limit defined, adding default limit of [${DEFAULT_LIMIT}]`);
    const out = this.columns;
    for (const c of out) markUsed(c);
    return () => {
      const rows: Row[] = [];
      let sink: Sink = {
        push: (r) => {
          rows.push(r);
          return rows.length < limit;
        },
        finish: () => undefined,
      };
      for (let i = this.stages.length - 1; i >= 0; i--) sink = this.stages[i](sink);
      this.source(sink);
      sink.finish();
      const values = rows.map((r) => out.map((c) => outputValue(r[c.slot], c.type)));
      return {
        columns: out.map((c) => ({ name: c.name, type: outputType(c.type) })),
        values,
        warnings: this.ctx.warnings.list,
        documents_found: this.docsFound,
        values_loaded: this.valuesLoaded,
      };
    };
  }

  private newColumn(name: string, type: DataType): Column {
    const col: Column = { name, type, slot: this.width.n++ };
    this.columns = this.columns.filter((c) => c.name !== name);
    this.columns.push(col);
    return col;
  }

  /** FROM's field columns: names are distinct and nothing precedes them, so no replacement scan (many fields). */
  private fromColumn(name: string, type: DataType): Column {
    // The slot is taken on first use (markUsed).
    const col: Column = { name, type, slot: -1, alloc: this.width };
    this.columns.push(col);
    return col;
  }

  private sourceCommand(c: Command): void {
    switch (c.kind) {
      case 'from':
        return this.fromCommand(c.sources.map((s) => s.name), c.metadata);
      case 'row': {
        const fns: Array<[Column, CExpr]> = [];
        for (const f of c.fields) {
          const e = this.compiler.compile(f.expr, this.scope);
          // Verifier.checkRow: date_period / time_duration values cannot be output.
          if (e.type === 'date_period' || e.type === 'time_duration') throw verificationError(f.expr.loc, `cannot use [${e.text}] directly in a row assignment`);
          fns.push([this.newColumn(this.fieldName(f), e.type), e]);
        }
        const width = this.width;
        this.source = (sink) => {
          const row: Row = new Array(width.n).fill(null);
          for (const [col, e] of fns) row[col.slot] = e.fn(row);
          sink.push(row);
        };
        return;
      }
      case 'show': {
        const cols = ['version', 'date', 'hash'].map((n) => this.newColumn(n, 'keyword'));
        const width = this.width;
        this.source = (sink) => {
          const row: Row = new Array(width.n).fill(null);
          row[cols[0].slot] = '9.1.0';
          row[cols[1].slot] = '2025-07-01T00:00:00.000Z';
          row[cols[2].slot] = 'embedded';
          sink.push(row);
        };
        return;
      }
      default:
        throw this.notExecuted(c);
    }
  }

  private notExecuted(c: Command): EsError {
    const name = NOT_EXECUTED_COMMANDS[c.kind] ?? c.kind.toUpperCase();
    return verificationError(c.loc, `command [${name}] is not supported by the embedded engine`);
  }

  private fieldName(f: Field): string {
    if (f.name) return this.compiler.resolveName(f.name.name, f.name.loc);
    if (f.expr.kind === 'column') return this.compiler.resolveName(f.expr.name, f.expr.loc);
    return this.compiler.textOf(f.expr.loc);
  }

  private fromCommand(sources: string[], metadata: NamePattern[]): void {
    const patterns = sources.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
    for (const p of patterns) {
      if (p.includes('::') && !p.endsWith('::data')) {
        throw verificationError({ line: 1, col: 1 }, `index selector in [${p}] is not supported by the embedded engine`);
      }
    }
    const views = this.catalog.resolve(patterns.map((p) => p.replace(/::data$/, '')));
    const fieldCols: Column[] = [];
    for (const f of fieldUnion(views)) {
      const col = this.fromColumn(f.name, f.type);
      if (f.conflict) col.conflict = f.conflict;
      fieldCols.push(col);
    }
    const metaCols: Column[] = [];
    for (const m of metadata) {
      const t = META_TYPES[m.name];
      if (!t) throw parsingError(m.loc, `unsupported metadata field [${m.name}]`);
      metaCols.push(this.newColumn(m.name, t));
    }
    this.from = { views, fieldCols, metaCols, preds: [], predCols: new Set(), ranges: [], width: this.width };
    this.fusable = true;
    this.source = (sink) => this.scan(sink);
  }

  private scan(sink: Sink): void {
    const from = this.from!;
    const width = from.width.n;
    const filter = this.req.filter;
    const preds = from.preds.map((p) => p.fn);
    const npreds = preds.length;
    // Date bounds every kept row satisfies (request filter + WHERE right after FROM): the store's time index
    // then hands out only the documents in range. Filters and predicates still run on what it hands out.
    const ranges: DateRange[] = [...(filter?.ranges ?? []), ...from.ranges];
    // Every slot a later stage reads is written for each row before it is read (FROM columns by the scan, EVAL /
    // DISSECT / GROK columns by their stage), so one array can carry every document when nothing keeps rows.
    const shared: Row | null = this.reuseRows ? new Array(width) : null;
    for (const view of from.views) {
      const storage = view.storage ?? plainStorage(view);
      type Reader = [number, (pos: number) => unknown];
      const pre: Reader[] = [];
      const post: Reader[] = [];
      for (const col of from.fieldCols) {
        if (!col.used) continue;
        const t = view.fields.get(col.name);
        if (t === undefined) {
          // Not in this index: the slot stays empty, as in a fresh row.
          if (shared) shared[col.slot] = undefined;
          continue;
        }
        // Mapped without values to read (nested, unsupported types): null, as before.
        const read = storage.reader(col.name) ?? (() => null);
        const reader = col.type === 'unsupported' ? unionReader(read, esqlTypeOf(t)) : read;
        (from.predCols.has(col) ? pre : post).push([col.slot, reader]);
      }
      const meta: Array<[number, (d: StoredDoc) => unknown]> = [];
      for (const col of from.metaCols) {
        if (!col.used) continue;
        const get: (d: StoredDoc) => unknown =
          col.name === '_id' ? (d) => d._id : col.name === '_index' ? (d) => d._index : col.name === '_version' ? (d) => d._version : col.name === '_index_mode' ? () => 'standard' : col.name === '_score' ? () => 0 : () => null;
        meta.push([col.slot, get]);
      }
      const npre = pre.length;
      const npost = post.length;
      const nmeta = meta.length;
      const fields = view.fields;
      const match = filter ? bindFilter(filter, fields, storage) : null;
      const selected = storage.select(ranges);
      const count = selected ? selected.length : storage.size;
      let loaded = 0;
      let found = 0;
      let stopped = false;
      for (let k = 0; k < count; k++) {
        const pos = selected ? selected[k] : k;
        if (!selected && !storage.live(pos)) continue;
        if (match !== null && !match(pos)) continue;
        found++;
        const row: Row = shared ?? new Array(width);
        if (nmeta) {
          const doc = storage.doc(pos);
          for (let i = 0; i < nmeta; i++) row[meta[i][0]] = meta[i][1](doc);
        }
        for (let i = 0; i < npre; i++) {
          const v = pre[i][1](pos);
          row[pre[i][0]] = v;
          if (v !== null) loaded++;
        }
        let keep = true;
        for (let i = 0; i < npreds; i++) {
          if (preds[i](row) !== true) {
            keep = false;
            break;
          }
        }
        if (!keep) continue;
        for (let i = 0; i < npost; i++) {
          const v = post[i][1](pos);
          row[post[i][0]] = v;
          if (v !== null) loaded++;
        }
        if (!sink.push(row)) {
          stopped = true;
          break;
        }
      }
      this.docsFound += found;
      this.valuesLoaded += loaded;
      if (stopped) return;
    }
  }

  private command(c: Command): void {
    if (c.kind !== 'where') this.fusable = false;
    if (c.kind !== 'eval' && c.kind !== 'keep' && c.kind !== 'drop' && c.kind !== 'rename' && c.kind !== 'limit') this.openSorts = [];
    switch (c.kind) {
      case 'where':
        return this.where(c.condition);
      case 'eval':
        return this.evalCommand(c.fields);
      case 'stats':
        return this.stats(c.aggs, c.by, c.inline);
      case 'keep':
        return this.keep(c.patterns);
      case 'drop':
        return this.drop(c.patterns);
      case 'rename':
        return this.rename(c.renames);
      case 'sort':
        return this.sort(c.orders);
      case 'limit':
        return this.limit(c.count);
      case 'mv_expand':
        return this.mvExpand(c.column.name, c.column.loc);
      case 'join':
        return this.lookupJoin(c);
      case 'dissect':
      case 'grok':
        return this.extract(c);
      case 'sample':
        return this.sample(c.probability);
      case 'fork':
        return this.fork(c.branches, c.loc);
      default:
        throw this.notExecuted(c);
    }
  }

  private where(cond: Expr): void {
    const before = new Set(this.columns.filter((c) => c.used));
    const e = this.compiler.compile(cond, this.scope);
    if (e.type !== 'boolean' && e.type !== 'null') {
      throw verificationError(cond.loc, `Condition expression needs to be boolean, found [${e.type === 'date' ? 'datetime' : e.type.toUpperCase()}]`);
    }
    if (this.fusable && this.from) {
      this.from.preds.push(e);
      for (const c of this.from.fieldCols) if (c.used && !before.has(c)) this.from.predCols.add(c);
      // Columns an earlier predicate already needed stay in the pre-read set.
      for (const c of this.from.fieldCols) if (before.has(c) && this.from.predCols.has(c)) this.from.predCols.add(c);
      this.markPredColumns(cond);
      this.pushDateRanges(cond);
      return;
    }
    const f = e.fn;
    this.stages.push((next) => ({ push: (r) => (f(r) === true ? next.push(r) : true), finish: () => next.finish() }));
  }

  /**
   * `date_field <op> constant` conjuncts of a WHERE right after FROM become date ranges for the store's time
   * index (the predicate itself still runs on every document handed out, so this only prunes).
   */
  private pushDateRanges(cond: Expr): void {
    if (cond.kind !== 'binary') return;
    if (cond.op === 'and') {
      this.pushDateRanges(cond.left);
      this.pushDateRanges(cond.right);
      return;
    }
    const flip: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==' };
    if (!(cond.op in flip)) return;
    const [colSide, constSide, op] =
      cond.left.kind === 'column' ? [cond.left, cond.right, cond.op] : cond.right.kind === 'column' ? [cond.right, cond.left, flip[cond.op]] : [null, null, ''];
    if (!colSide || colSide.kind !== 'column') return;
    const col = findColumn(this.scope, this.compiler.resolveName(colSide.name, colSide.loc));
    if (!col || col.type !== 'date' || !this.from!.fieldCols.includes(col)) return;
    let c: CExpr;
    try {
      c = this.compiler.compile(constSide, this.scope);
    } catch {
      return;
    }
    if (!c.isConst) return;
    const v = c.value;
    // Date constants, or ISO-8601 UTC text (the one string form whose implicit conversion is unambiguous).
    const ms =
      c.type === 'date' && typeof v === 'number'
        ? v
        : typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(v)
          ? Date.parse(v)
          : NaN;
    if (Number.isNaN(ms)) return;
    const r: DateRange = { field: col.name, lo: -Infinity, loInclusive: true, hi: Infinity, hiInclusive: true };
    if (op === '>' || op === '>=' || op === '==') Object.assign(r, { lo: ms, loInclusive: op !== '>' });
    if (op === '<' || op === '<=' || op === '==') Object.assign(r, { hi: ms, hiInclusive: op !== '<' });
    this.from!.ranges.push(r);
  }

  /** Every FROM column a fused predicate references must be read before the predicate runs. */
  private markPredColumns(cond: Expr): void {
    const from = this.from!;
    const visit = (n: unknown) => {
      if (Array.isArray(n)) return n.forEach(visit);
      if (!n || typeof n !== 'object') return;
      const o = n as Record<string, unknown>;
      if (o.kind === 'column') {
        const col = findColumn(this.scope, this.compiler.resolveName(String(o.name), o.loc as Loc));
        if (col && from.fieldCols.includes(col)) from.predCols.add(col);
      }
      if (o.kind === 'param' && o.identifier) {
        // identifier params resolve to columns too
        try {
          const p = this.ctx.param(o as never);
          const col = findColumn(this.scope, String(p.value));
          if (col && from.fieldCols.includes(col)) from.predCols.add(col);
        } catch {
          // reported at compile time
        }
      }
      for (const v of Object.values(o)) if (v && typeof v === 'object') visit(v);
    };
    visit(cond);
  }

  private evalCommand(fields: Field[]): void {
    const steps: Array<[number, (r: Row) => unknown]> = [];
    for (const f of fields) {
      const e = this.compiler.compile(f.expr, this.scope);
      if (e.type === 'unsupported' && f.expr.kind !== 'column') throw verificationError(f.expr.loc, `Unsupported type in [${e.text}]`);
      if (e.type === 'date_period' || e.type === 'time_duration') {
        // Eval.postAnalysisVerification, reported at the alias (`y = 1 day` starts at `y`).
        throw verificationError(f.name?.loc ?? f.expr.loc, `EVAL does not support type [${e.type}] as the return data type of expression [${e.text}]`);
      }
      const col = this.newColumn(this.fieldName(f), e.type);
      if (e.type === 'unsupported' && f.expr.kind === 'column') {
        const src = findColumn({ columns: this.columns.slice(0, -1) }, f.expr.name);
        if (src?.conflict) col.conflict = src.conflict;
      }
      steps.push([col.slot, e.fn]);
    }
    this.stages.push((next) => ({
      push: (r) => {
        for (let i = 0; i < steps.length; i++) r[steps[i][0]] = steps[i][1](r);
        return next.push(r);
      },
      finish: () => next.finish(),
    }));
  }

  private stats(aggFields: AggField[], byFields: Field[], inline = false): void {
    const inScope = this.scope;
    const keyNames = byFields.map((f) => this.fieldName(f));
    // Names the aggregate functions (arguments and WHERE filters) read: a grouping alias among them shadows the
    // input column of that name (Analyzer.resolveAggregate merges grouping attributes over the child output).
    const aggRefs = new Set<string>();
    for (const f of aggFields) {
      this.collectAggregateRefs(f.expr, false, aggRefs);
      if (f.where) this.collectAggregateRefs(f.where, true, aggRefs);
    }
    // Grouping keys. One read by an aggregate is computed into a slot of the input row first, as the optimizer's
    // EVAL before the aggregation does (STATS MAX(LENGTH(g)) BY g = SUBSTRING(f, 1, 1)).
    const keys: Array<{ name: string; type: DataType; fn: (r: Row) => unknown; field: Field }> = [];
    const keyInputCols: Column[] = [];
    const keySteps: Array<[number, (r: Row) => unknown]> = [];
    byFields.forEach((f, i) => {
      const e = this.compiler.compile(f.expr, inScope);
      if (e.type === 'unsupported') throw verificationError(f.expr.loc, `Unsupported type in [${e.text}]`);
      const name = keyNames[i];
      let fn = e.fn;
      if (aggRefs.has(name) && !(f.expr.kind === 'column' && !f.name)) {
        const slot = this.width.n++;
        keySteps.push([slot, e.fn]);
        keyInputCols.push({ name, type: e.type, slot });
        fn = (r: Row) => r[slot];
      }
      keys.push({ name, type: e.type, fn, field: f });
    });
    if (keySteps.length) {
      this.stages.push((next) => ({
        push: (r) => {
          for (let i = 0; i < keySteps.length; i++) r[keySteps[i][0]] = keySteps[i][1](r);
          return next.push(r);
        },
        finish: () => next.finish(),
      }));
    }
    const aggInputScope: Scope = { columns: [...inScope.columns, ...keyInputCols] };
    // Aggregates: each output expression is evaluated over [agg results...]
    const specs: Array<{ spec: AggSpec; where?: (r: Row) => unknown }> = [];
    const outputs: Array<{ name: string; expr: CExpr; field: AggField }> = [];
    for (const f of aggFields) {
      let where: ((r: Row) => unknown) | undefined;
      this.checkGrouped(f.expr, keys.map((k) => k.field));
      if (f.where) {
        const w = this.compiler.compile(f.where, aggInputScope);
        if (w.type !== 'boolean' && w.type !== 'null') throw verificationError(f.where.loc, `Condition expression needs to be boolean, found [${w.type.toUpperCase()}]`);
        where = w.fn;
      }
      // Grouping keys are readable in aggregate expressions: result rows are [keys..., aggregates...].
      const aggScope: Scope = {
        columns: keys.map((k, i) => ({ name: k.name, type: k.type, slot: i })),
        aggregate: (call: FunctionCall, text: string) => {
          const args = call.star ? [] : call.args.map((a) => this.compiler.compile(a, aggInputScope));
          const spec = aggSpec(call, args, text, this.ctx.warnings.failer(call.loc, text));
          const idx = keys.length + specs.length;
          specs.push({ spec, where });
          return { type: spec.type, fn: (r: Row) => r[idx], isConst: false, text, loc: call.loc };
        },
      };
      const expr = this.compiler.compile(f.expr, aggScope);
      outputs.push({ name: this.fieldName(f), expr, field: f });
    }
    // RemoveStatsOverride: the last of several same-named groupings / aggregates wins, groupings over aggregates,
    // each dropped one noted in a Warning (x-pack/plugin/esql/.../optimizer/rules/logical/RemoveStatsOverride.java).
    const at = (f: Field) => {
      const loc = f.name?.loc ?? f.expr.loc;
      return `${loc.line}:${loc.col}`;
    };
    const dedupe = <T>(items: T[], name: (x: T) => string, field: (x: T) => Field): T[] => {
      const kept = new Map<string, T>();
      const dropped = new Set<T>();
      for (let i = items.length - 1; i >= 0; i--) {
        const prev = kept.get(name(items[i]));
        if (prev === undefined) kept.set(name(items[i]), items[i]);
        else {
          this.ctx.warnings.add(`Line ${at(field(items[i]))}: Field '${name(items[i])}' shadowed by field at line ${at(field(prev))}`);
          dropped.add(items[i]);
        }
      }
      return items.filter((x) => !dropped.has(x));
    };
    const keptKeys = dedupe(keys, (k) => k.name, (k) => k.field);
    if (keptKeys.length !== keys.length) {
      // A dropped grouping does not group at all; aggregate results keep their slots after the key block.
      const dropped = keys.filter((k) => !keptKeys.includes(k));
      for (const k of dropped) {
        const idx = keys.indexOf(k);
        keys.splice(idx, 1);
        for (const o of outputs) o.expr = shiftKeys(o.expr, idx);
      }
    }
    const kept = dedupe<{ name: string; field: Field; out?: (typeof outputs)[number] }>(
      [...outputs.map((o) => ({ name: o.name, field: o.field as Field, out: o })), ...keys.map((k) => ({ name: k.name, field: k.field }))],
      (x) => x.name,
      (x) => x.field
    );
    outputs.splice(0, outputs.length, ...outputs.filter((o) => kept.some((k) => k.out === o)));
    // New row layout: outputs, then keys. INLINE STATS keeps the input rows and appends them instead.
    if (!inline) {
      this.width = { n: 0 };
      this.columns = [];
    }
    const outCols = outputs.map((o) => this.newColumn(o.name, o.expr.type));
    const keyCols = keys.map((k) => this.newColumn(k.name, k.type));
    const width = this.width;
    const nspecs = specs.length;
    const nkeys = keys.length;
    const argFns = specs.map((s) => s.spec.arg?.fn);
    const whereFns = specs.map((s) => s.where);
    const creators = specs.map((s) => s.spec);

    this.stages.push((next) => {
      // Groups are numbers in creation order; each aggregate keeps its per-group states in arrays (GroupAcc).
      const accs = creators.map(groupAcc);
      const adds = accs.map((a) => a.adder());
      const ids = new Map<unknown, number>();
      /** Key values by group: keyStore[g * nkeys + i]. */
      const keyStore: unknown[] = [];
      let ngroups = 0;
      const newGroup = (kv: ArrayLike<unknown>): number => {
        for (let i = 0; i < nkeys; i++) keyStore.push(kv[i]);
        for (let i = 0; i < nspecs; i++) accs[i].grow();
        return ngroups++;
      };
      const newGroup1 = (k: unknown): number => {
        keyStore.push(k);
        for (let i = 0; i < nspecs; i++) accs[i].grow();
        return ngroups++;
      };
      const addTo = (g: number) => {
        for (let i = 0; i < nspecs; i++) if (whereVals[i]) adds[i](g, argVals[i]);
      };
      const argVals = new Array(nspecs);
      const keyVals = new Array(nkeys);
      const whereVals = new Array<boolean>(nspecs);
      const single = nkeys === 0 ? newGroup([]) : -1;
      const kept: Array<[Row, number]> = [];
      let last = -1;
      /** Fills `results` ([keys..., aggregates...]) for group g. */
      const resultsOf = (g: number, results: unknown[]) => {
        for (let i = 0; i < nkeys; i++) results[i] = keyStore[g * nkeys + i];
        for (let i = 0; i < nspecs; i++) results[nkeys + i] = accs[i].result(g);
      };
      const emit = (g: number, r: Row, results: unknown[]) => {
        for (let i = 0; i < outputs.length; i++) r[outCols[i].slot] = outputs[i].expr.fn(results);
        for (let i = 0; i < nkeys; i++) r[keyCols[i].slot] = keyStore[g * nkeys + i];
        return next.push(r);
      };
      return {
        push: (r) => {
          if (inline) {
            last = -1;
            push(r);
            kept.push([r, last === -1 ? single : last]);
            return true;
          }
          return push(r);
        },
        finish: () => {
          if (inline) {
            const cache: unknown[][] = [];
            for (const [r, g] of kept) {
              let results = cache[g];
              if (!results) resultsOf(g, (cache[g] = results = new Array(nkeys + nspecs)));
              if (!emit(g, r, results)) break;
            }
            next.finish();
            return;
          }
          // One results row reused for every group: output expressions read it and keep none of it.
          const results: unknown[] = new Array(nkeys + nspecs);
          for (let g = 0; g < ngroups; g++) {
            resultsOf(g, results);
            if (!emit(g, new Array(width.n), results)) break;
          }
          next.finish();
        },
      };
      function push(r: Row): boolean {
          for (let i = 0; i < nspecs; i++) {
            const w = whereFns[i];
            whereVals[i] = w ? w(r) === true : true;
            const a = argFns[i];
            argVals[i] = a ? a(r) : null;
          }
          if (single !== -1) {
            addTo(single);
            return true;
          }
          if (nkeys === 1) {
            const v = keys[0].fn(r);
            if (!Array.isArray(v)) {
              // Single-valued key (the common case): no per-row array.
              const k = v ?? null;
              let g = ids.get(k);
              if (g === undefined) ids.set(k, (g = newGroup1(k)));
              addTo(g);
              if (last === -1) last = g;
              return true;
            }
            for (const k of v) {
              let g = ids.get(k);
              if (g === undefined) ids.set(k, (g = newGroup1(k)));
              addTo(g);
              if (last === -1) last = g;
            }
            return true;
          }
          // Several keys: a multi-valued key puts the row in every combination.
          let id = '';
          let multi = false;
          for (let i = 0; i < nkeys; i++) {
            const x = (keyVals[i] = keys[i].fn(r) ?? null);
            if (Array.isArray(x)) multi = true;
            else id += (x === null ? '\u0000' : typeof x + ':' + String(x)) + '\u0001';
          }
          if (!multi) {
            let g = ids.get(id);
            if (g === undefined) ids.set(id, (g = newGroup(keyVals)));
            addTo(g);
            if (last === -1) last = g;
            return true;
          }
          let combos: unknown[][] = [[]];
          for (let i = 0; i < nkeys; i++) {
            const v = keyVals[i];
            const vs = Array.isArray(v) ? v : [v ?? null];
            const nextCombos: unknown[][] = [];
            for (const c of combos) for (const x of vs) nextCombos.push([...c, x]);
            combos = nextCombos;
          }
          for (const c of combos) {
            const id = c.map((x) => (x === null ? '\u0000' : typeof x + ':' + String(x)) + '\u0001').join('');
            let g = ids.get(id);
            if (g === undefined) ids.set(id, (g = newGroup(c)));
            addTo(g);
            if (last === -1) last = g;
          }
          return true;
      }
    });
  }

  /** Column names read inside aggregate function calls (or anywhere in an aggregate's WHERE filter). */
  private collectAggregateRefs(e: unknown, inAgg: boolean, out: Set<string>): void {
    if (Array.isArray(e)) return e.forEach((x) => this.collectAggregateRefs(x, inAgg, out));
    if (!e || typeof e !== 'object') return;
    const o = e as Record<string, unknown>;
    if (o.kind === 'call' && AGGREGATES.has(String(o.name))) inAgg = true;
    if (o.kind === 'column' && inAgg) out.add(this.compiler.resolveName(String(o.name), o.loc as Loc));
    for (const v of Object.values(o)) if (v && typeof v === 'object') this.collectAggregateRefs(v, inAgg, out);
  }

  /**
   * Verifier.checkInvalidNamedExpressionUsage: outside aggregate functions an aggregate expression may only use
   * grouping keys, and those not on their own (`STATS g BY g`); a constant is no aggregate at all.
   */
  private checkGrouped(e: Expr, groups: Field[]): void {
    const keyNames = groups.map((g) => this.fieldName(g));
    const text = (loc: Loc) => this.compiler.textOf(loc);
    const refs = (n: unknown, out: Set<string>): void => {
      if (Array.isArray(n)) return n.forEach((x) => refs(x, out));
      if (!n || typeof n !== 'object') return;
      const o = n as Record<string, unknown>;
      if (o.kind === 'column') out.add(this.compiler.resolveName(String(o.name), o.loc as Loc));
      for (const v of Object.values(o)) if (v && typeof v === 'object') refs(v, out);
    };
    // A constant (no column, no aggregate) is no aggregate.
    const all = new Set<string>();
    refs(e, all);
    const hasAggregate = (n: unknown): boolean =>
      Array.isArray(n)
        ? n.some(hasAggregate)
        : !!n && typeof n === 'object' && (((n as Expr).kind === 'call' && AGGREGATES.has(String((n as FunctionCall).name))) || Object.values(n).some((v) => v && typeof v === 'object' && hasAggregate(v)));
    if (all.size === 0 && !hasAggregate(e)) throw verificationError(e.loc, `expected an aggregate function but found [${text(e.loc)}]`);
    const visit = (n: Expr, level: number): void => {
      if (n.kind === 'call' && AGGREGATES.has(n.name)) {
        const inner = (x: unknown): void => {
          if (Array.isArray(x)) return x.forEach(inner);
          if (!x || typeof x !== 'object') return;
          const o = x as Record<string, unknown>;
          if (o.kind === 'call' && AGGREGATES.has(String(o.name))) {
            throw verificationError(o.loc as Loc, `nested aggregations [${text(o.loc as Loc)}] not allowed inside other aggregations [${text(n.loc)}]`);
          }
          for (const v of Object.values(o)) if (v && typeof v === 'object') inner(v);
        };
        inner(n.args);
        return;
      }
      if (n.kind === 'column') {
        const name = this.compiler.resolveName(n.name, n.loc);
        if (keyNames.includes(name)) {
          if (level === 0) throw verificationError(n.loc, `grouping key [${text(n.loc)}] cannot be used as an aggregate once declared in the STATS BY clause`);
          return;
        }
        if (!findColumn(this.scope, name)) throw verificationError(n.loc, `Unknown column [${name}]`);
        for (const g of groups) {
          const inGroup = new Set<string>();
          refs(g.expr, inGroup);
          if (inGroup.has(name)) {
            const loc = g.name?.loc ?? g.expr.loc;
            throw verificationError(n.loc, `column [${name}] cannot be used as an aggregate once declared in the STATS BY grouping key [${this.ctx.text.slice(loc.start, g.expr.loc.end)}]`);
          }
        }
        throw verificationError(n.loc, `column [${name}] must appear in the STATS BY clause or be used in an aggregate function`);
      }
      for (const v of Object.values(n)) {
        if (Array.isArray(v)) v.forEach((x) => x && typeof x === 'object' && 'kind' in x && visit(x as Expr, level + 1));
        else if (v && typeof v === 'object' && 'kind' in (v as object)) visit(v as Expr, level + 1);
      }
    };
    visit(e, 0);
  }

  private matchPatterns(patterns: NamePattern[], command: string): Array<{ col: Column; pattern: number; precedence: number }> {
    const hits = new Map<Column, { pattern: number; precedence: number }>();
    patterns.forEach((p, idx) => {
      const name = this.compiler.resolveName(p.name, p.loc);
      if (!name.includes('*')) {
        const col = findColumn(this.scope, name);
        if (!col) throw verificationError(p.loc, `Unknown column [${name}]`);
        const prev = hits.get(col);
        if (!prev || prev.precedence <= 3) hits.set(col, { pattern: idx, precedence: 3 });
        return;
      }
      const re = { test: compileWildcard(name) };
      const precedence = name === '*' ? 1 : 2;
      let any = false;
      for (const col of this.columns) {
        if (!re.test(col.name)) continue;
        any = true;
        const prev = hits.get(col);
        if (!prev || prev.precedence <= precedence) hits.set(col, { pattern: idx, precedence });
      }
      if (!any) throw verificationError(p.loc, `No matches found for pattern [${name}]`);
    });
    void command;
    return [...hits.entries()].map(([col, h]) => ({ col, ...h }));
  }

  private keep(patterns: NamePattern[]): void {
    const hits = this.matchPatterns(patterns, 'KEEP');
    const order = new Map(this.columns.map((c, i) => [c, i]));
    hits.sort((a, b) => a.pattern - b.pattern || order.get(a.col)! - order.get(b.col)!);
    this.columns = hits.map((h) => h.col);
  }

  private drop(patterns: NamePattern[]): void {
    const hits = new Set(this.matchPatterns(patterns, 'DROP').map((h) => h.col));
    this.columns = this.columns.filter((c) => !hits.has(c));
  }

  private rename(renames: Array<{ from: NamePattern; to: NamePattern }>): void {
    for (const { from, to } of renames) {
      const fromName = this.compiler.resolveName(from.name, from.loc);
      const toName = this.compiler.resolveName(to.name, to.loc);
      const col = findColumn(this.scope, fromName);
      if (!col) throw verificationError(from.loc, `Unknown column [${fromName}]`);
      const renamed: Column = { ...col, name: toName, origin: col, used: false };
      this.columns = this.columns.filter((c) => c.name !== toName || c === col).map((c) => (c === col ? renamed : c));
    }
  }

  private sort(orders: Array<{ expr: Expr; dir?: 'asc' | 'desc'; nulls?: 'first' | 'last' }>): void {
    const keys = orders.map((o) => {
      const e = this.compiler.compile(o.expr, this.scope);
      if (e.type === 'unsupported') throw verificationError(o.expr.loc, `Unsupported type in [${e.text}]`);
      const desc = o.dir === 'desc';
      const key: SortKey = { desc, nullsFirst: o.nulls ? o.nulls === 'first' : desc, type: e.type };
      return { fn: e.fn, value: keyValueFn(key), key };
    });
    // Top-N: rows only 1:1 stages separate from the next LIMIT need to be kept.
    const bound = { n: Infinity };
    this.openSorts.push(bound);
    const compare = keyedComparator<Row>(keys.map((k) => k.key));
    const nkeys = keys.length;
    this.stages.push((next) => {
      const top = new TopN<Row>(bound.n, compare);
      let seq = 0;
      return {
        push: (r) => {
          // Every row's keys are evaluated (their warnings too), kept or not.
          const k = new Array(nkeys);
          for (let i = 0; i < nkeys; i++) k[i] = keys[i].value(keys[i].fn(r));
          top.offer({ r, k, seq: seq++ });
          return true;
        },
        finish: () => {
          for (const x of top.sorted()) if (!next.push(x.r)) break;
          next.finish();
        },
      };
    });
  }

  private limit(count: Expr): void {
    const e = this.compiler.compile(count, this.scope);
    const n = e.value;
    if (!e.isConst || typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
      throw parsingError(count.loc, `Invalid value for LIMIT [${e.isConst ? String(n) : e.text}], expecting a non negative integer`);
    }
    this.hasLimit = true;
    const max = Math.min(n, MAX_LIMIT);
    for (const b of this.openSorts) b.n = Math.min(b.n, max);
    this.openSorts = [];
    if (max === 0) {
      // Elasticsearch's SkipQueryOnLimitZero (esql/optimizer/rules/logical/SkipQueryOnLimitZero.java): a LIMIT 0
      // and everything below it become an empty local relation, so no document is read (documents_found 0);
      // only the output columns are planned. Commands after it still see an empty input (STATS without BY
      // gives its one row, like PropagateEmptyRelation).
      this.source = () => undefined;
      this.stages = [];
    }
    this.stages.push((next) => {
      let seen = 0;
      let done = max === 0;
      return {
        push: (r) => {
          if (done) return false;
          seen++;
          const more = next.push(r);
          if (seen >= max) done = true;
          return more && !done;
        },
        finish: () => next.finish(),
      };
    });
  }

  private extract(c: Extract<Command, { kind: 'dissect' | 'grok' }>): void {
    const input = this.compiler.compile(c.input, this.scope);
    if (!isStringType(input.type) && input.type !== 'null') {
      throw verificationError(c.input.loc, `${c.kind.toUpperCase()} only supports KEYWORD or TEXT values, found expression [${input.text}] type [${input.type.toUpperCase()}]`);
    }
    const patterns = (c.kind === 'dissect' ? [c.pattern] : c.patterns).map((p) => {
      const v = this.compiler.compile(p, this.scope);
      if (!v.isConst || typeof v.value !== 'string') throw verificationError(p.loc, `Pattern must be a string literal [${v.text}]`);
      return { text: v.value, loc: p.loc };
    });
    let ex: Extractor;
    try {
      if (c.kind === 'dissect') {
        let sep = '';
        for (const o of c.options) {
          const name = o.name!.name.toLowerCase();
          const v = this.compiler.compile(o.expr, this.scope);
          if (name !== 'append_separator') throw parsingError(o.name!.loc, `Invalid option for dissect: [${o.name!.name}]`);
          if (typeof v.value !== 'string') throw parsingError(o.expr.loc, `Invalid value for dissect append_separator: expected a string, but was [${v.text}]`);
          sep = v.value;
        }
        ex = compileDissect(patterns[0].text, sep);
      } else {
        ex = compileGrok(patterns.map((p) => p.text));
      }
    } catch (e) {
      if (e instanceof EsError) throw e;
      throw parsingError(patterns[0].loc, `Invalid pattern for ${c.kind} [${patterns[0].text}]: [${(e as Error).message}]`);
    }
    const cols = ex.keys.map((k) => this.newColumn(k.name, k.type));
    const f = input.fn;
    const fail = this.ctx.warnings.failer(c.input.loc, input.text);
    this.stages.push((next) => ({
      push: (r) => {
        const v = f(r);
        let out: unknown[] | null = null;
        if (Array.isArray(v)) fail(SINGLE_VALUE_MSG);
        else if (typeof v === 'string') {
          try {
            out = ex.match(v);
          } catch (e) {
            // A GROK pattern that would backtrack past the budget: null columns plus a warning, not a hang.
            if (!(e instanceof RegexBudgetExceeded)) throw e;
            fail(`java.lang.IllegalArgumentException: ${e.message}`);
          }
        }
        for (let i = 0; i < cols.length; i++) r[cols[i].slot] = out ? out[i] : null;
        return next.push(r);
      },
      finish: () => next.finish(),
    }));
  }

  /**
   * FORK (b1) (b2) ...: every input row runs through each branch; the output is the union of the branches'
   * columns (by name) plus `_fork` ("fork1", ...). Each branch without LIMIT gets the default one.
   */
  private fork(branches: Command[][], loc: Loc): void {
    // Branches number their new columns from a copy of the width: FROM fields get their slots before it.
    for (const c of this.columns) ensureSlot(c);
    const children = branches.map((cmds) => {
      const child = new Planner(this.ctx, this.catalog, this.req);
      child.columns = [...this.columns];
      child.width = { n: this.width.n };
      for (const c of cmds) {
        if (c.kind === 'fork') throw verificationError(c.loc, 'Only a single FORK command is supported, but found multiple');
        child.command(c);
      }
      if (!child.hasLimit) {
        this.ctx.warnings.add(`No limit defined, adding default limit of [${DEFAULT_LIMIT}]`);
        child.limitTo(DEFAULT_LIMIT);
      }
      for (const b of child.openSorts) b.n = Math.min(b.n, MAX_LIMIT);
      return child;
    });
    // Union schema in order of first appearance.
    const union: Array<{ name: string; type: DataType }> = [];
    for (const ch of children) {
      for (const col of ch.columns) {
        const prev = union.find((u) => u.name === col.name);
        if (!prev) union.push({ name: col.name, type: col.type });
        else if (prev.type !== col.type && prev.type !== 'null' && col.type !== 'null') {
          throw verificationError(loc, `Column [${col.name}] has conflicting data types in FORK branches: [${prev.type.toUpperCase()}] and [${col.type.toUpperCase()}]`);
        } else if (prev.type === 'null') prev.type = col.type;
      }
    }
    for (const ch of children) for (const c of ch.columns) markUsed(c);
    this.hasLimit = true;
    this.width = { n: 0 };
    this.columns = [];
    const outCols = union.map((u) => this.newColumn(u.name, u.type));
    const forkCol = this.newColumn('_fork', 'keyword');
    const width = this.width;
    const maps = children.map((ch) => outCols.map((oc) => ch.columns.find((c) => c.name === oc.name)?.slot ?? -1));
    this.stages.push((next) => {
      let stopped = false;
      const heads = children.map((ch, i) => {
        const map = maps[i];
        const name = `fork${i + 1}`;
        let sink: Sink = {
          push: (r) => {
            if (stopped) return false;
            const out: Row = new Array(width.n);
            for (let k = 0; k < map.length; k++) out[outCols[k].slot] = map[k] === -1 ? null : r[map[k]];
            out[forkCol.slot] = name;
            if (!next.push(out)) stopped = true;
            return !stopped;
          },
          finish: () => undefined,
        };
        for (let k = ch.stages.length - 1; k >= 0; k--) sink = ch.stages[k](sink);
        return { sink, open: true };
      });
      return {
        push: (r) => {
          let any = false;
          for (const h of heads) {
            if (!h.open) continue;
            if (!h.sink.push(r.slice())) h.open = false;
            else any = true;
          }
          return any && !stopped;
        },
        finish: () => {
          for (const h of heads) if (!stopped) h.sink.finish();
          next.finish();
        },
      };
    });
  }

  private limitTo(n: number): void {
    this.limit({ kind: 'literal', dataType: 'integer', value: n, loc: { line: 1, col: 1, start: 0, end: 0 } });
  }

  /** SAMPLE p: keeps each row with probability p (0 < p < 1). */
  private sample(p: Expr): void {
    const e = this.compiler.compile(p, this.scope);
    const v = e.value;
    if (!e.isConst || typeof v !== 'number' || !(v > 0 && v < 1)) {
      throw verificationError(p.loc, `invalid value for SAMPLE probability [${e.text}], expecting a number between 0 and 1, exclusive`);
    }
    this.stages.push((next) => ({ push: (r) => (Math.random() < v ? next.push(r) : true), finish: () => next.finish() }));
  }

  /** LOOKUP JOIN idx ON k1[, k2]: left join on equal field values; every match yields a row. */
  private lookupJoin(c: Extract<Command, { kind: 'join' }>): void {
    const keyNames = c.on.map((e) => {
      if (e.kind !== 'column') throw verificationError(e.loc, `join conditions other than field names are not supported by the embedded engine [${this.compiler.textOf(e.loc)}]`);
      return { name: this.compiler.resolveName(e.name, e.loc), loc: e.loc };
    });
    const views = this.catalog.resolve([c.index.name]);
    const rightTypes = new Map<string, DataType>();
    for (const v of views) {
      for (const [name, t] of v.fields) {
        const et = esqlTypeOf(t);
        const prev = rightTypes.get(name);
        rightTypes.set(name, prev && prev !== et ? 'unsupported' : et);
      }
    }
    const leftKeys = keyNames.map((k) => {
      const col = findColumn(this.scope, k.name);
      if (!col) throw verificationError(k.loc, `Unknown column [${k.name}] in left side of join`);
      const rt = rightTypes.get(k.name);
      if (!rt) throw verificationError(k.loc, `Unknown column [${k.name}] in right side of join`);
      const compatible = rt === col.type || (isStringType(rt) && isStringType(col.type)) || (isNumericType(rt) && isNumericType(col.type));
      if (!compatible) {
        throw verificationError(k.loc, `JOIN left field [${k.name}] of type [${col.type.toUpperCase()}] is incompatible with right field [${k.name}] of type [${rt.toUpperCase()}]`);
      }
      markUsed(col);
      return col.slot;
    });
    const keySet = new Set(keyNames.map((k) => k.name));
    const rightNames = [...rightTypes.keys()].filter((n) => !keySet.has(n)).sort();
    const rightCols = rightNames.map((n) => this.newColumn(n, rightTypes.get(n)!));
    const keyOf = (vals: unknown[]): string | undefined => {
      let id = '';
      for (const v of vals) {
        if (v === null || v === undefined || Array.isArray(v)) return undefined; // null or multi-valued keys never match
        id += typeof v + ':' + String(v) + '\u0001';
      }
      return id;
    };
    this.stages.push((next) => {
      const table = new Map<string, unknown[][]>();
      for (const v of views) {
        const storage = v.storage ?? plainStorage(v);
        const readers = [...keyNames.map((k) => k.name), ...rightNames].map((n) => storage.reader(n) ?? (() => null));
        const selected = storage.select([]);
        const count = selected ? selected.length : storage.size;
        for (let k = 0; k < count; k++) {
          const pos = selected ? selected[k] : k;
          if (!selected && !storage.live(pos)) continue;
          const vals = readers.map((r) => r(pos));
          const id = keyOf(vals.slice(0, keyNames.length));
          if (id === undefined) continue;
          const list = table.get(id);
          const right = vals.slice(keyNames.length);
          if (list) list.push(right);
          else table.set(id, [right]);
        }
      }
      return {
        push: (r) => {
          const matches = table.get(keyOf(leftKeys.map((s) => r[s])) ?? '');
          if (!matches) {
            for (const col of rightCols) r[col.slot] = null;
            return next.push(r);
          }
          for (let m = 0; m < matches.length; m++) {
            const out = m === matches.length - 1 ? r : r.slice();
            for (let i = 0; i < rightCols.length; i++) out[rightCols[i].slot] = matches[m][i];
            if (!next.push(out)) return false;
          }
          return true;
        },
        finish: () => next.finish(),
      };
    });
  }

  private mvExpand(name: string, loc: Loc): void {
    // The expanded column keeps its place; each value gets its own copy of the row.
    const e = this.compiler.column(this.scope, name, loc);
    const col = findColumn(this.scope, this.compiler.resolveName(name, loc))!;
    const slot = col.slot;
    const f = e.fn;
    this.stages.push((next) => ({
      push: (r) => {
        const v = f(r);
        if (!Array.isArray(v)) return next.push(r);
        for (const x of v) {
          const copy = r.slice();
          copy[slot] = x;
          if (!next.push(copy)) return false;
        }
        return true;
      },
      finish: () => next.finish(),
    }));
  }
}

/** Re-bases an aggregate output expression after grouping key `idx` was dropped from the result layout. */
function shiftKeys(e: CExpr, idx: number): CExpr {
  const f = e.fn;
  return { ...e, fn: (results: Row) => f([...results.slice(0, idx), null, ...results.slice(idx)]) };
}

function outputType(t: DataType): EsqlType {
  return t as EsqlType;
}

function outputValue(v: unknown, t: DataType): unknown {
  if (v === undefined || v === null) return null;
  if (t === 'unsupported') return null;
  if (isDate(t)) return Array.isArray(v) ? v.map((x) => formatTemporal(x, t)) : formatTemporal(v, t);
  if (t === 'date_period' || t === 'time_duration') return null;
  return v;
}
