// Subset of `@kbn/rule-registry-plugin/server` used by this plugin: the start contract's per-request alerts client.
// Matched against x-pack/platform/plugins/shared/rule_registry/server/{index.ts,plugin.ts} and
// alert_data_client/alerts_client.ts (Kibana 9.2 – 9.5; `ruleTypeIds`/`consumers` replaced `featureIds` in 9.0).
// `find` queries the alerts indices as the internal user, adds the caller's alerting authorization filter, a
// `kibana.space_ids` term for the request's space and the ruleTypeIds/consumers filters, then checks every hit;
// failures surface as Boom errors (404 for search failures). Resolved through tsconfig `paths` only outside Kibana.
import type { estypes } from '@elastic/elasticsearch';
import type { KibanaRequest } from '@kbn/core/server';

type AlertSource = Record<string, unknown>;

declare class AlertsClient {
  get(params: { id: string; index?: string }): Promise<AlertSource & { _index: string }>;
  find(params: {
    aggs?: object;
    ruleTypeIds?: string[];
    consumers?: string[];
    index?: string;
    query?: object;
    search_after?: Array<string | number>;
    size?: number;
    sort?: estypes.SortOptions[];
    track_total_hits?: boolean | number;
    _source?: string[] | false;
  }): Promise<estypes.SearchResponse<AlertSource>>;
  getAuthorizedAlertsIndices(ruleTypeIds?: string[]): Promise<string[] | undefined>;
}

export type { AlertsClient };

export interface RuleRegistryPluginStartContract {
  getRacClientWithRequest: (request: KibanaRequest) => Promise<AlertsClient>;
}
