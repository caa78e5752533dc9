// `npm run bench:rule [-- --docs N]`: the rule's own ES|QL requests (common/rule_queries) over the engine
// benchmark's generated documents (7 days; the rule looks at the last 24 h). Prints per query the documents in
// its window, the documents the store visited and the rate over JSON.parse; then resident memory over NDJSON.
// Lives outside standalone/esql: the engine knows nothing of the plugin.
import { DEFAULT_RULE_PARAMS } from '../../common/params';
import {
  buildNetworkQuery,
  buildPairsQuery,
  buildSigninIpsQuery,
  NETWORK_OPTIONAL_FIELDS,
  networkWindow,
  SIGNIN_OPTIONAL_FIELDS,
} from '../../common/rule_queries/build_queries';
import { compileQuery } from '../esql/store/dsl';
import { executeEsql } from '../esql/exec';
import { NOW } from '../esql/bench/data';
import { arg, ensureBenchProcess, load, printQuery, printSummary, runQuery, type BenchQuery } from '../esql/bench/harness';

ensureBenchProcess(__filename);

const TOTAL = Number(arg('docs') ?? process.env.BENCH_DOCS ?? 300_000);

function main(): void {
  console.log('ES|QL engine benchmark: the rule\'s queries');
  const loaded = load(TOTAL, arg('data'));
  const { store } = loaded;
  const window = { dateStart: new Date(NOW - 24 * 3600_000).toISOString(), dateEnd: new Date(NOW).toISOString() };
  const span = (w: { dateStart: string; dateEnd: string }) => ({ from: Date.parse(w.dateStart), to: Date.parse(w.dateEnd) });
  const missingFor = (patterns: string[], optional: Record<string, unknown>) => {
    const have = new Set(store.resolve(patterns).flatMap((v) => [...v.fields.keys()]));
    return new Set(Object.keys(optional).filter((f) => !have.has(f)));
  };
  const p = DEFAULT_RULE_PARAMS;
  const signinPatterns = p.signinIndexPatterns.filter((x) => x !== 'filebeat-*');
  const net = buildNetworkQuery(p, window, missingFor(p.networkAlertIndexPatterns, NETWORK_OPTIONAL_FIELDS));
  const signinIps = buildSigninIpsQuery(p, window, missingFor(signinPatterns, SIGNIN_OPTIONAL_FIELDS));
  const netIps = executeEsql({ query: net.query, params: net.params, filter: compileQuery(net.filter) }, store);
  const ipCol = netIps.columns.findIndex((c) => c.name === 'ip');
  const pairs = buildPairsQuery(p, window, netIps.values.slice(0, 500).map((r) => String(r[ipCol])), missingFor(['logs-azure.signinlogs-*', 'logs-o365.audit-*'], SIGNIN_OPTIONAL_FIELDS));
  const queries: BenchQuery[] = [
    { name: 'rule: network alerts per IP (24 h window + lead time)', patterns: p.networkAlertIndexPatterns, window: span(networkWindow(p, window)), ...net },
    { name: 'rule: sign-in IPs (24 h window)', patterns: signinPatterns, window: span(window), ...signinIps, query: signinIps.query.replace(', filebeat-*', '') },
    { name: 'rule: (user, IP) pairs for 500 candidate IPs (24 h window)', patterns: ['logs-azure.signinlogs-*', 'logs-o365.audit-*'], window: span(window), ...pairs, query: pairs.query.replace(', filebeat-*', '') },
  ];
  const figures = queries.map((q) => {
    const f = runQuery(store, loaded.parseRate, q);
    printQuery(f);
    return f;
  });
  printSummary(loaded, figures);
}

main();
