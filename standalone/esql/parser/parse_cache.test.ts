import { Store } from '../store';
import { executeEsql } from '../exec';
import { clearFieldUnionCache } from '../exec/execute';
import { EsError, type EsqlRequest } from '../types';
import { parseEsql } from './parser';
import { clearParseCache, parseCacheSize, parseEsqlCached } from './parse_cache';

function err(fn: () => unknown): EsError {
  try {
    fn();
  } catch (e) {
    if (e instanceof EsError) return e;
    throw e;
  }
  throw new Error('expected an EsError');
}

/** The result a request gets with a cold cache (a fresh parse), for comparison with the cached path. */
function fresh(req: EsqlRequest, store: Store) {
  clearParseCache();
  clearFieldUnionCache();
  return executeEsql(req, store);
}

function seeded(): Store {
  const s = Store.open();
  s.createIndex('logs-a', { mappings: { properties: { '@timestamp': { type: 'date' }, user: { type: 'keyword' }, n: { type: 'long' } } } });
  s.bulk([
    { action: 'index', index: 'logs-a', id: '1', source: { '@timestamp': '2026-01-01T00:00:00Z', user: 'ann', n: 1 } },
    { action: 'index', index: 'logs-a', id: '2', source: { '@timestamp': '2026-01-01T00:01:00Z', user: 'bob', n: 5 } },
    { action: 'index', index: 'logs-a', id: '3', source: { '@timestamp': '2026-01-01T00:02:00Z', user: 'ann', n: 7 } },
  ]);
  return s;
}

describe('parse cache', () => {
  beforeEach(() => clearParseCache());

  it('gives the same tree as a fresh parse, frozen, and reuses it for the same text', () => {
    const text = 'FROM logs-a | WHERE n > ?min AND user == ? | STATS c = COUNT(*) BY user | LIMIT ?2';
    const a = parseEsqlCached(text);
    expect(a.query).toEqual(parseEsql(text));
    expect(parseEsqlCached(text)).toBe(a);
    expect(Object.isFrozen(a.query)).toBe(true);
    expect(Object.isFrozen(a.query.commands[1])).toBe(true);
    // Mutating a shared tree would leak into the next request: it is refused.
    expect(() => {
      (a.query.commands as unknown[]).push(null);
    }).toThrow(TypeError);
    // Parameter nodes in walk order: named, anonymous, positional.
    expect(a.params.map((p) => p.form)).toEqual(['named', 'anonymous', 'positional']);
  });

  it('binds parameters per request: same text, different values, same results as an uncached run', () => {
    const s = seeded();
    const query = 'FROM logs-a | WHERE n >= ?min | STATS total = SUM(n) BY user | SORT user';
    for (const min of [0, 5, 6, 8]) {
      const req = { query, params: [{ min }] };
      const cold = fresh(req, s);
      const warm = executeEsql(req, s);
      expect(parseCacheSize()).toBe(1);
      expect(warm).toEqual(cold);
    }
    expect(executeEsql({ query, params: [{ min: 6 }] }, s).values).toEqual([[7, 'ann']]);
    expect(executeEsql({ query, params: [{ min: 0 }] }, s).values).toEqual([[8, 'ann'], [5, 'bob']]);
  });

  it('anonymous and positional parameters are numbered per request from the cached tree', () => {
    const s = seeded();
    const query = 'FROM logs-a | WHERE n > ? AND n < ? | KEEP n | SORT n';
    expect(executeEsql({ query, params: [0, 6] }, s).values).toEqual([[1], [5]]);
    expect(executeEsql({ query, params: [4, 8] }, s).values).toEqual([[5], [7]]);
    expect(executeEsql({ query, params: [4, 8] }, s)).toEqual(fresh({ query, params: [4, 8] }, s));
  });

  it('a missing or misnamed parameter fails on every request, cached or not', () => {
    const s = seeded();
    const query = 'FROM logs-a | WHERE n > ?min';
    expect(executeEsql({ query, params: [{ min: 1 }] }, s).values.length).toBe(2);
    const e1 = err(() => executeEsql({ query, params: [{ mim: 1 }] }, s));
    const e2 = err(() => fresh({ query, params: [{ mim: 1 }] }, s));
    expect(e1.toBody()).toEqual(e2.toBody());
    expect(e1.message).toContain('Unknown query parameter [min], did you mean [mim]?');
  });

  it('parse errors are not cached and fail the same way each time', () => {
    const s = seeded();
    const bad = 'FROM logs-a | WHERE (n > 1';
    const e1 = err(() => executeEsql({ query: bad }, s));
    expect(parseCacheSize()).toBe(0);
    const e2 = err(() => executeEsql({ query: bad }, s));
    expect(e2.toBody()).toEqual(e1.toBody());
  });

  it('a mapping change between requests is seen by the next request with the same text', () => {
    const s = seeded();
    const query = 'FROM logs-a | SORT n | LIMIT 10';
    const before = executeEsql({ query }, s);
    expect(before.columns.map((c) => c.name)).toEqual(['@timestamp', 'n', 'user']);
    // A new field mapped (existing documents have no doc values for it, like ES) and a new index in the pattern.
    s.putMapping(s.requireIndex('logs-a'), { properties: { extra: { type: 'keyword' } } });
    s.bulk([{ action: 'index', index: 'logs-a', id: '4', source: { '@timestamp': '2026-01-01T00:03:00Z', user: 'cy', n: 9, extra: 'x4' } }]);
    s.createIndex('logs-b', { mappings: { properties: { n: { type: 'keyword' } } } });
    s.bulk([{ action: 'index', index: 'logs-b', id: '9', source: { n: 'nine', extra: 'y' } }]);
    const q2 = 'FROM logs-* | SORT @timestamp | LIMIT 10';
    executeEsql({ query: q2 }, s);
    const after = executeEsql({ query }, s);
    expect(after).toEqual(fresh({ query }, s));
    expect(after.columns.map((c) => c.name)).toEqual(['@timestamp', 'extra', 'n', 'user']);
    expect(after.values.map((r) => r[1])).toEqual([null, null, null, 'x4']);
    const union = executeEsql({ query: q2 }, s);
    expect(union).toEqual(fresh({ query: q2 }, s));
    // `n` is long in logs-a and keyword in logs-b now: a conflict, reported as unsupported.
    expect(union.columns.find((c) => c.name === 'n')?.type).toBe('unsupported');
  });

  it('dynamic mappings, a deleted and recreated index and a new index in the pattern change FROM columns at once', () => {
    const s = seeded();
    const query = 'FROM logs-* | KEEP n, added | SORT n';
    const first = err(() => executeEsql({ query }, s));
    expect(first.message).toContain('Unknown column [added]');
    // Dynamic mapping: a new field in a new document maps it.
    s.bulk([{ action: 'index', index: 'logs-a', id: '4', source: { n: 9, added: 'yes' } }]);
    const second = executeEsql({ query }, s);
    expect(second).toEqual(fresh({ query }, s));
    expect(second.values).toEqual([[1, null], [5, null], [7, null], [9, 'yes']]);
    // Same index name, new mapping: `n` becomes keyword.
    s.deleteIndex('logs-a');
    s.createIndex('logs-a', { mappings: { properties: { n: { type: 'keyword' }, added: { type: 'keyword' } } } });
    s.bulk([{ action: 'index', index: 'logs-a', id: '1', source: { n: 'one', added: 'no' } }]);
    const third = executeEsql({ query }, s);
    expect(third.columns).toEqual([{ name: 'n', type: 'keyword' }, { name: 'added', type: 'keyword' }]);
    expect(third).toEqual(fresh({ query }, s));
    // Another index in the pattern maps `n` as long: the union now conflicts.
    s.createIndex('logs-c', { mappings: { properties: { n: { type: 'long' } } } });
    const e = err(() => executeEsql({ query }, s));
    expect(e.message).toContain('Cannot use field [n] due to ambiguities being mapped as [2] incompatible types: [keyword] in [logs-a], [long] in [logs-c]');
    expect(err(() => fresh({ query }, s)).toBody()).toEqual(e.toBody());
  });

  it('keeps at most 256 texts, dropping the least recently used', () => {
    const first = parseEsqlCached('ROW a = 0');
    for (let i = 1; i <= 256; i++) {
      parseEsqlCached(`ROW a = ${i}`);
      if (i === 200) expect(parseEsqlCached('ROW a = 0')).toBe(first);
    }
    expect(parseCacheSize()).toBe(256);
    expect(parseEsqlCached('ROW a = 0')).toBe(first);
    // `ROW a = 1` was the least recently used one and is parsed again.
    const again = parseEsqlCached('ROW a = 1');
    expect(again.query).toEqual(parseEsql('ROW a = 1'));
    expect(parseCacheSize()).toBe(256);
  });
});
