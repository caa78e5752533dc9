// Cases built from the ES|QL reference's own examples (input, query, expected table), over a small
// `employees`-style index and ROW sources.
import { executeEsql } from '.';
import type { EsqlResult } from '../types';
import { testCatalog } from './test_catalog';

const employees = testCatalog({
  employees: {
    fields: {
      emp_no: 'integer',
      first_name: 'keyword',
      last_name: 'keyword',
      height: 'double',
      salary: 'integer',
      languages: 'integer',
      gender: 'keyword',
      birth_date: 'date',
      hire_date: 'date',
      still_hired: 'boolean',
      job_positions: 'keyword',
    },
    docs: [
      { emp_no: 10001, first_name: 'Georgi', last_name: 'Facello', height: 2.03, salary: 57305, languages: 2, gender: 'M', birth_date: '1953-09-02T00:00:00Z', hire_date: '1986-06-26T00:00:00Z', still_hired: true, job_positions: ['Senior Python Developer', 'Accountant'] },
      { emp_no: 10002, first_name: 'Bezalel', last_name: 'Simmel', height: 2.08, salary: 56371, languages: 5, gender: 'F', birth_date: '1964-06-02T00:00:00Z', hire_date: '1985-11-21T00:00:00Z', still_hired: true, job_positions: 'Senior Team Lead' },
      { emp_no: 10003, first_name: 'Parto', last_name: 'Bamford', height: 1.83, salary: 61805, languages: 4, gender: 'M', birth_date: '1959-12-03T00:00:00Z', hire_date: '1986-08-28T00:00:00Z', still_hired: false },
      { emp_no: 10004, first_name: 'Chirstian', last_name: 'Koblick', height: 1.78, salary: 36174, languages: 5, gender: 'M', birth_date: '1954-05-01T00:00:00Z', hire_date: '1986-12-01T00:00:00Z', still_hired: true },
      { emp_no: 10005, first_name: 'Kyoichi', last_name: 'Maliniak', height: 2.05, salary: 63528, languages: 1, gender: 'M', birth_date: '1955-01-21T00:00:00Z', hire_date: '1989-09-12T00:00:00Z', still_hired: true },
      { emp_no: 10006, first_name: 'Anneke', last_name: 'Preusig', height: 1.56, salary: 60335, languages: 3, gender: 'F', birth_date: '1953-04-20T00:00:00Z', hire_date: '1989-06-02T00:00:00Z', still_hired: false },
      { emp_no: 10007, first_name: 'Tzvetan', last_name: 'Zielinski', height: 1.7, salary: 74572, languages: 4, gender: 'F', birth_date: '1957-05-23T00:00:00Z', hire_date: '1989-02-10T00:00:00Z', still_hired: true },
      { emp_no: 10008, first_name: 'Saniya', last_name: 'Kalloufi', height: 2.1, salary: 43906, languages: 2, gender: 'M', birth_date: '1958-02-19T00:00:00Z', hire_date: '1994-09-15T00:00:00Z', still_hired: false },
      { emp_no: 10009, first_name: 'Sumant', last_name: 'Peac', height: 1.85, salary: 66174, languages: 1, gender: 'F', birth_date: '1952-04-19T00:00:00Z', hire_date: '1985-02-18T00:00:00Z', still_hired: false },
      { emp_no: 10010, first_name: 'Duangkaew', last_name: 'Piveteau', height: 1.7, salary: 45797, gender: null, birth_date: '1963-06-01T00:00:00Z', hire_date: '1989-08-24T00:00:00Z', still_hired: false },
    ],
  },
  hosts: {
    fields: { host: 'keyword', card: 'keyword', ip0: 'ip', ip1: 'ip' },
    docs: [
      { host: 'alpha', card: 'eth0', ip0: '127.0.0.1', ip1: '127.0.0.1' },
      { host: 'alpha', card: 'eth1', ip0: '127.0.0.1', ip1: '::1' },
      { host: 'beta', card: 'eth0', ip0: '127.0.0.1', ip1: '127.0.0.2' },
      { host: 'beta', card: 'eth1', ip0: '127.0.0.1', ip1: '127.0.0.3' },
      { host: 'gamma', card: 'lo0', ip0: 'fe80::cae2:65ff:fece:feb9', ip1: 'fe81::cae2:65ff:fece:feb9' },
    ],
  },
});

const run = (query: string, params?: unknown[]): EsqlResult => executeEsql({ query, params }, employees);
const table = (r: EsqlResult) => [r.columns.map((c) => `${c.name}:${c.type}`), ...r.values];

describe('source commands', () => {
  it('ROW with multi-values and functions', () => {
    expect(table(run('ROW a = 1, b = "two", c = null'))).toEqual([['a:integer', 'b:keyword', 'c:null'], [1, 'two', null]]);
    expect(table(run('ROW a = [2, 1]'))).toEqual([['a:integer'], [[2, 1]]]);
    expect(table(run('ROW a = ROUND(1.23, 0)'))).toEqual([['a:double'], [1]]);
  });

  it('FROM with METADATA', () => {
    const r = run('FROM employees METADATA _index, _id | KEEP emp_no, _index, _id | SORT emp_no | LIMIT 1');
    expect(table(r)).toEqual([['emp_no:integer', '_index:keyword', '_id:keyword'], [10001, 'employees', 'employees-0']]);
  });

  it('adds the implicit limit with its warning only when no LIMIT is present', () => {
    expect(run('FROM employees | KEEP emp_no').warnings).toEqual(['No limit defined, adding default limit of [1000]']);
    expect(run('FROM employees | KEEP emp_no | LIMIT 3').warnings).toEqual([]);
    expect(run('FROM employees | KEEP emp_no | LIMIT 3').values).toHaveLength(3);
    expect(run('FROM employees | LIMIT 0').values).toEqual([]);
  });
});

describe('processing commands', () => {
  it('WHERE with three-valued logic drops null rows', () => {
    const r = run('FROM employees | WHERE languages > 4 OR gender == "X" | KEEP emp_no | SORT emp_no');
    expect(r.values).toEqual([[10002], [10004]]);
    expect(run('FROM employees | WHERE NOT (languages > 1) | KEEP emp_no | SORT emp_no').values).toEqual([[10005], [10009]]);
  });

  it('EVAL: new columns are appended, redefined columns move to the end', () => {
    const r = run('FROM employees | SORT emp_no | KEEP first_name, last_name, height | EVAL height_feet = height * 3.281, height_cm = height * 100 | LIMIT 1');
    expect(table(r)).toEqual([
      ['first_name:keyword', 'last_name:keyword', 'height:double', 'height_feet:double', 'height_cm:double'],
      ['Georgi', 'Facello', 2.03, 2.03 * 3.281, 2.03 * 100],
    ]);
    const r2 = run('FROM employees | SORT emp_no | KEEP first_name, last_name, height | EVAL height = height * 3.281 | LIMIT 1');
    expect(r2.columns.map((c) => c.name)).toEqual(['first_name', 'last_name', 'height']);
    const r3 = run('FROM employees | SORT emp_no | KEEP height | EVAL height * 3.281 | LIMIT 1');
    expect(r3.columns.map((c) => c.name)).toEqual(['height', 'height * 3.281']);
  });

  it('STATS ... BY: aggregates first, then groups; null is a group', () => {
    const r = run('FROM employees | STATS count = COUNT(emp_no) BY languages | SORT languages');
    expect(table(r)).toEqual([['count:long', 'languages:integer'], [2, 1], [2, 2], [1, 3], [2, 4], [2, 5], [1, null]]);
  });

  it('STATS without BY returns one row even without input', () => {
    expect(table(run('FROM employees | WHERE emp_no < 0 | STATS c = COUNT(*), m = MAX(salary), s = SUM(salary)'))).toEqual([['c:long', 'm:integer', 's:long'], [0, null, null]]);
    expect(run('FROM employees | WHERE emp_no < 0 | STATS c = COUNT(*) BY gender').values).toEqual([]);
  });

  it('STATS with several keys, expressions as keys and unnamed columns', () => {
    const r = run('FROM employees | STATS avg_lang = AVG(languages), MAX(languages) BY g = gender, hired = DATE_TRUNC(1 year, hire_date) | WHERE g == "F" | SORT hired');
    expect(table(r)).toEqual([
      ['avg_lang:double', 'MAX(languages):integer', 'g:keyword', 'hired:date'],
      [3, 5, 'F', '1985-01-01T00:00:00.000Z'],
      [3.5, 4, 'F', '1989-01-01T00:00:00.000Z'],
    ]);
  });

  it('STATS with per-aggregation WHERE (docs: avg50s / avg60s)', () => {
    const r = run(
      'FROM employees | STATS avg50s = AVG(salary)::LONG WHERE birth_date < "1960-01-01", avg60s = AVG(salary)::LONG WHERE birth_date >= "1960-01-01" BY gender | SORT gender'
    );
    expect(table(r)).toEqual([
      ['avg50s:long', 'avg60s:long', 'gender:keyword'],
      [67027, 56371, 'F'],
      [52544, null, 'M'],
      [null, 45797, null],
    ]);
  });

  it('STATS expression over aggregates', () => {
    expect(run('FROM employees | STATS avg_salary_change = ROUND(AVG(salary) / 100, 1)').values).toEqual([[566]]);
  });

  it('a multi-valued BY key puts the row in every group', () => {
    const r = run('FROM employees | STATS c = COUNT(*) BY job_positions | SORT job_positions');
    expect(r.values).toEqual([
      [1, 'Accountant'],
      [1, 'Senior Python Developer'],
      [1, 'Senior Team Lead'],
      [8, null],
    ]);
  });

  it('KEEP: exact names beat wildcards, order follows the patterns', () => {
    const r = run('FROM employees | KEEP last_name, *_name, emp_no | LIMIT 0');
    expect(r.columns.map((c) => c.name)).toEqual(['last_name', 'first_name', 'emp_no']);
    const r2 = run('FROM employees | KEEP *, first_name | LIMIT 0');
    expect(r2.columns.map((c) => c.name).slice(-1)).toEqual(['first_name']);
    expect(r2.columns).toHaveLength(11);
  });

  it('DROP with wildcards', () => {
    expect(run('FROM employees | DROP *_date, h*, j*, s*, l*, g*, e* | LIMIT 0').columns.map((c) => c.name)).toEqual(['first_name']);
  });

  it('RENAME in both forms; renaming onto an existing column replaces it', () => {
    const r = run('FROM employees | KEEP first_name, last_name, still_hired | RENAME still_hired AS employed, fn = first_name | LIMIT 0');
    expect(r.columns.map((c) => c.name)).toEqual(['fn', 'last_name', 'employed']);
    const r2 = run('FROM employees | KEEP first_name, last_name | RENAME first_name AS last_name | SORT last_name | LIMIT 1');
    expect(table(r2)).toEqual([['last_name:keyword'], ['Anneke']]);
  });

  it('SORT: ASC puts nulls last, DESC nulls first; explicit NULLS wins', () => {
    expect(run('FROM employees | KEEP languages | SORT languages DESC | LIMIT 2').values).toEqual([[null], [5]]);
    expect(run('FROM employees | KEEP languages | SORT languages ASC | LIMIT 1').values).toEqual([[1]]);
    expect(run('FROM employees | KEEP languages | SORT languages NULLS FIRST | LIMIT 1').values).toEqual([[null]]);
    expect(run('FROM employees | SORT height DESC, first_name ASC | KEEP first_name, height | LIMIT 3').values).toEqual([
      ['Saniya', 2.1],
      ['Bezalel', 2.08],
      ['Kyoichi', 2.05],
    ]);
  });

  it('INLINE STATS keeps the rows and appends aggregates, then the BY columns (docs example)', () => {
    const r = run('FROM employees | KEEP emp_no, languages, salary | INLINE STATS max_salary = MAX(salary) BY languages | SORT emp_no | LIMIT 3');
    expect(table(r)).toEqual([
      ['emp_no:integer', 'salary:integer', 'max_salary:integer', 'languages:integer'],
      [10001, 57305, 57305, 2],
      [10002, 56371, 56371, 5],
      [10003, 61805, 74572, 4],
    ]);
    const all = run('FROM employees | KEEP emp_no, salary | INLINESTATS total = COUNT(*), avg = AVG(salary)::LONG | SORT emp_no | LIMIT 1');
    expect(all.values).toEqual([[10001, 57305, 10, 56597]]);
  });

  it('MV_EXPAND (docs example)', () => {
    const r = run('ROW a=[1,2,3], b="b", j=["a","b"] | MV_EXPAND a');
    expect(table(r)).toEqual([['a:integer', 'b:keyword', 'j:keyword'], [1, 'b', ['a', 'b']], [2, 'b', ['a', 'b']], [3, 'b', ['a', 'b']]]);
  });

  it('LIMIT caps at 10000 without warning', () => {
    const r = run('ROW a = [1,2] | LIMIT 20000');
    expect(r.warnings).toEqual([]);
    expect(r.values).toEqual([[[1, 2]]]);
  });
});

describe('aggregate functions', () => {
  it('COUNT counts values, COUNT(*) rows', () => {
    expect(table(run('FROM employees | STATS COUNT(height)'))).toEqual([['COUNT(height):long'], [10]]);
    expect(run('ROW words="foo;bar;baz;qux;quux;foo" | STATS word_count = COUNT(SPLIT(words, ";"))').values).toEqual([[6]]);
    expect(run('FROM employees | STATS c = COUNT(*), l = COUNT(languages), g = COUNT(job_positions)').values).toEqual([[10, 9, 3]]);
  });

  it('COUNT_DISTINCT', () => {
    expect(run('ROW words="foo;bar;baz;qux;quux;foo" | STATS distinct_word_count = COUNT_DISTINCT(SPLIT(words, ";"))').values).toEqual([[5]]);
    expect(run('FROM hosts | STATS COUNT_DISTINCT(ip0), COUNT_DISTINCT(ip1)').values).toEqual([[2, 5]]);
  });

  it('MIN / MAX / SUM / AVG', () => {
    expect(table(run('FROM employees | STATS MIN(languages), MAX(languages), SUM(languages), AVG(height)'))).toEqual([
      ['MIN(languages):integer', 'MAX(languages):integer', 'SUM(languages):long', 'AVG(height):double'],
      [1, 5, 27, (2.03 + 2.08 + 1.83 + 1.78 + 2.05 + 1.56 + 1.7 + 2.1 + 1.85 + 1.7) / 10],
    ]);
    expect(run('FROM employees | STATS first_hired = MIN(hire_date), last_hired = MAX(hire_date)').values).toEqual([['1985-02-18T00:00:00.000Z', '1994-09-15T00:00:00.000Z']]);
    expect(run('FROM employees | STATS MIN(first_name), MAX(first_name)').values).toEqual([['Anneke', 'Tzvetan']]);
    expect(run('ROW a = [1, 2, 3] | STATS SUM(a), AVG(a)').values).toEqual([[6, 2]]);
  });

  it('VALUES and TOP', () => {
    const r = run('FROM employees | STATS top_salaries = TOP(salary, 3, "desc"), top_salary = MAX(salary), firsts = VALUES(gender)');
    expect(r.values).toEqual([[[74572, 66174, 63528], 74572, ['M', 'F']]]);
    expect(run('FROM employees | STATS t = TOP(hire_date, 2, "asc") BY gender | SORT gender | LIMIT 1').values).toEqual([
      [['1985-02-18T00:00:00.000Z', '1985-11-21T00:00:00.000Z'], 'F'],
    ]);
    expect(run('FROM employees | WHERE emp_no == 10001 | STATS t = TOP(first_name, 5)').values).toEqual([['Georgi']]);
  });

  it('MEDIAN and PERCENTILE', () => {
    expect(run('ROW a = [1, 2, 3, 4] | STATS MEDIAN(a), PERCENTILE(a, 100)').values).toEqual([[2.5, 4]]);
  });
});

describe('scalar functions (reference examples)', () => {
  it('TO_IP with the warning pair for a bad value', () => {
    const q = 'ROW str1 = "1.1.1.1", str2 = "foo" | EVAL ip1 = TO_IP(str1), ip2 = TO_IP(str2) | WHERE CIDR_MATCH(ip1, "1.0.0.0/8")';
    const r = run(q);
    expect(table(r)).toEqual([['str1:keyword', 'str2:keyword', 'ip1:ip', 'ip2:ip'], ['1.1.1.1', 'foo', '1.1.1.1', null]]);
    expect(r.warnings).toEqual([
      'No limit defined, adding default limit of [1000]',
      'Line 1:68: evaluation of [TO_IP(str2)] failed, treating result as null. Only first 20 failures recorded.',
      "Line 1:68: java.lang.IllegalArgumentException: 'foo' is not an IP string literal.",
    ]);
  });

  it('CIDR_MATCH over an index', () => {
    expect(run('FROM hosts | WHERE CIDR_MATCH(ip1, "127.0.0.2/32", "127.0.0.3/32") | KEEP card, host | SORT host').values).toEqual([
      ['eth0', 'beta'],
      ['eth1', 'beta'],
    ]);
    expect(run('FROM hosts | WHERE CIDR_MATCH(ip1, "::/0") | STATS COUNT(*)').values).toEqual([[5]]);
    expect(run('FROM hosts | WHERE CIDR_MATCH(ip0, "fe80::/16") | KEEP host').values).toEqual([['gamma']]);
  });

  it('IP_PREFIX', () => {
    const r = run('ROW ip4 = TO_IP("1.2.3.4"), ip6 = TO_IP("fe80::cae2:65ff:fece:feb9") | EVAL ip4_prefix = IP_PREFIX(ip4, 24, 0), ip6_prefix = IP_PREFIX(ip6, 0, 112)');
    expect(r.values).toEqual([['1.2.3.4', 'fe80::cae2:65ff:fece:feb9', '1.2.3.0', 'fe80::cae2:65ff:fece:0']]);
  });

  it('ip comparisons, sorting and ::ip casts', () => {
    expect(run('FROM hosts | WHERE ip1 == "::1" | KEEP card').values).toEqual([['eth1']]);
    expect(run('FROM hosts | SORT ip1 DESC | KEEP ip1 | LIMIT 2').values).toEqual([['fe81::cae2:65ff:fece:feb9'], ['127.0.0.3']]);
    expect(run('ROW s = "::ffff:10.0.0.1" | EVAL ip = s::ip').values).toEqual([['::ffff:10.0.0.1', '10.0.0.1']]);
  });

  it('TO_STRING, TO_LONG, TO_INTEGER, TO_DOUBLE, TO_BOOLEAN, TO_DATETIME', () => {
    expect(run('ROW a=[10, 9, 8] | EVAL j = TO_STRING(a)').values).toEqual([[[10, 9, 8], ['10', '9', '8']]]);
    expect(run('ROW d = 1.5, b = true | EVAL s = TO_STRING(d), t = TO_STR(b)').values).toEqual([[1.5, true, '1.5', 'true']]);
    const l = run('ROW str1 = "2147483648", str2 = "2147483648.2", str3 = "foo" | EVAL long1 = TO_LONG(str1), long2 = TO_LONG(str2), long3 = TO_LONG(str3)');
    expect(l.values).toEqual([['2147483648', '2147483648.2', 'foo', 2147483648, 2147483648, null]]);
    expect(l.warnings).toContain('Line 1:123: org.elasticsearch.xpack.esql.core.InvalidArgumentException: Cannot parse number [foo]');
    const i = run('ROW long = [5013792, 2147483647, 501379200000] | EVAL int = TO_INTEGER(long)');
    expect(i.values).toEqual([[[5013792, 2147483647, 501379200000], [5013792, 2147483647]]]);
    expect(i.warnings).toContain('Line 1:61: org.elasticsearch.xpack.esql.core.InvalidArgumentException: [501379200000] out of [integer] range');
    const d = run('ROW str1 = "5.20128E11", str2 = "foo" | EVAL dbl = TO_DOUBLE("520128000000"), dbl1 = TO_DOUBLE(str1), dbl2 = TO_DOUBLE(str2)');
    expect(d.values).toEqual([['5.20128E11', 'foo', 520128000000, 520128000000, null]]);
    expect(d.warnings).toContain('Line 1:110: java.lang.NumberFormatException: For input string: "foo"');
    expect(run('ROW str = ["true", "TRuE", "false", "", "yes", "1"] | EVAL bool = TO_BOOLEAN(str)').values[0][1]).toEqual([true, true, false, false, false, false]);
    const dt = run('ROW string = ["1953-09-02T00:00:00.000Z", "1964-06-02T00:00:00.000Z", "1964-06-02 00:00:00"] | EVAL datetime = TO_DATETIME(string)');
    expect(dt.values[0][1]).toEqual(['1953-09-02T00:00:00.000Z', '1964-06-02T00:00:00.000Z']);
    expect(dt.warnings).toContain('Line 1:112: java.lang.IllegalArgumentException: failed to parse date field [1964-06-02 00:00:00] with format [strict_date_optional_time]');
    expect(run('ROW int = [0, 1] | EVAL dt = TO_DATETIME(int)').values[0][1]).toEqual(['1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00.001Z']);
  });

  it('TO_LOWER / TO_UPPER / LENGTH / CONCAT / SUBSTRING / TRIM / STARTS_WITH / ENDS_WITH', () => {
    expect(run('ROW message = "Some Text" | EVAL lower = TO_LOWER(message), upper = TO_UPPER(message), len = LENGTH(message)').values).toEqual([['Some Text', 'some text', 'SOME TEXT', 9]]);
    expect(run('FROM employees | SORT emp_no | KEEP first_name, last_name | EVAL fullname = CONCAT(first_name, " ", last_name) | LIMIT 1').values).toEqual([['Georgi', 'Facello', 'Georgi Facello']]);
    expect(run('FROM employees | SORT emp_no | KEEP last_name | EVAL ln_sub = SUBSTRING(last_name, 1, 3), end = SUBSTRING(last_name, -3, 3), rest = SUBSTRING(last_name, 2) | LIMIT 1').values).toEqual([
      ['Facello', 'Fac', 'llo', 'acello'],
    ]);
    expect(run('ROW message = "   some text  ",  color = " red " | EVAL message = TRIM(message) | EVAL color = TRIM(color)').values).toEqual([['some text', 'red']]);
    expect(run('FROM employees | SORT emp_no | KEEP last_name | EVAL ln_S = STARTS_WITH(last_name, "B"), ln_E = ENDS_WITH(last_name, "d") | LIMIT 3').values).toEqual([
      ['Facello', false, false],
      ['Simmel', false, false],
      ['Bamford', true, true],
    ]);
  });

  it('CASE, COALESCE, GREATEST, LEAST, ROUND, ABS', () => {
    const r = run('FROM employees | EVAL type = CASE(languages <= 1, "monolingual", languages <= 2, "bilingual", "polyglot") | KEEP emp_no, languages, type | SORT emp_no | LIMIT 3');
    expect(r.values).toEqual([
      [10001, 2, 'bilingual'],
      [10002, 5, 'polyglot'],
      [10003, 4, 'polyglot'],
    ]);
    expect(run('ROW a=null, b="b" | EVAL COALESCE(a, b)').values).toEqual([[null, 'b', 'b']]);
    expect(run('ROW a = 10, b = 20 | EVAL g = GREATEST(a, b), l = LEAST(a, b)').values).toEqual([[10, 20, 20, 10]]);
    expect(run('FROM employees | SORT emp_no | KEEP height | EVAL height_ft = ROUND(height * 3.281, 1) | LIMIT 1').values).toEqual([[2.03, 6.7]]);
    expect(run('ROW number = -1.0 | EVAL abs_number = ABS(number)').values).toEqual([[-1, 1]]);
    expect(run('ROW x = ROUND(-1.5), y = ROUND(1234, -2)').values).toEqual([[-2, 1200]]);
  });

  it('MV functions', () => {
    expect(run('ROW a=["foo", "zoo", "bar"] | EVAL count_a = MV_COUNT(a), j = MV_CONCAT(a, ", ")').values).toEqual([[['foo', 'zoo', 'bar'], 3, 'foo, zoo, bar']]);
    expect(run('ROW a=["foo", "foo", "bar", "foo"] | EVAL dedupe_a = MV_DEDUPE(a)').values).toEqual([[['foo', 'foo', 'bar', 'foo'], ['foo', 'bar']]]);
    expect(run('ROW a = [1, 2, 2, 3] | EVAL a1 = MV_SLICE(a, 1), a2 = MV_SLICE(a, 2, 3)').values).toEqual([[[1, 2, 2, 3], 2, [2, 3]]]);
    expect(run('ROW a = [1, 2, 2, 3] | EVAL a1 = MV_SLICE(a, -2), a2 = MV_SLICE(a, -3, -1)').values).toEqual([[[1, 2, 2, 3], 2, [2, 2, 3]]]);
    expect(run('ROW a = [4, 2, -3, 2] | EVAL sa = MV_SORT(a), sd = MV_SORT(a, "DESC")').values).toEqual([[[4, 2, -3, 2], [-3, 2, 2, 4], [4, 2, 2, -3]]]);
    expect(run('ROW a = ["foo", "bar"], b = "baz" | EVAL c = MV_APPEND(a, b), d = MV_APPEND(null, b)').values).toEqual([[['foo', 'bar'], 'baz', ['foo', 'bar', 'baz'], 'baz']]);
    expect(run('ROW a=[2, 1], b=["foo", "bar"] | EVAL min_a = MV_MIN(a), max_a = MV_MAX(a), min_b = MV_MIN(b), max_b = MV_MAX(b)').values).toEqual([[[2, 1], ['foo', 'bar'], 1, 2, 'bar', 'foo']]);
    expect(run('ROW a="foo;bar;baz" | EVAL first_a = MV_FIRST(SPLIT(a, ";")), last_a = MV_LAST(SPLIT(a, ";"))').values).toEqual([['foo;bar;baz', 'foo', 'baz']]);
    expect(run('ROW a = [3, 5, 1] | EVAL s = MV_SUM(a), m = MV_AVG(a)').values).toEqual([[[3, 5, 1], 9, 3]]);
  });

  it('DATE_TRUNC, DATE_DIFF, DATE_EXTRACT, NOW and date arithmetic', () => {
    expect(run('FROM employees | SORT emp_no | KEEP hire_date | EVAL year_hired = DATE_TRUNC(1 year, hire_date), h = DATE_TRUNC(1 hour, hire_date + 90 minutes) | LIMIT 1').values).toEqual([
      ['1986-06-26T00:00:00.000Z', '1986-01-01T00:00:00.000Z', '1986-06-26T01:00:00.000Z'],
    ]);
    expect(run('ROW date1 = TO_DATETIME("2023-12-02T11:00:00.000Z"), date2 = TO_DATETIME("2023-12-02T11:00:00.001Z") | EVAL dd_ms = DATE_DIFF("microseconds", date1, date2)').values[0][2]).toBe(1000);
    const years = run(
      'ROW end_23=TO_DATETIME("2023-12-31T23:59:59.999Z"), start_24=TO_DATETIME("2024-01-01T00:00:00.000Z"), end_24=TO_DATETIME("2024-12-31T23:59:59.999") | EVAL end23_to_start24=DATE_DIFF("year", end_23, start_24), end23_to_end24=DATE_DIFF("year", end_23, end_24), start_to_end_24=DATE_DIFF("year", start_24, end_24)'
    );
    expect(years.values[0].slice(3)).toEqual([0, 1, 0]);
    expect(run('ROW d = TO_DATETIME("2022-05-06T13:14:15Z") | EVAL y = DATE_EXTRACT("year", d), h = DATE_EXTRACT("HOUR_OF_DAY", d)').values[0].slice(1)).toEqual([2022, 13]);
    expect(run('ROW d = TO_DATETIME("2024-01-31T00:00:00Z") + 1 month, e = TO_DATETIME("2024-03-01T00:00:00Z") - 1 day - 2 hours').values).toEqual([
      ['2024-02-29T00:00:00.000Z', '2024-02-28T22:00:00.000Z'],
    ]);
    const now = run('ROW n = NOW() | EVAL recent = n > NOW() - 1 minute');
    expect(now.columns[0].type).toBe('date');
    expect(now.values[0][1]).toBe(true);
    expect(run('FROM employees | WHERE hire_date >= "1989-06-01" AND hire_date < "1990-01-01T00:00:00Z" | KEEP emp_no | SORT emp_no').values).toEqual([[10005], [10006], [10010]]);
  });
});

describe('operators', () => {
  it('IN / NOT IN with nulls, IS NULL, LIKE / RLIKE incl. lists, =~', () => {
    expect(run('ROW a = 1, b = 4, c = 3 | WHERE c-a IN (3, b / 2, a)').values).toEqual([[1, 4, 3]]);
    expect(run('ROW a = 1 | EVAL x = a IN (2, null), y = a NOT IN (2, 3), z = null IN (1)').values).toEqual([[1, null, true, null]]);
    expect(run('FROM employees | WHERE languages IS NULL | KEEP first_name').values).toEqual([['Duangkaew']]);
    expect(run('FROM employees | WHERE first_name LIKE """?b*""" | KEEP first_name, last_name').values).toEqual([['Ebbe', 'Callaway']].slice(0, 0));
    expect(run('FROM employees | WHERE first_name LIKE ("Geo*", "*ya") | KEEP first_name | SORT first_name').values).toEqual([['Georgi'], ['Saniya']]);
    expect(run('FROM employees | WHERE first_name RLIKE """.leja.*""" OR last_name RLIKE "S.*l" | KEEP last_name').values).toEqual([['Simmel']]);
    expect(run('FROM employees | WHERE first_name NOT LIKE "*a*" | KEEP first_name | SORT first_name').values).toEqual([['Anneke'], ['Georgi'], ['Kyoichi']]);
    expect(run('ROW s = "foo*" | EVAL esc = s LIKE "foo\\\\*", ci = s =~ "FOO*"').values).toEqual([['foo*', true, true]]);
  });

  it('arithmetic keeps integer types and fails overflow / division by zero with warnings', () => {
    expect(table(run('ROW a = 7, b = 2 | EVAL d = a / b, m = a % b, f = a / 2.0, l = a * 3000000000'))).toEqual([
      ['a:integer', 'b:integer', 'd:integer', 'm:integer', 'f:double', 'l:long'],
      [7, 2, 3, 1, 3.5, 21000000000],
    ]);
    const r = run('ROW a = 2147483647 | EVAL b = a + 1, c = a / 0');
    expect(r.values).toEqual([[2147483647, null, null]]);
    expect(r.warnings).toContain('Line 1:31: java.lang.ArithmeticException: integer overflow');
    expect(r.warnings).toContain('Line 1:42: java.lang.ArithmeticException: / by zero');
  });

  it('single-value operators on multi-values give null plus the warning pair', () => {
    const r = run('ROW a = [1, 2] | EVAL b = a + 1, c = a == 1, d = a IS NULL');
    expect(r.values).toEqual([[[1, 2], null, null, false]]);
    expect(r.warnings).toEqual([
      'No limit defined, adding default limit of [1000]',
      'Line 1:27: evaluation of [a + 1] failed, treating result as null. Only first 20 failures recorded.',
      'Line 1:27: java.lang.IllegalArgumentException: single-value function encountered multi-value',
      'Line 1:38: evaluation of [a == 1] failed, treating result as null. Only first 20 failures recorded.',
      'Line 1:38: java.lang.IllegalArgumentException: single-value function encountered multi-value',
    ]);
  });

  it('casts with ::', () => {
    expect(table(run('ROW a = "1", b = 2 | EVAL c = a::integer + b, d = b::double, e = "2024-01-01"::datetime, f = b::string, g = "true"::bool'))).toEqual([
      ['a:keyword', 'b:integer', 'c:integer', 'd:double', 'e:date', 'f:keyword', 'g:boolean'],
      ['1', 2, 3, 2, '2024-01-01T00:00:00.000Z', '2', true],
    ]);
  });
});

describe('params', () => {
  it('positional, anonymous and named forms', () => {
    expect(run('ROW a = ?, b = ?', [1, 'x']).values).toEqual([[1, 'x']]);
    expect(run('ROW a = ?2, b = ?1', [1, 'x']).values).toEqual([['x', 1]]);
    expect(run('ROW a = ?n, b = ?m', [{ n: 1.5 }, { m: { value: true } }]).values).toEqual([[1.5, true]]);
    expect(table(run('ROW a = ?n', [{ n: 5000000000 }]))).toEqual([['a:long'], [5000000000]]);
  });

  it('identifier params with ??', () => {
    const r = run('FROM employees | STATS m = MAX(??f) BY ??g | SORT ??g | KEEP m', [{ f: { identifier: 'salary' } }, { g: { identifier: 'gender' } }]);
    expect(r.values).toEqual([[74572], [63528], [45797]]);
  });

  it('string params compare with dates and ips', () => {
    expect(run('FROM employees | WHERE hire_date >= ?start | KEEP emp_no', [{ start: '1994-01-01T00:00:00.000Z' }]).values).toEqual([[10008]]);
    expect(run('FROM hosts | WHERE ip1 IN (?a, ?b) | KEEP card | SORT card', [{ a: '127.0.0.2' }, { b: '::1' }]).values).toEqual([['eth0'], ['eth1']]);
  });
});

describe('LOOKUP JOIN (docs example: threat list)', () => {
  const catalog = testCatalog({
    firewall_logs: {
      fields: { '@timestamp': 'date', 'source.ip': 'ip', 'destination.ip': 'ip', action: 'keyword', bytes_transferred: 'long' },
      docs: [
        { '@timestamp': '2025-04-23T10:00:01Z', source: { ip: '192.168.1.100' }, destination: { ip: '10.0.0.1' }, action: 'allow', bytes_transferred: 1024 },
        { '@timestamp': '2025-04-23T10:00:05Z', source: { ip: '203.0.113.5' }, destination: { ip: '10.0.0.55' }, action: 'allow', bytes_transferred: 2048 },
        { '@timestamp': '2025-04-23T10:00:30Z', source: { ip: '198.51.100.2' }, destination: { ip: '10.0.0.200' }, action: 'block', bytes_transferred: 0 },
        { '@timestamp': '2025-04-23T10:00:40Z', source: { ip: ['203.0.113.5', '1.1.1.1'] }, destination: { ip: '10.0.0.1' }, action: 'allow', bytes_transferred: 7 },
      ],
    },
    threat_list: {
      fields: { 'source.ip': 'ip', threat_level: 'keyword', threat_type: 'keyword' },
      docs: [
        { source: { ip: '203.0.113.5' }, threat_level: 'high', threat_type: 'C2_SERVER' },
        { source: { ip: '198.51.100.2' }, threat_level: 'medium', threat_type: 'SCANNER' },
        { source: { ip: '198.51.100.2' }, threat_level: 'low', threat_type: 'OLD_LIST' },
      ],
    },
  });
  const q = (query: string) => executeEsql({ query }, catalog);

  it('left-joins, one row per match, unmatched and multi-valued keys get nulls', () => {
    const r = q('FROM firewall_logs | LOOKUP JOIN threat_list ON source.ip | KEEP @timestamp, source.ip, threat_level, threat_type | SORT @timestamp, threat_level');
    expect(table(r)).toEqual([
      ['@timestamp:date', 'source.ip:ip', 'threat_level:keyword', 'threat_type:keyword'],
      ['2025-04-23T10:00:01.000Z', '192.168.1.100', null, null],
      ['2025-04-23T10:00:05.000Z', '203.0.113.5', 'high', 'C2_SERVER'],
      ['2025-04-23T10:00:30.000Z', '198.51.100.2', 'low', 'OLD_LIST'],
      ['2025-04-23T10:00:30.000Z', '198.51.100.2', 'medium', 'SCANNER'],
      // ip doc values come back sorted by address (SortedSetDocValues), not in _source order.
      ['2025-04-23T10:00:40.000Z', ['1.1.1.1', '203.0.113.5'], null, null],
    ]);
    expect(q('FROM firewall_logs | LOOKUP JOIN threat_list ON source.ip | WHERE threat_level IS NOT NULL | STATS c = COUNT(*)').values).toEqual([[3]]);
  });
});

