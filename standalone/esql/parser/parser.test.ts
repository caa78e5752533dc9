import fc from 'fast-check';
import { EsError } from '../types';
import { parseEsql, printEsql, stripLoc } from '.';
import type { Command, Expr } from './ast';

const roundTrip = (q: string) => {
  const a = parseEsql(q);
  const printed = printEsql(a);
  expect(stripLoc(parseEsql(printed))).toEqual(stripLoc(a));
  return printed;
};

const parseError = (q: string): string => {
  try {
    parseEsql(q);
  } catch (e) {
    expect(e).toBeInstanceOf(EsError);
    expect((e as EsError).type).toBe('parsing_exception');
    expect((e as EsError).status).toBe(400);
    return (e as EsError).reason;
  }
  throw new Error(`expected a parsing_exception for ${q}`);
};

const firstExpr = (q: string): Expr => {
  const c = parseEsql(q).commands[1] as Extract<Command, { kind: 'where' }>;
  return stripLoc(c.condition);
};

describe('parseEsql: commands', () => {
  it.each([
    'FROM employees',
    'FROM logs-*, .alerts-security.alerts-* METADATA _id, _index, _version',
    'FROM "this=that", """this[that"""',
    'FROM cluster_one:employees-00001,cluster_two:other-employees-*',
    'FROM logs-*::failures',
    'FROM <logs-{now/d}>',
    'ROW a = 1, b = "two", c = null, d = [1, 2], e = 1.5e3, f = .5',
    'SHOW INFO',
    'TS metrics-* | STATS MAX(RATE(requests)) BY TBUCKET(1 hour)',
    'FROM employees | WHERE still_hired == true AND salary > 50000 OR NOT is_rehired',
    'FROM employees | EVAL height_feet = height * 3.281, height_cm = height * 100',
    'FROM employees | STATS count = COUNT(emp_no) BY languages | SORT languages',
    'FROM employees | STATS avg_lang = AVG(languages), max_lang = MAX(languages) BY l = languages, g = gender',
    'FROM employees | STATS avg50s = AVG(salary)::LONG WHERE birth_date < "1960-01-01", avg60s = AVG(salary)::LONG WHERE birth_date >= "1960-01-01" BY gender',
    'FROM employees | STATS BY gender',
    'FROM employees | INLINE STATS max_salary = MAX(salary) BY languages',
    'FROM employees | INLINESTATS max_salary = MAX(salary)',
    'FROM employees | KEEP first_name, last_name, h*, *',
    'FROM employees | DROP height*',
    'FROM employees | RENAME first_name AS fn, last_name AS ln',
    'FROM employees | RENAME fn = first_name',
    'FROM employees | SORT height DESC NULLS LAST, first_name ASC NULLS FIRST, last_name',
    'FROM employees | LIMIT 5',
    'ROW a=[1,2,3], b="b" | MV_EXPAND a',
    'ROW a = "2023-01-23T12:15:00.000Z - some text - 127.0.0.1" | DISSECT a """%{date} - %{msg} - %{ip}""" APPEND_SEPARATOR = ", "',
    'ROW a = "x" | GROK a """%{TIMESTAMP_ISO8601:date} %{IP:ip}""", "%{WORD:w}"',
    'ROW language_code = "1" | ENRICH languages_policy ON language_code WITH name = language_name, other',
    'ROW a = "1" | ENRICH _remote:languages_policy',
    'FROM firewall_logs | LOOKUP JOIN threat_list ON source.IP',
    'FROM a | LOOKUP JOIN b ON x, y',
    'FROM employees | FORK (WHERE emp_no == 10001) (WHERE emp_no == 10002 | LIMIT 2) | SORT emp_no',
    'FROM k8s | STATS count = COUNT() BY @timestamp = BUCKET(@timestamp, 1 hour) | CHANGE_POINT count ON @timestamp AS type, pvalue',
    'FROM employees | SAMPLE 0.25',
    'FROM books | COMPLETION answer = CONCAT("Summarize ", title) WITH {"inference_id": "my_llm"}',
    'FROM books | RERANK score = "hobbits" ON title, description WITH {"inference_id": "reranker"}',
    'FROM books METADATA _score | FORK (WHERE title:"a") (WHERE title:"b") | FUSE RRF KEY BY _id GROUP BY _fork WITH {"rank_constant": 60}',
    'SET project_routing = "x"; FROM a',
  ])('%s', (q) => {
    roundTrip(q);
  });

  it('keeps FROM sources and metadata', () => {
    const q = parseEsql('from logs-*,other METADATA _id, _index');
    expect(stripLoc(q.commands[0])).toEqual({ kind: 'from', sources: [{ name: 'logs-*' }, { name: 'other' }], metadata: [{ name: '_id' }, { name: '_index' }] });
  });

  it('accepts keywords in any case', () => {
    expect(stripLoc(parseEsql('fRoM a | wHeRe x iS nOt NuLl | SoRt x DeSc NuLlS fIrSt'))).toEqual(stripLoc(parseEsql('FROM a | WHERE x IS NOT NULL | SORT x DESC NULLS FIRST')));
  });

  it('reads both RENAME forms as from -> to', () => {
    const a = parseEsql('FROM e | RENAME a AS b').commands[1];
    const b = parseEsql('FROM e | RENAME b = a').commands[1];
    expect(stripLoc(a)).toEqual(stripLoc(b));
  });
});

describe('parseEsql: expressions', () => {
  it('gives AND precedence over OR and NOT over AND', () => {
    expect(firstExpr('FROM a | WHERE NOT a OR b AND c')).toEqual({
      kind: 'binary',
      op: 'or',
      left: { kind: 'unary', op: 'not', operand: { kind: 'column', name: 'a' } },
      right: { kind: 'binary', op: 'and', left: { kind: 'column', name: 'b' }, right: { kind: 'column', name: 'c' } },
    });
  });

  it('binds * over + and casts tightest', () => {
    expect(printEsql(parseEsql('ROW x = (1 + 2) * 3 - -a::long'))).toBe('ROW x = (1 + 2) * 3 - -a::long');
    expect(stripLoc(parseEsql('ROW x = -a::long').commands[0])).toEqual({
      kind: 'row',
      fields: [{ name: { kind: 'column', name: 'x' }, expr: { kind: 'unary', op: '-', operand: { kind: 'cast', to: 'long', value: { kind: 'column', name: 'a' } } } }],
    });
  });

  it('parses IN, LIKE lists, RLIKE, IS NULL, =~ and match', () => {
    const e = firstExpr('FROM a | WHERE x NOT IN (1, 2) AND y LIKE ("a*", "b?") AND z NOT RLIKE "r.*" AND w IS NULL AND u =~ "A" AND title:"x"');
    expect(JSON.stringify(e)).toContain('"kind":"in","not":true');
    expect(JSON.stringify(e)).toContain('"kind":"like","op":"like","not":false');
    expect(JSON.stringify(e)).toContain('"list":true');
    expect(JSON.stringify(e)).toContain('"op":"rlike","not":true');
    expect(JSON.stringify(e)).toContain('"kind":"is_null","not":false');
    expect(JSON.stringify(e)).toContain('"op":"=~"');
    expect(JSON.stringify(e)).toContain('"kind":"match"');
  });

  it('parses params of every form', () => {
    const e = firstExpr('FROM a | WHERE ?  == ?name AND ?1 == ??field AND ??fn(x) == 1');
    const params = JSON.stringify(e);
    expect(params).toContain('{"kind":"param","form":"anonymous","identifier":false}');
    expect(params).toContain('{"kind":"param","form":"named","name":"name","identifier":false}');
    expect(params).toContain('{"kind":"param","form":"positional","position":1,"identifier":false}');
    expect(params).toContain('"name":"??field"');
    expect(params).toContain('"nameParam":{"kind":"param","form":"named","name":"fn","identifier":true}');
  });

  it('parses time spans with and without a space', () => {
    const row = stripLoc(parseEsql('ROW a = 1 hour, b = 30minutes, c = 2 DAYS').commands[0]) as Extract<Command, { kind: 'row' }>;
    expect(row.fields.map((f) => f.expr)).toEqual([
      { kind: 'literal', dataType: 'timespan', value: 1, unit: 'hour' },
      { kind: 'literal', dataType: 'timespan', value: 30, unit: 'minutes' },
      { kind: 'literal', dataType: 'timespan', value: 2, unit: 'DAYS' },
    ]);
  });

  it('unquotes backtick segments, incl. keyword segments and escaped backticks', () => {
    const c = stripLoc(parseEsql('FROM a | KEEP source.`as`.number, `we``ird`').commands[1]);
    expect(c).toEqual({ kind: 'keep', patterns: [{ name: 'source.as.number' }, { name: 'we`ird' }] });
    expect(roundTrip('FROM a | EVAL x = source.`as`.number + `a b`')).toBe('FROM a | EVAL x = `source.as.number` + `a b`');
  });

  it('decodes string escapes and triple-quoted strings', () => {
    const row = stripLoc(parseEsql('ROW a = "x\\ty\\"z\\\\", b = """raw \\n "quoted" """').commands[0]) as Extract<Command, { kind: 'row' }>;
    expect(row.fields.map((f) => (f.expr as { value: unknown }).value)).toEqual(['x\ty"z\\', 'raw \\n "quoted" ']);
  });

  it('skips line comments and nested block comments', () => {
    expect(stripLoc(parseEsql('FROM a /* one /* two */ still */ | LIMIT 1 // trailing'))).toEqual(stripLoc(parseEsql('FROM a | LIMIT 1')));
  });

  it('parses function options and arrays', () => {
    roundTrip('FROM a | WHERE MATCH(title, "x", {"fuzziness": "AUTO", "boost": 2.5, "operator": "AND"}) | EVAL ip = TO_IP(s, {"leading_zeros": "octal"})');
    roundTrip('ROW a = [true, false], b = ["x", "y"], c = [1.5, -2]');
  });
});

describe('parseEsql: keywords inside dotted names follow the lexer mode of the command', () => {
  // KEEP/DROP (PROJECT_MODE) and MV_EXPAND (MVEXPAND_MODE) lex no keywords; RENAME only `as`; ENRICH fields only
  // `with`; CHANGE_POINT `on` and `as`; expression commands the Expression.g4 list (and, by, in, is, not, on, or,
  // with, ...) which has no `as` in any released 9.x (see RESERVED in parser.ts for the Elasticsearch sources).
  it.each([
    ['FROM a | KEEP source.as.organization.name, a.by, b.on, c.with, d.not', ['source.as.organization.name', 'a.by', 'b.on', 'c.with', 'd.not']],
    ['FROM a | DROP source.as.*', ['source.as.*']],
  ])('%s', (q, names) => {
    const c = parseEsql(q).commands[1] as Extract<Command, { kind: 'keep' | 'drop' }>;
    expect(c.patterns.map((p) => p.name)).toEqual(names);
  });

  it('MV_EXPAND, RENAME and ENRICH take the keywords their modes do not lex', () => {
    expect((parseEsql('FROM a | MV_EXPAND source.as.number').commands[1] as Extract<Command, { kind: 'mv_expand' }>).column.name).toBe('source.as.number');
    const r = parseEsql('FROM a | RENAME source.on.x AS y.by').commands[1] as Extract<Command, { kind: 'rename' }>;
    expect(r.renames.map((x) => [x.from.name, x.to.name])).toEqual([['source.on.x', 'y.by']]);
    const e = parseEsql('FROM a | ENRICH p ON source.as.number WITH x.on = y.as').commands[1] as Extract<Command, { kind: 'enrich' }>;
    expect([e.on?.name, e.with[0].name?.name, e.with[0].field.name]).toEqual(['source.as.number', 'x.on', 'y.as']);
  });

  it('accepts an unquoted `as` segment in expressions, as Elasticsearch 8.19/9.x do (EXPRESSION_MODE has no AS)', () => {
    expect(firstExpr('FROM logs-* | WHERE source.as.organization.name == "x"')).toMatchObject({
      kind: 'binary',
      op: '==',
      left: { kind: 'column', name: 'source.as.organization.name' },
    });
    const stats = parseEsql('FROM a | STATS c = COUNT_DISTINCT(source.as.number) BY source.as.organization.name')
      .commands[1] as Extract<Command, { kind: 'stats' }>;
    expect(stats.aggs[0]).toMatchObject({ name: { name: 'c' }, expr: { kind: 'call', args: [{ name: 'source.as.number' }] } });
    expect(stats.by[0].expr).toMatchObject({ kind: 'column', name: 'source.as.organization.name' });
    const ev = parseEsql('FROM a | EVAL x = COALESCE(source.as.organization.name, "u"), as = 1 | SORT client.as.number DESC')
      .commands;
    expect(ev[1]).toMatchObject({
      fields: [
        { name: { name: 'x' }, expr: { kind: 'call', args: [{ name: 'source.as.organization.name' }, { value: 'u' }] } },
        { name: { name: 'as' } },
      ],
    });
    expect(ev[2]).toMatchObject({ orders: [{ expr: { name: 'client.as.number' }, dir: 'desc' }] });
    // `as` as a first segment and after LOOKUP JOIN ... ON (which switches to EXPRESSION_MODE)
    expect(firstExpr('FROM a | WHERE as.x > 1')).toMatchObject({ left: { name: 'as.x' } });
    const join = parseEsql('FROM a | LOOKUP JOIN asn_lookup ON source.as.number').commands[1] as Extract<Command, { kind: 'join' }>;
    expect(join.on).toMatchObject([{ kind: 'column', name: 'source.as.number' }]);
    // unquoted and quoted spellings name the same column
    expect(stripLoc(parseEsql('FROM a | WHERE source.as.number > 1'))).toEqual(stripLoc(parseEsql('FROM a | WHERE source.`as`.number > 1')));
  });

  it('prints `as` segments quoted, which every lexer mode accepts', () => {
    expect(printEsql(parseEsql('FROM a | WHERE source.as.number > 1 | RENAME source.`as`.number AS n'))).toBe(
      'FROM a | WHERE `source.as.number` > 1 | RENAME `source.as.number` AS n',
    );
  });

  it('accepts `metadata` (not an expression token) and backtick-quoted keywords anywhere', () => {
    expect(firstExpr('FROM a | WHERE x.metadata == 1')).toMatchObject({ left: { name: 'x.metadata' } });
    expect(firstExpr('FROM a | WHERE source.`as`.number == 1 AND `by`.`on` == 2')).toMatchObject({
      left: { left: { name: 'source.as.number' } },
      right: { left: { name: 'by.on' } },
    });
  });
});

describe('parseEsql: errors look like Elasticsearch', () => {
  it.each([
    ['FROM', 'line 1:5: '],
    ['FROM a | WHERE', 'line 1:15: '],
    ['FROM a |\n| LIMIT 1', 'line 2:1: '],
    ['FROM a | EVAL x = 1 foo', "line 1:19: Unexpected temporal unit: 'foo'"],
    ['FROM a | WHERE (a', "line 1:18: mismatched input <EOF> expecting ')'"],
    ['ROWX a = 1', "line 1:1: mismatched input 'ROWX'"],
    ['FROM a | WHERE source.not.number > 1', "line 1:23: no viable alternative at input 'not'"],
    ['FROM a | STATS c = COUNT(*) BY source.by.number', "line 1:39: no viable alternative at input 'by'"],
    ['FROM a | CHANGE_POINT source.as.number', "line 1:30: no viable alternative at input 'as'"],
    ['FROM a | CHANGE_POINT v ON k AS t, x.on', "line 1:38: no viable alternative at input 'on'"],
    ['FROM a | EVAL x = a.on', "line 1:21: no viable alternative at input 'on'"],
    ['FROM a | SORT a.by', "line 1:17: no viable alternative at input 'by'"],
    ['FROM a | RENAME source.as.number AS n', "line 1:24: mismatched input 'as'"],
    ['FROM a | ENRICH p ON a.with.b', "line 1:24: mismatched input 'with'"],
    ['FROM a | FOO', "line 1:10: mismatched input 'FOO'"],
    ['FROM a | WHERE x == "unterminated', 'line 1:21: token recognition error'],
    ['FROM a /* open', 'line 1:8: token recognition error'],
    ['FROM a | EVAL x = ``', 'line 1:19: token recognition error'],
  ])('%s', (q, reason) => {
    expect(parseError(q)).toContain(reason);
  });
});

// ---- property tests ----------------------------------------------------------------------------------

const ident = fc.constantFrom('a', 'b', 'source.ip', '@timestamp', 'user.name', '`x y`', 'source.`as`.number', 'f1');
const literal = fc.oneof(
  fc.integer({ min: 0, max: 1_000_000 }).map(String),
  fc.double({ min: 0, max: 1e6, noNaN: true }).map((d) => (Number.isInteger(d) ? `${d}.0` : String(d))),
  fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s).replace(/\\u[0-9a-f]{4}/g, '')),
  fc.constantFrom('null', 'true', 'false', '1 hour', '2 days', '?', '?p1', '?1', '[1, 2]', '["a", "b"]')
);
const { expr } = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    literal,
    ident,
    fc.tuple(fc.constantFrom('+', '-', '*', '/', '%', '==', '!=', '<', '>=', '=~', 'AND', 'OR'), tie('expr'), tie('expr')).map(([op, l, r]) => `(${l}) ${op} (${r})`),
    tie('expr').map((e) => `NOT (${e})`),
    tie('expr').map((e) => `-(${e})`),
    tie('expr').map((e) => `(${e}) IS NOT NULL`),
    tie('expr').map((e) => `(${e})::ip`),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `(${a}) NOT IN ((${b}), 1)`),
    tie('expr').map((e) => `(${e}) LIKE ("a*", "b")`),
    fc.tuple(fc.constantFrom('COALESCE', 'to_lower', 'Case', 'MV_SLICE'), fc.array(tie('expr'), { minLength: 1, maxLength: 3 })).map(([f, args]) => `${f}(${args.join(', ')})`)
  ),
}));
const command = fc.oneof(
  expr.map((e) => `WHERE ${e}`),
  fc.tuple(ident, expr).map(([n, e]) => `EVAL ${n} = ${e}, ${e}`),
  fc.tuple(expr, expr, ident).map(([a, w, b]) => `STATS c = COUNT(*) WHERE ${w}, m = MAX(${a}) BY ${b}, k = ${a}`),
  fc.tuple(expr, fc.constantFrom('', ' ASC', ' DESC NULLS FIRST')).map(([e, d]) => `SORT ${e}${d}`),
  fc.constantFrom('KEEP a*, b', 'DROP `x y`', 'RENAME a AS b', 'LIMIT 10', 'MV_EXPAND a', 'DISSECT a "%{x}"', 'LOOKUP JOIN l ON a')
);
const query = fc.tuple(fc.constantFrom('FROM logs-*, .alerts-* METADATA _id', 'ROW a = 1'), fc.array(command, { maxLength: 4 })).map(([s, cs]) => [s, ...cs].join(' | '));

const onlyParsingErrors = (q: string) => {
  try {
    parseEsql(q);
  } catch (e) {
    if (!(e instanceof EsError) || e.type !== 'parsing_exception' || !/^line \d+:\d+: /.test(e.reason)) throw e;
  }
};

describe('parseEsql: properties', () => {
  it('prints generated queries so that re-parsing gives the same tree', () => {
    fc.assert(
      fc.property(query, (q) => {
        const a = parseEsql(q);
        const b = parseEsql(printEsql(a));
        expect(stripLoc(b)).toEqual(stripLoc(a));
        expect(printEsql(b)).toBe(printEsql(a));
      }),
      { numRuns: 300 }
    );
  });

  it('throws nothing but parsing_exception on mutated queries', () => {
    const mutated = fc.tuple(query, fc.array(fc.tuple(fc.nat(), fc.nat(), fc.string({ maxLength: 3 })), { minLength: 1, maxLength: 4 })).map(([q, edits]) => {
      let s = q;
      for (const [at, del, ins] of edits) {
        const i = at % (s.length + 1);
        s = s.slice(0, i) + ins + s.slice(i + (del % 4));
      }
      return s;
    });
    fc.assert(fc.property(mutated, onlyParsingErrors), { numRuns: 1000 });
  });

  it('throws nothing but parsing_exception on random token soup', () => {
    const token = fc.constantFrom('FROM', 'ROW', '|', 'WHERE', 'EVAL', 'STATS', 'BY', 'a', '1', '1.5', '"s"', '(', ')', '[', ']', '{', '}', ',', '=', '==', '::', ':', '?', '??x', 'NOT', 'IN', 'LIKE', 'IS', 'NULL', '`q`', '/*', '*/', '//', '\n', 'METADATA', '*', '-', '.', '"""', 'SORT', 'DESC', 'NULLS', 'KEEP', 'FORK', 'ENRICH', 'ON', 'WITH');
    fc.assert(
      fc.property(fc.array(token, { maxLength: 25 }), (ts) => onlyParsingErrors(ts.join(' '))),
      { numRuns: 1000 }
    );
    fc.assert(fc.property(fc.string({ maxLength: 40 }), onlyParsingErrors), { numRuns: 500 });
  });

  it('fails deep nesting with a parsing_exception, not a stack overflow', () => {
    expect(parseError('ROW a = ' + '('.repeat(5000) + '1' + ')'.repeat(5000))).toMatch(/^line 1:\d+: /);
    expect(parseError('ROW a = ' + '-'.repeat(5000) + '1')).toMatch(/^line 1:\d+: /);
  });
});
