// Pins the executor's fast paths (constant comparisons, 2-argument COALESCE, DATE_TRUNC by a constant duration,
// 2-argument single-value functions (3 arguments take the general path), small-array VALUES / COUNT_DISTINCT, direct MIN/MAX, single-key STATS,
// canonical date parsing) against the general paths, including nulls and multi-valued cells.
import { executeEsql } from '.';
import { testCatalog } from './test_catalog';
import { canonicalMillis, parseDate } from './values';

const base = Date.UTC(2024, 0, 15, 10, 0, 0);
const docs: Array<Record<string, unknown>> = [
  { s: 'a', s2: 'x', k: 'g1', n: 5, d: new Date(base + 61_500).toISOString() },
  { s: 'b', s2: null, k: 'g1', n: -3, d: new Date(base + 1_000).toISOString() },
  { s: null, s2: 'y', k: 'g2', n: null, d: null },
  { s: ['a', 'c'], s2: 'z', k: ['g1', 'g2'], n: [7, 1], d: [new Date(base).toISOString(), new Date(base + 3_600_000).toISOString()] },
  { s2: 'w', k: null, n: 12, d: new Date(base - 59_999).toISOString() },
  { s: 'c', s2: 'c', k: 'g2', n: 0, d: new Date(base + 119_999).toISOString() },
];
// A group with more distinct values than the small array holds (and repeats).
for (let i = 0; i < 40; i++) docs.push({ s: `v${i % 23}`, k: 'big', n: i % 29, d: new Date(base + (i % 31) * 60_000 + i).toISOString() });

const catalog = testCatalog({ t: { fields: { s: 'keyword', s2: 'keyword', k: 'keyword', n: 'long', d: 'date' }, docs } });
const run = (query: string) => executeEsql({ query }, catalog);
const col = (query: string, name: string) => {
  const r = run(query);
  const i = r.columns.findIndex((c) => c.name === name);
  return r.values.map((row) => row[i]);
};

describe('executor fast paths agree with the general paths', () => {
  it('field == constant (fast) vs constant == field (general), incl. null and multi-values', () => {
    const r = run('FROM t | EVAL f = s == "a", g = "a" == s, f2 = s != "a", g2 = "a" != s, f3 = n >= 5, g3 = 5 <= n | KEEP f, g, f2, g2, f3, g3 | LIMIT 1000');
    for (const row of r.values) {
      expect(row[0]).toBe(row[1]);
      expect(row[2]).toBe(row[3]);
      expect(row[4]).toBe(row[5]);
    }
    expect(r.values.slice(0, 6).map((row) => row[0])).toEqual([true, false, null, null, null, false]);
    expect(r.warnings.some((w) => w.includes('single-value function encountered multi-value'))).toBe(true);
  });

  it('CASE over constant comparisons', () => {
    const q = (a: string, b: string) => col(`FROM t | EVAL r = CASE(${a}, 1, ${b}, 2, 3) | KEEP r | LIMIT 1000`, 'r');
    expect(q('s == "a"', 's2 == "z"')).toEqual(q('"a" == s', '"z" == s2'));
  });

  it('COALESCE with two arguments vs the n-ary loop', () => {
    expect(col('FROM t | EVAL c = COALESCE(s, s2) | KEEP c | LIMIT 1000', 'c')).toEqual(col('FROM t | EVAL c = COALESCE(s, s2, null) | KEEP c | LIMIT 1000', 'c'));
    expect(col('FROM t | EVAL c = COALESCE(s, s2) | KEEP c | LIMIT 6', 'c')).toEqual(['a', 'b', 'y', ['a', 'c'], 'w', 'c']);
  });

  it('DATE_TRUNC by a constant duration vs BUCKET (general single-value path)', () => {
    for (const span of ['1 minute', '60 seconds', '1 hour', '15 minutes']) {
      const r = run(`FROM t | EVAL a = DATE_TRUNC(${span}, d), b = BUCKET(d, ${span}) | KEEP a, b | LIMIT 1000`);
      for (const row of r.values) expect(row[0]).toBe(row[1]);
    }
    const r = run('FROM t | EVAL a = DATE_TRUNC(1 minute, d) | KEEP a | LIMIT 6');
    expect(r.values.map((x) => x[0])).toEqual(['2024-01-15T10:01:00.000Z', '2024-01-15T10:00:00.000Z', null, null, '2024-01-15T09:59:00.000Z', '2024-01-15T10:01:00.000Z']);
    expect(r.warnings.some((w) => w.includes('DATE_TRUNC(1 minute, d)'))).toBe(true);
  });

  it('2- and 3-argument single-value functions: null and multi-valued arguments give null', () => {
    const r = run('FROM t | EVAL l = LEFT(s, 1), m = SUBSTRING(s, 1, 1), o = SUBSTRING(s2, 1, n) | KEEP l, m, o | LIMIT 6');
    expect(r.values).toEqual([
      ['a', 'a', 'x'],
      ['b', 'b', null],
      [null, null, null],
      [null, null, null],
      [null, null, 'w'],
      ['c', 'c', ''],
    ]);
  });

  it('VALUES / COUNT_DISTINCT (small array, then Set) keep first-seen order and match a Set', () => {
    const r = run('FROM t | STATS v = VALUES(s), c = COUNT_DISTINCT(s), m = VALUES(DATE_TRUNC(1 minute, d)), cm = COUNT_DISTINCT(n) BY k | SORT k | LIMIT 1000');
    const expected = new Map<unknown, { s: Set<unknown>; d: Set<unknown>; n: Set<unknown> }>();
    const flat = (v: unknown) => (v === null || v === undefined ? [] : Array.isArray(v) ? v : [v]);
    for (const doc of docs) {
      const keys = doc.k === null || doc.k === undefined ? [null] : flat(doc.k);
      for (const k of keys) {
        if (!expected.has(k)) expected.set(k, { s: new Set(), d: new Set(), n: new Set() });
        const e = expected.get(k)!;
        flat(doc.s).forEach((x) => e.s.add(x));
        // DATE_TRUNC is single-valued: a multi-valued date gives null, which VALUES skips.
        if (!Array.isArray(doc.d)) flat(doc.d).forEach((x) => e.d.add(new Date(Math.floor(Date.parse(x as string) / 60_000) * 60_000).toISOString()));
        flat(doc.n).forEach((x) => e.n.add(x));
      }
    }
    const mv = (s: Set<unknown>) => (s.size === 0 ? null : s.size === 1 ? [...s][0] : [...s]);
    expect(r.values.length).toBe(expected.size);
    for (const [v, c, m, cm, k] of r.values) {
      const e = expected.get(k)!;
      expect(v).toEqual(mv(e.s));
      expect(c).toBe(e.s.size);
      expect(m).toEqual(mv(e.d));
      expect(cm).toBe(e.n.size);
    }
    expect(expected.get('big')!.s.size).toBeGreaterThan(16);
  });

  it('MIN / MAX (direct comparison) vs TOP(…, 1) (comparator path) for numbers, dates and keywords', () => {
    const r = run(
      'FROM t | STATS a = MIN(n), b = TOP(n, 1, "asc"), c = MAX(n), e = TOP(n, 1, "desc"), f = MIN(d), g = TOP(d, 1, "asc"), h = MAX(s), i = TOP(s, 1, "desc"), j = MIN(s), l = TOP(s, 1, "asc") BY k | SORT k | LIMIT 1000'
    );
    for (const row of r.values) for (let i = 0; i < 10; i += 2) expect(row[i]).toEqual(row[i + 1]);
    expect(r.values.find((row) => row[10] === null)!.slice(0, 4)).toEqual([12, 12, 12, 12]);
  });

  it('canonical date parsing equals Date.parse', () => {
    const samples = ['2024-02-28T23:59:59.999Z', '2024-02-29T00:00:00.000Z', '2023-03-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z', '1969-12-31T23:59:59.999Z', '2000-12-31T12:34:56.789Z', '1000-01-01T00:00:00.000Z', '2024-13-01T00:00:00.000Z', '2024-01-01T24:00:00.000Z', '2024-01-0xT00:00:00.000Z', '0099-01-01T00:00:00.000Z', '2024-04-31T00:00:00.000Z'];
    for (let i = 0; i < 5000; i++) samples.push(new Date(Math.floor((i / 5000) * 5e12) - 1e12 + i * 7919).toISOString());
    for (const s of samples) {
      expect(Object.is(parseDate(s), Date.parse(s))).toBe(true);
      const fast = canonicalMillis(s);
      if (!Number.isNaN(fast)) expect(fast).toBe(Date.parse(s));
    }
  });
});
