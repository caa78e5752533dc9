// Parsed queries by query text. A rule sends the same few query texts on every run with different parameter
// values (and time filters); parsing depends on the text only, so the syntax tree is reused and parameters are
// still resolved per request by the planner. Parse errors are not kept: a bad query fails the same way each time.
import type { Param, Query } from './ast';
import { parseEsql } from './parser';

export interface ParsedQuery {
  /** Deep-frozen: shared by every request with this text, so nothing downstream may change it. */
  query: Query;
  /** Every parameter node (`?`, `?1`, `?name`, `??name`), in the order a depth-first walk of the tree meets them. */
  params: readonly Param[];
}

/** Bounds: entries, and summed query text length (a huge query should not pin a huge tree for long). */
const MAX_ENTRIES = 256;
const MAX_TEXT_CHARS = 4 * 1024 * 1024;

const cache = new Map<string, ParsedQuery>();
let cachedChars = 0;

function deepFreeze(n: unknown, params: Param[]): void {
  if (Array.isArray(n)) {
    for (const x of n) deepFreeze(x, params);
    Object.freeze(n);
  } else if (n && typeof n === 'object') {
    if ((n as Param).kind === 'param') params.push(n as Param);
    for (const v of Object.values(n)) if (v && typeof v === 'object') deepFreeze(v, params);
    Object.freeze(n);
  }
}

/** Parses `text` once; later calls with the same text get the same frozen tree (most recently used kept). */
export function parseEsqlCached(text: string): ParsedQuery {
  const hit = cache.get(text);
  if (hit) {
    // Map keeps insertion order: re-inserting marks the entry most recently used.
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  const query = parseEsql(text);
  const params: Param[] = [];
  deepFreeze(query, params);
  const parsed: ParsedQuery = { query, params };
  if (text.length <= MAX_TEXT_CHARS) {
    cache.set(text, parsed);
    cachedChars += text.length;
    for (const [k] of cache) {
      if (cache.size <= MAX_ENTRIES && cachedChars <= MAX_TEXT_CHARS) break;
      cache.delete(k);
      cachedChars -= k.length;
    }
  }
  return parsed;
}

/** For tests: how many texts are kept, and emptying the cache. */
export const parseCacheSize = (): number => cache.size;
export function clearParseCache(): void {
  cache.clear();
  cachedChars = 0;
}
