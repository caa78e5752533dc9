import { mayHoldBigInts, parseJsonExact, stringifyExact } from './exact_json';

describe('parseJsonExact', () => {
  it('keeps integers beyond 2^53 exactly and parses everything else like JSON.parse', () => {
    const text = '{"n":9007199254740993,"m":-9223372036854775808,"a":[1,2.5,1e3,"x\\"y",true,null,{}],"s":"9007199254740993","o":{"__proto__":1}}';
    const v = parseJsonExact(text) as Record<string, unknown>;
    expect(v.n).toBe(9007199254740993n);
    expect(v.m).toBe(-9223372036854775808n);
    expect(v.a).toEqual([1, 2.5, 1000, 'x"y', true, null, {}]);
    expect(v.s).toBe('9007199254740993');
    expect(Object.keys(v.o as object)).toEqual(['__proto__']);
    expect(() => parseJsonExact('{"a":1')).toThrow(SyntaxError);
    expect(() => parseJsonExact('{"a":1} x')).toThrow(SyntaxError);
  });

  it('mayHoldBigInts: only a run of 16+ digits can be an integer beyond 2^53 - 1', () => {
    expect(mayHoldBigInts('{"n":9007199254740993}')).toBe(true);
    expect(mayHoldBigInts('{"n":900719925474099,"m":-1.5e300}')).toBe(false);
  });
});

describe('stringifyExact', () => {
  it('writes BigInts as exact JSON numbers and everything else like JSON.stringify', () => {
    expect(stringifyExact({ a: [1, 'x'] })).toBe('{"a":[1,"x"]}');
    expect(stringifyExact({ values: [[9007199254740993n, -9223372036854775808n, 'big:1']] })).toBe('{"values":[[9007199254740993,-9223372036854775808,"big:1"]]}');
  });
});
