// On-demand ES|QL scanner. Elasticsearch's lexer switches modes per command (FROM sources, KEEP patterns,
// expressions); here the parser asks for the token kind it expects at each point, which gives the same modes.
import { EsError } from '../types';

export type TokenKind = 'id' | 'qid' | 'str' | 'int' | 'dec' | 'param' | 'op' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Raw text as written. */
  text: string;
  /** Decoded value: string contents, identifier name, number. */
  value: string | number;
  start: number;
  end: number;
}

const OPS = ['::', '==', '!=', '<=', '>=', '=~', '<', '>', '=', '+', '-', '*', '/', '%', '(', ')', '[', ']', '{', '}', ',', '.', '|', ':', ';'];

const isLetter = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isDigit = (c: string) => c >= '0' && c <= '9';
const isIdChar = (c: string) => isLetter(c) || isDigit(c) || c === '_';

export function parsingError(text: string, pos: number, message: string): EsError {
  const { line, col } = lineCol(text, pos);
  return new EsError(400, 'parsing_exception', `line ${line}:${col}: ${message}`);
}

export function lineCol(text: string, pos: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: pos - lineStart + 1 };
}

export class Scanner {
  pos = 0;
  private cached?: { at: number; tok: Token };

  constructor(readonly text: string) {}

  error(pos: number, message: string): EsError {
    return parsingError(this.text, pos, message);
  }

  /** Skips whitespace and (nested) comments, which are hidden in every mode. */
  skipTrivia(): void {
    const t = this.text;
    for (;;) {
      const c = t[this.pos];
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
        this.pos++;
      } else if (c === '/' && t[this.pos + 1] === '/') {
        while (this.pos < t.length && t[this.pos] !== '\n' && t[this.pos] !== '\r') this.pos++;
      } else if (c === '/' && t[this.pos + 1] === '*') {
        const start = this.pos;
        let depth = 0;
        do {
          if (t[this.pos] === '/' && t[this.pos + 1] === '*') {
            depth++;
            this.pos += 2;
          } else if (t[this.pos] === '*' && t[this.pos + 1] === '/') {
            depth--;
            this.pos += 2;
          } else {
            this.pos++;
          }
        } while (depth > 0 && this.pos < t.length);
        if (depth > 0) throw this.error(start, "token recognition error at: '/*'");
      } else {
        return;
      }
    }
  }

  peek(): Token {
    if (this.cached && this.cached.at === this.pos) return this.cached.tok;
    const save = this.pos;
    const tok = this.scan();
    this.pos = save;
    this.cached = { at: save, tok };
    return tok;
  }

  next(): Token {
    const tok = this.peek();
    this.pos = tok.end;
    return tok;
  }

  /** Index of the next significant character. */
  startOfNext(): number {
    this.skipTrivia();
    return this.pos;
  }

  private scan(): Token {
    this.skipTrivia();
    const t = this.text;
    const start = this.pos;
    if (start >= t.length) return { kind: 'eof', text: '<EOF>', value: '', start, end: start };
    const c = t[start];
    if (c === '"') return this.scanString(start);
    if (c === '`') return this.scanQuoted(start);
    if (isDigit(c) || (c === '.' && isDigit(t[start + 1] ?? ''))) return this.scanNumber(start);
    if (c === '?') {
      let p = start + 1;
      if (t[p] === '?') p++;
      while (p < t.length && isIdChar(t[p])) p++;
      const raw = t.slice(start, p);
      const body = raw.replace(/^\?\??/, '');
      if (body && isDigit(body[0]) && !/^\d+$/.test(body)) throw this.error(start, `token recognition error at: '${raw}'`);
      if (body && body[0] === '_' && body.length === 1) throw this.error(start, `token recognition error at: '${raw}'`);
      return { kind: 'param', text: raw, value: body, start, end: p };
    }
    if (isLetter(c) || ((c === '_' || c === '@') && isIdChar(t[start + 1] ?? ''))) {
      let p = start + 1;
      while (p < t.length && isIdChar(t[p])) p++;
      const raw = t.slice(start, p);
      return { kind: 'id', text: raw, value: raw, start, end: p };
    }
    for (const op of OPS) {
      if (t.startsWith(op, start)) return { kind: 'op', text: op, value: op, start, end: start + op.length };
    }
    throw this.error(start, `token recognition error at: '${c}'`);
  }

  private scanString(start: number): Token {
    const t = this.text;
    if (t.startsWith('"""', start)) {
      const close = t.indexOf('"""', start + 3);
      if (close === -1) throw this.error(start, `token recognition error at: '${t.slice(start, start + 20)}'`);
      let end = close + 3;
      // Up to two extra quotes before the closing triple belong to the content.
      let extra = 0;
      while (t[end] === '"' && extra < 2) {
        end++;
        extra++;
      }
      const value = t.slice(start + 3, end - 3);
      return { kind: 'str', text: t.slice(start, end), value, start, end };
    }
    let p = start + 1;
    let value = '';
    while (p < t.length) {
      const ch = t[p];
      if (ch === '"') {
        return { kind: 'str', text: t.slice(start, p + 1), value, start, end: p + 1 };
      }
      if (ch === '\r' || ch === '\n') break;
      if (ch === '\\') {
        const e = t[p + 1];
        if (e === 't') value += '\t';
        else if (e === 'n') value += '\n';
        else if (e === 'r') value += '\r';
        else if (e === '"') value += '"';
        else if (e === '\\') value += '\\';
        else throw this.error(start, `token recognition error at: '${t.slice(start, p + 2)}'`);
        p += 2;
        continue;
      }
      value += ch;
      p++;
    }
    throw this.error(start, `token recognition error at: '${t.slice(start, p)}'`);
  }

  private scanQuoted(start: number): Token {
    const t = this.text;
    let p = start + 1;
    let value = '';
    while (p < t.length) {
      if (t[p] === '`') {
        if (t[p + 1] === '`') {
          value += '`';
          p += 2;
          continue;
        }
        if (!value) break;
        return { kind: 'qid', text: t.slice(start, p + 1), value, start, end: p + 1 };
      }
      value += t[p];
      p++;
    }
    throw this.error(start, `token recognition error at: '${t.slice(start, Math.min(p + 1, t.length))}'`);
  }

  private scanNumber(start: number): Token {
    const t = this.text;
    let p = start;
    while (isDigit(t[p] ?? '')) p++;
    let decimal = false;
    if (t[p] === '.' && !(isLetter(t[p + 1] ?? '') && !/^[eE][+-]?\d/.test(t.slice(p + 1, p + 4)))) {
      // `1.` `1.5`; but `a.b` style paths never start with a digit so a dot here is a decimal point.
      decimal = true;
      p++;
      while (isDigit(t[p] ?? '')) p++;
    }
    if ((t[p] === 'e' || t[p] === 'E') && /^[eE][+-]?\d/.test(t.slice(p, p + 3))) {
      decimal = true;
      p++;
      if (t[p] === '+' || t[p] === '-') p++;
      while (isDigit(t[p] ?? '')) p++;
    }
    const raw = t.slice(start, p);
    if (decimal) return { kind: 'dec', text: raw, value: Number(raw), start, end: p };
    return { kind: 'int', text: raw, value: Number(raw), start, end: p };
  }

  /**
   * FROM-mode source name: `UNQUOTED_SOURCE` (anything but `:"=|,[]/() ` whitespace, `/` allowed unless it
   * starts a comment), or a quoted string. Returns undefined when no source starts here.
   */
  scanSource(): Token | undefined {
    this.skipTrivia();
    const t = this.text;
    const start = this.pos;
    if (t[start] === '"') {
      const tok = this.scanString(start);
      this.pos = tok.end;
      return tok;
    }
    let p = start;
    while (p < t.length) {
      const ch = t[p];
      if (':"=|,[]()'.includes(ch) || ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') break;
      if (ch === '/' && (t[p + 1] === '*' || t[p + 1] === '/')) break;
      p++;
    }
    if (p === start) return undefined;
    this.pos = p;
    const raw = t.slice(start, p);
    return { kind: 'id', text: raw, value: raw, start, end: p };
  }

  /** KEEP/DROP/RENAME pattern segment: letters, digits, `_`, `@`, `*`, or a backtick-quoted name. */
  scanPatternSegment(): Token | undefined {
    this.skipTrivia();
    const t = this.text;
    const start = this.pos;
    if (t[start] === '`') {
      const tok = this.scanQuoted(start);
      this.pos = tok.end;
      return tok;
    }
    let p = start;
    while (p < t.length && (isIdChar(t[p]) || t[p] === '*' || t[p] === '@')) p++;
    if (p === start) return undefined;
    const raw = t.slice(start, p);
    if (/^\d+$/.test(raw)) return undefined;
    this.pos = p;
    return { kind: 'id', text: raw, value: raw, start, end: p };
  }

  /** True when the char right at `pos` (no trivia skip) equals `s`. */
  at(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }
}
