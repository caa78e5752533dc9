// Recursive-descent parser for ES|QL (Elasticsearch 9.x grammar: EsqlBaseParser.g4 + Expression.g4).
// Precedence, low to high: OR, AND, NOT, predicates (comparison / IN / LIKE / RLIKE / IS NULL / `:`),
// + -, * / %, unary - +, `::` cast, primary.
import type {
  AggField,
  Command,
  ColumnRef,
  Expr,
  Field,
  FunctionCall,
  IndexSource,
  ListLiteral,
  Literal,
  Loc,
  MapExpr,
  NamePattern,
  Param,
  Query,
  Setting,
  SortOrder,
  Unary,
} from './ast';
import { lineCol, Scanner, type Token } from './lexer';

/**
 * Words that are tokens in Elasticsearch's EXPRESSION_MODE (lexer/Expression.g4: AND ASC BY DESC FALSE FIRST IN IS
 * LAST LIKE NOT NULL NULLS ON OR RLIKE TRUE WITH, plus NESTED_WHERE): a dotted-name segment equal to one of these
 * must be backtick-quoted in WHERE/EVAL/STATS/SORT/... (`a.\`not\`.b`), since `identifier` only takes
 * UNQUOTED_IDENTIFIER | QUOTED_IDENTIFIER. Other lexer modes have their own (shorter) lists, see below.
 *
 * `as` is NOT one of them. In Elasticsearch 8.19 and every 9.x we could read, `AS` is a token of RENAME_MODE only
 * (lexer/Rename.g4; CHANGE_POINT_AS and JOIN_AS map to it), so inside an expression `as` lexes as UNQUOTED_IDENTIFIER
 * and `WHERE source.as.organization.name == "x"` / `COUNT_DISTINCT(source.as.number)` parse. Evidence:
 * - elastic/elasticsearch @003b150bd253b1e137218d256e8fda80d15b447c (main, generated
 *   x-pack/plugin/esql/src/main/java/org/elasticsearch/xpack/esql/parser/EsqlBaseLexer.java): EXPRESSION_MODE rules
 *   run AND ASC ASSIGN BY ... ON OR PARAM RLIKE TRUE WITH, no AS; `AS` sits after RENAME_NAMED_OR_POSITIONAL_*.
 * - elastic/detection-rules @61b46add79eeb81095bd182b09e6f107f7214e40 vendors lexers generated from v8.19.19,
 *   v9.3.8, v9.4.4 and main (lib/esql/esql/_antlr/{v8_19_0,v9_3_0,v9_4_0,vlatest}/EsqlBaseLexer.py, see each
 *   provenance.json): none has AS in EXPRESSION_MODE. 9.2 was not read directly; it sits between 8.19/9.1 and 9.3.
 * - Only a short-lived main snapshot had `AS: 'as';` in lexer/Expression.g4
 *   (@058d48055c6d5bf8c2b360e92e0466f7b94b12b1), for `COMPLETION prompt WITH id AS target` (PR #126319, Apr 2025);
 *   PR #129189 (Jun 2025) changed that to `COMPLETION target = prompt WITH id`, and 8.19.19 has no such token.
 */
export const RESERVED = new Set([
  'and',
  'or',
  'not',
  'in',
  'is',
  'null',
  'nulls',
  'like',
  'rlike',
  'true',
  'false',
  'asc',
  'desc',
  'first',
  'last',
  'by',
  'on',
  'with',
  'where',
]);

/** KEEP/DROP (PROJECT_MODE) and MV_EXPAND (MVEXPAND_MODE) have no keywords: `KEEP source.as.number` is valid. */
const NO_KEYWORDS = new Set<string>();
/** RENAME_MODE lexes only `as` as a keyword (lexer/Rename.g4): `RENAME source.as.number AS n` is an error. */
const RENAME_KEYWORDS = new Set(['as']);
/** ENRICH_FIELD_MODE (after ON / WITH) lexes only `with` as a keyword (lexer/Enrich.g4). */
const ENRICH_FIELD_KEYWORDS = new Set(['with']);
/**
 * CHANGE_POINT_MODE lexes only `on` and `as` as keywords (CHANGE_POINT_ON / CHANGE_POINT_AS in 9.3.8 and 9.4.4;
 * newest main adds CHANGE_POINT_BY): `CHANGE_POINT source.as.number` is an error.
 */
const CHANGE_POINT_KEYWORDS = new Set(['on', 'as']);

/**
 * Segments the printer always backtick-quotes: a keyword of any mode whose names it prints, so printed names stay
 * valid wherever they land (quoting is always accepted).
 */
export const PRINT_QUOTED = new Set([
  ...RESERVED,
  ...RENAME_KEYWORDS,
  ...ENRICH_FIELD_KEYWORDS,
  ...CHANGE_POINT_KEYWORDS,
]);

export const TIME_UNITS: Record<string, string> = {};
for (const [unit, names] of Object.entries({
  year: ['year', 'years', 'y', 'yr', 'yrs'],
  quarter: ['quarter', 'quarters', 'q'],
  month: ['month', 'months', 'mo'],
  week: ['week', 'weeks', 'w'],
  day: ['day', 'days', 'd'],
  hour: ['hour', 'hours', 'h'],
  minute: ['minute', 'minutes', 'min', 'm'],
  second: ['second', 'seconds', 'sec', 's'],
  millisecond: ['millisecond', 'milliseconds', 'ms'],
})) {
  for (const n of names) TIME_UNITS[n] = unit;
}

const SOURCE_COMMANDS = ['from', 'row', 'show', 'ts'];
const PROCESSING_COMMANDS = [
  'where',
  'eval',
  'stats',
  'inline',
  'inlinestats',
  'keep',
  'drop',
  'rename',
  'sort',
  'limit',
  'mv_expand',
  'dissect',
  'grok',
  'enrich',
  'lookup',
  'fork',
  'change_point',
  'sample',
  'completion',
  'rerank',
  'fuse',
];

type DistOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const COMPARISON = new Set(['==', '!=', '<', '<=', '>', '>=', '=~']);

export function parseEsql(text: string): Query {
  return new Parser(text).parseQuery();
}

class Parser {
  private readonly s: Scanner;
  private depth = 0;

  constructor(private readonly text: string) {
    this.s = new Scanner(text);
  }

  // ---- helpers ----------------------------------------------------------------------------------------

  private loc(start: number, end = this.lastEnd): Loc {
    const { line, col } = lineCol(this.text, start);
    return { line, col, start, end };
  }

  private lastEnd = 0;

  private next(): Token {
    const tok = this.s.next();
    this.lastEnd = tok.end;
    return tok;
  }

  private peek(): Token {
    return this.s.peek();
  }

  private isOp(op: string, tok = this.peek()): boolean {
    return tok.kind === 'op' && tok.text === op;
  }

  private isKw(kw: string, tok = this.peek()): boolean {
    return tok.kind === 'id' && tok.text.toLowerCase() === kw;
  }

  private acceptOp(op: string): boolean {
    if (this.isOp(op)) {
      this.next();
      return true;
    }
    return false;
  }

  private acceptKw(kw: string): boolean {
    if (this.isKw(kw)) {
      this.next();
      return true;
    }
    return false;
  }

  private fail(tok: Token, expecting: string): never {
    const shown = tok.kind === 'eof' ? '<EOF>' : `'${tok.text}'`;
    throw this.s.error(tok.start, `mismatched input ${shown} expecting ${expecting}`);
  }

  private expectOp(op: string): Token {
    const tok = this.peek();
    if (!this.isOp(op, tok)) this.fail(tok, `'${op}'`);
    return this.next();
  }

  private expectKw(kw: string): Token {
    const tok = this.peek();
    if (!this.isKw(kw, tok)) this.fail(tok, `'${kw.toUpperCase()}'`);
    return this.next();
  }

  private guard<T>(fn: () => T): T {
    // Deeply nested input must fail as a parsing_exception, never as a stack overflow.
    if (++this.depth > 400) {
      throw this.s.error(this.s.startOfNext(), 'query is too deeply nested');
    }
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }

  // ---- query ------------------------------------------------------------------------------------------

  parseQuery(): Query {
    const settings: Setting[] = [];
    while (this.isKw('set')) {
      const start = this.next().start;
      const name = this.identifierName();
      this.expectOp('=');
      const value = this.constant();
      this.expectOp(';');
      settings.push({ name, value, loc: this.loc(start) });
    }
    const commands: Command[] = [this.sourceCommand()];
    for (;;) {
      const tok = this.peek();
      if (tok.kind === 'eof') break;
      if (!this.isOp('|', tok)) this.fail(tok, "{<EOF>, '|'}");
      this.next();
      commands.push(this.processingCommand());
    }
    return { kind: 'query', settings, commands };
  }

  private sourceCommand(): Command {
    const tok = this.peek();
    const kw = tok.kind === 'id' ? tok.text.toLowerCase() : '';
    if (!SOURCE_COMMANDS.includes(kw)) this.fail(tok, "{'from', 'row', 'show', 'ts'}");
    this.next();
    const start = tok.start;
    switch (kw) {
      case 'from':
      case 'ts': {
        const { sources, metadata } = this.sourcesAndMetadata();
        return { kind: kw, sources, metadata, loc: this.loc(start) };
      }
      case 'row':
        return { kind: 'row', fields: this.fields(), loc: this.loc(start) };
      default: {
        const item = this.peek();
        if (!this.isKw('info', item)) this.fail(item, "'info'");
        this.next();
        return { kind: 'show', item: 'info', loc: this.loc(start) };
      }
    }
  }

  private sourcesAndMetadata(): { sources: IndexSource[]; metadata: NamePattern[] } {
    const sources: IndexSource[] = [this.indexSource()];
    while (this.s.startOfNext() < this.text.length && this.s.at(',')) {
      this.s.pos++;
      sources.push(this.indexSource());
    }
    const metadata: NamePattern[] = [];
    if (this.isKw('metadata')) {
      this.next();
      do {
        const tok = this.s.scanPatternSegment();
        if (!tok || tok.kind !== 'id' || tok.text.includes('*')) this.fail(tok ?? this.peek(), 'metadata field name');
        this.lastEnd = tok.end;
        metadata.push({ name: String(tok.value), loc: this.loc(tok.start, tok.end) });
      } while (this.acceptOp(','));
    }
    return { sources, metadata };
  }

  /** `[cluster:]name[::selector]`, each part unquoted or quoted. */
  private indexSource(): IndexSource {
    const start = this.s.startOfNext();
    const part = (): string => {
      const tok = this.s.scanSource();
      if (!tok) this.fail(this.peek(), 'index pattern');
      this.lastEnd = tok.end;
      if (tok.kind === 'str' && !String(tok.value)) throw this.s.error(tok.start, 'Invalid index name [], must not be empty');
      return String(tok.value);
    };
    let name = part();
    if (this.s.at('::')) {
      this.s.pos += 2;
      name += '::' + part();
    } else if (this.s.at(':')) {
      this.s.pos += 1;
      name += ':' + part();
      if (this.s.at('::')) {
        this.s.pos += 2;
        name += '::' + part();
      }
    }
    return { name, loc: this.loc(start) };
  }

  private processingCommand(): Command {
    const tok = this.peek();
    const kw = tok.kind === 'id' ? tok.text.toLowerCase() : '';
    if (!PROCESSING_COMMANDS.includes(kw)) this.fail(tok, `{${PROCESSING_COMMANDS.filter((c) => c !== 'inlinestats').map((c) => `'${c}'`).join(', ')}}`);
    const start = this.next().start;
    const done = (c: DistOmit<Command, 'loc'>): Command => ({ ...c, loc: this.loc(start) } as Command);
    switch (kw) {
      case 'where':
        return done({ kind: 'where', condition: this.expression() });
      case 'eval':
        return done({ kind: 'eval', fields: this.fields() });
      case 'stats':
        return done({ kind: 'stats', inline: false, ...this.statsBody() });
      case 'inline':
        this.expectKw('stats');
        return done({ kind: 'stats', inline: true, ...this.statsBody() });
      case 'inlinestats':
        return done({ kind: 'stats', inline: true, ...this.statsBody() });
      case 'keep':
      case 'drop':
        return done({ kind: kw, patterns: this.patternList(NO_KEYWORDS) });
      case 'rename': {
        const renames: Array<{ from: NamePattern; to: NamePattern }> = [];
        do {
          const a = this.namePattern(RENAME_KEYWORDS);
          if (this.acceptOp('=')) {
            const b = this.namePattern(RENAME_KEYWORDS);
            renames.push({ from: b, to: a });
          } else {
            this.expectKw('as');
            renames.push({ from: a, to: this.namePattern(RENAME_KEYWORDS) });
          }
        } while (this.acceptOp(','));
        return done({ kind: 'rename', renames });
      }
      case 'sort': {
        const orders: SortOrder[] = [];
        do {
          const o: SortOrder = { expr: this.expression() };
          if (this.acceptKw('asc')) o.dir = 'asc';
          else if (this.acceptKw('desc')) o.dir = 'desc';
          if (this.acceptKw('nulls')) {
            if (this.acceptKw('first')) o.nulls = 'first';
            else if (this.acceptKw('last')) o.nulls = 'last';
            else this.fail(this.peek(), "{'first', 'last'}");
          }
          orders.push(o);
        } while (this.acceptOp(','));
        return done({ kind: 'sort', orders });
      }
      case 'limit':
        return done({ kind: 'limit', count: this.constant() });
      case 'mv_expand':
        return done({ kind: 'mv_expand', column: this.qualifiedName(NO_KEYWORDS) });
      case 'dissect': {
        const input = this.castExpr();
        const pattern = this.stringOrParam();
        const options: Field[] = [];
        while (this.peek().kind === 'id' && !this.isOp('|')) {
          const name = this.qualifiedName();
          this.expectOp('=');
          options.push({ name, expr: this.constant() });
          if (!this.acceptOp(',')) break;
        }
        return done({ kind: 'dissect', input, pattern, options });
      }
      case 'grok': {
        const input = this.castExpr();
        const patterns = [this.stringOrParam()];
        while (this.acceptOp(',')) patterns.push(this.stringOrParam());
        return done({ kind: 'grok', input, patterns });
      }
      case 'enrich':
        return this.enrich(start);
      case 'lookup': {
        this.expectKw('join');
        return this.joinRest(start, 'lookup');
      }
      case 'fork': {
        const branches: Command[][] = [];
        while (this.isOp('(')) {
          this.next();
          const cmds: Command[] = [this.processingCommand()];
          while (this.acceptOp('|')) cmds.push(this.processingCommand());
          this.expectOp(')');
          branches.push(cmds);
        }
        if (branches.length < 2) this.fail(this.peek(), "'('");
        return done({ kind: 'fork', branches });
      }
      case 'change_point': {
        const value = this.qualifiedName(CHANGE_POINT_KEYWORDS);
        let key: ColumnRef | undefined;
        let as: [ColumnRef, ColumnRef] | undefined;
        if (this.acceptKw('on')) key = this.qualifiedName(CHANGE_POINT_KEYWORDS);
        if (this.acceptKw('as')) {
          const a = this.qualifiedName(CHANGE_POINT_KEYWORDS);
          this.expectOp(',');
          as = [a, this.qualifiedName(CHANGE_POINT_KEYWORDS)];
        }
        return done({ kind: 'change_point', value, key, as });
      }
      case 'sample':
        return done({ kind: 'sample', probability: this.constant() });
      case 'completion': {
        let target: ColumnRef | undefined;
        const save = this.s.pos;
        if (this.peek().kind === 'id' || this.peek().kind === 'qid') {
          const name = this.qualifiedName();
          if (this.acceptOp('=')) target = name;
          else this.s.pos = save;
        }
        const prompt = this.castExpr();
        let options: MapExpr | undefined;
        if (this.acceptKw('with')) options = this.mapExpr();
        return done({ kind: 'completion', target, prompt, options });
      }
      case 'rerank': {
        let target: ColumnRef | undefined;
        const save = this.s.pos;
        if (this.peek().kind === 'id' || this.peek().kind === 'qid') {
          const name = this.qualifiedName();
          if (this.acceptOp('=')) target = name;
          else this.s.pos = save;
        }
        const query = this.constant();
        this.expectKw('on');
        const on = this.fields();
        let options: MapExpr | undefined;
        if (this.acceptKw('with')) options = this.mapExpr();
        return done({ kind: 'rerank', target, query, on, options });
      }
      case 'fuse': {
        let method: string | undefined;
        const t = this.peek();
        if (t.kind === 'id' && !['score', 'key', 'group', 'with'].includes(t.text.toLowerCase())) {
          method = this.next().text.toLowerCase();
        }
        const options: Array<{ key: string; value: Expr[] | MapExpr }> = [];
        for (;;) {
          if (this.acceptKw('score')) {
            this.expectKw('by');
            options.push({ key: 'score', value: [this.qualifiedName()] });
          } else if (this.acceptKw('key')) {
            this.expectKw('by');
            const cols: Expr[] = [this.qualifiedName()];
            while (this.acceptOp(',')) cols.push(this.qualifiedName());
            options.push({ key: 'key', value: cols });
          } else if (this.acceptKw('group')) {
            this.expectKw('by');
            options.push({ key: 'group', value: [this.qualifiedName()] });
          } else if (this.acceptKw('with')) {
            options.push({ key: 'with', value: this.mapExpr() });
          } else break;
        }
        return done({ kind: 'fuse', method, options });
      }
    }
    return this.fail(tok, 'command');
  }

  private enrich(start: number): Command {
    const policyTok = this.s.scanSource();
    if (!policyTok) this.fail(this.peek(), 'enrich policy');
    this.lastEnd = policyTok.end;
    let policyName = String(policyTok.value);
    if (this.s.at(':')) {
      this.s.pos++;
      const rest = this.s.scanSource();
      if (!rest) this.fail(this.peek(), 'enrich policy');
      this.lastEnd = rest.end;
      policyName += ':' + String(rest.value);
    }
    const policy: IndexSource = { name: policyName, loc: this.loc(policyTok.start) };
    let on: NamePattern | undefined;
    if (this.acceptKw('on')) on = this.namePattern(ENRICH_FIELD_KEYWORDS);
    const withs: Array<{ name?: NamePattern; field: NamePattern }> = [];
    if (this.acceptKw('with')) {
      do {
        const a = this.namePattern(ENRICH_FIELD_KEYWORDS);
        if (this.acceptOp('=')) withs.push({ name: a, field: this.namePattern(ENRICH_FIELD_KEYWORDS) });
        else withs.push({ field: a });
      } while (this.acceptOp(','));
    }
    return { kind: 'enrich', policy, on, with: withs, loc: this.loc(start) };
  }

  private joinRest(start: number, joinType: 'lookup'): Command {
    const index = this.indexSource();
    let alias: string | undefined;
    if (this.acceptKw('as')) alias = this.identifierName();
    this.expectKw('on');
    const on: Expr[] = [this.expression()];
    while (this.acceptOp(',')) on.push(this.expression());
    return { kind: 'join', joinType, index, alias, on, loc: this.loc(start) };
  }

  private statsBody(): { aggs: AggField[]; by: Field[] } {
    const aggs: AggField[] = [];
    if (!this.isKw('by') && !this.isOp('|') && this.peek().kind !== 'eof' && !this.isOp(')')) {
      do {
        const f: AggField = this.field();
        if (this.acceptKw('where')) f.where = this.expression();
        aggs.push(f);
      } while (this.acceptOp(','));
    }
    let by: Field[] = [];
    if (this.acceptKw('by')) by = this.fields();
    return { aggs, by };
  }

  private fields(): Field[] {
    const out = [this.field()];
    while (this.acceptOp(',')) out.push(this.field());
    return out;
  }

  /** `[qualifiedName =] booleanExpression` */
  private field(): Field {
    const tok = this.peek();
    if (tok.kind === 'id' || tok.kind === 'qid' || (tok.kind === 'param' && tok.text.startsWith('??'))) {
      const save = this.s.pos;
      const saveEnd = this.lastEnd;
      let name: ColumnRef | undefined;
      try {
        name = this.qualifiedName();
      } catch {
        // not a name: parse as expression
      }
      if (name && this.isOp('=')) {
        this.next();
        return { name, expr: this.expression() };
      }
      this.s.pos = save;
      this.lastEnd = saveEnd;
    }
    return { expr: this.expression() };
  }

  private patternList(reserved: Set<string>): NamePattern[] {
    const out = [this.namePattern(reserved)];
    while (this.acceptOp(',')) out.push(this.namePattern(reserved));
    return out;
  }

  /** qualifiedNamePattern: segments of ID_PATTERN / quoted ids joined by dots; `reserved` = the mode's keywords. */
  private namePattern(reserved: Set<string>): NamePattern {
    const start = this.s.startOfNext();
    const p = this.peek();
    if (p.kind === 'param' && p.text.startsWith('??')) {
      this.next();
      return { name: p.text, loc: this.loc(start) };
    }
    const parts: string[] = [];
    for (;;) {
      const tok = this.s.scanPatternSegment();
      if (!tok) this.fail(this.peek(), 'name pattern');
      this.lastEnd = tok.end;
      if (tok.kind === 'id' && reserved.has(tok.text.toLowerCase())) {
        throw this.s.error(tok.start, `mismatched input '${tok.text}' expecting {QUOTED_IDENTIFIER, ID_PATTERN}`);
      }
      parts.push(String(tok.value));
      if (this.s.at('.')) {
        this.s.pos++;
        continue;
      }
      break;
    }
    return { name: parts.join('.'), loc: this.loc(start) };
  }

  private identifierName(reserved: Set<string> = RESERVED): string {
    const tok = this.peek();
    if (tok.kind === 'qid') return String(this.next().value);
    if (tok.kind === 'id' && !reserved.has(tok.text.toLowerCase())) return this.next().text;
    return this.fail(tok, '{UNQUOTED_IDENTIFIER, QUOTED_IDENTIFIER}');
  }

  /** A dotted-name segment: a keyword right after `.` is a syntax error in Elasticsearch (no viable alternative). */
  private segmentName(reserved: Set<string>): string {
    const tok = this.peek();
    if (tok.kind === 'id' && reserved.has(tok.text.toLowerCase())) {
      throw this.s.error(tok.start, `no viable alternative at input '${tok.text}'`);
    }
    return this.identifierName(reserved);
  }

  private qualifiedName(reserved: Set<string> = RESERVED): ColumnRef {
    const start = this.s.startOfNext();
    const p = this.peek();
    if (p.kind === 'param' && p.text.startsWith('??')) {
      // `??name` identifier param; kept as the name text, substituted by the executor.
      this.next();
      const parts = [p.text];
      while (this.isOp('.')) {
        this.next();
        const q = this.peek();
        if (q.kind === 'param' && q.text.startsWith('??')) parts.push(this.next().text);
        else parts.push(this.segmentName(reserved));
      }
      return { kind: 'column', name: parts.join('.'), loc: this.loc(start) };
    }
    const parts = [this.identifierName(reserved)];
    while (this.isOp('.')) {
      this.next();
      const q = this.peek();
      if (q.kind === 'param' && q.text.startsWith('??')) parts.push(this.next().text);
      else parts.push(this.segmentName(reserved));
    }
    return { kind: 'column', name: parts.join('.'), loc: this.loc(start) };
  }

  // ---- expressions ------------------------------------------------------------------------------------

  expression(): Expr {
    return this.guard(() => this.orExpr());
  }

  private orExpr(): Expr {
    let left = this.andExpr();
    while (this.isKw('or')) {
      this.next();
      const right = this.andExpr();
      left = { kind: 'binary', op: 'or', left, right, loc: this.loc(left.loc.start) };
    }
    return left;
  }

  private andExpr(): Expr {
    let left = this.notExpr();
    while (this.isKw('and')) {
      this.next();
      const right = this.notExpr();
      left = { kind: 'binary', op: 'and', left, right, loc: this.loc(left.loc.start) };
    }
    return left;
  }

  private notExpr(): Expr {
    if (this.isKw('not')) {
      const start = this.next().start;
      const operand = this.guard(() => this.notExpr());
      return { kind: 'unary', op: 'not', operand, loc: this.loc(start) };
    }
    return this.predicate();
  }

  private predicate(): Expr {
    const startTok = this.peek();
    // match: qualifiedName [:: type] ':' constant
    if (startTok.kind === 'id' || startTok.kind === 'qid') {
      const save = this.s.pos;
      const saveEnd = this.lastEnd;
      let field: ColumnRef | undefined;
      let cast: string | undefined;
      try {
        field = this.qualifiedName();
        if (this.isOp('::')) {
          this.next();
          cast = this.identifierName().toLowerCase();
        }
      } catch {
        field = undefined; // not a match expression
      }
      if (field && this.isOp(':')) {
        this.next();
        const query = this.constant();
        return { kind: 'match', field, cast, query, loc: this.loc(startTok.start) };
      }
      this.s.pos = save;
      this.lastEnd = saveEnd;
    }
    let value = this.additive();
    const t = this.peek();
    if (t.kind === 'op' && COMPARISON.has(t.text)) {
      this.next();
      const right = this.additive();
      value = { kind: 'binary', op: t.text as '==', left: value, right, loc: this.loc(value.loc.start) };
    }
    let not = false;
    const save = this.s.pos;
    if (this.isKw('not')) {
      this.next();
      not = true;
    }
    if (this.isKw('in')) {
      this.next();
      this.expectOp('(');
      const list = [this.valueExpression()];
      while (this.acceptOp(',')) list.push(this.valueExpression());
      this.expectOp(')');
      return { kind: 'in', not, value, list, loc: this.loc(value.loc.start) };
    }
    if (this.isKw('like') || this.isKw('rlike')) {
      const op = this.next().text.toLowerCase() as 'like' | 'rlike';
      let list = false;
      const patterns: Array<Literal | Param> = [];
      if (this.acceptOp('(')) {
        list = true;
        do patterns.push(this.stringOrParam()); while (this.acceptOp(','));
        this.expectOp(')');
      } else {
        patterns.push(this.stringOrParam());
      }
      return { kind: 'like', op, not, value, patterns, list, loc: this.loc(value.loc.start) };
    }
    if (not) {
      this.s.pos = save;
      return value;
    }
    if (this.isKw('is')) {
      this.next();
      const isNot = this.acceptKw('not');
      this.expectKw('null');
      return { kind: 'is_null', not: isNot, value, loc: this.loc(value.loc.start) };
    }
    return value;
  }

  /** valueExpression = operatorExpression [comparison operatorExpression] (used in IN lists). */
  private valueExpression(): Expr {
    const left = this.additive();
    const t = this.peek();
    if (t.kind === 'op' && COMPARISON.has(t.text)) {
      this.next();
      const right = this.additive();
      return { kind: 'binary', op: t.text as '==', left, right, loc: this.loc(left.loc.start) };
    }
    return left;
  }

  private stringOrParam(): Literal | Param {
    const tok = this.peek();
    if (tok.kind === 'str') {
      this.next();
      return { kind: 'literal', dataType: 'string', value: String(tok.value), loc: this.loc(tok.start) };
    }
    if (tok.kind === 'param' && !tok.text.startsWith('??')) return this.param();
    return this.fail(tok, 'QUOTED_STRING');
  }

  private additive(): Expr {
    let left = this.multiplicative();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op' || (t.text !== '+' && t.text !== '-')) return left;
      this.next();
      const right = this.multiplicative();
      left = { kind: 'binary', op: t.text, left, right, loc: this.loc(left.loc.start) };
    }
  }

  private multiplicative(): Expr {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op' || (t.text !== '*' && t.text !== '/' && t.text !== '%')) return left;
      this.next();
      const right = this.unary();
      left = { kind: 'binary', op: t.text, left, right, loc: this.loc(left.loc.start) };
    }
  }

  private unary(): Expr {
    const t = this.peek();
    if (t.kind === 'op' && (t.text === '-' || t.text === '+')) {
      this.next();
      const operand = this.guard(() => this.unary());
      return { kind: 'unary', op: t.text, operand, loc: this.loc(t.start) } as Unary;
    }
    return this.castExpr();
  }

  private castExpr(): Expr {
    let value = this.primary();
    while (this.isOp('::')) {
      this.next();
      const to = this.identifierName().toLowerCase();
      value = { kind: 'cast', value, to, loc: this.loc(value.loc.start) };
    }
    return value;
  }

  private primary(): Expr {
    const t = this.peek();
    if (this.isOp('(', t)) {
      this.next();
      const e = this.expression();
      this.expectOp(')');
      return e;
    }
    if (t.kind === 'id' || t.kind === 'qid' || (t.kind === 'param' && t.text.startsWith('??'))) {
      const lower = t.kind === 'id' ? t.text.toLowerCase() : '';
      if (lower === 'null' || lower === 'true' || lower === 'false') return this.constant();
      // function call: name '(' ...
      const save = this.s.pos;
      const saveEnd = this.lastEnd;
      this.next();
      if (this.isOp('(') && (t.kind === 'id' || t.kind === 'param') && (lower === 'first' || lower === 'last' || !RESERVED.has(lower))) {
        return this.functionCall(t);
      }
      this.s.pos = save;
      this.lastEnd = saveEnd;
      return this.qualifiedName();
    }
    return this.constant();
  }

  private functionCall(nameTok: Token): FunctionCall {
    this.expectOp('(');
    const call: FunctionCall = {
      kind: 'call',
      name: nameTok.kind === 'param' ? nameTok.text : nameTok.text.toLowerCase(),
      star: false,
      args: [],
      loc: this.loc(nameTok.start),
    };
    if (nameTok.kind === 'param') {
      call.nameParam = this.paramFromToken(nameTok);
    }
    if (this.isOp('*')) {
      this.next();
      call.star = true;
    } else if (!this.isOp(')')) {
      do {
        if (this.isOp('{')) {
          call.options = this.mapExpr();
          break;
        }
        call.args.push(this.expression());
      } while (this.acceptOp(','));
    }
    this.expectOp(')');
    call.loc = this.loc(nameTok.start);
    return call;
  }

  private mapExpr(): MapExpr {
    const start = this.expectOp('{').start;
    const entries: Array<{ key: string; value: Expr }> = [];
    if (!this.isOp('}')) {
      do {
        const k = this.peek();
        if (k.kind !== 'str') this.fail(k, 'QUOTED_STRING');
        this.next();
        this.expectOp(':');
        const value = this.isOp('{') ? this.mapExpr() : this.constant();
        entries.push({ key: String(k.value), value });
      } while (this.acceptOp(','));
    }
    this.expectOp('}');
    return { kind: 'map', entries, loc: this.loc(start) };
  }

  private paramFromToken(tok: Token): Param {
    const identifier = tok.text.startsWith('??');
    const body = String(tok.value);
    const loc = this.loc(tok.start, tok.end);
    if (!body) return { kind: 'param', form: 'anonymous', identifier, loc };
    if (/^\d+$/.test(body)) return { kind: 'param', form: 'positional', position: Number(body), identifier, loc };
    return { kind: 'param', form: 'named', name: body, identifier, loc };
  }

  private param(): Param {
    const tok = this.next();
    return this.paramFromToken(tok);
  }

  constant(): Expr {
    const t = this.peek();
    const start = t.start;
    if (t.kind === 'id') {
      const lower = t.text.toLowerCase();
      if (lower === 'null') {
        this.next();
        return { kind: 'literal', dataType: 'null', value: null, loc: this.loc(start) };
      }
      if (lower === 'true' || lower === 'false') {
        this.next();
        return { kind: 'literal', dataType: 'boolean', value: lower === 'true', loc: this.loc(start) };
      }
    }
    if (t.kind === 'str') {
      this.next();
      return { kind: 'literal', dataType: 'string', value: String(t.value), loc: this.loc(start) };
    }
    if (t.kind === 'param') return this.param();
    if (t.kind === 'int' || t.kind === 'dec' || (t.kind === 'op' && (t.text === '-' || t.text === '+'))) {
      return this.numberOrSpan();
    }
    if (this.isOp('[', t)) return this.listLiteral();
    return this.fail(t, "{QUOTED_STRING, INTEGER_LITERAL, DECIMAL_LITERAL, 'false', 'null', '?', 'true', '[', '-', '+', NAMED_OR_POSITIONAL_PARAM}");
  }

  private numberOrSpan(): Expr {
    const t = this.peek();
    if (t.kind === 'op') {
      // signed constant (LIMIT -1 / ROW [-1]) is a unary minus over the literal
      this.next();
      const operand = this.numberOrSpan();
      return { kind: 'unary', op: t.text as '-', operand, loc: this.loc(t.start) };
    }
    this.next();
    if (t.kind === 'dec') return { kind: 'literal', dataType: 'decimal', value: Number(t.value), loc: this.loc(t.start) };
    const u = this.peek();
    if (u.kind === 'id' && !RESERVED.has(u.text.toLowerCase())) {
      const unit = u.text.toLowerCase();
      if (!TIME_UNITS[unit]) throw this.s.error(t.start, `Unexpected temporal unit: '${u.text}'`);
      this.next();
      return { kind: 'literal', dataType: 'timespan', value: Number(t.value), unit: u.text, loc: this.loc(t.start) };
    }
    return { kind: 'literal', dataType: 'integer', value: Number(t.value), loc: this.loc(t.start) };
  }

  private listLiteral(): ListLiteral {
    const start = this.expectOp('[').start;
    const items: ListLiteral['items'] = [];
    if (!this.isOp(']')) {
      do {
        const t = this.peek();
        if (t.kind === 'param') this.fail(t, 'constant');
        const c = this.constant();
        if (c.kind !== 'literal' && c.kind !== 'unary') this.fail(t, 'constant');
        items.push(c as Literal | Unary);
      } while (this.acceptOp(','));
    }
    this.expectOp(']');
    return { kind: 'list', items, loc: this.loc(start) };
  }
}
