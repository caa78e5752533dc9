import type { Client } from '@elastic/elasticsearch';
import { DEFAULT_RULE_PARAMS } from '../../common/params';
import type { CorrelationSummary } from '../../common/alert_fields';
import { alertFields, decayed, formatTable, replayRuns, type Correlate } from './replay';
import { schedule } from './schedule';

const T0 = Date.parse('2026-11-19T00:00:00Z');
const summary = (user: string, ip: string, severity: CorrelationSummary['severity'], risk: number): CorrelationSummary => ({
  user,
  source_ip: ip,
  severity,
  risk_score: risk,
  detection: 'network',
  signin: { count: 1, first: '', last: '', apps: [], datasets: [], risk_levels: [] },
  network_alert: { count: 1, rule_names: [], max_severity: 'medium', max_risk_score: 47, first: null, last: null, ids: [], lead_minutes: 5 },
  activity: { count: 0, risky_count: 0, operations: [], risky_operations: [], workloads: [], objects: [], first: null, last: null },
  threat_intel: { count: 0, feeds: [], providers: [], types: [], max_confidence: null, first_seen: null, last_seen: null, descriptions: [] },
});

describe('replayRuns', () => {
  it('keeps one alert per id with the latest run payload, the first run as start, and shows the peak severity', async () => {
    const runs = schedule({ from: T0, to: T0 + 15 * 60_000, intervalMs: 5 * 60_000, lookbackMinutes: 60, maxCatchUpMinutes: 0 });
    const seen: string[] = [];
    const correlate: Correlate = async ({ dateStart, dateEnd }) => {
      seen.push(`${dateStart}/${dateEnd}`);
      const i = seen.length - 1;
      const alerts = [];
      if (i >= 1) alerts.push({ id: 'a@x|1.2.3.4', summary: summary('a@x', '1.2.3.4', i === 1 ? 'critical' : 'high', i === 1 ? 99 : 80), payload: { 'kibana.alert.severity': i === 1 ? 'critical' : 'high', run: i }, context: {} });
      if (i === 0) alerts.push({ id: 'b@x|5.6.7.8', summary: summary('b@x', '5.6.7.8', 'low', 21), payload: { run: i }, context: {} });
      return { alerts, truncated: i === 3, warnings: i === 2 ? ['w'] : [], requests: 3 };
    };
    const res = await replayRuns({ esClient: {} as Client, params: DEFAULT_RULE_PARAMS, runs, correlate });
    expect(seen).toEqual(runs.map((r) => `${r.dateStart}/${r.dateEnd}`));
    expect(res).toMatchObject({ runs: 4, requests: 12, truncatedRuns: 1, warnings: ['w'] });
    expect(res.alerts.map((a) => a.id)).toEqual(['b@x|5.6.7.8', 'a@x|1.2.3.4']);
    const a = res.alerts[1];
    expect(a).toMatchObject({ start: new Date(runs[1].at).toISOString(), lastDetected: new Date(runs[3].at).toISOString(), runs: 3, payload: { run: 3 } });
    expect(a.peak).toEqual({ severity: 'critical', risk_score: 99, at: new Date(runs[1].at).toISOString() });
    expect(decayed(res.alerts).map((x) => x.id)).toEqual(['a@x|1.2.3.4']);
    expect(alertFields(a)).toEqual({
      '@timestamp': a.lastDetected,
      'kibana.alert.instance.id': 'a@x|1.2.3.4',
      'kibana.alert.start': a.start,
      'kibana.alert.status': 'active',
      // latest payload, but the peak severity and risk score of all runs (the executor's rule too)
      'kibana.alert.severity': 'critical',
      'kibana.alert.risk_score': 99,
      'cloud_identity.severity': 'critical',
      'cloud_identity.risk_score': 99,
      run: 3,
    });
    const table = formatTable(res.alerts).split('\n');
    expect(table[0]).toMatch(/^start\s+user\s+source_ip\s+severity/);
    expect(table[2]).toMatch(/a@x\s+1\.2\.3\.4\s+critical\s+99\s+network/);
  });
});
