import fc from 'fast-check';
import { DEFAULT_RULE_PARAMS, decodeRuleParams, isValidIndexPattern, validateRuleParams } from './params';

describe('rule params codec', () => {
  it('fills every missing setting with its default', () => {
    expect(decodeRuleParams({})).toEqual({ ok: true, params: DEFAULT_RULE_PARAMS });
    const r = decodeRuleParams({ leadTimeMinutes: 15 });
    expect(r.ok && r.params.leadTimeMinutes).toBe(15);
    expect(r.ok && r.params.lookbackMinutes).toBe(DEFAULT_RULE_PARAMS.lookbackMinutes);
  });

  it('names the field, the expected value and what was received', () => {
    const r = decodeRuleParams({ lookbackMinutes: 0, minNetworkAlertSeverity: 'severe' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual(
      expect.arrayContaining([
        'Expecting integer 5..10080 at lookbackMinutes but instead got: 0',
        expect.stringMatching(/^Expecting one of low, medium, high, critical at minNetworkAlertSeverity but instead got: "severe"/),
      ])
    );
  });

  it('enforces bounds on both sides and rejects non-integers', () => {
    for (const v of [0, 1441, 1.5, '60', null]) expect(decodeRuleParams({ leadTimeMinutes: v }).ok).toBe(false);
    for (const v of [1, 1440]) expect(decodeRuleParams({ leadTimeMinutes: v }).ok).toBe(true);
  });

  it('rejects unknown settings and non-object input', () => {
    expect(decodeRuleParams({ leadtime: 5 })).toEqual({ ok: false, errors: ['unknown setting [leadtime]'] });
    expect(decodeRuleParams(null)).toEqual({ ok: false, errors: ['rule params must be an object, got null'] });
    expect(decodeRuleParams([])).toEqual({ ok: false, errors: ['rule params must be an object, got array'] });
  });

  it('validates CIDRs as Elasticsearch parses them in a terms query on an ip field (v4, v6, bare addresses)', () => {
    expect(decodeRuleParams({ allowlistCidrs: ['198.18.0.0/15', '2a00:1450::/32', '8.8.8.8', '::ffff:8.8.8.8', 'fe80::/10'] }).ok).toBe(true);
    for (const bad of ['10.0.0.0/33', '300.1.1.1', 'not-an-ip', '10.0.0.0/8; DROP', '10.1/8', '0x7f.1', '127.1', 'fe80::1%eth0', '010.0.0.0/8', '::ffff:91.0.0.0/104', '10.1.2.3/8', '10.0.0.0/08']) {
      expect(decodeRuleParams({ allowlistCidrs: [bad] }).ok).toBe(false);
    }
  });

  it('says why an allowlist entry is refused, naming the item', () => {
    const r = decodeRuleParams({ allowlistCidrs: ['203.0.113.0/24', '203.0.113.7/24', '10.1/8', 'fe80::1%eth0'] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      'Expecting IPv4 or IPv6 CIDR (e.g. 203.0.113.0/24) or address at allowlistCidrs.1 but instead got: "203.0.113.7/24" (host bits are set: the range is 203.0.113.0/24, a single address is 203.0.113.7 without /24)',
      'Expecting IPv4 or IPv6 CIDR (e.g. 203.0.113.0/24) or address at allowlistCidrs.2 but instead got: "10.1/8" (IPv4 needs four decimal parts, got 2)',
      'Expecting IPv4 or IPv6 CIDR (e.g. 203.0.113.0/24) or address at allowlistCidrs.3 but instead got: "fe80::1%eth0" (zone ids like %eth0 are not allowed)',
    ]);
    expect(() => validateRuleParams({ allowlistCidrs: ['0x7f.1'] })).toThrow(/allowlistCidrs\.0 .*"0x7f\.1" \(IPv4 needs four decimal parts/);
  });

  it('checks that the high threshold does not exceed the critical one', () => {
    const r = decodeRuleParams({ severityThresholds: { criticalRiskyOperations: 2, highRiskyOperations: 3, mediumTotalEvents: 10 } });
    expect(r).toEqual({ ok: false, errors: ['severityThresholds.highRiskyOperations must not exceed severityThresholds.criticalRiskyOperations'] });
  });

  it('throws one readable message from validateRuleParams', () => {
    expect(() => validateRuleParams({ maxAlertsPerRun: -1 })).toThrow('Expecting integer 1..10000 at maxAlertsPerRun but instead got: -1');
  });

  describe('index patterns (they reach FROM, which cannot take parameters)', () => {
    it('accepts real Fleet, alerts and remote patterns', () => {
      for (const p of ['logs-azure.signinlogs-*', '.alerts-security.alerts-*', 'filebeat-*', 'logs-ti_*', 'remote_eu:logs-o365.audit-*', 'logs-*-default']) {
        expect(isValidIndexPattern(p)).toBe(true);
      }
    });

    it('rejects anything that could end or alter the FROM clause', () => {
      for (const p of ['logs-* | DROP x', 'a,b', 'logs-"x"', 'Logs-*', 'a b', 'a/b', '(a)', '..', 'logs-*//c', 'a\nb', '', 'x:y:z']) {
        expect(isValidIndexPattern(p)).toBe(false);
      }
    });

    it('never accepts a pattern with ES|QL structure characters (property)', () => {
      fc.assert(
        fc.property(fc.string(), fc.constantFrom('|', ',', '"', ' ', '\n', '(', ')', '[', ']', '/', '`', '='), fc.string(), (a, bad, b) => {
          expect(isValidIndexPattern(`${a}${bad}${b}`)).toBe(false);
        })
      );
    });
  });
});

describe('nested settings', () => {
  it('merge partial objects with their defaults', () => {
    const r = decodeRuleParams({ signalFloors: { escalateOnBothSignals: true }, severityThresholds: { mediumTotalEvents: 3 } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.params.signalFloors).toEqual({ ...DEFAULT_RULE_PARAMS.signalFloors, escalateOnBothSignals: true });
    expect(r.params.severityThresholds).toEqual({ criticalRiskyOperations: 5, highRiskyOperations: 1, mediumTotalEvents: 3 });
  });

  it('reject unknown nested keys and wrong floor values, naming the path', () => {
    const r = decodeRuleParams({ signalFloors: { tiConfidenceForHigh: 'extreme', bogus: 1 } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toContain('unknown setting [signalFloors.bogus]');
    expect(r.errors.join('\n')).toMatch(/Expecting one of none, low, medium, high, off at signalFloors.tiConfidenceForHigh but instead got: "extreme"/);
  });
});
