// The Date-free ISO formatter against Date.prototype.toISOString, incl. day boundaries, negative epochs and
// the years where toISOString switches to 6-digit signed years.
import fc from 'fast-check';
import { isoMillis } from './iso_date';

describe('isoMillis', () => {
  it('prints exactly what toISOString prints', () => {
    const edges = [0, -1, 1, 86_399_999, 86_400_000, -86_400_000, -62_167_219_200_000, -62_167_219_200_001, 253_402_300_799_999, 253_402_300_800_000, 8.64e15, -8.64e15];
    for (const ms of edges) expect(isoMillis(ms)).toBe(new Date(ms).toISOString());
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => {
        expect(isoMillis(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 5000 }
    );
    fc.assert(
      fc.property(fc.integer({ min: 1_700_000_000_000, max: 1_800_000_000_000 }), fc.integer({ min: -100_000, max: 100_000 }), (base, d) => {
        expect(isoMillis(base + d)).toBe(new Date(base + d).toISOString());
      }),
      { numRuns: 5000 }
    );
  });

  it('repeats and cache collisions (same second slot, other value) print the right text', () => {
    const base = Date.UTC(2026, 0, 7, 12, 0, 0);
    const seq = [base, base, base + 4_096_000, base, base + 1, base + 4_096_000, base + 4_096_000 * 2 + 7, base];
    for (const ms of seq) expect(isoMillis(ms)).toBe(new Date(ms).toISOString());
  });
});
