// Contract between the engine's storage/REST layer (standalone/esql/store, standalone/esql/server) and its
// ES|QL parser/executor (standalone/esql/parser, standalone/esql/exec). Never shipped into Kibana.

/** Elasticsearch field types the engine understands (leaf types after flattening objects). */
export type EsFieldType =
  | 'keyword'
  | 'text'
  | 'match_only_text'
  | 'wildcard'
  | 'constant_keyword'
  | 'ip'
  | 'date'
  | 'date_nanos'
  | 'long'
  | 'integer'
  | 'short'
  | 'byte'
  | 'unsigned_long'
  | 'double'
  | 'float'
  | 'half_float'
  | 'scaled_float'
  | 'boolean'
  | 'version'
  | 'geo_point'
  | 'flattened'
  | 'nested'
  | 'unsupported';

/** A stored document as the executor sees it. `source` is the _source exactly as indexed. */
export interface StoredDoc {
  _id: string;
  _index: string;
  _version: number;
  source: Record<string, unknown>;
  /**
   * Optional doc-values access (the store's columns): the values of a mapped field in doc-values form (null, a
   * scalar, or an array in doc-values order), or undefined when the field has no doc values here (read `source`).
   */
  docValue?(field: string): unknown;
}

/** A bound on a date field, in epoch millis (open ends are +-Infinity). */
export interface DateRange {
  field: string;
  lo: number;
  loInclusive: boolean;
  hi: number;
  hiInclusive: boolean;
}

/**
 * Storage-level access to an index (optional: a plain catalog offers `docs` only). Positions are stable
 * document slots in index order; deleted slots are skipped by `select` and reported by `live`.
 */
export interface IndexStorage {
  /** One past the highest position. */
  readonly size: number;
  /**
   * The live positions to visit, ascending. `ranges` (on date fields; others are ignored) narrow the set to the
   * documents with a value in every range (multi-valued dates are always included: callers re-check). Returns
   * null for "every live position". Each call adds the number of positions it hands out to the index's
   * visited-documents counter.
   */
  select(ranges: readonly DateRange[]): Int32Array | null;
  live(pos: number): boolean;
  /** Reads a mapped field at a position (doc-values form, see StoredDoc.docValue); null when unmapped here. */
  reader(field: string): ((pos: number) => unknown) | null;
  /**
   * A position test over a field's doc-values column, exactly "the value `doc(pos).docValue(field)` is a single
   * value passing `one`, or several values passing `many`" (no value: false). `one` must be pure: the store may
   * remember its answer per distinct value. Undefined when the field has no column here (filters read `_source`).
   */
  docValuesTest?(field: string, one: (v: unknown) => boolean, many: (vs: unknown[]) => boolean): ((pos: number) => boolean) | undefined;
  /** The document at a position. May be a cursor object reused by the next call. */
  doc(pos: number): StoredDoc;
}

/** One concrete index resolved from a FROM pattern. */
export interface IndexView {
  name: string;
  /** Flattened dotted leaf paths -> mapping type, incl. multi-fields such as `message.keyword`. */
  fields: ReadonlyMap<string, EsFieldType>;
  /** Documents in index order (refreshed view). */
  docs: readonly StoredDoc[];
  /** Columnar, time-indexed access when the index offers it (the store does; test catalogs need not). */
  storage?: IndexStorage;
}

export interface Catalog {
  /**
   * Resolves FROM patterns (comma list already split; wildcards; hidden `.`-prefixed indices only when the
   * pattern itself starts with `.`). Unknown concrete names and patterns that match nothing when no other
   * pattern matched throw an EsError (verification_exception "Unknown index [x]").
   */
  resolve(patterns: string[]): IndexView[];
}

/**
 * A document pre-filter compiled from the `_query` body's Query DSL `filter`. `ranges`: date bounds every
 * matching document satisfies (top-level `range` clauses under must/filter), for index-level pruning.
 */
export type DocFilter = ((doc: StoredDoc, fields: ReadonlyMap<string, EsFieldType>) => boolean) & { ranges?: DateRange[] };

export type EsqlParam = string | number | boolean | null | Array<string | number | boolean | null>;
export interface EsqlRequest {
  query: string;
  /** positional `[v1, v2]` or named `[{name: v}]` (also `{name: {value: v}}` / `{identifier: x}`) */
  params?: unknown[];
  filter?: DocFilter;
  columnar?: boolean;
  drop_null_columns?: boolean;
}

/** ES|QL column types as Elasticsearch reports them in `columns[].type`. */
export type EsqlType =
  | 'keyword'
  | 'text'
  | 'ip'
  | 'date'
  | 'long'
  | 'integer'
  | 'double'
  | 'boolean'
  | 'version'
  | 'unsigned_long'
  | 'date_nanos'
  | 'geo_point'
  | 'null'
  | 'unsupported'
  | 'date_period'
  | 'time_duration';

export interface EsqlResult {
  columns: Array<{ name: string; type: EsqlType }>;
  /** Row-major values; multi-valued cells are arrays; dates are ISO strings; ips are strings. */
  values: unknown[][];
  /** HTTP `Warning` header values, in Elasticsearch's wording (e.g. `No limit defined, adding default limit of [1000]`). */
  warnings: string[];
  documents_found: number;
  values_loaded: number;
}

/** Any error the engine returns over REST; `type`/`reason`/`status` exactly as Elasticsearch would. */
export class EsError extends Error {
  constructor(
    public readonly status: number,
    public readonly type: string,
    public readonly reason: string,
    public readonly extra: Record<string, unknown> = {}
  ) {
    super(reason);
  }

  toBody() {
    const cause = { type: this.type, reason: this.reason, ...this.extra };
    return { error: { root_cause: [cause], ...cause }, status: this.status };
  }
}

/** Reads a leaf from _source by dotted path, accepting both object (`{a:{b:1}}`) and dotted (`{"a.b":1}`) forms. */
export function readField(source: Record<string, unknown>, path: string): unknown {
  if (Object.prototype.hasOwnProperty.call(source, path)) return source[path];
  const dot = path.indexOf('.');
  if (dot === -1) return undefined;
  // Try every split point so mixed forms like {"a.b": {"c": 1}} resolve too.
  for (let i = dot; i !== -1; i = path.indexOf('.', i + 1)) {
    const head = path.slice(0, i);
    const child = Object.prototype.hasOwnProperty.call(source, head) ? source[head] : undefined;
    if (child === undefined || child === null) continue;
    const rest = path.slice(i + 1);
    if (Array.isArray(child)) {
      const out: unknown[] = [];
      for (const item of child) {
        if (item && typeof item === 'object') {
          const v = readField(item as Record<string, unknown>, rest);
          if (Array.isArray(v)) out.push(...v);
          else if (v !== undefined && v !== null) out.push(v);
        }
      }
      if (out.length) return out.length === 1 ? out[0] : out;
    } else if (typeof child === 'object') {
      const v = readField(child as Record<string, unknown>, rest);
      if (v !== undefined) return v;
    }
  }
  return undefined;
}
