// Linear-time whole-string matching for Lucene-style patterns (wildcards, Lucene RegExp) without backtracking.
//
// Lucene compiles these patterns to a deterministic automaton (RegExp.toAutomaton + Operations.determinize); we
// get the same "one step per input character" behaviour lazily with Brzozowski derivatives: a DFA state is a
// normalised pattern term, the transition on a code point is the term's derivative, and transitions are cached.
// Union/intersection/complement are all closed under derivatives, so `&` needs no product construction. The
// similarity rules in the smart constructors (flattened, de-duplicated, sorted unions/intersections;
// right-nested concatenation; idempotent star/complement) keep the set of reachable states finite.
// The cache is bounded: past MAX_STATES it is flushed and rebuilt (time stays linear in the input, memory bounded).

export const MAX_CODE_POINT = 0x10ffff;

/** A set of code points as sorted, disjoint, non-adjacent inclusive ranges [lo0, hi0, lo1, hi1, ...]. */
export type Ranges = readonly number[];

const enum K {
  Empty, // the empty language
  Eps, // the empty string
  Set, // one code point from a set
  Cat,
  Or,
  And,
  Not,
  Star,
}

export interface Term {
  readonly id: number;
  readonly k: K;
  readonly nullable: boolean;
  readonly ranges?: Ranges;
  readonly a?: Term;
  readonly b?: Term;
  readonly items?: readonly Term[];
}

export function normalizeRanges(pairs: readonly number[]): Ranges {
  const list: Array<[number, number]> = [];
  for (let i = 0; i < pairs.length; i += 2) if (pairs[i] <= pairs[i + 1]) list.push([pairs[i], pairs[i + 1]]);
  list.sort((x, y) => x[0] - y[0]);
  const out: number[] = [];
  for (const [lo, hi] of list) {
    if (out.length && lo <= out[out.length - 1] + 1) out[out.length - 1] = Math.max(out[out.length - 1], hi);
    else out.push(lo, hi);
  }
  return out;
}

export function complementRanges(r: Ranges): Ranges {
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < r.length; i += 2) {
    if (r[i] > next) out.push(next, r[i] - 1);
    next = r[i + 1] + 1;
  }
  if (next <= MAX_CODE_POINT) out.push(next, MAX_CODE_POINT);
  return out;
}

function inRanges(r: Ranges, c: number): boolean {
  let lo = 0;
  let hi = r.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (c < r[2 * mid]) hi = mid - 1;
    else if (c > r[2 * mid + 1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/**
 * Builds hash-consed terms (structurally equal terms are one object, so states compare by id). Each compiled
 * pattern owns its factory, so a long-running process compiling many patterns does not accumulate terms.
 */
export class Terms {
  private table = new Map<string, Term>();
  private nextId = 0;
  readonly EMPTY: Term;
  readonly EPS: Term;
  readonly ANY_CHAR: Term;
  readonly ANY_STRING: Term;

  constructor() {
    this.EMPTY = { id: this.nextId++, k: K.Empty, nullable: false };
    this.EPS = { id: this.nextId++, k: K.Eps, nullable: true };
    this.ANY_CHAR = this.set([0, MAX_CODE_POINT]);
    this.ANY_STRING = this.star(this.ANY_CHAR);
  }

  get size(): number {
    return this.table.size;
  }

  /** Forgets interned terms (existing ones stay valid; new ones get fresh ids). */
  reset(): void {
    this.table.clear();
    for (const t of [this.ANY_CHAR, this.ANY_STRING]) this.table.set(keyOf(t), t);
  }

  private intern(key: string, make: (id: number) => Term): Term {
    let t = this.table.get(key);
    if (!t) {
      t = make(this.nextId++);
      this.table.set(key, t);
    }
    return t;
  }

  set(ranges: Ranges): Term {
    if (ranges.length === 0) return this.EMPTY;
    return this.intern('s' + ranges.join(','), (id) => ({ id, k: K.Set, nullable: false, ranges }));
  }

  char(c: number): Term {
    return this.set([c, c]);
  }

  cat(a: Term, b: Term): Term {
    if (a === this.EMPTY || b === this.EMPTY) return this.EMPTY;
    if (a === this.EPS) return b;
    if (b === this.EPS) return a;
    // Right-nest so (xy)z and x(yz) are one state.
    if (a.k === K.Cat) return this.cat(a.a!, this.cat(a.b!, b));
    return this.intern(`c${a.id},${b.id}`, (id) => ({ id, k: K.Cat, nullable: a.nullable && b.nullable, a, b }));
  }

  seq(terms: Term[]): Term {
    let t = this.EPS;
    for (let i = terms.length - 1; i >= 0; i--) t = this.cat(terms[i], t);
    return t;
  }

  string(s: string): Term {
    const parts: Term[] = [];
    for (const ch of s) parts.push(this.char(ch.codePointAt(0)!));
    return this.seq(parts);
  }

  or(...terms: Term[]): Term {
    const flat = new Map<number, Term>();
    const setRanges: number[] = [];
    let sets = 0;
    for (const t of terms) {
      for (const x of t.k === K.Or ? t.items! : [t]) {
        if (x === this.EMPTY) continue;
        if (x === this.ANY_STRING) return this.ANY_STRING;
        // Single-character alternatives merge into one set (keeps `[abc]`-like unions to one state).
        if (x.k === K.Set) {
          setRanges.push(...x.ranges!);
          sets++;
          continue;
        }
        flat.set(x.id, x);
      }
    }
    if (sets) {
      const st = sets === 1 ? this.set(setRanges) : this.set(normalizeRanges(setRanges));
      flat.set(st.id, st);
    }
    if (flat.size === 0) return this.EMPTY;
    if (flat.size === 1) return flat.values().next().value!;
    const items = [...flat.values()].sort((x, y) => x.id - y.id);
    return this.intern('o' + items.map((x) => x.id).join(','), (id) => ({ id, k: K.Or, nullable: items.some((x) => x.nullable), items }));
  }

  and(...terms: Term[]): Term {
    const flat = new Map<number, Term>();
    for (const t of terms) {
      for (const x of t.k === K.And ? t.items! : [t]) {
        if (x === this.EMPTY) return this.EMPTY;
        if (x === this.ANY_STRING) continue;
        flat.set(x.id, x);
      }
    }
    if (flat.size === 0) return this.ANY_STRING;
    if (flat.size === 1) return flat.values().next().value!;
    const items = [...flat.values()].sort((x, y) => x.id - y.id);
    return this.intern('a' + items.map((x) => x.id).join(','), (id) => ({ id, k: K.And, nullable: items.every((x) => x.nullable), items }));
  }

  not(a: Term): Term {
    if (a.k === K.Not) return a.a!;
    if (a === this.EMPTY) return this.ANY_STRING;
    if (a === this.ANY_STRING) return this.EMPTY;
    return this.intern(`n${a.id}`, (id) => ({ id, k: K.Not, nullable: !a.nullable, a }));
  }

  star(a: Term): Term {
    if (a === this.EMPTY || a === this.EPS) return this.EPS;
    if (a.k === K.Star) return a;
    return this.intern(`*${a.id}`, (id) => ({ id, k: K.Star, nullable: true, a }));
  }

  optional(a: Term): Term {
    return this.or(this.EPS, a);
  }

  /** a{min,max} (max = -1 for unbounded), expanded like Lucene's Operations.repeat. */
  repeat(a: Term, min: number, max: number): Term {
    if (max !== -1 && min > max) return this.EMPTY;
    const head: Term[] = [];
    for (let i = 0; i < min; i++) head.push(a);
    if (max === -1) return this.seq([...head, this.star(a)]);
    let tail = this.EPS;
    for (let i = min; i < max; i++) tail = this.optional(this.cat(a, tail));
    return this.seq([...head, tail]);
  }

  /** The derivative of `t` by code point `c`: the strings w such that c·w is in t. */
  derive(t: Term, c: number): Term {
    switch (t.k) {
      case K.Empty:
      case K.Eps:
        return this.EMPTY;
      case K.Set:
        return inRanges(t.ranges!, c) ? this.EPS : this.EMPTY;
      case K.Cat: {
        const first = this.cat(this.derive(t.a!, c), t.b!);
        return t.a!.nullable ? this.or(first, this.derive(t.b!, c)) : first;
      }
      case K.Or:
        return this.or(...t.items!.map((x) => this.derive(x, c)));
      case K.And:
        return this.and(...t.items!.map((x) => this.derive(x, c)));
      case K.Not:
        return this.not(this.derive(t.a!, c));
      case K.Star:
        return this.cat(this.derive(t.a!, c), t);
    }
  }
}

function keyOf(t: Term): string {
  return t.k === K.Set ? 's' + t.ranges!.join(',') : `*${t.a!.id}`;
}

const MAX_STATES = 10_000;

/** A DFA state: its term plus the transitions computed so far (an array for ASCII, a map for the rest). */
interface State {
  term: Term;
  accept: boolean;
  ascii: Array<State | undefined>;
  other: Map<number, State> | undefined;
}

/** A compiled whole-string matcher; `test` runs in time linear in the input length. */
export class Matcher {
  private states = new Map<number, State>();
  private start: State;
  constructor(private readonly terms: Terms, readonly term: Term) {
    this.start = this.state(term);
  }

  private state(t: Term): State {
    let st = this.states.get(t.id);
    if (!st) {
      if (this.states.size >= MAX_STATES) {
        // Bounded memory: start over (like RE2's lazy DFA cache reset); matching stays correct.
        this.states.clear();
        this.terms.reset();
        this.start = this.stateFresh(this.term);
      }
      st = this.stateFresh(t);
    }
    return st;
  }

  private stateFresh(t: Term): State {
    const st: State = { term: t, accept: t.nullable, ascii: new Array(128), other: undefined };
    this.states.set(t.id, st);
    return st;
  }

  private step(st: State, c: number): State {
    const next = this.state(this.terms.derive(st.term, c));
    if (c < 128) st.ascii[c] = next;
    else (st.other ??= new Map()).set(c, next);
    return next;
  }

  test(s: string): boolean {
    const { EMPTY, ANY_STRING } = this.terms;
    let st = this.start;
    const n = s.length;
    for (let i = 0; i < n; i++) {
      let c = s.charCodeAt(i);
      let next: State | undefined;
      if (c < 128) next = st.ascii[c];
      else {
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
          const lo = s.charCodeAt(i + 1);
          if (lo >= 0xdc00 && lo <= 0xdfff) {
            c = ((c - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
            i++;
          }
        }
        next = st.other?.get(c);
      }
      st = next ?? this.step(st, c);
      const t = st.term;
      if (t === EMPTY) return false;
      if (t === ANY_STRING) return true;
    }
    return st.accept;
  }
}
