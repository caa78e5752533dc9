// Random and mutated queries against a small catalog: the executor either answers or throws an EsError
// (400), never a TypeError. Plus scan-level behaviour: DocFilter, top-N, early LIMIT stop.
import fc from 'fast-check';
import { executeEsql } from '.';
import { EsError } from '../types';
import { testCatalog } from './test_catalog';

const docs = Array.from({ length: 300 }, (_, i) => ({
  '@timestamp': new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString(),
  source: { ip: i % 7 === 0 ? ['10.0.0.1', `2001:db8::${i}`] : `192.168.${i % 5}.${i % 250}` },
  user: { name: i % 11 === 0 ? null : `User${i % 13}` },
  n: i % 17 === 0 ? null : i,
  d: i / 7,
  ok: i % 2 === 0,
  tags: i % 3 === 0 ? ['a', 'b'] : 'c',
}));
const catalog = testCatalog({
  logs: {
    fields: { '@timestamp': 'date', 'source.ip': 'ip', 'user.name': 'keyword', n: 'long', d: 'double', ok: 'boolean', tags: 'keyword' },
    docs,
  },
  other: { fields: { 'source.ip': 'keyword', n: 'integer' }, docs: [{ source: { ip: 'x' }, n: 1 }] },
});

const onlyEsErrors = (query: string, params?: unknown[]) => {
  try {
    executeEsql({ query, params }, catalog);
  } catch (e) {
    if (!(e instanceof EsError) || e.status !== 400) throw e;
  }
};

const field = fc.constantFrom('@timestamp', 'source.ip', 'user.name', 'n', 'd', 'ok', 'tags', 'x');
const lit = fc.constantFrom('1', '2.5', '"User1"', '"10.0.0.1"', 'null', 'true', '"2024-01-02"', '1 day', '?p', '[1, 2]');
const { expr } = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small' },
    field,
    lit,
    fc.tuple(fc.constantFrom('+', '-', '*', '/', '%', '==', '!=', '<', '>=', 'AND', 'OR', '=~'), tie('expr'), tie('expr')).map(([o, a, b]) => `(${a}) ${o} (${b})`),
    tie('expr').map((e) => `NOT (${e})`),
    tie('expr').map((e) => `(${e}) IS NULL`),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `(${a}) IN ((${b}), 1)`),
    tie('expr').map((e) => `(${e}) LIKE "U*"`),
    fc.tuple(fc.constantFrom('ip', 'long', 'keyword', 'datetime', 'double', 'boolean'), tie('expr')).map(([t, e]) => `(${e})::${t}`),
    fc
      .tuple(
        fc.constantFrom('TO_LOWER', 'TO_STRING', 'COALESCE', 'CASE', 'GREATEST', 'LEAST', 'ROUND', 'ABS', 'LENGTH', 'CONCAT', 'MV_COUNT', 'MV_SLICE', 'MV_SORT', 'MV_DEDUPE', 'MV_MIN', 'MV_APPEND', 'CIDR_MATCH', 'DATE_TRUNC', 'DATE_DIFF', 'TO_IP', 'SUBSTRING', 'IP_PREFIX', 'SPLIT'),
        fc.array(tie('expr'), { minLength: 1, maxLength: 3 })
      )
      .map(([f, args]) => `${f}(${args.join(', ')})`)
  ),
}));
const command = fc.oneof(
  expr.map((e) => `WHERE ${e}`),
  expr.map((e) => `EVAL y = ${e}`),
  fc.tuple(fc.constantFrom('COUNT', 'MIN', 'MAX', 'SUM', 'AVG', 'VALUES', 'COUNT_DISTINCT'), expr, expr, field).map(([a, e, w, b]) => `STATS s = ${a}(${e}) WHERE ${w}, c = COUNT(*) BY ${b}`),
  expr.map((e) => `SORT ${e} DESC`),
  fc.constantFrom('KEEP n, user.*', 'DROP d', 'RENAME n AS m', 'LIMIT 5', 'MV_EXPAND tags', 'MV_EXPAND source.ip', 'KEEP *'),
  fc.constantFrom(
    'DISSECT user.name "User%{num}"',
    'GROK user.name "%{WORD:w}"',
    'LOOKUP JOIN other ON n',
    'INLINE STATS m = MAX(n) BY tags',
    'FORK (WHERE ok) (STATS c = COUNT(*))',
    'SAMPLE 0.5',
    'EVAL s = DATE_FORMAT("yyyy-MM-dd", @timestamp)'
  )
);
const query = fc.tuple(fc.constantFrom('FROM logs', 'FROM logs, other', 'FROM logs METADATA _id, _index', 'ROW a = 1'), fc.array(command, { maxLength: 4 })).map(([s, cs]) => [s, ...cs].join(' | '));

describe('executor robustness', () => {
  it('answers or throws a 400 EsError for generated queries', () => {
    fc.assert(fc.property(query, (q) => onlyEsErrors(q, [{ p: 'User1' }])), { numRuns: 400 });
  });

  it('answers or throws a 400 EsError for mutated queries and odd params', () => {
    const mutated = fc.tuple(query, fc.nat(), fc.string({ maxLength: 4 })).map(([q, at, ins]) => {
      const i = at % (q.length + 1);
      return q.slice(0, i) + ins + q.slice(i + 1);
    });
    const params = fc.oneof(fc.constant(undefined), fc.array(fc.jsonValue(), { maxLength: 3 }), fc.constant([{ p: { value: [1, 'x'] } }]));
    fc.assert(fc.property(mutated, params, (q, p) => onlyEsErrors(q, p as unknown[] | undefined)), { numRuns: 400 });
  });
});

describe('scan behaviour', () => {
  it('applies the request DocFilter before anything else and counts documents_found', () => {
    const r = executeEsql({ query: 'FROM logs | STATS c = COUNT(*)', filter: (d) => (d.source.d as number) < 1.3 }, catalog);
    expect(r.values).toEqual([[10]]);
    expect(r.documents_found).toBe(10);
  });

  it('SORT + LIMIT keeps exactly the top rows', () => {
    const top = executeEsql({ query: 'FROM logs | SORT d DESC | KEEP n, d | EVAL k = n | LIMIT 3' }, catalog);
    expect(top.values.map((r) => r[0])).toEqual([299, 298, 297]);
    const byName = executeEsql({ query: 'FROM logs | WHERE user.name IS NOT NULL | SORT user.name, n DESC | KEEP user.name, n | LIMIT 2' }, catalog);
    expect(byName.values).toEqual([
      ['User0', null], // DESC puts nulls first
      ['User0', 299],
    ]);
  });

  it('stops scanning once LIMIT is reached when nothing needs all rows', () => {
    const r = executeEsql({ query: 'FROM logs | WHERE ok | LIMIT 2 | KEEP n' }, catalog);
    expect(r.values).toEqual([[null], [2]]);
    expect(r.documents_found).toBe(3);
  });
});
