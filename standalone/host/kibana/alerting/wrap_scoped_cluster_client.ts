// The executor's `services.scopedClusterClient`, wrapped like Kibana's rule framework does. Mirrors (behaviour, not
// code) x-pack/platform/plugins/shared/alerting/server/lib/wrap_scoped_cluster_client.ts (one stored version; the
// behaviour below is taken as that of 9.2–9.5):
// - both `asInternalUser` and `asCurrentUser` are `child({})` clients with `search`, `eql.search` and
//   `transport.request` replaced;
// - `search` / `eql.search` and `transport.request` for exactly `POST /_query` (what `esql.query` sends too; NOT
//   `/_query/async`) run with the RULE's abort signal, which replaces any signal the caller passed;
// - when the rule's execution was cancelled the call fails with "Search has been aborted due to cancelled execution"
//   (`EQL search…` / `ES|QL search…`), other failures are logged as warnings and rethrown;
// - every wrapped call counts in the run's search metrics.
import type { Client } from '@elastic/elasticsearch';
import type { ElasticsearchClient, IScopedClusterClient, Logger } from '@kbn/core/server';

export interface SearchMetrics {
  numSearches: number;
  totalSearchDurationMs: number;
  esSearchDurationMs: number;
}

export interface WrapOptions {
  scopedClusterClient: IScopedClusterClient;
  rule: { ruleTypeId: string; id: string; spaceId: string };
  logger: Logger;
  abortController: AbortController;
}

type AnyFn = (params: unknown, options?: Record<string, unknown>) => Promise<unknown>;

export function createWrappedScopedClusterClient(o: WrapOptions): { client: IScopedClusterClient; getMetrics(): SearchMetrics } {
  const metrics: SearchMetrics = { numSearches: 0, totalSearchDurationMs: 0, esSearchDurationMs: 0 };
  const label = `rule ${o.rule.ruleTypeId}:${o.rule.id} in space ${o.rule.spaceId}`;

  const wrap = (es: ElasticsearchClient): ElasticsearchClient => {
    const client = (es as unknown as Client).child({});
    const call = async (kind: 'query' | 'eql query' | 'ES|QL query', abortedMsg: string, fn: () => Promise<unknown>, params: unknown, options: unknown, took: (r: unknown) => number) => {
      const start = Date.now();
      o.logger.debug(`executing ${kind} for ${label} - ${JSON.stringify(params)} - with options ${JSON.stringify(options ?? {})}`);
      try {
        const result = await fn();
        metrics.numSearches++;
        metrics.totalSearchDurationMs += Date.now() - start;
        metrics.esSearchDurationMs += took(result);
        return result;
      } catch (e) {
        if (o.abortController.signal.aborted) throw new Error(abortedMsg);
        o.logger.warn(`executing ${kind} for ${label} - ${JSON.stringify(params)} - with options ${JSON.stringify(options ?? {})}`);
        throw e;
      }
    };
    const tookOf = (meta: unknown) => (r: unknown) => Number(((meta ? (r as { body?: { took?: number } }).body : (r as { took?: number })) as { took?: number } | undefined)?.took ?? 0);

    const transport = client.transport;
    const request = transport.request.bind(transport) as unknown as AnyFn;
    (transport as unknown as { request: AnyFn }).request = (params, options) => {
      const p = params as { method?: string; path?: string };
      if (p.method === 'POST' && p.path === '/_query') {
        return call('ES|QL query', 'ES|QL search has been aborted due to cancelled execution', () => request(params, { ...(options ?? {}), signal: o.abortController.signal }), params, options, () => 0);
      }
      return request(params, options);
    };
    const search = client.search.bind(client) as unknown as AnyFn;
    (client as unknown as { search: AnyFn }).search = (params, options) =>
      call('query', 'Search has been aborted due to cancelled execution', () => search(params, { ...(options ?? {}), signal: o.abortController.signal }), params, options, tookOf(options?.meta));
    const eql = client.eql.search.bind(client.eql) as unknown as AnyFn;
    (client.eql as unknown as { search: AnyFn }).search = (params, options) =>
      call('eql query', 'EQL search has been aborted due to cancelled execution', () => eql(params, { ...(options ?? {}), signal: o.abortController.signal }), params, options, tookOf(options?.meta));
    return client as unknown as ElasticsearchClient;
  };

  let internal: ElasticsearchClient | undefined;
  let current: ElasticsearchClient | undefined;
  const client: IScopedClusterClient = {
    get asInternalUser() {
      return (internal ??= wrap(o.scopedClusterClient.asInternalUser));
    },
    get asCurrentUser() {
      return (current ??= wrap(o.scopedClusterClient.asCurrentUser));
    },
  };
  return { client, getMetrics: () => ({ ...metrics }) };
}
