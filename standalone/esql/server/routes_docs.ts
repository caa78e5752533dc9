// Document APIs: _doc / _create / _update / _bulk / GET doc.
import { EsError } from '../types';
import { BulkAction, BulkItemResult, BulkOp } from '../store';
import { badRequest, Ctx, isObject, parseJson, Reply } from './context';

function itemBody(r: BulkItemResult): Record<string, unknown> {
  if (r.error) {
    const { type, reason, extra } = r.error;
    return { _index: r.index, _id: r.id || null, status: r.status, error: { type, reason, ...extra } };
  }
  return {
    _index: r.index,
    _id: r.id,
    _version: r.version,
    result: r.result,
    _shards: { total: 1, successful: 1, failed: 0 },
    _seq_no: r.seqNo,
    _primary_term: 1,
    status: r.status,
  };
}

function runOne(ctx: Ctx, op: BulkOp): Reply {
  const [r] = ctx.store.bulk([op]);
  if (r.error) throw r.error;
  const body = itemBody(r);
  delete body.status;
  if (r.result === 'noop') {
    delete body._shards;
    body._shards = { total: 0, successful: 0, failed: 0 };
  }
  return { status: r.status, body };
}

function sourceBody(ctx: Ctx): Record<string, unknown> {
  const body = ctx.json();
  if (body === undefined) throw badRequest('Validation Failed: 1: source is missing;', 'action_request_validation_exception');
  if (!isObject(body)) throw new EsError(400, 'document_parsing_exception', '[1:1] failed to parse: source must be a JSON object');
  return body;
}

export function indexDoc(ctx: Ctx): Reply {
  const opType = ctx.query.get('op_type');
  const action: BulkAction = opType === 'create' ? 'create' : 'index';
  if (opType && opType !== 'create' && opType !== 'index') throw badRequest(`opType must be 'create' or 'index', found: [${opType}]`);
  return runOne(ctx, { action, index: ctx.params.index, id: ctx.params.id, source: sourceBody(ctx), sourceText: ctx.rawBody.toString('utf8') });
}

export function createDoc(ctx: Ctx): Reply {
  return runOne(ctx, { action: 'create', index: ctx.params.index, id: ctx.params.id, source: sourceBody(ctx), sourceText: ctx.rawBody.toString('utf8') });
}

export function updateDoc(ctx: Ctx): Reply {
  const body = sourceBody(ctx);
  return runOne(ctx, { action: 'update', index: ctx.params.index, id: ctx.params.id, update: body as BulkOp['update'] });
}

export function deleteDoc(ctx: Ctx): Reply {
  const [r] = ctx.store.bulk([{ action: 'delete', index: ctx.params.index, id: ctx.params.id }]);
  if (r.error) throw r.error;
  const body = itemBody(r);
  delete body.status;
  return { status: r.status, body };
}

export function getDoc(ctx: Ctx): Reply {
  const { index, doc } = ctx.store.getDoc(ctx.params.index, ctx.params.id);
  if (ctx.method === 'HEAD') return { status: doc ? 200 : 404 };
  if (!doc) return { status: 404, body: { _index: index.name, _id: ctx.params.id, found: false } };
  return {
    status: 200,
    body: { _index: index.name, _id: doc._id, _version: doc._version, _seq_no: doc._version - 1, _primary_term: 1, found: true, _source: doc.source },
  };
}

export function getSource(ctx: Ctx): Reply {
  const { index, doc } = ctx.store.getDoc(ctx.params.index, ctx.params.id);
  if (!doc) {
    throw new EsError(404, 'resource_not_found_exception', `Document not found [${index.name}]/[${ctx.params.id}]`);
  }
  return { status: 200, body: doc.source };
}

const ACTIONS = new Set(['index', 'create', 'delete', 'update']);

/** Parses the NDJSON bulk body into operations (action-line errors fail the whole request, like ES). */
export function parseBulk(text: string, defaultIndex: string | undefined): { ops: BulkOp[]; sourceErrors: Map<number, EsError> } {
  if (text.length === 0 || text.trim() === '') throw badRequest('Validation Failed: 1: no requests added;', 'action_request_validation_exception');
  if (!text.endsWith('\n')) throw badRequest('The bulk request must be terminated by a newline [\\n]');
  const lines = text.split('\n');
  const ops: BulkOp[] = [];
  const sourceErrors = new Map<number, EsError>();
  let i = 0;
  while (i < lines.length) {
    const line = lines[i].trim();
    const lineNo = i + 1;
    i++;
    if (line === '') continue;
    let action: unknown;
    try {
      action = JSON.parse(line);
    } catch {
      throw badRequest(`Malformed action/metadata line [${lineNo}], expected START_OBJECT or END_OBJECT but found [VALUE_STRING]`);
    }
    if (!isObject(action)) throw badRequest(`Malformed action/metadata line [${lineNo}], expected START_OBJECT but found [${Array.isArray(action) ? 'START_ARRAY' : 'VALUE_STRING'}]`);
    const keys = Object.keys(action);
    if (keys.length !== 1 || !ACTIONS.has(keys[0])) {
      throw badRequest(`Malformed action/metadata line [${lineNo}], expected one of [create, delete, index, update] but found [${keys[0] ?? ''}]`);
    }
    const kind = keys[0] as BulkAction;
    const meta = action[kind];
    if (!isObject(meta)) throw badRequest(`Malformed action/metadata line [${lineNo}], expected START_OBJECT but found [VALUE_STRING]`);
    for (const k of Object.keys(meta)) {
      if (!['_index', '_id', 'routing', 'pipeline', 'require_alias', 'require_data_stream', 'if_seq_no', 'if_primary_term', 'version', 'version_type', 'dynamic_templates', 'retry_on_conflict', '_source', 'list_executed_pipelines'].includes(k)) {
        throw badRequest(`Action/metadata line [${lineNo}] contains an unknown parameter [${k}]`);
      }
    }
    const index = typeof meta._index === 'string' ? meta._index : defaultIndex;
    if (!index) throw badRequest('Validation Failed: 1: index is missing;', 'action_request_validation_exception');
    const id = meta._id === undefined || meta._id === null ? undefined : String(meta._id);
    if (kind === 'delete') {
      if (id === undefined) throw badRequest('Validation Failed: 1: id is missing;', 'action_request_validation_exception');
      ops.push({ action: kind, index, id });
      continue;
    }
    // The source line.
    while (i < lines.length && lines[i].trim() === '' && i < lines.length - 1) i++;
    if (i >= lines.length || lines[i].trim() === '') throw badRequest(`Validation Failed: 1: source is missing;`, 'action_request_validation_exception');
    const srcLine = lines[i];
    i++;
    let source: unknown;
    try {
      source = JSON.parse(srcLine);
    } catch (e) {
      sourceErrors.set(ops.length, new EsError(400, 'document_parsing_exception', `[1:1] failed to parse: ${(e as Error).message}`));
    }
    if (kind === 'update') {
      if (id === undefined) throw badRequest('Validation Failed: 1: id is missing;', 'action_request_validation_exception');
      ops.push({ action: kind, index, id, update: (isObject(source) ? source : {}) as BulkOp['update'] });
    } else {
      ops.push({ action: kind, index, id, source, sourceText: srcLine });
    }
  }
  if (ops.length === 0) throw badRequest('Validation Failed: 1: no requests added;', 'action_request_validation_exception');
  return { ops, sourceErrors };
}

export function bulk(ctx: Ctx): Reply {
  const started = Date.now();
  const { ops, sourceErrors } = parseBulk(ctx.rawBody.toString('utf8'), ctx.params.index);
  const runnable = ops.filter((_, n) => !sourceErrors.has(n));
  const results = ctx.store.bulk(runnable);
  const items: Record<string, unknown>[] = [];
  let k = 0;
  for (let n = 0; n < ops.length; n++) {
    const op = ops[n];
    const err = sourceErrors.get(n);
    const r: BulkItemResult = err ? { action: op.action, index: op.index, id: op.id ?? '', status: 400, error: err } : results[k++];
    items.push({ [op.action]: itemBody(r) });
  }
  const errors = items.some((it) => Object.values(it).some((b) => (b as Record<string, unknown>).error !== undefined));
  return { status: 200, body: { errors, took: Date.now() - started, items } };
}

export { parseJson };
