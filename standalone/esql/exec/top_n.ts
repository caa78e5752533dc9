// SORT's ordering and its top-N buffer. Sort keys are computed once per row (IPs turned into strings whose
// code-unit order is their byte order), and with a LIMIT downstream only the best `cap` rows are kept in a heap.
// The result is exactly a stable full sort cut to `cap` rows: ties keep their arrival order.
import { ipKey, ipv4Int } from '../store/ip_key';
import { comparatorFor, type Comparator, type DataType } from './values';

export interface SortKey {
  desc: boolean;
  nullsFirst: boolean;
  type: DataType;
}

/** A row with its sort keys and arrival number (the final tie-breaker, which makes the order stable). */
export interface Keyed<R> {
  r: R;
  k: unknown[];
  seq: number;
}

/** Normalises one key value: null, or a single value comparable by `compareKeys` (min ASC / max DESC of an MV). */
export function keyValueFn(key: SortKey): (v: unknown) => unknown {
  const cmp = comparatorFor(key.type);
  const pick = (v: unknown): unknown => {
    if (v === undefined || v === null) return null;
    if (!Array.isArray(v)) return v;
    // Multi-values sort by their minimum ascending, maximum descending.
    return v.reduce((a, b) => (key.desc ? (cmp(b, a) > 0 ? b : a) : cmp(b, a) < 0 ? b : a));
  };
  if (key.type !== 'ip') return pick;
  // Canonical IP text -> its 16 bytes in an order-preserving form (values.compareIp): IPv4 as its 32-bit number,
  // others as 32 hex chars; `compareIpKeys` compares the two forms.
  return (v) => {
    const x = pick(v);
    if (x === null) return null;
    const n = ipv4Int(x as string);
    return n >= 0 ? n : ipKey(x) ?? x;
  };
}

const V4_MAPPED = '00000000000000000000ffff';

/** Orders IP sort keys (IPv4 numbers, other IPs as hex) by the 16-byte form. */
function compareIpKeys(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const x = typeof a === 'number' ? V4_MAPPED + a.toString(16).padStart(8, '0') : (a as string);
  const y = typeof b === 'number' ? V4_MAPPED + b.toString(16).padStart(8, '0') : (b as string);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Orders keyed rows by their keys (nulls placed per key), then by arrival. */
export function keyedComparator<R>(keys: readonly SortKey[]): (a: Keyed<R>, b: Keyed<R>) => number {
  const cmps: Comparator[] = keys.map((k) => (k.type === 'ip' ? compareIpKeys : comparatorFor(k.type)));
  const n = keys.length;
  return (a, b) => {
    const ak = a.k;
    const bk = b.k;
    for (let i = 0; i < n; i++) {
      const x = ak[i];
      const y = bk[i];
      if (x === y) continue;
      const k = keys[i];
      if (x === null) return k.nullsFirst ? -1 : 1;
      if (y === null) return k.nullsFirst ? 1 : -1;
      const c = cmps[i](x, y);
      if (c !== 0) return k.desc ? -c : c;
    }
    return a.seq - b.seq;
  };
}

/**
 * The best `cap` rows seen so far (all rows when cap is Infinity). A binary max-heap on `cmp` (worst row on
 * top) once full; `sorted()` hands them out best first.
 */
export class TopN<R> {
  private heap: Array<Keyed<R>> = [];
  constructor(private readonly cap: number, private readonly cmp: (a: Keyed<R>, b: Keyed<R>) => number) {}

  /** Keeps `x` when it is among the best `cap` rows so far (evicting the worst). */
  offer(x: Keyed<R>): void {
    const h = this.heap;
    const cap = this.cap;
    if (h.length < cap) {
      h.push(x);
      if (cap !== Infinity) this.up(h.length - 1);
      return;
    }
    if (cap === 0 || this.cmp(x, h[0]) >= 0) return;
    h[0] = x;
    this.down(0);
  }

  sorted(): Array<Keyed<R>> {
    const h = this.heap;
    this.heap = [];
    return h.sort(this.cmp);
  }

  private up(i: number): void {
    const h = this.heap;
    const x = h[i];
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.cmp(h[p], x) >= 0) break;
      h[i] = h[p];
      i = p;
    }
    h[i] = x;
  }

  private down(i: number): void {
    const h = this.heap;
    const n = h.length;
    const x = h[i];
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.cmp(h[c + 1], h[c]) > 0) c++;
      if (this.cmp(h[c], x) <= 0) break;
      h[i] = h[c];
      i = c;
    }
    h[i] = x;
  }
}
