// STATS per-group array states (GroupAcc) against one AggState object per group, over random additions:
// nulls, multi-values, NaN / -0 (SameValueZero in VALUES), repeats beyond the small distinct array.
import fc from 'fast-check';
import type { FunctionCall } from '../parser/ast';
import { aggSpec, groupAcc } from './aggregates';
import type { CExpr } from './context';
import type { DataType } from './values';

const loc = { line: 1, col: 1, start: 0, end: 0 };
const arg = (type: DataType): CExpr => ({ type, fn: (r) => r[0], isConst: false, text: 'x', loc });
const call = (name: string, star = false): FunctionCall => ({ kind: 'call', name, args: star ? [] : [{ kind: 'column', name: 'x', loc }], star, loc }) as unknown as FunctionCall;

const scalar = fc.oneof(fc.integer({ min: -20, max: 20 }), fc.constantFrom(NaN, -0, 0, 1.5), fc.constant(null));
const strScalar = fc.oneof(fc.constantFrom('a', 'b', 'c', ''), fc.string({ maxLength: 2 }), fc.constant(null));
const cell = (s: fc.Arbitrary<unknown>) => fc.oneof({ weight: 3, arbitrary: s }, { weight: 1, arbitrary: fc.array(s.filter((x) => x !== null), { minLength: 2, maxLength: 4 }) });

describe('GroupAcc', () => {
  const cases: Array<[string, DataType, fc.Arbitrary<unknown>, boolean?]> = [
    ['count', 'long', cell(scalar), true],
    ['count', 'long', cell(scalar)],
    ['count_distinct', 'long', cell(scalar)],
    ['count_distinct', 'keyword', cell(strScalar)],
    ['min', 'long', cell(scalar)],
    ['max', 'double', cell(scalar)],
    ['max', 'keyword', cell(strScalar)],
    ['values', 'long', cell(scalar)],
    ['values', 'keyword', cell(strScalar)],
  ];
  for (const [name, type, values, star] of cases) {
    it(`${name}${star ? '(*)' : ''} over ${type} matches one state per group`, () => {
      const spec = aggSpec(call(name, star), star ? [] : [arg(type)], name);
      expect(spec.acc).toBeDefined();
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.tuple(fc.nat(4), values), { maxLength: 80 }), (ngroups, adds) => {
          const acc = groupAcc(spec);
          const states = Array.from({ length: ngroups }, () => spec.create());
          for (let g = 0; g < ngroups; g++) acc.grow();
          // STATS adds through the accumulator's closure.
          const add = acc.adder();
          for (const [g0, v] of adds) {
            const g = g0 % ngroups;
            add(g, v);
            states[g].add(v);
          }
          for (let g = 0; g < ngroups; g++) expect(acc.result(g)).toEqual(states[g].result());
        }),
        { numRuns: 200 }
      );
    });
  }
});
