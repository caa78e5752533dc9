// A refresh builds the doc values of every mapped field (EsIndex.buildDocValues), as Elasticsearch does when it
// writes a segment; queries then read the same values as the lazy first-read fill gives.
import { Store } from './store';
import { executeEsql } from '../exec';

function load(): Store {
  const store = Store.open();
  store.createIndex('t', { mappings: { properties: { k: { type: 'keyword' }, n: { type: 'long' }, ip: { type: 'ip' }, '@timestamp': { type: 'date' } } } });
  store.bulk(
    Array.from({ length: 50 }, (_, i) => ({
      action: 'index' as const,
      index: 't',
      id: String(i),
      source: { k: i % 3 ? `k${i % 5}` : [`a${i}`, 'b'], n: i, ip: `10.0.0.${i}`, '@timestamp': new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() },
    }))
  );
  return store;
}

const Q = 'FROM t | WHERE @timestamp >= "2026-01-01T00:10:00Z" | STATS c = COUNT(*), m = MAX(n), ips = COUNT_DISTINCT(ip) BY k | SORT k';

describe('buildDocValues (refresh)', () => {
  it('fills every column in one pass; results equal the lazy fill', () => {
    const lazy = load();
    const built = load();
    const idx = built.requireIndex('t');
    expect(idx.pendingDocValues()).toBe(4);
    idx.buildDocValues();
    expect(idx.pendingDocValues()).toBe(0);
    expect(executeEsql({ query: Q }, built)).toEqual(executeEsql({ query: Q }, lazy));
  });

  it('documents indexed after the refresh fill on read, and a field mapped later starts unfilled', () => {
    const store = load();
    const idx = store.requireIndex('t');
    idx.buildDocValues();
    store.bulk([{ action: 'index', index: 't', id: 'late', source: { k: 'late', n: 99, extra: 'x' } }]);
    expect(idx.pendingDocValues()).toBeGreaterThan(0);
    expect(executeEsql({ query: 'FROM t | WHERE k == "late" | KEEP n, extra' }, store).values).toEqual([[99, 'x']]);
  });
});
