// Request/response codecs of the investigation panel's internal API, shared by the routes (validation)
// and the browser (typed client). Query strings arrive as strings, so numeric fields accept both forms.
import * as t from 'io-ts';
import { isLeft } from 'fp-ts/Either';
import { formatValidationErrors } from 'io-ts-reporters';
import ipaddr from 'ipaddr.js';
import { SEVERITIES, DETECTION_MODES } from './constants';
import { esAddressError } from './ip';

/** Longest investigation window a user+ip request may ask for. */
export const MAX_INVESTIGATION_WINDOW_DAYS = 31;
export const MAX_INVESTIGATION_WINDOW_MS = MAX_INVESTIGATION_WINDOW_DAYS * 24 * 60 * 60 * 1000;
/** Per-section row caps (the panel must stay responsive with thousands of sign-ins). */
export const DEFAULT_SECTION_SIZE = 500;
export const MAX_SECTION_SIZE = 5000;
export const MAX_PER_PAGE = 100;
export const DEFAULT_PER_PAGE = 20;
/**
 * Elasticsearch's default `index.max_result_window`: a search (and the alerts client's `find`) returns no hit
 * beyond from + size = 10 000, and ES|QL's LIMIT is capped at 10 000 rows by default too. The alerts list never
 * asks for a page that ends after it.
 */
export const MAX_RESULT_WINDOW = 10000;
/** Largest offset a list page may start at (kept for callers that bound the offset alone). */
export const MAX_LIST_OFFSET = MAX_RESULT_WINDOW;

const refined = (name: string, test: (s: string) => boolean) =>
  new t.Type<string, string, unknown>(
    name,
    (u): u is string => typeof u === 'string' && test(u),
    (u, c) => (typeof u === 'string' && test(u) ? t.success(u) : t.failure(u, c)),
    t.identity
  );

/** Integer within bounds, given as a number or a decimal string (query strings). */
export const intFromString = (min: number, max: number) =>
  new t.Type<number, number, unknown>(
    `integer ${min}..${max}`,
    (u): u is number => typeof u === 'number' && Number.isInteger(u) && u >= min && u <= max,
    (u, c) => {
      const n = typeof u === 'number' ? u : typeof u === 'string' && /^-?\d{1,9}$/.test(u) ? Number(u) : NaN;
      return Number.isInteger(n) && n >= min && n <= max ? t.success(n) : t.failure(u, c);
    },
    t.identity
  );

/** Only what Elasticsearch parses as an address (common/ip.ts): no `127.1`, leading zeros or zone ids. */
export const isValidIp = (s: string) => esAddressError(s) === null;
/** Canonical text form, so `::FFFF:1.2.3.4`, `2001:DB8::1` and friends compare equal to stored values. */
export const normalizeIp = (s: string) => {
  const a = ipaddr.parse(s);
  if (a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress()) return (a as ipaddr.IPv6).toIPv4Address().toString();
  return a.toString();
};
export const IpString = refined('IPv4 or IPv6 address (e.g. 203.0.113.7)', isValidIp);

const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
export const isIsoDate = (s: string) => ISO_RE.test(s) && !Number.isNaN(Date.parse(s));
export const IsoDate = refined('ISO-8601 date-time with zone (e.g. 2026-01-02T03:04:05Z)', isIsoDate);

/** User identities are matched exactly (lowercase), bounded, no control characters. */
// eslint-disable-next-line no-control-regex
export const UserString = refined('user (1..256 characters, no control characters)', (s) => s.trim().length > 0 && s.length <= 256 && !/[\u0000-\u001f\u007f]/.test(s));
/** kibana.alert.uuid: uuids, or other opaque ids, without anything odd. */
export const AlertId = refined('alert id (1..128 characters of letters, digits, - _ . : |  @)', (s) => /^[A-Za-z0-9_.:|@-]{1,128}$/.test(s));

const keyof = <T extends readonly string[]>(values: T, name: string) =>
  t.keyof(Object.fromEntries(values.map((v) => [v, null])) as { [K in T[number]]: null }, name);
export const SeverityCodec = keyof(SEVERITIES, `one of ${SEVERITIES.join(', ')}`);
export const AlertStatusCodec = keyof(['active', 'recovered'] as const, 'one of active, recovered');

// ---------------------------------------------------------------- alerts list
export const AlertsListQueryCodec = t.exact(
  t.partial({
    severity: SeverityCodec,
    user: UserString,
    ip: IpString,
    status: AlertStatusCodec,
    /** kibana.alert.rule.uuid (the rule type's "view in app" link passes it) */
    ruleId: AlertId,
    /** 0-based */
    page: intFromString(0, MAX_LIST_OFFSET),
    perPage: intFromString(1, MAX_PER_PAGE),
  }),
  'AlertsListQuery'
);
export type AlertsListQuery = t.TypeOf<typeof AlertsListQueryCodec>;

export interface AlertListItem {
  /** kibana.alert.uuid */
  id: string;
  /** kibana.alert.instance.id ("user|ip") */
  instanceId: string | null;
  timestamp: string;
  user: string;
  ip: string;
  severity: string;
  riskScore: number | null;
  reason: string;
  status: string;
  ruleName: string | null;
  ruleUuid: string | null;
  detection: string | null;
}
export interface AlertsListResponse {
  total: number;
  page: number;
  perPage: number;
  alerts: AlertListItem[];
}

// ---------------------------------------------------------------- investigation
const ByAlert = t.exact(t.intersection([t.type({ alertId: AlertId }), t.partial({ size: intFromString(1, MAX_SECTION_SIZE) })]), 'by alert id');
/** user and/or ip over from..to (an analyst's own starting point, a deep link, a pivot). */
const ByScope = t.exact(
  t.intersection([t.type({ from: IsoDate, to: IsoDate }), t.partial({ user: UserString, ip: IpString, size: intFromString(1, MAX_SECTION_SIZE) })]),
  'by user and/or ip, from, to'
);
export const InvestigationQueryCodec = t.union([ByAlert, ByScope], 'InvestigationQuery');
export type InvestigationQuery = t.TypeOf<typeof InvestigationQueryCodec>;
export const isAlertQuery = (q: InvestigationQuery): q is t.TypeOf<typeof ByAlert> => 'alertId' in q && typeof q.alertId === 'string';

export type DecodeResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** Decode an alerts-list query; the message names each bad field. */
export function decodeAlertsListQuery(input: unknown): DecodeResult<AlertsListQuery> {
  const raw = (input ?? {}) as Record<string, unknown>;
  const known = ['severity', 'user', 'ip', 'status', 'ruleId', 'page', 'perPage'];
  const unknownKeys = Object.keys(raw).filter((k) => !known.includes(k));
  if (unknownKeys.length) return { ok: false, message: `unknown query parameter(s): ${unknownKeys.join(', ')}` };
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== '' && v !== undefined));
  const d = AlertsListQueryCodec.decode(cleaned);
  if (isLeft(d)) return { ok: false, message: formatValidationErrors(d.left, { truncateLongTypes: false }).join('; ') };
  const value = { ...d.right };
  if (value.ip) value.ip = normalizeIp(value.ip);
  if (value.user) value.user = value.user.trim().toLowerCase();
  const perPage = value.perPage ?? DEFAULT_PER_PAGE;
  const end = (value.page ?? 0) * perPage + perPage;
  if (end > MAX_RESULT_WINDOW) {
    const lastPage = Math.floor(MAX_RESULT_WINDOW / perPage) - 1;
    return {
      ok: false,
      message: `page ${value.page} of ${perPage} alerts would end at alert ${end}, but Elasticsearch returns only the first ${MAX_RESULT_WINDOW} (index.max_result_window); the last page of ${perPage} is ${lastPage}: narrow the filters to see older alerts`,
    };
  }
  return { ok: true, value };
}

/** A field's value did not pass: the message names the field and says what was expected. */
const fieldError = (field: string, value: unknown, expected: string) =>
  `${field}: ${JSON.stringify(typeof value === 'string' ? value.slice(0, 80) : value)} is not ${expected}`;

/**
 * Decode an investigation query: either `alertId`, or `user` and/or `ip` with `from` and `to` (ISO-8601),
 * from <= to and a window of at most MAX_INVESTIGATION_WINDOW_DAYS. Every message names the field at fault.
 */
export function decodeInvestigationQuery(input: unknown): DecodeResult<InvestigationQuery> {
  const raw = Object.fromEntries(Object.entries((input ?? {}) as Record<string, unknown>).filter(([, v]) => v !== '' && v !== undefined));
  const known = ['alertId', 'user', 'ip', 'from', 'to', 'size'];
  const unknownKeys = Object.keys(raw).filter((k) => !known.includes(k));
  if (unknownKeys.length) return { ok: false, message: `unknown query parameter(s): ${unknownKeys.join(', ')}` };
  if ('alertId' in raw) {
    const extra = ['user', 'ip', 'from', 'to'].filter((k) => k in raw);
    if (extra.length) return { ok: false, message: `give either alertId or user/ip+from+to, not both (also got ${extra.join(', ')})` };
    const d = ByAlert.decode(raw);
    if (isLeft(d)) return { ok: false, message: formatValidationErrors(d.left, { truncateLongTypes: false }).join('; ') };
    return { ok: true, value: d.right };
  }
  if (!('user' in raw) && !('ip' in raw)) return { ok: false, message: 'missing parameters: give alertId, or user and/or ip with from and to' };
  const missing = ['from', 'to'].filter((k) => !(k in raw));
  if (missing.length) return { ok: false, message: `missing parameter(s): ${missing.join(', ')} (ISO-8601 date-time with zone)` };
  // field by field, so the message names the field (the codec below then only confirms the shape)
  const errors: string[] = [];
  if ('user' in raw && !UserString.is(raw.user)) errors.push(fieldError('user', raw.user, UserString.name));
  if ('ip' in raw && !IpString.is(raw.ip)) errors.push(fieldError('ip', raw.ip, IpString.name));
  if (!IsoDate.is(raw.from)) errors.push(fieldError('from', raw.from, IsoDate.name));
  if (!IsoDate.is(raw.to)) errors.push(fieldError('to', raw.to, IsoDate.name));
  if (errors.length) return { ok: false, message: errors.join('; ') };
  const d = ByScope.decode(raw);
  if (isLeft(d)) return { ok: false, message: formatValidationErrors(d.left, { truncateLongTypes: false }).join('; ') };
  const v = d.right;
  const from = Date.parse(v.from);
  const to = Date.parse(v.to);
  if (from > to) return { ok: false, message: `from: ${v.from} is after to (${v.to})` };
  if (to - from > MAX_INVESTIGATION_WINDOW_MS) {
    return { ok: false, message: `from..to: the window is ${Math.ceil((to - from) / 86_400_000)} days, longer than the maximum of ${MAX_INVESTIGATION_WINDOW_DAYS} days` };
  }
  return {
    ok: true,
    value: {
      ...v,
      ...(v.user !== undefined ? { user: v.user.trim().toLowerCase() } : {}),
      ...(v.ip !== undefined ? { ip: normalizeIp(v.ip) } : {}),
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
    },
  };
}

// ---------------------------------------------------------------- investigation response
export interface SignInRow {
  timestamp: string;
  user: string;
  app: string | null;
  /** event.dataset, e.g. azure.signinlogs */
  source: string | null;
  client: string | null;
  device: string | null;
  country: string | null;
  outcome: string | null;
  riskLevel: string | null;
  userAgent: string | null;
}
export interface NetworkAlertRow {
  id: string | null;
  timestamp: string;
  rule: string | null;
  severity: string | null;
  riskScore: number | null;
  destination: string | null;
  reason: string | null;
  /** the alert lists this document among its linked network alerts */
  linked: boolean;
}
export interface ActivityRow {
  timestamp: string;
  user: string | null;
  operation: string | null;
  workload: string | null;
  object: string | null;
  outcome: string | null;
  risky: boolean;
}
export interface ThreatIntelRow {
  timestamp: string;
  indicator: string | null;
  feed: string | null;
  provider: string | null;
  confidence: string | null;
  type: string | null;
  firstSeen: string | null;
  lastSeen: string | null;
  description: string | null;
}
export interface Section<Row> {
  /** sorted by time, newest first */
  items: Row[];
  /** more rows matched than `size` */
  truncated: boolean;
  /** the ES|QL that produced the section, with its parameters (for "Copy ES|QL") */
  esql: { query: string; params: Array<Record<string, string | number | boolean>> };
  /** the section could not be loaded (e.g. index missing); others still are */
  error?: string;
  /** Elasticsearch answered with `is_partial` (a shard or remote cluster failed): rows may be missing */
  partial?: boolean;
}
export interface AlertDetail {
  id: string;
  timestamp: string;
  status: string;
  reason: string;
  ruleName: string | null;
  ruleUuid: string | null;
  user: string;
  ip: string;
  severity: string;
  riskScore: number | null;
  detection: string | null;
  geo: { country: string | null; city: string | null; asNumber: number | null; asOrg: string | null };
  summary: Record<string, unknown> | null;
}
/** One IP a user signed in from (pivot from a user), with what the network alerts and threat intel say of it. */
export interface IpPivotRow {
  ip: string;
  signins: number;
  firstSeen: string | null;
  lastSeen: string | null;
  /** network alerts on the IP in the network-alert window; null when that count could not be loaded */
  networkAlerts: number | null;
  /** threat-intel indicator documents on the IP in the indicator window; null when not loaded */
  indicators: number | null;
}
/** One user who signed in from an IP (pivot from an IP). */
export interface UserPivotRow {
  user: string;
  signins: number;
  firstSeen: string | null;
  lastSeen: string | null;
}
/** Most groups a pivot lists (the query asks for one more to say it was truncated). */
export const PIVOT_LIMIT = 100;
/** Aggregate (STATS ... BY) pivots; `truncated` when more groups than `limit` matched. */
export type PivotSection<Row> = Section<Row> & { limit: number };
export interface Pivots {
  /** present when a user is investigated */
  ips: PivotSection<IpPivotRow> | null;
  /** present when an IP is investigated */
  users: PivotSection<UserPivotRow> | null;
}
export interface InvestigationResponse {
  /** null: every user (IP-only investigation) */
  user: string | null;
  /** null: every IP (user-only investigation) */
  ip: string | null;
  from: string;
  to: string;
  alert: AlertDetail | null;
  /** the index patterns searched (from the alert's rule parameters, or the defaults) */
  indices: { signins: string[]; networkAlerts: string[]; threatIntel: string[] };
  riskyOperations: string[];
  signins: Section<SignInRow>;
  networkAlerts: Section<NetworkAlertRow>;
  activity: Section<ActivityRow>;
  threatIntel: Section<ThreatIntelRow>;
  pivots: Pivots;
}

/**
 * Display form of a parameterized ES|QL query with its parameters inlined as escaped ES|QL literals, for
 * "Copy ES|QL" and Discover links (they take no parameters). Strings are escaped per the grammar (\\ \" \n \r \t).
 */
export function inlineEsqlParams(q: { query: string; params: Array<Record<string, string | number | boolean>> }): string {
  const values = new Map<string, string | number | boolean>();
  for (const p of q.params) for (const [k, v] of Object.entries(p)) values.set(k, v);
  return q.query.replace(/\?([a-z_][a-z0-9_]*)/g, (m, name: string) => {
    if (!values.has(name)) return m;
    const v = values.get(name)!;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
  });
}

export const SEVERITY_VALUES = SEVERITIES;
export const DETECTION_VALUES = DETECTION_MODES;
