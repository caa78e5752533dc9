// A tiny ES|QL request value: text with named `?param` placeholders plus the parameters, and a Query DSL
// pre-filter for the time range (lets Elasticsearch prune indices and push the range down to Lucene).
import { isValidIndexPattern } from '../../common/params';

export type EsqlParamValue = string | number | boolean;
export interface EsqlQuery {
  query: string;
  params: Array<Record<string, EsqlParamValue>>;
  filter?: Record<string, unknown>;
}

/** FROM sources cannot be parameters: every pattern must pass the params codec's strict validator. */
export function fromClause(patterns: readonly string[], metadata?: string[]): string {
  if (patterns.length === 0) throw new Error('no index patterns to search');
  for (const p of patterns) {
    if (!isValidIndexPattern(p)) throw new Error(`invalid index pattern [${p}]`);
  }
  return `FROM ${patterns.join(', ')}${metadata?.length ? ` METADATA ${metadata.join(', ')}` : ''}`;
}

/** Accumulates named parameters; names are fixed identifiers chosen in code, values come from input. */
export class Params {
  readonly list: Array<Record<string, EsqlParamValue>> = [];
  add(name: string, value: EsqlParamValue): string {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad parameter name ${name}`);
    if (this.list.some((p) => name in p)) throw new Error(`duplicate parameter ${name}`);
    this.list.push({ [name]: value });
    return `?${name}`;
  }
}

export const timeRangeFilter = (field: string, gte: string, lte: string) => ({
  bool: { filter: [{ range: { [field]: { gte, lte, format: 'strict_date_optional_time' } } }] },
});

/** Display form with parameters inlined (shared with the browser's "Copy ES|QL"). */
export { inlineEsqlParams as inlineParams } from '../../common/api';
