// runCorrelation: the whole detection for one time window, shared by the Kibana executor, the replay CLI and
// the standalone host. A constant number of ES|QL requests (see docs/rule_design.md):
//   network modes:  probe(network) + network alerts per IP
//   threat intel:   probe(sign-ins)* + sign-in IPs, probe(TI) + indicators for those IPs (or one union fallback)
//   always:         probe(sign-ins) + sign-ins/activity per (user, IP) for the candidate IPs
// (*the sign-in probe is shared). Max 7 requests, 8 with the fallback; fewer when a side has no candidates.
import type { DetectionMode, Severity, TiConfidence } from '../../common/constants';
import { SEVERITIES, TI_CONFIDENCE_LEVELS } from '../../common/constants';
import type { Allowlist } from '../../common/ip';
import { checkIp, compileAllowlist } from '../../common/ip';
import type { RuleParams } from '../../common/params';
import { scoringThresholds } from '../../common/scoring';
import type { ScoringThresholds } from '../../common/scoring';
import type { CorrelatedAlert, NetworkIpRow, PairRow, TiIpRow } from './build_alert';
import { buildAlert, checkTimeOrder, toMinutes } from './build_alert';
import type { EsqlFieldType, EsqlRequestBody, TimeWindow } from '../../common/rule_queries/build_queries';
import {
  LIMITS,
  NETWORK_OPTIONAL_FIELDS,
  NETWORK_REQUIRED_FIELDS,
  SIGNIN_OPTIONAL_FIELDS,
  SIGNIN_REQUIRED_FIELDS,
  TI_OPTIONAL_FIELDS,
  TI_REQUIRED_FIELDS,
  buildNetworkQuery,
  buildPairsQuery,
  buildProbeQuery,
  buildSigninIpsQuery,
  buildThreatIntelQuery,
  buildThreatIntelUnionQuery,
  networkSelectors,
} from '../../common/rule_queries/build_queries';
import { CorrelationError, classifyEsError } from './errors';
import type { CorrelationEsClient, EsqlRecord } from './esql_client';
import { dateOrNull, isEsqlResponse, num, numOrNull, requestBody, strings, times, toRecords } from './esql_client';

export type { CorrelatedAlert } from './build_alert';

export interface CorrelationResult {
  alerts: CorrelatedAlert[];
  /** true when a row cap or the alert cap cut the result (see warnings for which) */
  truncated: boolean;
  warnings: string[];
  /** ES|QL requests sent */
  requests: number;
  /** alerts found beyond `maxAlerts` and not returned */
  alertsDropped: number;
  stats: CorrelationStats;
}

export interface CorrelationStats {
  networkIps: number;
  signinIps: number;
  indicatorIps: number;
  candidateIps: number;
  pairs: number;
  sharedIpsSkipped: number;
  rejectedIps: Record<string, number>;
  timeOrderMisses: number;
}

export interface RunCorrelationOptions {
  esClient: CorrelationEsClient;
  params: RuleParams;
  /** ISO; sign-ins are read from [dateStart, dateEnd] */
  dateStart: string;
  dateEnd: string;
  signal?: AbortSignal;
  shouldStop?: () => boolean;
  /** Defaults to params.maxAlertsPerRun; the Kibana executor passes min(that, the framework's alert limit). */
  maxAlerts?: number;
  /** Transport timeout per request, ms. */
  requestTimeoutMs?: number;
  /** Signal floors of the scoring table (future params); defaults in common/scoring.ts. */
  scoring?: Partial<ScoringThresholds>;
}

const STEP = {
  probeNetwork: 'Network alert index check',
  network: 'Network alert query',
  probeSignin: 'Sign-in index check',
  signinIps: 'Sign-in IP query',
  probeTi: 'Threat-intel index check',
  ti: 'Threat-intel indicator query',
  tiUnion: 'Threat-intel union query',
  pairs: 'Sign-in and activity query',
} as const;

class Runner {
  requests = 0;
  warnings: string[] = [];
  truncated = false;
  constructor(private readonly o: RunCorrelationOptions) {}

  async esql(step: string, req: EsqlRequestBody): Promise<EsqlRecord[]> {
    if (this.o.shouldStop?.() || this.o.signal?.aborted) {
      throw new CorrelationError('aborted', step, 'the run was stopped before this request (rule cancelled or timed out)');
    }
    this.requests++;
    let resp: unknown;
    try {
        resp = await this.o.esClient.esql.query(requestBody(req), {
          ...(this.o.signal ? { signal: this.o.signal } : {}),
          ...(this.o.requestTimeoutMs ? { requestTimeout: this.o.requestTimeoutMs } : {}),
        });
    } catch (e) {
      throw classifyEsError(e, step);
    }
    // Some clients return { body } with meta: true.
    const body = isEsqlResponse(resp) ? resp : (resp as { body?: unknown })?.body;
    if (!isEsqlResponse(body)) throw new CorrelationError('unexpected', step, 'Elasticsearch returned a response without columns/values');
    if (body.is_partial) {
      this.warnings.push(`${step}: Elasticsearch returned partial results (some shards or clusters failed); alerts may be missing`);
    }
    return toRecords(body);
  }

  /** Columns mapped in the matched indices, or null when no index matches the patterns. */
  async probe(step: string, patterns: readonly string[]): Promise<Set<string> | null> {
    if (this.o.shouldStop?.() || this.o.signal?.aborted) {
      throw new CorrelationError('aborted', step, 'the run was stopped before this request (rule cancelled or timed out)');
    }
    this.requests++;
    let resp: unknown;
    try {
        resp = await this.o.esClient.esql.query(requestBody(buildProbeQuery(patterns)), this.o.signal ? { signal: this.o.signal } : {});
    } catch (e) {
      const err = classifyEsError(e, step);
      if (err.kind === 'missing_index') return null;
      throw err;
    }
    const body = isEsqlResponse(resp) ? resp : (resp as { body?: unknown })?.body;
    if (!isEsqlResponse(body)) throw new CorrelationError('unexpected', step, 'Elasticsearch returned a response without columns');
    if (body.columns.length === 0) return null;
    const present = new Set<string>();
    for (const c of body.columns) {
      if (c.type === 'unsupported') present.add(`!${c.name}`);
      else present.add(c.name);
    }
    return present;
  }
}

/** Missing optional fields (typed nulls in the query); throws for missing or conflicting required fields. */
function missingFields(step: string, present: Set<string>, required: readonly string[], optional: Record<string, EsqlFieldType>, patterns: readonly string[]) {
  for (const f of required) {
    if (present.has(`!${f}`)) {
      throw new CorrelationError('field_conflict', step, `field [${f}] has conflicting mappings across [${patterns.join(', ')}]; map it with one type (e.g. ip) everywhere`);
    }
    if (!present.has(f)) throw new CorrelationError('missing_field', step, `field [${f}] is not mapped in any index matching [${patterns.join(', ')}]`);
  }
  const missing = new Set<string>();
  for (const f of Object.keys(optional)) {
    if (present.has(`!${f}`)) {
      throw new CorrelationError('field_conflict', step, `field [${f}] has conflicting mappings across [${patterns.join(', ')}]`);
    }
    if (!present.has(f)) missing.add(f);
  }
  return missing;
}

const severityOf = (rank: number | null): Severity | null => (rank && rank >= 1 && rank <= 4 ? SEVERITIES[rank - 1] : null);
const confidenceOf = (rank: number | null): TiConfidence | null => (rank === null ? null : TI_CONFIDENCE_LEVELS[Math.max(0, Math.min(3, rank))]);

function parseNetworkRow(r: EsqlRecord, ip: string): NetworkIpRow {
  return {
    ip,
    count: num(r.network_alerts),
    first: dateOrNull(r.first_alert),
    last: dateOrNull(r.last_alert),
    alertMinutes: toMinutes(times(r.alert_minutes)),
    ruleNames: strings(r.rule_names),
    maxSeverity: severityOf(numOrNull(r.max_severity)),
    maxRisk: numOrNull(r.max_risk),
    ids: strings(r.alert_ids),
  };
}

function parseTiRow(r: EsqlRecord, ip: string): TiIpRow {
  return {
    ip,
    count: num(r.indicators),
    feeds: strings(r.feeds),
    providers: strings(r.providers),
    types: strings(r.types),
    maxConfidence: confidenceOf(numOrNull(r.max_confidence)),
    firstSeen: dateOrNull(r.first_seen),
    lastSeen: dateOrNull(r.last_seen),
    descriptions: strings(r.descriptions),
    references: strings(r.references),
  };
}

function parsePairRow(r: EsqlRecord, ip: string, user: string): PairRow {
  return {
    ip,
    user,
    signins: num(r.signins),
    firstSignin: dateOrNull(r.first_signin),
    lastSignin: dateOrNull(r.last_signin),
    signinMinutes: toMinutes(times(r.signin_minutes)),
    apps: strings(r.apps),
    datasets: strings(r.datasets),
    riskLevels: strings(r.risk_levels),
    activities: num(r.activities),
    firstActivity: dateOrNull(r.first_activity),
    lastActivity: dateOrNull(r.last_activity),
    risky: num(r.risky),
    operations: strings(r.operations),
    riskyOperations: strings(r.risky_operations),
    workloads: strings(r.workloads),
    objects: strings(r.objects),
    userNames: strings(r.user_names),
    userEmails: strings(r.user_emails),
    userDomains: strings(r.user_domains),
    userIds: strings(r.user_ids),
    countries: strings(r.countries),
    countryNames: strings(r.country_names),
    cities: strings(r.cities),
    asNumbers: strings(r.as_numbers).map(Number).filter(Number.isFinite),
    asOrgs: strings(r.as_orgs),
  };
}

const SEVERITY_ORDER: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export async function runCorrelation(o: RunCorrelationOptions): Promise<CorrelationResult> {
  const { params } = o;
  const window: TimeWindow = { dateStart: o.dateStart, dateEnd: o.dateEnd };
  if (!(Date.parse(window.dateStart) <= Date.parse(window.dateEnd))) {
    throw new CorrelationError('invalid_settings', 'Time window', `invalid window [${window.dateStart}, ${window.dateEnd}]`);
  }
  const mode: DetectionMode = params.detectionMode;
  const wantNetwork = mode !== 'threat_intel';
  const wantTi = mode !== 'network';
  const run = new Runner(o);
  const allowlist: Allowlist = compileAllowlist(params.allowlistCidrs);
  const stats: CorrelationStats = {
    networkIps: 0,
    signinIps: 0,
    indicatorIps: 0,
    candidateIps: 0,
    pairs: 0,
    sharedIpsSkipped: 0,
    rejectedIps: {},
    timeOrderMisses: 0,
  };
  const acceptIp = (value: unknown): string | null => {
    const v = checkIp(value, allowlist);
    if (v.ok) return v.ip;
    stats.rejectedIps[v.reason] = (stats.rejectedIps[v.reason] ?? 0) + 1;
    return null;
  };
  /** In "both" mode a side that cannot run is skipped with a warning; in its own mode it ends the run. */
  const sideUnavailable = (err: CorrelationError, ownMode: DetectionMode) => {
    if (mode === ownMode) throw err;
    run.warnings.push(`${err.message}; continuing with the other detection mode`);
  };

  /** Any failure of one side in "both" mode (except a cancellation) leaves the other side running. */
  const sideFailed = (e: unknown, side: DetectionMode) => {
    const err = classifyEsError(e, side === 'network' ? STEP.network : STEP.ti);
    if (mode !== 'both' || err.kind === 'aborted') throw err;
    if (!run.warnings.some((w) => w.startsWith(err.message))) run.warnings.push(`${err.message}; continuing with the other detection mode`);
  };

  // ---- 1. network alerts per IP (rare: queried first, they bound the sign-in query) ----
  const network = new Map<string, NetworkIpRow>();
  let networkSide = wantNetwork;
  if (wantNetwork && networkSelectors(params).length === 0) {
    sideUnavailable(
      new CorrelationError('invalid_settings', STEP.network, 'no network alert source is enabled (set networkAlertRuleIds, includeNetworkCategoryAlerts or includeRawSensorAlerts)'),
      'network'
    );
    networkSide = false;
  }
  if (networkSide) {
    try {
      const present = await run.probe(STEP.probeNetwork, params.networkAlertIndexPatterns);
      if (!present) {
        sideUnavailable(
          new CorrelationError('missing_index', STEP.probeNetwork, `no index matches the network alert index patterns [${params.networkAlertIndexPatterns.join(', ')}]`),
          'network'
        );
      } else {
        const missing = missingFields(STEP.probeNetwork, present, NETWORK_REQUIRED_FIELDS, NETWORK_OPTIONAL_FIELDS, params.networkAlertIndexPatterns);
        const rows = await run.esql(STEP.network, buildNetworkQuery(params, window, missing));
        if (rows.length >= LIMITS.networkIps) {
          run.truncated = true;
          run.warnings.push(`${STEP.network}: more than ${LIMITS.networkIps} flagged IPs in the window; only the ${LIMITS.networkIps} with the most severe alerts were correlated`);
        }
        for (const r of rows) {
          const ip = acceptIp(r.ip);
          if (!ip) continue;
          const row = parseNetworkRow(r, ip);
          const prev = network.get(ip);
          // Two spellings of one address (e.g. IPv4-mapped IPv6) merge into one row.
          network.set(ip, prev ? mergeNetwork(prev, row) : row);
        }
        stats.networkIps = network.size;
      }
    } catch (e) {
      sideFailed(e, 'network');
      network.clear();
    }
  }

  // ---- 2. sign-in index check (always needed) ----
  const signinPresent = await run.probe(STEP.probeSignin, params.signinIndexPatterns);
  if (!signinPresent) {
    throw new CorrelationError('missing_index', STEP.probeSignin, `no index matches the sign-in index patterns [${params.signinIndexPatterns.join(', ')}]`);
  }
  const signinMissing = missingFields(STEP.probeSignin, signinPresent, SIGNIN_REQUIRED_FIELDS, SIGNIN_OPTIONAL_FIELDS, params.signinIndexPatterns);

  // ---- 3. threat intel: sign-in IPs of the window first, then only those indicators ----
  const ti = new Map<string, TiIpRow>();
  const usersPerIp = new Map<string, number>();
  if (wantTi) {
    try {
      const tiPresent = await run.probe(STEP.probeTi, params.threatIntelIndexPatterns);
      if (!tiPresent) {
        sideUnavailable(
          new CorrelationError('missing_index', STEP.probeTi, `no index matches the threat-intel index patterns [${params.threatIntelIndexPatterns.join(', ')}]`),
          'threat_intel'
        );
      } else {
        const tiMissing = missingFields(STEP.probeTi, tiPresent, TI_REQUIRED_FIELDS, TI_OPTIONAL_FIELDS, params.threatIntelIndexPatterns);
        const ipRows = await run.esql(STEP.signinIps, buildSigninIpsQuery(params, window, signinMissing));
        let tiRows: EsqlRecord[];
        if (ipRows.length >= LIMITS.signinIps) {
          // Too many distinct sign-in IPs for one response: one union query scans the active indicators instead.
          const present = new Set([...signinPresent, ...tiPresent]);
          const unionMissing = new Set([...Object.keys({ ...SIGNIN_OPTIONAL_FIELDS, ...TI_OPTIONAL_FIELDS })].filter((f) => !present.has(f)));
          tiRows = await run.esql(STEP.tiUnion, buildThreatIntelUnionQuery(params, window, unionMissing));
          if (tiRows.length >= LIMITS.indicatorIps) {
            run.truncated = true;
            run.warnings.push(`${STEP.tiUnion}: more than ${LIMITS.indicatorIps} sign-in IPs matched indicators; the rest were not correlated`);
          }
          for (const r of tiRows) {
            const ip = acceptIp(r.ip);
            if (ip) usersPerIp.set(ip, Math.max(usersPerIp.get(ip) ?? 0, num(r.users)));
          }
        } else {
          const ips: string[] = [];
          for (const r of ipRows) {
            const ip = acceptIp(r.ip);
            if (!ip) continue;
            usersPerIp.set(ip, Math.max(usersPerIp.get(ip) ?? 0, num(r.users)));
            if (num(r.users) <= params.maxUsersPerIp) ips.push(ip);
          }
          stats.signinIps = ips.length;
          tiRows = ips.length ? await run.esql(STEP.ti, buildThreatIntelQuery(params, window, ips, tiMissing)) : [];
          if (tiRows.length >= LIMITS.indicatorIps) {
            run.truncated = true;
            run.warnings.push(`${STEP.ti}: more than ${LIMITS.indicatorIps} indicator IPs matched; the rest were not correlated`);
          }
        }
        const asked = new Set(usersPerIp.keys());
        for (const r of tiRows) {
          const ip = acceptIp(r.ip);
          // A multi-valued indicator IP also groups under its other values; keep only IPs seen in sign-ins.
          if (!ip || !asked.has(ip)) continue;
          const row = parseTiRow(r, ip);
          if (row.count > 0) ti.set(ip, ti.has(ip) ? mergeTi(ti.get(ip)!, row) : row);
        }
        stats.indicatorIps = ti.size;
      }
    } catch (e) {
      sideFailed(e, 'threat_intel');
      ti.clear();
      usersPerIp.clear();
    }
  }

  // ---- 4. sign-ins and M365 activity per (user, IP) for every candidate IP, one request ----
  const isShared = (ip: string) => (usersPerIp.get(ip) ?? 0) > params.maxUsersPerIp;
  const candidates = [...new Set([...network.keys(), ...ti.keys()])].filter((ip) => {
    if (!isShared(ip)) return true;
    stats.sharedIpsSkipped++;
    return false;
  });
  stats.candidateIps = candidates.length;
  const alerts: CorrelatedAlert[] = [];
  if (candidates.length > 0) {
    const rows = await run.esql(STEP.pairs, buildPairsQuery(params, window, candidates, signinMissing));
    if (rows.length >= LIMITS.pairs) {
      run.truncated = true;
      run.warnings.push(`${STEP.pairs}: more than ${LIMITS.pairs} (user, IP) pairs; the rest were not correlated and the shared-IP check is approximate`);
    }
    const candidateSet = new Set(candidates);
    const byIp = new Map<string, PairRow[]>();
    for (const r of rows) {
      const ip = acceptIp(r.ip);
      const user = typeof r.user_key === 'string' ? r.user_key.trim() : '';
      if (!ip || !candidateSet.has(ip) || !user) continue;
      const list = byIp.get(ip) ?? [];
      const existing = list.find((p) => p.user === user);
      const row = parsePairRow(r, ip, user);
      if (existing) mergePair(existing, row);
      else list.push(row);
      byIp.set(ip, list);
    }
    const thresholds = scoringThresholds(params.severityThresholds, { ...params.signalFloors, ...o.scoring });
    const leadMs = params.leadTimeMinutes * 60_000;
    for (const [ip, pairs] of byIp) {
      // Shared infrastructure: distinct users on this IP in the window (this query and the IP census agree or the larger wins).
      if (Math.max(pairs.length, usersPerIp.get(ip) ?? 0) > params.maxUsersPerIp) {
        stats.sharedIpsSkipped++;
        continue;
      }
      const net = network.get(ip) ?? null;
      const ind = ti.get(ip) ?? null;
      for (const pair of pairs) {
        stats.pairs++;
        const order = net && pair.signins > 0 ? checkTimeOrder(net.alertMinutes, pair.signinMinutes, leadMs, params.allowEitherOrder) : { matched: false, leadMinutes: null };
        if (net && pair.signins > 0 && !order.matched) stats.timeOrderMisses++;
        const netHit = wantNetwork && net !== null && order.matched;
        const tiHit = wantTi && ind !== null && pair.signins + pair.activities > 0;
        if (!netHit && !tiHit) continue;
        const detection: DetectionMode = netHit && tiHit ? 'both' : netHit ? 'network' : 'threat_intel';
        alerts.push(buildAlert({ pair, network: netHit ? net : null, networkOrder: order, ti: tiHit ? ind : null, detection, thresholds }));
      }
    }
  }

  alerts.sort(
    (a, b) =>
      SEVERITY_ORDER[b.summary.severity] - SEVERITY_ORDER[a.summary.severity] ||
      b.summary.risk_score - a.summary.risk_score ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
  const maxAlerts = Math.max(0, o.maxAlerts ?? params.maxAlertsPerRun);
  const alertsDropped = Math.max(0, alerts.length - maxAlerts);
  if (alertsDropped > 0) run.truncated = true;
  return {
    alerts: alerts.slice(0, maxAlerts),
    truncated: run.truncated,
    warnings: run.warnings,
    requests: run.requests,
    alertsDropped,
    stats,
  };
}

const uniq = (xs: string[], cap: number) => [...new Set(xs)].slice(0, cap);
const minIso = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);
const maxIso = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);

function mergeNetwork(a: NetworkIpRow, b: NetworkIpRow): NetworkIpRow {
  const sev = [a.maxSeverity, b.maxSeverity].filter((s): s is Severity => !!s).sort((x, y) => SEVERITY_ORDER[y] - SEVERITY_ORDER[x])[0] ?? null;
  return {
    ip: a.ip,
    count: a.count + b.count,
    first: minIso(a.first, b.first),
    last: maxIso(a.last, b.last),
    alertMinutes: toMinutes([...a.alertMinutes, ...b.alertMinutes]),
    ruleNames: uniq([...a.ruleNames, ...b.ruleNames], LIMITS.listValues),
    maxSeverity: sev,
    maxRisk: a.maxRisk === null ? b.maxRisk : b.maxRisk === null ? a.maxRisk : Math.max(a.maxRisk, b.maxRisk),
    ids: uniq([...a.ids, ...b.ids], LIMITS.listValues),
  };
}

function mergeTi(a: TiIpRow, b: TiIpRow): TiIpRow {
  const conf = [a.maxConfidence, b.maxConfidence].filter((c): c is TiConfidence => !!c).sort((x, y) => TI_CONFIDENCE_LEVELS.indexOf(y) - TI_CONFIDENCE_LEVELS.indexOf(x))[0] ?? null;
  return {
    ip: a.ip,
    count: a.count + b.count,
    feeds: uniq([...a.feeds, ...b.feeds], LIMITS.listValues),
    providers: uniq([...a.providers, ...b.providers], LIMITS.listValues),
    types: uniq([...a.types, ...b.types], LIMITS.listValues),
    maxConfidence: conf,
    firstSeen: minIso(a.firstSeen, b.firstSeen),
    lastSeen: maxIso(a.lastSeen, b.lastSeen),
    descriptions: uniq([...a.descriptions, ...b.descriptions], LIMITS.descriptions),
    references: uniq([...a.references, ...b.references], LIMITS.descriptions),
  };
}

function mergePair(a: PairRow, b: PairRow): void {
  a.signins += b.signins;
  a.firstSignin = minIso(a.firstSignin, b.firstSignin);
  a.lastSignin = maxIso(a.lastSignin, b.lastSignin);
  a.signinMinutes = toMinutes([...a.signinMinutes, ...b.signinMinutes]);
  a.activities += b.activities;
  a.firstActivity = minIso(a.firstActivity, b.firstActivity);
  a.lastActivity = maxIso(a.lastActivity, b.lastActivity);
  a.risky += b.risky;
  const m = (k: 'apps' | 'datasets' | 'riskLevels' | 'riskyOperations' | 'userNames' | 'userEmails' | 'userDomains' | 'userIds' | 'countries' | 'countryNames' | 'cities' | 'asOrgs', cap: number) =>
    (a[k] = uniq([...a[k], ...b[k]], cap));
  m('apps', LIMITS.listValues);
  m('datasets', LIMITS.listValues);
  m('riskLevels', LIMITS.listValues);
  m('riskyOperations', LIMITS.listValues);
  m('userNames', LIMITS.listValues);
  m('userEmails', LIMITS.listValues);
  m('userDomains', LIMITS.listValues);
  m('userIds', LIMITS.listValues);
  m('countries', LIMITS.listValues);
  m('countryNames', LIMITS.listValues);
  m('cities', LIMITS.listValues);
  m('asOrgs', LIMITS.listValues);
  a.operations = uniq([...a.operations, ...b.operations], LIMITS.operations);
  a.workloads = uniq([...a.workloads, ...b.workloads], LIMITS.workloads);
  a.objects = uniq([...a.objects, ...b.objects], LIMITS.objects);
  a.asNumbers = [...new Set([...a.asNumbers, ...b.asNumbers])];
}
