// From aggregated rows (network alerts per IP, indicators per IP, activity per user+IP) to one alert:
// the CorrelationSummary, the alert document payload (ECS + kibana.alert.* + cloud_identity.*) and the
// action context. Pure; used by runCorrelation.
import type { CorrelationSummary } from '../../common/alert_fields';
import { ALERT_FIELD_PREFIX } from '../../common/alert_fields';
import type { DetectionMode, Severity, TiConfidence } from '../../common/constants';
import { MITRE } from '../../common/constants';
import type { ScoringThresholds } from '../../common/scoring';
import { scoreAlert } from '../../common/scoring';
import { TIME_BUCKET_MS } from '../../common/rule_queries/build_queries';

export interface NetworkIpRow {
  ip: string;
  count: number;
  first: string | null;
  last: string | null;
  /** distinct minutes (epoch ms of the minute start) of the alerts, ascending, complete */
  alertMinutes: number[];
  ruleNames: string[];
  maxSeverity: Severity | null;
  maxRisk: number | null;
  ids: string[];
}

export interface TiIpRow {
  ip: string;
  count: number;
  feeds: string[];
  providers: string[];
  types: string[];
  maxConfidence: TiConfidence | null;
  firstSeen: string | null;
  lastSeen: string | null;
  descriptions: string[];
  references: string[];
}

export interface PairRow {
  ip: string;
  user: string;
  signins: number;
  firstSignin: string | null;
  lastSignin: string | null;
  /** distinct minutes (epoch ms of the minute start) of the successful sign-ins, ascending, complete */
  signinMinutes: number[];
  apps: string[];
  datasets: string[];
  riskLevels: string[];
  activities: number;
  firstActivity: string | null;
  lastActivity: string | null;
  risky: number;
  operations: string[];
  riskyOperations: string[];
  workloads: string[];
  objects: string[];
  userNames: string[];
  userEmails: string[];
  userDomains: string[];
  userIds: string[];
  countries: string[];
  countryNames: string[];
  cities: string[];
  asNumbers: number[];
  asOrgs: string[];
}

export interface CorrelatedAlert {
  /** stable "user|ip" */
  id: string;
  summary: CorrelationSummary;
  payload: Record<string, unknown>;
  context: Record<string, unknown>;
}

export interface TimeOrder {
  matched: boolean;
  /**
   * Whole minutes from the closest preceding alert minute to a sign-in minute (0 = same minute); negative
   * (minutes from the sign-in minute to the closest following alert minute) when only a following alert matched.
   */
  leadMinutes: number | null;
}

/** Start of the minute `t` (epoch ms) falls in. */
export const minuteOf = (t: number) => t - (((t % TIME_BUCKET_MS) + TIME_BUCKET_MS) % TIME_BUCKET_MS);

/** Distinct minute starts, ascending (accepts raw times too: they are truncated first). */
export function toMinutes(ts: Iterable<number>): number[] {
  return [...new Set([...ts].filter(Number.isFinite).map(minuteOf))].sort((a, b) => a - b);
}

/** Index of the first element of sorted `xs` that is >= v (xs.length when none). */
function lowerBound(xs: readonly number[], v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Time-order check on minute buckets. A sign-in in minute [s, s+1m) and an alert in minute [a, a+1m) are ordered
 * when the two intervals allow 0 ≤ signin − alert ≤ lead, i.e. d = s − a satisfies −1m < d < lead + 1m; with
 * `eitherOrder`, when they allow |signin − alert| ≤ lead (−lead − 1m < d < lead + 1m). Complete sets of minutes make
 * this exact at minute resolution: it never misses a real match, and it accepts at most one minute of slack
 * (a sign-in earlier in the alert's own minute, or a gap up to lead + 1m). Sorted input, O((n + m) log m).
 */
export function checkTimeOrder(alertMinutes: readonly number[], signinMinutes: readonly number[], leadMs: number, eitherOrder: boolean): TimeOrder {
  const alerts = toMinutes(alertMinutes);
  const signins = toMinutes(signinMinutes);
  const M = TIME_BUCKET_MS;
  let before: number | null = null; // smallest d ≥ 0 (alert minute at or before the sign-in minute)
  let after: number | null = null; // smallest a − s > 0 (alert minute after the sign-in minute)
  for (const s of signins) {
    // Alert minutes a < s + 1m, i.e. a ≤ s: the latest one gives the smallest gap.
    const i = lowerBound(alerts, s + M);
    if (i > 0) {
      const d = s - alerts[i - 1];
      if (d < leadMs + M) before = before === null ? d : Math.min(before, d);
    }
    if (eitherOrder && i < alerts.length) {
      const d = alerts[i] - s;
      if (d < leadMs + M) after = after === null ? d : Math.min(after, d);
    }
  }
  if (before !== null) return { matched: true, leadMinutes: Math.round(before / M) };
  if (after !== null) return { matched: true, leadMinutes: -Math.round(after / M) };
  return { matched: false, leadMinutes: null };
}

const list = (xs: readonly string[], n = 3) => (xs.length > n ? `${xs.slice(0, n).join(', ')} and ${xs.length - n} more` : xs.join(', '));
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function buildReason(s: CorrelationSummary): string {
  const where = s.source_ip;
  const parts: string[] = [];
  if (s.signin.count > 0) {
    parts.push(`${s.user} signed in successfully ${s.signin.count === 1 ? 'once' : `${s.signin.count} times`}${s.signin.apps.length ? ` (${list(s.signin.apps)})` : ''} from ${where}`);
  } else {
    parts.push(`${s.user} used Microsoft 365 from ${where}`);
  }
  const flags: string[] = [];
  if (s.detection !== 'threat_intel' && s.network_alert.count > 0) {
    const lead = s.network_alert.lead_minutes;
    const when = lead === null ? '' : lead >= 0 ? `, ${lead} minutes before the sign-in` : `, ${-lead} minutes after the sign-in`;
    flags.push(`${plural(s.network_alert.count, 'network alert')} (${list(s.network_alert.rule_names) || 'unnamed rule'}, max severity ${s.network_alert.max_severity ?? 'unknown'}) flagged it${when}`);
  }
  if (s.detection !== 'network' && s.threat_intel.count > 0) {
    flags.push(`${plural(s.threat_intel.count, 'threat-intel indicator')} list it (${list(s.threat_intel.feeds) || 'unnamed feed'}, confidence ${s.threat_intel.max_confidence ?? 'not specified'})`);
  }
  let text = `${parts[0]}; ${flags.join(' and ')}`;
  if (s.activity.count > 0) {
    text += `. ${plural(s.activity.count, 'Microsoft 365 operation')} from this IP${s.activity.risky_count ? `, ${s.activity.risky_count} risky (${list(s.activity.risky_operations)})` : ''}`;
  }
  return `${text}.`;
}

/** Flattens an object into dotted keys (arrays stay values), e.g. { a: { b: 1 } } → { 'a.b': 1 }. */
export function flatten(obj: Record<string, unknown>, prefix: string, out: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [k, v] of Object.entries(obj)) {
    const key = `${prefix}.${k}`;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) flatten(v as Record<string, unknown>, key, out);
    else out[key] = v;
  }
  return out;
}

const first = <T>(xs: readonly T[]): T | undefined => xs[0];

export interface BuildAlertInput {
  pair: PairRow;
  network: NetworkIpRow | null;
  networkOrder: TimeOrder;
  ti: TiIpRow | null;
  detection: DetectionMode;
  thresholds: ScoringThresholds;
}

export function buildAlert({ pair, network, networkOrder, ti, detection, thresholds }: BuildAlertInput): CorrelatedAlert {
  const netMatched = detection !== 'threat_intel' && network !== null;
  const tiMatched = detection !== 'network' && ti !== null;
  const score = scoreAlert(
    {
      riskyOperations: pair.risky,
      totalEvents: pair.signins + pair.activities,
      network: { matched: netMatched, maxSeverity: netMatched ? network!.maxSeverity : null },
      threatIntel: { matched: tiMatched, maxConfidence: tiMatched ? ti!.maxConfidence : null },
      entraRiskLevels: pair.riskLevels,
    },
    thresholds
  );
  const summary: CorrelationSummary = {
    user: pair.user,
    source_ip: pair.ip,
    severity: score.severity,
    risk_score: score.risk_score,
    detection,
    signin: {
      count: pair.signins,
      // A threat-intel match may rest on M365 activity alone; then the activity times stand in.
      first: pair.firstSignin ?? pair.firstActivity ?? '',
      last: pair.lastSignin ?? pair.lastActivity ?? '',
      apps: pair.apps,
      datasets: pair.datasets,
      risk_levels: pair.riskLevels,
    },
    network_alert: netMatched
      ? {
          count: network!.count,
          rule_names: network!.ruleNames,
          max_severity: network!.maxSeverity,
          max_risk_score: network!.maxRisk,
          first: network!.first,
          last: network!.last,
          ids: network!.ids,
          lead_minutes: networkOrder.leadMinutes,
        }
      : { count: 0, rule_names: [], max_severity: null, max_risk_score: null, first: null, last: null, ids: [], lead_minutes: null },
    activity: {
      count: pair.activities,
      risky_count: pair.risky,
      operations: pair.operations,
      risky_operations: pair.riskyOperations,
      workloads: pair.workloads,
      objects: pair.objects,
      first: pair.firstActivity,
      last: pair.lastActivity,
    },
    threat_intel: tiMatched
      ? {
          count: ti!.count,
          feeds: ti!.feeds,
          providers: ti!.providers,
          types: ti!.types,
          max_confidence: ti!.maxConfidence,
          first_seen: ti!.firstSeen,
          last_seen: ti!.lastSeen,
          descriptions: ti!.descriptions,
        }
      : { count: 0, feeds: [], providers: [], types: [], max_confidence: null, first_seen: null, last_seen: null, descriptions: [] },
  };
  const reason = buildReason(summary);

  const payload: Record<string, unknown> = {
    'kibana.alert.reason': reason,
    'kibana.alert.severity': summary.severity,
    'kibana.alert.risk_score': summary.risk_score,
    'source.ip': pair.ip,
    ...optional('user.name', first(pair.userNames)),
    ...optional('user.email', first(pair.userEmails)),
    ...optional('user.domain', first(pair.userDomains)),
    ...optional('user.id', first(pair.userIds)),
    ...optional('source.geo.country_iso_code', first(pair.countries)),
    ...optional('source.geo.country_name', first(pair.countryNames)),
    ...optional('source.geo.city_name', first(pair.cities)),
    ...optional('source.as.number', first(pair.asNumbers)),
    ...optional('source.as.organization.name', first(pair.asOrgs)),
    ...mitreFields(pair.riskyOperations, pair.risky),
    ...(tiMatched ? threatIntelFields(pair.ip, ti!) : {}),
    ...flatten(summary as unknown as Record<string, unknown>, ALERT_FIELD_PREFIX),
    [`${ALERT_FIELD_PREFIX}.score_factors`]: score.factors,
  };

  const context = {
    user: summary.user,
    sourceIp: summary.source_ip,
    severity: summary.severity,
    riskScore: summary.risk_score,
    detection,
    reason,
    signinCount: summary.signin.count,
    firstSignin: summary.signin.first,
    lastSignin: summary.signin.last,
    networkAlertCount: summary.network_alert.count,
    networkRuleNames: summary.network_alert.rule_names,
    indicatorCount: summary.threat_intel.count,
    indicatorFeeds: summary.threat_intel.feeds,
    activityCount: summary.activity.count,
    riskyOperationCount: summary.activity.risky_count,
    riskyOperations: summary.activity.risky_operations,
  };
  return { id: alertId(pair.user, pair.ip), summary, payload, context };
}

/** Stable across runs for the same pair, so overlapping windows update one alert. */
export const alertId = (user: string, ip: string) => `${user}|${ip}`;

const optional = (k: string, v: unknown): Record<string, unknown> => (v === undefined || v === null || v === '' ? {} : { [k]: v });

/** ECS threat.enrichments (what Kibana's alert flyout reads for indicator matches) and threat.indicator.*. */
function threatIntelFields(ip: string, ti: TiIpRow): Record<string, unknown> {
  const indicator = {
    ip,
    type: first(ti.types) ?? (ip.includes(':') ? 'ipv6-addr' : 'ipv4-addr'),
    ...(ti.maxConfidence ? { confidence: capitalize(ti.maxConfidence) } : {}),
    ...(ti.providers.length ? { provider: first(ti.providers) } : {}),
    ...(ti.firstSeen ? { first_seen: ti.firstSeen } : {}),
    ...(ti.lastSeen ? { last_seen: ti.lastSeen } : {}),
    ...(ti.descriptions.length ? { description: first(ti.descriptions) } : {}),
    ...(ti.references.length ? { reference: first(ti.references) } : {}),
  };
  return {
    'threat.enrichments': [
      {
        matched: { atomic: ip, field: 'source.ip', type: 'indicator_match_rule' },
        indicator,
        ...(ti.feeds.length ? { feed: { name: first(ti.feeds) } } : {}),
      },
    ],
    ...flatten(indicator, 'threat.indicator'),
    ...(ti.feeds.length ? { 'threat.feed.name': first(ti.feeds) } : {}),
  };
}

/** Risky M365 operations that move data out of the tenant (Sentinel maps the rule to Exfiltration too). */
const EXFILTRATION_OPERATIONS = new Set(['FileDownloaded', 'FileSyncDownloadedFull', 'AnonymousLinkCreated', 'AnonymousLinkUsed', 'SharingInvitationCreated', 'New-MailboxExportRequest']);
const COLLECTION = { id: 'TA0009', name: 'Collection', reference: 'https://attack.mitre.org/tactics/TA0009/' };
const EXFILTRATION = { id: 'TA0010', name: 'Exfiltration', reference: 'https://attack.mitre.org/tactics/TA0010/' };
const T1530 = { id: 'T1530', name: 'Data from Cloud Storage', reference: 'https://attack.mitre.org/techniques/T1530/' };

/** ECS threat.*: always Initial Access / T1078.004; with risky activity also Collection / T1530 (and Exfiltration). */
export function mitreFields(riskyOperations: readonly string[], riskyCount: number): Record<string, unknown> {
  const tactics: Array<{ id: string; name: string; reference: string }> = [MITRE.tactic];
  const techniques: Array<{ id: string; name: string; reference: string }> = [MITRE.technique];
  if (riskyCount > 0) {
    tactics.push(COLLECTION);
    if (riskyOperations.some((op) => EXFILTRATION_OPERATIONS.has(op))) tactics.push(EXFILTRATION);
    techniques.push(T1530);
  }
  return {
    'threat.framework': MITRE.framework,
    'threat.tactic.id': tactics.map((t) => t.id),
    'threat.tactic.name': tactics.map((t) => t.name),
    'threat.tactic.reference': tactics.map((t) => t.reference),
    'threat.technique.id': techniques.map((t) => t.id),
    'threat.technique.name': techniques.map((t) => t.name),
    'threat.technique.reference': techniques.map((t) => t.reference),
    'threat.technique.subtechnique.id': [MITRE.subtechnique.id],
    'threat.technique.subtechnique.name': [MITRE.subtechnique.name],
    'threat.technique.subtechnique.reference': [MITRE.subtechnique.reference],
  };
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
