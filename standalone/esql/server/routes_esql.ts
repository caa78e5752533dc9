// POST /_query (+ async variants): body validation, DSL pre-filter, executor call, response shaping, Warning headers.
import crypto from 'crypto';
import { Catalog, EsError, EsqlRequest, EsqlResult } from '../types';
import { compileQuery } from '../store';
import { executeEsql } from '../exec';
import { badRequest, boolParam, Ctx, ES_VERSION, isObject, Reply } from './context';
import { DEFAULT_KEEP_ALIVE_MS, parseKeepAlive } from './async_results';
import { mayHoldBigInts, parseJsonExact } from '../store/exact_json';

type Executor = (req: EsqlRequest, catalog: Catalog) => EsqlResult;

let executor: Executor | null = null;
function loadExecutor(): Executor {
  return executor ?? executeEsql;
}

/** For tests: run with a stub executor. */
export function setExecutorForTesting(fn: Executor | null): void {
  executor = fn;
}

const BODY_KEYS = new Set(['query', 'params', 'filter', 'columnar', 'locale', 'profile', 'include_ccs_metadata',
  'include_execution_metadata', 'time_zone', 'tables', 'wait_for_completion_timeout', 'keep_alive',
  'keep_on_completion', 'allow_partial_results', 'drop_null_columns', 'project_routing', 'settings']);

/** `299 Elasticsearch-<version> "<text>"` with `\` and `"` escaped, as HeaderWarning formats it. */
export function formatWarning(text: string): string {
  return `299 Elasticsearch-${ES_VERSION} "${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function run(ctx: Ctx): { body: Record<string, unknown>; warnings: string[] } {
  const started = Date.now();
  const format = ctx.query.get('format');
  if (format !== null && format !== 'json') {
    throw badRequest(`Invalid format [${format}]: the embedded engine only supports [json]`);
  }
  const body = ctx.json();
  if (body === undefined) throw new EsError(400, 'parse_exception', 'request body is required');
  if (!isObject(body)) throw new EsError(400, 'x_content_parse_exception', '[1:1] [esql/query] failed to parse: expected an object');
  for (const k of Object.keys(body)) {
    if (!BODY_KEYS.has(k)) throw new EsError(400, 'x_content_parse_exception', `[1:2] [esql/query] unknown field [${k}]`);
  }
  if (typeof body.query !== 'string' || body.query.trim() === '') {
    throw new EsError(400, 'action_request_validation_exception', 'Validation Failed: 1: [query] is required;');
  }
  if (body.params !== undefined && !Array.isArray(body.params)) {
    throw new EsError(400, 'x_content_parse_exception', '[1:2] [esql/query] failed to parse field [params]');
  }
  if (body.columnar !== undefined && typeof body.columnar !== 'boolean') {
    throw new EsError(400, 'x_content_parse_exception', '[1:2] [esql/query] failed to parse field [columnar]');
  }
  const columnar = body.columnar === true;
  const dropNull = boolParam(ctx.query, 'drop_null_columns', body.drop_null_columns === true);
  const filter = body.filter === undefined ? undefined : compileQuery(body.filter);
  // Integer params beyond 2^53 keep their exact digits (ES reads them as longs): re-read from the raw body.
  const raw = body.params === undefined ? '' : ctx.rawBody.toString('utf8');
  const params = raw && mayHoldBigInts(raw) ? ((parseJsonExact(raw) as Record<string, unknown>).params as unknown[]) : (body.params as unknown[] | undefined);
  const req: EsqlRequest = { query: body.query, params, filter };
  const result = loadExecutor()(req, ctx.store);

  let columns = result.columns;
  let values = result.values;
  const out: Record<string, unknown> = {
    took: Date.now() - started,
    is_partial: false,
    documents_found: result.documents_found,
    values_loaded: result.values_loaded,
  };
  if (dropNull) {
    const keep = columns.map((_, c) => values.some((row) => row[c] !== null && row[c] !== undefined));
    out.all_columns = columns;
    columns = columns.filter((_, c) => keep[c]);
    values = values.map((row) => row.filter((_, c) => keep[c]));
  }
  out.columns = columns;
  out.values = columnar ? columns.map((_, c) => values.map((row) => row[c])) : values;
  return { body: out, warnings: result.warnings };
}

function warningHeaders(warnings: string[]): Record<string, string[]> | undefined {
  return warnings.length ? { Warning: warnings.map(formatWarning) } : undefined;
}

export function esqlQuery(ctx: Ctx): Reply {
  const { body, warnings } = run(ctx);
  return { status: 200, body, headers: warningHeaders(warnings) };
}

/**
 * Async API: the engine answers synchronously; results are kept only with keep_on_completion, for `keep_alive`
 * (default 5d, x-pack esql EsqlQueryRequest.DEFAULT_KEEP_ALIVE); an expired id answers 404 like an unknown one
 * (ES AsyncResultsService: ResourceNotFoundException with the id as reason).
 */
export function esqlAsyncQuery(ctx: Ctx): Reply {
  const pre = ctx.json();
  const keepAlive = isObject(pre) && pre.keep_alive !== undefined ? parseKeepAlive(pre.keep_alive) : DEFAULT_KEEP_ALIVE_MS;
  const { body, warnings } = run(ctx);
  const raw = ctx.json() as Record<string, unknown>;
  const id = crypto.randomBytes(24).toString('base64url');
  const out = { id, is_running: false, ...body };
  if (raw.keep_on_completion === true) ctx.asyncResults.set(id, { ...out, warnings }, keepAlive);
  return {
    status: 200,
    body: raw.keep_on_completion === true ? out : { is_running: false, ...body },
    headers: { ...(warningHeaders(warnings) ?? {}), 'X-Elasticsearch-Async-Is-Running': '?0', ...(raw.keep_on_completion === true ? { 'X-Elasticsearch-Async-Id': id } : {}) },
  };
}

function asyncNotFound(id: string): EsError {
  return new EsError(404, 'resource_not_found_exception', id);
}

export function esqlAsyncGet(ctx: Ctx): Reply {
  const ka = ctx.query.get('keep_alive');
  const kept = ctx.asyncResults.get(ctx.params.id, ka === null ? undefined : parseKeepAlive(ka));
  if (!kept) throw asyncNotFound(ctx.params.id);
  const { warnings, ...body } = kept as Record<string, unknown> & { warnings: string[] };
  return { status: 200, body, headers: { ...(warningHeaders(warnings) ?? {}), 'X-Elasticsearch-Async-Is-Running': '?0' } };
}

export function esqlAsyncDelete(ctx: Ctx): Reply {
  if (!ctx.asyncResults.delete(ctx.params.id)) throw asyncNotFound(ctx.params.id);
  return { status: 200, body: { acknowledged: true } };
}
