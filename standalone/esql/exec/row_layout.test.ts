// FROM's field columns take their row slot on first use (rows hold only the fields a query reads): fields first
// read late (after EVAL, through RENAME chains, in FORK branches, after INLINE STATS, as output only) must
// still land in their own slot.
import fc from 'fast-check';
import { executeEsql } from '.';
import { testCatalog } from './test_catalog';

const fields = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`f${i}`, 'long' as const]));
const docs = [0, 1, 2].map((d) => Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`f${i}`, d * 100 + i])));
const catalog = testCatalog({ t: { fields: { ...fields, k: 'keyword' }, docs: docs.map((d, i) => ({ ...d, k: i % 2 ? 'odd' : 'even' })) } });
const run = (query: string) => executeEsql({ query }, catalog);

describe('row layout of FROM fields', () => {
  it('reads late-used fields from their own slots', () => {
    expect(run('FROM t | EVAL x = f3 + 1 | EVAL y = f37 * 2 | KEEP x, y, f12 | SORT x | LIMIT 10').values).toEqual([
      [4, 74, 12],
      [104, 274, 112],
      [204, 474, 212],
    ]);
  });

  it('RENAME chains share the FROM slot', () => {
    const r = run('FROM t | RENAME f5 AS a | RENAME a AS b | EVAL c = b + f6 | KEEP b, c | SORT b | LIMIT 10');
    expect(r.values).toEqual([
      [5, 11],
      [105, 211],
      [205, 411],
    ]);
  });

  it('FORK branches read fields never used before the FORK', () => {
    const r = run('FROM t | WHERE f0 < 200 | FORK (EVAL one = 1, z = f20 | KEEP z) (EVAL one = 1, two = 2, z = f30 + f31 | KEEP z) | SORT _fork, z | LIMIT 10');
    expect(r.values).toEqual([
      [20, 'fork1'],
      [120, 'fork1'],
      [61, 'fork2'],
      [261, 'fork2'],
    ]);
  });

  it('INLINE STATS keeps the input rows and their late-read fields', () => {
    const r = run('FROM t | INLINE STATS m = MAX(f1) BY k | KEEP k, f39, m | SORT f39 | LIMIT 10');
    expect(r.values).toEqual([
      ['even', 39, 201],
      ['odd', 139, 101],
      ['even', 239, 201],
    ]);
  });

  it('output-only fields and the whole row', () => {
    const r = run('FROM t | SORT f0 DESC | LIMIT 1');
    expect(r.columns).toHaveLength(41);
    expect(r.values[0]).toEqual(r.columns.map((c) => (c.name === 'k' ? 'even' : 200 + Number(c.name.slice(1)))));
  });
});

describe('one row array for all documents before a STATS', () => {
  // `LIMIT 100000` before the STATS keeps rows fresh (LIMIT is not an in-place command): the reference.
  const fresh = (q: string) => q.replace('| STATS', '| LIMIT 100000 | STATS');
  const docArb = fc.record({ f: fc.option(fc.integer({ min: 0, max: 3 })), g: fc.option(fc.constantFrom('x', 'y')), k: fc.constantFrom('a', 'b'), m: fc.option(fc.constantFrom('p-1', 'q-2', 'zz')) }, { requiredKeys: ['k'] });

  it('gives the same results as fresh rows over indices mapping different fields', () => {
    const queries = [
      'FROM a, b | EVAL x = COALESCE(TO_STRING(f), g, "none") | STATS v = VALUES(x), c = COUNT(f), d = COUNT(g), n = COUNT(*) BY k | SORT k | LIMIT 1000',
      'FROM a, b | WHERE f >= 1 OR g == "x" | EVAL y = f * 2 | STATS s = SUM(y), v = VALUES(g), w = VALUES(m) BY k | SORT k | LIMIT 1000',
      'FROM a, b | DISSECT m "%{p}-%{q}" | STATS ps = VALUES(p), qs = VALUES(q), fs = VALUES(f) BY k | SORT k | LIMIT 1000',
      'FROM a, b | KEEP k, f, g | RENAME f AS ff | STATS v = VALUES(ff), gs = VALUES(g), c = COUNT(*) | LIMIT 10',
    ];
    fc.assert(
      fc.property(fc.array(docArb, { maxLength: 12 }), fc.array(docArb, { maxLength: 12 }), (da, db) => {
        const catalog = testCatalog({
          a: { fields: { f: 'long', k: 'keyword', m: 'keyword' }, docs: da.map(({ g: _g, ...d }) => d) },
          b: { fields: { g: 'keyword', k: 'keyword', m: 'keyword' }, docs: db.map(({ f: _f, ...d }) => d) },
        });
        for (const q of queries) {
          expect(executeEsql({ query: q }, catalog)).toEqual(executeEsql({ query: fresh(q) }, catalog));
        }
      }),
      { numRuns: 150 }
    );
  });
});
