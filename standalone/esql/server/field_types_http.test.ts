// The REST view of exact longs and date_nanos: ES writes a long's exact digits in the `_query` JSON response.
import { Engine, startEngine } from '../index';

let engine: Engine;
beforeAll(async () => {
  engine = await startEngine();
});
afterAll(async () => {
  await engine.close();
});

async function call(method: string, path: string, body?: string, contentType = 'application/json') {
  const res = await fetch(engine.url + path, { method, body, headers: { 'content-type': contentType } });
  return { status: res.status, text: await res.text() };
}

it('writes longs beyond 2^53 with their exact digits (_query and _source), constant_keyword and date_nanos as Elasticsearch', async () => {
  const mappings = { properties: { c: { type: 'constant_keyword', value: 'foo' }, n: { type: 'long' }, d: { type: 'date_nanos' } } };
  expect((await call('PUT', '/ck', JSON.stringify({ mappings }))).status).toBe(200);
  const doc = '{"n":9007199254740993,"d":"2024-01-01T00:00:00.123456789Z"}';
  expect((await call('PUT', '/ck/_doc/1', doc)).status).toBe(201);
  expect((await call('POST', '/_bulk', `{"index":{"_index":"ck","_id":"2"}}\n{"n":-9223372036854775808,"d":"2024-01-01T00:00:00Z"}\n`, 'application/x-ndjson')).status).toBe(200);
  const res = await call('POST', '/_query', JSON.stringify({ query: 'FROM ck | SORT n DESC | KEEP c, n, d' }));
  expect(res.status).toBe(200);
  expect(res.text).toContain('"values":[["foo",9007199254740993,"2024-01-01T00:00:00.123456789Z"],["foo",-9223372036854775808,"2024-01-01T00:00:00.000Z"]]');
  expect(res.text).toContain('"columns":[{"name":"c","type":"keyword"},{"name":"n","type":"long"},{"name":"d","type":"date_nanos"}]');
  // A query parameter past 2^53 is an exact long too.
  const p = await call('POST', '/_query', '{"query":"FROM ck | WHERE n == ? | KEEP n","params":[9007199254740993]}');
  expect(p.text).toContain('"values":[[9007199254740993]]');
  // _source keeps the exact digits too (ES returns the indexed bytes), in GET and _search.
  const got = await call('GET', '/ck/_doc/1');
  expect(got.text).toContain('"_source":{"n":9007199254740993,"d":"2024-01-01T00:00:00.123456789Z"}');
  const hits = await call('POST', '/ck/_search', JSON.stringify({ query: { ids: { values: ['1'] } } }));
  expect(hits.text).toContain('"_source":{"n":9007199254740993,"d":"2024-01-01T00:00:00.123456789Z"}');
  // A partial update keeps the other big value exact.
  expect((await call('POST', '/ck/_update/1', JSON.stringify({ doc: { x: 1 } }))).status).toBe(200);
  expect((await call('GET', '/ck/_doc/1')).text).toContain('"_source":{"n":9007199254740993,"d":"2024-01-01T00:00:00.123456789Z","x":1}');
});
