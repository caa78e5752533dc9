// Pivots of an investigation: from a user, every IP they signed in from (with the network-alert count and the
// threat-intel matches on each); from an IP, every user who signed in from it. Each is one aggregate ES|QL query
// (STATS ... BY), bounded by LIMIT with one extra group asked for, so the answer says when it was truncated.
import type { IpPivotRow, UserPivotRow } from '../../common/api';
import { PIVOT_LIMIT } from '../../common/api';
import { EsqlQuery, Params, fromClause, timeRangeFilter } from './esql';
import { SIGNIN_ACTIONS, USER_EXPR, ipCondition, nullDefs } from './queries';
import { type Rec, num, str } from './shape';

export interface PivotInput {
  indices: readonly string[];
  from: string;
  to: string;
  missing?: ReadonlySet<string>;
  limit?: number;
}

const timeWhere = (p: Params, i: { from: string; to: string }) =>
  `@timestamp >= TO_DATETIME(${p.add('from', i.from)}) AND @timestamp <= TO_DATETIME(${p.add('to', i.to)})`;
const signinWhere = (p: Params) =>
  `(event.dataset == ${p.add('signin_dataset', 'azure.signinlogs')} OR event.action IN (${SIGNIN_ACTIONS.map((a, n) => p.add(`signin_action_${n}`, a)).join(', ')}))`;

/** Every IP the user signed in from (Entra sign-ins and M365 logons, any outcome), newest activity first. */
export function buildIpPivotQuery(i: PivotInput & { user: string }): EsqlQuery {
  const p = new Params();
  const query = `${fromClause(i.indices)}${nullDefs(i.missing ?? new Set())}
| WHERE ${timeWhere(p, i)}
  AND ${signinWhere(p)}
| EVAL investigated_user = ${USER_EXPR}
| WHERE investigated_user == ${p.add('user', i.user)}
| EVAL pivot_ip = TO_IP(source.ip)
| WHERE pivot_ip IS NOT NULL
| STATS signins = COUNT(*), first_seen = MIN(@timestamp), last_seen = MAX(@timestamp) BY pivot_ip
| SORT last_seen DESC, pivot_ip
| LIMIT ${(i.limit ?? PIVOT_LIMIT) + 1}`;
  return { query, params: p.list, filter: timeRangeFilter('@timestamp', i.from, i.to) };
}

/** Every user who signed in from the IP, newest activity first (a shared proxy, or the spread of a compromise). */
export function buildUserPivotQuery(i: PivotInput & { ip: string }): EsqlQuery {
  const p = new Params();
  const query = `${fromClause(i.indices)}${nullDefs(i.missing ?? new Set())}
| WHERE ${timeWhere(p, i)}${ipCondition(p, { ip: i.ip }, 'source.ip')}
  AND ${signinWhere(p)}
| EVAL investigated_user = ${USER_EXPR}
| WHERE investigated_user IS NOT NULL
| STATS signins = COUNT(*), first_seen = MIN(@timestamp), last_seen = MAX(@timestamp) BY investigated_user
| SORT last_seen DESC, investigated_user
| LIMIT ${(i.limit ?? PIVOT_LIMIT) + 1}`;
  return { query, params: p.list, filter: timeRangeFilter('@timestamp', i.from, i.to) };
}

/** Documents per IP among `ips` (network alerts on `source.ip`, indicators on `threat.indicator.ip`). */
export function buildIpCountsQuery(i: PivotInput & { ips: readonly string[]; ipField: 'source.ip' | 'threat.indicator.ip' }): EsqlQuery {
  const p = new Params();
  const query = `${fromClause(i.indices)}
| WHERE ${timeWhere(p, i)}${ipCondition(p, { ip: null, ips: i.ips }, i.ipField)}
| EVAL pivot_ip = TO_IP(${i.ipField})
| STATS n = COUNT(*) BY pivot_ip
| LIMIT ${i.ips.length}`;
  return { query, params: p.list, filter: timeRangeFilter('@timestamp', i.from, i.to) };
}

export const toIpPivotRow = (r: Rec): IpPivotRow => ({
  ip: str(r, 'pivot_ip') ?? '',
  signins: num(r, 'signins') ?? 0,
  firstSeen: str(r, 'first_seen'),
  lastSeen: str(r, 'last_seen'),
  networkAlerts: null,
  indicators: null,
});
export const toUserPivotRow = (r: Rec): UserPivotRow => ({
  user: str(r, 'investigated_user') ?? '',
  signins: num(r, 'signins') ?? 0,
  firstSeen: str(r, 'first_seen'),
  lastSeen: str(r, 'last_seen'),
});

/** Rows beyond `limit` only say the pivot was truncated (the query keeps its own order). */
export function boundedPivot<Row>(rows: Row[], limit: number): { items: Row[]; truncated: boolean } {
  return { items: rows.slice(0, limit), truncated: rows.length > limit };
}

/** Maps `pivot_ip -> n` from a counts query; an IP absent from the answer has 0. */
export const countsByIp = (records: Rec[]) => new Map(records.map((r) => [str(r, 'pivot_ip') ?? '', num(r, 'n') ?? 0]));

