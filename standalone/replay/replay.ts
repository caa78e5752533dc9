// Runs the rule's executor over a schedule of runs and keeps one alert per id the way the alerting
// framework does: an alert is reported once, with the summary of the latest run that raised it and the peak
// severity / risk score of all its runs (the Kibana executor keeps the peak the same way: common/scoring.ts).
import type { Client } from '@elastic/elasticsearch';
import type { RuleParams } from '../../common/params';
import type { CorrelationSummary } from '../../common/alert_fields';
import type { Severity } from '../../common/constants';
import { peakOf, severityPayload } from '../../common/scoring';
import type { Run } from './schedule';

export interface CorrelatedAlertLike {
  id: string;
  summary: CorrelationSummary;
  payload: Record<string, unknown>;
  context: Record<string, unknown>;
}
export interface CorrelationResultLike {
  alerts: CorrelatedAlertLike[];
  truncated: boolean;
  warnings: string[];
  requests: number;
}
export type Correlate = (args: { esClient: Client; params: RuleParams; dateStart: string; dateEnd: string }) => Promise<CorrelationResultLike>;

export interface ReplayAlert extends CorrelatedAlertLike {
  /** run time of the first / latest run that raised it */
  start: string;
  lastDetected: string;
  /** number of runs that raised it */
  runs: number;
  /** highest severity any run gave it, and when: what the alert shows */
  peak: { severity: Severity; risk_score: number; at: string };
}

export interface ReplayResult {
  alerts: ReplayAlert[];
  runs: number;
  requests: number;
  truncatedRuns: number;
  warnings: string[];
  ms: number;
}

/** Alerts whose latest summary is less severe than an earlier run's (the sliding window dropped evidence). */
export const decayed = (alerts: ReplayAlert[]) => alerts.filter((a) => a.peak.severity !== a.summary.severity);

export async function replayRuns(o: { esClient: Client; params: RuleParams; runs: Run[]; correlate: Correlate; onRun?: (i: number, r: Run) => void }): Promise<ReplayResult> {
  const t0 = Date.now();
  const byId = new Map<string, ReplayAlert>();
  const warnings = new Set<string>();
  let requests = 0;
  let truncatedRuns = 0;
  for (let i = 0; i < o.runs.length; i++) {
    const run = o.runs[i];
    o.onRun?.(i, run);
    const res = await o.correlate({ esClient: o.esClient, params: o.params, dateStart: run.dateStart, dateEnd: run.dateEnd });
    requests += res.requests;
    if (res.truncated) truncatedRuns++;
    for (const w of res.warnings) warnings.add(w);
    const at = new Date(run.at).toISOString();
    for (const a of res.alerts) {
      const prev = byId.get(a.id);
      const best = peakOf(prev?.peak, a.summary);
      const peak = prev && best.severity === prev.peak.severity && best.risk_score === prev.peak.risk_score ? prev.peak : { ...best, at };
      byId.set(a.id, { ...a, start: prev?.start ?? at, lastDetected: at, runs: (prev?.runs ?? 0) + 1, peak });
    }
  }
  const alerts = [...byId.values()].sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
  return { alerts, runs: o.runs.length, requests, truncatedRuns, warnings: [...warnings], ms: Date.now() - t0 };
}

/** The alert document fields replay prints: the payload plus the framework's own fields. */
export function alertFields(a: ReplayAlert): Record<string, unknown> {
  return {
    '@timestamp': a.lastDetected,
    'kibana.alert.instance.id': a.id,
    'kibana.alert.start': a.start,
    'kibana.alert.status': 'active',
    ...a.payload,
    ...severityPayload(a.peak),
  };
}

const pad = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));

export function formatTable(alerts: ReplayAlert[]): string {
  const head = ['start', 'user', 'source_ip', 'severity', 'risk', 'detection', 'signins', 'net_alerts', 'ti', 'activity', 'risky'];
  const widths = [20, 34, 26, 9, 5, 13, 8, 11, 4, 9, 6];
  const rows = alerts.map((a) => {
    const s = a.summary;
    return [a.start.slice(0, 19) + 'Z', s.user, s.source_ip, a.peak.severity, String(a.peak.risk_score), s.detection, String(s.signin.count), String(s.network_alert.count), String(s.threat_intel.count), String(s.activity.count), String(s.activity.risky_count)];
  });
  return [head, ...rows].map((r) => r.map((c, i) => pad(c, widths[i])).join(' ').trimEnd()).join('\n') + '\n';
}
