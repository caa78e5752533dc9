// Runs the investigation for one alert (or a user+IP window): resolves the alert and its rule parameters,
// derives the time window, runs the four section queries in parallel and shapes them.
import type { ElasticsearchClient } from '@kbn/core/server';
import type { AlertDetail, InvestigationQuery, InvestigationResponse, IpPivotRow, PivotSection, Section, UserPivotRow } from '../../common/api';
import { DEFAULT_SECTION_SIZE, PIVOT_LIMIT, isAlertQuery, isValidIp, normalizeIp } from '../../common/api';
import { boundedPivot, buildIpCountsQuery, buildIpPivotQuery, buildUserPivotQuery, countsByIp, toIpPivotRow, toUserPivotRow } from './pivots';
import { type AlertsReader, fetchAlert } from './alerts_reader';
import { DEFAULT_RULE_PARAMS, decodeRuleParams, type RuleParams } from '../../common/params';
import type { EsqlQuery } from './esql';
import {
  SectionInput,
  buildActivityQuery,
  buildProbeQuery,
  missingSigninFields,
  buildNetworkAlertsQuery,
  buildSigninsQuery,
  buildThreatIntelQuery,
} from './queries';
import {
  Rec,
  bounded,
  getPath,
  toActivityRow,
  toAlertDetail,
  toNetworkAlertRow,
  toRecords,
  toSignInRow,
  toThreatIntelRows,
  type EsqlResponseLike,
} from './shape';

export class NotFoundError extends Error {}
export class BadRequestError extends Error {}

export async function runEsql(es: ElasticsearchClient, q: EsqlQuery): Promise<Rec[]> {
  return (await runEsqlWithStatus(es, q)).records;
}

/** The records and whether Elasticsearch answered `is_partial` (a shard or remote cluster failed: rows may be missing). */
export async function runEsqlWithStatus(es: ElasticsearchClient, q: EsqlQuery): Promise<{ records: Rec[]; partial: boolean }> {
  const res = (await es.esql.query({
    query: q.query,
    params: q.params as never,
    ...(q.filter ? { filter: q.filter as never } : {}),
    drop_null_columns: true,
  })) as unknown as EsqlResponseLike & { is_partial?: boolean };
  return { records: toRecords(res), partial: res.is_partial === true };
}

/** Errors that must reach the client as-is (privileges, missing resources); others become a section error. */
export const isPassThroughEsError = (e: unknown) => {
  const status = (e as { statusCode?: number; meta?: { statusCode?: number } })?.statusCode ?? (e as { meta?: { statusCode?: number } })?.meta?.statusCode;
  return status === 401 || status === 403 || status === 404;
};

/** ES|QL answers a FROM that matches no index with a 400 verification_exception "Unknown index [...]". */
export const isUnknownIndexError = (e: unknown) => /unknown index/i.test(`${(e as Error)?.message ?? ''} ${JSON.stringify((e as { body?: unknown })?.body ?? (e as { meta?: { body?: unknown } })?.meta?.body ?? '')}`);

const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const minTime = (...v: Array<string | null | undefined>) => Math.min(...v.filter((x): x is string => !!x).map(Date.parse).filter(Number.isFinite));
const maxTime = (...v: Array<string | null | undefined>) => Math.max(...v.filter((x): x is string => !!x).map(Date.parse).filter(Number.isFinite));

/** The rule parameters stored on the alert; invalid or absent ones fall back to defaults (patterns stay validated). */
export function paramsOfAlert(doc: Rec): RuleParams {
  const raw = getPath(doc, 'kibana.alert.rule.parameters');
  if (!raw || typeof raw !== 'object') return DEFAULT_RULE_PARAMS;
  const decoded = decodeRuleParams(raw);
  return decoded.ok ? decoded.params : DEFAULT_RULE_PARAMS;
}

/** Window around an alert: from the earliest evidence minus the lead time, to the latest evidence (never after now). */
export function alertWindow(alert: AlertDetail, params: RuleParams, now = Date.now()): { from: string; to: string } {
  const s = (alert.summary ?? {}) as Record<string, Record<string, string | null> | undefined>;
  const g = (k: string, f: string) => {
    const direct = s[k]?.[f];
    return typeof direct === 'string' ? direct : (getPath(alert.summary, `${k}.${f}`) as string | undefined) ?? null;
  };
  // an alert without a (valid) @timestamp is anchored at now rather than failing
  const parsed = Date.parse(alert.timestamp);
  const ts = Number.isFinite(parsed) ? parsed : now;
  let from = minTime(g('signin', 'first'), g('network_alert', 'first'), g('activity', 'first'));
  if (!Number.isFinite(from)) from = ts - params.lookbackMinutes * MIN;
  from -= params.leadTimeMinutes * MIN;
  let to = maxTime(alert.timestamp, g('signin', 'last'), g('network_alert', 'last'), g('activity', 'last'));
  if (!Number.isFinite(to)) to = now;
  // activity after the sign-in keeps mattering: show an extra look-back's worth after the alert
  to = Math.min(to + params.lookbackMinutes * MIN, Math.max(now, ts));
  return { from: iso(from), to: iso(Math.max(to, from)) };
}

async function probeColumns(es: ElasticsearchClient, indices: readonly string[]): Promise<string[] | null> {
  try {
    const q = buildProbeQuery(indices);
    const res = (await es.esql.query({ query: q.query })) as unknown as EsqlResponseLike;
    return res.columns.map((c) => c.name);
  } catch (e) {
    if (isPassThroughEsError(e)) throw e;
    return null; // the section queries will report the problem
  }
}

async function section<Row extends { timestamp: string }>(
  es: ElasticsearchClient,
  q: EsqlQuery,
  indices: readonly string[],
  size: number,
  shape: (records: Rec[]) => Row[]
): Promise<Section<Row>> {
  const esql = { query: q.query, params: q.params };
  try {
    const { records, partial } = await runEsqlWithStatus(es, q);
    const rows = shape(records);
    return { ...bounded(rows, size), esql, ...(partial ? { partial: true } : {}) };
  } catch (e) {
    if (isPassThroughEsError(e)) throw e;
    const error = isUnknownIndexError(e) ? `no index matches ${indices.join(', ')}` : (e as Error).message;
    return { items: [], truncated: false, esql, error };
  }
}

async function pivot<Row>(
  es: ElasticsearchClient,
  q: EsqlQuery,
  indices: readonly string[],
  limit: number,
  shape: (r: Rec) => Row
): Promise<PivotSection<Row>> {
  const esql = { query: q.query, params: q.params };
  try {
    return { ...boundedPivot((await runEsql(es, q)).map(shape), limit), limit, esql };
  } catch (e) {
    if (isPassThroughEsError(e)) throw e;
    const error = isUnknownIndexError(e) ? `no index matches ${indices.join(', ')}` : (e as Error).message;
    return { items: [], truncated: false, limit, esql, error };
  }
}

/** A count per IP, or null for every IP when the count query failed (the pivot says "unknown", never 0). */
async function ipCounts(es: ElasticsearchClient, q: EsqlQuery): Promise<Map<string, number> | null> {
  try {
    return countsByIp(await runEsql(es, q));
  } catch (e) {
    if (isPassThroughEsError(e)) throw e;
    return null;
  }
}

/** A section that was not queried, saying why in place of its ES|QL. */
const notQueried = <Row>(why: string): Section<Row> => ({ items: [], truncated: false, esql: { query: `// ${why}`, params: [] } });

/**
 * `es` queries the source data as the current user; `alerts` reads the alert through Kibana's alerts authorization.
 * An alert gives user + IP + its window; otherwise the query gives a user, an IP or both, and from..to.
 */
export async function investigate(es: ElasticsearchClient, alerts: AlertsReader, q: InvestigationQuery): Promise<InvestigationResponse> {
  const size = q.size ?? DEFAULT_SECTION_SIZE;
  let alert: AlertDetail | null = null;
  let params: RuleParams = DEFAULT_RULE_PARAMS;
  let user: string | null;
  let ip: string | null;
  let from: string;
  let to: string;
  if (isAlertQuery(q)) {
    const doc = await fetchAlert(alerts, q.alertId);
    if (!doc) throw new NotFoundError(`alert [${q.alertId}] not found`);
    alert = toAlertDetail(doc);
    params = paramsOfAlert(doc);
    if (!alert.user || !alert.ip) throw new BadRequestError(`alert [${q.alertId}] has no cloud_identity.user / cloud_identity.source_ip`);
    user = alert.user.toLowerCase();
    if (!isValidIp(alert.ip)) throw new BadRequestError(`alert [${q.alertId}] has a malformed source IP [${alert.ip.slice(0, 64)}] (cloud_identity.source_ip); nothing can be correlated with it`);
    ip = normalizeIp(alert.ip);
    ({ from, to } = alertWindow(alert, params));
  } else {
    ({ from, to } = q);
    user = q.user ?? null;
    ip = q.ip ?? null;
  }
  const base = { user, ip, from, to, size };
  const leadFrom = iso(Date.parse(from) - params.leadTimeMinutes * MIN);
  const tiFrom = iso(Date.parse(to) - params.tiMaxIndicatorAgeDays * 24 * 60 * MIN);
  // probe the sources' mappings: sign-in fields that no index maps are defined as nulls, not errors, and each
  // section KEEPs only the mapped fields it shows
  const [signinCols, networkCols, tiCols] = await Promise.all(
    [params.signinIndexPatterns, params.networkAlertIndexPatterns, params.threatIntelIndexPatterns].map((p) => probeColumns(es, p))
  );
  const missing = signinCols ? missingSigninFields(signinCols) : undefined;
  const signinIn: SectionInput = { ...base, indices: params.signinIndexPatterns, missing, columns: signinCols ?? undefined };
  const networkIn: SectionInput = { ...base, from: alert ? from : leadFrom, indices: params.networkAlertIndexPatterns, columns: networkCols ?? undefined };
  const tiIn: SectionInput = { ...base, from: tiFrom < from ? tiFrom : from, indices: params.threatIntelIndexPatterns, columns: tiCols ?? undefined };
  const linked = new Set<string>(((alert?.summary as { network_alert?: { ids?: string[] } } | null)?.network_alert?.ids ?? []).map(String));
  const risky = new Set(params.riskyOperations);
  const pivotIn = { from, to, missing, limit: PIVOT_LIMIT };

  // pivot from the user: the IPs, then (in parallel) network alerts and indicators on each
  const ipsPivot: Promise<PivotSection<IpPivotRow> | null> = user
    ? pivot(es, buildIpPivotQuery({ ...pivotIn, indices: signinIn.indices, user }), signinIn.indices, PIVOT_LIMIT, toIpPivotRow).then(async (s) => {
        const ips = s.items.map((r) => r.ip).filter((x) => x !== '');
        if (s.error || ips.length === 0) return s;
        const [net, ti] = await Promise.all([
          ipCounts(es, buildIpCountsQuery({ ...pivotIn, from: networkIn.from, indices: networkIn.indices, ips, ipField: 'source.ip' })),
          ipCounts(es, buildIpCountsQuery({ ...pivotIn, from: tiIn.from, indices: tiIn.indices, ips, ipField: 'threat.indicator.ip' })),
        ]);
        return { ...s, items: s.items.map((r) => ({ ...r, networkAlerts: net ? net.get(r.ip) ?? 0 : null, indicators: ti ? ti.get(r.ip) ?? 0 : null })) };
      })
    : Promise.resolve(null);
  const usersPivot: Promise<PivotSection<UserPivotRow> | null> = ip
    ? pivot(es, buildUserPivotQuery({ ...pivotIn, indices: signinIn.indices, ip }), signinIn.indices, PIVOT_LIMIT, toUserPivotRow)
    : Promise.resolve(null);

  // user-only: network alerts and indicators on the IPs the user signed in from (those the pivot lists)
  const onIps = <Row>(input: SectionInput, run: (i: SectionInput) => Promise<Section<Row>>): Promise<Section<Row>> =>
    input.ip
      ? run(input)
      : ipsPivot.then((s) => {
          const ips = (s?.items ?? []).map((r) => r.ip).filter((x) => x !== '');
          return ips.length ? run({ ...input, ips }) : notQueried<Row>('not queried: no sign-ins by the user in the window, so no IPs to look up');
        });

  const [signins, networkAlerts, activity, threatIntel, ips, users] = await Promise.all([
    section(es, buildSigninsQuery(signinIn), signinIn.indices, size, (r) => r.map(toSignInRow)),
    onIps(networkIn, (i) => section(es, buildNetworkAlertsQuery(i), i.indices, size, (r) => r.map((x) => toNetworkAlertRow(x, linked)))),
    section(es, buildActivityQuery(signinIn), signinIn.indices, size, (r) => r.map((x) => toActivityRow(x, risky))),
    onIps(tiIn, (i) => section(es, buildThreatIntelQuery(i), i.indices, size, toThreatIntelRows)),
    ipsPivot,
    usersPivot,
  ]);
  return {
    user,
    ip,
    from,
    to,
    alert,
    indices: { signins: params.signinIndexPatterns, networkAlerts: params.networkAlertIndexPatterns, threatIntel: params.threatIntelIndexPatterns },
    riskyOperations: params.riskyOperations,
    signins,
    networkAlerts,
    activity,
    threatIntel,
    pivots: { ips, users },
  };
}
