// Turns ES|QL responses (columns + rows) into the API's row types. Missing columns are null: the sources
// differ (Entra vs M365 vs Suricata vs Security alerts), so every field is read from the first column present.
import type {
  ActivityRow,
  AlertDetail,
  AlertListItem,
  NetworkAlertRow,
  SignInRow,
  ThreatIntelRow,
} from '../../common/api';

export interface EsqlResponseLike {
  columns: Array<{ name: string; type?: string }>;
  values: unknown[][];
}
export type Rec = Record<string, unknown>;

export function toRecords(res: EsqlResponseLike): Rec[] {
  const names = res.columns.map((c) => c.name);
  return res.values.map((row) => {
    const r: Rec = {};
    names.forEach((n, i) => (r[n] = row[i]));
    return r;
  });
}

/** First non-empty value among the given fields; arrays give their first element. */
export function pick(r: Rec, ...fields: string[]): unknown {
  for (const f of fields) {
    let v = r[f];
    if (v === undefined && f.includes('.')) v = getPath(r, f);
    if (Array.isArray(v)) v = v.find((x) => x !== null && x !== undefined);
    if (v !== null && v !== undefined && v !== '') return v;
  }
  return null;
}
export const str = (r: Rec, ...fields: string[]): string | null => {
  const v = pick(r, ...fields);
  return v === null ? null : typeof v === 'object' ? JSON.stringify(v) : String(v);
};
export const num = (r: Rec, ...fields: string[]): number | null => {
  const v = pick(r, ...fields);
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
};

/** Reads `a.b.c` from nested objects (the `_source` form) or from flat dotted keys. */
export function getPath(obj: unknown, path: string): unknown {
  if (obj === null || typeof obj !== 'object') return undefined;
  const o = obj as Rec;
  if (path in o) return o[path];
  const parts = path.split('.');
  for (let i = parts.length - 1; i > 0; i--) {
    const head = parts.slice(0, i).join('.');
    if (head in o) return getPath(o[head], parts.slice(i).join('.'));
  }
  return undefined;
}

const userOf = (r: Rec): string | null => {
  const email = str(r, 'user.email');
  if (email) return email.toLowerCase();
  const name = str(r, 'user.name');
  const domain = str(r, 'user.domain');
  if (name && domain) return `${name}@${domain}`.toLowerCase();
  return (name ?? str(r, 'user.id'))?.toLowerCase() ?? null;
};

export const byTimeDesc = <T extends { timestamp: string }>(a: T, b: T) => Date.parse(b.timestamp) - Date.parse(a.timestamp);

/** Rows beyond `size` only tell that the section was truncated. */
export function bounded<T extends { timestamp: string }>(rows: T[], size: number): { items: T[]; truncated: boolean } {
  const sorted = [...rows].sort(byTimeDesc);
  return { items: sorted.slice(0, size), truncated: sorted.length > size };
}

// The fields each section's rows are built from. The section queries KEEP only these (those the matched
// indices map), so a `filebeat-*` with thousands of fields returns a few columns; shape.test.ts checks that
// every field a mapper reads is listed here.
const USER_FIELDS = ['user.email', 'user.name', 'user.domain', 'user.id'];
export const SIGNIN_FIELDS = [
  '@timestamp',
  ...USER_FIELDS,
  'investigated_user',
  'azure.signinlogs.properties.device_detail.operating_system',
  'user_agent.os.name',
  'azure.signinlogs.properties.device_detail.browser',
  'user_agent.name',
  'azure.signinlogs.properties.app_display_name',
  'azure.signinlogs.properties.resource_display_name',
  'event.provider',
  'o365.audit.ApplicationId',
  'event.dataset',
  'data_stream.dataset',
  'azure.signinlogs.properties.client_app_used',
  'user_agent.original',
  'source.geo.country_iso_code',
  'source.geo.country_name',
  'event.outcome',
  'azure.signinlogs.properties.risk_level_during_signin',
  'azure.signinlogs.properties.risk_level_aggregated',
] as const;
export const NETWORK_ALERT_FIELDS = [
  '_id',
  '@timestamp',
  'kibana.alert.original_time',
  'kibana.alert.rule.name',
  'rule.name',
  'suricata.eve.alert.signature',
  'kibana.alert.severity',
  'event.severity',
  'event.module',
  'event.dataset',
  'kibana.alert.risk_score',
  'event.risk_score',
  'destination.ip',
  'destination.port',
  'kibana.alert.reason',
  'message',
  'rule.category',
] as const;
export const ACTIVITY_FIELDS = [
  '@timestamp',
  ...USER_FIELDS,
  'event.action',
  'o365.audit.Operation',
  'event.provider',
  'o365.audit.Workload',
  'file.name',
  'url.original',
  'o365.audit.ObjectId',
  'event.outcome',
] as const;
export const THREAT_INTEL_FIELDS = [
  '@timestamp',
  'labels.is_ioc_transform_source',
  'threat.indicator.ip',
  'threat.feed.name',
  'event.dataset',
  'threat.indicator.provider',
  'threat.indicator.confidence',
  'threat.indicator.type',
  'threat.indicator.first_seen',
  'threat.indicator.last_seen',
  'threat.indicator.description',
  'threat.software.name',
  'message',
] as const;

export function toSignInRow(r: Rec): SignInRow {
  const os = str(r, 'azure.signinlogs.properties.device_detail.operating_system', 'user_agent.os.name');
  const browser = str(r, 'azure.signinlogs.properties.device_detail.browser', 'user_agent.name');
  return {
    timestamp: str(r, '@timestamp') ?? '',
    user: userOf(r) ?? str(r, 'investigated_user') ?? '',
    app: str(r, 'azure.signinlogs.properties.app_display_name', 'azure.signinlogs.properties.resource_display_name', 'event.provider', 'o365.audit.ApplicationId'),
    source: str(r, 'event.dataset', 'data_stream.dataset'),
    client: str(r, 'azure.signinlogs.properties.client_app_used', 'user_agent.original'),
    device: os && browser ? `${os} / ${browser}` : os ?? browser,
    country: str(r, 'source.geo.country_iso_code', 'source.geo.country_name'),
    outcome: str(r, 'event.outcome'),
    riskLevel: str(r, 'azure.signinlogs.properties.risk_level_during_signin', 'azure.signinlogs.properties.risk_level_aggregated'),
    userAgent: str(r, 'user_agent.original'),
  };
}

/** Security alerts carry kibana.alert.severity; Suricata uses 1 high, 2 medium, 3 low; other sensors 21/47/73/99. */
export function networkSeverity(r: Rec): string | null {
  const named = str(r, 'kibana.alert.severity');
  if (named) return named.toLowerCase();
  const n = num(r, 'event.severity');
  if (n === null) return null;
  const suricata = str(r, 'event.module') === 'suricata' || (str(r, 'event.dataset') ?? '').startsWith('suricata');
  if (suricata) return n <= 1 ? 'high' : n === 2 ? 'medium' : 'low';
  return n >= 99 ? 'critical' : n >= 73 ? 'high' : n >= 47 ? 'medium' : 'low';
}

export function toNetworkAlertRow(r: Rec, linkedIds: ReadonlySet<string>): NetworkAlertRow {
  const id = str(r, '_id');
  const dIp = str(r, 'destination.ip');
  const dPort = str(r, 'destination.port');
  return {
    id,
    timestamp: str(r, 'kibana.alert.original_time', '@timestamp') ?? '',
    rule: str(r, 'kibana.alert.rule.name', 'rule.name', 'suricata.eve.alert.signature'),
    severity: networkSeverity(r),
    riskScore: num(r, 'kibana.alert.risk_score', 'event.risk_score'),
    destination: dIp ? (dPort ? (dIp.includes(':') ? `[${dIp}]:${dPort}` : `${dIp}:${dPort}`) : dIp) : null,
    reason: str(r, 'kibana.alert.reason', 'message', 'rule.category'),
    linked: id !== null && linkedIds.has(id),
  };
}

export function toActivityRow(r: Rec, risky: ReadonlySet<string>): ActivityRow {
  const operation = str(r, 'event.action', 'o365.audit.Operation');
  return {
    timestamp: str(r, '@timestamp') ?? '',
    user: userOf(r),
    operation,
    workload: str(r, 'event.provider', 'o365.audit.Workload'),
    object: str(r, 'file.name', 'url.original', 'o365.audit.ObjectId'),
    outcome: str(r, 'event.outcome'),
    risky: operation !== null && risky.has(operation),
  };
}

/**
 * Threat-intel rows. Raw feed copies (`labels.is_ioc_transform_source: "true"`) are superseded by the
 * latest-transform copies, so they are dropped whenever any latest copy matched.
 */
export function toThreatIntelRows(records: Rec[]): ThreatIntelRow[] {
  const isRaw = (r: Rec) => String(pick(r, 'labels.is_ioc_transform_source')) === 'true';
  const hasLatest = records.some((r) => !isRaw(r));
  return records
    .filter((r) => !(hasLatest && isRaw(r)))
    .map((r) => ({
      timestamp: str(r, '@timestamp') ?? '',
      indicator: str(r, 'threat.indicator.ip'),
      feed: str(r, 'threat.feed.name', 'event.dataset'),
      provider: str(r, 'threat.indicator.provider'),
      confidence: str(r, 'threat.indicator.confidence'),
      type: str(r, 'threat.indicator.type'),
      firstSeen: str(r, 'threat.indicator.first_seen'),
      lastSeen: str(r, 'threat.indicator.last_seen'),
      description: str(r, 'threat.indicator.description', 'threat.software.name', 'message'),
    }));
}

export function toAlertListItem(r: Rec): AlertListItem {
  return {
    id: str(r, 'kibana.alert.uuid') ?? '',
    instanceId: str(r, 'kibana.alert.instance.id'),
    timestamp: str(r, '@timestamp') ?? '',
    user: str(r, 'cloud_identity.user') ?? '',
    ip: str(r, 'cloud_identity.source_ip') ?? '',
    severity: str(r, 'cloud_identity.severity') ?? 'low',
    riskScore: num(r, 'cloud_identity.risk_score'),
    reason: str(r, 'kibana.alert.reason') ?? '',
    status: str(r, 'kibana.alert.status') ?? '',
    ruleName: str(r, 'kibana.alert.rule.name'),
    ruleUuid: str(r, 'kibana.alert.rule.uuid'),
    detection: str(r, 'cloud_identity.detection'),
  };
}

/** Sets `a.b.c` in a nested object. */
function setPath(obj: Rec, path: string[], value: unknown) {
  let o = obj;
  for (const k of path.slice(0, -1)) {
    if (!o[k] || typeof o[k] !== 'object' || Array.isArray(o[k])) o[k] = {};
    o = o[k] as Rec;
  }
  o[path[path.length - 1]] = value;
}

/**
 * The nested object under `prefix`, whether the document stores it nested (`{cloud_identity: {...}}`),
 * flat (`{"cloud_identity.signin.first": ...}`, as the alerts client writes payloads) or mixed.
 */
export function nestedUnder(doc: Rec, prefix: string): Rec | null {
  const out: Rec = {};
  let found = false;
  const walk = (v: unknown, path: string[]) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v as Rec)) walk(x, [...path, ...k.split('.')]);
    } else {
      setPath(out, path, v);
      found = true;
    }
  };
  for (const [k, v] of Object.entries(doc)) {
    const parts = k.split('.');
    if (parts[0] !== prefix) continue;
    walk(v, parts.slice(1));
  }
  return found ? out : null;
}

export function toAlertDetail(doc: Rec): AlertDetail {
  const summary = nestedUnder(doc, 'cloud_identity');
  return {
    id: str(doc, 'kibana.alert.uuid') ?? '',
    timestamp: str(doc, '@timestamp') ?? '',
    status: str(doc, 'kibana.alert.status') ?? '',
    reason: str(doc, 'kibana.alert.reason') ?? '',
    ruleName: str(doc, 'kibana.alert.rule.name'),
    ruleUuid: str(doc, 'kibana.alert.rule.uuid'),
    user: str(doc, 'cloud_identity.user', 'user.email', 'user.name') ?? '',
    ip: str(doc, 'cloud_identity.source_ip', 'source.ip') ?? '',
    severity: str(doc, 'cloud_identity.severity', 'kibana.alert.severity') ?? 'low',
    riskScore: num(doc, 'cloud_identity.risk_score', 'kibana.alert.risk_score'),
    detection: str(doc, 'cloud_identity.detection'),
    geo: {
      country: str(doc, 'source.geo.country_name', 'source.geo.country_iso_code'),
      city: str(doc, 'source.geo.city_name'),
      asNumber: num(doc, 'source.as.number'),
      asOrg: str(doc, 'source.as.organization.name'),
    },
    summary,
  };
}
