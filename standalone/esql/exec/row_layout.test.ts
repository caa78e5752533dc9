// FROM's field columns take their row slot on first use (rows hold only the fields a query reads): fields first
// read late (after EVAL, through RENAME chains, in FORK branches, after INLINE STATS, as output only) must
// still land in their own slot.
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
