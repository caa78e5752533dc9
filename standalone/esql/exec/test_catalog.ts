// In-memory Catalog for the executor's tests: indices with dotted-field mappings and documents.
import { type Catalog, type EsFieldType, EsError, type IndexView, type StoredDoc } from '../types';
import { compileWildcard } from '../pattern/wildcard';

export interface TestIndex {
  fields: Record<string, EsFieldType>;
  docs: Array<Record<string, unknown>>;
}

export function testCatalog(indices: Record<string, TestIndex>): Catalog {
  const views: IndexView[] = Object.entries(indices).map(([name, idx]) => ({
    name,
    fields: new Map(Object.entries(idx.fields)),
    docs: idx.docs.map((source, i): StoredDoc => ({ _id: `${name}-${i}`, _index: name, _version: 1, source })),
  }));
  return {
    resolve(patterns: string[]): IndexView[] {
      const out = new Set<IndexView>();
      let matchedAny = false;
      const missing: string[] = [];
      for (const p of patterns) {
        const exclude = p.startsWith('-');
        const pat = exclude ? p.slice(1) : p;
        const re = { test: compileWildcard(pat) };
        const hits = views.filter((v) => re.test(v.name) && (pat.startsWith('.') || !v.name.startsWith('.')));
        if (exclude) {
          hits.forEach((h) => out.delete(h));
          continue;
        }
        if (hits.length) matchedAny = true;
        else if (!pat.includes('*')) missing.push(pat);
        hits.forEach((h) => out.add(h));
      }
      if (missing.length) throw new EsError(400, 'verification_exception', `Found 1 problem\nline 1:1: Unknown index [${missing[0]}]`);
      if (!matchedAny) throw new EsError(400, 'verification_exception', `Found 1 problem\nline 1:1: Unknown index [${patterns.join(',')}]`);
      return [...out];
    },
  };
}
