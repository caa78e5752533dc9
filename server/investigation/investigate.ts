// Runs the investigation for one alert (or a user+IP window): resolves the alert and its rule parameters,
// derives the time window, runs the four section queries in parallel and shapes them.
import type { ElasticsearchClient } from '@kbn/core/server';
import type { AlertDetail, InvestigationQuery, InvestigationResponse, Section } from '../../common/api';
import { ALERTS_INDEX_PATTERN, DEFAULT_SECTION_SIZE, isAlertQuery, isValidIp, normalizeIp } from '../../common/api';
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

/**
 * The alert document by `kibana.alert.uuid`. A search, not ES|QL: `kibana.alert.rule.parameters` is a
 * `flattened` field, which ES|QL reports as unsupported, and we need the whole `_source`.
 */
export async function fetchAlert(es: ElasticsearchClient, alertId: string): Promise<Rec | null> {
  const res = await es.search<Rec>({
    index: ALERTS_INDEX_PATTERN,
    expand_wildcards: ['open', 'hidden'],
    ignore_unavailable: true,
    allow_no_indices: true,
    size: 1,
    query: { bool: { filter: [{ term: { 'kibana.alert.uuid': alertId } }] } },
  });
  return (res.hits.hits[0]?._source as Rec | undefined) ?? null;
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

export async function investigate(es: ElasticsearchClient, q: InvestigationQuery): Promise<InvestigationResponse> {
  const size = q.size ?? DEFAULT_SECTION_SIZE;
  let alert: AlertDetail | null = null;
  let params: RuleParams = DEFAULT_RULE_PARAMS;
  let user: string;
  let ip: string;
  let from: string;
  let to: string;
  if (isAlertQuery(q)) {
    const doc = await fetchAlert(es, q.alertId);
    if (!doc) throw new NotFoundError(`alert [${q.alertId}] not found`);
    alert = toAlertDetail(doc);
    params = paramsOfAlert(doc);
    if (!alert.user || !alert.ip) throw new BadRequestError(`alert [${q.alertId}] has no cloud_identity.user / cloud_identity.source_ip`);
    user = alert.user.toLowerCase();
    if (!isValidIp(alert.ip)) throw new BadRequestError(`alert [${q.alertId}] has a malformed source IP [${alert.ip.slice(0, 64)}] (cloud_identity.source_ip); nothing can be correlated with it`);
    ip = normalizeIp(alert.ip);
    ({ from, to } = alertWindow(alert, params));
  } else {
    ({ user, ip, from, to } = q);
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

  const [signins, networkAlerts, activity, threatIntel] = await Promise.all([
    section(es, buildSigninsQuery(signinIn), signinIn.indices, size, (r) => r.map(toSignInRow)),
    section(es, buildNetworkAlertsQuery(networkIn), networkIn.indices, size, (r) => r.map((x) => toNetworkAlertRow(x, linked))),
    section(es, buildActivityQuery(signinIn), signinIn.indices, size, (r) => r.map((x) => toActivityRow(x, risky))),
    section(es, buildThreatIntelQuery(tiIn), tiIn.indices, size, toThreatIntelRows),
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
  };
}
