// Shared executor types: compiled expressions, columns, warnings and Elasticsearch-shaped errors.
import type { Loc } from '../parser/ast';
import { EsError } from '../types';
import type { DataType } from './values';

export type Row = unknown[];

export interface Column {
  name: string;
  type: DataType;
  /** Index in the row; -1 for a FROM field no expression has read yet (see `alloc`). */
  slot: number;
  /**
   * FROM's field columns get their slot from this counter when first used, so scanned rows hold only the
   * fields the query reads (indices have hundreds of fields, a query reads a few).
   */
  alloc?: { n: number };
  /** For `unsupported` columns built from conflicting mappings: Elasticsearch's ambiguity message. */
  conflict?: string;
  /** Set when an expression or the output reads the column (FROM reads only used fields). */
  used?: boolean;
  /** Parent column to mark as used when this one is (columns copied by RENAME share the FROM slot). */
  origin?: Column;
}

export interface CExpr {
  type: DataType;
  fn: (row: Row) => unknown;
  /** Constant (foldable) expression: `value` is its value. */
  isConst: boolean;
  value?: unknown;
  text: string;
  loc: Loc;
}

export function verificationError(loc: { line: number; col: number }, message: string): EsError {
  return new EsError(400, 'verification_exception', `Found 1 problem\nline ${loc.line}:${loc.col}: ${message}`);
}

export function parsingError(loc: { line: number; col: number }, message: string): EsError {
  return new EsError(400, 'parsing_exception', `line ${loc.line}:${loc.col}: ${message}`);
}

/** Thrown by function bodies for a per-row failure: the row's result becomes null plus a warning. */
export class EvalFailure {
  constructor(readonly message: string) {}
}

export const SINGLE_VALUE = 'java.lang.IllegalArgumentException: single-value function encountered multi-value';

/** Elasticsearch's Warning headers: de-duplicated, at most 20 failures recorded per expression. */
export class Warnings {
  private readonly first: string[] = [];
  private readonly early: string[] = [];
  private readonly rest: string[] = [];
  private readonly seen = new Set<string>();

  /** In Elasticsearch's order: analyzer (implicit LIMIT), pre-optimizer (null misuse), then the others. */
  get list(): string[] {
    return [...this.first, ...this.early, ...this.rest];
  }

  private put(bucket: string[], w: string, front = false): void {
    if (this.seen.has(w)) return;
    this.seen.add(w);
    if (front) bucket.unshift(w);
    else bucket.push(w);
  }

  add(w: string): void {
    this.put(this.rest, w);
  }

  /** Analyzer warnings (the implicit LIMIT) come before the ones of planning and execution. */
  addFirst(w: string): void {
    this.put(this.first, w, true);
  }

  /** Pre-optimizer warnings (WarnNullMisuse), emitted before the optimizer's and the execution's. */
  addEarly(w: string): void {
    this.put(this.early, w);
  }

  /** A failure recorder for one expression. */
  failer(loc: Loc, text: string): (message: string) => void {
    let count = 0;
    return (message: string) => {
      if (count === 0) {
        this.add(`Line ${loc.line}:${loc.col}: evaluation of [${text}] failed, treating result as null. Only first 20 failures recorded.`);
      }
      if (count < 20) this.add(`Line ${loc.line}:${loc.col}: ${message}`);
      count++;
    };
  }
}

export interface ResolvedParam {
  kind: 'value' | 'identifier' | 'pattern';
  value: unknown;
}

export interface Ctx {
  text: string;
  warnings: Warnings;
  now: number;
  param(p: { form: string; name?: string; position?: number; loc: Loc }): ResolvedParam;
}
