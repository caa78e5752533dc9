// Index mappings written beside the data: ECS / integration field types for every field the documents carry.
// Types come from an explicit table (ip, date, geo_point, flattened, text ...); other leaves are keyword,
// long, double or boolean by value. Fleet data streams map data_stream.* as constant_keyword; the Security
// alerts index does not map data_stream.* at all (alerts-as-data drops constant_keyword ECS fields).
import type { Doc } from './builders/common';

export type MappingType = 'keyword' | 'match_only_text' | 'ip' | 'date' | 'long' | 'float' | 'double' | 'boolean' | 'geo_point' | 'flattened' | 'constant_keyword';

export interface Mapping {
  mappings: { dynamic?: boolean | 'strict'; properties: Record<string, unknown> };
}

const IP_FIELDS = new Set(['source.ip', 'client.ip', 'destination.ip', 'related.ip', 'host.ip', 'threat.indicator.ip']);
const DATE_FIELDS = new Set([
  '@timestamp',
  'event.ingested',
  'event.created',
  'kibana.alert.original_time',
  'kibana.alert.start',
  'kibana.alert.last_detected',
  'threat.indicator.first_seen',
  'threat.indicator.last_seen',
  'abusech.threatfox.deleted_at',
  'azure.signinlogs.properties.created_at',
]);
const TEXT_FIELDS = new Set(['message', 'kibana.alert.reason']);
const FLATTENED_FIELDS = new Set(['o365.audit.Parameters', 'o365.audit.ExtendedProperties', 'o365.audit.OperationProperties', 'o365.audit.Folders']);
const FLOAT_FIELDS = new Set(['kibana.alert.risk_score']);
/** Numeric-looking values that ECS / the integrations map as keyword. */
const KEYWORD_FIELDS = new Set(['log.level', 'azure.signinlogs.result_type', 'o365.audit.ErrorNumber', 'kibana.alert.rule.version']);

export function fieldType(path: string, value: unknown): MappingType {
  if (path.startsWith('data_stream.')) return 'constant_keyword';
  if (IP_FIELDS.has(path)) return 'ip';
  if (DATE_FIELDS.has(path)) return 'date';
  if (TEXT_FIELDS.has(path)) return 'match_only_text';
  if (FLOAT_FIELDS.has(path)) return 'float';
  if (path.endsWith('.location')) return 'geo_point';
  if (KEYWORD_FIELDS.has(path)) return 'keyword';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'long' : 'double';
  return 'keyword';
}

const isLeafObject = (path: string) => FLATTENED_FIELDS.has(path) || path.endsWith('.location');

/** Walks documents and returns dotted leaf path -> type. Throws when two documents disagree on a type. */
export function collectFields(docs: readonly Doc[]): Map<string, MappingType> {
  const out = new Map<string, MappingType>();
  const visit = (path: string, value: unknown) => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) {
      if (FLATTENED_FIELDS.has(path)) return set(path, 'flattened');
      for (const v of value) visit(path, v);
      return;
    }
    if (typeof value === 'object' && !isLeafObject(path)) {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) visit(path ? `${path}.${k}` : k, v);
      return;
    }
    set(path, FLATTENED_FIELDS.has(path) ? 'flattened' : fieldType(path, value));
  };
  const set = (path: string, t: MappingType) => {
    const prev = out.get(path);
    if (prev && prev !== t) {
      // long and double in one field: double wins (as dynamic mapping would not, but the table is ours)
      if ((prev === 'long' && t === 'double') || (prev === 'double' && t === 'long')) return out.set(path, 'double');
      throw new Error(`field [${path}] has conflicting types ${prev} and ${t}`);
    }
    out.set(path, t);
  };
  for (const d of docs) visit('', d);
  return out;
}

/** Builds `{ mappings: { properties } }` (nested object properties) from dotted leaf types. */
export function buildMapping(fields: ReadonlyMap<string, MappingType>, constants: Record<string, string> = {}): Mapping {
  const root: Record<string, unknown> = {};
  for (const path of [...fields.keys()].sort()) {
    const type = fields.get(path)!;
    const parts = path.split('.');
    let props = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const node = (props[parts[i]] ??= { properties: {} }) as { properties: Record<string, unknown> };
      props = node.properties;
    }
    const leaf: Record<string, unknown> = { type };
    if (type === 'keyword') leaf.ignore_above = 1024;
    if (type === 'date') leaf.format = 'strict_date_optional_time';
    if (type === 'constant_keyword' && constants[path]) leaf.value = constants[path];
    props[parts[parts.length - 1]] = leaf;
  }
  return { mappings: { dynamic: false, properties: root } };
}

export function mappingFor(docs: readonly Doc[]): Mapping {
  const fields = collectFields(docs);
  const constants: Record<string, string> = {};
  for (const [path, t] of fields) {
    if (t !== 'constant_keyword') continue;
    const values = new Set(docs.map((d) => getPath(d, path)).filter((v) => v !== undefined));
    if (values.size === 1) constants[path] = String([...values][0]);
  }
  return buildMapping(fields, constants);
}

export function getPath(doc: Doc, path: string): unknown {
  let cur: unknown = doc;
  for (const p of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

/** Flattens a mapping back to dotted leaf path -> type (for validation and tests). */
export function flattenMapping(m: Mapping): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (props: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(props)) {
      const node = v as { type?: string; properties?: Record<string, unknown> };
      const path = prefix ? `${prefix}.${k}` : k;
      if (node.properties) walk(node.properties, path);
      else if (node.type) out.set(path, node.type);
    }
  };
  walk(m.mappings.properties, '');
  return out;
}
