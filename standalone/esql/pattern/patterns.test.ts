// Linear-time wildcard / Lucene RegExp matching and the budgeted Java regex used by REPLACE, unit level and
// through ES|QL and the Query DSL. Each case states the Elasticsearch / Lucene / java.util.regex behaviour it pins.
import fc from 'fast-check';
import { executeEsql } from '../exec';
import { testCatalog } from '../exec/test_catalog';
import { compileQuery } from '../store';
import { EsError } from '../types';
import { compileJavaRegex, PatternSyntaxError, RegexBudgetExceeded } from './java_regex';
import { compileLuceneRegExp, RegExpSyntaxError } from './lucene_regexp';
import { compileWildcard } from './wildcard';

const A50K = 'a'.repeat(50_000);

describe('Lucene RegExp (org.apache.lucene.util.automaton.RegExp, flags ALL)', () => {
  const m = (p: string, s: string) => compileLuceneRegExp(p).test(s);

  it('matches whole strings with the documented operators', () => {
    expect([m('a.c', 'abc'), m('a.c', 'abbc'), m('ab|cd', 'cd'), m('ab|cd', 'abcd')]).toEqual([true, false, true, false]);
    expect([m('a{2,3}', 'aaa'), m('a{2,3}', 'aaaa'), m('a{2,}', 'aaaaa'), m('a{2}', 'aa'), m('(ab)+', 'ababab')]).toEqual([true, false, true, true, true]);
    expect([m('[a-c]+', 'abcab'), m('[^a-c]+', 'xyz'), m('[^a-c]+', 'xaz'), m('\\d+\\s\\w+', '12 ab_C')]).toEqual([true, true, false, true]);
    // Optional operators enabled by ALL: intersection, any-string, empty language, "string", numeric interval.
    expect([m('.*a.*&.*b.*', 'xbxa'), m('.*a.*&.*b.*', 'aa'), m('@', 'anything'), m('#', ''), m('()', '')]).toEqual([true, false, true, false, true]);
    expect([m('"a.b"', 'a.b'), m('"a.b"', 'axb'), m('a\\.b', 'a.b'), m('a\\.b', 'axb')]).toEqual([true, false, true, false]);
    expect([m('<1-100>', '57'), m('<1-100>', '101'), m('<1-100>', '0057'), m('<01-10>', '07'), m('<01-10>', '7')]).toEqual([true, false, true, true, false]);
    // Lucene 10 moved `~` (complement) behind DEPRECATED_COMPLEMENT, not part of ALL: it is a literal.
    expect(m('a~b', 'a~b')).toBe(true);
    // `.` is one code point, not one UTF-16 unit.
    expect([m('.', '😀'), m('..', '😀')]).toEqual([true, false]);
  });

  it('rejects malformed patterns with Lucene messages', () => {
    const err = (p: string) => {
      try {
        compileLuceneRegExp(p);
      } catch (e) {
        expect(e).toBeInstanceOf(RegExpSyntaxError);
        return (e as Error).message;
      }
      throw new Error('expected a syntax error');
    };
    expect(err('(ab')).toBe("expected ')' at position 3");
    expect(err('a{3,2}')).toBe('invalid repetition range(out of order): 3..2');
    expect(err('\\q')).toBe('invalid character class \\q');
    expect(err('[z-a]')).toBe('invalid range: from (122) cannot be > to (97)');
    expect(err('<foo>')).toBe("'foo' not found");
  });

  it('answers catastrophic-for-backtracking patterns without backtracking', () => {
    expect(m('(a+)+b', A50K)).toBe(false);
    expect(m('(a+)+b', A50K + 'b')).toBe(true);
    expect(m('(a|aa)*c', A50K)).toBe(false);
    expect(m('(.*a){20}', A50K)).toBe(true);
    // A pattern whose DFA has 2^13 states still runs (the lazily built state cache is bounded and refilled).
    expect(m('(a|b)*a(a|b){12}', 'ab'.repeat(20_000) + 'a'.repeat(13))).toBe(true);
    expect(m('(a|b)*a(a|b){12}', 'ab'.repeat(20_000) + 'b'.repeat(13))).toBe(false);
  });
});

describe('wildcards (ES|QL LIKE WildcardPattern, Lucene WildcardQuery, Regex.simpleMatch)', () => {
  const like = (p: string, s: string) => compileWildcard(p, { escape: true, questionMark: true })(s);
  it('matches * / ? / escapes', () => {
    expect([like('a*', 'abc'), like('*c', 'abc'), like('*b*', 'abc'), like('a*c', 'ac'), like('a*c', 'c'), like('a?c', 'abc'), like('a?c', 'ac')]).toEqual([true, true, true, true, false, true, false]);
    expect([like('a\\*c', 'a*c'), like('a\\*c', 'abc'), like('a\\?', 'a?'), like('?', '😀'), like('', ''), like('a*b*c', 'aXbYc')]).toEqual([true, false, true, true, true, true]);
    expect(compileWildcard('AB*', { caseInsensitive: true, escape: true, questionMark: true })('abc')).toBe(true);
    // Index patterns know only `*`.
    expect([compileWildcard('logs-?')('logs-a'), compileWildcard('logs-?')('logs-?')]).toEqual([false, true]);
  });
  it('answers many-star patterns on long inputs', () => {
    expect(like('*a*a*a*a*a*a*a*a*b', A50K)).toBe(false);
    expect(like('*a?a*a*a*a*a*a*a*', A50K)).toBe(true);
  });
});

describe('REPLACE regex (java.util.regex semantics, Matcher.replaceAll)', () => {
  const r = (p: string, s: string, to: string) => compileJavaRegex(p).replaceAll(s, to);
  it('replaces like Java', () => {
    expect(r('(\\w+)@(\\w+)', 'x joe@ex y', '$2 at $1')).toBe('x ex at joe y');
    expect(r('a*', 'baaac', 'X')).toBe('XbXXcX');
    expect(r('', 'abc', '-')).toBe('-a-b-c-');
    expect(r('(?i)hello', 'HeLLo world', 'bye')).toBe('bye world');
    // Inline flags end with their group.
    expect(r('(a(?i)b)c', 'aBc aBC', 'X')).toBe('X aBC');
    expect(r('(?<y>\\d{4})-(?<m>\\d\\d)', '2024-05', '${m}/${y}')).toBe('05/2024');
    expect(r('(a)\\1', 'aab', 'X')).toBe('Xb');
    expect(r('foo(?=bar)', 'foobar foobaz', 'X')).toBe('Xbar foobaz');
    expect(r('(?<=\\$)\\d+', 'cost $42', 'N')).toBe('cost $N');
    expect(r('[a-z&&[^aeiou]]+', 'hello', '_')).toBe('_e_o');
    expect(r('\\$', 'a$b', '\\$\\$')).toBe('a$$b');
    expect(r('a+?', 'aaa', 'b')).toBe('bbb');
    expect(r('\\bfoo\\b', 'foo food foo', 'X')).toBe('X food X');
  });
  it('reports syntax errors like Pattern.compile', () => {
    expect(() => compileJavaRegex('(')).toThrow(PatternSyntaxError);
    expect(() => compileJavaRegex('(')).toThrow('Unclosed group near index 1\n(');
    expect(() => compileJavaRegex('*a')).toThrow("Dangling meta character '*' near index 0");
  });
  it('answers catastrophic-for-Java patterns exactly when they are regular (Pike VM, no backtracking)', () => {
    expect(r('(a+)+b', A50K, 'x')).toBe(A50K);
    expect(r('(a+)+b', A50K + 'b', 'x')).toBe('x');
    expect(r('(a|aa)*c', A50K + 'c' + A50K, '<$1>')).toBe('<a>' + A50K);
    expect(r('(x+x+)+y', 'x'.repeat(5000) + 'z', '')).toBe('x'.repeat(5000) + 'z');
  });
  it('stops a catastrophic pattern that needs backtracking (back-reference) with a clear error instead of hanging', () => {
    expect(() => r('(a+)+b\\1', A50K, 'x')).toThrow(RegexBudgetExceeded);
    expect(() => r('(a+)+b\\1', A50K, 'x')).toThrow(/regular expression \[\(a\+\)\+b\\1\] needs more than \d+ backtracking steps/);
    // Linear work on long strings stays within the budget.
    expect(r('\\s+', 'ab  '.repeat(50_000), ' ')).toBe('ab '.repeat(50_000));
  });
});

describe('through ES|QL', () => {
  const catalog = testCatalog({
    t: { fields: { s: 'keyword', n: 'long' }, docs: [{ s: A50K, n: 1 }, { s: 'abc', n: 2 }, { s: 'xyz', n: 3 }, { n: 4 }] },
  });
  const run = (query: string) => executeEsql({ query }, catalog);
  const err = (query: string): EsError => {
    try {
      run(query);
    } catch (e) {
      if (e instanceof EsError) return e;
      throw e;
    }
    throw new Error('expected an error');
  };

  it('RLIKE uses Lucene syntax and completes on catastrophic patterns', () => {
    expect(run('FROM t | WHERE s RLIKE "(a+)+b" | KEEP n').values).toEqual([]);
    expect(run('FROM t | WHERE s RLIKE "(a+)+" | KEEP n').values).toEqual([[1]]);
    expect(run('FROM t | WHERE s RLIKE "<1-5>|abc" | KEEP n').values).toEqual([[2]]);
    expect(run('FROM t | WHERE s RLIKE ".*b.*&.*c.*" | KEEP n').values).toEqual([[2]]);
  });

  it('LIKE / RLIKE take a list of patterns (any may match; NOT negates)', () => {
    expect(run('FROM t | WHERE s LIKE ("x*", "a?c") | SORT n | KEEP n').values).toEqual([[2], [3]]);
    expect(run('FROM t | WHERE s RLIKE ("x.*", "a+") | SORT n | KEEP n').values).toEqual([[1], [3]]);
    expect(run('FROM t | WHERE s NOT LIKE ("x*", "a?c") | SORT n | KEEP n').values).toEqual([[1]]);
  });

  it('rejects a non-literal pattern at parse time like ES 9.2 (grammar: LIKE string)', () => {
    const e = err('FROM t | WHERE s LIKE s');
    expect(e.type).toBe('parsing_exception');
    expect(e.reason).toBe("line 1:23: mismatched input 's' expecting QUOTED_STRING");
  });

  it('reports an invalid RLIKE pattern like ReplaceRegexMatch', () => {
    const e = err('FROM t | WHERE s RLIKE "(ab"');
    expect(e.type).toBe('parsing_exception');
    expect(e.reason).toBe("line 1:24: Invalid regex pattern for RLIKE [(ab]: [expected ')' at position 3]");
  });

  it('REPLACE completes on (a+)+b over 50k characters; a backtracking-only pattern past the budget yields null + warning', () => {
    expect(run('FROM t | EVAL r = REPLACE(s, "(a+)+b", "x") | SORT n | KEEP n, r').values).toEqual([[1, A50K], [2, 'xc'], [3, 'xyz'], [4, null]]);
    const res = run('FROM t | EVAL r = REPLACE(s, "(a+)+b\\\\1", "x") | SORT n | KEEP n, r');
    expect(res.values).toEqual([[1, null], [2, 'abc'], [3, 'xyz'], [4, null]]);
    expect(res.warnings.join('\n')).toMatch(/evaluation of \[REPLACE\(s, "\(a\+\)\+b\\\\1", "x"\)\] failed, treating result as null/);
    expect(res.warnings.join('\n')).toMatch(/java\.lang\.IllegalArgumentException: regular expression \[\(a\+\)\+b\\1\] needs more than \d+ backtracking steps/);
    expect(run('ROW s = "2024-05-17" | EVAL r = REPLACE(s, "(\\\\d+)-(\\\\d+)-(\\\\d+)", "$3/$2/$1")').values).toEqual([['2024-05-17', '17/05/2024']]);
  });
});

describe('GROK on the same matcher', () => {
  const catalog = testCatalog({ g: { fields: { s: 'keyword' }, docs: [{ s: A50K }, { s: 'user admin id 42' }] } });
  it('extracts as before, answers a catastrophic raw regex, and turns a budget overrun into null + warning', () => {
    const ok = executeEsql({ query: 'FROM g | GROK s "user %{WORD:u} id %{NUMBER:n:int}" | KEEP u, n | SORT u' }, catalog);
    expect(ok.values).toEqual([['admin', 42], [null, null]]);
    const cat = executeEsql({ query: 'FROM g | GROK s "%{WORD:w}(a+)+b" | KEEP w' }, catalog);
    expect(cat.values).toEqual([[null], [null]]);
    const over = executeEsql({ query: 'FROM g | GROK s "(a+)+b\\\\1%{WORD:w}" | KEEP w' }, catalog);
    expect(over.values).toEqual([[null], [null]]);
    expect(over.warnings.join('\n')).toMatch(/needs more than \d+ backtracking steps/);
  });
});

describe('through the Query DSL', () => {
  const fields = new Map([['s', 'keyword' as const]]);
  const doc = (s: string) => ({ _id: '1', _index: 'i', _version: 1, source: { s } });
  it('regexp (RegexpQueryBuilder, Lucene syntax) and wildcard run in linear time', () => {
    expect(compileQuery({ regexp: { s: '(a+)+b' } })(doc(A50K), fields)).toBe(false);
    expect(compileQuery({ regexp: { s: { value: 'a{3}c|<10-20>' } } })(doc('15'), fields)).toBe(true);
    expect(compileQuery({ wildcard: { s: { value: '*a*a*a*a*a*b' } } })(doc(A50K), fields)).toBe(false);
    expect(compileQuery({ wildcard: { s: { value: 'A?C', case_insensitive: true } } })(doc('abc'), fields)).toBe(true);
    expect(() => compileQuery({ regexp: { s: '(ab' } })).toThrow("expected ')' at position 3");
    // RegexpQueryBuilder: index.max_regex_length defaults to 1000.
    expect(() => compileQuery({ regexp: { s: 'a'.repeat(1001) } })).toThrow('The length of regex [1001] used in the Regexp Query request has exceeded the allowed maximum of [1000].');
    // case_insensitive: ASCII case folding of literal characters (RegExp.ASCII_CASE_INSENSITIVE).
    expect(compileQuery({ regexp: { s: { value: 'ab[c]"D"', case_insensitive: true } } })(doc('ABCd'), fields)).toBe(true);
    expect(compileQuery({ regexp: { s: { value: 'ab[c]"D"' } } })(doc('ABCd'), fields)).toBe(false);
  });
});

describe('differential checks', () => {
  // For the syntax where java.util.regex and ECMAScript agree (literals, ., classes, groups, alternation,
  // greedy/lazy quantifiers), REPLACE must give what a backtracking engine gives; LIKE/RLIKE what an
  // (anchored) backtracking regex gives.
  const { expr } = fc.letrec<{ expr: string }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom('a', 'b', '.', '[ab]', '[^a]'),
      fc.tuple(tie('expr'), tie('expr')).map(([x, y]) => x + y),
      fc.tuple(tie('expr'), tie('expr')).map(([x, y]) => `(${x}|${y})`),
      // Quantified bodies never match the empty string: how empty iterations of nested loops end differs
      // between regex engines (Java, ECMAScript and RE2 each have their own rule), so that is not compared.
      fc.tuple(tie('expr'), fc.constantFrom('*', '+', '?', '{1,2}', '*?', '+?', '??')).map(([x, q]) => (new RegExp(`^(?:${x})$`).test('') ? x : `(${x})${q}`))
    ),
  }));
  const text = fc.stringMatching(/^[abc]{0,12}$/);

  it('REPLACE agrees with a backtracking engine on regular patterns', () => {
    fc.assert(
      fc.property(expr, text, (p, s) => {
        expect(compileJavaRegex(p).replaceAll(s, '<$0>')).toBe(s.replace(new RegExp(p, 'g'), '<$&>'));
      }),
      { numRuns: 400 }
    );
  });

  it('RLIKE agrees with an anchored backtracking regex on the shared syntax', () => {
    const lucene = expr.filter((p) => !/[?*+]\?|\?\?/.test(p));
    fc.assert(
      fc.property(lucene, text, (p, s) => {
        expect(compileLuceneRegExp(p).test(s)).toBe(new RegExp(`^(?:${p})$`).test(s));
      }),
      { numRuns: 400 }
    );
  });

  it('LIKE agrees with the regex translation of the wildcard', () => {
    const pat = fc.stringMatching(/^[ab*?]{0,8}$/);
    fc.assert(
      fc.property(pat, text, (p, s) => {
        const re = new RegExp('^' + [...p].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c)).join('') + '$');
        expect(compileWildcard(p, { escape: true, questionMark: true })(s)).toBe(re.test(s));
      }),
      { numRuns: 400 }
    );
  });
});
