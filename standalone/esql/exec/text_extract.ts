// DISSECT and GROK: compile the pattern once into a matcher returning the extracted values (or null).
import { type DataType } from './values';
import { compileJavaRegex } from '../pattern/java_regex';

export interface Extractor {
  keys: Array<{ name: string; type: DataType }>;
  match(s: string): unknown[] | null;
}

/** Dissect patterns: `%{key}`, `%{}` / `%{?key}` (skipped), `%{+key}` (appended), `%{key->}` (padding). */
export function compileDissect(pattern: string, appendSeparator = ''): Extractor {
  const re = /%\{([^}]*)\}/g;
  const leading = pattern.slice(0, pattern.search(re) === -1 ? pattern.length : pattern.search(re));
  const parts: Array<{ key: string; skip: boolean; append: boolean; pad: boolean; delim: string }> = [];
  let m: RegExpExecArray | null;
  const matches: RegExpExecArray[] = [];
  while ((m = re.exec(pattern))) matches.push(m);
  if (matches.length === 0) throw new Error(`Unable to find any keys in the dissect pattern [${pattern}]`);
  matches.forEach((mm, i) => {
    let key = mm[1];
    const end = mm.index + mm[0].length;
    const delim = pattern.slice(end, i + 1 < matches.length ? matches[i + 1].index : pattern.length);
    const pad = key.endsWith('->');
    if (pad) key = key.slice(0, -2);
    const append = key.startsWith('+');
    const skip = key === '' || key.startsWith('?');
    if (append || key.startsWith('?')) key = key.slice(1);
    if (key.startsWith('*') || key.startsWith('&')) throw new Error(`reference keys [${key}] in dissect patterns are not supported by the embedded engine`);
    const dup = i + 1 < matches.length && delim === '';
    if (dup) throw new Error(`Invalid pattern [${pattern}]: consecutive keys need a delimiter`);
    parts.push({ key, skip, append, pad, delim });
  });
  const names: string[] = [];
  for (const p of parts) if (!p.skip && !names.includes(p.key)) names.push(p.key);
  return {
    keys: names.map((name) => ({ name, type: 'keyword' })),
    match(s: string) {
      if (!s.startsWith(leading)) return null;
      let pos = leading.length;
      const values = new Map<string, string>();
      for (let i = 0; i < parts.length; i++) {
        const p = parts[i];
        let value: string;
        if (p.delim === '') {
          value = s.slice(pos);
          pos = s.length;
        } else {
          const idx = s.indexOf(p.delim, pos);
          if (idx === -1) return null;
          value = s.slice(pos, idx);
          pos = idx + p.delim.length;
          if (p.pad) while (s.startsWith(p.delim, pos)) pos += p.delim.length;
        }
        if (p.skip) continue;
        const prev = values.get(p.key);
        values.set(p.key, p.append && prev !== undefined ? prev + appendSeparator + value : value);
      }
      return names.map((n) => values.get(n) ?? null);
    },
  };
}

// A small subset of Elasticsearch's grok pattern dictionary.
const GROK: Record<string, string> = {
  USERNAME: '[a-zA-Z0-9._-]+',
  USER: '%{USERNAME}',
  EMAILLOCALPART: "[a-zA-Z0-9!#$%&'*+\\-/=?^_`{|}~]{1,64}(?:\\.[a-zA-Z0-9!#$%&'*+\\-/=?^_`{|}~]{1,62}){0,63}",
  EMAILADDRESS: '%{EMAILLOCALPART}@%{HOSTNAME}',
  INT: '(?:[+-]?(?:[0-9]+))',
  BASE10NUM: '(?:[+-]?(?:(?:[0-9]+(?:\\.[0-9]+)?)|(?:\\.[0-9]+)))',
  NUMBER: '(?:%{BASE10NUM})',
  POSINT: '\\b(?:[1-9][0-9]*)\\b',
  NONNEGINT: '\\b(?:[0-9]+)\\b',
  WORD: '\\b\\w+\\b',
  NOTSPACE: '\\S+',
  SPACE: '\\s*',
  DATA: '[\\s\\S]*?',
  GREEDYDATA: '[\\s\\S]*',
  QUOTEDSTRING: '"(?:[^"\\\\]|\\\\.)*"',
  UUID: '[A-Fa-f0-9]{8}-(?:[A-Fa-f0-9]{4}-){3}[A-Fa-f0-9]{12}',
  IPV4: '(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])',
  IPV6: '(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?:%\\w+)?',
  IP: '(?:%{IPV6}|%{IPV4})',
  HOSTNAME: '\\b(?:[0-9A-Za-z][0-9A-Za-z-]{0,62})(?:\\.(?:[0-9A-Za-z][0-9A-Za-z-]{0,62}))*(?:\\.?|\\b)',
  IPORHOST: '(?:%{IP}|%{HOSTNAME})',
  HOSTPORT: '%{IPORHOST}:%{POSINT}',
  YEAR: '(?:\\d\\d){1,2}',
  MONTHNUM: '(?:0?[1-9]|1[0-2])',
  MONTHDAY: '(?:(?:0[1-9])|(?:[12][0-9])|(?:3[01])|[1-9])',
  HOUR: '(?:2[0123]|[01]?[0-9])',
  MINUTE: '(?:[0-5][0-9])',
  SECOND: '(?:(?:[0-5]?[0-9]|60)(?:[:.,][0-9]+)?)',
  ISO8601_TIMEZONE: '(?:Z|[+-]%{HOUR}(?::?%{MINUTE}))',
  TIMESTAMP_ISO8601: '%{YEAR}-%{MONTHNUM}-%{MONTHDAY}[T ]%{HOUR}:?%{MINUTE}(?::?%{SECOND})?%{ISO8601_TIMEZONE}?',
  LOGLEVEL: '(?:[Aa]lert|ALERT|[Tt]race|TRACE|[Dd]ebug|DEBUG|[Nn]otice|NOTICE|[Ii]nfo?(?:rmation)?|INFO?(?:RMATION)?|[Ww]arn?(?:ing)?|WARN?(?:ING)?|[Ee]rr?(?:or)?|ERR?(?:OR)?|[Cc]rit?(?:ical)?|CRIT?(?:ICAL)?|[Ff]atal|FATAL|[Ss]evere|SEVERE|EMERG(?:ENCY)?|[Ee]merg(?:ency)?)',
  URIPATH: "(?:/[A-Za-z0-9$.+!*'(){},~:;=@#%&_\\-]*)+",
};

export function compileGrok(patterns: string[]): Extractor {
  const keys: Array<{ name: string; type: DataType }> = [];
  const groups: Array<{ group: string; key: number; conv: (s: string) => unknown }> = [];
  let counter = 0;
  const expand = (p: string, depth: number, capture: boolean): string =>
    p.replace(/%\{(\w+)(?::([\w.@\[\]-]+))?(?::(\w+))?\}/g, (_m, name: string, field?: string, type?: string) => {
      const def = Object.prototype.hasOwnProperty.call(GROK, name) ? GROK[name] : undefined;
      if (def === undefined) throw new Error(`Unable to find pattern [${name}] in Grok's pattern dictionary`);
      if (depth > 20) throw new Error('circular grok pattern');
      const inner = expand(def, depth + 1, false);
      if (!field || !capture) return `(?:${inner})`;
      let k = keys.findIndex((x) => x.name === field);
      const t: DataType = type === 'int' ? 'integer' : type === 'long' ? 'long' : type === 'float' || type === 'double' ? 'double' : type === 'boolean' ? 'boolean' : 'keyword';
      if (k === -1) {
        keys.push({ name: field, type: t });
        k = keys.length - 1;
      }
      const group = `g${counter++}`;
      const conv = t === 'keyword' ? (s: string) => s : t === 'boolean' ? (s: string) => s.toLowerCase() === 'true' : t === 'integer' || t === 'long' ? (s: string) => Math.trunc(Number(s)) : (s: string) => Number(s);
      groups.push({ group, key: k, conv });
      return `(?<${group}>${inner})`;
    });
  // Grok patterns are regexes (Joni in ES): run them on the budgeted matcher of ../pattern/java_regex, never on a
  // backtracking RegExp that a crafted pattern could keep busy forever. Throws RegexBudgetExceeded when over budget.
  const regexps = patterns.map((p) => compileJavaRegex(expand(p, 0, true)));
  return {
    keys,
    match(s: string) {
      for (const re of regexps) {
        const m = re.exec(s);
        if (!m) continue;
        const out: unknown[] = keys.map(() => null);
        for (const g of groups) {
          const n = re.names.get(g.group);
          const v = n === undefined || m[2 * n] < 0 ? undefined : s.slice(m[2 * n], m[2 * n + 1]);
          if (v === undefined) continue;
          const c = g.conv(v);
          const prev = out[g.key];
          out[g.key] = prev === null ? c : Array.isArray(prev) ? [...prev, c] : [prev, c];
        }
        return out;
      }
      return null;
    },
  };
}
