// Elasticsearch's ES|QL semantics pinned case by case. Each expectation comes from Elasticsearch's own source or
// tests (paths under x-pack/plugin/esql/ of elastic/elasticsearch, named in each block).
import { executeEsql } from '.';
import { EsError, type EsqlResult } from '../types';
import { testCatalog } from './test_catalog';

const catalog = testCatalog({
  t: {
    fields: { f: 'keyword', i: 'integer', n: 'long', d: 'date', m: 'keyword', s: 'keyword' },
    docs: [
      { f: 'aa', i: 1, n: 9223372036854775000, d: '2024-01-01T00:00:00Z', m: ['x', 'y'], s: '1.1.010.1' },
      { f: 'bbb', i: 2, n: 9223372036854775000, d: '2024-01-02T00:00:00Z', m: 'z', s: '10.0.0.1' },
      { f: 'bc', i: 4, n: 5, d: '2024-01-03T00:00:00Z', m: 'w', s: 'nope' },
    ],
  },
});

const run = (query: string): EsqlResult => executeEsql({ query }, catalog);
const table = (r: EsqlResult) => [r.columns.map((c) => `${c.name}:${c.type}`), ...r.values];
const LIMIT = 'No limit defined, adding default limit of [1000]';
const fails = (query: string): EsError => {
  try {
    run(query);
  } catch (e) {
    expect(e).toBeInstanceOf(EsError);
    return e as EsError;
  }
  throw new Error(`expected ${query} to fail`);
};
const verification = (query: string) => {
  const e = fails(query);
  expect(e.type).toBe('verification_exception');
  return e.reason.replace(/^Found 1 problem\n/, '');
};

describe('mixed numeric branches (Analyzer.ImplicitCasting, PRs #111917 / #122601)', () => {
  it('casts later numeric arguments to the first numeric type when they widen to it', () => {
    // Issue #121890's query, resolved by #122601: CASE(Double, Int) is a double.
    expect(table(run('ROW a = 0 | EVAL b = CASE(a == 0, 1.5, 2), c = CASE(a != 0, 1.5, 2) | KEEP b, c'))).toEqual([['b:double', 'c:double'], [1.5, 2]]);
    expect(table(run('ROW l = 5::long | EVAL x = COALESCE(l, null, 0), y = CASE(l > 9, l, 1) | KEEP x, y'))).toEqual([['x:long', 'y:long'], [5, 1]]);
    expect(table(run('ROW a = 1 | EVAL g = GREATEST(1.5, 2), l = LEAST(3::long, 2) | KEEP g, l'))).toEqual([['g:double', 'l:long'], [2, 2]]);
  });

  it('casts nothing when a later type is wider than the first, and reports the argument like Case.resolveValueType', () => {
    // The default of CASE(c, v, default) is the third argument (ordinal 2 * conditions).
    expect(verification('ROW a = 1 | EVAL x = CASE(a > 0, 1, 2.5)')).toBe(
      'line 1:22: third argument of [CASE(a > 0, 1, 2.5)] must be [integer], found value [2.5] type [double]'
    );
    expect(verification('ROW a = 1 | EVAL x = CASE(a > 0, 1, a > 1, 2.5, 3)')).toBe(
      'line 1:22: fourth argument of [CASE(a > 0, 1, a > 1, 2.5, 3)] must be [integer], found value [2.5] type [double]'
    );
    expect(verification('ROW a = 1 | EVAL x = COALESCE(2, 1::long)')).toBe(
      'line 1:22: second argument of [COALESCE(2, 1::long)] must be [integer], found value [1::long] type [long]'
    );
  });
});

describe('string literals cast implicitly (Analyzer.ImplicitCasting)', () => {
  it('casts a string literal in a datetime parameter', () => {
    expect(table(run('ROW x = DATE_DIFF("day", "2024-01-01", "2024-02-01"), y = DATE_EXTRACT("year", "2023-07-01T10:00:00Z")'))).toEqual([
      ['x:integer', 'y:long'],
      [31, 2023],
    ]);
  });

  it('casts a string literal next to a time span in + and - to a datetime', () => {
    expect(table(run('ROW a = "2024-01-01" + 1 day, b = "2024-01-01" - 1 hour, c = 1 week + "2024-01-01"'))).toEqual([
      ['a:date', 'b:date', 'c:date'],
      ['2024-01-02T00:00:00.000Z', '2023-12-31T23:00:00.000Z', '2024-01-08T00:00:00.000Z'],
    ]);
  });

  it('reads a string literal in a date_period / time_duration parameter as a span (date_trunc("1 minute", dateField))', () => {
    expect(table(run('FROM t | EVAL h = DATE_TRUNC("1 hour", d) | STATS c = COUNT(*) BY m = BUCKET(d, "1 month"), h'))).toEqual([
      ['c:long', 'm:date', 'h:date'],
      [1, '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z'],
      [1, '2024-01-01T00:00:00.000Z', '2024-01-02T00:00:00.000Z'],
      [1, '2024-01-01T00:00:00.000Z', '2024-01-03T00:00:00.000Z'],
    ]);
  });

  it('reports an unparsable literal at the literal, and never casts a function result', () => {
    expect(verification('ROW x = DATE_DIFF("day", "2024-01-01", "nope")')).toBe(
      'line 1:40: Cannot convert string [nope] to [DATETIME], error [failed to parse date field [nope] with format [strict_date_optional_time]]'
    );
    expect(verification('ROW x = DATE_DIFF("day", CONCAT("2024-01-", "01"), "2024-02-01")')).toMatch(
      /^line 1:9: second argument of \[.*\] must be \[date_nanos or datetime\], found value \[CONCAT\("2024-01-", "01"\)\] type \[keyword\]$/
    );
  });
});

describe('date arithmetic with null (EsqlDataTypeConverter.commonType, DateTimeArithmeticOperation)', () => {
  it('types the result after the non-null operand', () => {
    expect(table(run('ROW a = TO_DATETIME("2024-01-01") + null, b = null - TO_DATETIME("2024-01-01"), c = 1 + null, d = null + null'))).toEqual([
      ['a:date', 'b:date', 'c:integer', 'd:null'],
      [null, null, null, null],
    ]);
  });

  it('rejects a date_period / time_duration result in EVAL and ROW (Eval.postAnalysisVerification, Verifier.checkRow)', () => {
    // AnalyzerTests.testPeriodAndDurationInEval: "1:18: EVAL does not support type [time_duration] ..."
    expect(verification('row x = 1 | eval y = 1 hour')).toBe('line 1:18: EVAL does not support type [time_duration] as the return data type of expression [1 hour]');
    expect(verification('row x = 1 | eval y = null + 1 day')).toBe('line 1:18: EVAL does not support type [date_period] as the return data type of expression [null + 1 day]');
    expect(verification('ROW x = null + 1 day')).toBe('line 1:9: cannot use [null + 1 day] directly in a row assignment');
  });

  it('allows date math with null only for + and -', () => {
    expect(verification('ROW a = 1 | EVAL y = null * 1 hour')).toBe('line 1:22: second argument of [null * 1 hour] must be [numeric], found value [1 hour] type [time_duration]');
  });
});

describe('type errors of arithmetic point at the operation (VerifierTests.testIncompatibleTypesInMathOperation)', () => {
  it('reports the operand ordinal with the location of the whole expression', () => {
    expect(verification('row a = 1, b = 2, c = "xxx" | eval y = a + c')).toMatch(/^line 1:40: second argument of \[a \+ c\] must be \[.*numeric.*\], found value \[c\] type \[keyword\]$/);
    expect(verification('row a = 1, c = "xxx" | eval y = a * c')).toBe('line 1:33: second argument of [a * c] must be [numeric], found value [c] type [keyword]');
  });
});

describe('runtime warnings', () => {
  it('single-value functions over a multi-value: null plus the two evaluation warnings', () => {
    const r = run('FROM t | EVAL l = LENGTH(m) | KEEP l');
    expect(r.values).toEqual([[null], [1], [1]]);
    expect(r.warnings).toEqual([
      LIMIT,
      'Line 1:19: evaluation of [LENGTH(m)] failed, treating result as null. Only first 20 failures recorded.',
      'Line 1:19: java.lang.IllegalArgumentException: single-value function encountered multi-value',
    ]);
  });

  it('long overflow in arithmetic (Math.multiplyExact) and in SUM (SumLongAggregator, warnExceptions = ArithmeticException)', () => {
    const r = run('ROW x = 4611686018427387904 * 2');
    expect(table(r)).toEqual([['x:long'], [null]]);
    expect(r.warnings).toEqual([
      LIMIT,
      'Line 1:9: evaluation of [4611686018427387904 * 2] failed, treating result as null. Only first 20 failures recorded.',
      'Line 1:9: java.lang.ArithmeticException: long overflow',
    ]);
    const s = run('FROM t | STATS s = SUM(n), t = SUM(i)');
    expect(table(s)).toEqual([['s:long', 't:long'], [null, 7]]);
    expect(s.warnings).toEqual([
      LIMIT,
      'Line 1:20: evaluation of [SUM(n)] failed, treating result as null. Only first 20 failures recorded.',
      'Line 1:20: java.lang.ArithmeticException: long overflow',
    ]);
    // Per group: only the overflowing group is null. The test catalog's source holds the double nearest to
    // 9223372036854775000, i.e. the long 9223372036854774784 (exact, a BigInt beyond 2^53).
    expect(run('FROM t | STATS s = SUM(n) BY i | SORT i').values).toEqual([
      [9223372036854774784n, 1],
      [9223372036854774784n, 2],
      [5, 4],
    ]);
  });

  it('explicit NULL literals where nulls propagate (WarnNullMisuse; cases of FoldNullWarningTests)', () => {
    const w = (q: string) => run(q).warnings.filter((x) => x !== LIMIT);
    expect(w('ROW emp_no = 1\n| EVAL x = emp_no == NULL')).toEqual(['Line 2:12: Expression [emp_no == NULL] always evaluates to NULL, did you mean [emp_no IS NULL]?']);
    expect(w('ROW emp_no = 1\n| EVAL x = emp_no != NULL')).toEqual(['Line 2:12: Expression [emp_no != NULL] always evaluates to NULL, did you mean [emp_no IS NOT NULL]?']);
    expect(w('ROW emp_no = 1\n| EVAL x = NOT (emp_no == NULL)')).toEqual([
      'Line 2:12: Expression [NOT (emp_no == NULL)] always evaluates to NULL, did you mean [emp_no IS NOT NULL]?',
    ]);
    expect(w('ROW emp_no = 1\n| EVAL x = NULL == emp_no')).toEqual(['Line 2:12: Expression [NULL == emp_no] always evaluates to NULL, did you mean [emp_no IS NULL]?']);
    expect(w('ROW emp_no = 1\n| EVAL x = emp_no + NULL')).toEqual(['Line 2:12: Expression [emp_no + NULL] always evaluates to NULL.']);
    expect(w('ROW a = "x", b = "y", f = "z"\n| EVAL c = f == CONCAT(a, CONCAT(NULL, b))')).toEqual(['Line 2:27: Expression [CONCAT(NULL, b)] always evaluates to NULL.']);
    expect(w('FROM t\n  | KEEP i\n  | EVAL values = i + NULL')).toEqual(['Line 3:19: Expression [i + NULL] always evaluates to NULL.']);
    // A null-typed reference is no NULL literal; COALESCE and IS NULL handle nulls.
    expect(w('ROW x = null\n| WHERE x == 5')).toEqual([]);
    expect(w('ROW a = 1 | EVAL b = COALESCE(a, NULL), c = a IS NULL')).toEqual([]);
  });

  it('puts the implicit-limit warning first, before warnings of planning and evaluation', () => {
    expect(run('ROW x = 5 / 0').warnings[0]).toBe(LIMIT);
  });
});

describe('STATS name overrides (RemoveStatsOverride; LogicalPlanOptimizerTests.testRemoveOverridesInAggregate)', () => {
  it('keeps the last same-named aggregate and warns for each dropped one', () => {
    const r = run('FROM t\n| stats x = count(i), x = min(i), x = max(i) by f\n| sort x');
    expect(table(r)).toEqual([['x:integer', 'f:keyword'], [1, 'aa'], [2, 'bbb'], [4, 'bc']]);
    // Same shape as Elasticsearch's test query (`count(emp_no)` there, hence its 2:28 / 2:45).
    expect(r.warnings).toEqual([LIMIT, "Line 2:23: Field 'x' shadowed by field at line 2:35", "Line 2:9: Field 'x' shadowed by field at line 2:35"]);
  });

  it('lets a grouping win over same-named aggregates (testAggsWithOverridingInputAndGrouping)', () => {
    const r = run('FROM t\n| stats b = count(i), b = max(i) by b = i\n| sort b');
    expect(table(r)).toEqual([['b:integer'], [1], [2], [4]]);
    expect(r.warnings).toEqual([LIMIT, "Line 2:23: Field 'b' shadowed by field at line 2:37", "Line 2:9: Field 'b' shadowed by field at line 2:37"]);
  });

  it('drops an overridden grouping from the grouping itself', () => {
    const r = run('FROM t | STATS c = COUNT(*) BY x = f, x = i % 2 | SORT x');
    // Grouped by i % 2 alone (i is 1, 2, 4).
    expect(table(r)).toEqual([['c:long', 'x:integer'], [2, 0], [1, 1]]);
    expect(r.warnings).toEqual([LIMIT, "Line 1:32: Field 'x' shadowed by field at line 1:39"]);
  });
});

describe('aggregates over grouping keys (Analyzer.resolveAggregate, Verifier.checkInvalidNamedExpressionUsage)', () => {
  it('resolves a name inside an aggregate to the grouping alias that shadows the column', () => {
    // f inside MAX is the one-letter grouping value, not the original field.
    expect(table(run('FROM t | STATS x = MAX(LENGTH(f)) + 1 BY f = SUBSTRING(f, 1, 1) | SORT f'))).toEqual([['x:integer', 'f:keyword'], [2, 'a'], [2, 'b']]);
    expect(table(run('FROM t | STATS c = COUNT(*) WHERE g == "b", v = VALUES(g) BY g = SUBSTRING(f, 1, 1) | SORT g'))).toEqual([
      ['c:long', 'v:keyword', 'g:keyword'],
      [0, 'a', 'a'],
      [2, 'b', 'b'],
    ]);
  });

  it('allows scalar expressions mixing aggregates and grouping keys', () => {
    expect(table(run('FROM t | STATS x = MAX(i) + MIN(i) * g, y = g + 1 BY g = i % 2 | SORT g'))).toEqual([
      ['x:integer', 'y:integer', 'g:integer'],
      [4, 1, 0],
      [2, 2, 1],
    ]);
  });

  it('rejects what the Verifier rejects, with its messages', () => {
    expect(verification('FROM t | STATS g BY g = f')).toBe('line 1:16: grouping key [g] cannot be used as an aggregate once declared in the STATS BY clause');
    expect(verification('FROM t | STATS x = f BY g = SUBSTRING(f, 1, 1)')).toBe(
      'line 1:20: column [f] cannot be used as an aggregate once declared in the STATS BY grouping key [g = SUBSTRING(f, 1, 1)]'
    );
    expect(verification('FROM t | STATS x = i BY f')).toBe('line 1:20: column [i] must appear in the STATS BY clause or be used in an aggregate function');
    expect(verification('FROM t | STATS x = 1 BY f')).toBe('line 1:20: expected an aggregate function but found [1]');
    // AnalyzerTests.testAggsExpressionsInStatsAggs
    expect(verification('from t | stats max(max(i)) by f')).toBe('line 1:20: nested aggregations [max(i)] not allowed inside other aggregations [max(max(i))]');
  });
});

describe('TO_IP leading_zeros (ToIp.java, ParseIp.java)', () => {
  it('parses leading zeros as octal or decimal, or rejects them (the default)', () => {
    const r = run(
      'FROM t | WHERE s != "nope" | EVAL o = TO_IP(s, {"leading_zeros": "octal"}), d = TO_IP(s, {"leading_zeros": "decimal"}), r = TO_IP(s, {"leading_zeros": "reject"}), x = TO_IP(s) | KEEP o, d, r, x | SORT o'
    );
    expect(table(r)).toEqual([
      ['o:ip', 'd:ip', 'r:ip', 'x:ip'],
      ['1.1.8.1', '1.1.10.1', null, null],
      ['10.0.0.1', '10.0.0.1', '10.0.0.1', '10.0.0.1'],
    ]);
    expect(r.warnings).toContain("Line 1:125: java.lang.IllegalArgumentException: '1.1.010.1' is not an IP string literal.");
  });

  it('matches ip.csv-spec (convertFromStringLeadingZeros*, convertFromStringFancy, toIpInAggOctal)', () => {
    expect(table(run('ROW s = "1.1.010.1" | EVAL ip = TO_IP(s, {"leading_zeros":"decimal"})'))).toEqual([['s:keyword', 'ip:ip'], ['1.1.010.1', '1.1.10.1']]);
    expect(table(run('ROW s = "1.1.010.1" | EVAL ip = TO_IP(s, {"leading_zeros":"octal"})'))).toEqual([['s:keyword', 'ip:ip'], ['1.1.010.1', '1.1.8.1']]);
    expect(
      run('ROW m = ["Pinging 192.168.86.046", "Doing java stuff for 192.168.86.038"] | MV_EXPAND m | EVAL c = CASE(STARTS_WITH(m, "Pinging"), TO_IP(REPLACE(m, "Pinging ", ""), {"leading_zeros": "octal"}), TO_IP(REPLACE(m, "Doing java stuff for ", ""), {"leading_zeros": "decimal"})) | KEEP c').values
    ).toEqual([['192.168.86.38'], ['192.168.86.38']]);
    expect(table(run('ROW s = "1.1.010.1" | STATS COUNT(*) BY ip = TO_IP(s, {"leading_zeros":"octal"})'))).toEqual([['COUNT(*):long', 'ip:ip'], [1, '1.1.8.1']]);
  });

  it('validates the options like ToIp.resolveType', () => {
    expect(verification('ROW x = TO_IP("1.1.1.1", {"leading_zero": "octal"})')).toBe('line 1:9: [leading_zero] is not a supported option');
    expect(verification('ROW x = TO_IP("1.1.1.1", {"leading_zeros": 1})')).toBe('line 1:9: [leading_zeros] expects [KEYWORD] but was [INTEGER]');
    expect(verification('ROW x = TO_IP("1.1.1.1", {"leading_zeros": "hex"})')).toBe('line 1:9: Illegal leading_zeros [hex]');
  });
});
