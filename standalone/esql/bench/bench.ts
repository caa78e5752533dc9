// `npm run bench:esql [-- --docs N] [-- --data DIR]`: the generic engine benchmark. Loads generated ECS-ish
// documents (7 days) through the real store and prints, per query: documents in its time window, documents the
// store visited, and the rate over the window's documents as a ratio to JSON.parse on the same NDJSON; then the
// store's resident memory over the NDJSON size. Knows nothing of any plugin (rule queries: `npm run bench:rule`).
import { arg, ensureBenchProcess, load, printQuery, printSummary, runQuery, type BenchQuery } from './harness';
import { NOW } from './data';

ensureBenchProcess(__filename);

const TOTAL = Number(arg('docs') ?? process.env.BENCH_DOCS ?? 300_000);
const H = 3600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const range = (from: number, to: number) => ({ range: { '@timestamp': { gte: iso(from), lte: iso(to), format: 'strict_date_optional_time' } } });
const ALL = ['logs-azure.signinlogs-*', 'logs-o365.audit-*', '.alerts-security.alerts-*', 'logs-suricata.eve-*'];

const queries: BenchQuery[] = [
  {
    name: 'correlation: union FROM + EVAL + STATS BY source.ip (all 7 days)',
    patterns: ALL,
    query: [
      'FROM logs-azure.signinlogs-*, logs-o365.audit-*, .alerts-security.alerts-*, logs-suricata.eve-*',
      '| WHERE source.ip IS NOT NULL',
      '| EVAL is_signin = event.dataset == "azure.signinlogs" AND event.outcome == "success", is_alert = event.kind IN ("signal", "alert")',
      '| STATS signins = COUNT(*) WHERE is_signin, alerts = COUNT(*) WHERE is_alert, users = COUNT_DISTINCT(user.name) BY source.ip',
      '| WHERE signins > 0 AND alerts > 0',
      '| SORT alerts DESC, source.ip',
      '| LIMIT 100',
    ].join('\n'),
  },
  {
    name: 'sign-ins: WHERE + EVAL TO_LOWER + STATS BY source.ip (all 7 days)',
    patterns: ['logs-azure.signinlogs-*'],
    query: 'FROM logs-azure.signinlogs-* | WHERE event.outcome == "success" | EVAL u = TO_LOWER(user.name) | STATS n = COUNT(*), users = COUNT_DISTINCT(u) BY source.ip | SORT n DESC | LIMIT 10',
  },
  {
    name: 'request filter: 24 h range + exists, STATS BY source.ip',
    patterns: ALL,
    window: { from: NOW - 24 * H, to: NOW },
    filter: { bool: { filter: [range(NOW - 24 * H, NOW), { exists: { field: 'source.ip' } }] } },
    query: `FROM ${ALL.join(', ')} | STATS events = COUNT(*), users = COUNT_DISTINCT(user.name), latest = MAX(@timestamp) BY source.ip | SORT events DESC, source.ip | LIMIT 100`,
  },
  {
    name: 'WHERE @timestamp range right after FROM (24 h), STATS BY user.name',
    patterns: ['logs-azure.signinlogs-*', 'logs-o365.audit-*'],
    window: { from: NOW - 24 * H, to: NOW },
    params: [{ start: iso(NOW - 24 * H) }, { end: iso(NOW) }],
    query: 'FROM logs-azure.signinlogs-*, logs-o365.audit-* | WHERE @timestamp >= ?start AND @timestamp <= ?end | STATS n = COUNT(*), ips = COUNT_DISTINCT(source.ip) BY user.name | SORT n DESC, user.name | LIMIT 100',
  },
  {
    name: 'request filter: 1 h range, sign-ins per IP',
    patterns: ['logs-azure.signinlogs-*'],
    window: { from: NOW - H, to: NOW },
    filter: { bool: { filter: [range(NOW - H, NOW)] } },
    query: 'FROM logs-azure.signinlogs-* | WHERE event.outcome == "success" | STATS n = COUNT(*) BY source.ip | SORT n DESC, source.ip | LIMIT 10',
  },
];

function main(): void {
  console.log('ES|QL engine benchmark (generic)');
  const loaded = load(TOTAL, arg('data'));
  const figures = queries.map((q) => {
    const f = runQuery(loaded.store, loaded.parseRate, q);
    printQuery(f);
    return f;
  });
  printSummary(loaded, figures);
}

main();
