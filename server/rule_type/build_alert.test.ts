import { checkTimeOrder, minuteOf, toMinutes } from './build_alert';

const T = Date.parse('2026-11-23T10:00:00.000Z');
const at = (min: number, sec = 0) => T + min * 60_000 + sec * 1000;
const LEAD = 60 * 60_000;

describe('checkTimeOrder on minute buckets', () => {
  it('matches an alert minute at or before the sign-in minute within the lead time, smallest gap wins', () => {
    expect(checkTimeOrder([at(-30), at(-10)], [at(5)], LEAD, false)).toEqual({ matched: true, leadMinutes: 15 });
    expect(checkTimeOrder([at(-10)], [at(-20), at(50)], LEAD, false)).toEqual({ matched: true, leadMinutes: 60 });
    expect(checkTimeOrder([at(-10)], [at(51)], LEAD, false)).toEqual({ matched: false, leadMinutes: null });
  });

  it('counts the same minute as ordered (at most one minute of slack) but never an earlier sign-in minute', () => {
    // sign-in 10:05:10, alert 10:05:50: the minutes overlap, so the intervals allow the alert first
    expect(checkTimeOrder([at(5, 50)], [at(5, 10)], LEAD, false)).toEqual({ matched: true, leadMinutes: 0 });
    // sign-in 10:05:59, alert 10:06:00: different minutes, the sign-in came first
    expect(checkTimeOrder([at(6)], [at(5, 59)], LEAD, false)).toEqual({ matched: false, leadMinutes: null });
    expect(checkTimeOrder([at(7)], [at(5)], LEAD, false)).toEqual({ matched: false, leadMinutes: null });
  });

  it('with allowEitherOrder also matches a following alert within the lead time, as a negative lead', () => {
    expect(checkTimeOrder([at(20)], [at(5)], LEAD, true)).toEqual({ matched: true, leadMinutes: -15 });
    expect(checkTimeOrder([at(65)], [at(5)], LEAD, true)).toEqual({ matched: true, leadMinutes: -60 });
    expect(checkTimeOrder([at(66)], [at(5)], LEAD, true)).toEqual({ matched: false, leadMinutes: null });
    // a preceding alert wins over a closer following one
    expect(checkTimeOrder([at(-30), at(6)], [at(5)], LEAD, true)).toEqual({ matched: true, leadMinutes: 35 });
  });

  it('uses every minute however many there are (no cap)', () => {
    // 2,000 sign-in minutes that no alert precedes, then the one an alert precedes
    const signins = Array.from({ length: 2000 }, (_, i) => at(-2010 + i));
    expect(checkTimeOrder([at(-1), at(3)], [...signins, at(8)], 5 * 60_000, false)).toEqual({ matched: true, leadMinutes: 5 });
    expect(checkTimeOrder([at(-1), at(3)], signins, 5 * 60_000, false)).toEqual({ matched: false, leadMinutes: null });
    const alerts = Array.from({ length: 2000 }, (_, i) => at(1 + i));
    expect(checkTimeOrder([...alerts, at(-3)], [at(0)], 5 * 60_000, false)).toEqual({ matched: true, leadMinutes: 3 });
  });

  it('truncates, dedupes and sorts raw times', () => {
    expect(minuteOf(at(3, 42))).toBe(at(3));
    expect(minuteOf(-1)).toBe(-60_000);
    expect(toMinutes([at(4, 1), at(3, 59), at(4, 30), NaN])).toEqual([at(3), at(4)]);
  });
});
