// Position-bound filters (bindFilter: column readers, matchers resolved once) against the per-document
// DocFilter they replace in the ES|QL scan, over random documents and random queries: multi-valued, null,
// malformed and unmapped values, text with a keyword multi-field, object paths for `exists`, IP CIDR terms,
// and a field mapped after some documents were indexed (no doc values before it, like ES).
import fc from 'fast-check';
import { Store } from './store';
import { bindFilter, compileQuery } from './dsl';
import { EsError } from '../types';

const ips = ['10.0.0.5', '192.168.1.9', '8.8.8.8', '2001:db8::1', '::ffff:10.1.2.3', 'not-an-ip'];
const words = ['alpha', 'Beta', 'alpha beta', 'GAMMA delta', ''];

const ws = () => fc.constantFrom(...words);
/** Values of the field's type mostly (so documents index), now and then of another type or null. */
const typed: Record<string, fc.Arbitrary<unknown>> = {
  ip: fc.constantFrom(...ips.slice(0, 5)),
  kw: ws(),
  n: fc.integer({ min: -5, max: 2000 }),
  ts: fc.integer({ min: 0, max: 2000 }).map((v) => new Date(Date.UTC(2024, 0, 1) + v * 60_000).toISOString()),
  msg: ws(),
  flag: fc.boolean(),
  'obj.a': fc.integer({ min: -5, max: 2000 }),
  'obj.b': ws(),
  late: ws(),
  unmapped: fc.oneof(fc.constantFrom(...ips), ws(), fc.integer()),
};
const anyScalar = fc.oneof(fc.constantFrom(...ips), fc.constantFrom(...words), fc.integer({ min: -5, max: 2000 }), fc.boolean(), fc.constant(null));
const valueFor = (f: string) => {
  const one = fc.oneof({ weight: 8, arbitrary: typed[f] }, { weight: 1, arbitrary: anyScalar });
  return fc.oneof({ weight: 3, arbitrary: one }, { weight: 2, arbitrary: fc.array(one, { maxLength: 3 }) });
};

const FIELDS = Object.keys(typed);
const docArb = fc
  .uniqueArray(fc.constantFrom(...FIELDS), { maxLength: 7 })
  .chain((fs) => fc.tuple(...fs.map((f) => valueFor(f).map((v) => [f, v] as const))))
  .chain((pairs) =>
    fc.boolean().map((nest) => {
      // `obj.*` fields as nested objects or as dotted keys.
      const out: Record<string, unknown> = {};
      for (const [k, v] of pairs) {
        if (nest && k.startsWith('obj.')) ((out.obj ??= {}) as Record<string, unknown>)[k.slice(4)] = v;
        else out[k] = v;
      }
      return out;
    })
  );

const queryValue = fc.oneof(fc.constantFrom(...ips, '10.0.0.0/8', '2001:db8::/32', '0.0.0.0/0'), fc.constantFrom(...words, 'alpha', 'beta'), fc.integer({ min: -5, max: 2000 }), fc.boolean());
const fieldArb = fc.constantFrom(...FIELDS, 'msg.keyword', 'obj');
type Q = Record<string, unknown>;
const leaf: fc.Arbitrary<Q> = fc.oneof(
  fc.tuple(fieldArb, queryValue).map(([f, v]) => ({ term: { [f]: v } })),
  fc.tuple(fieldArb, fc.array(queryValue, { minLength: 1, maxLength: 4 })).map(([f, v]) => ({ terms: { [f]: v } })),
  fieldArb.map((f) => ({ exists: { field: f } })),
  fc.tuple(fc.constantFrom('n', 'ts', 'kw', 'ip'), fc.integer({ min: -5, max: 2000 })).map(([f, v]) => ({
    range: { [f]: f === 'ts' ? { gte: new Date(Date.UTC(2024, 0, 1) + v * 60_000).toISOString() } : f === 'ip' ? { lte: '100.0.0.0' } : { gte: v, lt: v + 500 } },
  })),
  fc.tuple(fc.constantFrom('kw', 'msg'), fc.constantFrom('alp', 'al*', 'b?ta')).map(([f, v]) => ({ wildcard: { [f]: v } })),
  fc.constantFrom<Q>({ match_all: {} }, { match_none: {} }, { ids: { values: ['d1', 'd3'] } }, { match: { msg: 'alpha' } })
);
const queryArb: fc.Arbitrary<Q> = fc.letrec<{ q: Q }>((tie) => ({
  q: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc
      .record({ must: fc.array(tie('q'), { maxLength: 2 }), must_not: fc.array(tie('q'), { maxLength: 2 }), should: fc.array(tie('q'), { maxLength: 3 }), msm: fc.constantFrom(undefined, 1, 2, '50%') })
      .map(({ must, must_not, should, msm }) => ({ bool: { filter: must, must_not, should, ...(msm === undefined ? {} : { minimum_should_match: msm }) } }))
  ),
})).q;

function outcome(f: () => boolean): boolean | string {
  try {
    return f();
  } catch (e) {
    if (e instanceof EsError) return `error: ${e.message}`;
    throw e;
  }
}

describe('bindFilter', () => {
  it('answers exactly like the per-document filter on every position', () => {
    const stats = { indexed: 0, docs: 0 };
    fc.assert(
      fc.property(fc.array(docArb, { maxLength: 25 }), fc.integer({ min: 0, max: 25 }), fc.array(queryArb, { minLength: 1, maxLength: 4 }), (docs, lateAt, queries) => {
        const store = Store.open();
        store.createIndex('i', {
          mappings: {
            dynamic: false,
            properties: {
              ip: { type: 'ip' },
              kw: { type: 'keyword' },
              n: { type: 'long' },
              ts: { type: 'date' },
              msg: { type: 'text', fields: { keyword: { type: 'keyword' } } },
              flag: { type: 'boolean' },
              obj: { properties: { a: { type: 'long' }, b: { type: 'keyword' } } },
            },
          },
        });
        const idx = store.requireIndex('i');
        let indexed = 0;
        docs.forEach((source, i) => {
          if (i === lateAt) store.putMapping(idx, { properties: { late: { type: 'keyword' } } });
          const [res] = store.bulk([{ action: 'index', index: 'i', id: `d${i}`, source }]);
          if (!res.error) indexed++;
        });
        const [view] = store.resolve(['i']);
        const storage = view.storage!;
        for (const q of queries) {
          const f = compileQuery(q);
          const bound = bindFilter(f, view.fields, storage);
          for (let pos = 0; pos < storage.size; pos++) {
            if (!storage.live(pos)) continue;
            const want = outcome(() => f(storage.doc(pos), view.fields));
            expect([q, pos, outcome(() => bound(pos))]).toEqual([q, pos, want]);
          }
        }
        store.close();
        stats.indexed += indexed;
        stats.docs += docs.length;
      }),
      { numRuns: 300 }
    );
    // Most generated documents must index, or the comparison would say little.
    expect(stats.indexed).toBeGreaterThan(stats.docs / 2);
  });

  it('agrees on dictionary and plain (high-cardinality) string columns, booleans and multi-values', () => {
    const store = Store.open();
    store.createIndex('i', { mappings: { properties: { id: { type: 'keyword' }, ip: { type: 'ip' }, ok: { type: 'boolean' }, n: { type: 'long' } } } });
    // `id` repeats hardly at all: its column switches to plain values after a few thousand documents.
    const ops = Array.from({ length: 6000 }, (_, i) => ({
      action: 'index' as const,
      index: 'i',
      id: String(i),
      source: {
        id: i % 97 === 0 ? [`u${i}`, `u${i + 1}`] : i % 89 === 0 ? null : `u${i}`,
        ip: i % 5 === 0 ? [`10.0.${i % 256}.1`, '8.8.8.8'] : `${(i % 3) * 100}.1.${i % 256}.7`,
        ok: i % 7 === 0 ? [true, false] : i % 11 === 0 ? null : i % 2 === 0,
        n: i % 13 === 0 ? [i, -i] : i,
      },
    }));
    store.bulk(ops);
    const [view] = store.resolve(['i']);
    const storage = view.storage!;
    const queries = [
      { terms: { id: ['u3', 'u97', 'u98', 'u5000', 'u5821'] } },
      { exists: { field: 'id' } },
      { terms: { ip: ['10.0.0.0/16', '100.1.0.0/16'] } },
      { term: { ok: false } },
      { bool: { must_not: [{ term: { ok: true } }], filter: [{ range: { n: { gte: -100, lt: 3000 } } }] } },
    ];
    for (const q of queries) {
      const f = compileQuery(q);
      const bound = bindFilter(f, view.fields, storage);
      const want: number[] = [];
      const got: number[] = [];
      for (let pos = 0; pos < storage.size; pos++) {
        if (f(storage.doc(pos), view.fields)) want.push(pos);
        if (bound(pos)) got.push(pos);
      }
      expect(want.length).toBeGreaterThan(0);
      expect(got).toEqual(want);
    }
    store.close();
  });

  it('binds IP CIDR terms, exists on an object path and term on a text multi-field to the expected documents', () => {
    const store = Store.open();
    store.createIndex('i', { mappings: { properties: { ip: { type: 'ip' }, msg: { type: 'text', fields: { keyword: { type: 'keyword' } } }, obj: { properties: { a: { type: 'long' } } } } } });
    store.bulk([
      { action: 'index', index: 'i', id: 'a', source: { ip: ['8.8.8.8', '10.1.1.1'], msg: 'Alpha beta', obj: { a: 1 } } },
      { action: 'index', index: 'i', id: 'b', source: { ip: '2001:db8::5', msg: 'alpha' } },
      { action: 'index', index: 'i', id: 'c', source: { ip: '8.8.4.4', 'obj.a': null } },
    ]);
    const [view] = store.resolve(['i']);
    const ids = (q: unknown) => {
      const bound = bindFilter(compileQuery(q), view.fields, view.storage!);
      return ['a', 'b', 'c'].filter((_, pos) => bound(pos));
    };
    expect(ids({ terms: { ip: ['10.0.0.0/8', '2001:db8::/32'] } })).toEqual(['a', 'b']);
    expect(ids({ exists: { field: 'obj' } })).toEqual(['a']);
    expect(ids({ term: { 'msg.keyword': 'alpha' } })).toEqual(['b']);
    expect(ids({ term: { msg: 'alpha' } })).toEqual(['a', 'b']);
    expect(ids({ bool: { must_not: [{ terms: { ip: ['8.0.0.0/8'] } }] } })).toEqual(['b']);
    store.close();
  });
});
