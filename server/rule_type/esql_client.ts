// The slice of the Elasticsearch client the rule uses, and ES|QL response decoding.
// Both `@elastic/elasticsearch`'s Client and Kibana's ElasticsearchClient satisfy `CorrelationEsClient`.
import type { EsqlRequestBody } from '../../common/rule_queries/build_queries';

export interface EsqlColumn {
  name: string;
  type: string;
}
export interface EsqlResponse {
  columns: EsqlColumn[];
  values: unknown[][];
  is_partial?: boolean;
}

export interface CorrelationEsClient {
  esql: {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    query(request: any, options?: any): Promise<any>;
  };
}

export type EsqlRecord = Record<string, unknown>;

export function toRecords(resp: EsqlResponse): EsqlRecord[] {
  const cols = resp.columns ?? [];
  return (resp.values ?? []).map((row) => {
    const r: EsqlRecord = {};
    cols.forEach((c, i) => (r[c.name] = row[i] ?? null));
    return r;
  });
}

export function isEsqlResponse(x: unknown): x is EsqlResponse {
  const r = x as EsqlResponse;
  return !!r && Array.isArray(r.columns) && Array.isArray(r.values);
}

export function requestBody(req: EsqlRequestBody) {
  return { query: req.query, params: req.params, filter: req.filter, format: 'json', columnar: false };
}

// ---- cell readers: ES|QL cells are null, a scalar, or an array for multi-valued results ----

export const asArray = (v: unknown): unknown[] => (v === null || v === undefined ? [] : Array.isArray(v) ? v : [v]);
export const strings = (v: unknown): string[] => asArray(v).filter((x): x is string | number => typeof x === 'string' || typeof x === 'number').map(String);
export const num = (v: unknown): number => {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : 0;
};
export const numOrNull = (v: unknown): number | null => {
  const first = Array.isArray(v) ? v[0] : v;
  if (first === null || first === undefined) return null;
  const n = typeof first === 'number' ? first : Number(first);
  return Number.isFinite(n) ? n : null;
};
export const dateOrNull = (v: unknown): string | null => {
  const first = Array.isArray(v) ? v[0] : v;
  if (first === null || first === undefined) return null;
  const t = typeof first === 'number' ? first : Date.parse(String(first));
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
};
export const times = (v: unknown): number[] =>
  asArray(v)
    .map((x) => (typeof x === 'number' ? x : Date.parse(String(x))))
    .filter((t) => Number.isFinite(t));
