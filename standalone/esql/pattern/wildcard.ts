// Wildcard patterns (`*` any string, `?` one character) matched in linear time: ES|QL LIKE (WildcardPattern),
// the Query DSL `wildcard` / `prefix` queries (Lucene WildcardQuery.toAutomaton) and index/field-name patterns
// (Regex.simpleMatch, `*` only). Common shapes (exact, prefix*, *suffix, *infix*) use string methods; anything
// else runs on the derivative automaton, so no pattern can make matching super-linear.
import { Matcher, Term, Terms } from './automaton';

export interface WildcardOptions {
  /** `\` escapes the next character (LIKE, DSL wildcard). Index patterns have no escape. */
  escape?: boolean;
  /** `?` matches one character (LIKE, DSL wildcard). Index patterns only know `*`. */
  questionMark?: boolean;
  /** Case-insensitive (DSL `case_insensitive`): each literal matches its lower/upper-case forms. */
  caseInsensitive?: boolean;
}

type Piece = { kind: 'lit'; text: string } | { kind: 'star' } | { kind: 'one' };

function pieces(pattern: string, opts: WildcardOptions): Piece[] {
  const out: Piece[] = [];
  let lit = '';
  const flush = () => {
    if (lit) out.push({ kind: 'lit', text: lit });
    lit = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (opts.escape && c === '\\' && i + 1 < pattern.length) {
      lit += pattern[++i];
    } else if (c === '*') {
      flush();
      if (out[out.length - 1]?.kind !== 'star') out.push({ kind: 'star' });
    } else if (c === '?' && opts.questionMark) {
      flush();
      out.push({ kind: 'one' });
    } else lit += c;
  }
  flush();
  return out;
}

export type StringMatcher = (s: string) => boolean;

export function compileWildcard(pattern: string, opts: WildcardOptions = {}): StringMatcher {
  const ps = pieces(pattern, opts);
  if (!opts.caseInsensitive && ps.every((p) => p.kind !== 'one')) {
    const lits = ps.filter((p): p is { kind: 'lit'; text: string } => p.kind === 'lit').map((p) => p.text);
    const starCount = ps.length - lits.length;
    if (starCount === 0) {
      const exact = lits[0] ?? '';
      return (s) => s === exact;
    }
    if (ps.length === 1) return () => true; // `*`
    if (starCount === 1 && ps.length === 2) {
      const text = lits[0];
      return ps[0].kind === 'star' ? (s) => s.endsWith(text) : (s) => s.startsWith(text);
    }
    if (starCount === 2 && ps.length === 3 && ps[1].kind === 'lit') {
      const text = lits[0];
      return (s) => s.includes(text);
    }
    if (starCount === 1 && ps.length === 3) {
      const [head, tail] = lits;
      return (s) => s.length >= head.length + tail.length && s.startsWith(head) && s.endsWith(tail);
    }
  }
  const terms = new Terms();
  const seq: Term[] = [];
  for (const p of ps) {
    if (p.kind === 'star') seq.push(terms.ANY_STRING);
    else if (p.kind === 'one') seq.push(terms.ANY_CHAR);
    else {
      for (const ch of p.text) {
        const c = ch.codePointAt(0)!;
        if (opts.caseInsensitive) {
          // Simple (one code point) case mappings only, like Lucene's per-character case-insensitive automaton.
          const forms = new Set([c]);
          for (const f of [ch.toLowerCase(), ch.toUpperCase()]) if ([...f].length === 1) forms.add(f.codePointAt(0)!);
          seq.push(terms.or(...[...forms].map((x) => terms.char(x))));
        } else seq.push(terms.char(c));
      }
    }
  }
  const m = new Matcher(terms, terms.seq(seq));
  return (s) => m.test(s);
}

/** Any of several wildcard patterns (e.g. a comma list of index patterns). */
export function compileWildcards(patterns: string[], opts: WildcardOptions = {}): StringMatcher {
  const ms = patterns.map((p) => compileWildcard(p, opts));
  return ms.length === 1 ? ms[0] : (s) => ms.some((m) => m(s));
}
