// Reads the rule's alerts through the rule registry's alerts client for the request (Kibana's
// x-pack/platform/plugins/shared/rule_registry/server/alert_data_client/alerts_client.ts): it searches as the
// internal user, adds the caller's alerting authorization filter and the request space's `kibana.space_ids` term,
// and re-checks every hit, so analysts need only the feature's alert privilege and never see another space's alerts.
import type { estypes } from '@elastic/elasticsearch';
import type { AlertsClient } from '@kbn/rule-registry-plugin/server';
import type { AlertsListQuery, AlertsListResponse } from '../../common/api';
import { MAX_PER_PAGE } from '../../common/api';
import { RULE_TYPE_ID } from '../../common/constants';
import { ALERT_LIST_COLUMNS } from './queries';
import { type Rec, toAlertListItem } from './shape';

export type AlertsReader = Pick<AlertsClient, 'find' | 'get'>;

const RULE_TYPE_IDS = [RULE_TYPE_ID];

/** The list filters as Query DSL; values go into `term` queries, never into query text. */
export function alertsListFilter(q: AlertsListQuery): estypes.QueryDslQueryContainer[] {
  const filter: estypes.QueryDslQueryContainer[] = [];
  if (q.severity) filter.push({ term: { 'cloud_identity.severity': q.severity } });
  if (q.user) filter.push({ term: { 'cloud_identity.user': q.user } });
  if (q.ip) filter.push({ term: { 'cloud_identity.source_ip': q.ip } });
  if (q.status) filter.push({ term: { 'kibana.alert.status': q.status } });
  if (q.ruleId) filter.push({ term: { 'kibana.alert.rule.uuid': q.ruleId } });
  return filter;
}

const totalOf = (t: estypes.SearchTotalHits | number | undefined) => (typeof t === 'number' ? t : t?.value ?? 0);

/**
 * One page of alerts, newest first. The alerts client pages with `search_after` only (no `from`), so the page is
 * the tail of the first offset + perPage hits; the API codec keeps offset + perPage within index.max_result_window.
 */
export async function listAlerts(reader: AlertsReader, q: AlertsListQuery): Promise<AlertsListResponse> {
  const perPage = Math.min(q.perPage ?? 20, MAX_PER_PAGE);
  const offset = (q.page ?? 0) * perPage;
  const res = await reader.find({
    ruleTypeIds: RULE_TYPE_IDS,
    query: { bool: { filter: alertsListFilter(q) } },
    size: offset + perPage,
    sort: [{ '@timestamp': { order: 'desc' } }],
    track_total_hits: true,
    _source: ALERT_LIST_COLUMNS,
  });
  const hits = res.hits.hits.slice(offset, offset + perPage);
  return {
    total: totalOf(res.hits.total),
    page: q.page ?? 0,
    perPage,
    alerts: hits.map((h) => toAlertListItem({ ...(h._source as Rec), 'kibana.alert.uuid': (h._source as Rec)?.['kibana.alert.uuid'] ?? h._id })),
  };
}

/** The alert document (its `_source`) by `kibana.alert.uuid`, which Kibana uses as the document `_id`; null if none. */
export async function fetchAlert(reader: AlertsReader, alertId: string): Promise<Rec | null> {
  const res = await reader.find({
    ruleTypeIds: RULE_TYPE_IDS,
    query: { bool: { filter: [{ term: { 'kibana.alert.uuid': alertId } }] } },
    size: 1,
  });
  return (res.hits.hits[0]?._source as Rec | undefined) ?? null;
}
