// Typed AST for ES|QL. Nodes carry `loc` (source position) so the executor can report `line L:C:` and name
// unaliased columns by their source text, as Elasticsearch does. `stripLoc` gives the position-free tree.

export interface Loc {
  line: number;
  col: number;
  start: number;
  end: number;
}

export type TimeUnit =
  | 'year'
  | 'quarter'
  | 'month'
  | 'week'
  | 'day'
  | 'hour'
  | 'minute'
  | 'second'
  | 'millisecond'
  | 'microsecond'
  | 'nanosecond';

export type Literal =
  | { kind: 'literal'; dataType: 'null'; value: null; loc: Loc }
  | { kind: 'literal'; dataType: 'boolean'; value: boolean; loc: Loc }
  | { kind: 'literal'; dataType: 'integer'; value: number; loc: Loc }
  | { kind: 'literal'; dataType: 'decimal'; value: number; loc: Loc }
  | { kind: 'literal'; dataType: 'string'; value: string; loc: Loc }
  /** `1 hour`, `30minutes`: `unit` is the unit as written (printer keeps it), `value` the integer. */
  | { kind: 'literal'; dataType: 'timespan'; value: number; unit: string; loc: Loc };

export interface ListLiteral {
  kind: 'list';
  items: Array<Literal | Unary>;
  loc: Loc;
}

export interface ColumnRef {
  kind: 'column';
  /** Dotted name; backtick-quoted segments are unquoted here. */
  name: string;
  loc: Loc;
}

/** `?` (anonymous), `?name`, `?1`; `identifier` for `??`-forms (field / function names). */
export interface Param {
  kind: 'param';
  form: 'anonymous' | 'named' | 'positional';
  name?: string;
  position?: number;
  identifier: boolean;
  loc: Loc;
}

export interface MapExpr {
  kind: 'map';
  entries: Array<{ key: string; value: Expr }>;
  loc: Loc;
}

export interface FunctionCall {
  kind: 'call';
  /** Lower-cased function name (or `??param`-named via `nameParam`). */
  name: string;
  nameParam?: Param;
  star: boolean;
  args: Expr[];
  options?: MapExpr;
  loc: Loc;
}

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '=~' | 'and' | 'or';

export interface Binary {
  kind: 'binary';
  op: BinaryOp;
  left: Expr;
  right: Expr;
  loc: Loc;
}

export interface Unary {
  kind: 'unary';
  op: '-' | '+' | 'not';
  operand: Expr;
  loc: Loc;
}

export interface InExpr {
  kind: 'in';
  not: boolean;
  value: Expr;
  list: Expr[];
  loc: Loc;
}

export interface IsNull {
  kind: 'is_null';
  not: boolean;
  value: Expr;
  loc: Loc;
}

export interface LikeExpr {
  kind: 'like';
  op: 'like' | 'rlike';
  not: boolean;
  value: Expr;
  /** One pattern, or the list form `LIKE ("a*", "b*")` (`list: true`). */
  patterns: Array<Literal | Param>;
  list: boolean;
  loc: Loc;
}

export interface Cast {
  kind: 'cast';
  value: Expr;
  /** Type name as written, lower-cased (`ip`, `datetime`, `int`...). */
  to: string;
  loc: Loc;
}

/** `field : "query"` full-text match. */
export interface MatchExpr {
  kind: 'match';
  field: ColumnRef;
  cast?: string;
  query: Expr;
  loc: Loc;
}

export type Expr =
  | Literal
  | ListLiteral
  | ColumnRef
  | Param
  | FunctionCall
  | Binary
  | Unary
  | InExpr
  | IsNull
  | LikeExpr
  | Cast
  | MatchExpr
  | MapExpr;

/** `[name =] expr` in ROW / EVAL / STATS BY. */
export interface Field {
  name?: ColumnRef;
  expr: Expr;
}

export interface AggField extends Field {
  where?: Expr;
}

/** A KEEP/DROP/RENAME name or pattern (`a*`, `` `x y` ``); `name` is the unquoted text. */
export interface NamePattern {
  name: string;
  loc: Loc;
}

export interface SortOrder {
  expr: Expr;
  dir?: 'asc' | 'desc';
  nulls?: 'first' | 'last';
}

export interface IndexSource {
  /** Source text as written (quotes removed), e.g. `cluster:logs-*::data`. */
  name: string;
  loc: Loc;
}

export type Command =
  | { kind: 'from'; sources: IndexSource[]; metadata: NamePattern[]; loc: Loc }
  | { kind: 'ts'; sources: IndexSource[]; metadata: NamePattern[]; loc: Loc }
  | { kind: 'row'; fields: Field[]; loc: Loc }
  | { kind: 'show'; item: string; loc: Loc }
  | { kind: 'where'; condition: Expr; loc: Loc }
  | { kind: 'eval'; fields: Field[]; loc: Loc }
  | { kind: 'stats'; inline: boolean; aggs: AggField[]; by: Field[]; loc: Loc }
  | { kind: 'keep'; patterns: NamePattern[]; loc: Loc }
  | { kind: 'drop'; patterns: NamePattern[]; loc: Loc }
  | { kind: 'rename'; renames: Array<{ from: NamePattern; to: NamePattern }>; loc: Loc }
  | { kind: 'sort'; orders: SortOrder[]; loc: Loc }
  | { kind: 'limit'; count: Expr; loc: Loc }
  | { kind: 'mv_expand'; column: ColumnRef; loc: Loc }
  | { kind: 'dissect'; input: Expr; pattern: Expr; options: Field[]; loc: Loc }
  | { kind: 'grok'; input: Expr; patterns: Expr[]; loc: Loc }
  | {
      kind: 'enrich';
      policy: IndexSource;
      on?: NamePattern;
      with: Array<{ name?: NamePattern; field: NamePattern }>;
      loc: Loc;
    }
  | { kind: 'join'; joinType: 'lookup' | 'left' | 'right' | 'inner'; index: IndexSource; alias?: string; on: Expr[]; loc: Loc }
  | { kind: 'fork'; branches: Command[][]; loc: Loc }
  | { kind: 'change_point'; value: ColumnRef; key?: ColumnRef; as?: [ColumnRef, ColumnRef]; loc: Loc }
  | { kind: 'sample'; probability: Expr; loc: Loc }
  | { kind: 'completion'; target?: ColumnRef; prompt: Expr; options?: MapExpr; loc: Loc }
  | { kind: 'rerank'; target?: ColumnRef; query: Expr; on: Field[]; options?: MapExpr; loc: Loc }
  | { kind: 'fuse'; method?: string; options: Array<{ key: string; value: Expr[] | MapExpr }>; loc: Loc };

export interface Setting {
  name: string;
  value: Expr;
  loc: Loc;
}

export interface Query {
  kind: 'query';
  settings: Setting[];
  commands: Command[];
}

/** Deep copy without `loc` keys: the tree compared by round-trip tests. */
export function stripLoc<T>(node: T): T {
  if (Array.isArray(node)) return node.map((n) => stripLoc(n)) as unknown as T;
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (k === 'loc' || v === undefined) continue;
      out[k] = stripLoc(v);
    }
    return out as T;
  }
  return node;
}
