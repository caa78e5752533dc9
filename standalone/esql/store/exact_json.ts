// JSON text -> value like JSON.parse, except that an integer token outside the doubles' exact range
// (|n| > 2^53 - 1) becomes a BigInt holding its exact digits. Elasticsearch parses `_source` numbers as Java
// longs, so a long field indexed with 9007199254740993 holds exactly that; JSON.parse would round it to ...992.
// Only documents that hold such a number are parsed here (rarely): JSON.parse stays the common path.

const DIGITS16 = /\d{16}/;

/**
 * Cheap pre-check on a `_source` text: only a run of 16+ digits can be an integer beyond 2^53 - 1
 * (9007199254740991 has 16 digits). Digit runs inside strings are false positives, which only cost the exact parse.
 */
export function mayHoldBigInts(text: string): boolean {
  return DIGITS16.test(text);
}

export function parseJsonExact(text: string): unknown {
  let i = 0;
  const fail = (): never => {
    throw new SyntaxError(`Unexpected token in JSON at position ${i}`);
  };
  const ws = () => {
    for (let c = text.charCodeAt(i); c === 32 || c === 9 || c === 10 || c === 13; c = text.charCodeAt(++i));
  };
  const str = (): string => {
    const start = i;
    i++;
    for (;;) {
      const c = text.charCodeAt(i);
      if (Number.isNaN(c)) fail();
      if (c === 92) i += 2;
      else if (c === 34) break;
      else i++;
    }
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (): unknown => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const out: Record<string, unknown> = {};
      ws();
      if (text[i] === '}') {
        i++;
        return out;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        const k = str();
        ws();
        if (text[i++] !== ':') fail();
        // defineProperty: a `__proto__` key is an own property, as with JSON.parse.
        Object.defineProperty(out, k, { value: value(), writable: true, enumerable: true, configurable: true });
        ws();
        const d = text[i++];
        if (d === '}') return out;
        if (d !== ',') fail();
      }
    }
    if (c === '[') {
      i++;
      const out: unknown[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return out;
      }
      for (;;) {
        out.push(value());
        ws();
        const d = text[i++];
        if (d === ']') return out;
        if (d !== ',') fail();
      }
    }
    if (c === '"') return str();
    const m = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (m) {
      i += m[0].length;
      const n = Number(m[0]);
      return m[1] === undefined && m[2] === undefined && !Number.isSafeInteger(n) ? BigInt(m[0]) : n;
    }
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    return fail();
  };
  const out = value();
  ws();
  if (i !== text.length) fail();
  return out;
}

/**
 * JSON.stringify that writes a BigInt as its exact digits (a JSON number), as Elasticsearch writes a long.
 * The common case (no BigInt) is one plain JSON.stringify; only a TypeError from a BigInt takes the slow path.
 */
export function stringifyExact(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (e) {
    if (!(e instanceof TypeError) || !/BigInt/i.test(e.message)) throw e;
  }
  // Each BigInt becomes a unique placeholder string, then the quoted placeholder becomes the bare digits.
  const tag = `\u0000big${Math.random().toString(36).slice(2)}:`;
  const text = JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `${tag}${v}` : v));
  const quoted = JSON.stringify(tag).slice(0, -1);
  return text.split(quoted).map((part, i) => (i === 0 ? part : part.replace(/^(-?\d+)"/, '$1'))).join('');
}
