// Subset of `@kbn/alerts-as-data-utils` used by this plugin (Kibana 9.2 – 9.5, unchanged across them):
// src/platform/packages/shared/kbn-alerts-as-data-utils/src/field_maps/types.ts, re-exported by the package index.
// Resolved through tsconfig `paths` only outside a Kibana checkout; a module (not `declare module`), so it never
// shadows the real package.
export interface FieldMap {
  [key: string]: {
    type: string;
    required: boolean;
    array?: boolean;
    doc_values?: boolean;
    enabled?: boolean;
    format?: string;
    ignore_above?: number;
    index?: boolean;
    path?: string;
    scaling_factor?: number;
    dynamic?: boolean | 'strict';
    properties?: Record<string, { type: string }>;
  };
}
