// Hardening of the embedded engine's REST layer, each case pinned to what Elasticsearch does.
import http from 'http';
import zlib from 'zlib';
import { Client } from '@elastic/elasticsearch';
import { Engine, startEngine } from '../index';
import { AsyncResults, parseKeepAlive } from './async_results';

let engine: Engine;
let small: Engine;
const SMALL_LIMIT = 4096;

beforeAll(async () => {
  engine = await startEngine();
  small = await startEngine({ maxContentLength: SMALL_LIMIT });
});
afterAll(async () => {
  await engine.close();
  await small.close();
});

async function call(method: string, path: string, body?: string, headers: Record<string, string> = { 'content-type': 'application/json' }, base = engine.url) {
  const res = await fetch(base + path, { method, body, headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text ? JSON.parse(text) : undefined };
}

function prototypeIsClean(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(Object.getOwnPropertyNames(Object.prototype).filter((k) => ['polluted', 'properties', 'type'].includes(k))).toEqual([]);
}

describe('field names that are Object.prototype members', () => {
  // ES keeps _source as a JSON map: `__proto__`, `constructor`, `prototype` are ordinary field names, mapped and
  // returned like any other (DocumentParser has no special case for them).
  it('indexes, updates and maps __proto__ / constructor.prototype as data and never touches Object.prototype', async () => {
    const put = await call('PUT', '/proto/_doc/1', '{"__proto__":{"polluted":1},"x":1}');
    expect(put.status).toBe(201);
    prototypeIsClean();
    expect((await call('GET', '/proto/_doc/1')).json._source).toEqual(JSON.parse('{"__proto__":{"polluted":1},"x":1}'));
    expect((await call('GET', '/proto/_doc/1')).text).toContain('"_source":{"__proto__":{"polluted":1},"x":1}');

    // _update merges `doc` into a source that has no __proto__ key yet: must create the field, not merge into a prototype.
    await call('PUT', '/proto/_doc/2', '{"y":1}');
    const upd = await call('POST', '/proto/_update/2', '{"doc":{"__proto__":{"polluted":2},"z":{"__proto__":{"polluted":3}}}}');
    expect(upd.status).toBe(200);
    prototypeIsClean();
    expect((await call('GET', '/proto/_source/2')).text).toBe('{"y":1,"__proto__":{"polluted":2},"z":{"__proto__":{"polluted":3}}}');

    const bulk = await call('POST', '/_bulk', '{"index":{"_index":"proto","_id":"3"}}\n{"constructor":{"prototype":{"polluted":4}},"a.__proto__.polluted":5}\n', { 'content-type': 'application/x-ndjson' });
    expect(bulk.json.errors).toBe(false);
    prototypeIsClean();

    const mapping = await call('PUT', '/proto/_mapping', '{"properties":{"__proto__":{"properties":{"type":{"type":"keyword"}}},"toString":{"type":"keyword"}}}');
    expect(mapping.status).toBe(200);
    const created = await call('PUT', '/proto2', '{"mappings":{"properties":{"__proto__.polluted":{"type":"keyword"},"constructor":{"type":"long"}}}}');
    expect(created.status).toBe(200);
    prototypeIsClean();

    const m = (await call('GET', '/proto/_mapping')).json.proto.mappings.properties;
    expect(Object.keys(m).sort()).toEqual(['__proto__', 'a', 'constructor', 'toString', 'x', 'y', 'z']);
    expect(Object.getOwnPropertyDescriptor(m, '__proto__')!.value).toEqual({ properties: { polluted: { type: 'long' }, type: { type: 'keyword' } } });
    expect(m.constructor).toEqual({ properties: { prototype: { properties: { polluted: { type: 'long' } } } } });
    expect((await call('GET', '/proto2/_mapping')).json.proto2.mappings.properties.constructor).toEqual({ type: 'long' });

    // The fields are queryable like any other, and a doc without them reads null (not Object's own members).
    const q = await call('POST', '/_query', JSON.stringify({ query: 'FROM proto METADATA _id | SORT _id | KEEP _id, `__proto__.polluted`, `constructor.prototype.polluted`, `a.__proto__.polluted` | LIMIT 10' }));
    expect(q.json.values).toEqual([['1', 1, null, null], ['2', 2, null, null], ['3', null, 4, 5]]);
    const s = await call('POST', '/proto/_search', JSON.stringify({ query: { term: { 'constructor.prototype.polluted': 4 } }, _source: ['constructor.*'] }));
    expect(s.json.hits.hits.map((h: { _id: string; _source: unknown }) => [h._id, h._source])).toEqual([['3', { constructor: { prototype: { polluted: 4 } } }]]);
    expect((await call('POST', '/proto/_count', JSON.stringify({ query: { exists: { field: 'constructor' } } }))).json.count).toBe(1);
    prototypeIsClean();
  });

  it('keeps ids and aliases named like Object members apart from prototypes', async () => {
    expect((await call('PUT', '/ids/_doc/__proto__', '{"a":1}')).status).toBe(201);
    expect((await call('PUT', '/ids/_doc/constructor', '{"a":2}')).status).toBe(201);
    expect((await call('GET', '/ids/_doc/__proto__')).json._source).toEqual({ a: 1 });
    expect((await call('GET', '/ids/_doc/toString')).json).toEqual({ _index: 'ids', _id: 'toString', found: false });
    // MetadataCreateIndexService.validateIndexOrAliasName: aliases must not start with '_', '-' or '+'.
    const bad = await call('PUT', '/ids/_alias/__proto__');
    expect([bad.status, bad.json.error.type, bad.json.error.reason]).toEqual([400, 'invalid_alias_name_exception', "Invalid alias name [__proto__]: must not start with '_', '-', or '+'"]);
    expect((await call('PUT', '/ids/_alias/constructor')).status).toBe(200);
    expect((await call('GET', '/ids/_alias')).json).toEqual({ ids: { aliases: { constructor: {} } } });
    expect((await call('GET', '/constructor/_count')).json.count).toBe(2);
    expect((await call('DELETE', '/ids/_alias/toString')).status).toBe(404);
    expect((await call('DELETE', '/ids/_alias/constructor')).status).toBe(200);
    prototypeIsClean();
  });

  it('treats an ES|QL function named like an Object member as unknown (verification error, not a crash)', async () => {
    const r = await call('POST', '/_query', JSON.stringify({ query: 'ROW x = constructor(1)' }));
    expect(r.status).toBe(400);
    expect(r.json.error.reason).toBe('Found 1 problem\nline 1:9: Unknown function [constructor]');
  });
});

// server/src/main/java/org/elasticsearch/rest/RestController.java: dispatchRequest refuses a body whose Content-Type is
// CORS-safelisted or not a registered XContentType (sendContentTypeErrorMessage -> createSimpleErrorResponse 406).
describe('Content-Type checks (RestController.dispatchRequest / isContentTypeDisallowed)', () => {
  beforeAll(async () => {
    await call('PUT', '/ct/_doc/1?refresh=true', '{"a":1}');
  });

  it('refuses CORS-safelisted types with 406 {"error":"Content-Type header [..] is not supported","status":406}', async () => {
    const bulk = await call('POST', '/_bulk', '{"index":{"_index":"ct"}}\n{"a":2}\n', { 'content-type': 'text/plain' });
    expect(bulk.status).toBe(406);
    expect(bulk.json).toEqual({ error: 'Content-Type header [text/plain] is not supported', status: 406 });
    const dbq = await call('POST', '/ct/_delete_by_query', '{"query":{"match_all":{}}}', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(dbq.json).toEqual({ error: 'Content-Type header [application/x-www-form-urlencoded] is not supported', status: 406 });
    const form = await call('POST', '/ct/_delete_by_query', '{"query":{"match_all":{}}}', { 'content-type': 'multipart/form-data; boundary=x' });
    expect(form.status).toBe(406);
    // Nothing was written or deleted.
    expect((await call('GET', '/ct/_count')).json.count).toBe(1);
  });

  it('answers "Content-Type header is missing" for a body without one, and lets bodiless requests through', async () => {
    const res = await fetch(`${engine.url}/ct/_search`, { method: 'POST', body: new Uint8Array(Buffer.from('{"query":{"match_all":{}}}')) });
    expect(res.status).toBe(406);
    expect(await res.json()).toEqual({ error: 'Content-Type header is missing', status: 406 });
    const get = await fetch(`${engine.url}/ct/_count`);
    expect(get.status).toBe(200);
  });

  it('refuses formats the engine does not parse (yaml/cbor/smile) and unknown types', async () => {
    for (const type of ['application/yaml', 'application/cbor', 'application/smile', 'application/xml']) {
      const r = await call('POST', '/ct/_count', '{}', { 'content-type': type });
      expect(r.json).toEqual({ error: `Content-Type header [${type}] is not supported`, status: 406 });
    }
  });

  it('accepts JSON, NDJSON, application/* and the compatible-with vendor types for 8 and 9', async () => {
    for (const type of ['application/json', 'application/json; charset=UTF-8', 'application/x-ndjson', 'application/*',
      'application/vnd.elasticsearch+json;compatible-with=9', 'application/vnd.elasticsearch+json; compatible-with=8']) {
      const r = await call('POST', '/ct/_count', '{"query":{"match_all":{}}}', { 'content-type': type });
      expect([type, r.status]).toEqual([type, 200]);
    }
    const b = await call('POST', '/_bulk', '{"index":{"_index":"ct","_id":"v"}}\n{"a":3}\n', { 'content-type': 'application/vnd.elasticsearch+x-ndjson;compatible-with=9' });
    expect(b.json.errors).toBe(false);
  });

  it('rejects an unsupported compatible-with version like RestCompatibleVersionHelper', async () => {
    const type = 'application/vnd.elasticsearch+json;compatible-with=7';
    const r = await call('POST', '/ct/_count', '{}', { 'content-type': type });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ type: 'status_exception', reason: `Content-Type version must be either version 9 or 8, but found 7. Content-Type=${type}` });
    const noVersion = await call('POST', '/ct/_count', '{}', { 'content-type': 'application/vnd.elasticsearch+json' });
    expect(noVersion.status).toBe(406);
  });

  it('keeps working for the official client (vendor media types with compatible-with)', async () => {
    const client = new Client({ node: engine.url });
    try {
      await client.bulk({ refresh: true, operations: [{ index: { _index: 'ct', _id: 'c1' } }, { a: 9 }] });
      expect((await client.count({ index: 'ct', query: { term: { a: 9 } } })).count).toBe(1);
      const q = await client.esql.query({ query: 'FROM ct | WHERE a == 9 | KEEP a' });
      expect(q.values).toEqual([[9]]);
    } finally {
      await client.close();
    }
  });
});

/** Raw HTTP so the test sees the 413 and the connection header exactly as sent. */
function rawRequest(base: string, path: string, body: Buffer, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(base + path, { method: 'POST', headers: { 'content-length': String(body.length), ...headers } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

// modules/transport-netty4/.../Netty4HttpContentSizeHandler.java: TOO_LARGE_CLOSE = 413, empty body, Content-Length 0,
// Connection: close; the limit is http.max_content_length (HttpTransportSettings, default 100mb), checked after the
// content decompressor, i.e. on the inflated size.
describe('http.max_content_length (Netty4HttpContentSizeHandler)', () => {
  it('answers 413 with an empty body and Connection: close when the body is larger than the limit', async () => {
    const body = Buffer.from(JSON.stringify({ query: { match_all: {} }, pad: 'x'.repeat(SMALL_LIMIT) }));
    const r = await rawRequest(small.url, '/_count', body, { 'content-type': 'application/json' });
    expect(r.status).toBe(413);
    expect(r.body).toBe('');
    expect(r.headers['content-length']).toBe('0');
    expect(r.headers.connection).toBe('close');
    // At the limit it is served.
    const ok = await call('POST', '/_count', '{"query":{"match_all":{}}}', undefined, small.url);
    expect(ok.status).toBe(200);
  });

  it('counts a chunked body (no Content-Length) as it arrives', async () => {
    const r = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(small.url + '/_count', { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      });
      req.on('error', reject);
      req.write('{"query":{"match_all":{}}');
      req.write(' '.repeat(SMALL_LIMIT));
      req.end('}');
    });
    expect(r).toEqual({ status: 413, body: '' });
  });

  it('applies the limit to the inflated size, so a small gzip/deflate bomb is refused without inflating it', async () => {
    // 2 MiB of JSON whitespace compresses to ~2 KiB: under the wire limit, 500x over it once inflated.
    const gzBomb = zlib.gzipSync(Buffer.concat([Buffer.from('{"a":1'), Buffer.alloc(2 * 1024 * 1024, 0x20), Buffer.from('}')]));
    expect(gzBomb.length).toBeLessThan(SMALL_LIMIT);
    const r = await rawRequest(small.url, '/_count', gzBomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(r.status).toBe(413);
    const deflated = zlib.deflateSync(Buffer.concat([Buffer.from('{"a":1'), Buffer.alloc(2 * 1024 * 1024, 0x20), Buffer.from('}')]));
    expect((await rawRequest(small.url, '/_count', deflated, { 'content-type': 'application/json', 'content-encoding': 'deflate' })).status).toBe(413);
    // A compressed body whose inflated size is within the limit is served.
    const fine = zlib.gzipSync(Buffer.from('{"query":{"match_all":{}}}'));
    const ok = await rawRequest(small.url, '/_count', fine, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect([ok.status, JSON.parse(ok.body).count]).toEqual([200, 0]);
  });

  it('answers a corrupt compressed body with a 400, not a crash', async () => {
    const r = await rawRequest(small.url, '/_count', Buffer.from('not gzip at all'), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error.type).toBe('illegal_argument_exception');
  });

  it('defaults to ES 100mb', async () => {
    const { DEFAULT_MAX_CONTENT_LENGTH } = await import('./http');
    expect(DEFAULT_MAX_CONTENT_LENGTH).toBe(100 * 1024 * 1024);
  });
});

// x-pack/plugin/esql/src/main/java/org/elasticsearch/xpack/esql/action/EsqlQueryRequest.java: DEFAULT_KEEP_ALIVE = 5d;
// an expired or unknown id is ResourceNotFoundException(<id>) (404) from the async-results service.
describe('kept async ES|QL results', () => {
  it('expire after keep_alive with resource_not_found_exception, and DELETE removes them', async () => {
    // kept for the default 5d: readable; with 1ms: gone once that passed (no race with a slow machine either way)
    const live = await call('POST', '/_query/async', JSON.stringify({ query: 'ROW a = 1', keep_on_completion: true }));
    expect((await call('GET', `/_query/async/${live.json.id as string}`)).json.values).toEqual([[1]]);
    const sub = await call('POST', '/_query/async', JSON.stringify({ query: 'ROW a = 1', keep_on_completion: true, keep_alive: '1ms' }));
    expect(sub.status).toBe(200);
    const id = sub.json.id as string;
    await new Promise((r) => setTimeout(r, 50));
    const gone = await call('GET', `/_query/async/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.json).toEqual({ error: { root_cause: [{ type: 'resource_not_found_exception', reason: id }], type: 'resource_not_found_exception', reason: id }, status: 404 });

    const kept = await call('POST', '/_query/async', JSON.stringify({ query: 'ROW a = 2', keep_on_completion: true }));
    const id2 = kept.json.id as string;
    expect((await call('DELETE', `/_query/async/${id2}`)).json).toEqual({ acknowledged: true });
    expect((await call('GET', `/_query/async/${id2}`)).status).toBe(404);
    expect((await call('DELETE', `/_query/async/${id2}`)).status).toBe(404);
  });

  it('rejects an unparsable keep_alive before running the query', async () => {
    const r = await call('POST', '/_query/async', JSON.stringify({ query: 'ROW a = 1', keep_on_completion: true, keep_alive: 'forever' }));
    expect(r.status).toBe(400);
    expect(r.json.error.reason).toBe('failed to parse setting [keep_alive] with value [forever] as a time value: unit is missing or unrecognized');
  });

  it('defaults to 5d, extends on GET keep_alive, and caps the number kept (oldest dropped first)', () => {
    let t = 0;
    const store = new AsyncResults(2, () => t);
    store.set('a', { v: 1 });
    t = 5 * 86_400_000 - 1;
    expect(store.get('a')).toEqual({ v: 1 });
    t += 1;
    expect(store.get('a')).toBeUndefined();
    store.set('b', { v: 2 }, 1000);
    expect(store.get('b', 10_000)).toEqual({ v: 2 });
    t += 5000;
    expect(store.get('b')).toEqual({ v: 2 });
    store.set('c', { v: 3 });
    store.set('d', { v: 4 });
    expect(store.size).toBe(2);
    expect(store.get('b')).toBeUndefined();
    expect(store.get('d')).toEqual({ v: 4 });
    expect(parseKeepAlive('5d')).toBe(432_000_000);
    expect(parseKeepAlive('1m')).toBe(60_000);
    expect(parseKeepAlive('250ms')).toBe(250);
  });
});
