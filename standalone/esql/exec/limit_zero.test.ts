import { Store } from '../store';
import { executeEsql } from '.';

function seeded(): Store {
  const s = Store.open();
  s.createIndex('logs-a', { mappings: { properties: { '@timestamp': { type: 'date' }, user: { type: 'keyword' }, n: { type: 'long' } } } });
  s.bulk([
    { action: 'index', index: 'logs-a', id: '1', source: { '@timestamp': '2026-01-01T00:00:00Z', user: 'ann', n: 1 } },
    { action: 'index', index: 'logs-a', id: '2', source: { '@timestamp': '2026-01-01T00:01:00Z', user: 'bob', n: 5 } },
  ]);
  return s;
}

describe('LIMIT 0 (SkipQueryOnLimitZero)', () => {
  it('answers the columns without reading any document', () => {
    const s = seeded();
    const idx = s.requireIndex('logs-a');
    const visited = idx.visited;
    const r = executeEsql({ query: 'FROM logs-a | LIMIT 0' }, s);
    expect(r.columns).toEqual([
      { name: '@timestamp', type: 'date' },
      { name: 'n', type: 'long' },
      { name: 'user', type: 'keyword' },
    ]);
    expect(r.values).toEqual([]);
    expect(r.documents_found).toBe(0);
    expect(r.values_loaded).toBe(0);
    expect(idx.visited).toBe(visited);
    // The same query without LIMIT 0 does read (so the counters above can tell).
    const one = executeEsql({ query: 'FROM logs-a | LIMIT 1' }, s);
    expect(one.documents_found).toBe(1);
    expect(idx.visited).toBeGreaterThan(visited);
  });

  it('prunes what comes before it, keeps the columns it computes, and later commands see an empty input', () => {
    const s = seeded();
    const r = executeEsql({ query: 'FROM logs-a | EVAL m = n * 2 | STATS c = COUNT(*) BY user | LIMIT 0' }, s);
    expect(r.columns).toEqual([{ name: 'c', type: 'long' }, { name: 'user', type: 'keyword' }]);
    expect(r.values).toEqual([]);
    expect(r.documents_found).toBe(0);
    const agg = executeEsql({ query: 'FROM logs-a | LIMIT 0 | STATS c = COUNT(*), s = SUM(n)' }, s);
    expect(agg.values).toEqual([[0, null]]);
    const grouped = executeEsql({ query: 'FROM logs-a | LIMIT 0 | STATS c = COUNT(*) BY user' }, s);
    expect(grouped.values).toEqual([]);
    // A parameter 0 is a LIMIT 0 too; planning errors still surface.
    expect(executeEsql({ query: 'FROM logs-a | LIMIT ?', params: [0] }, s).values).toEqual([]);
    expect(() => executeEsql({ query: 'FROM logs-a | KEEP nope | LIMIT 0' }, s)).toThrow(/Unknown column \[nope\]/);
  });
});
