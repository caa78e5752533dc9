// Canonical ES|QL printer: upper-case keywords and function names, minimal parentheses, quoting only where
// the grammar needs it. parseEsql(printEsql(q)) yields q again (positions aside).
import type { Command, Expr, Field, IndexSource, MapExpr, NamePattern, Query } from './ast';
import { PRINT_QUOTED } from './parser';

const PLAIN_ID = /^(?:[A-Za-z][A-Za-z0-9_]*|[_@][A-Za-z0-9_]+)$/;
const PLAIN_PATTERN = /^[A-Za-z0-9_@*]+$/;
const SOURCE_PART = '[^:"=|,\\[\\]/()\\s]+';
const PLAIN_SOURCE = new RegExp(`^${SOURCE_PART}(?::${SOURCE_PART})?(?:::${SOURCE_PART})?$`);

export function quoteString(s: string): string {
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t') + '"';
}

const backtick = (s: string) => '`' + s.replace(/`/g, '``') + '`';

export function printName(name: string): string {
  const parts = name.split('.');
  if (parts.every((p) => p.startsWith('??') || (PLAIN_ID.test(p) && !PRINT_QUOTED.has(p.toLowerCase())))) return name;
  return backtick(name);
}

function printPattern(p: NamePattern): string {
  const parts = p.name.split('.');
  if (p.name.startsWith('??')) return p.name;
  if (parts.every((s) => PLAIN_PATTERN.test(s) && !/^\d+$/.test(s) && !PRINT_QUOTED.has(s.toLowerCase()))) return p.name;
  return backtick(p.name);
}

function printSource(s: IndexSource): string {
  return PLAIN_SOURCE.test(s.name) ? s.name : quoteString(s.name);
}

function level(e: Expr): number {
  switch (e.kind) {
    case 'binary':
      if (e.op === 'or') return 1;
      if (e.op === 'and') return 2;
      if (e.op === '+' || e.op === '-') return 5;
      if (e.op === '*' || e.op === '/' || e.op === '%') return 6;
      return 4;
    case 'unary':
      return e.op === 'not' ? 3 : 7;
    case 'in':
    case 'like':
    case 'is_null':
    case 'match':
      return 4;
    case 'cast':
      return 8;
    default:
      return 9;
  }
}

function sub(e: Expr, min: number): string {
  const s = printExpr(e);
  return level(e) < min ? `(${s})` : s;
}

function printNumber(v: number, decimal: boolean): string {
  if (!decimal) return Number.isFinite(v) ? BigInt(v).toString() : '1e999';
  if (!Number.isFinite(v)) return '1e999';
  const s = String(v);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

function printMap(m: MapExpr): string {
  return `{${m.entries.map((e) => `${quoteString(e.key)}: ${printExpr(e.value)}`).join(', ')}}`;
}

export function printExpr(e: Expr): string {
  switch (e.kind) {
    case 'literal':
      switch (e.dataType) {
        case 'null':
          return 'null';
        case 'boolean':
          return e.value ? 'true' : 'false';
        case 'integer':
          return printNumber(e.value, false);
        case 'decimal':
          return printNumber(e.value, true);
        case 'string':
          return quoteString(e.value);
        case 'timespan':
          return `${printNumber(e.value, false)} ${e.unit}`;
      }
      break;
    case 'list':
      return `[${e.items.map(printExpr).join(', ')}]`;
    case 'column':
      return printName(e.name);
    case 'param': {
      const q = e.identifier ? '??' : '?';
      if (e.form === 'anonymous') return q;
      return q + (e.form === 'named' ? e.name : String(e.position));
    }
    case 'map':
      return printMap(e);
    case 'call': {
      const name = e.nameParam ? printExpr(e.nameParam) : e.name.toUpperCase();
      const args = e.star ? ['*'] : e.args.map(printExpr);
      if (e.options) args.push(printMap(e.options));
      return `${name}(${args.join(', ')})`;
    }
    case 'binary': {
      const lv = level(e);
      const op = e.op === 'and' || e.op === 'or' ? e.op.toUpperCase() : e.op;
      if (lv === 4) return `${sub(e.left, 5)} ${op} ${sub(e.right, 5)}`;
      return `${sub(e.left, lv)} ${op} ${sub(e.right, lv + 1)}`;
    }
    case 'unary':
      if (e.op === 'not') return `NOT ${sub(e.operand, 3)}`;
      return `${e.op}${sub(e.operand, 7)}`;
    case 'in':
      return `${sub(e.value, 5)}${e.not ? ' NOT' : ''} IN (${e.list.map((x) => sub(x, 5)).join(', ')})`;
    case 'is_null':
      return `${sub(e.value, 5)} IS${e.not ? ' NOT' : ''} NULL`;
    case 'like': {
      const pats = e.patterns.map(printExpr);
      const rhs = e.list ? `(${pats.join(', ')})` : pats[0];
      return `${sub(e.value, 5)}${e.not ? ' NOT' : ''} ${e.op.toUpperCase()} ${rhs}`;
    }
    case 'cast':
      return `${sub(e.value, 8)}::${e.to}`;
    case 'match':
      return `${printName(e.field.name)}${e.cast ? `::${e.cast}` : ''}:${printExpr(e.query)}`;
  }
  return '';
}

function printField(f: Field): string {
  return f.name ? `${printName(f.name.name)} = ${printExpr(f.expr)}` : printExpr(f.expr);
}

export function printCommand(c: Command): string {
  switch (c.kind) {
    case 'from':
    case 'ts': {
      let s = `${c.kind.toUpperCase()} ${c.sources.map(printSource).join(', ')}`;
      if (c.metadata.length) s += ` METADATA ${c.metadata.map((m) => m.name).join(', ')}`;
      return s;
    }
    case 'row':
      return `ROW ${c.fields.map(printField).join(', ')}`;
    case 'show':
      return `SHOW ${c.item.toUpperCase()}`;
    case 'where':
      return `WHERE ${printExpr(c.condition)}`;
    case 'eval':
      return `EVAL ${c.fields.map(printField).join(', ')}`;
    case 'stats': {
      let s = c.inline ? 'INLINE STATS' : 'STATS';
      if (c.aggs.length) s += ' ' + c.aggs.map((a) => printField(a) + (a.where ? ` WHERE ${printExpr(a.where)}` : '')).join(', ');
      if (c.by.length) s += ` BY ${c.by.map(printField).join(', ')}`;
      return s;
    }
    case 'keep':
    case 'drop':
      return `${c.kind.toUpperCase()} ${c.patterns.map(printPattern).join(', ')}`;
    case 'rename':
      return `RENAME ${c.renames.map((r) => `${printPattern(r.from)} AS ${printPattern(r.to)}`).join(', ')}`;
    case 'sort':
      return `SORT ${c.orders
        .map((o) => printExpr(o.expr) + (o.dir ? ` ${o.dir.toUpperCase()}` : '') + (o.nulls ? ` NULLS ${o.nulls.toUpperCase()}` : ''))
        .join(', ')}`;
    case 'limit':
      return `LIMIT ${printExpr(c.count)}`;
    case 'mv_expand':
      return `MV_EXPAND ${printName(c.column.name)}`;
    case 'dissect': {
      let s = `DISSECT ${sub(c.input, 8)} ${printExpr(c.pattern)}`;
      if (c.options.length) s += ' ' + c.options.map(printField).join(', ');
      return s;
    }
    case 'grok':
      return `GROK ${sub(c.input, 8)} ${c.patterns.map(printExpr).join(', ')}`;
    case 'enrich': {
      let s = `ENRICH ${printSource(c.policy)}`;
      if (c.on) s += ` ON ${printPattern(c.on)}`;
      if (c.with.length) s += ` WITH ${c.with.map((w) => (w.name ? `${printPattern(w.name)} = ` : '') + printPattern(w.field)).join(', ')}`;
      return s;
    }
    case 'join':
      return `LOOKUP JOIN ${printSource(c.index)}${c.alias ? ` AS ${printName(c.alias)}` : ''} ON ${c.on.map(printExpr).join(', ')}`;
    case 'fork':
      return `FORK ${c.branches.map((b) => `(${b.map(printCommand).join(' | ')})`).join(' ')}`;
    case 'change_point': {
      let s = `CHANGE_POINT ${printName(c.value.name)}`;
      if (c.key) s += ` ON ${printName(c.key.name)}`;
      if (c.as) s += ` AS ${printName(c.as[0].name)}, ${printName(c.as[1].name)}`;
      return s;
    }
    case 'sample':
      return `SAMPLE ${printExpr(c.probability)}`;
    case 'completion':
      return `COMPLETION ${c.target ? `${printName(c.target.name)} = ` : ''}${sub(c.prompt, 8)}${c.options ? ` WITH ${printMap(c.options)}` : ''}`;
    case 'rerank':
      return `RERANK ${c.target ? `${printName(c.target.name)} = ` : ''}${printExpr(c.query)} ON ${c.on.map(printField).join(', ')}${
        c.options ? ` WITH ${printMap(c.options)}` : ''
      }`;
    case 'fuse': {
      let s = 'FUSE' + (c.method ? ` ${c.method.toUpperCase()}` : '');
      for (const o of c.options) {
        if (o.key === 'with') s += ` WITH ${printMap(o.value as MapExpr)}`;
        else s += ` ${o.key.toUpperCase()} BY ${(o.value as Expr[]).map(printExpr).join(', ')}`;
      }
      return s;
    }
  }
  return '';
}

export function printEsql(q: Query): string {
  const settings = q.settings.map((s) => `SET ${printName(s.name)} = ${printExpr(s.value)}; `).join('');
  return settings + q.commands.map(printCommand).join(' | ');
}
