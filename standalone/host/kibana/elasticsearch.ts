// Kibana's elasticsearch service subset: an internal client (the Kibana system user) and request-scoped clients.
// Mirrors (behaviour, not code) src/core/packages/elasticsearch/client-server-internal/src/cluster_client.ts
// (asInternalUser, asScoped(request)) and scoped_cluster_client.ts (asCurrentUser / asInternalUser pair).
// `asCurrentUser` carries the request's user: with the embedded engine as the run-as header (the engine has no
// realm), with a real cluster as run-as only when ES_RUN_AS=true (the configured credentials must allow run_as).
import { Client, type ClientOptions } from '@elastic/elasticsearch';
import type { ElasticsearchClient, IScopedClusterClient } from '@kbn/core/server';
import { enforceIndexPrivileges } from './es_security';
import type { IndexPrivilege } from './security';

/** Who `asCurrentUser` acts as: the request's user with its roles' index privileges. */
export interface EsUser {
  username: string;
  roles: readonly string[];
  indexPrivileges: readonly IndexPrivilege[];
}

export const RUN_AS_HEADER = 'es-security-runas-user';

export interface EsConnection {
  url: string;
  apiKey?: string;
  username?: string;
  password?: string;
  /** send the run-as header for scoped clients */
  runAs: boolean;
  caFingerprint?: string;
  /** check index privileges in the host (the embedded engine has no security) */
  enforceIndexPrivileges?: boolean;
}

export function connectionFromEnv(env: NodeJS.ProcessEnv): EsConnection | null {
  if (!env.ES_URL) return null;
  return {
    url: env.ES_URL,
    apiKey: env.ES_API_KEY || undefined,
    username: env.ES_USERNAME || undefined,
    password: env.ES_PASSWORD || undefined,
    runAs: env.ES_RUN_AS === 'true',
    caFingerprint: env.ES_CA_FINGERPRINT || undefined,
  };
}

export class ElasticsearchService {
  readonly client: Client;

  constructor(private readonly conn: EsConnection) {
    const opts: ClientOptions = { node: conn.url, requestTimeout: 120_000 };
    if (conn.apiKey) opts.auth = { apiKey: conn.apiKey };
    else if (conn.username) opts.auth = { username: conn.username, password: conn.password ?? '' };
    if (conn.caFingerprint) opts.caFingerprint = conn.caFingerprint;
    this.client = new Client(opts);
  }

  /**
   * Kibana's `asScoped(request)`: the internal client plus one acting as the user. With the embedded engine (no
   * security), the host checks the user's index privileges itself like Elasticsearch would (./es_security.ts); a
   * real cluster checks them through run-as.
   */
  asScoped(user: EsUser, requestId?: string): IScopedClusterClient {
    const username = user.username;
    const headers: Record<string, string> = { 'x-opaque-id': `kibana-host;user=${username}${requestId ? `;request=${requestId}` : ''}` };
    if (this.conn.runAs) headers[RUN_AS_HEADER] = username;
    const child = this.client.child({ headers });
    if (this.conn.enforceIndexPrivileges) enforceIndexPrivileges(child, user);
    const asCurrentUser = child as ElasticsearchClient;
    return { asInternalUser: this.client as ElasticsearchClient, asCurrentUser };
  }

  async close() {
    await this.client.close();
  }
}
