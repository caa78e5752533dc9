// ES|QL through the REST API with the real executor: storage, catalog resolution, DSL pre-filter and response
// shaping working together, as the rule uses them.
import { Client, errors } from '@elastic/elasticsearch';
import { getTestEs, TestEs } from '../helpers/es_client';

let es: TestEs;
let client: Client;

const now = Date.now();
const ago = (min: number) => new Date(now - min * 60_000).toISOString();

beforeAll(async () => {
  es = await getTestEs();
  client = es.client;
  const ecs = { '@timestamp': { type: 'date' }, 'source.ip': { type: 'ip' }, 'user.name': { type: 'keyword' }, 'event.outcome': { type: 'keyword' }, 'event.dataset': { type: 'keyword' } } as const;
  await client.indices.create({ index: 'logs-azure.signinlogs-default', mappings: { properties: ecs } });
  await client.indices.create({ index: '.alerts-security.alerts-default', mappings: { properties: { ...ecs, 'kibana.alert.severity': { type: 'keyword' } } } });
  await client.indices.create({ index: 'logs-raw-default', mappings: { properties: { 'source.ip': { type: 'keyword' } } } });
  await client.bulk({
    refresh: 'wait_for',
    operations: [
      { index: { _index: 'logs-azure.signinlogs-default', _id: 's1' } }, { '@timestamp': ago(10), source: { ip: '203.0.113.5' }, user: { name: 'alice' }, event: { outcome: 'success', dataset: 'azure.signinlogs' } },
      { index: { _index: 'logs-azure.signinlogs-default', _id: 's2' } }, { '@timestamp': ago(20), 'source.ip': '203.0.113.5', 'user.name': 'bob', 'event.outcome': 'failure', 'event.dataset': 'azure.signinlogs' },
      { index: { _index: 'logs-azure.signinlogs-default', _id: 's3' } }, { '@timestamp': ago(600), source: { ip: '198.51.100.7' }, user: { name: 'carol' }, event: { outcome: 'success', dataset: 'azure.signinlogs' } },
      { index: { _index: 'logs-azure.signinlogs-default', _id: 's4' } }, { '@timestamp': ago(5), source: { ip: '10.1.2.3' }, user: { name: 'dave' }, event: { outcome: 'success', dataset: 'azure.signinlogs' } },
      { index: { _index: '.alerts-security.alerts-default', _id: 'a1' } }, { '@timestamp': ago(30), source: { ip: '203.0.113.5' }, kibana: { alert: { severity: 'high' } } },
      { index: { _index: '.alerts-security.alerts-default', _id: 'a2' } }, { '@timestamp': ago(40), source: { ip: '198.51.100.7' }, kibana: { alert: { severity: 'low' } } },
      { index: { _index: 'logs-raw-default', _id: 'r1' } }, { source: { ip: 'not-validated-keyword' } },
    ],
  });
});
afterAll(async () => {
  await es.close();
});

async function responseError(p: Promise<unknown>): Promise<errors.ResponseError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof errors.ResponseError) return e;
    throw e;
  }
  throw new Error('expected a ResponseError');
}

describe('ES|QL over the engine', () => {
  it('correlates sign-ins and alerts by source.ip with a time-range filter, params and METADATA', async () => {
    const res = await client.esql.query({
      query: [
        'FROM logs-azure.signinlogs-*, .alerts-security.alerts-*, nothing-here-* METADATA _index',
        '| EVAL is_signin = _index LIKE "logs-azure*" AND event.outcome == ?outcome, is_alert = _index LIKE ".alerts*"',
        '| STATS signins = COUNT(*) WHERE is_signin, alerts = COUNT(*) WHERE is_alert, users = VALUES(user.name) BY source.ip',
        '| WHERE signins > 0 AND alerts > 0',
        '| SORT source.ip',
      ].join('\n'),
      // named params: Elasticsearch takes [{name: value}]; the 9.3 client types params as FieldValue[]
      params: [{ outcome: 'success' }] as never,
      filter: {
        bool: {
          filter: [{ range: { '@timestamp': { gte: 'now-1h', format: 'strict_date_optional_time' } } }],
          must_not: [{ terms: { 'source.ip': ['10.0.0.0/8'] } }],
        },
      },
    });
    expect(res.columns).toEqual([
      { name: 'signins', type: 'long' },
      { name: 'alerts', type: 'long' },
      { name: 'users', type: 'keyword' },
      { name: 'source.ip', type: 'ip' },
    ]);
    expect(res.values).toEqual([[1, 1, ['alice', 'bob'], '203.0.113.5']]);
  });

  it('adds the implicit LIMIT warning, columnar output and drop_null_columns', async () => {
    const res = await client.esql.query(
      { query: 'FROM logs-azure.signinlogs-* METADATA _id | KEEP _id, user.name, event.* | SORT _id', columnar: true, drop_null_columns: true, filter: { term: { 'event.outcome': 'failure' } } },
      { meta: true }
    );
    expect(res.warnings).toEqual(['299 Elasticsearch-9.2.0 "No limit defined, adding default limit of [1000]"']);
    expect(res.body.columns.map((c) => c.name)).toEqual(['_id', 'user.name', 'event.dataset', 'event.outcome']);
    expect(res.body.values).toEqual([['s2'], ['bob'], ['azure.signinlogs'], ['failure']]);
    expect(res.body.all_columns!.map((c) => c.name)).toEqual(['_id', 'user.name', 'event.dataset', 'event.outcome']);
  });

  it('reports unknown indices and conflicting field types with verification_exception', async () => {
    const missing = await responseError(client.esql.query({ query: 'FROM logs-nope-*' }));
    expect(missing.statusCode).toBe(400);
    expect(missing.body.error.type).toBe('verification_exception');
    expect(missing.body.error.reason).toContain('Unknown index [logs-nope-*]');
    const concrete = await responseError(client.esql.query({ query: 'FROM logs-azure.signinlogs-default, missing-index' }));
    expect(concrete.body.error.reason).toContain('Unknown index [missing-index]');
    const conflict = await responseError(client.esql.query({ query: 'FROM logs-* | WHERE source.ip IS NOT NULL' }));
    expect(conflict.body.error.type).toBe('verification_exception');
    expect(conflict.body.error.reason).toContain('Cannot use field [source.ip] due to ambiguities being mapped as [2] incompatible types');
  });

  it('hides dot-prefixed indices from plain wildcards', async () => {
    const res = await client.esql.query({ query: 'FROM * METADATA _index | STATS n = COUNT(*) BY _index | SORT _index' });
    expect(res.values).toEqual([[4, 'logs-azure.signinlogs-default'], [1, 'logs-raw-default']]);
  });
});
