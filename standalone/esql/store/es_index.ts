// One index: mapping, documents by position, per-id versions, and (when persistent) its record log.
// Storage is compact and columnar: each document keeps its `_source` as the JSON text it was indexed with (what
// `_search` / `_doc` return) plus one column per mapped field that has doc values (keyword, ip, numbers, dates,
// booleans) in doc-values form (store/doc_values.ts). Columns are filled lazily: a load only stores `_source`; the
// first read of a field (ES|QL, Query DSL) fills its column from `_source` in one pass over the documents indexed
// since (fields read together by one query share that pass). Sample data maps ~100 fields of which queries read a
// handful, so building every column at index time cost most of the load. A `_refresh` builds every column of the
// documents indexed so far (buildDocValues), as Elasticsearch builds doc values when a refresh writes a segment,
// so queries after a load-then-refresh do not pay for it. Date columns get a lazily built time
// index (positions sorted by value) so a time-bounded read visits only the documents in its range.
// constant_keyword fields have no column: every document reads the mapping's `value`. A `_source` text with a
// 16+ digit run is parsed with parseJsonExact (longs beyond 2^53 stay exact, as Elasticsearch reads them).
import { DateRange, DocFilter, EsFieldType, IndexStorage, IndexView, StoredDoc } from '../types';
import { constantValue, findLeaf, flattenMappings, RootMapping } from './mapping';
import { RecordLog } from './log';
import { Column, buildTimeIndex, lowerBound, newColumn, NumColumn, TimeIndex } from './columns';
import { columnKind, docValuesOf, DocValue, type LeafOptions } from './doc_values';
import { SourceArena } from './source_arena';
import { mayHoldBigInts, parseJsonExact, stringifyExact } from './exact_json';
import { IdTable } from './id_table';

export interface IndexMeta {
  name: string;
  uuid: string;
  creation_date: number;
  settings: Record<string, unknown>;
  aliases: Record<string, { is_write_index?: boolean }>;
  hidden: boolean;
}

/** Log records (JSON payloads). */
export type LogRecord =
  | { t: 'm'; m: RootMapping }
  | { t: 'i'; id: string; v: number; q: number; s: Record<string, unknown> }
  | { t: 'd'; id: string; v: number; q: number };

/** How one mapped field is read: its column (doc values) or, without one, `_source` at `sourcePath`. */
interface FieldPlan {
  type: EsFieldType;
  sourcePath: string;
  column: Column | null;
  convert: (raw: unknown) => DocValue | DocValue[] | null;
  /** constant_keyword: the mapping's value, every document's value (null while the mapping has none). */
  constant?: string | null;
  /** The mapping has a `null_value`: an explicit null in `_source` is indexed as that value. */
  takesNull?: boolean;
}

/** One segment of the mapped source paths; `plans` are the columns filled from the path ending here. */
interface PathNode {
  children: Map<string, PathNode>;
  plans: FieldPlan[] | null;
  /** Some plan here has a `null_value`: explicit nulls are collected for it. */
  takesNull?: boolean;
}

const nextCap = (len: number, need: number) => Math.max(16, need, len < 1 << 16 ? len * 2 : Math.ceil(len * 1.25));
const growF64 = (a: Float64Array, need: number): Float64Array => {
  if (need <= a.length) return a;
  const b = new Float64Array(nextCap(a.length, need));
  b.set(a);
  return b;
};
const growU8 = (a: Uint8Array, need: number): Uint8Array => {
  if (need <= a.length) return a;
  const b = new Uint8Array(nextCap(a.length, need));
  b.set(a);
  return b;
};

/**
 * A document handed out of the index (docs, get, matching): id and version as of now, `_source` parsed on access
 * (found again by id if slots were compacted since).
 */
class DocRef implements StoredDoc {
  readonly _index: string;
  readonly _id: string;
  readonly _version: number;
  private readonly layout: number;
  constructor(private readonly idx: EsIndex, private pos: number) {
    this._index = idx.name;
    this._id = idx.idAt(pos);
    this._version = idx.versionAt(pos);
    this.layout = idx.layout;
  }
  private where(): number {
    if (this.idx.layout !== this.layout) this.pos = this.idx.positionOf(this._id) ?? -1;
    return this.pos;
  }
  get source(): Record<string, unknown> {
    const p = this.where();
    return p < 0 ? {} : this.idx.sourceAt(p);
  }
  docValue(field: string): unknown {
    const p = this.where();
    return p < 0 ? null : this.idx.docValueAt(p, field);
  }
}

/** A cursor over positions (filters during a scan); valid until the next write. */
class PositionDoc implements StoredDoc {
  constructor(private readonly idx: EsIndex, public pos: number) {}
  get _id(): string {
    return this.idx.idAt(this.pos);
  }
  get _index(): string {
    return this.idx.name;
  }
  get _version(): number {
    return this.idx.versionAt(this.pos);
  }
  get source(): Record<string, unknown> {
    return this.idx.sourceAt(this.pos);
  }
  docValue(field: string): unknown {
    return this.idx.docValueAt(this.pos, field);
  }
}

export class EsIndex {
  root: RootMapping;
  private flat: Map<string, EsFieldType> | null = null;
  private plans: Map<string, FieldPlan> | null = null;
  /** Columns by field name; survive mapping changes (a field's type never changes once mapped). */
  private readonly columns = new Map<string, Column>();
  /** Source paths that fill columns, and every proper prefix of them (walk pruning). */
  private fill: PathNode | null = null;

  private ids: string[] = [];
  private sources = new SourceArena();
  private versions: Float64Array = new Float64Array(0);
  private alive: Uint8Array = new Uint8Array(0);
  /** 1 where the `_source` text may hold an integer beyond 2^53: parsed with parseJsonExact, not JSON.parse. */
  private exact: Uint8Array = new Uint8Array(0);
  private n = 0;
  private liveCount = 0;
  private positions = new IdTable((pos) => this.ids[pos]);
  private timeIndexes = new Map<string, TimeIndex>();
  private docsCache: StoredDoc[] | null = null;
  private lastParsed: { pos: number; src: Record<string, unknown> } | null = null;
  /** Last version of deleted ids, so a re-index continues the version sequence like ES. */
  private tombstones = new Map<string, number>();
  seqNo = 0;
  deletedCount = 0;
  /** Documents handed out by `select` since the index was opened: what time-bounded reads visited. */
  visited = 0;
  /** Bumped when slots are compacted (positions change). */
  layout = 0;
  log: RecordLog | null = null;

  constructor(public meta: IndexMeta, mappings: RootMapping) {
    this.root = mappings;
  }

  get name(): string {
    return this.meta.name;
  }

  get fields(): Map<string, EsFieldType> {
    if (!this.flat) this.flat = flattenMappings(this.root);
    return this.flat;
  }

  /**
   * A field mapped after documents were indexed (PUT _mapping) has no doc values in those documents, like in
   * Elasticsearch (existing documents are not re-indexed); fields without doc values (text) still read `_source`.
   */
  setMapping(root: RootMapping): void {
    this.root = root;
    this.flat = null;
    this.plans = null;
    this.fill = null;
  }

  /** Live documents. */
  get docCount(): number {
    return this.liveCount;
  }

  // ---- field plans -----------------------------------------------------------------------------------------

  private planMap(): Map<string, FieldPlan> {
    if (this.plans) return this.plans;
    const fields = this.fields;
    const plans = new Map<string, FieldPlan>();
    for (const [name, type] of fields) {
      if (type === 'nested' || type === 'unsupported') continue;
      const node = findLeaf(this.root, name);
      let sourcePath = name;
      if (node?.type === 'alias' && typeof node.path === 'string') sourcePath = node.path;
      else {
        // `message.keyword` is read from `message`: a leaf whose dotted prefix is also a leaf is a multi-field.
        for (let i = name.lastIndexOf('.'); i > 0; i = name.lastIndexOf('.', i - 1)) {
          if (fields.has(name.slice(0, i))) {
            sourcePath = name.slice(0, i);
            break;
          }
        }
      }
      const kind = columnKind(type);
      const target = node?.type === 'alias' && typeof node.path === 'string' ? node.path : name;
      let column: Column | null = null;
      if (kind) {
        column = this.columns.get(target) ?? null;
        if (!column) {
          this.columns.set(target, (column = newColumn(kind)));
          // Documents indexed before the field was mapped have no doc values for it.
          column.filledTo = this.n;
        }
      }
      const leaf = node?.type === 'alias' ? findLeaf(this.root, target) : node;
      const opts: LeafOptions = {
        scalingFactor: typeof leaf?.scaling_factor === 'number' ? leaf.scaling_factor : undefined,
        ignoreAbove: typeof leaf?.ignore_above === 'number' ? leaf.ignore_above : undefined,
        nullValue: leaf?.null_value ?? undefined,
      };
      const plan: FieldPlan = { type, sourcePath, column, convert: docValuesOf(type, opts), takesNull: opts.nullValue !== undefined };
      if (type === 'constant_keyword') plan.constant = constantValue(node?.type === 'alias' ? findLeaf(this.root, target) : node);
      plans.set(name, plan);
    }
    this.plans = plans;
    return plans;
  }

  /** The source paths that fill columns, as a trie over path segments (no per-key path strings while walking). */
  private fillPlan(): PathNode {
    if (this.fill) return this.fill;
    this.fill = this.pathTrie(() => true);
    return this.fill;
  }

  /** The source paths of the columns `want` accepts, as a trie (first plan of a column: aliases share their target's). */
  private pathTrie(want: (c: Column) => boolean): PathNode {
    const root: PathNode = { children: new Map(), plans: null };
    const seen = new Set<Column>();
    for (const p of this.planMap().values()) {
      if (!p.column || seen.has(p.column) || !want(p.column)) continue;
      seen.add(p.column);
      let node = root;
      for (const part of p.sourcePath.split('.')) {
        let next = node.children.get(part);
        if (!next) node.children.set(part, (next = { children: new Map(), plans: null }));
        node = next;
      }
      (node.plans ??= []).push(p);
      if (p.takesNull) node.takesNull = true;
    }
    return root;
  }

  /** Scratch of `collect`: raw values by trie node (arrays of objects add to the same path). */
  private readonly scratch = new Map<PathNode, unknown>();

  /** Collects every mapped leaf value of `src` into `scratch`. */
  private collect(src: Record<string, unknown>): Map<PathNode, unknown> {
    const out = this.scratch;
    out.clear();
    this.walkObject(src, this.fillPlan(), out);
    return out;
  }

  private walkObject(obj: Record<string, unknown>, node: PathNode, out: Map<PathNode, unknown>): void {
    for (const k in obj) {
      const v = obj[k];
      if (v === undefined) continue;
      let child = node.children.get(k);
      if (child === undefined) {
        // A dotted key (`{"a.b": 1}`) walks several segments at once.
        if (k.indexOf('.') < 0) continue;
        let n: PathNode | undefined = node;
        for (const part of k.split('.')) {
          n = n.children.get(part);
          if (!n) break;
        }
        if (!n) continue;
        child = n;
      }
      if (v === null && !child.takesNull) continue;
      if (child.plans) {
        const prev = out.get(child);
        out.set(child, prev === undefined ? v : [prev, v]);
      }
      if (typeof v === 'object' && child.children.size) this.walkValue(v, child, out);
    }
  }

  private walkValue(v: unknown, node: PathNode, out: Map<PathNode, unknown>): void {
    if (Array.isArray(v)) for (const x of v) this.walkValue(x, node, out);
    else if (v && typeof v === 'object') this.walkObject(v as Record<string, unknown>, node, out);
  }

  private writeColumns(pos: number, src: Record<string, unknown>, clear: boolean, text: string): void {
    const values = this.collect(this.exact[pos] === 1 ? this.parseSource(pos, text) : src);
    if (clear) for (const c of this.columns.values()) c.set(pos, null);
    for (const [node, raw] of values) {
      for (const p of node.plans!) {
        const v = p.convert(raw);
        if (v !== null || clear) p.column!.set(pos, v);
      }
    }
  }

  /**
   * Builds the doc values of every mapped field up to the last document, in one pass over `_source`: what
   * Elasticsearch does when a refresh writes a segment. Until then (or for fields mapped later) columns fill
   * lazily on first read.
   */
  buildDocValues(): void {
    let first: Column | null = null;
    for (const p of this.planMap().values()) {
      if (!p.column || p.column.filledTo >= this.n) continue;
      this.wanted.add(p.column);
      first ??= p.column;
    }
    if (first) this.ensure(first);
  }

  /** How many mapped columns still lack doc values for some document (filled lazily or by buildDocValues). */
  pendingDocValues(): number {
    let n = 0;
    for (const p of this.planMap().values()) if (p.column && p.column.filledTo < this.n) n++;
    return n;
  }

  /** Columns read since the last fill (by `reader`): filled together, in one pass over `_source`. */
  private readonly wanted = new Set<Column>();

  /** Fills `col` (and every other wanted column) up to the last document, from `_source`. */
  private ensure(col: Column): void {
    if (col.filledTo >= this.n) return;
    this.wanted.add(col);
    const cols: Column[] = [];
    for (const c of this.wanted) if (c.filledTo < this.n) cols.push(c);
    this.wanted.clear();
    // A trie of only these columns' source paths.
    const todo = new Set(cols);
    const root = this.pathTrie((c) => todo.has(c));
    let from = this.n;
    for (const c of cols) from = Math.min(from, c.filledTo);
    const out = this.scratch;
    for (let pos = from; pos < this.n; pos++) {
      if (!this.alive[pos]) continue;
      out.clear();
      const text = this.sources.get(pos);
      if (!text) continue;
      this.walkObject(this.parseSource(pos, text), root, out);
      for (const [node, raw] of out) {
        for (const p of node.plans!) {
          if (pos < p.column!.filledTo) continue;
          const v = p.convert(raw);
          if (v !== null) p.column!.set(pos, v);
        }
      }
    }
    out.clear();
    for (const c of cols) c.filledTo = this.n;
  }

  // ---- documents -------------------------------------------------------------------------------------------

  idAt(pos: number): string {
    return this.ids[pos];
  }

  versionAt(pos: number): number {
    return this.versions[pos];
  }

  sourceAt(pos: number): Record<string, unknown> {
    const last = this.lastParsed;
    if (last && last.pos === pos) return last.src;
    const src = this.parseSource(pos, this.sources.get(pos));
    this.lastParsed = { pos, src };
    return src;
  }

  /** `_source` text -> object; longs beyond 2^53 as exact BigInts (what Elasticsearch's parser reads). */
  private parseSource(pos: number, text: string): Record<string, unknown> {
    return (this.exact[pos] === 1 ? parseJsonExact(text) : JSON.parse(text)) as Record<string, unknown>;
  }

  /** Live documents as stored: id, version and `_source` JSON text, in index order. */
  *liveEntries(): Generator<{ id: string; version: number; json: string }> {
    for (let pos = 0; pos < this.n; pos++) if (this.alive[pos]) yield { id: this.ids[pos], version: this.versions[pos], json: this.sources.get(pos) };
  }

  docValueAt(pos: number, field: string): unknown {
    const p = this.planMap().get(field);
    if (p?.constant !== undefined) return p.constant;
    if (!p || !p.column) return undefined;
    if (p.column.filledTo < this.n) this.ensure(p.column);
    return p.column.get(pos);
  }

  /** Live documents in index order. The array is rebuilt after writes; its elements parse `_source` lazily. */
  get docs(): readonly StoredDoc[] {
    if (this.docsCache) return this.docsCache;
    const out: StoredDoc[] = [];
    for (let pos = 0; pos < this.n; pos++) if (this.alive[pos]) out.push(new DocRef(this, pos));
    this.docsCache = out;
    return out;
  }

  /** Live documents matching a compiled Query DSL filter, in index order; date ranges go through the time index. */
  matching(filter: DocFilter): StoredDoc[] {
    const sel = this.select(filter.ranges ?? []);
    const fields = this.fields;
    const cursor = new PositionDoc(this, 0);
    const out: StoredDoc[] = [];
    const count = sel ? sel.length : this.n;
    for (let k = 0; k < count; k++) {
      const pos = sel ? sel[k] : k;
      if (!sel && !this.alive[pos]) continue;
      cursor.pos = pos;
      if (filter(cursor, fields)) out.push(new DocRef(this, pos));
    }
    return out;
  }

  view(): IndexView {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    return {
      name: this.meta.name,
      fields: this.fields,
      get docs() {
        return self.docs;
      },
      storage: this.storage(),
    };
  }

  storage(): IndexStorage {
    const cursor = new PositionDoc(this, 0);
    return {
      size: this.n,
      select: (ranges) => this.select(ranges),
      live: (pos) => this.alive[pos] === 1,
      reader: (field) => this.reader(field),
      docValuesTest: (field, one, many) => this.docValuesTest(field, one, many),
      doc: (pos) => {
        cursor.pos = pos;
        return cursor;
      },
    };
  }

  /** IndexStorage.docValuesTest: the column's own test, filled first (with every other wanted column) if needed. */
  private docValuesTest(field: string, one: (v: unknown) => boolean, many: (vs: unknown[]) => boolean): ((pos: number) => boolean) | undefined {
    const col = this.planMap().get(field)?.column;
    if (!col) return undefined;
    const test = col.test(one, many);
    if (col.filledTo >= this.n) return test;
    this.wanted.add(col);
    return (pos) => {
      if (col.filledTo < this.n) this.ensure(col);
      return test(pos);
    };
  }

  private reader(field: string): ((pos: number) => unknown) | null {
    const p = this.planMap().get(field);
    if (!p) return null;
    if (p.constant !== undefined) {
      // ConstantKeywordFieldMapper: the mapping's value for every document, whatever its _source holds.
      const value = p.constant;
      return () => value;
    }
    const col = p.column;
    if (col) {
      const read = col.reader();
      if (col.filledTo >= this.n) return read;
      // Filled on first call, so the columns a query asks readers for before scanning share one pass.
      this.wanted.add(col);
      return (pos) => {
        if (col.filledTo < this.n) this.ensure(col);
        return read(pos);
      };
    }
    // No doc values (text, geo_point, ...): read `_source`, in source order.
    const path = p.sourcePath;
    const conv = p.convert;
    return (pos) => {
      const raw = readPath(this.sourceAt(pos), path);
      return raw === undefined ? null : conv(raw);
    };
  }

  /** Live positions to visit, ascending; narrowed by date ranges through the time index. */
  private select(ranges: readonly DateRange[]): Int32Array | null {
    let best: { col: NumColumn; r: DateRange } | null = null;
    for (const r of ranges) {
      const p = this.planMap().get(r.field);
      if (!p || !(p.column instanceof NumColumn) || p.column.kind !== 'date') continue;
      if (!best) best = { col: p.column, r };
      else if (best.r.field === r.field) {
        // Intersect bounds on the same field.
        const lo: DateRange = r.lo > best.r.lo || (r.lo === best.r.lo && !r.loInclusive) ? r : best.r;
        const hi: DateRange = r.hi < best.r.hi || (r.hi === best.r.hi && !r.hiInclusive) ? r : best.r;
        best = { col: best.col, r: { field: r.field, lo: lo.lo, loInclusive: lo.loInclusive, hi: hi.hi, hiInclusive: hi.hiInclusive } };
      }
    }
    if (!best) {
      this.visited += this.liveCount;
      return null;
    }
    const { col, r } = best;
    this.ensure(col);
    const ti = this.timeIndex(r.field, col);
    const a = r.lo === -Infinity ? 0 : lowerBound(ti.keys, r.lo, !r.loInclusive);
    const b = r.hi === Infinity ? ti.keys.length : lowerBound(ti.keys, r.hi, r.hiInclusive);
    const picked: number[] = [];
    const inRange = (v: number) => (r.loInclusive ? v >= r.lo : v > r.lo) && (r.hiInclusive ? v <= r.hi : v < r.hi);
    // Past the index: the tail written since it was built.
    for (let pos = ti.upTo; pos < this.n; pos++) {
      const v = pos < col.vals.length ? col.vals[pos] : NaN;
      if (v === v && this.alive[pos] && inRange(v)) picked.push(pos);
    }
    // Multi-valued dates are not in the index: always candidates (callers re-check their filters).
    for (const pos of col.multi.keys()) if (this.alive[pos]) picked.push(pos);
    let k = 0;
    const out = new Int32Array(Math.max(0, b - a) + picked.length);
    for (let i = a; i < b; i++) {
      const pos = ti.order[i];
      if (this.alive[pos]) out[k++] = pos;
    }
    for (const pos of picked) out[k++] = pos;
    const res = k === out.length ? out : out.slice(0, k);
    res.sort();
    this.visited += res.length;
    return res;
  }

  private timeIndex(field: string, col: NumColumn): TimeIndex {
    const cur = this.timeIndexes.get(field);
    // Rebuild once the unindexed tail outgrows an eighth of the index (amortised O(n log n) over appends).
    if (cur && this.n - cur.upTo <= Math.max(1024, cur.upTo >> 3)) return cur;
    const ti = buildTimeIndex(col, this.n, (pos) => this.alive[pos] === 1);
    this.timeIndexes.set(field, ti);
    return ti;
  }

  private pos(id: string): number | undefined {
    return this.positions.get(id);
  }

  /** Current position of a live id. */
  positionOf(id: string): number | undefined {
    return this.positions.get(id);
  }

  get(id: string): StoredDoc | undefined {
    const p = this.pos(id);
    return p === undefined ? undefined : new DocRef(this, p);
  }

  /** Version the next write of `id` gets. */
  nextVersion(id: string): number {
    const p = this.pos(id);
    if (p !== undefined) return this.versions[p] + 1;
    return (this.tombstones.get(id) ?? 0) + 1;
  }

  /** Stores a document; `json` is JSON.stringify(source) when the caller already has it. */
  put(id: string, version: number, seq: number, source: Record<string, unknown>, json?: string): 'created' | 'updated' {
    this.seqNo = Math.max(this.seqNo, seq + 1);
    const text = json ?? stringifyExact(source);
    this.docsCache = null;
    this.lastParsed = null;
    const p = this.pos(id);
    if (p !== undefined) {
      this.sources.set(p, text);
      this.exact[p] = mayHoldBigInts(text) ? 1 : 0;
      if (this.sources.wasted > Math.max(1 << 20, this.sources.live)) this.sources = this.sources.compacted(this.n, (i) => this.alive[i] === 1);
      this.versions[p] = version;
      this.writeColumns(p, source, true, text);
      // Values of indexed positions may have changed: rebuild time indexes on next use.
      this.timeIndexes.clear();
      return 'updated';
    }
    this.tombstones.delete(id);
    // Columns are filled on first read; those of the current mapping must exist before this position is taken.
    this.planMap();
    const pos = this.n++;
    this.ids.push(id);
    this.sources.set(pos, text);
    this.versions = growF64(this.versions, this.n);
    this.versions[pos] = version;
    this.alive = growU8(this.alive, this.n);
    this.alive[pos] = 1;
    this.exact = growU8(this.exact, this.n);
    this.exact[pos] = mayHoldBigInts(text) ? 1 : 0;
    this.liveCount++;
    this.positions.add(id, pos);
    return 'created';
  }

  remove(id: string, version: number, seq: number): boolean {
    this.seqNo = Math.max(this.seqNo, seq + 1);
    const p = this.pos(id);
    this.tombstones.set(id, version);
    if (p === undefined) return false;
    this.alive[p] = 0;
    this.sources.clear(p);
    for (const c of this.columns.values()) c.set(p, null);
    this.positions.delete(id);
    this.liveCount--;
    this.deletedCount++;
    this.docsCache = null;
    this.lastParsed = null;
    if (this.n - this.liveCount > 1024 && this.n - this.liveCount > this.liveCount) this.compactSlots();
    return true;
  }

  /** Drops deleted slots (positions change; nothing outside holds positions across writes). */
  private compactSlots(): void {
    this.layout++;
    const live: Array<{ id: string; v: number; s: string }> = [];
    for (let pos = 0; pos < this.n; pos++) if (this.alive[pos]) live.push({ id: this.ids[pos], v: this.versions[pos], s: this.sources.get(pos) });
    this.ids = [];
    this.sources = new SourceArena();
    this.versions = new Float64Array(0);
    this.alive = new Uint8Array(0);
    this.exact = new Uint8Array(0);
    this.n = 0;
    this.liveCount = 0;
    this.positions = new IdTable((pos) => this.ids[pos]);
    this.columns.clear();
    this.wanted.clear();
    this.plans = null;
    this.fill = null;
    this.timeIndexes.clear();
    const seq = this.seqNo;
    for (const d of live) this.put(d.id, d.v, seq, JSON.parse(d.s) as Record<string, unknown>, d.s);
    this.seqNo = seq;
  }

  /** Replays a log record; `sourceText` is the record's `_source` as written (exact digits, original bytes). */
  apply(rec: LogRecord, sourceText?: string): void {
    if (rec.t === 'm') this.setMapping(rec.m);
    else if (rec.t === 'i') this.put(rec.id, rec.v, rec.q, rec.s, sourceText);
    else this.remove(rec.id, rec.v, rec.q);
  }
}


/** Raw `_source` value at a dotted path: object and dotted-key forms, arrays of objects gathered. */
function readPath(src: Record<string, unknown>, path: string): unknown {
  const vals: unknown[] = [];
  const walk = (obj: Record<string, unknown>, rest: string) => {
    for (const k in obj) {
      const v = obj[k];
      if (v === null || v === undefined) continue;
      if (k === rest) vals.push(v);
      else if (rest.startsWith(k) && rest.charCodeAt(k.length) === 46 /* . */) {
        const sub = rest.slice(k.length + 1);
        const visit = (x: unknown) => {
          if (Array.isArray(x)) x.forEach(visit);
          else if (x && typeof x === 'object') walk(x as Record<string, unknown>, sub);
        };
        visit(v);
      }
    }
  };
  walk(src, path);
  return vals.length === 0 ? undefined : vals.length === 1 ? vals[0] : vals;
}
