// Parser acceptance over a corpus of Elastic's public detection-rule / hunting ES|QL queries
// (fixtures/detection_rules.esql.txt). Queries Elasticsearch accepts must parse, print and re-parse to the same
// tree; the ones it rejects (an unquoted `as` segment in an expression, see the fixture header) must fail with a
// parsing_exception at the stated line and column.
import { readFileSync } from 'fs';
import { join } from 'path';
import { EsError } from '../types';
import { parseEsql, printEsql, stripLoc } from '.';

interface Entry {
  source: string;
  query: string;
  rejects?: { line: number; col: number };
}

function loadCorpus(): Entry[] {
  const text = readFileSync(join(__dirname, 'fixtures', 'detection_rules.esql.txt'), 'utf8');
  const entries: Entry[] = [];
  let current: { header: string; lines: string[] } | undefined;
  const flush = () => {
    if (!current) return;
    const m = /^### (\S+) @ ([0-9a-f]{40})(?: abridged)?(?: rejects (\d+):(\d+))?$/.exec(current.header);
    if (!m) throw new Error(`bad fixture header: ${current.header}`);
    entries.push({
      source: `${m[1]}@${m[2].slice(0, 8)}`,
      query: current.lines.join('\n').replace(/\n+$/, ''),
      rejects: m[3] ? { line: Number(m[3]), col: Number(m[4]) } : undefined,
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

describe('Elastic detection-rule ES|QL corpus', () => {
  it('holds the collected queries', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(26);
    expect(corpus.filter((e) => !e.rejects).length).toBeGreaterThanOrEqual(18);
  });

  it.each(corpus.filter((e) => !e.rejects).map((e) => [e.source, e.query]))('accepts %s', (_source, query) => {
    const ast = parseEsql(query);
    expect(stripLoc(parseEsql(printEsql(ast)))).toEqual(stripLoc(ast));
  });

  it.each(corpus.filter((e) => e.rejects).map((e) => [e.source, e.query, e.rejects!]))(
    'rejects %s like Elasticsearch 9.x (unquoted `as` segment in an expression)',
    (_source, query, at) => {
      let error: unknown;
      try {
        parseEsql(query);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(EsError);
      expect((error as EsError).type).toBe('parsing_exception');
      expect((error as EsError).reason).toBe(`line ${at.line}:${at.col}: no viable alternative at input 'as'`);
    },
  );

  it('accepts the same queries once `as` is quoted, as the newer rule versions write them', () => {
    for (const e of corpus.filter((x) => x.rejects)) {
      const fixed = e.query.replace(/\.as\./g, '.`as`.');
      expect(() => parseEsql(fixed)).not.toThrow();
    }
  });
});
