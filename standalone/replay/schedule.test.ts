import { DEFAULT_RULE_PARAMS } from '../../common/params';
import { computeWindow } from '../../server/rule_type/executor';
import { parseInterval, schedule } from './schedule';
import { patternMatches, unreadIndexReason } from './patterns';

const T0 = Date.parse('2026-11-19T00:00:00Z');
const MIN = 60_000;

describe('schedule', () => {
  it('runs at the range start and then every interval until a run covers the end', () => {
    const runs = schedule({ from: T0, to: T0 + 12 * MIN, intervalMs: 5 * MIN, lookbackMinutes: 60, maxCatchUpMinutes: 1440 });
    expect(runs.map((r) => (r.at - T0) / MIN)).toEqual([0, 5, 10, 15]);
    expect(runs[1]).toEqual({ at: T0 + 5 * MIN, dateStart: new Date(T0 - 55 * MIN).toISOString(), dateEnd: new Date(T0 + 5 * MIN).toISOString() });
  });

  it('extends a window back to the previous run when the interval exceeds the look-back, capped by maxCatchUpMinutes', () => {
    const runs = schedule({ from: T0, to: T0 + 6 * 60 * MIN, intervalMs: 3 * 60 * MIN, lookbackMinutes: 60, maxCatchUpMinutes: 60 });
    expect(runs[1].dateStart).toBe(new Date(T0 + 60 * MIN).toISOString()); // 3h gap, capped at look-back + 60 min
    const wide = schedule({ from: T0, to: T0 + 6 * 60 * MIN, intervalMs: 3 * 60 * MIN, lookbackMinutes: 60, maxCatchUpMinutes: 1440 });
    expect(wide[1].dateStart).toBe(new Date(T0).toISOString());
  });

  it('computes the same windows as the Kibana executor', () => {
    for (const [interval, lookback, catchUp] of [[5, 60, 1440], [120, 60, 30], [60, 60, 0]]) {
      const params = { ...DEFAULT_RULE_PARAMS, lookbackMinutes: lookback, maxCatchUpMinutes: catchUp };
      const runs = schedule({ from: T0, to: T0 + 10 * 60 * MIN, intervalMs: interval * MIN, lookbackMinutes: lookback, maxCatchUpMinutes: catchUp });
      runs.forEach((r, i) => {
        const w = computeWindow({ params, startedAt: new Date(r.at), previousStartedAt: i === 0 ? null : new Date(runs[i - 1].at) });
        expect([r.dateStart, r.dateEnd]).toEqual([w.dateStart, w.dateEnd]);
      });
    }
  });

  it('parses Kibana intervals', () => {
    expect(parseInterval('5m')).toBe(5 * MIN);
    expect(parseInterval('30s')).toBe(30_000);
    expect(parseInterval('1h')).toBe(60 * MIN);
    expect(parseInterval('2d')).toBe(2 * 24 * 60 * MIN);
    for (const bad of ['0m', '5', 'm', '5 minutes', '-5m', '1.5h']) expect(parseInterval(bad)).toBeNull();
  });
});

describe('index patterns', () => {
  it('matches like Elasticsearch: wildcards, hidden indices only for dot patterns', () => {
    expect(patternMatches('logs-azure.signinlogs-*', 'logs-azure.signinlogs-default')).toBe(true);
    expect(patternMatches('logs-*', '.alerts-security.alerts-default')).toBe(false);
    expect(patternMatches('.alerts-security.alerts-*', '.alerts-security.alerts-default')).toBe(true);
    expect(patternMatches('logs-ti_*', 'logs-ti_abusech_latest.dest_threatfox-1')).toBe(true);
    expect(patternMatches('filebeat-*', 'filebeat-8.19.4')).toBe(true);
    expect(patternMatches('logs-o365.audit-*', 'logs-o365xaudit-default')).toBe(false);
  });
  it('names indices the rule does not read', () => {
    expect(unreadIndexReason(DEFAULT_RULE_PARAMS, 'logs-azure.signinlogs-default')).toBeNull();
    expect(unreadIndexReason(DEFAULT_RULE_PARAMS, 'winlogbeat-8.0.0')).toMatch(/reads none of it/);
  });
});
