// The rule's alerts, newest first, filtered and paged (two ES|QL requests: the page and the total).
import type { ElasticsearchClient } from '@kbn/core/server';
import type { AlertsListQuery, AlertsListResponse } from '../../common/api';
import { isUnknownIndexError, runEsql } from './investigate';
import { buildAlertsCountQuery, buildAlertsListQuery } from './queries';
import { num, toAlertListItem } from './shape';

export async function listAlerts(es: ElasticsearchClient, q: AlertsListQuery): Promise<AlertsListResponse> {
  const list = buildAlertsListQuery(q);
  let rows;
  let count;
  try {
    [rows, count] = await Promise.all([runEsql(es, list), runEsql(es, buildAlertsCountQuery(q))]);
  } catch (e) {
    // no alert has been written yet: the alerts index does not exist
    if (isUnknownIndexError(e)) return { total: 0, page: q.page ?? 0, perPage: list.perPage, alerts: [] };
    throw e;
  }
  return {
    total: count.length ? num(count[0], 'total') ?? 0 : 0,
    page: q.page ?? 0,
    perPage: list.perPage,
    alerts: rows.slice(list.offset, list.offset + list.perPage).map(toAlertListItem),
  };
}
