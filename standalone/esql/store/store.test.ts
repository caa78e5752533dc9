import fs from 'fs';
import os from 'os';
import path from 'path';
import { EsError } from '../types';
import { Store } from './store';

function err(fn: () => unknown): EsError {
  try {
    fn();
  } catch (e) {
    if (e instanceof EsError) return e;
    throw e;
  }
  throw new Error('expected an EsError');
}

describe('Store', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esql-store-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('versions, overwrites, deletes and auto-creates like ES', () => {
    const s = Store.open();
    const [a, b, c] = s.bulk([
      { action: 'index', index: 'logs', id: '1', source: { n: 1 } },
      { action: 'index', index: 'logs', id: '1', source: { n: 2 } },
      { action: 'create', index: 'logs', id: '1', source: { n: 3 } },
    ]);
    expect([a.result, a.version, a.status]).toEqual(['created', 1, 201]);
    expect([b.result, b.version, b.status]).toEqual(['updated', 2, 200]);
    expect(c.status).toBe(409);
    expect(c.error!.type).toBe('version_conflict_engine_exception');
    const [d, e] = s.bulk([{ action: 'delete', index: 'logs', id: '1' }, { action: 'delete', index: 'logs', id: '1' }]);
    expect([d.result, d.version]).toEqual(['deleted', 3]);
    expect([e.result, e.status]).toEqual(['not_found', 404]);
    const [f] = s.bulk([{ action: 'index', index: 'logs', id: '1', source: { n: 4 } }]);
    expect(f.version).toBe(4);
    const [g] = s.bulk([{ action: 'index', index: 'logs', source: { n: 5 } }]);
    expect(g.id).toMatch(/^[A-Za-z0-9_-]{20}$/);
    const [h] = s.bulk([{ action: 'delete', index: 'missing', id: '1' }]);
    expect(h.error!.type).toBe('index_not_found_exception');
    expect(s.requireIndex('logs').docs.map((x) => x.source.n)).toEqual([4, 5]);
  });

  it('persists documents, mappings, aliases and deletions across reopen', () => {
    let s = Store.open(dir);
    s.createIndex('a', { mappings: { properties: { 'source.ip': { type: 'ip' } } }, aliases: { al: {} } });
    s.bulk([
      { action: 'index', index: 'a', id: '1', source: { source: { ip: '10.0.0.1' }, user: 'x' } },
      { action: 'index', index: 'b', id: '2', source: { n: 1 } },
      { action: 'index', index: 'b', id: '3', source: { n: 2 } },
      { action: 'delete', index: 'b', id: '2' },
    ]);
    s.createIndex('gone');
    s.deleteIndex('gone');
    s.close();
    s = Store.open(dir);
    expect(s.listIndices().map((i) => i.name)).toEqual(['a', 'b']);
    expect(Object.fromEntries(s.requireIndex('a').fields)).toEqual({ 'source.ip': 'ip', user: 'text', 'user.keyword': 'keyword' });
    expect(s.requireIndex('b').docs.map((d) => [d._id, d._version])).toEqual([['3', 1]]);
    expect(s.resolve(['al']).map((v) => v.name)).toEqual(['a']);
    const [again] = s.bulk([{ action: 'index', index: 'b', id: '2', source: { n: 9 } }]);
    expect(again.version).toBe(3); // continues after the delete's version 2
    s.close();
  });

  it('refuses a data directory held by a live process', () => {
    const s = Store.open(dir);
    fs.writeFileSync(path.join(dir, 'node.lock'), String(process.ppid));
    expect(() => Store.open(dir)).toThrow(/locked/);
    s.close();
  });

  describe('Catalog.resolve', () => {
    const s = Store.open();
    for (const n of ['logs-a', 'logs-b', 'metrics', '.alerts-x']) s.createIndex(n);
    const names = (p: string[]) => s.resolve(p).map((v) => v.name);

    it('expands wildcards and comma lists without hidden indices', () => {
      expect(names(['logs-*'])).toEqual(['logs-a', 'logs-b']);
      expect(names(['*'])).toEqual(['logs-a', 'logs-b', 'metrics']);
      expect(names(['logs-a,metrics'])).toEqual(['logs-a', 'metrics']);
      expect(names(['.alerts-*'])).toEqual(['.alerts-x']);
      expect(names(['*', '.alerts-*'])).toEqual(['.alerts-x', 'logs-a', 'logs-b', 'metrics']);
      expect(names(['logs-*', '-logs-b'])).toEqual(['logs-a']);
    });

    it('accepts an empty wildcard when something else matched', () => {
      expect(names(['nothing-*', 'metrics'])).toEqual(['metrics']);
    });

    it('fails with verification_exception for missing concrete names or no match at all', () => {
      const e = err(() => s.resolve(['logs-a', 'missing']));
      expect([e.status, e.type, e.reason]).toEqual([400, 'verification_exception', 'Unknown index [missing]']);
      expect(err(() => s.resolve(['nothing-*'])).reason).toBe('Unknown index [nothing-*]');
      expect(err(() => s.resolve(['a-*', 'b-*'])).reason).toBe('Unknown index [a-*,b-*]');
    });
  });

  it('validates index names', () => {
    const s = Store.open();
    expect(err(() => s.createIndex('Upper')).type).toBe('invalid_index_name_exception');
    expect(err(() => s.createIndex('_x')).reason).toBe("Invalid index name [_x], must not start with '_', '-', or '+'");
    s.createIndex('ok');
    expect(err(() => s.createIndex('ok')).type).toBe('resource_already_exists_exception');
  });
});
