// Per-field columns of doc values, by document position: typed arrays for single values, a side map for
// multi-valued documents, and dictionary codes for strings (keyword and ip values repeat a lot).
import type { ColumnKind, DocValue } from './doc_values';

export interface Column {
  readonly kind: ColumnKind;
  /** null, a scalar, or an array (already in doc-values order). */
  get(pos: number): DocValue | DocValue[] | null;
  set(pos: number, v: DocValue | DocValue[] | null): void;
  /** `get` as a closure of the column's own class (monomorphic, so the scan's per-field readers inline it). */
  reader(): (pos: number) => DocValue | DocValue[] | null;
  /** Positions holding several values. */
  multiPositions(): Iterable<number>;
  /**
   * `(pos) => v = get(pos); v !== null && (Array.isArray(v) ? many(v) : one(v))`, specialised per column kind;
   * reads the column's current arrays on each call (safe across a later fill). Dictionary columns remember
   * `one`'s answer per code (`one` must be pure).
   */
  test(one: (v: unknown) => boolean, many: (vs: unknown[]) => boolean): (pos: number) => boolean;
  /**
   * Positions below this are filled (the index fills columns lazily, on first read); positions from the
   * column's creation on are filled from `_source`, earlier ones have no doc values (mapped later, like ES).
   */
  filledTo: number;
}

function grow<T extends Float64Array | Int32Array | Uint8Array>(a: T, need: number, fill?: number): T {
  if (need <= a.length) return a;
  // Doubling while small, then 1.25x: bounded slack for large columns at an amortised O(n) copy cost.
  let cap = Math.max(16, a.length);
  while (cap < need) cap = cap < 1 << 16 ? cap * 2 : Math.ceil(cap * 1.25);
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  if (fill !== undefined) b.fill(fill, a.length);
  return b;
}

/**
 * Numbers (and dates as epoch millis): NaN marks "no single number" - missing, multi-valued, or a long beyond
 * 2^53 (a BigInt, exact); the latter two are kept in `multi`.
 */
export class NumColumn implements Column {
  filledTo = 0;
  vals = new Float64Array(0);
  readonly multi = new Map<number, Array<number | bigint> | bigint>();
  constructor(readonly kind: 'num' | 'date') {}

  get(pos: number): number | bigint | Array<number | bigint> | null {
    if (pos >= this.vals.length) return null;
    const v = this.vals[pos];
    if (v === v) return v;
    return this.multi.size === 0 ? null : this.multi.get(pos) ?? null;
  }

  set(pos: number, v: DocValue | DocValue[] | null): void {
    if (v === null && pos >= this.vals.length) return;
    this.vals = grow(this.vals, pos + 1, NaN);
    if (this.multi.size) this.multi.delete(pos);
    if (Array.isArray(v)) {
      this.vals[pos] = NaN;
      this.multi.set(pos, v as Array<number | bigint>);
    } else if (typeof v === 'bigint') {
      this.vals[pos] = NaN;
      this.multi.set(pos, v);
    } else this.vals[pos] = v === null ? NaN : (v as number);
  }

  reader(): (pos: number) => DocValue | DocValue[] | null {
    return (pos) => this.get(pos);
  }

  multiPositions(): Iterable<number> {
    const multi = this.multi;
    return (function* () {
      for (const [pos, v] of multi) if (Array.isArray(v)) yield pos;
    })();
  }

  test(one: (v: unknown) => boolean, many: (vs: unknown[]) => boolean): (pos: number) => boolean {
    return (pos) => {
      const vals = this.vals;
      if (pos >= vals.length) return false;
      const v = vals[pos];
      if (v === v) return one(v);
      if (this.multi.size === 0) return false;
      const mv = this.multi.get(pos);
      return mv !== undefined && (Array.isArray(mv) ? many(mv) : one(mv));
    };
  }
}

/** Answers per dictionary code: 0 not asked yet, 1 false, 2 true. */
function growMemo(memo: Uint8Array, size: number): Uint8Array {
  const m = new Uint8Array(Math.max(size, memo.length * 2, 16));
  m.set(memo);
  return m;
}

/**
 * Strings (keyword, ip, version): dictionary codes, 0 = none, -(k + 1) = the k-th distinct list of values of
 * multi-valued documents (such lists repeat like single values: `["network", "intrusion_detection"]`). A column
 * whose values hardly repeat (ids, hashes) switches to a plain array: a dictionary would only add a map entry a value.
 */
export class StrColumn implements Column {
  filledTo = 0;
  codes = new Int32Array(0);
  dict: string[] = [''];
  private lookup = new Map<string, number>();
  /** Distinct value lists of multi-valued documents (shared by every document holding the same list). */
  private lists: string[][] = [];
  private listLookup = new Map<string, number>();
  /** Plain mode: the values themselves. */
  private plain: Array<string | string[] | null> | null = null;
  private stored = 0;
  constructor(readonly kind: 'str' | 'ip') {}

  private code(s: string): number {
    let c = this.lookup.get(s);
    if (c === undefined) {
      c = this.dict.length;
      this.dict.push(s);
      this.lookup.set(s, c);
    }
    return c;
  }

  get(pos: number): string | string[] | null {
    const plain = this.plain;
    if (plain) return pos < plain.length ? plain[pos] ?? null : null;
    if (pos >= this.codes.length) return null;
    const c = this.codes[pos];
    if (c > 0) return this.dict[c];
    return c === 0 ? null : this.lists[-c - 1];
  }

  set(pos: number, v: DocValue | DocValue[] | null): void {
    if (this.plain) {
      if (v === null && pos >= this.plain.length) return;
      while (this.plain.length < pos) this.plain.push(null);
      this.plain[pos] = v as string | string[] | null;
      return;
    }
    if (v === null && pos >= this.codes.length) return;
    this.codes = grow(this.codes, pos + 1);
    if (Array.isArray(v)) this.codes[pos] = -(this.listCode(v as string[]) + 1);
    else this.codes[pos] = v === null ? 0 : this.code(v as string);
    if (v !== null && ++this.stored >= 4096 && (this.stored & 1023) === 0 && this.dict.length > this.stored / 2) this.toPlain();
  }

  /** Index of the list in `lists` (added when new); its strings are the dictionary's. */
  private listCode(vs: string[]): number {
    const codes = vs.map((x) => this.code(x));
    const key = codes.join(',');
    let k = this.listLookup.get(key);
    if (k === undefined) {
      k = this.lists.length;
      this.lists.push(codes.map((c) => this.dict[c]));
      this.listLookup.set(key, k);
    }
    return k;
  }

  private toPlain(): void {
    const n = this.codes.length;
    const plain: Array<string | string[] | null> = new Array(n);
    for (let pos = 0; pos < n; pos++) plain[pos] = this.get(pos);
    this.plain = plain;
    this.codes = new Int32Array(0);
    this.dict = [''];
    this.lookup = new Map();
    this.lists = [];
    this.listLookup = new Map();
  }

  test(one: (v: unknown) => boolean, many: (vs: unknown[]) => boolean): (pos: number) => boolean {
    let memo: Uint8Array = new Uint8Array(0);
    let listMemo: Uint8Array = new Uint8Array(0);
    return (pos) => {
      const plain = this.plain;
      if (plain !== null) {
        const v = pos < plain.length ? plain[pos] : null;
        return v !== null && v !== undefined && (Array.isArray(v) ? many(v) : one(v));
      }
      const codes = this.codes;
      if (pos >= codes.length) return false;
      const c = codes[pos];
      if (c > 0) {
        if (c >= memo.length) memo = growMemo(memo, this.dict.length);
        let r = memo[c];
        if (r === 0) memo[c] = r = one(this.dict[c]) ? 2 : 1;
        return r === 2;
      }
      if (c === 0) return false;
      const k = -c - 1;
      if (k >= listMemo.length) listMemo = growMemo(listMemo, this.lists.length);
      let r = listMemo[k];
      if (r === 0) listMemo[k] = r = many(this.lists[k]) ? 2 : 1;
      return r === 2;
    };
  }

  reader(): (pos: number) => DocValue | DocValue[] | null {
    return (pos) => this.get(pos);
  }

  multiPositions(): Iterable<number> {
    if (!this.plain) {
      const codes = this.codes;
      return (function* () {
        for (let pos = 0; pos < codes.length; pos++) if (codes[pos] < 0) yield pos;
      })();
    }
    const plain = this.plain;
    return (function* () {
      for (let pos = 0; pos < plain.length; pos++) if (Array.isArray(plain[pos])) yield pos;
    })();
  }
}

/** Booleans: 0 none, 1 false, 2 true, 3 multi-valued. */
export class BoolColumn implements Column {
  filledTo = 0;
  readonly kind = 'bool' as const;
  vals = new Uint8Array(0);
  readonly multi = new Map<number, boolean[]>();

  get(pos: number): boolean | boolean[] | null {
    if (pos >= this.vals.length) return null;
    const c = this.vals[pos];
    return c === 0 ? null : c === 1 ? false : c === 2 ? true : this.multi.get(pos) ?? null;
  }

  set(pos: number, v: DocValue | DocValue[] | null): void {
    if (v === null && pos >= this.vals.length) return;
    this.vals = grow(this.vals, pos + 1);
    if (this.multi.size) this.multi.delete(pos);
    if (Array.isArray(v)) {
      this.vals[pos] = 3;
      this.multi.set(pos, v as boolean[]);
    } else this.vals[pos] = v === null ? 0 : v ? 2 : 1;
  }

  reader(): (pos: number) => DocValue | DocValue[] | null {
    return (pos) => this.get(pos);
  }

  multiPositions(): Iterable<number> {
    return this.multi.keys();
  }

  test(one: (v: unknown) => boolean, many: (vs: unknown[]) => boolean): (pos: number) => boolean {
    // Answers for false and true: 0 not asked yet, 1 false, 2 true.
    const memo = new Uint8Array(2);
    return (pos) => {
      const vals = this.vals;
      if (pos >= vals.length) return false;
      const c = vals[pos];
      if (c === 1 || c === 2) {
        const i = c - 1;
        if (memo[i] === 0) memo[i] = one(c === 2) ? 2 : 1;
        return memo[i] === 2;
      }
      if (c === 0) return false;
      const mv = this.multi.get(pos);
      return mv !== undefined && many(mv);
    };
  }
}

/** Any value kind kept as is, one slot a position (date_nanos: BigInt epoch nanos; a rare field type). */
export class ValueColumn implements Column {
  filledTo = 0;
  private vals: Array<DocValue | DocValue[] | null> = [];
  readonly multi = new Set<number>();
  constructor(readonly kind: ColumnKind) {}

  get(pos: number): DocValue | DocValue[] | null {
    return pos < this.vals.length ? this.vals[pos] : null;
  }

  set(pos: number, v: DocValue | DocValue[] | null): void {
    if (v === null && pos >= this.vals.length) return;
    while (this.vals.length < pos) this.vals.push(null);
    this.vals[pos] = v;
    if (Array.isArray(v)) this.multi.add(pos);
    else if (this.multi.size) this.multi.delete(pos);
  }

  reader(): (pos: number) => DocValue | DocValue[] | null {
    return (pos) => this.get(pos);
  }

  multiPositions(): Iterable<number> {
    return this.multi;
  }

  test(one: (v: unknown) => boolean, many: (vs: unknown[]) => boolean): (pos: number) => boolean {
    return (pos) => {
      const v = this.get(pos);
      return v !== null && (Array.isArray(v) ? many(v) : one(v));
    };
  }
}

export function newColumn(kind: ColumnKind): Column {
  return kind === 'num' || kind === 'date' ? new NumColumn(kind) : kind === 'bool' ? new BoolColumn() : kind === 'nanos' ? new ValueColumn(kind) : new StrColumn(kind);
}

/** Positions sorted by a date column's single values: the time index of one date field. */
export interface TimeIndex {
  /** Sorted values and their positions, for positions < upTo. */
  keys: Float64Array;
  order: Int32Array;
  upTo: number;
}

export function buildTimeIndex(col: NumColumn, upTo: number, live: (pos: number) => boolean): TimeIndex {
  const vals = col.vals;
  const n = Math.min(upTo, vals.length);
  let count = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = vals[i];
    if (v === v && live(i)) {
      count++;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const order = new Int32Array(count);
  const keys = new Float64Array(count);
  if (count === 0) return { keys, order, upTo };
  const posBits = Math.max(1, Math.ceil(Math.log2(n + 1)));
  const span = max - min;
  const integral = Number.isInteger(min) && Number.isInteger(max);
  if (integral && span < 2 ** (52 - posBits)) {
    // Pack (value - min, position) into one exactly representable double and sort natively.
    const scale = 2 ** posBits;
    const packed = new Float64Array(count);
    let k = 0;
    for (let i = 0; i < n; i++) {
      const v = vals[i];
      if (v === v && live(i) && Number.isInteger(v)) packed[k++] = (v - min) * scale + i;
    }
    if (k === count) {
      packed.sort();
      for (let j = 0; j < count; j++) {
        const p = packed[j];
        const pos = p % scale;
        order[j] = pos;
        keys[j] = (p - pos) / scale + min;
      }
      return { keys, order, upTo };
    }
  }
  let k = 0;
  for (let i = 0; i < n; i++) if (vals[i] === vals[i] && live(i)) order[k++] = i;
  order.sort((a, b) => vals[a] - vals[b] || a - b);
  for (let j = 0; j < count; j++) keys[j] = vals[order[j]];
  return { keys, order, upTo };
}

/** First index in sorted `keys` whose key is >= x (or > x when `strict`). */
export function lowerBound(keys: Float64Array, x: number, strict: boolean): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (strict ? keys[mid] <= x : keys[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
