// A fake `esql.query` for unit tests: routes each request by its query shape to ES|QL-shaped canned responses.
import {
  NETWORK_OPTIONAL_FIELDS,
  NETWORK_REQUIRED_FIELDS,
  SIGNIN_OPTIONAL_FIELDS,
  SIGNIN_REQUIRED_FIELDS,
  TI_OPTIONAL_FIELDS,
  TI_REQUIRED_FIELDS,
} from '../../../common/rule_queries/build_queries';
import type { EsqlResponse } from '../esql_client';

export type QueryKind = 'probe' | 'network' | 'signin_ips' | 'ti' | 'ti_union' | 'pairs';

export function queryKind(query: string): QueryKind {
  if (/\n\| LIMIT 0$/.test(query)) return 'probe';
  if (query.includes('network_alerts = COUNT(*)')) return 'network';
  if (query.includes('users = COUNT_DISTINCT(user_key) BY ip')) return 'signin_ips';
  if (query.includes('is_ti = ')) return 'ti_union';
  if (query.includes('BY ip, user_key')) return 'pairs';
  if (query.includes('confidence_rank')) return 'ti';
  throw new Error(`unknown query shape:\n${query}`);
}

export interface FakeCall {
  kind: QueryKind;
  body: { query: string; params: Array<Record<string, unknown>>; filter: any };
  options: any;
}

/** Columns and rows → ES|QL JSON response. Column types are guessed from names for realism only. */
export function esqlResponse(rows: Array<Record<string, unknown>>, columns?: string[], extra: Partial<EsqlResponse> = {}): EsqlResponse {
  const names = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return {
    columns: names.map((name) => ({ name, type: name === 'ip' ? 'ip' : 'keyword' })),
    values: rows.map((r) => names.map((n) => (r[n] === undefined ? null : r[n]))),
    ...extra,
  };
}

/** Probe response: every field the rule reads (required + optional), minus `drop`. */
export function probeResponse(fields: string[], drop: string[] = [], unsupported: string[] = []): EsqlResponse {
  return {
    columns: fields.filter((f) => !drop.includes(f)).map((name) => ({ name, type: unsupported.includes(name) ? 'unsupported' : 'keyword' })),
    values: [],
  };
}

export const ALL_NETWORK_FIELDS = [...NETWORK_REQUIRED_FIELDS, ...Object.keys(NETWORK_OPTIONAL_FIELDS)];
export const ALL_SIGNIN_FIELDS = [...SIGNIN_REQUIRED_FIELDS, ...Object.keys(SIGNIN_OPTIONAL_FIELDS)];
export const ALL_TI_FIELDS = [...TI_REQUIRED_FIELDS, ...Object.keys(TI_OPTIONAL_FIELDS), '@timestamp'];

export type Handler = (kind: QueryKind, body: FakeCall['body'], options: any) => EsqlResponse | Error | Promise<EsqlResponse | Error>;

export interface FakeResponses {
  network?: Array<Record<string, unknown>> | Error;
  signin_ips?: Array<Record<string, unknown>> | Error;
  ti?: Array<Record<string, unknown>> | Error;
  ti_union?: Array<Record<string, unknown>> | Error;
  pairs?: Array<Record<string, unknown>> | Error;
  /** probe per index group, keyed by the first pattern's group */
  probe?: (query: string) => EsqlResponse | Error;
  partial?: QueryKind[];
}

export function defaultProbe(query: string): EsqlResponse {
  if (query.includes('.alerts-security') || query.includes('suricata')) return probeResponse(ALL_NETWORK_FIELDS);
  if (query.includes('logs-ti_')) return probeResponse(ALL_TI_FIELDS);
  return probeResponse(ALL_SIGNIN_FIELDS);
}

export function fakeEsClient(responses: FakeResponses | Handler) {
  const calls: FakeCall[] = [];
  const handler: Handler =
    typeof responses === 'function'
      ? responses
      : (kind, body) => {
          if (kind === 'probe') return (responses.probe ?? defaultProbe)(body.query);
          const r = responses[kind];
          if (r instanceof Error) return r;
          return esqlResponse(r ?? [], undefined, responses.partial?.includes(kind) ? { is_partial: true } : {});
        };
  const client = {
    calls,
    esql: {
      query: async (body: FakeCall['body'], options?: any) => {
        const kind = queryKind(body.query);
        calls.push({ kind, body, options });
        if (options?.signal?.aborted) {
          const e = new Error('Request aborted');
          e.name = 'RequestAbortedError';
          throw e;
        }
        const r = await handler(kind, body, options);
        if (r instanceof Error) throw r;
        return r;
      },
    },
  };
  return client;
}

// ---- canned rows ----

export const T0 = Date.parse('2026-11-23T10:00:00.000Z');
export const iso = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

export function networkRow(ip: string, p: Partial<Record<string, unknown>> = {}) {
  return {
    network_alerts: 2,
    first_alert: iso(-20),
    last_alert: iso(-10),
    alert_minutes: [iso(-20), iso(-10)],
    rule_names: ['ET SCAN Suspicious inbound', 'External Alerts'],
    max_severity: 3,
    max_risk: 73,
    alert_ids: ['a1', 'a2'],
    ip,
    ...p,
  };
}

export function pairRow(ip: string, user: string, p: Partial<Record<string, unknown>> = {}) {
  return {
    signins: 1,
    first_signin: iso(5),
    last_signin: iso(5),
    signin_minutes: iso(5),
    apps: 'Azure Portal',
    datasets: ['azure.signinlogs', 'o365.audit'],
    risk_levels: 'none',
    activities: 3,
    first_activity: iso(6),
    last_activity: iso(30),
    risky: 1,
    operations: ['FileDownloaded', 'FileAccessed', 'New-InboxRule'],
    risky_operations: ['FileDownloaded'],
    workloads: ['SharePoint', 'Exchange'],
    objects: ['q3-financials.xlsx'],
    user_names: user.split('@')[0],
    user_emails: user,
    user_domains: user.split('@')[1] ?? null,
    user_ids: null,
    countries: 'NL',
    country_names: 'Netherlands',
    cities: 'Amsterdam',
    as_numbers: 206728,
    as_orgs: 'Media Land LLC',
    ip,
    user_key: user,
    ...p,
  };
}

export function tiRow(ip: string, p: Partial<Record<string, unknown>> = {}) {
  return {
    indicators: 1,
    feeds: 'AbuseCH Threat Fox',
    providers: 'ThreatFox',
    types: ip.includes(':') ? 'ipv6-addr' : 'ipv4-addr',
    max_confidence: 3,
    first_seen: iso(-3 * 24 * 60),
    last_seen: iso(-60),
    descriptions: 'Cobalt Strike C2',
    references: 'https://threatfox.abuse.ch/ioc/1/',
    ip,
    ...p,
  };
}

export function signinIpRow(ip: string, users = 1, events = 3) {
  return { events, users, ip };
}

export function responseError(statusCode: number, type: string, reason: string): Error {
  const e = new Error(`${type}: ${reason}`) as Error & { statusCode: number; body: unknown; meta: unknown };
  e.name = 'ResponseError';
  e.statusCode = statusCode;
  e.body = { error: { root_cause: [{ type, reason }], type, reason }, status: statusCode };
  e.meta = { statusCode, body: e.body };
  return e;
}
