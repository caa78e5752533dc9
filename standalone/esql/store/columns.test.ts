// String columns against a plain position -> value map: single values, shared multi-value lists, overwrites,
// nulls, the switch to plain values, multiPositions and the memoised `test`.
import fc from 'fast-check';
import { StrColumn } from './columns';

const value = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('a', 'b', 'c', 'network', 'intrusion_detection') },
  { weight: 2, arbitrary: fc.array(fc.constantFrom('a', 'b', 'network', 'intrusion_detection'), { minLength: 2, maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constant(null) }
);

describe('StrColumn', () => {
  it('reads back what was written, in dictionary and plain mode', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(60), value), { maxLength: 150 }), fc.boolean(), (writes, unique) => {
        const col = new StrColumn('str');
        const want = new Map<number, string | string[] | null>();
        // Many distinct values switch the column to plain mode (after 4096 stored values).
        if (unique) for (let i = 0; i < 5000; i++) col.set(100 + i, `u${i}`);
        for (const [pos, v] of writes) {
          col.set(pos, v);
          want.set(pos, v);
        }
        for (let pos = 0; pos < 61; pos++) expect(col.get(pos)).toEqual(want.get(pos) ?? null);
        const multi = [...col.multiPositions()].filter((p) => p < 100).sort((a, b) => a - b);
        expect(multi).toEqual([...want.entries()].filter(([, v]) => Array.isArray(v)).map(([p]) => p).sort((a, b) => a - b));
        const one = (v: unknown) => v === 'a' || v === 'network';
        const many = (vs: unknown[]) => vs.some(one);
        const test = col.test(one, many);
        for (let pos = 0; pos < 61; pos++) {
          const v = col.get(pos);
          expect(test(pos)).toBe(v !== null && (Array.isArray(v) ? many(v) : one(v)));
        }
      }),
      { numRuns: 150 }
    );
  });

  it('shares one list among documents holding the same values', () => {
    const col = new StrColumn('str');
    col.set(0, ['network', 'intrusion_detection']);
    col.set(1, ['network', 'intrusion_detection']);
    col.set(2, ['intrusion_detection', 'network']);
    expect(col.get(0)).toBe(col.get(1));
    expect(col.get(2)).toEqual(['intrusion_detection', 'network']);
  });
});
