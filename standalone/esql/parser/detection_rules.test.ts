// Parser acceptance over a corpus of Elastic's public detection-rule / hunting ES|QL queries
// (fixtures/detection_rules.esql.txt): every query must parse, print and re-parse to the same tree. Entries marked
// `unquoted-as` write source.as.… unquoted inside EVAL/STATS/WHERE, which Elasticsearch 8.19/9.x accept (no AS token
// in EXPRESSION_MODE; evidence in the fixture header and at RESERVED in parser.ts).
import { readFileSync } from 'fs';
import { join } from 'path';
import { parseEsql, printEsql, stripLoc } from '.';

interface Entry {
  source: string;
  query: string;
  unquotedAs: boolean;
}

function loadCorpus(): Entry[] {
  const text = readFileSync(join(__dirname, 'fixtures', 'detection_rules.esql.txt'), 'utf8');
  const entries: Entry[] = [];
  let current: { header: string; lines: string[] } | undefined;
  const flush = () => {
    if (!current) return;
    const m = /^### (\S+) @ ([0-9a-f]{40})(?: abridged)?( unquoted-as)?$/.exec(current.header);
    if (!m) throw new Error(`bad fixture header: ${current.header}`);
    entries.push({
      source: `${m[1]}@${m[2].slice(0, 8)}`,
      query: current.lines.join('\n').replace(/\n+$/, ''),
      unquotedAs: Boolean(m[3]),
    });
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('### ')) {
      flush();
      current = { header: line, lines: [] };
    } else if (current) {
      current.lines.push(line);
    }
  }
  flush();
  return entries;
}

const corpus = loadCorpus();

/** Column names anywhere in a parsed tree. */
function columnNames(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => columnNames(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.kind === 'column' && typeof o.name === 'string') out.add(o.name);
    Object.values(o).forEach((v) => columnNames(v, out));
  }
  return out;
}

describe('Elastic detection-rule ES|QL corpus', () => {
  it('holds the collected queries', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(26);
    expect(corpus.filter((e) => e.unquotedAs).length).toBeGreaterThanOrEqual(7);
  });

  it.each(corpus.map((e) => [e.source, e.query]))('accepts %s', (_source, query) => {
    const ast = parseEsql(query);
    expect(stripLoc(parseEsql(printEsql(ast)))).toEqual(stripLoc(ast));
  });

  it.each(corpus.filter((e) => e.unquotedAs).map((e) => [e.source, e.query]))(
    'reads the unquoted `as` segments of %s as column names, like Elasticsearch 8.19/9.x',
    (_source, query) => {
      expect(query).toMatch(/[\w@]\.as\.[a-z]/);
      const ast = parseEsql(query);
      expect([...columnNames(ast)].some((n) => /(^|\.)as\./.test(n))).toBe(true);
      // the quoted spelling newer rule versions use names the same columns
      expect(stripLoc(parseEsql(query.replace(/\.as\./g, '.`as`.')))).toEqual(stripLoc(ast));
    },
  );
});
