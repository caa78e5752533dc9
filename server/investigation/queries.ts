// ES|QL for the investigation panel. Every value is a named parameter; index patterns come from validated
// rule params. Fields that differ in type across sources (keyword vs ip) are read through TO_IP.
import { NULL_OF, SIGNIN_OPTIONAL_FIELDS, fieldRef } from '../../common/rule_queries/build_queries';
import { EsqlQuery, Params, fromClause, timeRangeFilter } from './esql';
import { ACTIVITY_FIELDS, NETWORK_ALERT_FIELDS, SIGNIN_FIELDS, THREAT_INTEL_FIELDS } from './shape';

/** Fields the sign-in/activity WHERE clauses reference; any that no matched index maps become typed nulls. */
const SIGNIN_REFERENCED = ['user.email', 'user.name', 'user.domain', 'user.id', 'event.action'];
export function nullDefs(missing: ReadonlySet<string>): string {
  const defs = SIGNIN_REFERENCED.filter((f) => missing.has(f)).map((f) => `${fieldRef(f)} = ${NULL_OF[SIGNIN_OPTIONAL_FIELDS[f] ?? 'keyword']}`);
  return defs.length ? `\n| EVAL ${defs.join(', ')}` : '';
}
/** The fields of SIGNIN_REFERENCED absent from a probe's columns. */
export const missingSigninFields = (columns: readonly string[]) => new Set(SIGNIN_REFERENCED.filter((f) => !columns.includes(f)));

/** `LIMIT 0` returns the columns (mapped fields) of the matched indices and no rows. */
export const buildProbeQuery = (indices: readonly string[]): EsqlQuery => ({ query: `${fromClause(indices)}\n| LIMIT 0`, params: [] });

/** Normalized identity, as the rule computes `cloud_identity.user` (common/alert_fields.ts). */
export const USER_EXPR = 'TO_LOWER(COALESCE(user.email, CONCAT(user.name, "@", user.domain), user.name, user.id))';
export const SIGNIN_ACTIONS = ['UserLoggedIn', 'UserLoginFailed'];

export const ALERT_LIST_COLUMNS = [
  '@timestamp',
  'kibana.alert.uuid',
  'kibana.alert.instance.id',
  'kibana.alert.status',
  'kibana.alert.reason',
  'kibana.alert.rule.name',
  'kibana.alert.rule.uuid',
  'cloud_identity.user',
  'cloud_identity.source_ip',
  'cloud_identity.severity',
  'cloud_identity.risk_score',
  'cloud_identity.detection',
];


export interface SectionInput {
  indices: readonly string[];
  /** null: any user (IP-only investigation) */
  user: string | null;
  /** null: any IP (user-only), unless `ips` lists the IPs to match */
  ip: string | null;
  /** user-only investigations: network alerts / indicators on the IPs the user signed in from */
  ips?: readonly string[];
  from: string;
  to: string;
  /** rows to return; the query asks for one more to detect truncation */
  size: number;
  /** optional fields no matched index maps (from a probe) */
  missing?: ReadonlySet<string>;
  /** the columns of the matched indices (from a `LIMIT 0` probe); without them the section keeps every column */
  columns?: readonly string[];
}

/**
 * `KEEP` of the fields the panel shows, so a source with thousands of fields (`filebeat-*`) returns a few
 * columns. KEEP fails on a name no matched index maps ("Unknown column"), and a wildcard that matches nothing
 * fails too ("No matches found for pattern"), so only probed columns and the query's own columns (EVAL,
 * METADATA) are named. Unknown columns (probe failed): no KEEP, the section still works.
 */
function keepClause(fields: readonly string[], columns: readonly string[] | undefined, own: readonly string[]): string {
  if (!columns) return '';
  const available = new Set([...columns, ...own]);
  const keep = fields.filter((f) => available.has(f));
  return keep.length ? `\n| KEEP ${keep.map(fieldRef).join(', ')}` : '';
}

function timeAndIp(p: Params, i: SectionInput, ipField: string): string {
  return `@timestamp >= TO_DATETIME(${p.add('from', i.from)}) AND @timestamp <= TO_DATETIME(${p.add('to', i.to)})${ipCondition(p, i, ipField)}`;
}

/** `AND` the IP condition: one IP, a list of IPs (each a parameter), or none (user-only sign-ins). */
export function ipCondition(p: Params, i: Pick<SectionInput, 'ip' | 'ips'>, ipField: string): string {
  if (i.ip) return `\n  AND TO_IP(${ipField}) == TO_IP(${p.add('ip', i.ip)})`;
  if (i.ips) {
    if (i.ips.length === 0) throw new Error('no IPs to match');
    return `\n  AND TO_IP(${ipField}) IN (${i.ips.map((ip, n) => `TO_IP(${p.add(`ip_${n}`, ip)})`).join(', ')})`;
  }
  return '';
}

/** The user filter after `EVAL investigated_user`; none for IP-only investigations. */
const userCondition = (p: Params, i: SectionInput) => (i.user ? `\n| WHERE investigated_user == ${p.add('user', i.user)}` : '');

/** Entra ID sign-ins and M365 logons of the user from the IP (any outcome; the table shows it). */
export function buildSigninsQuery(i: SectionInput): EsqlQuery {
  const p = new Params();
  const query = `${fromClause(i.indices)}${nullDefs(i.missing ?? new Set())}
| WHERE ${timeAndIp(p, i, 'source.ip')}
  AND (event.dataset == ${p.add('signin_dataset', 'azure.signinlogs')} OR event.action IN (${SIGNIN_ACTIONS.map((a, n) => p.add(`signin_action_${n}`, a)).join(', ')}))
| EVAL investigated_user = ${USER_EXPR}${userCondition(p, i)}
| SORT @timestamp DESC
| LIMIT ${i.size + 1}${keepClause(SIGNIN_FIELDS, i.columns, ['investigated_user', ...(i.missing ?? [])])}`;
  return { query, params: p.list, filter: timeRangeFilter('@timestamp', i.from, i.to) };
}

/** M365 audit operations of the user from the IP (logons excluded: they are sign-ins). */
export function buildActivityQuery(i: SectionInput): EsqlQuery {
  const p = new Params();
  const query = `${fromClause(i.indices)}${nullDefs(i.missing ?? new Set())}
| WHERE ${timeAndIp(p, i, 'source.ip')}
  AND event.dataset == ${p.add('activity_dataset', 'o365.audit')}
  AND event.action NOT IN (${SIGNIN_ACTIONS.map((a, n) => p.add(`signin_action_${n}`, a)).join(', ')})
| EVAL investigated_user = ${USER_EXPR}${userCondition(p, i)}
| SORT @timestamp DESC
| LIMIT ${i.size + 1}${keepClause(ACTIVITY_FIELDS, i.columns, ['investigated_user', ...(i.missing ?? [])])}`;
  return { query, params: p.list, filter: timeRangeFilter('@timestamp', i.from, i.to) };
}

/** Network alerts (Security alerts and raw sensor alerts) on the same source IP, any user. */
export function buildNetworkAlertsQuery(i: SectionInput): EsqlQuery {
  const p = new Params();
  const query = `${fromClause(i.indices, ['_id', '_index'])}
| WHERE ${timeAndIp(p, i, 'source.ip')}
| SORT @timestamp DESC
| LIMIT ${i.size + 1}${keepClause(NETWORK_ALERT_FIELDS, i.columns, ['_id'])}`;
  return { query, params: p.list, filter: timeRangeFilter('@timestamp', i.from, i.to) };
}

/** Threat-intel indicators for the IP seen within the indicator age before `to`. */
export function buildThreatIntelQuery(i: SectionInput): EsqlQuery {
  const p = new Params();
  const query = `${fromClause(i.indices)}
| WHERE @timestamp >= TO_DATETIME(${p.add('from', i.from)}) AND @timestamp <= TO_DATETIME(${p.add('to', i.to)})${ipCondition(p, i, 'threat.indicator.ip')}
| SORT @timestamp DESC
| LIMIT ${i.size + 1}${keepClause(THREAT_INTEL_FIELDS, i.columns, [])}`;
  return { query, params: p.list, filter: timeRangeFilter('@timestamp', i.from, i.to) };
}
