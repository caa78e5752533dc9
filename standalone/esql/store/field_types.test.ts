// Elasticsearch semantics of constant_keyword, date_nanos and long values beyond 2^53, from mapping to the ES|QL
// response. Each block names the Elasticsearch source it mirrors.
import { Store } from './store';
import { compileQuery } from './dsl';
import { executeEsql } from '../exec';
import { EsError } from '../types';

function storeWith(mappings: Record<string, unknown>, docs: Array<Record<string, unknown>>, index = 't'): Store {
  const store = Store.open();
  store.createIndex(index, { mappings: { properties: mappings } });
  const res = store.bulk(docs.map((source, i) => ({ action: 'index' as const, index, id: String(i), source })));
  const failed = res.find((r) => r.error);
  if (failed) throw new Error(failed.error!.reason);
  return store;
}

const esql = (store: Store, query: string, filter?: unknown) =>
  executeEsql({ query, filter: filter === undefined ? undefined : compileQuery(filter) }, store);
const rows = (store: Store, query: string, filter?: unknown) => esql(store, query, filter).values;

describe('constant_keyword (x-pack/plugin/mapper-constant-keyword/.../ConstantKeywordFieldMapper.java)', () => {
  it('every document reads the mapping value, as ES|QL type keyword, whatever its _source holds', () => {
    const store = storeWith({ c: { type: 'constant_keyword', value: 'foo' }, n: { type: 'long' } }, [{ n: 1 }, { n: 2, c: 'foo' }]);
    const res = esql(store, 'FROM t | SORT n | KEEP c, n');
    expect(res.columns).toEqual([{ name: 'c', type: 'keyword' }, { name: 'n', type: 'long' }]);
    expect(res.values).toEqual([['foo', 1], ['foo', 2]]);
    expect(rows(store, 'FROM t | WHERE c == "foo" | STATS n = COUNT(*) BY c')).toEqual([[2, 'foo']]);
    // _source stays as indexed: the first document has no `c`.
    expect(store.requireIndex('t').docs[0].source).toEqual({ n: 1 });
  });

  it('a numeric mapping value is kept as its string form', () => {
    const store = storeWith({ c: { type: 'constant_keyword', value: 5 } }, [{ c: 5 }]);
    expect(rows(store, 'FROM t | KEEP c')).toEqual([['5']]);
  });

  it('the first indexed value sets the mapping value (a dynamic mapping update); before it, the field reads null', () => {
    const store = Store.open();
    store.createIndex('t', { mappings: { properties: { c: { type: 'constant_keyword' }, n: { type: 'long' } } } });
    store.bulk([{ action: 'index', index: 't', id: '0', source: { n: 0 } }]);
    expect(rows(store, 'FROM t | KEEP c, n')).toEqual([[null, 0]]);
    store.bulk([{ action: 'index', index: 't', id: '1', source: { n: 1, c: 'bar' } }]);
    expect(store.requireIndex('t').root.properties.c).toEqual({ type: 'constant_keyword', value: 'bar' });
    expect(rows(store, 'FROM t | SORT n | KEEP c, n')).toEqual([['bar', 0], ['bar', 1]]);
  });

  it('rejects a different value, null, and objects with the mapper messages', () => {
    const store = storeWith({ c: { type: 'constant_keyword', value: 'foo' } }, []);
    const [other, nul, obj, same] = store.bulk([
      { action: 'index', index: 't', id: '1', source: { c: 'bar' } },
      { action: 'index', index: 't', id: '2', source: { c: null } },
      { action: 'index', index: 't', id: '3', source: { c: { x: 1 } } },
      { action: 'index', index: 't', id: '4', source: { c: ['foo', 'foo'] } },
    ]);
    expect(other.error!.toBody().error).toEqual({
      root_cause: [expect.anything()],
      type: 'document_parsing_exception',
      reason: "failed to parse field [c] of type [constant_keyword] in document with id '1'. Preview of field's value: 'bar'",
      caused_by: {
        type: 'illegal_argument_exception',
        reason: '[constant_keyword] field [c] only accepts values that are equal to the value defined in the mappings [foo], but got [bar]',
      },
    });
    expect(nul.error!.extra.caused_by).toEqual({ type: 'illegal_argument_exception', reason: "[constant_keyword] field [c] doesn't accept [null] values" });
    expect(obj.error!.type).toBe('document_parsing_exception');
    expect(same.status).toBe(201);
  });

  it('the mapping value may be set once, never changed (merge validator)', () => {
    const store = Store.open();
    const idx = store.createIndex('t', { mappings: { properties: { c: { type: 'constant_keyword' } } } });
    store.putMapping(idx, { properties: { c: { type: 'constant_keyword', value: 'a' } } });
    let e: unknown;
    try {
      store.putMapping(idx, { properties: { c: { type: 'constant_keyword', value: 'b' } } });
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(EsError);
    expect((e as EsError).reason).toBe('Mapper for [c] conflicts with existing mapper:\n\tCannot update parameter [value] from [a] to [b]');
  });

  it('term / exists queries see the constant (existsQuery: match all when the value is set)', () => {
    const store = storeWith({ c: { type: 'constant_keyword', value: 'foo' }, n: { type: 'long' } }, [{ n: 1 }, { n: 2 }]);
    expect(rows(store, 'FROM t | KEEP n | SORT n', { exists: { field: 'c' } })).toEqual([[1], [2]]);
    expect(rows(store, 'FROM t | KEEP n | SORT n', { term: { c: 'foo' } })).toEqual([[1], [2]]);
    expect(rows(store, 'FROM t | KEEP n', { term: { c: 'bar' } })).toEqual([]);
  });
});

// The date_nanos fixture of Elasticsearch's ES|QL tests
// (x-pack/plugin/esql/qa/testFixtures/src/main/resources/data/date_nanos.csv), indexed from JSON text.
const NANOS_ROWS: Array<[string, string | string[], string]> = [
  ['2023-10-23T13:55:01.543Z', '2023-10-23T13:55:01.543123456Z', '1698069301543123456'],
  ['2023-10-23T13:53:55.832Z', '2023-10-23T13:53:55.832987654Z', '1698069235832987654'],
  ['2023-10-23T13:52:55.015Z', '2023-10-23T13:52:55.015787878Z', '1698069175015787878'],
  ['2023-10-23T13:51:54.732Z', '2023-10-23T13:51:54.732102837Z', '1698069114732102837'],
  ['2023-10-23T13:33:34.937Z', '2023-10-23T13:33:34.937193000Z', '1698068014937193000'],
  ['2023-10-23T12:27:28.948Z', '2023-10-23T12:27:28.948000000Z', '1698064048948000000'],
  ['2023-10-23T12:15:03.360Z', '2023-10-23T12:15:03.360103847Z', '1698063303360103847'],
  ['2023-10-23T12:15:03.360Z', '2023-10-23T12:15:03.360103847Z', '1698063303360103847'],
  ['1999-10-23T12:15:03.360Z', ['2023-03-23T12:15:03.360103847Z', '2023-02-23T13:33:34.937193000Z', '2023-01-23T13:55:01.543123456Z'], '0'],
  ['1999-10-22T12:15:03.360Z', ['2023-03-23T12:15:03.360103847Z', '2023-03-23T12:15:03.360103847Z', '2023-03-23T12:15:03.360103847Z'], '0'],
];

function nanosStore(): Store {
  const store = Store.open();
  store.createIndex('date_nanos', { mappings: { properties: { millis: { type: 'date' }, nanos: { type: 'date_nanos' }, num: { type: 'long' } } } });
  const res = store.bulk(
    NANOS_ROWS.map(([millis, nanos, num], i) => {
      const sourceText = `{"millis":${JSON.stringify(millis)},"nanos":${JSON.stringify(nanos)},"num":${num}}`;
      return { action: 'index' as const, index: 'date_nanos', id: String(i), source: JSON.parse(sourceText), sourceText };
    })
  );
  expect(res.every((r) => r.status === 201)).toBe(true);
  return store;
}

describe('date_nanos (date_nanos.csv-spec; DateFieldMapper Resolution.NANOSECONDS)', () => {
  const store = nanosStore();
  const q = (query: string) => rows(store, query);

  it('reads nanoseconds as indexed; the column type is date_nanos', () => {
    const res = esql(store, 'FROM date_nanos | SORT millis DESC | KEEP millis, nanos | LIMIT 1');
    expect(res.columns).toEqual([{ name: 'millis', type: 'date' }, { name: 'nanos', type: 'date_nanos' }]);
    expect(res.values).toEqual([['2023-10-23T13:55:01.543Z', '2023-10-23T13:55:01.543123456Z']]);
  });

  it('prints strict_date_optional_time_nanos: at least 3 fraction digits, trailing zeros past them dropped', () => {
    // DateFormatters STRICT_DATE_OPTIONAL_TIME_PRINTER_NANOS: appendFraction(NANO_OF_SECOND, 3, 9, true); the
    // csv-spec's multi-value rendering shows `2023-02-23T13:33:34.937193Z`.
    expect(q('FROM date_nanos | WHERE millis > "2000-01-01" AND millis < "2023-10-23T13:40:00Z" | SORT nanos DESC | KEEP nanos')).toEqual([
      ['2023-10-23T13:33:34.937193Z'],
      ['2023-10-23T12:27:28.948Z'],
      ['2023-10-23T12:15:03.360103847Z'],
      ['2023-10-23T12:15:03.360103847Z'],
    ]);
  });

  it('SORT, comparisons with TO_DATE_NANOS / TO_DATETIME / implicitly cast strings, at nanosecond precision', () => {
    expect(q('FROM date_nanos | SORT nanos DESC | KEEP nanos | LIMIT 1')).toEqual([['2023-10-23T13:55:01.543123456Z']]);
    expect(q('FROM date_nanos | WHERE millis > "2020-02-02" | SORT nanos ASC | KEEP nanos | LIMIT 1')).toEqual([['2023-10-23T12:15:03.360103847Z']]);
    // "date nanos greater than": num is a long beyond 2^53, exact.
    expect(q('FROM date_nanos | WHERE MV_MIN(nanos) > TO_DATE_NANOS("2023-10-23T12:27:28.948000000Z") | SORT nanos DESC | KEEP nanos, num')).toEqual([
      ['2023-10-23T13:55:01.543123456Z', 1698069301543123456n],
      ['2023-10-23T13:53:55.832987654Z', 1698069235832987654n],
      ['2023-10-23T13:52:55.015787878Z', 1698069175015787878n],
      ['2023-10-23T13:51:54.732102837Z', 1698069114732102837n],
      ['2023-10-23T13:33:34.937193Z', 1698068014937193000n],
    ]);
    // "implicit casting to nanos, date plus time to millis, equality test" and "... date only, equality test".
    expect(q('FROM date_nanos | WHERE MV_MIN(nanos) == "2023-10-23T12:27:28.948" | KEEP millis')).toEqual([['2023-10-23T12:27:28.948Z']]);
    expect(q('FROM date_nanos | WHERE MV_MIN(nanos) == "2023-10-23" | KEEP millis')).toEqual([]);
    expect(q('FROM date_nanos | WHERE MV_MIN(nanos) > "2023-10-23T12:15:03.360103846" AND millis > "2000-01-01" | STATS c = COUNT(*)')).toEqual([[8]]);
    // "date nanos less than millis" / "equals millis exact match" / "equals millis without exact match".
    expect(q('FROM date_nanos | WHERE MV_MIN(nanos) < TO_DATETIME("2023-10-23T12:27:28.948Z") AND millis > "2000-01-01" | KEEP num')).toEqual([
      [1698063303360103847n],
      [1698063303360103847n],
    ]);
    expect(q('FROM date_nanos | WHERE MV_MIN(nanos) == TO_DATETIME("2023-10-23T12:27:28.948Z") | KEEP num')).toEqual([[1698064048948000000n]]);
    expect(q('FROM date_nanos | WHERE MV_MIN(nanos) == TO_DATETIME("2023-10-23T13:33:34.937") | KEEP num')).toEqual([]);
  });

  it('MIN / MAX / COUNT_DISTINCT / VALUES and MV functions (date_nanos_aggregations cases)', () => {
    expect(q('FROM date_nanos | STATS max = MAX(nanos), min = MIN(nanos)')).toEqual([['2023-10-23T13:55:01.543123456Z', '2023-01-23T13:55:01.543123456Z']]);
    expect(q('FROM date_nanos | WHERE millis > "2020-01-01" | STATS count = COUNT(nanos), count_distinct = COUNT_DISTINCT(nanos)')).toEqual([[8, 7]]);
    expect(q('FROM date_nanos | SORT millis ASC | WHERE millis < "2000-01-01" | EVAL nanos = MV_MIN(nanos) | KEEP nanos')).toEqual([
      ['2023-03-23T12:15:03.360103847Z'],
      ['2023-01-23T13:55:01.543123456Z'],
    ]);
    expect(q('FROM date_nanos | WHERE millis < "2000-01-01" | EVAL a = MV_SORT(nanos, "asc") | SORT millis DESC | KEEP a | LIMIT 1')).toEqual([
      [['2023-01-23T13:55:01.543123456Z', '2023-02-23T13:33:34.937193Z', '2023-03-23T12:15:03.360103847Z']],
    ]);
    expect(q('FROM date_nanos | WHERE millis > "2020-01-01" | STATS c = COUNT(*) BY nanos | SORT nanos | LIMIT 1')).toEqual([[2, '2023-10-23T12:15:03.360103847Z']]);
  });

  it('DATE_TRUNC, BUCKET, DATE_EXTRACT, DATE_DIFF, DATE_FORMAT and date math keep the nanoseconds', () => {
    // "Date trunc on date nanos"
    expect(q('FROM date_nanos | WHERE millis > "2020-01-01" | EVAL yr = DATE_TRUNC(1 year, nanos), mo = DATE_TRUNC(1 month, nanos), mn = DATE_TRUNC(10 minutes, nanos), ms = DATE_TRUNC(1 millisecond, nanos) | SORT nanos DESC | KEEP yr, mo, mn, ms | LIMIT 1')).toEqual([
      ['2023-01-01T00:00:00.000Z', '2023-10-01T00:00:00.000Z', '2023-10-23T13:50:00.000Z', '2023-10-23T13:55:01.543Z'],
    ]);
    // "Bucket Date nanos by 10 minutes"
    expect(q('FROM date_nanos | WHERE millis > "2020-01-01" | STATS ct = count(*) BY mn = BUCKET(nanos, 10 minutes) | SORT mn DESC')).toEqual([
      [4, '2023-10-23T13:50:00.000Z'],
      [1, '2023-10-23T13:30:00.000Z'],
      [1, '2023-10-23T12:20:00.000Z'],
      [2, '2023-10-23T12:10:00.000Z'],
    ]);
    // "Date nanos date extract"
    expect(q('FROM date_nanos | EVAL nn = MV_MAX(nanos) | EVAL year = DATE_EXTRACT("year", nn), ns = DATE_EXTRACT("nano_of_second", nn) | KEEP year, ns | SORT ns DESC | LIMIT 2')).toEqual([
      [2023, 948000000],
      [2023, 937193000],
    ]);
    // "date nanos to long, index version" / "long to date nanos, index version"
    expect(q('FROM date_nanos | WHERE millis > "2020-02-02" | EVAL l = TO_LONG(nanos), d = TO_DATE_NANOS(num) | SORT nanos DESC | KEEP l, d | LIMIT 1')).toEqual([
      [1698069301543123456n, '2023-10-23T13:55:01.543123456Z'],
    ]);
    // "Add date nanos"
    expect(q('FROM date_nanos | WHERE millis > "2020-01-01" | EVAL mo = nanos + 1 month, hr = nanos + 1 hour, dy = nanos - 4 days, mn = nanos - 2 minutes | SORT millis DESC | KEEP mo, hr, dy, mn | LIMIT 1')).toEqual([
      ['2023-11-23T13:55:01.543123456Z', '2023-10-23T14:55:01.543123456Z', '2023-10-19T13:55:01.543123456Z', '2023-10-23T13:53:01.543123456Z'],
    ]);
    const [[diffNs, diffUs, fmt, fmtDefault]] = q(
      'ROW a = TO_DATE_NANOS("2023-10-23T13:55:01.543123456Z"), b = TO_DATE_NANOS("2023-10-23T13:55:01.543123999Z") | EVAL ns = DATE_DIFF("nanoseconds", a, b), us = DATE_DIFF("microseconds", a, b), f = DATE_FORMAT("HH:mm:ss.SSSSSSSSS", a), d = DATE_FORMAT(a) | KEEP ns, us, f, d'
    );
    expect([diffNs, diffUs, fmt]).toEqual([543, 0, '13:55:01.543123456']);
    // DateFormat without a pattern uses DEFAULT_DATE_TIME_FORMATTER (millisecond printer) for date_nanos too.
    expect(fmtDefault).toBe('2023-10-23T13:55:01.543Z');
  });

  it('TO_DATE_NANOS conversions and their warnings (csv-spec "to date nanos" cases, ToDateNanos.java)', () => {
    expect(q('ROW d = TO_DATE_NANOS("2023-03-23T12:15:03.360103847")')).toEqual([['2023-03-23T12:15:03.360103847Z']]);
    expect(q('ROW d = "2023-03-23T12:15:03.360103847"::date_nanos')).toEqual([['2023-03-23T12:15:03.360103847Z']]);
    expect(q('ROW d = TO_DATE_NANOS(1724160894123456789)')).toEqual([['2024-08-20T13:34:54.123456789Z']]);
    expect(q('ROW d = TO_DATE_NANOS(1724160894123456789.0)')).toEqual([['2024-08-20T13:34:54.123456768Z']]);
    expect(q('ROW d = TO_DATE_NANOS(TO_DATETIME("2024-08-20T13:34:54.123Z"))')).toEqual([['2024-08-20T13:34:54.123Z']]);
    // The other way: DateUtils.toMilliSeconds truncates; TO_STRING prints the nanosecond text; a DATE_DIFF with a
    // datetime on one side is taken in nanoseconds.
    const back = esql(store, 'ROW n = TO_DATE_NANOS("2024-08-20T13:34:54.123999999Z") | EVAL d = TO_DATETIME(n), s = TO_STRING(n), us = DATE_DIFF("microseconds", TO_DATETIME("2024-08-20T13:34:54.123Z"), n) | KEEP d, s, us');
    expect(back.columns.map((c) => c.type)).toEqual(['date', 'keyword', 'integer']);
    expect(back.values).toEqual([['2024-08-20T13:34:54.123Z', '2024-08-20T13:34:54.123999999Z', 999]]);
    expect(q('ROW a = COALESCE(null, TO_DATE_NANOS(1698069301543123456)), b = GREATEST(TO_DATE_NANOS("2023-10-23T13:55:01.543123456"), TO_DATE_NANOS("2023-10-23T13:53:55.832987654"))')).toEqual([
      ['2023-10-23T13:55:01.543123456Z', '2023-10-23T13:55:01.543123456Z'],
    ]);
    const warned = (query: string) => {
      const r = esql(store, query);
      return [r.values, r.warnings.slice(1)];
    };
    expect(warned('ROW d = TO_DATE_NANOS("2262-04-12T00:00:00.000")')).toEqual([
      [[null]],
      [
        'Line 1:9: evaluation of [TO_DATE_NANOS("2262-04-12T00:00:00.000")] failed, treating result as null. Only first 20 failures recorded.',
        'Line 1:9: java.lang.IllegalArgumentException: date[2262-04-12T00:00:00Z] is after 2262-04-11T23:47:16.854775807 and cannot be stored in nanosecond resolution',
      ],
    ]);
    expect(warned('ROW d = TO_DATE_NANOS("1969-04-12T00:00:00.000")')[1]).toEqual([
      'Line 1:9: evaluation of [TO_DATE_NANOS("1969-04-12T00:00:00.000")] failed, treating result as null. Only first 20 failures recorded.',
      'Line 1:9: java.lang.IllegalArgumentException: date[1969-04-12T00:00:00Z] is before the epoch in 1970 and cannot be stored in nanosecond resolution',
    ]);
    expect(warned('ROW d = TO_DATE_NANOS(TO_LONG(-1))')[1]).toEqual([
      'Line 1:9: evaluation of [TO_DATE_NANOS(TO_LONG(-1))] failed, treating result as null. Only first 20 failures recorded.',
      'Line 1:9: java.lang.IllegalArgumentException: Nanosecond dates before 1970-01-01T00:00:00.000Z are not supported.',
    ]);
    expect(warned('ROW d = TO_DATE_NANOS(TO_DATETIME("2262-04-12T00:00:00.000"))')[1][1]).toBe(
      'Line 1:9: java.lang.IllegalArgumentException: milliSeconds [9223372800000] are after 2262-04-11T23:47:16.854775807 and cannot be converted to nanoseconds'
    );
    expect(warned('ROW d = TO_DATE_NANOS(TO_DATETIME("1969-04-12T00:00:00.000"))')[1][1]).toBe(
      'Line 1:9: java.lang.IllegalArgumentException: milliSeconds [-22809600000] are before the epoch in 1970 and cannot be converted to nanoseconds'
    );
  });

  it('rejects dates outside 1970..2262 at index time (DateUtils.toLong via DateFieldMapper)', () => {
    const s = Store.open();
    s.createIndex('n', { mappings: { properties: { d: { type: 'date_nanos' } } } });
    const [before, after, ok] = s.bulk([
      { action: 'index', index: 'n', id: '1', source: { d: '1969-12-31T23:59:59.999999999Z' } },
      { action: 'index', index: 'n', id: '2', source: { d: '2262-04-11T23:47:16.854775808Z' } },
      { action: 'index', index: 'n', id: '3', source: { d: '2262-04-11T23:47:16.854775807Z' } },
    ]);
    expect(before.error!.toBody().error).toMatchObject({
      type: 'document_parsing_exception',
      reason: "failed to parse field [d] of type [date_nanos] in document with id '1'. Preview of field's value: '1969-12-31T23:59:59.999999999Z'",
      caused_by: { type: 'illegal_argument_exception', reason: 'date[1969-12-31T23:59:59.999999999Z] is before the epoch in 1970 and cannot be stored in nanosecond resolution' },
    });
    expect(after.error!.extra.caused_by).toEqual({
      type: 'illegal_argument_exception',
      reason: 'date[2262-04-11T23:47:16.854775808Z] is after 2262-04-11T23:47:16.854775807 and cannot be stored in nanosecond resolution',
    });
    expect(ok.status).toBe(201);
    expect(executeEsql({ query: 'FROM n | KEEP d' }, s).values).toEqual([['2262-04-11T23:47:16.854775807Z']]);
  });

  it('_source keeps the indexed values (the long past 2^53 exactly)', () => {
    expect(store.requireIndex('date_nanos').docs[0].source).toEqual({ millis: '2023-10-23T13:55:01.543Z', nanos: '2023-10-23T13:55:01.543123456Z', num: 1698069301543123456n });
  });
});

describe('long beyond 2^53: exact from the indexed text (NumberFieldMapper LONG keeps the parsed Java long)', () => {
  function longStore(): Store {
    const store = Store.open();
    store.createIndex('l', { mappings: { properties: { n: { type: 'long' }, k: { type: 'keyword' } } } });
    const lines = [
      '{"n":9007199254740993,"k":"a"}',
      '{"n":9007199254740992,"k":"b"}',
      '{"n":9223372036854775807,"k":"c"}',
      '{"n":-9223372036854775808,"k":"d"}',
      '{"n":[9007199254740995,9007199254740994,5],"k":"e"}',
      '{"n":"9007199254740997","k":"f"}',
      '{"n":7,"k":"g"}',
    ];
    const res = store.bulk(lines.map((sourceText, i) => ({ action: 'index' as const, index: 'l', id: String(i), source: JSON.parse(sourceText), sourceText })));
    expect(res.map((r) => r.status)).toEqual(lines.map(() => 201));
    return store;
  }
  const store = longStore();
  const q = (query: string) => rows(store, query);

  it('reads the exact digits (the probe: 9007199254740993 read back as ...992 before)', () => {
    expect(q('FROM l | WHERE k IN ("a", "b", "c", "d", "f", "g") | SORT k | KEEP n')).toEqual([
      [9007199254740993n],
      [9007199254740992n],
      [9223372036854775807n],
      [-9223372036854775808n],
      [9007199254740997n],
      [7],
    ]);
    // Multi-valued: SortedNumericDocValues order, exact.
    expect(q('FROM l | WHERE k == "e" | KEEP n')).toEqual([[[5, 9007199254740994n, 9007199254740995n]]]);
  });

  it('compares, sorts, groups and takes MIN / MAX exactly', () => {
    expect(q('FROM l | WHERE n == 9007199254740993 | KEEP k')).toEqual([['a']]);
    expect(q('FROM l | WHERE n > 9007199254740992 AND n < 9007199254740998 | SORT n | KEEP k')).toEqual([['a'], ['f']]);
    expect(q('FROM l | WHERE k != "e" | SORT n DESC | KEEP k')).toEqual([['c'], ['f'], ['a'], ['b'], ['g'], ['d']]);
    expect(q('FROM l | STATS mx = MAX(n), mn = MIN(n)')).toEqual([[9223372036854775807n, -9223372036854775808n]]);
    expect(q('FROM l | WHERE k IN ("a", "b") | STATS c = COUNT(*) BY n | SORT n')).toEqual([[1, 9007199254740992n], [1, 9007199254740993n]]);
    expect(q('FROM l | WHERE k == "e" | EVAL mx = MV_MAX(n), mn = MV_MIN(n) | KEEP mx, mn')).toEqual([[9007199254740995n, 5]]);
  });

  it('arithmetic is exact, and overflow is null plus the `long overflow` warning (Math.addExact / multiplyExact)', () => {
    expect(q('FROM l | WHERE k == "a" | EVAL p = n + 1, m = n - 2, t = n * 1, d = n / 3, r = n % 10, s = TO_STRING(n), a = ABS(-n) | KEEP p, m, t, d, r, s, a')).toEqual([
      [9007199254740994n, 9007199254740991, 9007199254740993n, 3002399751580331, 3, '9007199254740993', 9007199254740993n],
    ]);
    const r = esql(store, 'FROM l | WHERE k == "c" | EVAL o = n + 1 | KEEP o');
    expect(r.values).toEqual([[null]]);
    expect(r.warnings.slice(1)).toEqual([
      'Line 1:36: evaluation of [n + 1] failed, treating result as null. Only first 20 failures recorded.',
      'Line 1:36: java.lang.ArithmeticException: long overflow',
    ]);
    // SUM: exact, and null plus the warning when the long overflows (SumLongAggregator).
    expect(q('FROM l | WHERE k IN ("a", "b", "g") | STATS s = SUM(n)')).toEqual([[18014398509481992n]]);
    const o = esql(store, 'FROM l | WHERE k IN ("c", "g") | STATS s = SUM(n)');
    expect(o.values).toEqual([[null]]);
    expect(o.warnings[o.warnings.length - 1]).toBe('Line 1:44: java.lang.ArithmeticException: long overflow');
    // A double operand widens the long to a double.
    expect(q('FROM l | WHERE k == "a" | EVAL x = n + 0.5 | KEEP x')).toEqual([[9007199254740992]]);
  });

  it('literals past 2^53 are exact longs; past Long.MAX_VALUE unsigned_long, then double (StringUtils.parseIntegral)', () => {
    const r = esql(store, 'ROW a = 9007199254740993, b = 9223372036854775808, c = 18446744073709551616');
    expect(r.columns.map((c) => c.type)).toEqual(['long', 'unsigned_long', 'double']);
    expect(r.values).toEqual([[9007199254740993n, 9223372036854775808n, 18446744073709551616]]);
    // Long.MIN_VALUE as a literal, negation of an exact long, and long vs double compared as doubles.
    const m = esql(store, 'ROW a = -9223372036854775808, b = -9007199254740993, c = 9007199254740993 == 9007199254740993.0');
    expect(m.columns.map((c) => c.type)).toEqual(['long', 'long', 'boolean']);
    expect(m.values).toEqual([[-9223372036854775808n, -9007199254740993n, true]]);
    expect(q('ROW a = TO_LONG("9007199254740993"), b = TO_LONG(9007199254740993), c = TO_DOUBLE(9007199254740993)')).toEqual([
      [9007199254740993n, 9007199254740993n, 9007199254740992],
    ]);
  });

  it('validates the exact value at index time: Long.MAX_VALUE is accepted, one more is out of range', () => {
    const s = Store.open();
    s.createIndex('r', { mappings: { properties: { n: { type: 'long' } } } });
    const text = (n: string) => `{"n":${n}}`;
    const [ok, bad] = s.bulk(
      ['9223372036854775807', '9223372036854775808'].map((n, i) => ({ action: 'index' as const, index: 'r', id: String(i), source: JSON.parse(text(n)), sourceText: text(n) }))
    );
    expect(ok.status).toBe(201);
    expect(bad.error!.toBody().error).toMatchObject({
      type: 'document_parsing_exception',
      reason: "failed to parse field [n] of type [long] in document with id '1'. Preview of field's value: '9223372036854775808'",
    });
    // Dynamic mapping of an exact big integer: long.
    s.bulk([{ action: 'index', index: 'dyn', id: '1', source: JSON.parse('{"x":9007199254740993}'), sourceText: '{"x":9007199254740993}' }]);
    expect(s.requireIndex('dyn').root.properties.x).toEqual({ type: 'long' });
    expect(executeEsql({ query: 'FROM dyn | KEEP x' }, s).values).toEqual([[9007199254740993n]]);
  });

  it('keeps the exact digits across a restart (the log replays the stored text)', () => {
    const fs = require('fs') as typeof import('fs');
    const os = require('os') as typeof import('os');
    const path = require('path') as typeof import('path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esql-long-'));
    try {
      let s = Store.open(dir);
      s.bulk([{ action: 'index', index: 'p', id: '1', source: JSON.parse('{"n":9007199254740993}'), sourceText: '{"n":9007199254740993}' }]);
      s.close();
      s = Store.open(dir);
      expect(executeEsql({ query: 'FROM p | KEEP n' }, s).values).toEqual([[9007199254740993n]]);
      s.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
