// Request/response plumbing shared by the REST handlers.
import { EsError } from '../types';
import { Store } from '../store';
import { AsyncResults } from './async_results';

export const ES_VERSION = '9.2.0';

export interface Reply {
  status: number;
  /** JSON-serialised unless `raw` is set; omitted for HEAD. */
  body?: unknown;
  raw?: string;
  contentType?: string;
  headers?: Record<string, string | string[]>;
}

export interface Ctx {
  store: Store;
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  rawBody: Buffer;
  /** Parsed JSON body (undefined when empty). Throws an ES-shaped 400 on malformed JSON. */
  json(): unknown;
  /** Results kept by `POST /_query/async` with keep_on_completion. */
  asyncResults: AsyncResults;
}

export type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

/** `[line:col]` of a JSON.parse error, from V8's "at position N" / "(line L column C)" messages. */
function jsonErrorPosition(text: string, message: string): string {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return `[${lc[1]}:${lc[2]}]`;
  const pos = /position (\d+)/.exec(message);
  if (!pos) return '[1:1]';
  const p = Number(pos[1]);
  const before = text.slice(0, p);
  const line = before.split('\n').length;
  const col = p - before.lastIndexOf('\n');
  return `[${line}:${col}]`;
}

export function parseJson(text: string, what = 'request body'): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    throw new EsError(400, 'x_content_parse_exception', `${jsonErrorPosition(text, msg)} Failed to parse ${what}: ${msg}`);
  }
}

export function badRequest(reason: string, type = 'illegal_argument_exception'): EsError {
  return new EsError(400, type, reason);
}

export function boolParam(q: URLSearchParams, name: string, dflt: boolean): boolean {
  const v = q.get(name);
  if (v === null) return dflt;
  if (v === '' || v === 'true') return true;
  if (v === 'false') return false;
  throw badRequest(`Failed to parse value [${v}] as only [true] or [false] are allowed.`);
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function shards(n = 1) {
  return { total: n, successful: n, skipped: 0, failed: 0 };
}
