// Alerts-as-data index for a rule type: `.alerts-<context>.alerts-<space>` (the alias name readers use), mapped
// with Kibana's framework fields plus the rule type's field map, written with bulk index by alert uuid.
// Like Kibana's alerts component templates (x-pack/platform/plugins/shared/alerting/server/alerts_service/
// alerts_service.ts and resource_installer_utils.ts, common/get_component_template_from_field_map.ts) the mapping is `dynamic: strict` unless the rule type sets
// `mappings.dynamic: false`: a payload field that neither the framework nor the rule type's field map (nor ECS, with
// `useEcs`) maps is refused by Elasticsearch, and Kibana only logs "Error writing N out of M alerts" and goes on, so
// that alert has no document. The host has no ECS field map: with `useEcs` the ECS field sets map dynamically.
import type { Client } from '@elastic/elasticsearch';
import type { FieldMap } from '@kbn/alerts-as-data-utils';
import type { Logger } from '@kbn/core/server';

/** Kibana's framework alert field map (@kbn/alerts-as-data-utils alert_field_map.ts), the fields the host may write. */
export const FRAMEWORK_FIELD_MAP: FieldMap = {
  '@timestamp': { type: 'date', required: true },
  'event.action': { type: 'keyword', required: false },
  'event.kind': { type: 'keyword', required: false },
  'kibana.alert.action_group': { type: 'keyword', required: false },
  'kibana.alert.uuid': { type: 'keyword', required: true },
  'kibana.alert.instance.id': { type: 'keyword', required: true },
  'kibana.alert.status': { type: 'keyword', required: true },
  'kibana.alert.start': { type: 'date', required: false },
  'kibana.alert.end': { type: 'date', required: false },
  'kibana.alert.duration.us': { type: 'long', required: false },
  'kibana.alert.workflow_status': { type: 'keyword', required: false },
  'kibana.alert.flapping': { type: 'boolean', required: false },
  'kibana.alert.reason': { type: 'keyword', required: false },
  'kibana.alert.rule.uuid': { type: 'keyword', required: true },
  'kibana.alert.rule.name': { type: 'keyword', required: true },
  'kibana.alert.rule.rule_type_id': { type: 'keyword', required: true },
  'kibana.alert.rule.category': { type: 'keyword', required: true },
  'kibana.alert.rule.consumer': { type: 'keyword', required: true },
  'kibana.alert.rule.producer': { type: 'keyword', required: true },
  'kibana.alert.rule.tags': { type: 'keyword', required: false, array: true },
  'kibana.alert.rule.revision': { type: 'long', required: true },
  'kibana.alert.rule.execution.uuid': { type: 'keyword', required: false },
  'kibana.alert.rule.parameters': { type: 'flattened', required: false, ignore_above: 4096 },
  'kibana.space_ids': { type: 'keyword', required: true, array: true },
  'kibana.version': { type: 'version', required: false },
  'kibana.alert.time_range': { type: 'date_range', required: false, format: 'epoch_millis||strict_date_optional_time' },
  'kibana.alert.rule.execution.timestamp': { type: 'date', required: false },
  'kibana.alert.rule.execution.type': { type: 'keyword', required: false },
  'kibana.alert.url': { type: 'keyword', required: false, ignore_above: 2048 },
  'kibana.alert.case_ids': { type: 'keyword', required: false, array: true },
  'kibana.alert.workflow_tags': { type: 'keyword', required: false, array: true },
  'kibana.alert.workflow_assignee_ids': { type: 'keyword', required: false, array: true },
  'kibana.alert.consecutive_matches': { type: 'long', required: false },
  'kibana.alert.pending_recovered_count': { type: 'long', required: false },
  'kibana.alert.flapping_history': { type: 'boolean', required: false, array: true },
  'kibana.alert.maintenance_window_ids': { type: 'keyword', required: false, array: true },
  'kibana.alert.previous_action_group': { type: 'keyword', required: false },
  'kibana.alert.severity_improving': { type: 'boolean', required: false },
  'kibana.alert.last_detected': { type: 'date', required: false },
  'kibana.alert.intended_timestamp': { type: 'date', required: false },
  tags: { type: 'keyword', required: false, array: true },
};

/** ECS 8.x top-level field sets and fields (mapped dynamically here, by the ECS component template in Kibana). */
const ECS_FIELD_SETS = ['agent', 'as', 'client', 'cloud', 'container', 'data_stream', 'destination', 'device', 'dll', 'dns', 'ecs', 'email', 'error', 'event', 'faas', 'file', 'group', 'host', 'http', 'labels', 'log', 'network', 'observer', 'orchestrator', 'organization', 'package', 'process', 'registry', 'related', 'rule', 'server', 'service', 'source', 'span', 'threat', 'tls', 'trace', 'transaction', 'url', 'user', 'user_agent', 'vulnerability'];

export function alertsIndexName(context: string, space = 'default') {
  return `.alerts-${context}.alerts-${space}`;
}

/** Nested ES mapping `properties` from a dotted field map. */
export function fieldMapToMappings(fieldMap: FieldMap): Record<string, unknown> {
  const root: Record<string, any> = {};
  for (const [path, def] of Object.entries(fieldMap)) {
    const parts = path.split('.');
    let node = root;
    for (let i = 0; i < parts.length - 1; i++) {
      node[parts[i]] ??= { properties: {} };
      node[parts[i]].properties ??= {};
      node = node[parts[i]].properties;
    }
    const leaf: Record<string, unknown> = { type: def.type };
    if (def.ignore_above) leaf.ignore_above = def.ignore_above;
    if (def.scaling_factor) leaf.scaling_factor = def.scaling_factor;
    if ((def as { format?: string }).format) leaf.format = (def as { format?: string }).format;
    if (def.properties) leaf.properties = def.properties;
    const existing = node[parts[parts.length - 1]];
    node[parts[parts.length - 1]] = existing?.properties && !def.properties && def.type === 'object' ? existing : { ...leaf, ...(existing?.properties ? { properties: existing.properties } : {}) };
  }
  return root;
}

export class AlertsIndex {
  readonly name: string;
  private ready: Promise<void> | undefined;

  constructor(
    private readonly client: Client,
    context: string,
    private readonly fieldMap: FieldMap,
    private readonly logger: Logger,
    /** ES dynamic setting: the rule type's `mappings.dynamic` (Kibana's default: strict) */
    private readonly dynamic: false | 'strict' = 'strict',
    /** the rule type's `useEcs` */
    private readonly ecs = false
  ) {
    this.name = alertsIndexName(context);
  }

  ensure(): Promise<void> {
    this.ready ??= (async () => {
      const exists = await this.client.indices.exists({ index: this.name });
      if (exists) return;
      const properties = fieldMapToMappings({ ...this.fieldMap, ...FRAMEWORK_FIELD_MAP }) as Record<string, Record<string, unknown>>;
      if (this.ecs) {
        properties.message ??= { type: 'text' };
        properties.tags ??= { type: 'keyword' };
        for (const set of ECS_FIELD_SETS) {
          if (properties[set]?.properties) properties[set].dynamic = true;
          else if (!properties[set]) properties[set] = { type: 'object', dynamic: true };
        }
      }
      await this.client.indices.create({ index: this.name, mappings: { dynamic: this.dynamic as any, properties: properties as any } });
      this.logger.info(`created alerts index ${this.name}`);
    })().catch((e) => {
      this.ready = undefined;
      throw e;
    });
    return this.ready;
  }

  /** Bulk-indexes the documents; returns the ids Elasticsearch refused (logged, not thrown, as Kibana does). */
  async write(docs: Array<{ id: string; doc: Record<string, unknown> }>): Promise<string[]> {
    if (docs.length === 0) return [];
    await this.ensure();
    const operations = docs.flatMap(({ id, doc }) => [{ index: { _index: this.name, _id: id } }, doc]);
    const res = await this.client.bulk({ operations, refresh: 'wait_for' as any });
    if (res.errors) {
      // Kibana (alerts_client persistAlerts → resolveAlertConflicts) logs the failed items and the run goes on
      const failed = res.items.filter((i) => i.index?.error).map((i) => ({ _id: i.index!._id, error: i.index!.error }));
      this.logger.error(`Error writing ${failed.length} out of ${docs.length} alerts - ${JSON.stringify(failed.map((f) => ({ type: f.error?.type, reason: f.error?.reason })))}`);
      return failed.map((f) => f._id as string);
    }
    return [];
  }
}
