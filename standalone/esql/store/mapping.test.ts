import { EsError } from '../types';
import { flattenMappings, mapDocument, normalizeMappings } from './mapping';

function parseErr(fn: () => unknown): EsError {
  try {
    fn();
  } catch (e) {
    if (e instanceof EsError) return e;
    throw e;
  }
  throw new Error('expected an EsError');
}

describe('normalizeMappings / flattenMappings', () => {
  it('accepts object and dotted forms identically', () => {
    const a = normalizeMappings({ properties: { source: { properties: { ip: { type: 'ip' } } } } });
    const b = normalizeMappings({ properties: { 'source.ip': { type: 'ip' } } });
    expect(b).toEqual(a);
    expect([...flattenMappings(a)]).toEqual([['source.ip', 'ip']]);
  });

  it('merges dotted siblings into one object and flattens multi-fields', () => {
    const m = normalizeMappings({
      properties: {
        'user.name': { type: 'keyword', fields: { text: { type: 'match_only_text' } } },
        'user.id': { type: 'keyword' },
        message: { type: 'text', fields: { keyword: { type: 'keyword' } } },
        geo: { type: 'geo_shape' },
        n: { type: 'nested', properties: { x: { type: 'long' } } },
        'alias_ip': { type: 'alias', path: 'user.id' },
      },
    });
    expect(Object.fromEntries(flattenMappings(m))).toEqual({
      'user.name': 'keyword',
      'user.name.text': 'match_only_text',
      'user.id': 'keyword',
      message: 'text',
      'message.keyword': 'keyword',
      geo: 'unsupported',
      n: 'nested',
      alias_ip: 'keyword',
    });
  });

  it('rejects unknown types and root parameters like ES', () => {
    expect(parseErr(() => normalizeMappings({ properties: { a: { type: 'nope' } } })).reason).toBe(
      'Failed to parse mapping: No handler for type [nope] declared on field [a]'
    );
    expect(parseErr(() => normalizeMappings({ foo: 1 })).type).toBe('mapper_parsing_exception');
  });
});

describe('mapDocument (dynamic mapping + validation)', () => {
  const empty = () => normalizeMappings({});

  it('infers ES dynamic types', () => {
    const m = mapDocument(empty(), {
      '@timestamp': '2024-05-01T10:00:00.000Z',
      day: '2015/09/02',
      msg: 'hello',
      count: 3,
      ratio: 1.5,
      ok: true,
      user: { name: 'bob', tags: ['a', 'b'] },
      'source.ip': '10.0.0.1',
      nothing: null,
    }, '1')!;
    expect(Object.fromEntries(flattenMappings(m))).toEqual({
      '@timestamp': 'date',
      day: 'date',
      msg: 'text',
      'msg.keyword': 'keyword',
      count: 'long',
      ratio: 'float',
      ok: 'boolean',
      'user.name': 'text',
      'user.name.keyword': 'keyword',
      'user.tags': 'text',
      'user.tags.keyword': 'keyword',
      'source.ip': 'text',
      'source.ip.keyword': 'keyword',
    });
    expect(m.properties.msg.fields!.keyword).toEqual({ type: 'keyword', ignore_above: 256 });
  });

  it('returns null when nothing new was introduced', () => {
    const m = mapDocument(empty(), { a: 1 }, '1')!;
    expect(mapDocument(m, { a: 2 }, '2')).toBeNull();
  });

  it('honours date_detection=false and numeric_detection=true', () => {
    const m = mapDocument(normalizeMappings({ date_detection: false, numeric_detection: true }), { d: '2024-01-01', n: '42', f: '1.5' }, '1')!;
    expect(Object.fromEntries(flattenMappings(m))).toMatchObject({ d: 'text', n: 'long', f: 'float' });
  });

  it('dynamic false ignores and strict rejects unmapped fields', () => {
    const f = normalizeMappings({ dynamic: false, properties: { a: { type: 'keyword' } } });
    expect(mapDocument(f, { a: 'x', b: 1 }, '1')).toBeNull();
    const s = normalizeMappings({ properties: { obj: { dynamic: 'strict', properties: { a: { type: 'keyword' } } } } });
    const e = parseErr(() => mapDocument(s, { obj: { b: 1 } }, '1'));
    expect(e.type).toBe('strict_dynamic_mapping_exception');
    expect(e.reason).toBe('mapping set to strict, dynamic introduction of [b] within [obj] is not allowed');
    expect(mapDocument(s, { other: 1 }, '1')).not.toBeNull();
  });

  it('validates values by mapped type', () => {
    const m = normalizeMappings({
      properties: {
        'source.ip': { type: 'ip' },
        ts: { type: 'date' },
        epoch: { type: 'date', format: 'epoch_second' },
        n: { type: 'integer' },
        d: { type: 'double' },
        b: { type: 'boolean' },
        k: { type: 'keyword' },
        lax: { type: 'ip', ignore_malformed: true },
      },
    });
    expect(mapDocument(m, {
      source: { ip: ['10.0.0.1', '2001:db8::1'] }, ts: 1714557600000, epoch: 1714557600, n: '12', d: '1.5', b: 'true', k: 5, lax: 'x',
    }, '1')).toBeNull();
    expect(mapDocument(m, { ts: '2024-05-01' }, '1')).toBeNull();
    const ip = parseErr(() => mapDocument(m, { 'source.ip': 'not-an-ip' }, 'abc'));
    expect(ip.status).toBe(400);
    expect(ip.type).toBe('document_parsing_exception');
    expect(ip.reason).toBe("failed to parse field [source.ip] of type [ip] in document with id 'abc'. Preview of field's value: 'not-an-ip'");
    expect(ip.extra.caused_by).toEqual({ type: 'illegal_argument_exception', reason: "'not-an-ip' is not an IP string literal." });
    expect(parseErr(() => mapDocument(m, { source: { ip: '10.0.0.256' } }, '1')).type).toBe('document_parsing_exception');
    expect(parseErr(() => mapDocument(m, { ts: 'yesterday' }, '1')).reason).toContain('of type [date]');
    expect(parseErr(() => mapDocument(m, { n: 'x' }, '1')).reason).toContain('of type [integer]');
    expect(parseErr(() => mapDocument(m, { n: 3000000000 }, '1')).extra.caused_by).toEqual({
      type: 'illegal_argument_exception', reason: 'Value [3000000000] is out of range for an integer',
    });
    expect(parseErr(() => mapDocument(m, { b: 'yes' }, '1')).reason).toContain('of type [boolean]');
    expect(parseErr(() => mapDocument(m, { k: { a: 1 } }, '1')).reason).toContain('of type [keyword]');
    expect(parseErr(() => mapDocument(m, { source: 'x' }, '1')).reason).toBe(
      'object mapping for [source] tried to parse field [source] as object, but found a concrete value'
    );
    expect(parseErr(() => mapDocument(m, { _id: 'x' }, '1')).reason).toContain('is a metadata field');
  });

  it('does not mutate the input mapping', () => {
    const m = empty();
    const before = JSON.stringify(m);
    mapDocument(m, { a: { b: 'x' } }, '1');
    expect(JSON.stringify(m)).toBe(before);
  });
});

describe('date validation', () => {
  const m = normalizeMappings({ properties: { ts: { type: 'date' } } });
  it.each(['2024-02-30T00:00:00Z', '2024-01-01T24:00:00Z', '2024-13-01T00:00:00Z', '2024-01-01 10:00'])('rejects %s', (v) => {
    expect(() => mapDocument(m, { ts: v }, '1')).toThrow(/of type \[date\]/);
  });
  it.each(['2024-02-29T23:59:59.999Z', '2024-01-31T10:00:00+02:00', '2024-01-01', '2024-01-01T10:00:00', 1704067200000, '1704067200000'])('accepts %s', (v) => {
    expect(mapDocument(m, { ts: v }, '1')).toBeNull();
  });
});
