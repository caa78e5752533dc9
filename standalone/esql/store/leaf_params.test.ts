// `ignore_above` and `null_value` as Elasticsearch applies them at index time, which is what ES|QL reads and what
// the request filter matches: a keyword longer than ignore_above gets no doc value (server/.../mapper/
// KeywordFieldMapper.java; expected values in server/src/test/.../blockloader/KeywordFieldBlockLoaderTests.java:
// the value is dropped, from a multi-value too), and an explicit null is indexed as null_value (also a null inside
// an array; a missing field stays missing). `_source` keeps what was sent.
import { Store } from './store';
import { compileQuery } from './dsl';
import { executeEsql } from '../exec';

function storeWith(mappings: Record<string, unknown>, docs: Array<Record<string, unknown>>): Store {
  const store = Store.open();
  store.createIndex('t', { mappings: { properties: mappings } });
  const res = store.bulk(docs.map((source, i) => ({ action: 'index' as const, index: 't', id: String(i), source })));
  expect(res.find((r) => r.error)).toBeUndefined();
  return store;
}
const rows = (store: Store, query: string, filter?: unknown) =>
  executeEsql({ query, filter: filter === undefined ? undefined : compileQuery(filter) }, store).values;

describe('ignore_above', () => {
  const store = storeWith(
    { k: { type: 'keyword', ignore_above: 3 }, i: { type: 'long' }, msg: { type: 'text', fields: { kw: { type: 'keyword', ignore_above: 3 } } } },
    [
      { i: 0, k: 'abcdef', msg: 'abcdef' },
      { i: 1, k: ['zz', 'abcdef', 'aa'], msg: 'ab' },
      { i: 2, k: 'abc' },
    ]
  );

  it('a longer value reads null, and is dropped from a multi-value; text reads _source, its keyword sub-field does not', () => {
    expect(rows(store, 'FROM t | SORT i | KEEP k, msg, msg.kw')).toEqual([
      [null, 'abcdef', null],
      [['aa', 'zz'], 'ab', 'ab'],
      ['abc', null, null],
    ]);
  });

  it('WHERE, the request filter (term, exists) and STATS never see an ignored value', () => {
    expect(rows(store, 'FROM t | WHERE k == "abcdef" | KEEP i')).toEqual([]);
    expect(rows(store, 'FROM t | KEEP i', { term: { k: 'abcdef' } })).toEqual([]);
    expect(rows(store, 'FROM t | SORT i | KEEP i', { exists: { field: 'k' } })).toEqual([[1], [2]]);
    expect(rows(store, 'FROM t | STATS n = COUNT(k)')).toEqual([[3]]);
  });

  it('_source keeps the value as sent', () => {
    expect(store.requireIndex('t').docs[0].source).toEqual({ i: 0, k: 'abcdef', msg: 'abcdef' });
  });
});

describe('null_value', () => {
  const store = storeWith(
    { i: { type: 'long' }, kw: { type: 'keyword', null_value: 'NONE' }, n: { type: 'long', null_value: 7 }, ip: { type: 'ip', null_value: '0.0.0.0' }, short: { type: 'keyword', null_value: 'TOOLONG', ignore_above: 3 } },
    [
      { i: 0, kw: null, n: null, ip: null, short: null },
      { i: 1, kw: [null, 'a'], n: [null, 1] },
      { i: 2 },
    ]
  );

  it('an explicit null (alone or in an array) reads as null_value; a missing field stays null', () => {
    expect(rows(store, 'FROM t | SORT i | KEEP kw, n, ip, short')).toEqual([
      ['NONE', 7, '0.0.0.0', null],
      [['NONE', 'a'], [1, 7], null, null],
      [null, null, null, null],
    ]);
  });

  it('the request filter matches null_value, and exists finds the field', () => {
    expect(rows(store, 'FROM t | SORT i | KEEP i', { term: { kw: 'NONE' } })).toEqual([[0], [1]]);
    expect(rows(store, 'FROM t | SORT i | KEEP i', { exists: { field: 'n' } })).toEqual([[0], [1]]);
  });
});
