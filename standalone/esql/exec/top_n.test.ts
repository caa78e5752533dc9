// SORT's precomputed keys and top-N heap against a plain stable sort on the raw values (the reference order:
// nulls per key, multi-values by min ASC / max DESC, IPs by their bytes), and SORT | LIMIT n through the
// executor against the first n rows of the unlimited SORT.
import fc from 'fast-check';
import { executeEsql } from '.';
import { testCatalog } from './test_catalog';
import { keyedComparator, keyValueFn, type SortKey, TopN } from './top_n';
import { comparatorFor, type DataType } from './values';

const ips = ['1.2.3.4', '10.0.0.1', '9.255.255.255', '::1', '2001:db8::1', '255.255.255.255', '0.0.0.0', 'fe80::1', '::', '::fffe:1:2', '::1:0:0:0', '128.0.0.1'];

const valueOf = (t: DataType): fc.Arbitrary<unknown> =>
  t === 'ip' ? fc.constantFrom(...ips) : t === 'keyword' ? fc.constantFrom('a', 'B', 'b', 'aa', '', 'é') : t === 'boolean' ? fc.boolean() : fc.integer({ min: -3, max: 3 });

const cell = (t: DataType) => fc.oneof(fc.constant(null), valueOf(t), fc.array(valueOf(t), { minLength: 2, maxLength: 3 }));

/** The reference: stable sort over raw values with the type's comparator. */
function reference(rows: unknown[][], keys: SortKey[]): number[] {
  const pick = (v: unknown, k: SortKey) => {
    const cmp = comparatorFor(k.type);
    if (v === null) return null;
    if (!Array.isArray(v)) return v;
    return v.reduce((a, b) => (k.desc ? (cmp(b, a) > 0 ? b : a) : cmp(b, a) < 0 ? b : a));
  };
  const idx = rows.map((_, i) => i);
  return idx.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      const x = pick(rows[a][i], k);
      const y = pick(rows[b][i], k);
      if (x === y) continue;
      if (x === null) return k.nullsFirst ? -1 : 1;
      if (y === null) return k.nullsFirst ? 1 : -1;
      const c = comparatorFor(k.type)(x, y);
      if (c !== 0) return k.desc ? -c : c;
    }
    return 0;
  });
}

describe('SORT top-N', () => {
  it('keeps exactly the first cap rows of a stable full sort (nulls, ties, multi-values, IPs)', () => {
    const types: DataType[] = ['ip', 'keyword', 'long', 'boolean'];
    const keySpec = fc.record({ type: fc.constantFrom(...types), desc: fc.boolean(), nulls: fc.constantFrom(undefined, 'first', 'last') });
    fc.assert(
      fc.property(
        fc.array(keySpec, { minLength: 1, maxLength: 3 }).chain((specs) =>
          fc.tuple(fc.constant(specs), fc.array(fc.tuple(...specs.map((s) => cell(s.type))), { maxLength: 60 }), fc.integer({ min: 0, max: 70 }))
        ),
        ([specs, rows, cap]) => {
          const keys: SortKey[] = specs.map((s) => ({ type: s.type, desc: s.desc, nullsFirst: s.nulls ? s.nulls === 'first' : s.desc }));
          const values = keys.map(keyValueFn);
          const top = new TopN<number>(cap, keyedComparator<number>(keys));
          rows.forEach((row, i) => top.offer({ r: i, k: row.map((v, j) => values[j](v)), seq: i }));
          expect(top.sorted().map((x) => x.r)).toEqual(reference(rows as unknown[][], keys).slice(0, cap));
        }
      ),
      { numRuns: 400 }
    );
  });

  it('SORT | LIMIT n returns the first n rows of the full SORT', () => {
    const docs = Array.from({ length: 300 }, (_, i) => ({
      ip: i % 7 === 0 ? null : ips[(i * 5) % ips.length],
      n: i % 11 === 0 ? null : i % 13 === 0 ? [i % 5, (i * 3) % 5] : i % 5,
      s: `k${(i * 7) % 17}`,
      i,
    }));
    const catalog = testCatalog({ t: { fields: { ip: 'ip', n: 'long', s: 'keyword', i: 'long' }, docs } });
    for (const order of ['n DESC, ip ASC', 'ip DESC NULLS LAST, s', 'n ASC NULLS FIRST', 's DESC, n']) {
      const full = executeEsql({ query: `FROM t | SORT ${order} | KEEP i | LIMIT 10000` }, catalog).values;
      expect(full).toHaveLength(300);
      for (const n of [0, 1, 17, 150, 299]) {
        expect(executeEsql({ query: `FROM t | SORT ${order} | KEEP i | LIMIT ${n}` }, catalog).values).toEqual(full.slice(0, n));
      }
    }
  });
});
