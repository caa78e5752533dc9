// POST /_query request handling and response shaping (body validation, DSL filter, params, columnar,
// drop_null_columns, Warning headers, error shapes), with a stub executor so only the REST layer is under test.
import { Client, errors } from '@elastic/elasticsearch';
import { startEngine } from '../../standalone/esql';
import { setExecutorForTesting } from '../../standalone/esql/server';
import { Catalog, EsError, EsqlRequest, EsqlResult, readField } from '../../standalone/esql/types';

let engine: Awaited<ReturnType<typeof startEngine>>;
let client: Client;
let lastReq: EsqlRequest | undefined;

/** `FROM <patterns>`: returns _index, _id, n, tag of the (pre-filtered) docs. */
function stubExecutor(req: EsqlRequest, catalog: Catalog): EsqlResult {
  lastReq = req;
  if (req.query === 'BOOM') throw new TypeError("Cannot read properties of undefined (reading 'x')");
  const m = /^FROM\s+(\S+)/i.exec(req.query);
  if (!m) throw new EsError(400, 'parsing_exception', "line 1:1: mismatched input 'x' expecting {'row', 'from', 'show'}");
  const views = catalog.resolve(m[1].split(','));
  const values: unknown[][] = [];
  let found = 0;
  for (const v of views) {
    for (const d of v.docs) {
      found++;
      if (req.filter && !req.filter(d, v.fields)) continue;
      values.push([d._index, d._id, readField(d.source, 'n') ?? null, readField(d.source, 'tag') ?? null, null]);
    }
  }
  return {
    columns: [
      { name: '_index', type: 'keyword' },
      { name: '_id', type: 'keyword' },
      { name: 'n', type: 'long' },
      { name: 'tag', type: 'keyword' },
      { name: 'empty', type: 'null' },
    ],
    values,
    warnings: ['No limit defined, adding default limit of [1000]', 'Line 1:1: "quoted" \\ text'],
    documents_found: found,
    values_loaded: found * 3,
  };
}

beforeAll(async () => {
  setExecutorForTesting(stubExecutor);
  engine = await startEngine();
  client = new Client({ node: engine.url });
  await client.indices.create({ index: 'q-1', mappings: { properties: { '@timestamp': { type: 'date' }, n: { type: 'long' }, tag: { type: 'keyword' } } } });
  await client.bulk({
    refresh: true,
    operations: [
      { index: { _index: 'q-1', _id: 'a' } }, { '@timestamp': '2024-05-01T10:00:00Z', n: 1, tag: 'x' },
      { index: { _index: 'q-1', _id: 'b' } }, { '@timestamp': '2024-05-02T10:00:00Z', n: 2, tag: ['x', 'y'] },
      { index: { _index: 'q-1', _id: 'c' } }, { '@timestamp': '2024-05-03T10:00:00Z', n: 3 },
    ],
  });
});
afterAll(async () => {
  setExecutorForTesting(null);
  await client.close();
  await engine.close();
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

describe('POST /_query', () => {
  it('returns the ES|QL response shape with Warning headers formatted like Elasticsearch', async () => {
    const res = await client.esql.query({ query: 'FROM q-1' }, { meta: true });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatchObject({ is_partial: false, documents_found: 3, values_loaded: 9 });
    expect(typeof res.body.took).toBe('number');
    expect(res.body.columns.map((c) => c.name)).toEqual(['_index', '_id', 'n', 'tag', 'empty']);
    expect(res.body.values).toEqual([
      ['q-1', 'a', 1, 'x', null],
      ['q-1', 'b', 2, ['x', 'y'], null],
      ['q-1', 'c', 3, null, null],
    ]);
    expect(res.warnings).toEqual([
      '299 Elasticsearch-9.2.0 "No limit defined, adding default limit of [1000]"',
      '299 Elasticsearch-9.2.0 "Line 1:1: \\"quoted\\" \\\\ text"',
    ]);
    expect(res.headers['x-elastic-product']).toBe('Elasticsearch');
  });

  it('passes positional and named params through unchanged', async () => {
    await client.esql.query({ query: 'FROM q-1', params: [1, 'two', null, [1, 2]] });
    expect(lastReq!.params).toEqual([1, 'two', null, [1, 2]]);
    await client.esql.query({ query: 'FROM q-1', params: [{ ip: '10.0.0.1' }, { n: { value: 3 } }] as never });
    expect(lastReq!.params).toEqual([{ ip: '10.0.0.1' }, { n: { value: 3 } }]);
  });

  it('compiles the Query DSL filter into a DocFilter', async () => {
    const res = await client.esql.query({
      query: 'FROM q-1',
      filter: { bool: { filter: [{ range: { '@timestamp': { gte: '2024-05-02T00:00:00Z', format: 'strict_date_optional_time' } } }], must_not: [{ term: { tag: 'y' } }] } },
    });
    expect(res.values.map((r) => r[1])).toEqual(['c']);
  });

  it('columnar=true transposes values', async () => {
    const res = await client.esql.query({ query: 'FROM q-1', columnar: true });
    expect(res.values).toEqual([['q-1', 'q-1', 'q-1'], ['a', 'b', 'c'], [1, 2, 3], ['x', ['x', 'y'], null], [null, null, null]]);
  });

  it('drop_null_columns drops all-null columns and lists all_columns', async () => {
    const res = await client.esql.query({ query: 'FROM q-1', drop_null_columns: true, filter: { term: { n: 3 } } });
    expect(res.all_columns!.map((c) => c.name)).toEqual(['_index', '_id', 'n', 'tag', 'empty']);
    expect(res.columns.map((c) => c.name)).toEqual(['_index', '_id', 'n']);
    expect(res.values).toEqual([['q-1', 'c', 3]]);
  });

  it('returns executor errors in the ES error shape', async () => {
    const e = await responseError(client.esql.query({ query: 'FROM nope' }));
    expect(e.statusCode).toBe(400);
    expect(e.body.error.type).toBe('verification_exception');
    expect(e.body.error.reason).toMatch(/Unknown index \[nope\]/);
    expect(e.body.error.root_cause[0].type).toBe('verification_exception');
  });

  it('rejects bad requests with 400s', async () => {
    const unknownQuery = await responseError(client.esql.query({ query: 'FROM q-1', filter: { nope: {} } as never }));
    expect([unknownQuery.statusCode, unknownQuery.body.error.type, unknownQuery.body.error.reason]).toEqual([400, 'parsing_exception', 'unknown query [nope]']);
    const csv = await responseError(client.esql.query({ query: 'FROM q-1', format: 'csv' }));
    expect(csv.statusCode).toBe(400);
    const noQuery = await responseError(client.transport.request({ method: 'POST', path: '/_query', body: { params: [] } }));
    expect(noQuery.statusCode).toBe(400);
    const unknownField = await responseError(client.transport.request({ method: 'POST', path: '/_query', body: { query: 'FROM q-1', bogus: 1 } }));
    expect([unknownField.statusCode, unknownField.body.error.type]).toEqual([400, 'x_content_parse_exception']);
    const badParams = await responseError(client.transport.request({ method: 'POST', path: '/_query', body: { query: 'FROM q-1', params: 'x' } }));
    expect(badParams.statusCode).toBe(400);
  });

  it('turns an unexpected executor failure into an ES-shaped 500 without a stack trace', async () => {
    const e = await responseError(client.esql.query({ query: 'BOOM' }, { maxRetries: 0 }));
    expect(e.statusCode).toBe(500);
    expect(e.body).toEqual({
      error: {
        root_cause: [{ type: 'exception', reason: "Cannot read properties of undefined (reading 'x')" }],
        type: 'exception',
        reason: "Cannot read properties of undefined (reading 'x')",
      },
      status: 500,
    });
  });

  it('supports the async API synchronously (keep_on_completion keeps results)', async () => {
    const res = await client.esql.asyncQuery({ query: 'FROM q-1', keep_on_completion: true });
    expect(res.is_running).toBe(false);
    expect(res.id).toBeDefined();
    const again = await client.esql.asyncQueryGet({ id: res.id! });
    expect(again.values).toHaveLength(3);
    await client.esql.asyncQueryDelete({ id: res.id! });
    expect((await responseError(client.esql.asyncQueryGet({ id: res.id! }))).statusCode).toBe(404);
  });
});
