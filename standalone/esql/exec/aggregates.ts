// STATS aggregate states. One small object per (group, aggregate); `add` takes a possibly multi-valued cell.
import type { FunctionCall } from '../parser/ast';
import { type CExpr, verificationError } from './context';
import { comparatorFor, type DataType, isNumeric, normLong } from './values';

export interface AggState {
  add(v: unknown): void;
  result(): unknown;
}

export interface AggSpec {
  type: DataType;
  /** Argument evaluator (undefined for COUNT(*)). */
  arg?: CExpr;
  create(): AggState;
  /** Per-group state in arrays (no object per group) for the common aggregates; see `groupAcc`. */
  acc?(): GroupAcc;
}

/**
 * The states of one aggregate for every group of a STATS, by group number (0, 1, ... in creation order). Behaves
 * exactly like one AggState per group; keeping them in arrays spares the allocations (and GC) of an object per
 * group and aggregate.
 */
export interface GroupAcc {
  /** Adds group number `size()` (the next one). */
  grow(): void;
  add(g: number, v: unknown): void;
  /** `add` as a closure of this class's own (so the STATS loop calls each aggregate's code directly). */
  adder(): (g: number, v: unknown) => void;
  result(g: number): unknown;
}

/** The spec's own array form, or one AggState per group. */
export function groupAcc(spec: AggSpec): GroupAcc {
  return spec.acc ? spec.acc() : new StateAcc(() => spec.create());
}

class StateAcc implements GroupAcc {
  private readonly states: AggState[] = [];
  constructor(private readonly create: () => AggState) {}
  grow(): void {
    this.states.push(this.create());
  }
  add(g: number, v: unknown): void {
    this.states[g].add(v);
  }
  adder(): (g: number, v: unknown) => void {
    const states = this.states;
    return (g, v) => states[g].add(v);
  }
  result(g: number): unknown {
    return this.states[g].result();
  }
}

/** COUNT(*) per group. */
class CountStarAcc implements GroupAcc {
  private readonly n: number[] = [];
  grow(): void {
    this.n.push(0);
  }
  add(g: number): void {
    this.n[g]++;
  }
  adder(): (g: number, v: unknown) => void {
    return (g) => this.add(g);
  }
  result(g: number): unknown {
    return this.n[g];
  }
}

/** COUNT(x) per group: as Count. */
class CountAcc implements GroupAcc {
  private readonly n: number[] = [];
  grow(): void {
    this.n.push(0);
  }
  add(g: number, v: unknown): void {
    if (v === null || v === undefined) return;
    this.n[g] += Array.isArray(v) ? v.length : 1;
  }
  adder(): (g: number, v: unknown) => void {
    return (g, v) => this.add(g, v);
  }
  result(g: number): unknown {
    return this.n[g];
  }
}

/** MIN/MAX by `<` / `>` per group: as PlainExtreme. */
class PlainExtremeAcc implements GroupAcc {
  private readonly best: unknown[] = [];
  constructor(private readonly max: boolean) {}
  grow(): void {
    this.best.push(null);
  }
  add(g: number, v: unknown): void {
    if (v === null || v === undefined) return;
    if (Array.isArray(v)) for (const x of v) this.one(g, x);
    else this.one(g, v);
  }
  private one(g: number, x: unknown): void {
    const b = this.best[g];
    if (b === null || (this.max ? (x as number) > (b as number) : (x as number) < (b as number))) this.best[g] = x;
  }
  adder(): (g: number, v: unknown) => void {
    return (g, v) => this.add(g, v);
  }
  result(g: number): unknown {
    return this.best[g];
  }
}

/**
 * VALUES / COUNT_DISTINCT per group: as Distinct, with the first value kept in an array and a Distinct object
 * only for groups that see a second distinct value.
 */
class DistinctAcc implements GroupAcc {
  private readonly first: unknown[] = [];
  private readonly rest: Array<Distinct | undefined> = [];
  constructor(private readonly count: boolean) {}
  grow(): void {
    this.first.push(undefined);
    this.rest.push(undefined);
  }
  add(g: number, v: unknown): void {
    if (v === null || v === undefined) return;
    if (Array.isArray(v)) for (const x of v) this.one(g, x);
    else this.one(g, v);
  }
  private one(g: number, x: unknown): void {
    const d = this.rest[g];
    if (d !== undefined) {
      d.one(x);
      return;
    }
    const f = this.first[g];
    if (f === undefined) this.first[g] = x;
    else if (!same(f, x)) {
      const n = new Distinct();
      n.one(f);
      n.one(x);
      this.rest[g] = n;
    }
  }
  adder(): (g: number, v: unknown) => void {
    return (g, v) => this.add(g, v);
  }
  result(g: number): unknown {
    const d = this.rest[g];
    const f = this.first[g];
    if (this.count) return d !== undefined ? d.size() : f === undefined ? 0 : 1;
    return d !== undefined ? mvOut(d.values()) : f === undefined ? null : f;
  }
}

const mvOut = (a: unknown[]) => (a.length === 0 ? null : a.length === 1 ? a[0] : a);

class CountStar implements AggState {
  n = 0;
  add(): void {
    this.n++;
  }
  result() {
    return this.n;
  }
}

class Count implements AggState {
  n = 0;
  add(v: unknown): void {
    if (v === null || v === undefined) return;
    this.n += Array.isArray(v) ? v.length : 1;
  }
  result() {
    return this.n;
  }
}

/** SameValueZero, the equality a Set uses. */
const same = (a: unknown, b: unknown) => a === b || (a !== a && b !== b);
const SMALL_DISTINCT = 16;

/**
 * Distinct values in first-seen order. Most groups hold one or a few values: a single field, then a small array
 * scanned linearly, and a Set only beyond SMALL_DISTINCT values (creating and growing a Set per group is slow).
 */
class Distinct {
  first: unknown = undefined;
  small: unknown[] | undefined = undefined;
  set: Set<unknown> | undefined = undefined;
  one(x: unknown): void {
    const set = this.set;
    if (set !== undefined) {
      set.add(x);
      return;
    }
    const small = this.small;
    if (small === undefined) {
      if (this.first === undefined) this.first = x;
      else if (!same(this.first, x)) this.small = [this.first, x];
      return;
    }
    for (let i = 0; i < small.length; i++) if (same(small[i], x)) return;
    if (small.length < SMALL_DISTINCT) small.push(x);
    else {
      this.set = new Set(small).add(x);
      this.small = undefined;
    }
  }
  add(v: unknown): void {
    if (v === null || v === undefined) return;
    if (Array.isArray(v)) for (const x of v) this.one(x);
    else this.one(v);
  }
  size(): number {
    return this.set ? this.set.size : this.small ? this.small.length : this.first === undefined ? 0 : 1;
  }
  values(): unknown[] {
    return this.set ? [...this.set] : this.small ? this.small.slice() : this.first === undefined ? [] : [this.first];
  }
}

class CountDistinct extends Distinct implements AggState {
  result() {
    return this.size();
  }
}

/** MIN/MAX over numbers, dates and strings: direct `<` / `>`, the same order as comparatorFor's default. */
class PlainExtreme implements AggState {
  best: unknown = null;
  constructor(private readonly max: boolean) {}
  add(v: unknown): void {
    if (v === null || v === undefined) return;
    if (Array.isArray(v)) for (const x of v) this.one(x);
    else this.one(v);
  }
  private one(x: unknown) {
    const b = this.best;
    if (b === null || (this.max ? (x as number) > (b as number) : (x as number) < (b as number))) this.best = x;
  }
  result() {
    return this.best;
  }
}

class Extreme implements AggState {
  best: unknown = null;
  constructor(private readonly cmp: (a: unknown, b: unknown) => number, private readonly sign: number) {}
  add(v: unknown): void {
    if (v === null || v === undefined) return;
    if (Array.isArray(v)) for (const x of v) this.one(x);
    else this.one(v);
  }
  private one(x: unknown) {
    if (this.best === null || this.sign * this.cmp(x, this.best) > 0) this.best = x;
  }
  result() {
    return this.best;
  }
}

class Sum implements AggState {
  sum = 0;
  n = 0;
  constructor(private readonly avg: boolean) {}
  add(v: unknown): void {
    if (v === null || v === undefined) return;
    // A long beyond 2^53 (BigInt) joins a double sum as its double value.
    if (Array.isArray(v)) {
      for (const x of v) this.sum += typeof x === 'bigint' ? Number(x) : (x as number);
      this.n += v.length;
    } else {
      this.sum += typeof v === 'bigint' ? Number(v) : (v as number);
      this.n++;
    }
  }
  result() {
    if (this.avg) return this.n === 0 ? null : this.sum / this.n;
    return this.n === 0 ? null : this.sum;
  }
}

const LONG_MAX = 9223372036854775807n;
const LONG_MIN = -9223372036854775808n;

/**
 * SUM of integer / long values: a long computed with Math.addExact (SumLongAggregator, warnExceptions =
 * ArithmeticException), so an overflow makes the group's sum null plus a `long overflow` warning. Exact in
 * BigInt once the running sum leaves the doubles' exact-integer range.
 */
class LongSum implements AggState {
  sum = 0;
  big: bigint | undefined;
  n = 0;
  overflow = false;
  constructor(private readonly fail: (m: string) => void) {}
  private one(x: number | bigint) {
    this.n++;
    if (this.overflow) return;
    if (typeof x === 'bigint') {
      this.big = (this.big ?? BigInt(this.sum)) + x;
      if (this.big > LONG_MAX || this.big < LONG_MIN) this.overflow = true;
      return;
    }
    if (this.big === undefined) {
      const s = this.sum + x;
      if (Number.isSafeInteger(s)) {
        this.sum = s;
        return;
      }
      this.big = BigInt(this.sum);
    }
    this.big += BigInt(Math.trunc(x));
    if (this.big > LONG_MAX || this.big < LONG_MIN) this.overflow = true;
  }
  add(v: unknown): void {
    if (v === null || v === undefined) return;
    if (Array.isArray(v)) for (const x of v) this.one(x as number | bigint);
    else this.one(v as number | bigint);
  }
  result() {
    if (this.n === 0) return null;
    if (this.overflow) {
      this.fail('java.lang.ArithmeticException: long overflow');
      return null;
    }
    // The exact long: a BigInt when it leaves the doubles' exact range.
    return this.big === undefined ? this.sum : normLong(this.big);
  }
}

class Values extends Distinct implements AggState {
  result() {
    return mvOut(this.values());
  }
}

class Top implements AggState {
  items: unknown[] = [];
  constructor(private readonly n: number, private readonly cmp: (a: unknown, b: unknown) => number) {}
  add(v: unknown): void {
    if (v === null || v === undefined) return;
    if (Array.isArray(v)) for (const x of v) this.one(x);
    else this.one(v);
  }
  private one(x: unknown) {
    const items = this.items;
    if (items.length === this.n && this.cmp(x, items[items.length - 1]) >= 0) return;
    let i = items.length;
    while (i > 0 && this.cmp(x, items[i - 1]) < 0) i--;
    items.splice(i, 0, x);
    if (items.length > this.n) items.pop();
  }
  result() {
    return mvOut(this.items);
  }
}

class Percentile implements AggState {
  xs: number[] = [];
  constructor(private readonly p: number) {}
  add(v: unknown): void {
    if (v === null || v === undefined) return;
    if (Array.isArray(v)) for (const x of v) this.xs.push(Number(x));
    else this.xs.push(Number(v));
  }
  result() {
    if (this.xs.length === 0) return null;
    const s = this.xs.sort((a, b) => a - b);
    const rank = (this.p / 100) * (s.length - 1);
    const lo = Math.floor(rank);
    const hi = Math.ceil(rank);
    return s[lo] + (s[hi] - s[lo]) * (rank - lo);
  }
}

export const EXECUTED_AGGREGATES = new Set(['count', 'count_distinct', 'min', 'max', 'sum', 'avg', 'values', 'top', 'median', 'percentile']);

export function aggSpec(call: FunctionCall, args: CExpr[], text: string, fail: (message: string) => void = () => undefined): AggSpec {
  const name = call.name;
  const a = args[0];
  const bad = (expected: string): never => {
    throw verificationError(call.loc, `argument of [${text}] must be [${expected}], found value [${a.text}] type [${a.type === 'date' ? 'datetime' : a.type}]`);
  };
  const arity = (min: number, max: number) => {
    if (args.length < min || args.length > max) throw verificationError(call.loc, `function [${name.toUpperCase()}] does not accept [${args.length}] arguments: [${text}]`);
  };
  switch (name) {
    case 'count':
      if (call.star) return { type: 'long', create: () => new CountStar(), acc: () => new CountStarAcc() };
      arity(1, 1);
      if (a.isConst && a.value !== null) {
        // COUNT(constant) counts rows.
        const per = Array.isArray(a.value) ? a.value.length : 1;
        return { type: 'long', create: () => new (class extends CountStar { result() { return this.n * per; } })() };
      }
      return { type: 'long', arg: a, create: () => new Count(), acc: () => new CountAcc() };
    case 'count_distinct':
      arity(1, 2);
      return { type: 'long', arg: a, create: () => new CountDistinct(), acc: () => new DistinctAcc(true) };
    case 'min':
    case 'max': {
      arity(1, 1);
      if (a.type === 'text' || a.type === 'unsupported' || a.type === 'geo_point') bad('boolean, date, ip, string, version or numeric except unsigned_long or counter types');
      const cmp = comparatorFor(a.type);
      const max = name === 'max';
      if (a.type !== 'ip' && a.type !== 'version' && a.type !== 'boolean') return { type: a.type, arg: a, create: () => new PlainExtreme(max), acc: () => new PlainExtremeAcc(max) };
      return { type: a.type, arg: a, create: () => new Extreme(cmp, max ? 1 : -1) };
    }
    case 'sum':
    case 'avg':
      arity(1, 1);
      if (!isNumeric(a.type) && a.type !== 'null') bad('aggregate_metric_double or numeric except unsigned_long or counter types');
      return {
        type: name === 'avg' || a.type === 'double' ? 'double' : 'long',
        arg: a,
        create: () => (name === 'sum' && a.type !== 'double' ? new LongSum(fail) : new Sum(name === 'avg')),
      };
    case 'median':
    case 'percentile': {
      arity(name === 'median' ? 1 : 2, name === 'median' ? 1 : 2);
      if (!isNumeric(a.type) && a.type !== 'null') bad('numeric except unsigned_long');
      const p = name === 'median' ? 50 : Number(args[1].value);
      if (name === 'percentile' && !args[1].isConst) throw verificationError(args[1].loc, `second argument of [${text}] must be a constant, received [${args[1].text}]`);
      return { type: 'double', arg: a, create: () => new Percentile(p) };
    }
    case 'values':
      arity(1, 1);
      return { type: a.type, arg: a, create: () => new Values(), acc: () => new DistinctAcc(false) };
    case 'top': {
      arity(2, 4);
      const [, n, order] = args;
      if (!n.isConst || typeof n.value !== 'number') throw verificationError(n.loc, `second argument of [${text}] must be a constant, received [${n.text}]`);
      if (n.value <= 0) throw verificationError(n.loc, `Limit must be greater than 0 in [${text}], found [${n.value}]`);
      let dir = 'asc';
      if (order) {
        if (!order.isConst) throw verificationError(order.loc, `third argument of [${text}] must be a constant, received [${order.text}]`);
        dir = String(order.value).toLowerCase();
        if (dir !== 'asc' && dir !== 'desc') throw verificationError(order.loc, `Invalid order value in [${text}], expected one of [ASC, DESC] but got [${String(order.value)}]`);
      }
      if (args.length > 3) throw verificationError(call.loc, `function [TOP] with an output field is not supported by the embedded engine`);
      const c = comparatorFor(a.type);
      const cmp = dir === 'asc' ? c : (x: unknown, y: unknown) => c(y, x);
      const limit = n.value;
      return { type: a.type, arg: a, create: () => new Top(limit, cmp) };
    }
  }
  throw verificationError(call.loc, `aggregate function [${name.toUpperCase()}] is not supported by the embedded engine`);
}
