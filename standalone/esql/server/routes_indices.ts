// Index administration: create/get/delete/exists, mappings, aliases, refresh, _cat/indices, cluster info.
import crypto from 'crypto';
import { EsError } from '../types';
import { EsIndex } from '../store';
import { badRequest, boolParam, Ctx, ES_VERSION, isObject, Reply, shards } from './context';
import { compileWildcards } from '../pattern/wildcard';

const CLUSTER_UUID = crypto.randomBytes(16).toString('base64url').slice(0, 22);

export function root(ctx: Ctx): Reply {
  if (ctx.method === 'HEAD') return { status: 200 };
  return {
    status: 200,
    body: {
      name: 'esql-engine',
      cluster_name: 'esql-engine',
      cluster_uuid: CLUSTER_UUID,
      version: {
        number: ES_VERSION,
        build_flavor: 'default',
        build_type: 'tar',
        build_hash: 'embedded',
        build_date: '2025-10-01T00:00:00.000Z',
        build_snapshot: false,
        lucene_version: '10.3.0',
        minimum_wire_compatibility_version: '8.19.0',
        minimum_index_compatibility_version: '8.0.0',
      },
      tagline: 'You Know, for Search',
    },
  };
}

export function clusterHealth(ctx: Ctx): Reply {
  const n = ctx.store.listIndices().length;
  return {
    status: 200,
    body: {
      cluster_name: 'esql-engine', status: 'green', timed_out: false, number_of_nodes: 1, number_of_data_nodes: 1,
      active_primary_shards: n, active_shards: n, relocating_shards: 0, initializing_shards: 0, unassigned_shards: 0,
      unassigned_primary_shards: 0, delayed_unassigned_shards: 0, number_of_pending_tasks: 0,
      number_of_in_flight_fetch: 0, task_max_waiting_in_queue_millis: 0, active_shards_percent_as_number: 100.0,
    },
  };
}

function aliasesOf(idx: EsIndex): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [a, d] of Object.entries(idx.meta.aliases)) out[a] = d.is_write_index ? { is_write_index: true } : {};
  return out;
}

function settingsOf(idx: EsIndex) {
  return {
    index: {
      creation_date: String(idx.meta.creation_date),
      number_of_shards: '1',
      number_of_replicas: '0',
      uuid: idx.meta.uuid,
      version: { created: '9039000' },
      provided_name: idx.name,
      ...(idx.meta.hidden ? { hidden: 'true' } : {}),
    },
  };
}

export function createIndex(ctx: Ctx): Reply {
  const body = ctx.json() ?? {};
  if (!isObject(body)) throw badRequest('request body must be an object', 'parse_exception');
  for (const k of Object.keys(body)) {
    if (k !== 'mappings' && k !== 'settings' && k !== 'aliases') throw badRequest(`unknown key [${k}] for create index`, 'parse_exception');
  }
  const idx = ctx.store.createIndex(ctx.params.index, body);
  return { status: 200, body: { acknowledged: true, shards_acknowledged: true, index: idx.name } };
}

function resolveOpts(ctx: Ctx) {
  const ew = ctx.query.get('expand_wildcards') ?? '';
  return {
    ignoreUnavailable: boolParam(ctx.query, 'ignore_unavailable', false),
    allowNoIndices: boolParam(ctx.query, 'allow_no_indices', true),
    expandHidden: ew.includes('all') || ew.includes('hidden'),
  };
}

export function getIndex(ctx: Ctx): Reply {
  const found = ctx.store.resolveExpression(ctx.params.index, resolveOpts(ctx));
  const body: Record<string, unknown> = {};
  for (const idx of found) body[idx.name] = { aliases: aliasesOf(idx), mappings: idx.root, settings: settingsOf(idx) };
  return { status: 200, body };
}

export function indexExists(ctx: Ctx): Reply {
  try {
    const found = ctx.store.resolveExpression(ctx.params.index, { ...resolveOpts(ctx), allowNoIndices: false });
    return { status: found.length ? 200 : 404 };
  } catch (e) {
    if (e instanceof EsError && e.status === 404) return { status: 404 };
    throw e;
  }
}

export function deleteIndex(ctx: Ctx): Reply {
  const names = ctx.params.index.split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) {
    if (n.includes('*') || n === '_all') {
      throw badRequest(`Wildcard expressions or all indices are not allowed`);
    }
  }
  const targets = ctx.store.resolveExpression(names, resolveOpts(ctx));
  for (const t of targets) ctx.store.deleteIndex(t.name);
  return { status: 200, body: { acknowledged: true } };
}

export function getMapping(ctx: Ctx): Reply {
  const found = ctx.store.resolveExpression(ctx.params.index, resolveOpts(ctx));
  const body: Record<string, unknown> = {};
  for (const idx of found) body[idx.name] = { mappings: idx.root };
  return { status: 200, body };
}

export function putMapping(ctx: Ctx): Reply {
  const body = ctx.json();
  if (!isObject(body)) throw badRequest('request body is required', 'action_request_validation_exception');
  const found = ctx.store.resolveExpression(ctx.params.index, { ...resolveOpts(ctx), allowNoIndices: false });
  for (const idx of found) ctx.store.putMapping(idx, body);
  return { status: 200, body: { acknowledged: true } };
}

export function refresh(ctx: Ctx): Reply {
  // Writes are visible as soon as they are acknowledged; a refresh builds the doc values of what was written (as
  // Elasticsearch does when it writes a segment), so later queries do not pay for it.
  const found = ctx.params.index ? ctx.store.resolveExpression(ctx.params.index, resolveOpts(ctx)) : ctx.store.listIndices();
  for (const idx of found) idx.buildDocValues();
  return { status: 200, body: { _shards: { total: found.length, successful: found.length, failed: 0 } } };
}

export function putAlias(ctx: Ctx): Reply {
  const body = ctx.json();
  const found = ctx.store.resolveExpression(ctx.params.index, { ...resolveOpts(ctx), allowNoIndices: false });
  for (const idx of found) ctx.store.putAlias(idx, ctx.params.name, isObject(body) && body.is_write_index === true);
  return { status: 200, body: { acknowledged: true, errors: false } };
}

export function deleteAlias(ctx: Ctx): Reply {
  const found = ctx.store.resolveExpression(ctx.params.index, resolveOpts(ctx));
  let removed = false;
  for (const idx of found) removed = ctx.store.removeAlias(idx, ctx.params.name) || removed;
  if (!removed) throw new EsError(404, 'aliases_not_found_exception', `aliases [${ctx.params.name}] missing`, { 'resource.type': 'aliases', 'resource.id': ctx.params.name });
  return { status: 200, body: { acknowledged: true, errors: false } };
}

export function getAlias(ctx: Ctx): Reply {
  const name = ctx.params.name;
  const indices = ctx.params.index ? ctx.store.resolveExpression(ctx.params.index, resolveOpts(ctx)) : ctx.store.listIndices();
  const re = name ? { test: compileWildcards(name.split(',')) } : null;
  const body: Record<string, unknown> = {};
  for (const idx of indices) {
    const aliases = Object.fromEntries(Object.entries(aliasesOf(idx)).filter(([a]) => !re || re.test(a)));
    if (!re || Object.keys(aliases).length) body[idx.name] = { aliases };
  }
  if (name && Object.keys(body).length === 0) {
    if (ctx.method === 'HEAD') return { status: 404 };
    return { status: 404, body: { error: `alias [${name}] missing`, status: 404 } };
  }
  return ctx.method === 'HEAD' ? { status: 200 } : { status: 200, body };
}

export function updateAliases(ctx: Ctx): Reply {
  const body = ctx.json();
  if (!isObject(body) || !Array.isArray(body.actions)) throw badRequest('[actions] is required', 'action_request_validation_exception');
  for (const action of body.actions) {
    if (!isObject(action)) throw badRequest('alias action must be an object', 'parse_exception');
    const [kind, spec] = Object.entries(action)[0] ?? [];
    if (!isObject(spec)) throw badRequest('alias action must be an object', 'parse_exception');
    const indices = ([] as string[]).concat((spec.index ?? spec.indices ?? []) as string | string[]);
    const aliases = ([] as string[]).concat((spec.alias ?? spec.aliases ?? []) as string | string[]);
    const targets = ctx.store.resolveExpression(indices, { allowNoIndices: false });
    for (const idx of targets) {
      for (const a of aliases) {
        if (kind === 'add') ctx.store.putAlias(idx, a, spec.is_write_index === true);
        else if (kind === 'remove') ctx.store.removeAlias(idx, a);
        else if (kind === 'remove_index') ctx.store.deleteIndex(idx.name);
        else throw badRequest(`[aliases] unknown field [${kind}]`, 'x_content_parse_exception');
      }
      if (kind === 'remove_index' && aliases.length === 0) ctx.store.deleteIndex(idx.name);
    }
  }
  return { status: 200, body: { acknowledged: true, errors: false } };
}

function humanBytes(n: number): string {
  if (n < 1024) return `${n}b`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)}kb`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)}mb`;
  return `${(n / 1024 ** 3).toFixed(1)}gb`;
}

export function catIndices(ctx: Ctx): Reply {
  const found = ctx.params.index
    ? ctx.store.resolveExpression(ctx.params.index, { ...resolveOpts(ctx), expandHidden: true })
    : ctx.store.resolveExpression('*', { expandHidden: true });
  const rows = found.map((idx) => {
    const size = humanBytes(idx.log?.bytes ?? 0);
    return {
      health: 'green', status: 'open', index: idx.name, uuid: idx.meta.uuid, pri: '1', rep: '0',
      'docs.count': String(idx.docCount), 'docs.deleted': String(idx.deletedCount),
      'store.size': size, 'pri.store.size': size, 'dataset.size': size,
    };
  });
  const format = ctx.query.get('format');
  if (format === 'json') return { status: 200, body: rows };
  if (format && format !== 'txt' && format !== 'text') throw badRequest(`Unsupported format [${format}]`);
  const cols = ['health', 'status', 'index', 'uuid', 'pri', 'rep', 'docs.count', 'docs.deleted', 'store.size', 'pri.store.size', 'dataset.size'] as const;
  const table: string[][] = rows.map((r) => cols.map((c) => r[c]));
  if (boolParam(ctx.query, 'v', false)) table.unshift([...cols]);
  const widths = cols.map((_, i) => Math.max(0, ...table.map((r) => r[i].length)));
  const text = table.map((r) => r.map((c, i) => c.padEnd(widths[i])).join(' ').trimEnd() + '\n').join('');
  return { status: 200, raw: text, contentType: 'text/plain; charset=UTF-8' };
}

export { shards };
