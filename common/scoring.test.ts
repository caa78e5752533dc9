import { DEFAULT_SIGNAL_FLOORS, maxEntraRisk, scoreAlert, scoringThresholds } from './scoring';
import type { ScoringInput, ScoringThresholds } from './scoring';

const base = { criticalRiskyOperations: 5, highRiskyOperations: 1, mediumTotalEvents: 10 };
const off: ScoringThresholds = {
  ...base,
  tiConfidenceForHigh: 'off',
  tiConfidenceForMedium: 'off',
  networkSeverityForHigh: 'off',
  networkSeverityForMedium: 'off',
  entraRiskForHigh: 'off',
  entraRiskForMedium: 'off',
  escalateOnBothSignals: false,
};
const input = (p: Partial<ScoringInput>): ScoringInput => ({
  riskyOperations: 0,
  totalEvents: 1,
  network: { matched: false, maxSeverity: null },
  threatIntel: { matched: true, maxConfidence: 'high' },
  entraRiskLevels: [],
  ...p,
});

describe('scoreAlert', () => {
  // The Sentinel "Office activity from TI-known malicious IP" buckets: Critical >= 5 risky, High >= 1, Medium >= 10 hits, else Low.
  it.each([
    [0, 1, 'low'],
    [0, 9, 'low'],
    [0, 10, 'medium'],
    [0, 500, 'medium'],
    [1, 1, 'high'],
    [4, 40, 'high'],
    [5, 5, 'critical'],
    [11, 50, 'critical'],
  ] as const)('reference buckets: %i risky of %i events -> %s', (risky, total, expected) => {
    expect(scoreAlert(input({ riskyOperations: risky, totalEvents: total }), off).severity).toBe(expected);
  });

  it('uses the thresholds from params', () => {
    const t = { ...off, criticalRiskyOperations: 10, highRiskyOperations: 3, mediumTotalEvents: 2 };
    expect(scoreAlert(input({ riskyOperations: 9, totalEvents: 9 }), t).severity).toBe('high');
    expect(scoreAlert(input({ riskyOperations: 2, totalEvents: 2 }), t).severity).toBe('medium');
    expect(scoreAlert(input({ riskyOperations: 10, totalEvents: 10 }), t).severity).toBe('critical');
  });

  it('raises severity by signal floors and never lowers it', () => {
    const t = scoringThresholds(base);
    expect(t).toMatchObject(DEFAULT_SIGNAL_FLOORS);
    const ti = (c: 'none' | 'low' | 'medium' | 'high') => input({ threatIntel: { matched: true, maxConfidence: c } });
    expect(scoreAlert(ti('high'), t).severity).toBe('high');
    expect(scoreAlert(ti('medium'), t).severity).toBe('medium');
    expect(scoreAlert(ti('low'), t).severity).toBe('low');
    const net = (s: 'low' | 'medium' | 'high' | 'critical') =>
      input({ threatIntel: { matched: false, maxConfidence: null }, network: { matched: true, maxSeverity: s } });
    expect(scoreAlert(net('critical'), t).severity).toBe('high');
    expect(scoreAlert(net('high'), t).severity).toBe('medium');
    expect(scoreAlert(net('low'), t).severity).toBe('low');
    const entra = scoreAlert(input({ threatIntel: { matched: false, maxConfidence: null }, network: { matched: true, maxSeverity: 'low' }, entraRiskLevels: ['none', 'HIGH'] }), t);
    expect(entra.severity).toBe('high');
    expect(entra.factors).toContain('Entra sign-in risk high');
    expect(scoreAlert(input({ riskyOperations: 6, threatIntel: { matched: true, maxConfidence: 'low' } }), t).severity).toBe('critical');
  });

  it('escalates one level when network and threat intel both matched (opt-in), and always adds risk', () => {
    const t = scoringThresholds(base, { escalateOnBothSignals: true });
    expect(scoringThresholds(base).escalateOnBothSignals).toBe(false);
    const both = input({ network: { matched: true, maxSeverity: 'low' }, threatIntel: { matched: true, maxConfidence: 'low' } });
    expect(scoreAlert(both, t).severity).toBe('medium');
    expect(scoreAlert({ ...both, riskyOperations: 7 }, t).severity).toBe('critical');
    const plain = scoreAlert(both, { ...t, escalateOnBothSignals: false });
    expect(plain).toMatchObject({ severity: 'low', risk_score: 26 });
  });

  it('keeps the risk score inside the severity band', () => {
    const t = scoringThresholds(base);
    const cases: Array<[ScoringInput, number, number]> = [
      [input({ threatIntel: { matched: true, maxConfidence: 'none' } }), 21, 46],
      [input({ totalEvents: 12, threatIntel: { matched: true, maxConfidence: 'none' } }), 47, 72],
      [input({ riskyOperations: 3 }), 73, 98],
      [input({ riskyOperations: 50, network: { matched: true, maxSeverity: 'critical' }, entraRiskLevels: ['high'] }), 99, 100],
    ];
    for (const [i, lo, hi] of cases) {
      const s = scoreAlert(i, t);
      expect(s.risk_score).toBeGreaterThanOrEqual(lo);
      expect(s.risk_score).toBeLessThanOrEqual(hi);
    }
    expect(scoreAlert(input({ riskyOperations: 3 }), t).risk_score).toBe(73 + 6);
  });

  it('reads Entra risk levels case-insensitively and ignores unknown values', () => {
    expect(maxEntraRisk(['low', 'Medium', 'bogus'])).toBe('medium');
    expect(maxEntraRisk([])).toBeNull();
    expect(maxEntraRisk(['hidden'])).toBeNull();
  });
});

describe('peakOf', () => {
  const { peakOf } = jest.requireActual('./scoring') as typeof import('./scoring');
  it('keeps an earlier, higher severity or a higher risk score within the same severity', () => {
    expect(peakOf({ severity: 'critical', risk_score: 100 }, { severity: 'high', risk_score: 81 })).toEqual({ severity: 'critical', risk_score: 100 });
    expect(peakOf({ severity: 'high', risk_score: 90 }, { severity: 'high', risk_score: 77 })).toEqual({ severity: 'high', risk_score: 90 });
  });
  it('takes the current values when they are higher, or when there is no valid previous one', () => {
    expect(peakOf({ severity: 'medium', risk_score: 50 }, { severity: 'high', risk_score: 73 })).toEqual({ severity: 'high', risk_score: 73 });
    expect(peakOf(null, { severity: 'low', risk_score: 21 })).toEqual({ severity: 'low', risk_score: 21 });
    expect(peakOf({ severity: 'bogus' as never, risk_score: 99 }, { severity: 'low', risk_score: 21 })).toEqual({ severity: 'low', risk_score: 21 });
  });
});
