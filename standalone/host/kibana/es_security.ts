// Elasticsearch's index-privilege check for requests made AS THE USER (`asCurrentUser`), which the embedded engine
// does not do. Mirrors Elasticsearch's x-pack/plugin/security/src/main/java/org/elasticsearch/xpack/security/authz/
// AuthorizationService.java (index actions need an index privilege) and AuthorizationDenialMessages.java (message);
// Kibana only forwards the user (src/core/packages/elasticsearch/client-server-internal/src/cluster_client.ts).
// A user whose roles hold no index privilege on what it reads gets Elasticsearch's 403
// `security_exception` ("action [indices:data/read/esql] is unauthorized for user [x] with effective roles [..] on
// indices [..], this action is granted by the index privileges [read,all]"). Kibana feature privileges never grant
// index privileges, so a plugin route that reads `.alerts-*` as the current user fails for analysts who only hold
// the feature; the rule registry's alerts client (internal user + alerting authorization) does not.
//
// Simplification, stricter than Elasticsearch: Elasticsearch resolves a wildcard to the indices the user may read
// and silently drops the others; the engine cannot filter by user, so a wildcard the user's roles only partly cover
// is refused like an unauthorized index instead of being narrowed.
import { errors, type Client } from '@elastic/elasticsearch';
import type { IndexPrivilege } from './security';

interface Target {
  action: string;
  indices: string[];
  /** index privileges that grant the action, in Elasticsearch's message order */
  grantedBy: string[];
  write: boolean;
}

const READ_GRANTS = ['read', 'all'];
const WRITE_GRANTS = ['create_doc', 'create', 'delete', 'index', 'write', 'all'];

/** The index expressions an ES|QL query reads: FROM / TS sources and LOOKUP JOIN targets. */
export function esqlSources(query: string): string[] {
  const out: string[] = [];
  const src = query.replace(/"""[\s\S]*?"""|"(?:[^"\\]|\\.)*"/g, '""');
  const re = /(?:^|\|)\s*(?:FROM|TS|METRICS)\s+([^|]+?)(?:\s+METADATA\s+[^|]*)?(?=\||$)|\bLOOKUP\s+JOIN\s+([^\s|]+)/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(src))) {
    const list = (m[1] ?? m[2] ?? '').trim();
    for (const part of list.split(',')) {
      const name = part.trim().replace(/^"|"$/g, '');
      if (name) out.push(name);
    }
  }
  return out;
}

function splitIndices(s: string | undefined): string[] {
  if (!s) return ['_all'];
  return decodeURIComponent(s).split(',').map((x) => x.trim()).filter(Boolean);
}

/** Which action and indices a transport request touches (null: no index privilege involved here). */
export function requestTarget(params: { method: string; path: string; body?: unknown; bulkBody?: unknown }): Target | null {
  const path = params.path.split('?')[0];
  const body = (typeof params.body === 'string' ? safeJson(params.body) : params.body) as Record<string, unknown> | undefined;
  const read = (action: string, indices: string[]): Target => ({ action, indices, grantedBy: READ_GRANTS, write: false });
  if (/^\/_query(\/async)?$/.test(path)) return read('indices:data/read/esql', esqlSources(String(body?.query ?? '')));
  let m = /^\/(?:([^_/][^/]*)\/)?_(search|count|field_caps|mget)$/.exec(path);
  if (m) {
    const action = { search: 'indices:data/read/search', count: 'indices:data/read/search', field_caps: 'indices:data/read/field_caps', mget: 'indices:data/read/mget' }[m[2]]!;
    return read(action, splitIndices(m[1]));
  }
  m = /^\/([^_/][^/]*)\/(_doc|_source)\/[^/]+$/.exec(path);
  if (m && params.method === 'GET') return read('indices:data/read/get', splitIndices(m[1]));
  if (/^\/(?:[^_/][^/]*\/)?_bulk$/.test(path)) {
    const lines = Array.isArray(params.bulkBody) ? params.bulkBody : [];
    const defaultIndex = /^\/([^_/][^/]*)\/_bulk$/.exec(path)?.[1];
    const indices = new Set<string>();
    for (const l of lines as Array<Record<string, { _index?: string }>>) {
      const op = l && (l.index ?? l.create ?? l.update ?? l.delete);
      if (op) indices.add(op._index ?? defaultIndex ?? '_all');
    }
    return { action: 'indices:data/write/bulk[s]', indices: [...indices], grantedBy: WRITE_GRANTS, write: true };
  }
  return null;
}

function safeJson(s: string) {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

/** Literal prefix of an index pattern (up to the first wildcard). */
const litPrefix = (p: string) => p.split('*')[0];

/** Whether the role pattern covers every index the requested expression can name. */
function covers(rolePattern: string, expr: string): boolean {
  if (rolePattern === '*' || rolePattern === expr) return true;
  if (!rolePattern.includes('*')) return false;
  // role `abc*` covers `abcd`, `abcd*`, `abc*`: the expression's literal prefix starts with the role's
  const rp = litPrefix(rolePattern);
  const rest = rolePattern.slice(rp.length);
  if (rest !== '*') return globMatch(rolePattern, expr);
  return litPrefix(expr).startsWith(rp);
}

function globMatch(pattern: string, s: string) {
  const re = new RegExp(`^${pattern.split('*').map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(s);
}

/** Expressions the privileges do not cover, for the given grants. */
export function unauthorizedIndices(privs: readonly IndexPrivilege[], target: Target): string[] {
  const usable = privs.filter((p) => p.privileges.some((x) => target.grantedBy.includes(x) || (!target.write && x === 'read')));
  return target.indices
    .filter((e) => !e.startsWith('-') && !e.includes(':'))
    .map((e) => (e === '_all' ? '*' : e))
    .filter((e) => !usable.some((p) => p.names.some((n) => covers(n, e))));
}

export function securityException(action: string, username: string, roles: readonly string[], indices: string[], grantedBy: string[]) {
  const reason = `action [${action}] is unauthorized for user [${username}] with effective roles [${roles.join(',')}]${indices.length ? ` on indices [${indices.join(',')}]` : ''}, this action is granted by the index privileges [${grantedBy.join(',')}]`;
  const body = { error: { root_cause: [{ type: 'security_exception', reason }], type: 'security_exception', reason }, status: 403 };
  return new errors.ResponseError({
    body,
    statusCode: 403,
    headers: { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' },
    warnings: null,
    meta: { context: null, name: 'elasticsearch-js', request: { params: { method: 'POST', path: '' }, options: {}, id: 0 }, connection: null, attempts: 0, aborted: false },
  } as unknown as ConstructorParameters<typeof errors.ResponseError>[0]);
}

/** Makes `client` (a child client acting as the user) refuse what the user's index privileges do not allow. */
export function enforceIndexPrivileges(client: Client, user: { username: string; roles: readonly string[]; indexPrivileges: readonly IndexPrivilege[] }): Client {
  const transport = client.transport;
  const original = transport.request.bind(transport);
  (transport as { request: unknown }).request = (params: { method: string; path: string; body?: unknown; bulkBody?: unknown }, options?: unknown) => {
    const target = requestTarget(params);
    if (target) {
      const denied = unauthorizedIndices(user.indexPrivileges, target);
      if (denied.length) return Promise.reject(securityException(target.action, user.username, user.roles, denied, target.grantedBy));
    }
    return original(params as never, options as never);
  };
  // children (Kibana's rule framework wraps the client with `child({})`) act as the same user
  const child = client.child.bind(client);
  (client as { child: unknown }).child = (opts: Parameters<Client['child']>[0]) => enforceIndexPrivileges(child(opts), user);
  return client;
}
