// java.util.regex subset for ES|QL REPLACE (Replace.java compiles its pattern with Pattern.compile and calls
// Matcher.replaceAll). Java regexes backtrack, and so does this matcher, so that groups, lazy/possessive
// quantifiers, back-references and look-arounds mean what they mean in Java; but every match attempt counts
// steps against a budget and stops with a clear error instead of blocking the event loop (where Java would run
// for an unbounded time or die with a StackOverflowError on a pattern like `(a+)+b`).

export class PatternSyntaxError extends Error {
  constructor(desc: string, index: number, pattern: string) {
    // Java's PatternSyntaxException.getMessage(): "<desc> near index <i>\n<pattern>" (caret line omitted).
    super(`${desc}${index >= 0 ? ` near index ${index}` : ''}\n${pattern}`);
  }
}

/** A bad replacement string, with the Java exception class Matcher.appendReplacement throws. */
export class ReplacementError extends Error {
  constructor(readonly javaClass: string, message: string) {
    super(message);
  }
}

/** Thrown when a match needs more steps than the budget allows. */
export class RegexBudgetExceeded extends Error {}

/** Steps (node visits) one REPLACE evaluation may take; enough for linear work on long strings. */
export const DEFAULT_STEP_BUDGET = 2_000_000;

type Pred = (c: number) => boolean;
type Node =
  | { t: 'char'; p: Pred }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; items: Node[] }
  | { t: 'group'; n: number; body: Node } // n = -1: non-capturing
  | { t: 'atomic'; body: Node }
  | { t: 'rep'; body: Node; min: number; max: number; mode: 'greedy' | 'lazy' | 'possessive' }
  | { t: 'assert'; kind: 'bol' | 'eol' | 'bos' | 'eos' | 'eosZ' | 'wb' | 'nwb' }
  | { t: 'backref'; n: number }
  | { t: 'look'; behind: boolean; neg: boolean; body: Node };

interface Flags {
  i: boolean;
  s: boolean;
  m: boolean;
}

const isLineTerm = (c: number) => c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
const isWord = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);
const swapCase = (c: number) => (c >= 0x41 && c <= 0x5a ? c + 32 : c >= 0x61 && c <= 0x7a ? c - 32 : c);

const POSIX: Record<string, Pred> = {
  Lower: (c) => c >= 0x61 && c <= 0x7a,
  Upper: (c) => c >= 0x41 && c <= 0x5a,
  ASCII: (c) => c <= 0x7f,
  Alpha: (c) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a),
  Digit: isDigit,
  Alnum: (c) => isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a),
  Punct: (c) => (c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) || (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e),
  Graph: (c) => c >= 0x21 && c <= 0x7e,
  Print: (c) => c >= 0x20 && c <= 0x7e,
  Blank: (c) => c === 0x20 || c === 0x09,
  Cntrl: (c) => c < 0x20 || c === 0x7f,
  XDigit: (c) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66),
  Space: isSpace,
};

class Parser {
  pos = 0;
  groups = 0;
  names = new Map<string, number>();
  private flags: Flags = { i: false, s: false, m: false };
  constructor(private readonly src: string) {}

  fail(desc: string, at = this.pos): never {
    throw new PatternSyntaxError(desc, at, this.src);
  }
  more(): boolean {
    return this.pos < this.src.length;
  }
  peek(): string {
    return this.src[this.pos];
  }
  eat(s: string): boolean {
    if (this.src.startsWith(s, this.pos)) {
      this.pos += s.length;
      return true;
    }
    return false;
  }
  nextCp(): number {
    const c = this.src.codePointAt(this.pos)!;
    this.pos += c > 0xffff ? 2 : 1;
    return c;
  }

  parse(): Node {
    const n = this.alt();
    if (this.more()) this.fail(this.peek() === ')' ? 'Unmatched closing \')\'' : 'Unexpected character', this.pos - (this.peek() === ')' ? 1 : 0));
    return n;
  }

  alt(): Node {
    const items = [this.seq()];
    while (this.eat('|')) items.push(this.seq());
    return items.length === 1 ? items[0] : { t: 'alt', items };
  }

  seq(): Node {
    const items: Node[] = [];
    while (this.more() && this.peek() !== '|' && this.peek() !== ')') {
      const atom = this.atom();
      if (atom) items.push(this.quantified(atom));
    }
    return items.length === 1 ? items[0] : { t: 'seq', items };
  }

  quantified(atom: Node): Node {
    for (;;) {
      let min: number;
      let max: number;
      const at = this.pos;
      if (this.eat('*')) [min, max] = [0, Infinity];
      else if (this.eat('+')) [min, max] = [1, Infinity];
      else if (this.eat('?')) [min, max] = [0, 1];
      else if (this.peek() === '{' && /^\{\d+(,\d*)?\}/.test(this.src.slice(this.pos))) {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos))!;
        this.pos += m[0].length;
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
        if (max < min) this.fail('Illegal repetition range', at);
      } else return atom;
      const mode = this.eat('?') ? 'lazy' : this.eat('+') ? 'possessive' : 'greedy';
      atom = { t: 'rep', body: atom, min, max, mode };
      if (this.more() && '*+?'.includes(this.peek())) this.fail(`Dangling meta character '${this.peek()}'`);
    }
  }

  charNode(p: Pred): Node {
    if (!this.flags.i) return { t: 'char', p };
    return { t: 'char', p: (c) => p(c) || p(swapCase(c)) };
  }

  atom(): Node | null {
    const at = this.pos;
    const c = this.peek();
    if (c === '(') return this.group();
    if (c === '[') {
      this.pos++;
      return this.charNode(this.klass());
    }
    if (c === '.') {
      this.pos++;
      const dotAll = this.flags.s;
      return { t: 'char', p: dotAll ? () => true : (x) => !isLineTerm(x) };
    }
    if (c === '^') {
      this.pos++;
      return { t: 'assert', kind: this.flags.m ? 'bol' : 'bos' };
    }
    if (c === '$') {
      this.pos++;
      return { t: 'assert', kind: this.flags.m ? 'eol' : 'eosZ' };
    }
    if (c === '*' || c === '+' || c === '?') this.fail(`Dangling meta character '${c}'`, at);
    if (c === '\\') return this.escapeNode();
    const cp = this.nextCp();
    return this.charNode((x) => x === cp);
  }

  group(): Node | null {
    this.pos++; // (
    // Inline flags set inside a group, e.g. `(a(?i)b)c`, end with it (Java scopes them to the group).
    const outer = { ...this.flags };
    let node: Node;
    if (this.eat('?')) {
      if (this.eat(':')) node = { t: 'group', n: -1, body: this.alt() };
      else if (this.eat('>')) node = { t: 'atomic', body: this.alt() };
      else if (this.eat('=')) node = { t: 'look', behind: false, neg: false, body: this.alt() };
      else if (this.eat('!')) node = { t: 'look', behind: false, neg: true, body: this.alt() };
      else if (this.eat('<=')) node = { t: 'look', behind: true, neg: false, body: this.alt() };
      else if (this.eat('<!')) node = { t: 'look', behind: true, neg: true, body: this.alt() };
      else if (this.eat('<')) {
        const m = /^([A-Za-z][A-Za-z0-9]*)>/.exec(this.src.slice(this.pos));
        if (!m) this.fail('named capturing group is missing trailing \'>\'');
        this.pos += m[0].length;
        if (this.names.has(m[1])) this.fail(`Named capturing group <${m[1]}> is already defined`);
        const n = ++this.groups;
        this.names.set(m[1], n);
        node = { t: 'group', n, body: this.alt() };
      } else {
        // Inline flags: (?imsx-imsx) or (?imsx-imsx:X).
        const m = /^([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])/.exec(this.src.slice(this.pos));
        if (!m) this.fail('Unknown inline modifier');
        const saved = { ...this.flags };
        for (const [list, on] of [[m[1], true], [m[2] ?? '', false]] as const) {
          for (const f of list) {
            if (f === 'i' || f === 's' || f === 'm') this.flags[f] = on;
            else if (f === 'u' || f === 'U' || f === 'd') continue; // no effect on the supported subset
            else this.fail('Unknown inline modifier');
          }
        }
        this.pos += m[0].length;
        if (m[3] === ')') return null; // flags apply to the rest of the enclosing group
        node = { t: 'group', n: -1, body: this.alt() };
        this.flags = saved;
      }
    } else {
      node = { t: 'group', n: ++this.groups, body: this.alt() };
    }
    if (!this.eat(')')) this.fail('Unclosed group', this.src.length);
    this.flags = outer;
    return node;
  }

  /** An escape sequence: one code point, a class predicate, or (outside classes) an assertion / back-reference. */
  escape(inClass: boolean): Esc {
    const at = this.pos;
    this.pos++; // backslash
    if (!this.more()) this.fail('Unexpected internal error', this.pos);
    const c = this.src[this.pos++];
    const cp = (v: number): Esc => ({ e: 'cp', cp: v });
    const pred = (p: Pred): Esc => ({ e: 'pred', p });
    switch (c) {
      case 'd':
        return pred(isDigit);
      case 'D':
        return pred((x) => !isDigit(x));
      case 'w':
        return pred(isWord);
      case 'W':
        return pred((x) => !isWord(x));
      case 's':
        return pred(isSpace);
      case 'S':
        return pred((x) => !isSpace(x));
      case 't':
        return cp(0x09);
      case 'n':
        return cp(0x0a);
      case 'r':
        return cp(0x0d);
      case 'f':
        return cp(0x0c);
      case 'a':
        return cp(0x07);
      case 'e':
        return cp(0x1b);
      case '0': {
        const m = /^(?:[0-3][0-7]{2}|[0-7]{1,2})/.exec(this.src.slice(this.pos));
        if (!m) this.fail('Illegal octal escape sequence');
        this.pos += m[0].length;
        return cp(parseInt(m[0], 8));
      }
      case 'x': {
        const m = /^(?:([0-9a-fA-F]{2})|\{([0-9a-fA-F]+)\})/.exec(this.src.slice(this.pos));
        if (!m) this.fail('Illegal hexadecimal escape sequence');
        this.pos += m[0].length;
        return cp(parseInt(m[1] ?? m[2], 16));
      }
      case 'u': {
        const m = /^[0-9a-fA-F]{4}/.exec(this.src.slice(this.pos));
        if (!m) this.fail('Illegal Unicode escape sequence');
        this.pos += 4;
        return cp(parseInt(m[0], 16));
      }
      case 'p':
      case 'P': {
        const m = /^(?:\{(\^?)([A-Za-z_ =]+)\}|([A-Za-z]))/.exec(this.src.slice(this.pos));
        if (!m) this.fail('Illegal/unsupported character class', at);
        this.pos += m[0].length;
        const name = (m[2] ?? m[3]).replace(/^Is/, '');
        let p: Pred | undefined = POSIX[name];
        if (!p) {
          let re: RegExp;
          try {
            re = new RegExp(`^\\p{${name.replace(/^(general_category|gc)=/, '')}}$`, 'u');
          } catch {
            this.fail(`Unknown character property name {${name}}`, this.pos - 1);
          }
          p = (x) => re.test(String.fromCodePoint(x));
        }
        const neg = (c === 'P') !== (m[1] === '^');
        const base = p;
        return pred(neg ? (x) => !base(x) : base);
      }
      case 'Q': {
        const end = this.src.indexOf('\\E', this.pos);
        const text = this.src.slice(this.pos, end === -1 ? undefined : end);
        this.pos = end === -1 ? this.src.length : end + 2;
        const cps = [...text].map((ch) => ch.codePointAt(0)!);
        if (inClass) {
          const set = new Set(cps);
          return pred((x) => set.has(x));
        }
        return { e: 'node', node: { t: 'seq', items: cps.map((v) => this.charNode((x) => x === v)) } };
      }
    }
    if (!inClass) {
      const assert = (kind: Extract<Node, { t: 'assert' }>['kind']): Esc => ({ e: 'node', node: { t: 'assert', kind } });
      switch (c) {
        case 'b':
          return assert('wb');
        case 'B':
          return assert('nwb');
        case 'A':
          return assert('bos');
        case 'z':
          return assert('eos');
        case 'Z':
          return assert('eosZ');
        case 'k': {
          const m = /^<([A-Za-z][A-Za-z0-9]*)>/.exec(this.src.slice(this.pos));
          if (!m) this.fail("\\k is not followed by '<' for named capturing group");
          this.pos += m[0].length;
          const n = this.names.get(m[1]);
          if (n === undefined) this.fail(`named capturing group <${m[1]}> does not exist`);
          return { e: 'node', node: { t: 'backref', n } };
        }
      }
      if (c >= '1' && c <= '9') {
        // Java: the longest digit sequence that is still a valid group number.
        let n = Number(c);
        while (this.more() && isDigit(this.src.charCodeAt(this.pos)) && n * 10 + Number(this.peek()) <= this.groups) n = n * 10 + Number(this.src[this.pos++]);
        return { e: 'node', node: { t: 'backref', n } };
      }
    }
    if (/[A-Za-z]/.test(c)) this.fail('Illegal/unsupported escape sequence', this.pos - 1);
    this.pos--;
    return cp(this.nextCp());
  }

  escapeNode(): Node {
    const e = this.escape(false);
    if (e.e === 'node') return e.node;
    if (e.e === 'cp') {
      const v = e.cp;
      return this.charNode((x) => x === v);
    }
    return this.charNode(e.p);
  }

  /** A character class after `[`: items, ranges, nested classes, `&&` intersections, `^` negation. */
  klass(): Pred {
    const neg = this.eat('^');
    const p = this.classItems(true);
    return neg ? (x) => !p(x) : p;
  }

  private classItems(leading: boolean): Pred {
    let acc: Pred | null = null;
    let first = leading;
    const add = (q: Pred) => {
      const prev = acc;
      acc = prev ? (x) => prev(x) || q(x) : q;
    };
    for (;;) {
      if (!this.more()) this.fail('Unclosed character class', this.src.length - 1);
      if (this.peek() === ']' && !first) {
        this.pos++;
        return acc ?? (() => false);
      }
      first = false;
      if (this.eat('&&')) {
        const left = acc as Pred | null;
        const right = this.classItems(false);
        return left ? (x) => left(x) && right(x) : right;
      }
      if (this.peek() === '[') {
        this.pos++;
        add(this.klass());
        continue;
      }
      let lo: number;
      if (this.peek() === '\\') {
        const e = this.escape(true);
        if (e.e !== 'cp') {
          if (e.e === 'pred') add(e.p);
          continue;
        }
        lo = e.cp;
      } else lo = this.nextCp();
      const after = this.src[this.pos + 1];
      if (this.peek() === '-' && after !== undefined && after !== ']' && after !== '[') {
        this.pos++;
        let hi: number;
        if (this.peek() === '\\') {
          const e = this.escape(true);
          if (e.e !== 'cp') this.fail('Illegal character range', this.pos - 1);
          hi = e.cp;
        } else hi = this.nextCp();
        if (hi < lo) this.fail('Illegal character range', this.pos - 1);
        const l = lo;
        add((x) => x >= l && x <= hi);
      } else {
        const v = lo;
        add((x) => x === v);
      }
    }
  }
}

type Esc = { e: 'cp'; cp: number } | { e: 'pred'; p: Pred } | { e: 'node'; node: Node };

export interface CompiledJavaRegex {
  groupCount: number;
  names: Map<string, number>;
  replaceAll(s: string, replacement: string, budget?: number): string;
  /** Matcher.find() once: capture bounds [start0, end0, start1, end1, ...] (-1 = unset), or null. */
  exec(s: string, budget?: number): Int32Array | null;
}

const STOP = new Error('stop');

/** Compiles a Java regular expression; throws PatternSyntaxError like Pattern.compile. */
export function compileJavaRegex(pattern: string): CompiledJavaRegex {
  const parser = new Parser(pattern);
  const root = parser.parse();
  const groupCount = parser.groups;
  const pike = compilePike(root);
  // Reused across calls (single-threaded, never re-entered): no per-call buffer allocation.
  const finder = pike ? boundsFinder(pike) : null;
  const replacements = new Map<string, Replacement>();
  return {
    groupCount,
    names: parser.names,
    replaceAll: (s, replacement, budget = DEFAULT_STEP_BUDGET) => {
      let repl = replacements.get(replacement);
      if (!repl) {
        repl = parseReplacement(replacement, groupCount, parser.names);
        if (replacements.size >= 64) replacements.clear();
        replacements.set(replacement, repl);
      }
      // Without back-references, look-arounds, atomic groups or possessive quantifiers a Java regex is a true
      // regular expression: run it on a Pike VM (leftmost-first, same groups as backtracking, linear time).
      // Otherwise backtrack like Java, within the step budget.
      if (!pike) return replaceAll(root, groupCount, pattern, s, repl.apply, budget);
      return pikeReplace(pike, finder!, groupCount, s, repl);
    },
    exec: (s, budget = DEFAULT_STEP_BUDGET) => {
      if (pike) {
        const m = finder!(s, 0);
        if (!m) return null;
        return pikeSearch(pike, 2 * (groupCount + 1), s, m[0], new Int32Array(pike.length).fill(-1), { n: 0 }, true);
      }
      let found: Int32Array | null = null;
      try {
        replaceAll(root, groupCount, pattern, s, (_s, caps) => {
          found = caps.slice();
          throw STOP;
        }, budget);
      } catch (e) {
        if (e !== STOP) throw e;
      }
      return found;
    },
  };
}

// ---- Pike VM -------------------------------------------------------------------------------------------------

type Inst =
  | { op: 'char'; p: Pred }
  | { op: 'split'; x: number; y: number }
  | { op: 'jmp'; x: number }
  | { op: 'save'; n: number }
  | { op: 'assert'; kind: Extract<Node, { t: 'assert' }>['kind'] }
  | { op: 'match' };

const MAX_PROGRAM = 5000;

/** Compiles to a Pike VM program, or null when the regex needs backtracking features or is too large. */
function compilePike(root: Node): Inst[] | null {
  const prog: Inst[] = [];
  const emit = (i: Inst) => {
    if (prog.length >= MAX_PROGRAM) throw new TooLarge();
    prog.push(i);
    return prog.length - 1;
  };
  const gen = (n: Node): void => {
    switch (n.t) {
      case 'char':
        emit({ op: 'char', p: n.p });
        return;
      case 'seq':
        n.items.forEach(gen);
        return;
      case 'alt': {
        const jumps: number[] = [];
        n.items.forEach((it, i) => {
          if (i < n.items.length - 1) {
            const split = emit({ op: 'split', x: 0, y: 0 });
            (prog[split] as { x: number }).x = prog.length;
            gen(it);
            jumps.push(emit({ op: 'jmp', x: 0 }));
            (prog[split] as { y: number }).y = prog.length;
          } else gen(it);
        });
        for (const j of jumps) (prog[j] as { x: number }).x = prog.length;
        return;
      }
      case 'group':
        if (n.n >= 0) emit({ op: 'save', n: 2 * n.n });
        gen(n.body);
        if (n.n >= 0) emit({ op: 'save', n: 2 * n.n + 1 });
        return;
      case 'assert':
        emit({ op: 'assert', kind: n.kind });
        return;
      case 'rep': {
        if (n.mode === 'possessive') throw new NeedsBacktracking();
        const lazy = n.mode === 'lazy';
        for (let i = 0; i < n.min; i++) gen(n.body);
        if (n.max === Infinity) {
          const split = emit({ op: 'split', x: 0, y: 0 });
          gen(n.body);
          emit({ op: 'jmp', x: split });
          const out = prog.length;
          prog[split] = lazy ? { op: 'split', x: out, y: split + 1 } : { op: 'split', x: split + 1, y: out };
        } else {
          const splits: number[] = [];
          for (let i = n.min; i < n.max; i++) {
            splits.push(emit({ op: 'split', x: 0, y: 0 }));
            gen(n.body);
          }
          const out = prog.length;
          for (const sp of splits) prog[sp] = lazy ? { op: 'split', x: out, y: sp + 1 } : { op: 'split', x: sp + 1, y: out };
        }
        return;
      }
      default:
        throw new NeedsBacktracking();
    }
  };
  try {
    gen(root);
  } catch (e) {
    if (e instanceof NeedsBacktracking || e instanceof TooLarge) return null;
    throw e;
  }
  emit({ op: 'match' });
  return prog;
}

class NeedsBacktracking extends Error {}
class TooLarge extends Error {}

interface Thread {
  pc: number;
  caps: Int32Array;
}

function assertAt(kind: Extract<Node, { t: 'assert' }>['kind'], s: string, pos: number): boolean {
  switch (kind) {
    case 'bos':
      return pos === 0;
    case 'bol':
      return pos === 0 || (isLineTerm(s.charCodeAt(pos - 1)) && !(s.charCodeAt(pos - 1) === 0x0d && s.charCodeAt(pos) === 0x0a) && pos < s.length);
    case 'eos':
      return pos === s.length;
    case 'eosZ':
      return pos === s.length || (pos === s.length - 1 && isLineTerm(s.charCodeAt(pos))) || (pos === s.length - 2 && s.charCodeAt(pos) === 0x0d && s.charCodeAt(pos + 1) === 0x0a);
    case 'eol':
      return pos === s.length || isLineTerm(s.charCodeAt(pos));
    case 'wb':
    case 'nwb': {
      const w = (i: number) => i >= 0 && i < s.length && isWord(s.charCodeAt(i));
      return (w(pos - 1) !== w(pos)) === (kind === 'wb');
    }
  }
}

/** Leftmost-first search from `from`: the match's capture array (group 0 = whole match), or null. */
function pikeSearch(prog: Inst[], ncap: number, s: string, from: number, mark: Int32Array, gen: { n: number }, anchored = false): Int32Array | null {
  let clist: Thread[] = [];
  let matched: Int32Array | null = null;
  const add = (list: Thread[], pc: number, caps: Int32Array, pos: number): void => {
    if (mark[pc] === gen.n) return;
    mark[pc] = gen.n;
    const inst = prog[pc];
    switch (inst.op) {
      case 'jmp':
        add(list, inst.x, caps, pos);
        return;
      case 'split':
        add(list, inst.x, caps, pos);
        add(list, inst.y, caps, pos);
        return;
      case 'save': {
        const c2 = caps.slice();
        c2[inst.n] = pos;
        add(list, pc + 1, c2, pos);
        return;
      }
      case 'assert':
        if (assertAt(inst.kind, s, pos)) add(list, pc + 1, caps, pos);
        return;
      default:
        list.push({ pc, caps });
    }
  };
  let pos = from;
  gen.n++;
  const start = new Int32Array(ncap).fill(-1);
  start[0] = from;
  add(clist, 0, start, pos);
  for (;;) {
    const c = pos < s.length ? s.codePointAt(pos)! : -1;
    const w = c > 0xffff ? 2 : 1;
    gen.n++;
    const nlist: Thread[] = [];
    for (const th of clist) {
      const inst = prog[th.pc];
      if (inst.op === 'match') {
        const caps = th.caps.slice();
        caps[1] = pos;
        matched = caps;
        break; // lower-priority threads are cut off (leftmost-first)
      }
      if (inst.op === 'char' && c >= 0 && inst.p(c)) add(nlist, th.pc + 1, th.caps, pos + w);
    }
    if (c < 0) break;
    pos += w;
    // Until something matched, a new attempt starts at each position, with the lowest priority.
    if (!matched && !anchored) {
      const st = new Int32Array(ncap).fill(-1);
      st[0] = pos;
      add(nlist, 0, st, pos);
    }
    clist = nlist;
    if (clist.length === 0 && (matched || anchored)) break;
  }
  return matched;
}

/**
 * The characters a match can start with, when every match consumes one first (no zero-width start):
 * positions where no thread is alive skip straight to the next such character.
 */
function firstChars(prog: Inst[]): Pred | null {
  const preds: Pred[] = [];
  const seen = new Set<number>();
  let ok = true;
  const walk = (pc: number): void => {
    if (seen.has(pc) || !ok) return;
    seen.add(pc);
    const inst = prog[pc];
    if (inst.op === 'jmp') walk(inst.x);
    else if (inst.op === 'split') {
      walk(inst.x);
      walk(inst.y);
    } else if (inst.op === 'save') walk(pc + 1);
    else if (inst.op === 'char') preds.push(inst.p);
    else ok = false; // assert or match: a match may start anywhere
  };
  walk(0);
  if (!ok || preds.length === 0) return null;
  return preds.length === 1 ? preds[0] : (c) => preds.some((p) => p(c));
}

const firstCache = new WeakMap<Inst[], Pred | null>();

/**
 * Leftmost-first match bounds (same priority order as pikeSearch) with threads that carry only their start
 * position in flat typed arrays: no per-thread allocation. Returns a finder reused across a whole replaceAll.
 */
function boundsFinder(prog: Inst[]): (text: string, from: number) => [number, number] | null {
  let s = '';
  let first = firstCache.get(prog);
  if (first === undefined) firstCache.set(prog, (first = firstChars(prog)));
  const size = prog.length;
  let cpc = new Int32Array(size);
  let cst = new Int32Array(size);
  let npc = new Int32Array(size);
  let nst = new Int32Array(size);
  let cn = 0;
  let nn = 0;
  const mark = new Int32Array(size).fill(-1);
  let gen = 0;
  const add = (pc: number, start: number, pos: number): void => {
    if (mark[pc] === gen) return;
    mark[pc] = gen;
    const inst = prog[pc];
    switch (inst.op) {
      case 'jmp':
        add(inst.x, start, pos);
        return;
      case 'split':
        add(inst.x, start, pos);
        add(inst.y, start, pos);
        return;
      case 'save':
        add(pc + 1, start, pos);
        return;
      case 'assert':
        if (assertAt(inst.kind, s, pos)) add(pc + 1, start, pos);
        return;
      default:
        npc[nn] = pc;
        nst[nn] = start;
        nn++;
    }
  };
  const swap = () => {
    const tp = cpc;
    cpc = npc;
    npc = tp;
    const ts = cst;
    cst = nst;
    nst = ts;
    cn = nn;
  };
  return (text, from) => {
    s = text;
    const n = s.length;
    let mStart = -1;
    let mEnd = -1;
    let pos = from;
    cn = 0;
    for (;;) {
      if (cn === 0 && mStart < 0 && first) {
        while (pos < n) {
          const u = s.charCodeAt(pos);
          if (first(u >= 0xd800 && u <= 0xdbff ? s.codePointAt(pos)! : u)) break;
          pos++;
        }
        if (pos >= n) break;
      }
      if (mStart < 0) {
        // The attempt starting here has the lowest priority: append it after the live threads.
        gen++;
        nn = 0;
        for (let k = 0; k < cn; k++) {
          npc[nn] = cpc[k];
          nst[nn] = cst[k];
          mark[cpc[k]] = gen;
          nn++;
        }
        add(0, pos, pos);
        swap();
      }
      if (cn === 0) {
        // Nothing alive: done if something matched, else try the next start position.
        if (mStart >= 0 || pos >= n) break;
        pos += s.codePointAt(pos)! > 0xffff ? 2 : 1;
        continue;
      }
      const c = pos < n ? s.codePointAt(pos)! : -1;
      const w = c > 0xffff ? 2 : 1;
      gen++;
      nn = 0;
      for (let k = 0; k < cn; k++) {
        const inst = prog[cpc[k]];
        if (inst.op === 'match') {
          mStart = cst[k];
          mEnd = pos;
          break; // lower-priority threads are cut off (leftmost-first)
        }
        if (inst.op === 'char' && c >= 0 && inst.p(c)) add(cpc[k] + 1, cst[k], pos + w);
      }
      swap();
      if (c < 0) break;
      pos += w;
      if (cn === 0 && mStart >= 0) break;
    }
    return mStart < 0 ? null : [mStart, mEnd];
  };
}

/** Matcher.replaceAll over a Pike program: bounds from the allocation-free finder, groups (when the
 * replacement uses them) from the capturing VM run anchored at the match start. */
function pikeReplace(prog: Inst[], find: ReturnType<typeof boundsFinder>, groupCount: number, s: string, repl: Replacement): string {
  const ncap = 2 * (groupCount + 1);
  const mark = new Int32Array(prog.length).fill(-1);
  const gen = { n: 0 };
  const bounds = new Int32Array(2);
  const n = s.length;
  let out = '';
  let last = 0;
  let from = 0;
  while (from <= n) {
    const m = find(s, from);
    if (!m) break;
    const [mStart, mEnd] = m;
    let caps: Int32Array = bounds;
    if (repl.usesGroups) caps = pikeSearch(prog, ncap, s, mStart, mark, gen, true)!;
    else {
      bounds[0] = mStart;
      bounds[1] = mEnd;
    }
    out += s.slice(last, mStart) + repl.apply(s, caps);
    last = mEnd;
    from = mEnd === mStart ? mEnd + (mEnd < n ? (s.codePointAt(mEnd)! > 0xffff ? 2 : 1) : 1) : mEnd;
  }
  return out + s.slice(last);
}

type Cont = (pos: number) => boolean;

function replaceAll(root: Node, groupCount: number, pattern: string, s: string, repl: (s: string, caps: Int32Array) => string, budget: number): string {
  const caps = new Int32Array(2 * (groupCount + 1)).fill(-1);
  let steps = 0;
  const step = () => {
    if (++steps > budget) throw new RegexBudgetExceeded(`regular expression [${pattern}] needs more than ${budget} backtracking steps on this input; the embedded engine stops there instead of blocking`);
  };
  const cpAt = (pos: number) => s.codePointAt(pos)!;
  const width = (c: number) => (c > 0xffff ? 2 : 1);
  const isWordAt = (pos: number) => pos >= 0 && pos < s.length && isWord(s.charCodeAt(pos));

  const m = (n: Node, pos: number, k: Cont): boolean => {
    step();
    switch (n.t) {
      case 'char': {
        if (pos >= s.length) return false;
        const c = cpAt(pos);
        return n.p(c) && k(pos + width(c));
      }
      case 'seq': {
        const go = (i: number, p: number): boolean => (i === n.items.length ? k(p) : m(n.items[i], p, (q) => go(i + 1, q)));
        return go(0, pos);
      }
      case 'alt':
        for (const it of n.items) if (m(it, pos, k)) return true;
        return false;
      case 'group': {
        if (n.n < 0) return m(n.body, pos, k);
        const i = 2 * n.n;
        const [s0, e0] = [caps[i], caps[i + 1]];
        const ok = m(n.body, pos, (q) => {
          const [s1, e1] = [caps[i], caps[i + 1]];
          caps[i] = pos;
          caps[i + 1] = q;
          if (k(q)) return true;
          caps[i] = s1;
          caps[i + 1] = e1;
          return false;
        });
        if (!ok) {
          caps[i] = s0;
          caps[i + 1] = e0;
        }
        return ok;
      }
      case 'atomic': {
        let end = -1;
        if (!m(n.body, pos, (q) => ((end = q), true))) return false;
        return k(end);
      }
      case 'look': {
        let ok: boolean;
        if (!n.behind) ok = m(n.body, pos, () => true);
        else {
          ok = false;
          for (let j = pos; j >= 0 && !ok; j--) ok = m(n.body, j, (q) => q === pos);
        }
        return ok !== n.neg && k(pos);
      }
      case 'assert': {
        let ok: boolean;
        switch (n.kind) {
          case 'bos':
            ok = pos === 0;
            break;
          case 'bol':
            ok = pos === 0 || (isLineTerm(s.charCodeAt(pos - 1)) && !(s.charCodeAt(pos - 1) === 0x0d && s.charCodeAt(pos) === 0x0a) && pos < s.length) || (pos === 0);
            break;
          case 'eos':
            ok = pos === s.length;
            break;
          case 'eosZ':
            ok = pos === s.length || (pos === s.length - 1 && isLineTerm(s.charCodeAt(pos))) || (pos === s.length - 2 && s.charCodeAt(pos) === 0x0d && s.charCodeAt(pos + 1) === 0x0a);
            break;
          case 'eol':
            ok = pos === s.length || isLineTerm(s.charCodeAt(pos));
            break;
          case 'wb':
          case 'nwb':
            ok = isWordAt(pos - 1) !== isWordAt(pos) === (n.kind === 'wb');
            break;
        }
        return ok && k(pos);
      }
      case 'backref': {
        const st = caps[2 * n.n];
        const en = caps[2 * n.n + 1];
        if (st < 0) return false;
        const len = en - st;
        if (pos + len > s.length || s.slice(pos, pos + len) !== s.slice(st, en)) return false;
        return k(pos + len);
      }
      case 'rep':
        return rep(n, pos, k);
    }
  };

  const rep = (n: Extract<Node, { t: 'rep' }>, pos: number, k: Cont): boolean => {
    const body = n.body;
    if (body.t === 'char') {
      // Single-character bodies iterate without recursion (Java's Curly over a CharProperty does the same).
      const ends = [pos];
      let p = pos;
      while (ends.length - 1 < n.max && p < s.length) {
        step();
        const c = cpAt(p);
        if (!body.p(c)) break;
        p += width(c);
        ends.push(p);
        if (n.mode === 'lazy' && ends.length - 1 >= n.min) break;
      }
      if (ends.length - 1 < n.min) return false;
      if (n.mode === 'possessive') return k(ends[ends.length - 1]);
      if (n.mode === 'greedy') {
        for (let i = ends.length - 1; i >= n.min; i--) {
          step();
          if (k(ends[i])) return true;
        }
        return false;
      }
      // Lazy: try the minimum, then extend one character at a time.
      let count = n.min;
      let at = ends[n.min];
      for (;;) {
        step();
        if (k(at)) return true;
        if (count >= n.max || at >= s.length) return false;
        const c = cpAt(at);
        if (!body.p(c)) return false;
        at += width(c);
        count++;
      }
    }
    if (n.mode === 'possessive') {
      let end = -1;
      if (!loop(n, pos, 0, (q) => ((end = q), true), 'greedy')) return false;
      return k(end);
    }
    return loop(n, pos, 0, k, n.mode);
  };

  const loop = (n: Extract<Node, { t: 'rep' }>, pos: number, count: number, k: Cont, mode: 'greedy' | 'lazy' | 'possessive'): boolean => {
    step();
    if (count < n.min) return m(n.body, pos, (q) => loop(n, q, count + 1, k, mode));
    // An iteration that consumed nothing ends the loop (Java's Loop does not repeat empty matches).
    const more = () => count < n.max && m(n.body, pos, (q) => q !== pos && loop(n, q, count + 1, k, mode));
    if (mode === 'lazy') return k(pos) || more();
    return more() || k(pos);
  };

  let out = '';
  let last = 0;
  let from = 0;
  try {
    while (from <= s.length) {
      let end = -1;
      caps.fill(-1);
      if (m(root, from, (q) => ((end = q), true))) {
        caps[0] = from;
        caps[1] = end;
        out += s.slice(last, from) + repl(s, caps);
        last = end;
        // Matcher.find after an empty match starts one character further.
        from = end === from ? from + (from < s.length ? width(cpAt(from)) : 1) : end;
      } else {
        from += from < s.length ? width(cpAt(from)) : 1;
      }
    }
  } catch (e) {
    if (e instanceof RangeError) {
      throw new RegexBudgetExceeded(`regular expression [${pattern}] recursed too deeply on this input (java.lang.StackOverflowError in Elasticsearch)`);
    }
    throw e;
  }
  return out + s.slice(last);
}

/** Matcher.appendReplacement syntax: `$n`, `${name}`, `\x` (literal x). */
interface Replacement {
  apply(s: string, caps: Int32Array): string;
  /** Whether `$n` / `${name}` appear (else only the match bounds are needed). */
  usesGroups: boolean;
}

function parseReplacement(r: string, groupCount: number, names: Map<string, number>): Replacement {
  const parts: Array<string | number> = [];
  let lit = '';
  for (let i = 0; i < r.length; i++) {
    const c = r[i];
    if (c === '\\') {
      if (++i >= r.length) throw new ReplacementError('java.lang.IllegalArgumentException', 'character to be escaped is missing');
      lit += r[i];
    } else if (c === '$') {
      if (++i >= r.length) throw new ReplacementError('java.lang.IllegalArgumentException', 'Illegal group reference: group index is missing');
      let n: number;
      if (r[i] === '{') {
        const end = r.indexOf('}', i);
        if (end === -1) throw new ReplacementError('java.lang.IllegalArgumentException', "named capturing group is missing trailing '}'");
        const name = r.slice(i + 1, end);
        if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw new ReplacementError('java.lang.IllegalArgumentException', name === '' ? 'named capturing group has 0 length name' : `named capturing group <${name}> does not exist`);
        const g = names.get(name);
        if (g === undefined) throw new ReplacementError('java.lang.IllegalArgumentException', `No group with name {${name}}`);
        n = g;
        i = end;
      } else {
        if (!isDigit(r.charCodeAt(i))) throw new ReplacementError('java.lang.IllegalArgumentException', 'Illegal group reference');
        n = Number(r[i]);
        if (n > groupCount) throw new ReplacementError('java.lang.IndexOutOfBoundsException', `No group ${n}`);
        while (i + 1 < r.length && isDigit(r.charCodeAt(i + 1)) && n * 10 + Number(r[i + 1]) <= groupCount) n = n * 10 + Number(r[++i]);
      }
      if (lit) parts.push(lit);
      lit = '';
      parts.push(n);
    } else lit += c;
  }
  if (lit) parts.push(lit);
  return {
    usesGroups: parts.some((p) => typeof p === 'number' && p > 0),
    apply: (s, caps) => {
      let out = '';
      for (const p of parts) {
        if (typeof p === 'string') out += p;
        else if (caps[2 * p] >= 0) out += s.slice(caps[2 * p], caps[2 * p + 1]);
      }
      return out;
    },
  };
}
