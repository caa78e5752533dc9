// Elasticsearch read semantics of indexed fields (doc values) and the store's time index.
import { Store } from './store';
import { compileQuery } from './dsl';
import { executeEsql } from '../exec';
import { toHalfFloat } from './doc_values';

function storeWith(mappings: Record<string, unknown>, docs: Array<Record<string, unknown>>): Store {
  const store = Store.open();
  store.createIndex('t', { mappings: { properties: mappings } });
  const res = store.bulk(docs.map((source, i) => ({ action: 'index' as const, index: 't', id: String(i), source })));
  const failed = res.find((r) => r.error);
  if (failed) throw new Error(failed.error!.reason);
  return store;
}

const rows = (store: Store, query: string, extra: { filter?: unknown; params?: unknown[] } = {}) =>
  executeEsql({ query, params: extra.params, filter: extra.filter ? compileQuery(extra.filter) : undefined }, store).values;

describe('multi-valued fields come back in doc-values order', () => {
  // ES: keyword/ip use SortedSetDocValues (sorted by bytes, de-duplicated); numbers, dates and booleans use
  // SortedNumericDocValues (sorted, duplicates kept). Documented in ES|QL's "multivalued fields" page:
  // `{"a": [2, 1, 2]}` on a long reads [1, 2, 2]; `{"b": ["foo", "bar", "foo"]}` on a keyword reads [bar, foo].
  const store = storeWith(
    { k: { type: 'keyword' }, t: { type: 'text' }, l: { type: 'long' }, d: { type: 'date' }, ip: { type: 'ip' }, b: { type: 'boolean' }, dbl: { type: 'double' } },
    [
      {
        k: ['foo', 'bar', 'foo'],
        t: ['foo', 'bar', 'foo'],
        l: [2, 1, 2],
        d: ['2024-01-02T00:00:00Z', '2024-01-01T00:00:00Z'],
        ip: ['10.0.0.2', '::1', '10.0.0.2', '1.2.3.4'],
        b: [true, false, true],
        dbl: [3.5, -1, 3.5],
      },
    ]
  );
  const [[b, d, dbl, ip, k, l, t]] = rows(store, 'FROM t | KEEP b, d, dbl, ip, k, l, t');

  it('keyword: sorted and de-duplicated', () => expect(k).toEqual(['bar', 'foo']));
  it('long / double: sorted, duplicates kept', () => {
    expect(l).toEqual([1, 2, 2]);
    expect(dbl).toEqual([-1, 3.5, 3.5]);
  });
  it('date: sorted', () => expect(d).toEqual(['2024-01-01T00:00:00.000Z', '2024-01-02T00:00:00.000Z']));
  it('ip: sorted by address bytes (IPv4 maps into ::ffff:0:0/96, after ::1) and de-duplicated', () => expect(ip).toEqual(['::1', '1.2.3.4', '10.0.0.2']));
  it('boolean: false before true, duplicates kept', () => expect(b).toEqual([false, true, true]));
  it('text has no doc values: _source order, duplicates kept', () => expect(t).toEqual(['foo', 'bar', 'foo']));
});

describe('narrow floating-point types are widened to double', () => {
  // ES|QL reports float, half_float and scaled_float columns as double and reads the stored (narrowed) value:
  // the employees test data (x-pack/plugin/esql/qa/testFixtures) indexes height 2.03 as height.float
  // 2.0299999713897705, height.half_float 2.029296875 and height.scaled_float (scaling_factor 100) 2.03.
  const store = storeWith(
    {
      h: { type: 'double' },
      hf: { type: 'float' },
      hh: { type: 'half_float' },
      hs: { type: 'scaled_float', scaling_factor: 100 },
      hs10: { type: 'scaled_float', scaling_factor: 10 },
    },
    [{ h: 2.03, hf: 2.03, hh: 2.03, hs: 2.03, hs10: 2.34 }]
  );

  it('reads what each type stores', () => {
    const r = executeEsql({ query: 'FROM t | KEEP h, hf, hh, hs, hs10' }, store);
    expect(r.columns.map((c) => c.type)).toEqual(['double', 'double', 'double', 'double', 'double']);
    expect(r.values).toEqual([[2.03, 2.0299999713897705, 2.029296875, 2.03, 2.3]]);
  });

  it('half_float rounds to the nearest binary16 value, ties to even', () => {
    expect(toHalfFloat(1)).toBe(1);
    expect(toHalfFloat(65504)).toBe(65504);
    expect(toHalfFloat(65520)).toBe(Infinity);
    expect(toHalfFloat(1 + 2 ** -11)).toBe(1); // tie between 1 and 1 + 2^-10: the even one
    expect(toHalfFloat(1 + 3 * 2 ** -11)).toBe(1 + 2 ** -9);
    expect(toHalfFloat(2 ** -24)).toBe(2 ** -24); // smallest subnormal
    expect(toHalfFloat(-0.1)).toBe(-0.0999755859375);
  });

  it('Query DSL values are parsed into the field precision too (term 2.03 matches the float 2.03)', () => {
    // NumberFieldMapper.NumberType.FLOAT/HALF_FLOAT parse query values as float / half float.
    expect(rows(store, 'FROM t | KEEP h', { filter: { term: { hf: 2.03 } } })).toEqual([[2.03]]);
    expect(rows(store, 'FROM t | KEEP h', { filter: { term: { hh: 2.029 } } })).toEqual([[2.03]]);
    expect(rows(store, 'FROM t | KEEP h', { filter: { term: { hh: 2.04 } } })).toEqual([]);
    expect(rows(store, 'FROM t | KEEP h', { filter: { range: { hf: { gt: 2.03 } } } })).toEqual([]);
    expect(rows(store, 'FROM t | KEEP h', { filter: { range: { hf: { gte: 2.02, lte: 2.04 } } } })).toEqual([[2.03]]);
  });
});

describe('unsigned_long', () => {
  it('is an unsigned_long column; multi-values sort numerically', () => {
    const store = storeWith({ u: { type: 'unsigned_long' } }, [{ u: [18, 3, 1000] }, { u: 42 }]);
    const r = executeEsql({ query: 'FROM t | KEEP u' }, store);
    expect(r.columns).toEqual([{ name: 'u', type: 'unsigned_long' }]);
    expect(r.values).toEqual([[[3, 18, 1000]], [42]]);
  });
});

describe('time index', () => {
  const hour = 3600_000;
  const t0 = Date.UTC(2024, 0, 1);
  // Documents arrive out of time order.
  const docs = Array.from({ length: 48 }, (_, i) => ({ '@timestamp': new Date(t0 + ((i * 7) % 48) * hour).toISOString(), n: i }));
  const store = storeWith({ '@timestamp': { type: 'date' }, n: { type: 'long' } }, docs);
  const idx = store.getIndex('t')!;
  const visit = (f: () => unknown) => {
    const before = idx.visited;
    const out = f();
    return { out, visited: idx.visited - before };
  };
  const iso = (h: number) => new Date(t0 + h * hour).toISOString();

  it('a request filter range visits only the documents in range, and finds the same rows as a full scan', () => {
    const filter = { bool: { filter: [{ range: { '@timestamp': { gte: iso(10), lt: iso(20) } } }] } };
    const { out, visited } = visit(() => rows(store, 'FROM t | SORT n | KEEP n', { filter }));
    const expected = docs.filter((d) => d['@timestamp'] >= iso(10) && d['@timestamp'] < iso(20)).map((d) => [d.n]).sort((a, b) => a[0] - b[0]);
    expect(out).toEqual(expected);
    expect(visited).toBe(10);
  });

  it('WHERE on @timestamp right after FROM is pushed down (both bounds, either operand order)', () => {
    const { out, visited } = visit(() => rows(store, 'FROM t | WHERE @timestamp >= ?a AND ?b > @timestamp | STATS c = COUNT(*)', { params: [{ a: iso(0) }, { b: iso(5) }] }));
    expect(out).toEqual([[5]]);
    expect(visited).toBe(5);
  });

  it('without a range every live document is visited; unmatched ranges visit none', () => {
    expect(visit(() => rows(store, 'FROM t | STATS c = COUNT(*)')).visited).toBe(48);
    const none = visit(() => rows(store, 'FROM t | STATS c = COUNT(*)', { filter: { range: { '@timestamp': { gte: iso(100) } } } }));
    expect(none).toEqual({ out: [[0]], visited: 0 });
  });

  it('keeps index order for the rows it hands out (no SORT)', () => {
    const out = rows(store, 'FROM t | KEEP n | LIMIT 3', { filter: { range: { '@timestamp': { gte: iso(0), lte: iso(47) } } } });
    expect(out).toEqual([[0], [1], [2]]);
  });

  it('sees writes, updates and deletes made after it was built', () => {
    const s = storeWith({ '@timestamp': { type: 'date' }, n: { type: 'long' } }, docs);
    const count = (from: number, to: number) => rows(s, 'FROM t | STATS c = COUNT(*)', { filter: { range: { '@timestamp': { gte: iso(from), lt: iso(to) } } } })[0][0];
    expect(count(0, 10)).toBe(10);
    s.bulk([
      { action: 'index', index: 't', id: 'new', source: { '@timestamp': iso(1), n: 100 } },
      { action: 'index', index: 't', id: '0', source: { '@timestamp': iso(30), n: 0 } }, // moved out of the range
      { action: 'delete', index: 't', id: '1' },
    ]);
    const before = docs.filter((d, i) => i !== 0 && i !== 1 && d['@timestamp'] < iso(10)).length;
    expect(count(0, 10)).toBe(before + 1);
  });

  it('multi-valued dates stay candidates and are re-checked by the filter', () => {
    const s = storeWith({ '@timestamp': { type: 'date' } }, [{ '@timestamp': [iso(1), iso(30)] }, { '@timestamp': iso(40) }]);
    const r = rows(s, 'FROM t | STATS c = COUNT(*)', { filter: { range: { '@timestamp': { gte: iso(25), lte: iso(35) } } } });
    expect(r).toEqual([[1]]); // DSL range: any value in range matches
  });
});

describe('deleted slots', () => {
  it('are compacted away; documents handed out before still read their own _source; queries stay right', () => {
    const t0 = Date.UTC(2024, 0, 1);
    const docs = Array.from({ length: 3000 }, (_, i) => ({ '@timestamp': new Date(t0 + i * 1000).toISOString(), n: i }));
    const store = storeWith({ '@timestamp': { type: 'date' }, n: { type: 'long' } }, docs);
    const kept = store.getDoc('t', '2999').doc!;
    const res = store.bulk(Array.from({ length: 2000 }, (_, i) => ({ action: 'delete' as const, index: 't', id: String(i) })));
    expect(res.every((r) => r.result === 'deleted')).toBe(true);
    expect(store.getIndex('t')!.layout).toBeGreaterThan(0); // slots were compacted
    expect(kept.source).toEqual({ '@timestamp': new Date(t0 + 2999 * 1000).toISOString(), n: 2999 });
    expect(store.getDoc('t', '2500').doc!.source.n).toBe(2500);
    expect(store.getDoc('t', '5').doc).toBeUndefined();
    const filter = { range: { '@timestamp': { gte: new Date(t0 + 1500 * 1000).toISOString(), lt: new Date(t0 + 2100 * 1000).toISOString() } } };
    expect(rows(store, 'FROM t | STATS c = COUNT(*), lo = MIN(n), hi = MAX(n)', { filter })).toEqual([[100, 2000, 2099]]);
  });
});

describe('_source is kept as indexed', () => {
  it('round-trips through the store and the DSL sees doc values', () => {
    const src = { '@timestamp': '2024-01-01T00:00:00Z', user: { name: 'Ann' }, 'dotted.key': 'x', tags: ['b', 'a', 'b'], nested: [{ v: 1 }, { v: 2 }] };
    const store = storeWith({ tags: { type: 'keyword' } }, [src]);
    const { doc } = store.getDoc('t', '0');
    expect(doc!.source).toEqual(src);
    expect(doc!.docValue!('tags')).toEqual(['a', 'b']);
    expect(compileQuery({ term: { 'dotted.key.keyword': 'x' } })(doc!, store.getIndex('t')!.fields)).toBe(true);
  });
});

describe('columns filled on first read', () => {
  // The store fills a field's column from `_source` when the field is first read, not at index time; what a read
  // returns must not depend on when that happens.
  const q = (store: Store) => rows(store, 'FROM t | SORT n | KEEP n, k');

  it('a field mapped after documents were indexed has no doc values in them, until they are re-indexed', () => {
    const store = Store.open();
    // dynamic: false so that k stays unmapped until PUT _mapping.
    store.createIndex('t', { mappings: { dynamic: false, properties: { n: { type: 'long' } } } });
    store.bulk([
      { action: 'index', index: 't', id: '0', source: { n: 0, k: 'a' } },
      { action: 'index', index: 't', id: '1', source: { n: 1, k: 'b' } },
    ]);
    expect(rows(store, 'FROM t | SORT n | KEEP n')).toEqual([[0], [1]]); // fills n only
    store.putMapping(store.getIndex('t')!, { properties: { k: { type: 'keyword' } } });
    store.bulk([
      { action: 'index', index: 't', id: '2', source: { n: 2, k: 'c' } },
      { action: 'index', index: 't', id: '1', source: { n: 1, k: 'B' } },
    ]);
    // Doc 0 predates the mapping of k (no doc values), doc 1 was re-indexed after it, doc 2 indexed after it.
    expect(q(store)).toEqual([
      [0, null],
      [1, 'B'],
      [2, 'c'],
    ]);
    const doc0 = store.getDoc('t', '0').doc!;
    expect(doc0.docValue!('k')).toBeNull();
    expect(doc0.source.k).toBe('a');
  });

  it('sees writes, updates and deletes between reads, whether or not the column was filled yet', () => {
    const store = storeWith({ n: { type: 'long' }, k: { type: 'keyword' } }, [
      { n: 0, k: ['y', 'x', 'y'] },
      { n: 1, k: 'b' },
    ]);
    // Update and delete before any read.
    store.bulk([
      { action: 'index', index: 't', id: '0', source: { n: 0, k: ['z', 'x'] } },
      { action: 'delete', index: 't', id: '1' },
      { action: 'index', index: 't', id: '2', source: { n: 2 } },
    ]);
    expect(q(store)).toEqual([
      [0, ['x', 'z']],
      [2, null],
    ]);
    // Update after the column was filled; a Query DSL filter reads the new values.
    store.bulk([
      { action: 'index', index: 't', id: '2', source: { n: 2, k: 'm' } },
      { action: 'index', index: 't', id: '3', source: { n: 3, k: 'm' } },
      { action: 'index', index: 't', id: '0', source: { n: 0 } },
    ]);
    expect(q(store)).toEqual([
      [0, null],
      [2, 'm'],
      [3, 'm'],
    ]);
    expect(rows(store, 'FROM t | SORT n | KEEP n', { filter: { term: { k: 'm' } } })).toEqual([[2], [3]]);
  });
});
