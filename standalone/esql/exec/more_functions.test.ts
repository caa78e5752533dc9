// Further scalar functions: dates formatting/parsing, hashes, strings, math.
import { executeEsql } from '.';
import { testCatalog } from './test_catalog';

const values = (query: string) => executeEsql({ query }, testCatalog({})).values;

describe('more scalar functions', () => {
  it('DATE_FORMAT / DATE_PARSE / DAY_NAME / MONTH_NAME', () => {
    expect(values('ROW d = TO_DATETIME("2023-05-06T07:08:09.123Z") | EVAL a = DATE_FORMAT(d), b = DATE_FORMAT("yyyy-MM-dd HH:mm:ss.SSS", d), c = DATE_FORMAT("EEEE, MMMM d yyyy", d) | DROP d')).toEqual([
      ['2023-05-06T07:08:09.123Z', '2023-05-06 07:08:09.123', 'Saturday, May 6 2023'],
    ]);
    expect(values('ROW date_string = "2022-05-06" | EVAL date = DATE_PARSE("yyyy-MM-dd", date_string)')).toEqual([['2022-05-06', '2022-05-06T00:00:00.000Z']]);
    expect(values('ROW d = TO_DATETIME("2023-05-06T07:08:09Z") | EVAL a = DAY_NAME(d), b = MONTH_NAME(d) | DROP d')).toEqual([['Saturday', 'May']]);
  });

  it('hashes and encodings', () => {
    expect(values('ROW a = "hello" | EVAL m = MD5(a), h = HASH("sha1", a), b = TO_BASE64(a), c = FROM_BASE64("aGVsbG8="), u = URL_ENCODE("a b&c") | DROP a')).toEqual([
      ['5d41402abc4b2a76b9719d911017c592', 'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d', 'aGVsbG8=', 'hello', 'a+b%26c'],
    ]);
  });

  it('string helpers', () => {
    expect(values('ROW a = "Hello" | EVAL r = REPEAT(a, 2), s = CONCAT(a, SPACE(2), "!"), l = LEFT(a, 2), rt = RIGHT(a, 3), rev = REVERSE(a), loc = LOCATE(a, "ll"), rep = REPLACE(a, "l+", "L") | DROP a')).toEqual([
      ['HelloHello', 'Hello  !', 'He', 'llo', 'olleH', 3, 'HeLo'],
    ]);
  });

  it('math', () => {
    expect(values('ROW x = 100.0 | EVAL l = LOG10(x), ln = LOG(10, x), s = SQRT(x), p = POW(2, 10), c = CEIL(1.2), f = FLOOR(-1.2), sg = SIGNUM(-3.0) | DROP x')).toEqual([[2, 2, 10, 1024, 2, -2, -1]]);
  });
});
