// Alerts-as-data index for a rule type: `.alerts-<context>.alerts-<space>` (the alias name readers use), mapped
// with Kibana's framework fields plus the rule type's field map, written with bulk index by alert uuid.
import type { Client } from '@elastic/elasticsearch';
import type { FieldMap } from '@kbn/alerts-as-data-utils';
import type { Logger } from '@kbn/core/server';

/** Kibana's framework (alert) field map subset that the host writes. */
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
};

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
    /** ES dynamic setting: the rule type's `mappings.dynamic`; ECS payload fields need `true` without the ECS map. */
    private readonly dynamic: boolean | 'strict' = true
  ) {
    this.name = alertsIndexName(context);
  }

  ensure(): Promise<void> {
    this.ready ??= (async () => {
      const exists = await this.client.indices.exists({ index: this.name });
      if (exists) return;
      const properties = fieldMapToMappings({ ...this.fieldMap, ...FRAMEWORK_FIELD_MAP });
      await this.client.indices.create({ index: this.name, mappings: { dynamic: this.dynamic as any, properties: properties as any } });
      this.logger.info(`created alerts index ${this.name}`);
    })().catch((e) => {
      this.ready = undefined;
      throw e;
    });
    return this.ready;
  }

  async write(docs: Array<{ id: string; doc: Record<string, unknown> }>) {
    if (docs.length === 0) return;
    await this.ensure();
    const operations = docs.flatMap(({ id, doc }) => [{ index: { _index: this.name, _id: id } }, doc]);
    const res = await this.client.bulk({ operations, refresh: 'wait_for' as any });
    if (res.errors) {
      const first = res.items.find((i) => i.index?.error)?.index?.error;
      throw new Error(`failed to write alerts: ${first?.type ?? 'error'}: ${first?.reason ?? JSON.stringify(first)}`);
    }
  }
}
