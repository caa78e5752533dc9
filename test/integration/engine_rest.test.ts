// The embedded engine's REST surface, driven through the official client like production code.
import { Client, errors } from '@elastic/elasticsearch';
import { getTestEs, TestEs } from '../helpers/es_client';

let es: TestEs;
let client: Client;

beforeAll(async () => {
  es = await getTestEs();
  client = es.client;
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

async function raw(method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  const res = await fetch(es.url + path, { method, body, headers: { 'content-type': 'application/json', ...headers } });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text ? JSON.parse(text) : undefined };
}

describe('cluster info', () => {
  it('GET / answers like Elasticsearch 9 with the product header', async () => {
    const res = await client.info({}, { meta: true });
    expect(res.headers['x-elastic-product']).toBe('Elasticsearch');
    expect(res.body.version.number).toMatch(/^9\.\d+\.\d+$/);
    expect(res.body.tagline).toBe('You Know, for Search');
    expect(await client.ping()).toBe(true);
  });
});

describe('indices and mappings', () => {
  it('creates indices from object and dotted mappings and returns them in object form', async () => {
    expect(await client.indices.create({
      index: 'm-object',
      mappings: { properties: { source: { properties: { ip: { type: 'ip' } } }, message: { type: 'text', fields: { keyword: { type: 'keyword' } } } } },
    })).toEqual({ acknowledged: true, shards_acknowledged: true, index: 'm-object' });
    await client.indices.create({ index: 'm-dotted', mappings: { properties: { 'source.ip': { type: 'ip' } } } });
    const m = await client.indices.getMapping({ index: 'm-*' });
    expect(m['m-dotted'].mappings).toEqual({ properties: { source: { properties: { ip: { type: 'ip' } } } } });
    expect(m['m-object'].mappings.properties!.message).toEqual({ type: 'text', fields: { keyword: { type: 'keyword' } } });
    expect(await client.indices.exists({ index: 'm-dotted' })).toBe(true);
    expect(await client.indices.exists({ index: 'm-nope' })).toBe(false);
    const got = await client.indices.get({ index: 'm-dotted' });
    expect(got['m-dotted'].settings!.index!.number_of_shards).toBe('1');
  });

  it('rejects duplicates, bad names and bad mappings with ES errors', async () => {
    const dup = await responseError(client.indices.create({ index: 'm-object' }));
    expect(dup.statusCode).toBe(400);
    expect(dup.body.error.type).toBe('resource_already_exists_exception');
    const bad = await responseError(client.indices.create({ index: 'Bad' }));
    expect(bad.body.error).toMatchObject({ type: 'invalid_index_name_exception', reason: 'Invalid index name [Bad], must be lowercase' });
    const map = await responseError(client.indices.create({ index: 'm-bad', mappings: { properties: { a: { type: 'nope' as never } } } }));
    expect(map.body.error.type).toBe('mapper_parsing_exception');
    expect(map.body.error.root_cause[0].type).toBe('mapper_parsing_exception');
  });

  it('returns index_not_found_exception 404 for missing indices', async () => {
    const e = await responseError(client.indices.getMapping({ index: 'missing' }));
    expect(e.statusCode).toBe(404);
    expect(e.body).toEqual({
      error: {
        root_cause: [{ type: 'index_not_found_exception', reason: 'no such index [missing]', 'resource.type': 'index_or_alias', 'resource.id': 'missing', index_uuid: '_na_', index: 'missing' }],
        type: 'index_not_found_exception', reason: 'no such index [missing]', 'resource.type': 'index_or_alias', 'resource.id': 'missing', index_uuid: '_na_', index: 'missing',
      },
      status: 404,
    });
    expect(await client.indices.getMapping({ index: 'missing*' })).toEqual({});
  });

  it('deletes indices', async () => {
    await client.indices.create({ index: 'to-delete' });
    expect(await client.indices.delete({ index: 'to-delete' })).toEqual({ acknowledged: true });
    expect((await responseError(client.indices.delete({ index: 'to-delete' }))).statusCode).toBe(404);
  });

  it('supports aliases for reads and writes', async () => {
    await client.indices.create({ index: 'alias-backing-1', aliases: { 'alias-w': { is_write_index: true } } });
    await client.index({ index: 'alias-w', id: 'x', document: { a: 1 }, refresh: true });
    expect((await client.get({ index: 'alias-backing-1', id: 'x' }))._source).toEqual({ a: 1 });
    expect(await client.indices.existsAlias({ name: 'alias-w' })).toBe(true);
    expect((await client.count({ index: 'alias-w' })).count).toBe(1);
  });
});

describe('documents and bulk', () => {
  beforeAll(async () => {
    await client.indices.create({
      index: 'docs',
      mappings: { properties: { '@timestamp': { type: 'date' }, source: { properties: { ip: { type: 'ip' } } }, 'user.name': { type: 'keyword' }, bytes: { type: 'long' } } },
    });
  });

  it('indexes, gets, overwrites and deletes single documents', async () => {
    const created = await client.index({ index: 'docs', id: '1', document: { 'user.name': 'alice', source: { ip: '10.0.0.1' } } });
    expect(created).toMatchObject({ _index: 'docs', _id: '1', _version: 1, result: 'created', _primary_term: 1 });
    const updated = await client.index({ index: 'docs', id: '1', document: { 'user.name': 'alice2' } });
    expect(updated).toMatchObject({ _version: 2, result: 'updated' });
    const auto = await client.index({ index: 'docs', document: { 'user.name': 'carol' } });
    expect(auto._id).toMatch(/^[\w-]{20}$/);
    expect(await client.get({ index: 'docs', id: '1' })).toMatchObject({ found: true, _version: 2, _source: { 'user.name': 'alice2' } });
    const missing = await responseError(client.get({ index: 'docs', id: 'nope' }));
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toEqual({ _index: 'docs', _id: 'nope', found: false });
    expect(await client.delete({ index: 'docs', id: auto._id })).toMatchObject({ result: 'deleted', _version: 2 });
    const conflict = await responseError(client.create({ index: 'docs', id: '1', document: { a: 1 } }));
    expect([conflict.statusCode, conflict.body.error.type]).toEqual([409, 'version_conflict_engine_exception']);
  });

  it('returns per-item results and errors from _bulk', async () => {
    const res = await client.bulk({
      operations: [
        { index: { _index: 'docs', _id: 'b1' } }, { '@timestamp': '2024-05-01T00:00:00Z', source: { ip: '10.1.1.1' }, bytes: 5 },
        { create: { _index: 'docs', _id: 'b2' } }, { '@timestamp': 1714521600000, source: { ip: 'not-an-ip' } },
        { create: { _index: 'docs', _id: 'b1' } }, { bytes: 1 },
        { index: { _index: 'docs' } }, { bytes: 'many' },
        { delete: { _index: 'docs', _id: 'nope' } },
        { delete: { _index: 'docs', _id: 'b1' } },
        { index: { _index: 'auto-created', _id: 'z' } }, { msg: 'hello', when: '2024-05-01T00:00:00Z' },
        { update: { _index: 'docs', _id: '1' } }, { doc: { bytes: 7 } },
      ],
    });
    expect(res.errors).toBe(true);
    const items = res.items.map((it) => Object.entries(it)[0]);
    expect(items.map(([action, r]) => [action, r.status, r.result ?? r.error?.type])).toEqual([
      ['index', 201, 'created'],
      ['create', 400, 'document_parsing_exception'],
      ['create', 409, 'version_conflict_engine_exception'],
      ['index', 400, 'document_parsing_exception'],
      ['delete', 404, 'not_found'],
      ['delete', 200, 'deleted'],
      ['index', 201, 'created'],
      ['update', 200, 'updated'],
    ]);
    expect(items[1][1].error).toEqual({
      type: 'document_parsing_exception',
      reason: "failed to parse field [source.ip] of type [ip] in document with id 'b2'. Preview of field's value: 'not-an-ip'",
      caused_by: { type: 'illegal_argument_exception', reason: "'not-an-ip' is not an IP string literal." },
    });
    const auto = await client.indices.getMapping({ index: 'auto-created' });
    expect(auto['auto-created'].mappings.properties).toEqual({
      msg: { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 256 } } },
      when: { type: 'date' },
    });
    expect((await client.get({ index: 'docs', id: '1' }))._source).toEqual({ 'user.name': 'alice2', bytes: 7 });
    const ok = await client.bulk({ index: 'docs', refresh: 'wait_for', operations: [{ index: { _id: 'c1' } }, { bytes: 1 }] });
    expect(ok.errors).toBe(false);
  });

  it('rejects malformed bulk bodies as a whole', async () => {
    const r = await raw('POST', '/_bulk', '{"foo":{"_index":"docs"}}\n{}\n', { 'content-type': 'application/x-ndjson' });
    expect(r.status).toBe(400);
    expect(r.json.error.type).toBe('illegal_argument_exception');
    expect(r.json.error.reason).toBe('Malformed action/metadata line [1], expected one of [create, delete, index, update] but found [foo]');
    const noIndex = await raw('POST', '/_bulk', '{"index":{}}\n{}\n', { 'content-type': 'application/x-ndjson' });
    expect(noIndex.json.error.reason).toBe('Validation Failed: 1: index is missing;');
  });
});

describe('search, count, field caps, cat, refresh', () => {
  beforeAll(async () => {
    await client.indices.create({ index: 'sr-1', mappings: { properties: { 'source.ip': { type: 'ip' }, n: { type: 'long' }, tag: { type: 'keyword' } } } });
    await client.indices.create({ index: 'sr-2', mappings: { properties: { 'source.ip': { type: 'keyword' }, n: { type: 'long' } } } });
    await client.indices.create({ index: '.sr-hidden' });
    await client.bulk({
      refresh: true,
      operations: [
        { index: { _index: 'sr-1', _id: 'a' } }, { source: { ip: '10.0.0.1' }, n: 3, tag: ['x', 'y'] },
        { index: { _index: 'sr-1', _id: 'b' } }, { source: { ip: '10.0.0.2' }, n: 1, tag: 'z' },
        { index: { _index: 'sr-2', _id: 'c' } }, { source: { ip: '10.0.0.1' }, n: 2 },
        { index: { _index: '.sr-hidden', _id: 'h' } }, { n: 9 },
      ],
    });
  });

  it('_search with terms, sort, size and _source filtering', async () => {
    const res = await client.search({ index: 'sr-*', query: { terms: { tag: ['y', 'z'] } }, sort: [{ n: 'desc' }], _source: ['n'] });
    expect(res.hits.total).toEqual({ value: 2, relation: 'eq' });
    expect(res.hits.hits.map((h) => [h._id, h._source, h.sort])).toEqual([['a', { n: 3 }, [3]], ['b', { n: 1 }, [1]]]);
    const all = await client.search({ index: 'sr-1,sr-2', size: 1, sort: 'n' });
    expect(all.hits.hits.map((h) => h._id)).toEqual(['b']);
    expect(all.hits.total).toEqual({ value: 3, relation: 'eq' });
  });

  it('_count with a query, hidden indices only by dot patterns', async () => {
    expect((await client.count({ index: 'sr-*', query: { term: { 'source.ip': '10.0.0.1' } } })).count).toBe(2);
    expect((await client.count({ index: '*', query: { term: { n: 9 } } })).count).toBe(0);
    expect((await client.count({ index: '.sr-*', query: { term: { n: 9 } } })).count).toBe(1);
  });

  it('rejects unknown query types with parsing_exception', async () => {
    const e = await responseError(client.search({ index: 'sr-1', query: { fuzzy: { tag: 'x' } } }));
    expect(e.statusCode).toBe(400);
    expect(e.body.error).toMatchObject({ type: 'parsing_exception', reason: 'unknown query [fuzzy]' });
  });

  it('_field_caps reports types per field and conflicts per index', async () => {
    const caps = await client.fieldCaps({ index: 'sr-*', fields: 'source.ip,n,tag' });
    expect(caps.indices).toEqual(['sr-1', 'sr-2']);
    expect(caps.fields.n).toEqual({ long: { type: 'long', metadata_field: false, searchable: true, aggregatable: true } });
    expect(caps.fields['source.ip']).toEqual({
      ip: { type: 'ip', metadata_field: false, searchable: true, aggregatable: true, indices: ['sr-1'] },
      keyword: { type: 'keyword', metadata_field: false, searchable: true, aggregatable: true, indices: ['sr-2'] },
    });
    const none = await client.fieldCaps({ index: 'nope-*,sr-1', fields: '*', ignore_unavailable: true });
    expect(none.indices).toEqual(['sr-1']);
    expect((await responseError(client.fieldCaps({ index: 'nope', fields: '*' }))).statusCode).toBe(404);
    expect((await responseError(client.fieldCaps({ index: 'nope-*', fields: '*', allow_no_indices: false }))).statusCode).toBe(404);
  });

  it('_refresh and _cat/indices', async () => {
    expect((await client.indices.refresh({ index: 'sr-1' }))._shards).toMatchObject({ failed: 0 });
    await client.indices.refresh();
    const cat = await client.cat.indices({ index: 'sr-*', format: 'json' });
    expect(cat.map((r) => [r.index, r['docs.count'], r.health, r.status])).toEqual([['sr-1', '2', 'green', 'open'], ['sr-2', '1', 'green', 'open']]);
  });
});

describe('mapping updates, alias removal, delete_by_query', () => {
  it('adds fields with PUT _mapping and refuses type changes', async () => {
    await client.indices.create({ index: 'pm', mappings: { properties: { a: { type: 'keyword' } } } });
    expect(await client.indices.putMapping({ index: 'pm', properties: { 'b.c': { type: 'ip' } } })).toEqual({ acknowledged: true });
    expect((await client.indices.getMapping({ index: 'pm' })).pm.mappings.properties).toEqual({ a: { type: 'keyword' }, b: { properties: { c: { type: 'ip' } } } });
    const e = await responseError(client.indices.putMapping({ index: 'pm', properties: { a: { type: 'long' } } }));
    expect(e.body.error).toMatchObject({ type: 'illegal_argument_exception', reason: 'mapper [a] cannot be changed from type [keyword] to [long]' });
  });

  it('removes aliases and deletes by query', async () => {
    await client.indices.create({ index: 'dbq', aliases: { 'dbq-alias': {} } });
    await client.bulk({ refresh: true, operations: [{ index: { _index: 'dbq', _id: '1' } }, { n: 1 }, { index: { _index: 'dbq', _id: '2' } }, { n: 2 }] });
    expect(await client.indices.deleteAlias({ index: 'dbq', name: 'dbq-alias' })).toMatchObject({ acknowledged: true });
    expect(await client.indices.existsAlias({ name: 'dbq-alias' })).toBe(false);
    expect(await client.deleteByQuery({ index: 'dbq', query: { range: { n: { gte: 2 } } } })).toMatchObject({ deleted: 1, total: 1, failures: [] });
    expect((await client.count({ index: 'dbq' })).count).toBe(1);
  });
});

describe('error shapes for bad requests', () => {
  it('unknown routes and wrong methods', async () => {
    const r = await raw('GET', '/_nope');
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ error: 'no handler found for uri [/_nope] and method [GET]', status: 400 });
    expect(r.headers.get('x-elastic-product')).toBe('Elasticsearch');
    const m = await raw('DELETE', '/_bulk');
    expect(m.status).toBe(405);
    expect(m.json.error).toMatch(/^Incorrect HTTP method for uri \[\/_bulk\] and method \[DELETE\], allowed: /);
  });

  it('malformed JSON is a 400 x_content_parse_exception, never a 500', async () => {
    const r = await raw('PUT', '/bad-json', '{"mappings": ');
    expect(r.status).toBe(400);
    expect(r.json.error.type).toBe('x_content_parse_exception');
    expect(r.text).not.toMatch(/\n\s+at /);
    const q = await raw('POST', '/_query', '{"query": "FROM x",');
    expect(q.status).toBe(400);
    expect(q.json.status).toBe(400);
  });
});
