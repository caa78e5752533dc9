import { EsError, EsFieldType, StoredDoc } from '../types';
import { compileQuery } from './dsl';

const fields: ReadonlyMap<string, EsFieldType> = new Map<string, EsFieldType>([
  ['@timestamp', 'date'],
  ['source.ip', 'ip'],
  ['user.name', 'keyword'],
  ['message', 'text'],
  ['message.keyword', 'keyword'],
  ['bytes', 'long'],
  ['ok', 'boolean'],
  ['tags', 'keyword'],
]);

const now = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();
const docs: StoredDoc[] = [
  { _id: 'a', _index: 'i', _version: 1, source: { '@timestamp': iso(now - 10 * 60_000), source: { ip: '10.0.0.5' }, user: { name: 'alice' }, message: 'Login OK from VPN', bytes: 10, ok: true, tags: ['x', 'y'] } },
  { _id: 'b', _index: 'i', _version: 1, source: { '@timestamp': iso(now - 5 * 3600_000), 'source.ip': '192.168.1.9', 'user.name': 'bob', message: 'failed login', bytes: 2000, ok: false } },
  { _id: 'c', _index: 'i', _version: 1, source: { '@timestamp': '2024-01-01T00:00:00Z', source: { ip: ['2001:db8::1', '10.9.9.9'] }, bytes: '300', tags: 'z' } },
  { _id: 'd', _index: 'i', _version: 1, source: { '@timestamp': 1704153600000, user: { name: null } } },
];

function ids(q: unknown): string[] {
  const f = compileQuery(q);
  return docs.filter((d) => f(d, fields)).map((d) => d._id);
}

function err(q: unknown): EsError {
  try {
    ids(q);
  } catch (e) {
    if (e instanceof EsError) return e;
    throw e;
  }
  throw new Error('expected an EsError');
}

describe('compileQuery', () => {
  it('match_all, empty query and match_none', () => {
    expect(ids({ match_all: {} })).toEqual(['a', 'b', 'c', 'd']);
    expect(ids({})).toEqual(['a', 'b', 'c', 'd']);
    expect(ids({ match_none: {} })).toEqual([]);
  });

  it('range on dates: date math, formats, rounding, epoch millis', () => {
    expect(ids({ range: { '@timestamp': { gte: 'now-1h' } } })).toEqual(['a']);
    expect(ids({ range: { '@timestamp': { gte: 'now-1d', lt: 'now-1h' } } })).toEqual(['b']);
    expect(ids({ range: { '@timestamp': { gte: '2024-01-01T00:00:00.000Z', lte: '2024-01-02T00:00:00Z', format: 'strict_date_optional_time' } } })).toEqual(['c', 'd']);
    expect(ids({ range: { '@timestamp': { gt: '2024-01-01||/d', lte: '2024-01-02||/d' } } })).toEqual(['d']);
    expect(ids({ range: { '@timestamp': { gte: 1704153600000, format: 'epoch_millis' } } })).toEqual(['a', 'b', 'd']);
    expect(ids({ range: { '@timestamp': { gte: '2024-01-02T01:00:00', time_zone: '+02:00' } } })).toEqual(['a', 'b', 'd']);
  });

  it('range on numbers (with numeric strings) and ips', () => {
    expect(ids({ range: { bytes: { gt: 10, lte: 300 } } })).toEqual(['c']);
    expect(ids({ range: { 'source.ip': { gte: '10.0.0.0', lte: '10.255.255.255' } } })).toEqual(['a', 'c']);
  });

  it('term / terms by type, incl. CIDR on ip fields and multi-valued fields', () => {
    expect(ids({ term: { 'source.ip': '10.0.0.5' } })).toEqual(['a']);
    expect(ids({ term: { 'source.ip': { value: '10.0.0.0/8' } } })).toEqual(['a', 'c']);
    expect(ids({ terms: { 'source.ip': ['2001:db8:0::1', '192.168.1.9'] } })).toEqual(['b', 'c']);
    expect(ids({ term: { 'user.name': 'bob' } })).toEqual(['b']);
    expect(ids({ term: { 'user.name': { value: 'BOB', case_insensitive: true } } })).toEqual(['b']);
    expect(ids({ terms: { tags: ['y', 'z'] } })).toEqual(['a', 'c']);
    expect(ids({ term: { bytes: 300 } })).toEqual(['c']);
    expect(ids({ term: { ok: false } })).toEqual(['b']);
    expect(ids({ term: { message: 'login' } })).toEqual(['a', 'b']);
    expect(ids({ term: { 'message.keyword': 'failed login' } })).toEqual(['b']);
    expect(ids({ term: { unmapped: 'x' } })).toEqual([]);
  });

  it('exists on leaves and object paths', () => {
    expect(ids({ exists: { field: 'user.name' } })).toEqual(['a', 'b']);
    expect(ids({ exists: { field: 'user' } })).toEqual(['a', 'b']);
    expect(ids({ exists: { field: 'tags' } })).toEqual(['a', 'c']);
  });

  it('match (or/and), match_phrase, prefix, wildcard, ids', () => {
    expect(ids({ match: { message: 'vpn failed' } })).toEqual(['a', 'b']);
    expect(ids({ match: { message: { query: 'login ok', operator: 'and' } } })).toEqual(['a']);
    expect(ids({ match: { 'user.name': 'alice' } })).toEqual(['a']);
    expect(ids({ match_phrase: { message: 'failed login' } })).toEqual(['b']);
    expect(ids({ prefix: { 'user.name': 'al' } })).toEqual(['a']);
    expect(ids({ wildcard: { 'user.name': { value: 'b*b' } } })).toEqual(['b']);
    expect(ids({ ids: { values: ['c', 'zz'] } })).toEqual(['c']);
  });

  it('bool with filter/must/must_not/should and minimum_should_match', () => {
    expect(ids({ bool: { filter: [{ range: { bytes: { gte: 10 } } }], must_not: { term: { 'user.name': 'bob' } } } })).toEqual(['a', 'c']);
    expect(ids({ bool: { should: [{ term: { 'user.name': 'alice' } }, { term: { 'user.name': 'bob' } }] } })).toEqual(['a', 'b']);
    // should is optional next to a must/filter clause unless minimum_should_match says otherwise
    expect(ids({ bool: { filter: { exists: { field: 'bytes' } }, should: { term: { ok: true } } } })).toEqual(['a', 'b', 'c']);
    expect(ids({ bool: { filter: { exists: { field: 'bytes' } }, should: { term: { ok: true } }, minimum_should_match: 1 } })).toEqual(['a']);
    expect(ids({ bool: { should: [{ exists: { field: 'tags' } }, { exists: { field: 'ok' } }, { exists: { field: 'user' } }], minimum_should_match: '-1' } })).toEqual(['a', 'b']);
    expect(ids({ bool: { should: [{ exists: { field: 'tags' } }, { exists: { field: 'ok' } }], minimum_should_match: '100%' } })).toEqual(['a']);
  });

  it('rejects unsupported or malformed queries with ES-shaped 400s', () => {
    const e = err({ query_string: { query: 'x' } });
    expect([e.status, e.type, e.reason]).toEqual([400, 'parsing_exception', 'unknown query [query_string]']);
    expect(err({ term: { a: 1 }, range: {} }).type).toBe('parsing_exception');
    expect(err({ bool: { musts: [] } }).reason).toBe('[bool] query does not support [musts]');
    expect(err({ term: { 'source.ip': 'nope' } }).type).toBe('query_shard_exception');
  });
});
