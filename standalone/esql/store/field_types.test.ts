// Elasticsearch semantics of constant_keyword, date_nanos and long values beyond 2^53, from mapping to the ES|QL
// response. Each block names the Elasticsearch source it mirrors.
import { Store } from './store';
import { compileQuery } from './dsl';
import { executeEsql } from '../exec';
import { EsError } from '../types';

function storeWith(mappings: Record<string, unknown>, docs: Array<Record<string, unknown>>, index = 't'): Store {
  const store = Store.open();
  store.createIndex(index, { mappings: { properties: mappings } });
  const res = store.bulk(docs.map((source, i) => ({ action: 'index' as const, index, id: String(i), source })));
  const failed = res.find((r) => r.error);
  if (failed) throw new Error(failed.error!.reason);
  return store;
}

const esql = (store: Store, query: string, filter?: unknown) =>
  executeEsql({ query, filter: filter === undefined ? undefined : compileQuery(filter) }, store);
const rows = (store: Store, query: string, filter?: unknown) => esql(store, query, filter).values;

describe('constant_keyword (x-pack/plugin/mapper-constant-keyword/.../ConstantKeywordFieldMapper.java)', () => {
  it('every document reads the mapping value, as ES|QL type keyword, whatever its _source holds', () => {
    const store = storeWith({ c: { type: 'constant_keyword', value: 'foo' }, n: { type: 'long' } }, [{ n: 1 }, { n: 2, c: 'foo' }]);
    const res = esql(store, 'FROM t | SORT n | KEEP c, n');
    expect(res.columns).toEqual([{ name: 'c', type: 'keyword' }, { name: 'n', type: 'long' }]);
    expect(res.values).toEqual([['foo', 1], ['foo', 2]]);
    expect(rows(store, 'FROM t | WHERE c == "foo" | STATS n = COUNT(*) BY c')).toEqual([[2, 'foo']]);
    // _source stays as indexed: the first document has no `c`.
    expect(store.requireIndex('t').docs[0].source).toEqual({ n: 1 });
  });

  it('a numeric mapping value is kept as its string form', () => {
    const store = storeWith({ c: { type: 'constant_keyword', value: 5 } }, [{ c: 5 }]);
    expect(rows(store, 'FROM t | KEEP c')).toEqual([['5']]);
  });

  it('the first indexed value sets the mapping value (a dynamic mapping update); before it, the field reads null', () => {
    const store = Store.open();
    store.createIndex('t', { mappings: { properties: { c: { type: 'constant_keyword' }, n: { type: 'long' } } } });
    store.bulk([{ action: 'index', index: 't', id: '0', source: { n: 0 } }]);
    expect(rows(store, 'FROM t | KEEP c, n')).toEqual([[null, 0]]);
    store.bulk([{ action: 'index', index: 't', id: '1', source: { n: 1, c: 'bar' } }]);
    expect(store.requireIndex('t').root.properties.c).toEqual({ type: 'constant_keyword', value: 'bar' });
    expect(rows(store, 'FROM t | SORT n | KEEP c, n')).toEqual([['bar', 0], ['bar', 1]]);
  });

  it('rejects a different value, null, and objects with the mapper messages', () => {
    const store = storeWith({ c: { type: 'constant_keyword', value: 'foo' } }, []);
    const [other, nul, obj, same] = store.bulk([
      { action: 'index', index: 't', id: '1', source: { c: 'bar' } },
      { action: 'index', index: 't', id: '2', source: { c: null } },
      { action: 'index', index: 't', id: '3', source: { c: { x: 1 } } },
      { action: 'index', index: 't', id: '4', source: { c: ['foo', 'foo'] } },
    ]);
    expect(other.error!.toBody().error).toEqual({
      root_cause: [expect.anything()],
      type: 'document_parsing_exception',
      reason: "failed to parse field [c] of type [constant_keyword] in document with id '1'. Preview of field's value: 'bar'",
      caused_by: {
        type: 'illegal_argument_exception',
        reason: '[constant_keyword] field [c] only accepts values that are equal to the value defined in the mappings [foo], but got [bar]',
      },
    });
    expect(nul.error!.extra.caused_by).toEqual({ type: 'illegal_argument_exception', reason: "[constant_keyword] field [c] doesn't accept [null] values" });
    expect(obj.error!.type).toBe('document_parsing_exception');
    expect(same.status).toBe(201);
  });

  it('the mapping value may be set once, never changed (merge validator)', () => {
    const store = Store.open();
    const idx = store.createIndex('t', { mappings: { properties: { c: { type: 'constant_keyword' } } } });
    store.putMapping(idx, { properties: { c: { type: 'constant_keyword', value: 'a' } } });
    let e: unknown;
    try {
      store.putMapping(idx, { properties: { c: { type: 'constant_keyword', value: 'b' } } });
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(EsError);
    expect((e as EsError).reason).toBe('Mapper for [c] conflicts with existing mapper:\n\tCannot update parameter [value] from [a] to [b]');
  });

  it('term / exists queries see the constant (existsQuery: match all when the value is set)', () => {
    const store = storeWith({ c: { type: 'constant_keyword', value: 'foo' }, n: { type: 'long' } }, [{ n: 1 }, { n: 2 }]);
    expect(rows(store, 'FROM t | KEEP n | SORT n', { exists: { field: 'c' } })).toEqual([[1], [2]]);
    expect(rows(store, 'FROM t | KEEP n | SORT n', { term: { c: 'foo' } })).toEqual([[1], [2]]);
    expect(rows(store, 'FROM t | KEEP n', { term: { c: 'bar' } })).toEqual([]);
  });
});
