// `npm run bench:esql [-- --docs N] [-- --data DIR]`: generates ECS-ish sign-in / audit / alert / TI documents,
// loads them through the real store, runs correlation queries (incl. the rule's own) through the ES|QL executor,
// and compares the scan rate with JSON.parse over the same NDJSON, measured in the same run.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { spawnSync } from 'child_process';
import v8 from 'v8';
import { Store } from '../store';
import { compileQuery } from '../store/dsl';
import { Catalog, EsqlRequest, EsqlResult } from '../types';
import { DEFAULT_RULE_PARAMS } from '../../../common/params';
import {
  buildNetworkQuery,
  buildPairsQuery,
  buildSigninIpsQuery,
  NETWORK_OPTIONAL_FIELDS,
  SIGNIN_OPTIONAL_FIELDS,
} from '../../../common/rule_queries/build_queries';

const HEAP_MB = 8192;
/** Stated memory bound for the default 1M-document run (peak RSS). */
const RSS_BOUND_MB = 5120;

// The default V8 heap is too small to hold 1M parsed documents next to their NDJSON; re-run with a bigger one
// (and a larger young generation: loading and scanning allocate many short-lived objects).
if (!process.env.ESQL_BENCH_CHILD && v8.getHeapStatistics().heap_size_limit < (HEAP_MB - 512) * 1024 * 1024) {
  const r = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '--max-semi-space-size=64', '--expose-gc', '--import', 'tsx', __filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, ESQL_BENCH_CHILD: '1' },
  });
  process.exit(r.status ?? 1);
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const TOTAL = Number(arg('docs') ?? process.env.BENCH_DOCS ?? 1_000_000);
const DATA_DIR = arg('data');

// ---- deterministic data ----------------------------------------------------------------------------------------

function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(42);
const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];
const NOW = Date.now();
const SPAN = 24 * 3600_000;
const ts = () => new Date(NOW - Math.floor(rnd() * SPAN)).toISOString();
const ipPool = Array.from({ length: 20_000 }, (_, i) => `${[23, 45, 81, 104, 185, 198][i % 6]}.${(i >> 8) & 255}.${i & 255}.${(i * 7) % 254 + 1}`);
const shared = ipPool.slice(0, 2_000); // IPs that show up in both sign-ins and alerts
const users = Array.from({ length: 5_000 }, (_, i) => `user${i}`);
const countries = [['US', 'United States', 'Seattle'], ['DE', 'Germany', 'Berlin'], ['NL', 'Netherlands', 'Amsterdam'], ['RU', 'Russia', 'Moscow'], ['BR', 'Brazil', 'Sao Paulo']];
const apps = ['Office 365 Exchange Online', 'Microsoft Teams', 'Azure Portal', 'SharePoint Online'];
const ops = ['UserLoggedIn', 'MailItemsAccessed', 'FileDownloaded', 'FileAccessed', 'Set-Mailbox', 'New-InboxRule', 'UserLoginFailed'];

function geo() {
  const [iso, name, city] = pick(countries);
  return { country_iso_code: iso, country_name: name, city_name: city };
}

function signin() {
  const u = pick(users);
  const ipIdx = Math.floor(rnd() * (rnd() < 0.3 ? shared.length : ipPool.length));
  const ip = ipPool[ipIdx];
  return {
    '@timestamp': ts(),
    event: { dataset: 'azure.signinlogs', kind: 'event', category: ['authentication'], outcome: rnd() < 0.85 ? 'success' : 'failure', action: 'Sign-in activity' },
    source: { ip, geo: geo(), as: { number: 8000 + (ipIdx % 50), organization: { name: 'ExampleNet' } } },
    user: { name: u, domain: 'contoso.com', email: `${u}@contoso.com`, id: `id-${u}` },
    azure: { signinlogs: { properties: { app_display_name: pick(apps), risk_level_during_signin: pick(['none', 'low', 'medium', 'high']) } } },
    data_stream: { type: 'logs', dataset: 'azure.signinlogs', namespace: 'default' },
  };
}

function audit() {
  const u = pick(users);
  const action = pick(ops);
  return {
    '@timestamp': ts(),
    event: { dataset: 'o365.audit', kind: 'event', action, outcome: action === 'UserLoginFailed' ? 'failure' : 'success', provider: pick(['Exchange', 'SharePoint', 'AzureActiveDirectory']) },
    source: { ip: rnd() < 0.3 ? pick(shared) : pick(ipPool), geo: geo() },
    user: { name: u, domain: 'contoso.com', email: `${u}@contoso.com`, id: `id-${u}` },
    file: rnd() < 0.3 ? { name: `report-${Math.floor(rnd() * 1000)}.xlsx` } : undefined,
    o365: { audit: { ObjectId: `obj-${Math.floor(rnd() * 10_000)}`, Workload: 'Exchange' } },
  };
}

function alert() {
  return {
    '@timestamp': ts(),
    event: { kind: 'signal', category: ['network', 'intrusion_detection'], module: 'suricata' },
    source: { ip: rnd() < 0.5 ? pick(shared) : pick(ipPool) },
    destination: { ip: `10.0.${Math.floor(rnd() * 255)}.${Math.floor(rnd() * 255)}` },
    kibana: {
      alert: {
        severity: pick(['low', 'medium', 'high', 'critical']),
        risk_score: Math.floor(rnd() * 100),
        rule: { name: pick(['ET SCAN', 'ET POLICY', 'External Alerts']), rule_id: 'eb079c62-4481-4d6e-9643-3ca499df7aaa' },
        original_time: ts(),
      },
    },
  };
}

function suricata() {
  return {
    '@timestamp': ts(),
    event: { kind: 'alert', category: ['network', 'intrusion_detection'], module: 'suricata', dataset: 'suricata.eve', severity: 1 + Math.floor(rnd() * 3) },
    source: { ip: rnd() < 0.4 ? pick(shared) : pick(ipPool), port: 1024 + Math.floor(rnd() * 60000) },
    destination: { ip: `10.1.${Math.floor(rnd() * 255)}.${Math.floor(rnd() * 255)}`, port: 443 },
    rule: { name: pick(['ET SCAN Suspicious inbound', 'ET POLICY Outbound TLS', 'ET MALWARE Beacon']) },
    suricata: { eve: { alert: { signature_id: 2000000 + Math.floor(rnd() * 1000) } } },
  };
}

function indicator() {
  return {
    '@timestamp': ts(),
    event: { kind: 'enrichment', category: ['threat'], dataset: 'ti_abusech.threatfox' },
    threat: {
      indicator: { ip: pick(ipPool), type: 'ipv4-addr', confidence: pick(['Low', 'Medium', 'High']), provider: 'ThreatFox', first_seen: ts(), last_seen: ts(), description: 'botnet C2' },
      feed: { name: 'AbuseCH ThreatFox' },
    },
    labels: { is_ioc_transform_source: 'true' },
  };
}

const kw = { type: 'keyword' };
const date = { type: 'date' };
const ECS = {
  '@timestamp': date,
  'event.dataset': kw, 'event.kind': kw, 'event.category': kw, 'event.outcome': kw, 'event.action': kw,
  'event.provider': kw, 'event.module': kw, 'event.severity': { type: 'long' },
  'source.ip': { type: 'ip' }, 'source.port': { type: 'long' }, 'destination.ip': { type: 'ip' }, 'destination.port': { type: 'long' },
  'source.geo.country_iso_code': kw, 'source.geo.country_name': kw, 'source.geo.city_name': kw,
  'source.as.number': { type: 'long' }, 'source.as.organization.name': { type: 'keyword', fields: { text: { type: 'match_only_text' } } },
  'user.name': { type: 'keyword', fields: { text: { type: 'match_only_text' } } }, 'user.domain': kw, 'user.email': kw, 'user.id': kw,
};
const INDICES: Array<{ name: string; share: number; gen: () => object; mappings: object }> = [
  { name: 'logs-azure.signinlogs-default', share: 0.45, gen: signin, mappings: { properties: { ...ECS, 'azure.signinlogs.properties.app_display_name': kw, 'azure.signinlogs.properties.risk_level_during_signin': kw } } },
  { name: 'logs-o365.audit-default', share: 0.25, gen: audit, mappings: { properties: { ...ECS, 'file.name': kw, 'o365.audit.ObjectId': kw, 'o365.audit.Workload': kw } } },
  { name: '.alerts-security.alerts-default', share: 0.15, gen: alert, mappings: { properties: { ...ECS, 'kibana.alert.severity': kw, 'kibana.alert.risk_score': { type: 'float' }, 'kibana.alert.rule.name': kw, 'kibana.alert.rule.rule_id': kw, 'kibana.alert.original_time': date } } },
  { name: 'logs-suricata.eve-default', share: 0.13, gen: suricata, mappings: { properties: { ...ECS, 'rule.name': kw } } },
  { name: 'logs-ti_abusech.threatfox-default', share: 0.02, gen: indicator, mappings: { properties: { '@timestamp': date, 'threat.indicator.ip': { type: 'ip' }, 'threat.indicator.type': kw, 'threat.indicator.confidence': kw, 'threat.indicator.provider': kw, 'threat.indicator.first_seen': date, 'threat.indicator.last_seen': date, 'threat.feed.name': kw } } },
];

// ---- measurement helpers -----------------------------------------------------------------------------------------

let peakHeap = 0;
const sampleMem = () => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
};
const sampler = setInterval(sampleMem, 50);
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);
const fmt = (n: number) => n.toLocaleString('en-US');

function loadExecutor(): ((req: EsqlRequest, catalog: Catalog) => EsqlResult) | null {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require('../exec') as { executeEsql?: (req: EsqlRequest, catalog: Catalog) => EsqlResult };
    return typeof mod.executeEsql === 'function' ? mod.executeEsql : null;
  } catch {
    return null;
  }
}

function main(): void {
  console.log(`ES|QL engine benchmark: ${fmt(TOTAL)} documents, node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'}, heap limit ${mb(v8.getHeapStatistics().heap_size_limit)}`);

  // 1. Generate NDJSON (one line per document).
  let t = performance.now();
  const lines: Array<{ index: string; text: string[] }> = [];
  let bytes = 0;
  for (const spec of INDICES) {
    const n = Math.round(TOTAL * spec.share);
    const text: string[] = new Array(n);
    for (let i = 0; i < n; i++) {
      text[i] = JSON.stringify(spec.gen());
      bytes += text[i].length + 1;
    }
    lines.push({ index: spec.name, text });
  }
  const docCount = lines.reduce((a, l) => a + l.text.length, 0);
  console.log(`generated ${fmt(docCount)} docs, ${mb(bytes)} NDJSON in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  // 2. Reference: JSON.parse over the same NDJSON (best of 2).
  let parseMs = Infinity;
  for (let round = 0; round < 2; round++) {
    t = performance.now();
    let sink = 0;
    for (const l of lines) for (const s of l.text) sink += (JSON.parse(s) as Record<string, unknown>)['@timestamp'] ? 1 : 0;
    parseMs = Math.min(parseMs, performance.now() - t);
    if (sink !== docCount) throw new Error('parse sanity check failed');
  }
  const parseRate = rate(docCount, parseMs);
  console.log(`JSON.parse: ${fmt(parseRate)} docs/s (${mb((bytes / parseMs) * 1000)}/s), ${parseMs.toFixed(0)} ms`);

  // 3. Load through the real store (bulk path: dynamic mapping checks, validation, log records when persistent).
  if (DATA_DIR) fs.rmSync(path.join(DATA_DIR, 'indices'), { recursive: true, force: true });
  const store = Store.open(DATA_DIR);
  for (const spec of INDICES) store.createIndex(spec.name, { mappings: spec.mappings });
  t = performance.now();
  for (const l of lines) {
    const BATCH = 10_000;
    for (let i = 0; i < l.text.length; i += BATCH) {
      const ops = l.text.slice(i, i + BATCH).map((s) => ({ action: 'index' as const, index: l.index, source: JSON.parse(s) }));
      const res = store.bulk(ops);
      const failed = res.find((r) => r.error);
      if (failed) throw new Error(`load failed: ${failed.error!.reason}`);
    }
  }
  const loadMs = performance.now() - t;
  lines.length = 0; // the NDJSON is no longer needed
  sampleMem();
  console.log(`load: ${fmt(rate(docCount, loadMs))} docs/s (${(loadMs / 1000).toFixed(1)} s, ${DATA_DIR ? `persistent in ${DATA_DIR}` : 'in-memory'})`);

  // 4. Store-level scan with a compiled DSL filter (what every _query pre-filter costs).
  const allViews = store.resolve(['*', '.alerts-*']);
  const dsl = compileQuery({ bool: { filter: [{ range: { '@timestamp': { gte: 'now-1h' } } }, { exists: { field: 'source.ip' } }], must_not: [{ terms: { 'source.ip': ['10.0.0.0/8'] } }] } });
  t = performance.now();
  let kept = 0;
  for (const v of allViews) for (const d of v.docs) if (dsl(d, v.fields)) kept++;
  const dslMs = performance.now() - t;
  console.log(`DSL filter scan: ${fmt(rate(docCount, dslMs))} docs/s (${fmt(kept)} of ${fmt(docCount)} kept, ${dslMs.toFixed(0)} ms)`);

  // 5. ES|QL queries.
  const execute = loadExecutor();
  if (!execute) {
    console.log('ES|QL executor (standalone/esql/exec) not available: skipping query benchmarks.');
    report(parseRate, null, store);
    return;
  }
  const window = { dateStart: new Date(NOW - SPAN).toISOString(), dateEnd: new Date(NOW).toISOString() };
  const missingFor = (patterns: string[], optional: Record<string, unknown>) => {
    const have = new Set(store.resolve(patterns).flatMap((v) => [...v.fields.keys()]));
    return new Set(Object.keys(optional).filter((f) => !have.has(f)));
  };
  const p = DEFAULT_RULE_PARAMS;
  const net = buildNetworkQuery(p, window, missingFor(p.networkAlertIndexPatterns, NETWORK_OPTIONAL_FIELDS));
  const signinIps = buildSigninIpsQuery(p, window, missingFor(p.signinIndexPatterns.filter((x) => x !== 'filebeat-*'), SIGNIN_OPTIONAL_FIELDS));
  const queries: Array<{ name: string; query: string; params?: unknown[]; filter?: unknown; patterns: string[] }> = [
    {
      name: 'correlation: union FROM + EVAL + STATS BY source.ip (no filter)',
      patterns: ['logs-azure.signinlogs-*', 'logs-o365.audit-*', '.alerts-security.alerts-*', 'logs-suricata.eve-*'],
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
      name: 'sign-ins: WHERE + EVAL TO_LOWER + STATS BY source.ip',
      patterns: ['logs-azure.signinlogs-*'],
      query: 'FROM logs-azure.signinlogs-* | WHERE event.outcome == "success" | EVAL u = TO_LOWER(user.name) | STATS n = COUNT(*), users = COUNT_DISTINCT(u) BY source.ip | SORT n DESC | LIMIT 10',
    },
    { name: 'rule: network alerts per IP (24 h window)', patterns: p.networkAlertIndexPatterns, ...net },
    { name: 'rule: sign-in IPs (24 h window)', patterns: p.signinIndexPatterns.filter((x) => x !== 'filebeat-*'), ...signinIps, query: signinIps.query.replace(', filebeat-*', '') },
  ];
  const netIps = execute({ query: net.query, params: net.params, filter: compileQuery(net.filter) }, store);
  const ipCol = netIps.columns.findIndex((c) => c.name === 'ip');
  const pairs = buildPairsQuery(p, window, netIps.values.slice(0, 500).map((r) => String(r[ipCol])), missingFor(['logs-azure.signinlogs-*', 'logs-o365.audit-*'], SIGNIN_OPTIONAL_FIELDS));
  queries.push({ name: 'rule: (user, IP) pairs for 500 candidate IPs', patterns: ['logs-azure.signinlogs-*', 'logs-o365.audit-*'], ...pairs, query: pairs.query.replace(', filebeat-*', '') });

  let scannedTotal = 0;
  let msTotal = 0;
  let headline = 0;
  const only = arg('only');
  for (const q of queries) {
    if (only && !q.name.includes(only)) continue;
    const scanned = store.resolve(q.patterns).reduce((a, v) => a + v.docs.length, 0);
    const req: EsqlRequest = { query: q.query, params: q.params, filter: q.filter ? compileQuery(q.filter) : undefined };
    execute(req, store); // warm-up
    const runs = 3;
    let best = Infinity;
    let res: EsqlResult | null = null;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      res = execute(req, store);
      best = Math.min(best, performance.now() - t0);
      sampleMem();
    }
    // Share of the time spent in the DSL pre-filter (store side) vs. the executor.
    let filterMs = 0;
    if (req.filter) {
      const t0 = performance.now();
      for (const v of store.resolve(q.patterns)) for (const d of v.docs) req.filter(d, v.fields);
      filterMs = performance.now() - t0;
    }
    const r = rate(scanned, best);
    if (!headline) headline = r;
    scannedTotal += scanned;
    msTotal += best;
    console.log(`${q.name}\n  ${fmt(scanned)} docs scanned in ${best.toFixed(0)} ms = ${fmt(r)} docs/s (${(r / parseRate).toFixed(2)}x JSON.parse); documents_found ${fmt(res!.documents_found)}, ${res!.values.length} rows${req.filter ? `; DSL filter alone ${filterMs.toFixed(0)} ms` : ''}`);
  }
  report(parseRate, { headline, overall: rate(scannedTotal, msTotal) }, store);
}

function report(parseRate: number, scan: { headline: number; overall: number } | null, store: Store): void {
  clearInterval(sampler);
  sampleMem();
  (globalThis as { gc?: () => void }).gc?.();
  const retained = process.memoryUsage().heapUsed;
  const peakRss = process.resourceUsage().maxRSS * 1024;
  console.log('\nsummary');
  console.log(`  JSON.parse reference: ${fmt(parseRate)} docs/s`);
  if (scan) {
    const ratio = scan.overall / parseRate;
    console.log(`  scan (correlation query): ${fmt(scan.headline)} docs/s = ${(scan.headline / parseRate).toFixed(2)}x parse`);
    console.log(`  scan (all queries): ${fmt(scan.overall)} docs/s = ${ratio.toFixed(2)}x parse -> goal >= 0.50x: ${ratio >= 0.5 ? 'MET' : 'MISSED'}`);
  }
  console.log(`  peak RSS ${mb(peakRss)} (bound ${RSS_BOUND_MB} MB for 1M docs: ${peakRss <= RSS_BOUND_MB * 1024 * 1024 ? 'within' : 'EXCEEDED'}), peak heap used ${mb(peakHeap)}, heap retained after GC ${mb(retained)} (the loaded documents)`);
  store.close();
}

main();
