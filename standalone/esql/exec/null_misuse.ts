// Elasticsearch's WarnNullMisuse pre-optimizer step (x-pack/plugin/esql/.../optimizer/rules/logical/preoptimizer/
// WarnNullMisuse.java, tests in FoldNullWarningTests.java): an explicit NULL literal written where nulls propagate
// (`x == NULL`, `a + NULL`, `CONCAT(s, NULL)`) makes the expression always NULL; each such spot gets a Warning, with
// an IS [NOT] NULL suggestion for equality comparisons.
import type { Command, Expr, Query } from '../parser/ast';
import { AGGREGATES } from './functions';
import type { Warnings } from './context';

/** Functions that do not fold to null when an argument is null (they handle nulls themselves). */
const NULL_TOLERANT = new Set(['coalesce', 'case', 'greatest', 'least', 'mv_append', 'concat_ws', 'now', 'match', 'qstr', 'kql']);

export function warnNullMisuse(q: Query, text: string, warnings: Warnings): void {
  const src = (e: Expr) => text.slice(e.loc.start, e.loc.end);
  const isNullLiteral = (e: Expr) => e.kind === 'literal' && e.dataType === 'null' && src(e).toLowerCase() === 'null';
  const warn = (e: Expr, alternative?: string) => {
    const at = `Line ${e.loc.line}:${e.loc.col}: Expression [${src(e)}]`;
    warnings.addEarly(alternative ? `${at} always evaluates to NULL, did you mean [${alternative}]?` : `${at} always evaluates to NULL.`);
  };
  // FoldNull: an expression whose nullability follows its children, with a NULL literal as a direct child.
  const foldsToNull = (e: Expr): boolean => {
    switch (e.kind) {
      case 'binary':
        return e.op !== 'and' && e.op !== 'or' && (isNullLiteral(e.left) || isNullLiteral(e.right));
      case 'unary':
        return isNullLiteral(e.operand);
      case 'in':
        return isNullLiteral(e.value);
      case 'like':
        return isNullLiteral(e.value);
      case 'call':
        return !NULL_TOLERANT.has(e.name) && !AGGREGATES.has(e.name) && e.args.some(isNullLiteral);
      default:
        return false;
    }
  };
  const children = (e: Expr): Expr[] => {
    switch (e.kind) {
      case 'binary':
        return [e.left, e.right];
      case 'unary':
        return [e.operand];
      case 'in':
        return [e.value, ...e.list];
      case 'is_null':
      case 'like':
      case 'cast':
        return [e.value];
      case 'call':
        return e.args;
      default:
        return [];
    }
  };
  const isEquality = (e: Expr) => e.kind === 'binary' && (e.op === '==' || e.op === '=~');
  const suggest = (e: Expr, what: string): string | undefined => {
    if (e.kind !== 'binary') return undefined;
    const other = isNullLiteral(e.left) ? e.right : e.left;
    return isNullLiteral(other) ? undefined : `${src(other)} ${what}`;
  };
  const check = (e: Expr): void => {
    // `x != NULL` is NOT(x == NULL) in Elasticsearch: both warn at the NOT and suggest IS NOT NULL.
    if (e.kind === 'unary' && e.op === 'not' && isEquality(e.operand) && foldsToNull(e.operand)) {
      warn(e, suggest(e.operand, 'IS NOT NULL'));
      children(e.operand).forEach(check);
      return;
    }
    if (foldsToNull(e)) warn(e, isEquality(e) ? suggest(e, 'IS NULL') : e.kind === 'binary' && e.op === '!=' ? suggest(e, 'IS NOT NULL') : undefined);
    children(e).forEach(check);
  };
  const exprsOf = (c: Command): Expr[] => {
    switch (c.kind) {
      case 'row':
      case 'eval':
        return c.fields.map((f) => f.expr);
      case 'where':
        return [c.condition];
      case 'stats':
        return [...c.by.map((f) => f.expr), ...c.aggs.flatMap((f) => (f.where ? [f.expr, f.where] : [f.expr]))];
      case 'sort':
        return c.orders.map((o) => o.expr);
      case 'dissect':
      case 'grok':
        return [c.input];
      case 'join':
        return c.on;
      default:
        return [];
    }
  };
  // LogicalPlan.forEachDown visits the last command first.
  const visit = (cmds: Command[]) => {
    for (let i = cmds.length - 1; i >= 0; i--) {
      const c = cmds[i];
      if (c.kind === 'fork') c.branches.forEach(visit);
      exprsOf(c).forEach(check);
    }
  };
  visit(q.commands);
}
