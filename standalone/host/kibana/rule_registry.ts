// The `ruleRegistry` plugin's start contract for the host: `getRacClientWithRequest(request)` → an alerts client
// with `find`, `get` and `getAuthorizedAlertsIndices`. Mirrors (behaviour, not code)
// x-pack/platform/plugins/shared/rule_registry/server/alert_data_client/alerts_client.ts (stored e2971c7/0fa86f6)
// and lib/get_spaces_filter.ts, lib/get_rule_type_ids_filter.ts, lib/get_consumers_filter.ts:
// - searches run as the INTERNAL user on `index ?? '.alerts-*'` with `ignore_unavailable: true` and
//   `seq_no_primary_term: true`, so users need no index privilege on `.alerts-*`;
// - the query is a bool of: the alerting authorization filter (the rule type / consumer pairs the user's feature
//   `alert` privileges grant in the request's space), the space filter on `kibana.space_ids`, the ruleTypeIds and
//   consumers filters, plus the caller's `query` object appended to `bool.must`;
// - default sort `@timestamp` asc; there is no `from` (page with `search_after`);
// - every hit is re-authorized (rule type + consumer of the hit); any failure → Boom 404 "Unable to retrieve alert
//   details for alert with id of ..."; `get` searches `_id:<id>` and answers 404 when nothing matches;
// - `find` with ruleTypeIds narrows the index to the authorized rule types' alerts aliases for the space.
// Space filter: `term` on the space id through 9.4; 9.5 uses `terms` [space, '*'] (alerts created in all spaces).
// Which minor switched is not dated by the stored sources; both give the same answer for this plugin's alerts.
import type { estypes } from '@elastic/elasticsearch';
import type { ElasticsearchClient, KibanaRequest } from '@kbn/core/server';
import type { AlertsClient, RuleRegistryPluginStartContract } from '@kbn/rule-registry-plugin/server';
import { getRequestInfo } from './http';
import type { HostUser, Security } from './security';
import type { KibanaVersion } from './versions';

const RULE_TYPE_ID = 'kibana.alert.rule.rule_type_id';
const CONSUMER = 'kibana.alert.rule.consumer';
const SPACE_IDS = 'kibana.space_ids';

/** Kibana's Boom errors as plain errors with the status (the router answers with it). */
export class BoomError extends Error {
  readonly isBoom = true;
  readonly output: { statusCode: number; payload: { statusCode: number; error: string; message: string } };
  constructor(readonly statusCode: number, message: string) {
    super(message);
    const error = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 417: 'Expectation Failed', 424: 'Failed Dependency' }[statusCode] ?? 'Error';
    this.output = { statusCode, payload: { statusCode, error, message } };
  }
}

export interface RuleRegistryDeps {
  internalClient: ElasticsearchClient;
  security: Security;
  version: KibanaVersion;
  getAlertIndicesAlias: (ruleTypeIds: string[], spaceId: string) => string[];
}

type Find = Parameters<AlertsClient['find']>[0];
type Hit = estypes.SearchHit<Record<string, unknown>>;

class HostRacClient {
  constructor(private readonly d: RuleRegistryDeps, private readonly user: HostUser, private readonly spaceId: string) {}

  private authzFilter(): estypes.QueryDslQueryContainer {
    const types = this.d.security.authorizedAlertTypes(this.user);
    if (types.size === 0) throw new BoomError(403, 'Unauthorized to find alerts for any rule types');
    return {
      bool: {
        should: [...types].map(([ruleTypeId, consumers]) => ({
          bool: { filter: [{ term: { [RULE_TYPE_ID]: ruleTypeId } }, { bool: { should: [...consumers].map((c) => ({ term: { [CONSUMER]: c } })), minimum_should_match: 1 } }] },
        })),
        minimum_should_match: 1,
      },
    };
  }

  private spacesFilter(): estypes.QueryDslQueryContainer {
    return this.d.version.atLeast('9.5') ? { terms: { [SPACE_IDS]: [this.spaceId, '*'] } } : { term: { [SPACE_IDS]: this.spaceId } };
  }

  private buildQuery(id: string | null, query: object | undefined, ruleTypeIds?: string[], consumers?: string[]) {
    let authz: estypes.QueryDslQueryContainer;
    try {
      authz = this.authzFilter();
    } catch (e) {
      throw new BoomError(417, `buildEsQueryWithAuthz threw an error: unable to get authorization filter \n ${e}`);
    }
    const filter: estypes.QueryDslQueryContainer[] = [authz, this.spacesFilter()];
    if (ruleTypeIds?.length) filter.push({ terms: { [RULE_TYPE_ID]: ruleTypeIds } });
    if (consumers?.length) filter.push({ terms: { [CONSUMER]: consumers } });
    const must: estypes.QueryDslQueryContainer[] = id != null ? [{ ids: { values: [id] } }] : [];
    if (query && typeof query === 'object') must.push(query as estypes.QueryDslQueryContainer);
    return { bool: { must, filter, should: [], must_not: [] } };
  }

  private async searchAlerts(p: { id?: string | null; query?: object; index?: string; operation: 'get' | 'find' } & Omit<Find, 'query' | 'index'>) {
    try {
      const body: Record<string, unknown> = {
        index: p.index ?? '.alerts-*',
        ignore_unavailable: true,
        fields: [RULE_TYPE_ID, CONSUMER, 'kibana.alert.workflow_status', SPACE_IDS],
        query: this.buildQuery(p.id ?? null, p.query, p.ruleTypeIds, p.consumers),
        aggs: p.aggs,
        // Kibana reads the hit's rule type / consumer from `fields` (ES returns them whatever `_source` says); the
        // embedded engine does not return `fields`, so they are added to a `_source` filter and removed below.
        _source: Array.isArray(p._source) ? [...new Set([...p._source, RULE_TYPE_ID, CONSUMER])] : p._source,
        track_total_hits: p.track_total_hits,
        size: p.size,
        sort: p.sort ?? [{ '@timestamp': { order: 'asc', unmapped_type: 'date' } }],
        seq_no_primary_term: true,
        ...(p.search_after?.length ? { search_after: p.search_after } : {}),
      };
      for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
      const result = await this.d.internalClient.search<Record<string, unknown>>(body as estypes.SearchRequest);
      for (const hit of result.hits.hits as Hit[]) {
        const src = hit._source ?? {};
        const ruleTypeId = pick(src, RULE_TYPE_ID);
        const consumer = pick(src, CONSUMER);
        if (typeof ruleTypeId !== 'string' || typeof consumer !== 'string') throw new BoomError(422, `Invalid alert found with id of "${p.id}" or with query "${p.query}" and operation ${p.operation}`);
        if (!this.d.security.canOnAlert(this.user, 'read', ruleTypeId, consumer)) {
          throw new BoomError(403, `Unauthorized by "${consumer}" to ${p.operation} "${ruleTypeId}" alert`);
        }
        if (Array.isArray(p._source) && hit._source) {
          for (const k of [RULE_TYPE_ID, CONSUMER]) if (!p._source.includes(k)) dropPath(hit._source, k);
        }
      }
      return result;
    } catch (error) {
      throw new BoomError(404, `Unable to retrieve alert details for alert with id of "${p.id}" or with query "${JSON.stringify(p.query)}" and operation ${p.operation} \nError: ${error}`);
    }
  }

  async get({ id, index }: { id: string; index?: string }) {
    const res = await this.searchAlerts({ id, index, operation: 'get' });
    const hit = res.hits.hits[0];
    if (!hit) throw new BoomError(404, `Unable to retrieve alert details for alert with id of "${id}" and operation get`);
    return { ...(hit._source ?? {}), _index: hit._index };
  }

  async find(p: Find) {
    let index = p.index;
    if (p.ruleTypeIds?.length) {
      const authorized = await this.getAuthorizedAlertsIndices(p.ruleTypeIds);
      if (authorized?.length) index = authorized.join();
    }
    return this.searchAlerts({ ...p, index, operation: 'find' });
  }

  async getAuthorizedAlertsIndices(ruleTypeIds?: string[]) {
    const types = this.d.security.authorizedAlertTypes(this.user);
    const ids = [...types.keys()].filter((t) => !ruleTypeIds || ruleTypeIds.includes(t));
    return this.d.getAlertIndicesAlias(ids, this.spaceId);
  }
}

function dropPath(src: Record<string, unknown>, dotted: string) {
  if (dotted in src) {
    delete src[dotted];
    return;
  }
  const parts = dotted.split('.');
  let cur: unknown = src;
  for (const part of parts.slice(0, -1)) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[part] : undefined;
  if (cur && typeof cur === 'object') delete (cur as Record<string, unknown>)[parts[parts.length - 1]];
}

function pick(src: Record<string, unknown>, dotted: string): unknown {
  if (dotted in src) return src[dotted];
  let cur: unknown = src;
  for (const part of dotted.split('.')) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[part] : undefined;
  return cur;
}

export function createRuleRegistryStart(d: RuleRegistryDeps): RuleRegistryPluginStartContract {
  return {
    getRacClientWithRequest: async (request: KibanaRequest) => {
      const { user, spaceId } = getRequestInfo(request);
      return new HostRacClient(d, user, spaceId) as unknown as AlertsClient;
    },
  };
}
