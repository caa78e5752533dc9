// Deterministic ECS-ish documents for the engine benchmarks: sign-ins, audit records, alerts, sensor events and
// threat-intel indicators over a time span, generated one NDJSON batch at a time (nothing keeps the whole NDJSON).

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
export const NOW = Date.UTC(2026, 0, 8);
/** Documents spread over this span ending at NOW, so time windows select a part of each index. */
export let SPAN = 7 * 24 * 3600_000;
export function setSpan(ms: number): void {
  SPAN = ms;
}
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
export const INDICES: Array<{ name: string; share: number; gen: () => object; mappings: object }> = [
  { name: 'logs-azure.signinlogs-default', share: 0.45, gen: signin, mappings: { properties: { ...ECS, 'azure.signinlogs.properties.app_display_name': kw, 'azure.signinlogs.properties.risk_level_during_signin': kw } } },
  { name: 'logs-o365.audit-default', share: 0.25, gen: audit, mappings: { properties: { ...ECS, 'file.name': kw, 'o365.audit.ObjectId': kw, 'o365.audit.Workload': kw } } },
  { name: '.alerts-security.alerts-default', share: 0.15, gen: alert, mappings: { properties: { ...ECS, 'kibana.alert.severity': kw, 'kibana.alert.risk_score': { type: 'float' }, 'kibana.alert.rule.name': kw, 'kibana.alert.rule.rule_id': kw, 'kibana.alert.original_time': date } } },
  { name: 'logs-suricata.eve-default', share: 0.13, gen: suricata, mappings: { properties: { ...ECS, 'rule.name': kw } } },
  { name: 'logs-ti_abusech.threatfox-default', share: 0.02, gen: indicator, mappings: { properties: { '@timestamp': date, 'threat.indicator.ip': { type: 'ip' }, 'threat.indicator.type': kw, 'threat.indicator.confidence': kw, 'threat.indicator.provider': kw, 'threat.indicator.first_seen': date, 'threat.indicator.last_seen': date, 'threat.feed.name': kw } } },
];


/** Generates `total` documents split over INDICES, in batches of NDJSON lines. */
export function* ndjsonBatches(total: number, batch = 10_000): Generator<{ index: string; lines: string[] }> {
  for (const spec of INDICES) {
    const n = Math.round(total * spec.share);
    for (let i = 0; i < n; i += batch) {
      const lines: string[] = [];
      for (let j = i; j < Math.min(n, i + batch); j++) lines.push(JSON.stringify(spec.gen()));
      yield { index: spec.name, lines };
    }
  }
}
