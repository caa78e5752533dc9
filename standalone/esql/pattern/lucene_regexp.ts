// Lucene RegExp syntax (org.apache.lucene.util.automaton.RegExp, Lucene 10, flags ALL as ES|QL RLikePattern and the
// Query DSL `regexp` query use them), compiled to the linear-time matcher of ./automaton. Grammar, precedence,
// escapes and error messages follow RegExp.parseUnionExp .. parseCharExp. Lucene 10 moved `~` (complement) behind
// DEPRECATED_COMPLEMENT, which ALL does not include, so `~` is an ordinary character here, as in ES 9.
import { complementRanges, Matcher, MAX_CODE_POINT, normalizeRanges, Term, Terms } from './automaton';

/** Lucene's IllegalArgumentException for a malformed pattern (message text as Lucene words it). */
export class RegExpSyntaxError extends Error {}

const DIGIT = [0x30, 0x39];
const SPACE = [0x09, 0x0a, 0x0d, 0x0d, 0x20, 0x20];
const WORD = [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a];

class Parser {
  private pos = 0;
  constructor(private readonly src: string, private readonly t: Terms, private readonly asciiCi = false) {}

  /** One character; with ASCII_CASE_INSENSITIVE its other ASCII case too (RegExp.toCaseInsensitiveChar). */
  private ch(c: number): Term {
    return this.asciiCi && asciiOther(c) !== c ? this.t.set(normalizeRanges([c, c, asciiOther(c), asciiOther(c)])) : this.t.char(c);
  }

  parse(): Term {
    if (this.src.length === 0) return this.t.EPS;
    const e = this.unionExp();
    if (this.pos < this.src.length) throw new RegExpSyntaxError(`end-of-string expected at position ${this.pos}`);
    return e;
  }

  private more(): boolean {
    return this.pos < this.src.length;
  }
  private cp(): number {
    return this.src.codePointAt(this.pos)!;
  }
  private peek(chars: string): boolean {
    return this.more() && chars.includes(String.fromCodePoint(this.cp()));
  }
  private match(ch: string): boolean {
    if (this.more() && this.cp() === ch.codePointAt(0)) {
      this.pos += ch.length;
      return true;
    }
    return false;
  }
  private next(): number {
    if (!this.more()) throw new RegExpSyntaxError('unexpected end-of-string');
    const c = this.cp();
    this.pos += c > 0xffff ? 2 : 1;
    return c;
  }

  private unionExp(): Term {
    const parts = [this.interExp()];
    while (this.match('|')) parts.push(this.interExp());
    return this.t.or(...parts);
  }

  private interExp(): Term {
    const parts = [this.concatExp()];
    while (this.match('&')) parts.push(this.concatExp());
    return this.t.and(...parts);
  }

  private concatExp(): Term {
    const parts = [this.repeatExp()];
    while (this.more() && !this.peek(')|') && !this.peek('&')) parts.push(this.repeatExp());
    return this.t.seq(parts);
  }

  private repeatExp(): Term {
    let e = this.charClassExp();
    while (this.peek('?*+{')) {
      if (this.match('?')) e = this.t.optional(e);
      else if (this.match('*')) e = this.t.star(e);
      else if (this.match('+')) e = this.t.repeat(e, 1, -1);
      else if (this.match('{')) {
        let start = this.pos;
        while (this.peek('0123456789')) this.next();
        if (start === this.pos) throw new RegExpSyntaxError(`integer expected at position ${this.pos}`);
        const n = parseInt(this.src.slice(start, this.pos), 10);
        let m = -1;
        if (this.match(',')) {
          start = this.pos;
          while (this.peek('0123456789')) this.next();
          if (start !== this.pos) m = parseInt(this.src.slice(start, this.pos), 10);
        } else m = n;
        if (!this.match('}')) throw new RegExpSyntaxError(`expected '}' at position ${this.pos}`);
        if (m !== -1 && n > m) throw new RegExpSyntaxError(`invalid repetition range(out of order): ${n}..${m}`);
        // Lucene expands a{n,m} into m copies and determinizes within Operations.DEFAULT_DETERMINIZE_WORK_LIMIT
        // (10000): larger counts fail there (TooComplexToDeterminizeException); refuse them up front.
        if (Math.max(n, m) > 10_000) {
          throw new RegExpSyntaxError(`Determinizing automaton would result in more than 10000 states (repetition {${n}${m === n ? '' : `,${m === -1 ? '' : m}`}})`);
        }
        e = this.t.repeat(e, n, m);
      }
    }
    return e;
  }

  private charClassExp(): Term {
    if (this.match('[')) {
      const negate = this.match('^');
      let ranges: readonly number[] = this.charClasses();
      if (negate) ranges = complementRanges(ranges);
      if (!this.match(']')) throw new RegExpSyntaxError(`expected ']' at position ${this.pos}`);
      return this.t.set(ranges);
    }
    return this.simpleExp();
  }

  private charClasses(): number[] {
    const pairs: number[] = [];
    do {
      if (this.match('\\')) {
        if (this.more() && /[\\A-Za-z]/.test(String.fromCodePoint(this.cp()))) pairs.push(...this.predefined());
        else {
          const c = this.next();
          pairs.push(c, c);
        }
      } else {
        const c = this.charExp();
        if (this.match('-')) {
          const to = this.charExp();
          if (c > to) throw new RegExpSyntaxError(`invalid range: from (${c}) cannot be > to (${to})`);
          pairs.push(c, to);
        } else {
          pairs.push(c, c);
          if (this.asciiCi) pairs.push(asciiOther(c), asciiOther(c));
        }
      }
    } while (this.more() && !this.peek(']'));
    return [...normalizeRanges(pairs)];
  }

  /** RegExp.expandPreDefined, after a consumed backslash. */
  private predefined(): number[] {
    const c = String.fromCodePoint(this.next());
    switch (c) {
      case '\\':
        return [0x5c, 0x5c];
      case 'd':
        return DIGIT;
      case 'D':
        return [...complementRanges(DIGIT)];
      case 's':
        return SPACE;
      case 'S':
        return [...complementRanges(normalizeRanges(SPACE))];
      case 'w':
        return WORD;
      case 'W':
        return [...complementRanges(WORD)];
      default:
        throw new RegExpSyntaxError(`invalid character class \\${c}`);
    }
  }

  private simpleExp(): Term {
    if (this.match('.')) return this.t.ANY_CHAR;
    if (this.match('#')) return this.t.EMPTY;
    if (this.match('@')) return this.t.ANY_STRING;
    if (this.match('"')) {
      const start = this.pos;
      while (this.more() && !this.peek('"')) this.next();
      if (!this.match('"')) throw new RegExpSyntaxError(`expected '"' at position ${this.pos}`);
      return this.t.seq([...this.src.slice(start, this.pos - 1)].map((x) => this.ch(x.codePointAt(0)!)));
    }
    if (this.match('(')) {
      if (this.match(')')) return this.t.EPS;
      const e = this.unionExp();
      if (!this.match(')')) throw new RegExpSyntaxError(`expected ')' at position ${this.pos}`);
      return e;
    }
    if (this.match('<')) {
      const start = this.pos;
      while (this.more() && !this.peek('>')) this.next();
      if (!this.match('>')) throw new RegExpSyntaxError(`expected '>' at position ${this.pos}`);
      const s = this.src.slice(start, this.pos - 1);
      const i = s.indexOf('-');
      // No automaton provider is configured in ES, so a named automaton is unknown (RegExp.toAutomaton).
      if (i === -1) throw new RegExpSyntaxError(`'${s}' not found`);
      if (i === 0 || i === s.length - 1 || i !== s.lastIndexOf('-') || !/^\d+-\d+$/.test(s)) {
        throw new RegExpSyntaxError(`interval syntax error at position ${this.pos - 1}`);
      }
      const smin = s.slice(0, i);
      const smax = s.slice(i + 1);
      let lo = Number(smin);
      let hi = Number(smax);
      if (lo > 2147483647 || hi > 2147483647) throw new RegExpSyntaxError(`interval syntax error at position ${this.pos - 1}`);
      if (lo > hi) [lo, hi] = [hi, lo];
      return this.interval(lo, hi, smin.length === smax.length ? smin.length : 0);
    }
    if (this.match('\\')) {
      if (this.more() && /[\\A-Za-z]/.test(String.fromCodePoint(this.cp()))) return this.t.set(normalizeRanges(this.predefined()));
      return this.ch(this.next());
    }
    return this.ch(this.charExp());
  }

  private charExp(): number {
    this.match('\\');
    return this.next();
  }

  /**
   * Automata.makeDecimalInterval: decimal numbers in [lo, hi]; with `digits` > 0 exactly that many digits
   * (zero-padded), otherwise any number of leading zeros.
   */
  private interval(lo: number, hi: number, digits: number): Term {
    const t = this.t;
    const d = (a: number, b: number) => t.set([0x30 + a, 0x30 + b]);
    // Numbers of exactly n digits (no padding) between a and b, as a union of digit-range sequences.
    const sameLength = (a: string, b: string): Term => {
      if (a.length === 0) return t.EPS;
      if (a[0] === b[0]) return t.cat(d(+a[0], +a[0]), sameLength(a.slice(1), b.slice(1)));
      const rest = a.length - 1;
      const allLow = '0'.repeat(rest);
      const allHigh = '9'.repeat(rest);
      const parts: Term[] = [t.cat(d(+a[0], +a[0]), sameLength(a.slice(1), allHigh))];
      if (+b[0] - +a[0] > 1) parts.push(t.seq([d(+a[0] + 1, +b[0] - 1), ...Array.from({ length: rest }, () => d(0, 9))]));
      parts.push(t.cat(d(+b[0], +b[0]), sameLength(allLow, b.slice(1))));
      return t.or(...parts);
    };
    const width = (n: number) => String(n).length;
    const parts: Term[] = [];
    for (let len = width(lo); len <= width(hi); len++) {
      const a = len === width(lo) ? String(lo) : '1' + '0'.repeat(len - 1);
      const b = len === width(hi) ? String(hi) : '9'.repeat(len);
      // Zero itself is one digit; other numbers never start with 0 before padding.
      parts.push(sameLength(a, b));
    }
    const body = t.or(...parts);
    if (digits > 0) {
      const padded: Term[] = [];
      for (let len = width(lo); len <= Math.min(digits, width(hi)); len++) {
        const a = len === width(lo) ? String(lo) : '1' + '0'.repeat(len - 1);
        const b = len === width(hi) ? String(hi) : '9'.repeat(len);
        padded.push(t.seq([...Array.from({ length: digits - len }, () => t.char(0x30)), sameLength(a, b)]));
      }
      return t.or(...padded);
    }
    return t.cat(t.star(t.char(0x30)), body);
  }
}

/** Parses a Lucene regular expression; throws RegExpSyntaxError with Lucene's message when malformed. */
export function compileLuceneRegExp(pattern: string, opts: { asciiCaseInsensitive?: boolean } = {}): Matcher {
  const terms = new Terms();
  return new Matcher(terms, new Parser(pattern, terms, opts.asciiCaseInsensitive === true).parse());
}

function asciiOther(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 32 : c >= 0x61 && c <= 0x7a ? c - 32 : c;
}

export { MAX_CODE_POINT };
