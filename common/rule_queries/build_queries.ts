// Pure builders of the ES|QL requests the rule sends. Each returns `{ query, params, filter }`:
// - `query`: fixed text. The only inputs that reach it are index patterns (validated by common/params.ts,
//   they cannot be parameters in FROM), constants from this module, and the *number* of risky operations
//   (one `?rN` placeholder each). Values never do.
// - `params`: named ES|QL parameters for every value from the rule params.
// - `filter`: Query DSL that Elasticsearch applies before ES|QL runs (time range, IP lists, selectors):
//   evaluated from the indices, so cost follows the matching documents. DSL on an unmapped field
//   simply matches nothing, which makes it the safe place for fields some deployments lack.
// Design and costs: docs/rule_design.md.
import { MAX_LINKED_ALERT_IDS } from '../constants';
import { excludedCidrs } from '../ip';
import type { RuleParams } from '../params';
import { isValidIndexPattern } from '../params';

export interface EsqlRequestBody {
  query: string;
  params: Array<Record<string, string | number | boolean>>;
  filter: Record<string, unknown>;
}

export interface TimeWindow {
  /** ISO date strings */
  dateStart: string;
  dateEnd: string;
}

/** ES|QL types of optional fields: a field absent from every matched index is defined as a typed null. */
export type EsqlFieldType = 'keyword' | 'long' | 'double' | 'datetime' | 'ip';

/** Fields the network-alert query reads that a deployment may not map (e.g. Suricata-only, no Security alerts). */
export const NETWORK_OPTIONAL_FIELDS: Record<string, EsqlFieldType> = {
  'kibana.alert.severity': 'keyword',
  'kibana.alert.risk_score': 'double',
  'kibana.alert.rule.name': 'keyword',
  'kibana.alert.original_time': 'datetime',
  'rule.name': 'keyword',
  'event.module': 'keyword',
  'event.severity': 'long',
  'event.risk_score': 'double',
};

/** Fields of the sign-in/activity queries that only some sources map (Entra-only, O365-only, geo/ASN enrichment). */
export const SIGNIN_OPTIONAL_FIELDS: Record<string, EsqlFieldType> = {
  'event.outcome': 'keyword',
  'event.action': 'keyword',
  'event.provider': 'keyword',
  'user.email': 'keyword',
  'user.name': 'keyword',
  'user.domain': 'keyword',
  'user.id': 'keyword',
  'azure.signinlogs.properties.app_display_name': 'keyword',
  'azure.signinlogs.properties.risk_level_during_signin': 'keyword',
  'file.name': 'keyword',
  'url.original': 'keyword',
  'o365.audit.ObjectId': 'keyword',
  'source.geo.country_iso_code': 'keyword',
  'source.geo.country_name': 'keyword',
  'source.geo.city_name': 'keyword',
  'source.as.number': 'long',
  'source.as.organization.name': 'keyword',
};

export const TI_OPTIONAL_FIELDS: Record<string, EsqlFieldType> = {
  'threat.indicator.confidence': 'keyword',
  'threat.indicator.provider': 'keyword',
  'threat.indicator.type': 'keyword',
  'threat.indicator.first_seen': 'datetime',
  'threat.indicator.last_seen': 'datetime',
  'threat.indicator.description': 'keyword',
  'threat.indicator.reference': 'keyword',
  'threat.feed.name': 'keyword',
};

/** Fields every query needs; a missing one is a clear user error, not a null. */
export const NETWORK_REQUIRED_FIELDS = ['@timestamp', 'source.ip'];
export const SIGNIN_REQUIRED_FIELDS = ['@timestamp', 'source.ip', 'event.dataset'];
export const TI_REQUIRED_FIELDS = ['threat.indicator.ip'];

/** Datasets the sign-in side reads (Fleet integrations and Filebeat modules use the same names). */
export const SIGNIN_DATASETS = ['azure.signinlogs', 'o365.audit'];
export const TI_INDICATOR_TYPES = ['ipv4-addr', 'ipv6-addr'];
/**
 * Vendor expiry fields set by Elastic TI integrations (ingest pipelines compute them from the integration's
 * "IOC expiration duration"); an indicator with one of them at or before the run end is expired.
 * The `_latest` transform indices already drop expired IOCs through their retention policy.
 */
export const TI_EXPIRY_FIELDS = [
  'abusech.threatfox.deleted_at',
  'abusech.url.deleted_at',
  'abusech.malware.deleted_at',
  'abusech.malwarebazaar.deleted_at',
  'threat.indicator.expiration',
  'stix.ioc_expiration_date',
  'threatq.expires_at',
];

/** Row caps (ES|QL returns at most 10,000 rows per request). Documented in docs/rule_design.md. */
export const LIMITS = {
  networkIps: 1000,
  signinIps: 10000,
  indicatorIps: 10000,
  pairs: 10000,
  operations: 15,
  workloads: 5,
  objects: 10,
  listValues: 20,
  descriptions: 5,
} as const;

/**
 * Time resolution of the order check. Alert and sign-in times come back as the distinct minutes they fall in
 * (`VALUES(DATE_TRUNC(1 minute, …))`): complete however many events there are, at most one value per minute
 * of the queried window. `checkTimeOrder` (server/rule_type/build_alert.ts) works on these minutes.
 */
export const TIME_BUCKET = '1 minute';
export const TIME_BUCKET_MS = 60_000;

export const SEVERITY_RANK: Record<string, number> = { low: 1, medium: 2, high: 3, critical: 4 };
export const CONFIDENCE_RANK: Record<string, number> = { none: 0, low: 1, medium: 2, high: 3 };

// ---------- ES|QL text helpers ----------

/** Path segments that are ES|QL keywords (or not plain identifiers) must be backquoted, e.g. source.`as`.number. */
const KEYWORD_SEGMENTS = new Set([
  'and', 'as', 'asc', 'by', 'desc', 'false', 'first', 'in', 'is', 'last', 'like', 'metadata', 'not', 'null', 'nulls', 'on',
  'or', 'rlike', 'true', 'with', 'where', 'limit', 'from', 'row', 'eval', 'stats', 'keep', 'drop', 'rename', 'sort', 'match',
]);
export function fieldRef(path: string): string {
  return path
    .split('.')
    .map((seg) => (/^(@?[A-Za-z_][A-Za-z0-9_]*)$/.test(seg) && !KEYWORD_SEGMENTS.has(seg.toLowerCase()) ? seg : `\`${seg.replace(/`/g, '``')}\``))
    .join('.');
}

/** Typed null literal per ES|QL type: stands in for an optional field no matched index maps. */
export const NULL_OF: Record<EsqlFieldType, string> = {
  keyword: 'TO_STRING(null)',
  long: 'TO_LONG(null)',
  double: 'TO_DOUBLE(null)',
  datetime: 'TO_DATETIME(null)',
  ip: 'TO_IP(null)',
};

/** `FROM` clause for validated, de-duplicated patterns. Throws (a programming error) on an invalid pattern. */
export function fromClause(patterns: readonly string[], metadata?: string): string {
  const unique = [...new Set(patterns)];
  for (const p of unique) if (!isValidIndexPattern(p)) throw new Error(`invalid index pattern reached the query builder: ${JSON.stringify(p)}`);
  return `FROM ${unique.join(', ')}${metadata ? ` METADATA ${metadata}` : ''}`;
}

/** Defines optional fields that no matched index maps, so the query text can reference them. */
function nullFields(optional: Record<string, EsqlFieldType>, missing: ReadonlySet<string>): string[] {
  const defs = Object.entries(optional)
    .filter(([f]) => missing.has(f))
    .map(([f, type]) => `${fieldRef(f)} = ${NULL_OF[type]}`);
  return defs.length ? [`| EVAL ${defs.join(', ')}`] : [];
}

const range = (field: string, gte: string, lte?: string) => ({
  range: { [field]: { gte, ...(lte ? { lte } : {}), format: 'strict_date_optional_time' } },
});
const minutes = (iso: string, delta: number) => new Date(Date.parse(iso) + delta * 60_000).toISOString();
const days = (iso: string, delta: number) => minutes(iso, delta * 24 * 60);

/** The time range of network alerts that can precede (or, with allowEitherOrder, follow) a sign-in of the window. */
export function networkWindow(params: RuleParams, w: TimeWindow): TimeWindow {
  return {
    dateStart: minutes(w.dateStart, -params.leadTimeMinutes),
    dateEnd: params.allowEitherOrder ? minutes(w.dateEnd, params.leadTimeMinutes) : w.dateEnd,
  };
}

// ---------- 1. network alerts per IP ----------

/** The selectors for network alert rows; empty when the params enable none. */
export function networkSelectors(params: RuleParams): Array<Record<string, unknown>> {
  const s: Array<Record<string, unknown>> = [];
  const byRuleId = { terms: { 'kibana.alert.rule.rule_id': [...params.networkAlertRuleIds] } };
  if (params.networkAlertRuleIds.length > 0) s.push(params.requireNetworkCategory ? { bool: { filter: [byRuleId, { term: { 'event.category': 'network' } }] } } : byRuleId);
  // DSL term matches a multi-valued event.category (["network","intrusion_detection"]); ES|QL `==` would not.
  if (params.includeNetworkCategoryAlerts) s.push({ bool: { filter: [{ term: { 'event.kind': 'signal' } }, { term: { 'event.category': 'network' } }] } });
  if (params.includeRawSensorAlerts) s.push({ bool: { filter: [{ term: { 'event.kind': 'alert' } }, { term: { 'event.category': 'network' } }] } });
  return s;
}

export function buildNetworkQuery(params: RuleParams, window: TimeWindow, missing: ReadonlySet<string> = new Set()): EsqlRequestBody {
  const nw = networkWindow(params, window);
  const query = [
    fromClause(params.networkAlertIndexPatterns, '_id'),
    ...nullFields(NETWORK_OPTIONAL_FIELDS, missing),
    '| EVAL ip = source.ip,',
    '    alert_time = COALESCE(kibana.alert.original_time, @timestamp),',
    // Security alerts carry kibana.alert.severity; raw Suricata events use event.severity 1 = high, 2 = medium,
    // 3 = low; other raw sensors follow Elastic's 21/47/73/99 severity scale.
    '    severity_rank = CASE(',
    '      kibana.alert.severity == "critical", 4,',
    '      kibana.alert.severity == "high", 3,',
    '      kibana.alert.severity == "medium", 2,',
    '      kibana.alert.severity == "low", 1,',
    '      event.module == "suricata" AND event.severity == 1, 3,',
    '      event.module == "suricata" AND event.severity == 2, 2,',
    '      event.module == "suricata", 1,',
    '      event.severity >= 99, 4,',
    '      event.severity >= 73, 3,',
    '      event.severity >= 47, 2,',
    '      1),',
    '    risk = COALESCE(kibana.alert.risk_score, event.risk_score),',
    '    rule_name = COALESCE(kibana.alert.rule.name, rule.name)',
    '| WHERE severity_rank >= ?min_severity',
    '| STATS network_alerts = COUNT(*),',
    '    first_alert = MIN(alert_time),',
    '    last_alert = MAX(alert_time),',
    `    alert_minutes = VALUES(DATE_TRUNC(${TIME_BUCKET}, alert_time)),`,
    '    rule_names = VALUES(rule_name),',
    '    max_severity = MAX(severity_rank),',
    '    max_risk = MAX(risk),',
    '    alert_ids = VALUES(_id)',
    '  BY ip',
    '| WHERE network_alerts >= ?min_alerts',
    `| EVAL alert_ids = MV_SLICE(alert_ids, 0, ${MAX_LINKED_ALERT_IDS - 1}), rule_names = MV_SLICE(rule_names, 0, ${LIMITS.listValues - 1})`,
    '| SORT max_severity DESC, network_alerts DESC, ip ASC',
    `| LIMIT ${LIMITS.networkIps}`,
  ].join('\n');
  const filter = {
    bool: {
      filter: [
        range('@timestamp', nw.dateStart, nw.dateEnd),
        { exists: { field: 'source.ip' } },
        { bool: { should: networkSelectors(params), minimum_should_match: 1 } },
      ],
      must_not: [
        { terms: { 'source.ip': excludedCidrs(params.allowlistCidrs) } },
        // ECS network.direction: on outbound/egress traffic source.ip is our side (host or NAT egress), not the attacker
        ...(params.excludeOutboundAlerts ? [{ terms: { 'network.direction': ['outbound', 'egress'] } }] : []),
      ],
    },
  };
  return {
    query,
    params: [{ min_severity: SEVERITY_RANK[params.minNetworkAlertSeverity] }, { min_alerts: params.minNetworkAlerts }],
    filter,
  };
}

// ---------- shared sign-in / activity fragments ----------

/**
 * User identity fallback: lowercase of user.email, then user.name@user.domain, then user.name, then user.id.
 * Sign-ins: Entra `event.outcome == "success"`; O365 `UserLoggedIn` / `MailItemsAccessed` with success.
 * Activity: every O365 audit record except the logon records themselves.
 */
function signinEval(params: RuleParams, withRisky = true): string[] {
  const risky = params.riskyOperations.length
    ? `COALESCE(is_activity AND event.action IN (${params.riskyOperations.map((_, i) => `?r${i}`).join(', ')}), false)`
    : 'false';
  return [
    '| EVAL ip = source.ip,',
    '    user_key = TO_LOWER(COALESCE(user.email, CONCAT(user.name, "@", user.domain), user.name, user.id)),',
    '    is_signin = COALESCE(event.outcome == "success" AND (event.dataset == "azure.signinlogs"',
    '      OR (event.dataset == "o365.audit" AND event.action IN ("UserLoggedIn", "MailItemsAccessed"))), false),',
    '    is_activity = COALESCE(event.dataset == "o365.audit" AND event.action NOT IN ("UserLoggedIn", "UserLoginFailed"), false)',
    ...(withRisky ? [`| EVAL is_risky = ${risky}`] : []),
  ];
}

const riskyParams = (params: RuleParams) => params.riskyOperations.map((op, i) => ({ [`r${i}`]: op }));

function signinFilter(window: TimeWindow, extra: Array<Record<string, unknown>>, mustNot: Array<Record<string, unknown>> = []) {
  return {
    bool: {
      filter: [range('@timestamp', window.dateStart, window.dateEnd), { terms: { 'event.dataset': SIGNIN_DATASETS } }, ...extra],
      ...(mustNot.length ? { must_not: mustNot } : {}),
    },
  };
}

// ---------- 2. sign-in / activity IPs of the window (threat-intel modes) ----------

export function buildSigninIpsQuery(params: RuleParams, window: TimeWindow, missing: ReadonlySet<string> = new Set()): EsqlRequestBody {
  const query = [
    fromClause(params.signinIndexPatterns),
    ...nullFields(SIGNIN_OPTIONAL_FIELDS, missing),
    ...signinEval(params, false),
    '| WHERE user_key IS NOT NULL AND (is_signin OR is_activity)',
    '| STATS events = COUNT(*), users = COUNT_DISTINCT(user_key) BY ip',
    '| SORT events DESC, ip ASC',
    `| LIMIT ${LIMITS.signinIps}`,
  ].join('\n');
  return {
    query,
    params: [],
    filter: signinFilter(window, [{ exists: { field: 'source.ip' } }], [{ terms: { 'source.ip': excludedCidrs(params.allowlistCidrs) } }]),
  };
}

// ---------- 3. threat-intel indicators per IP ----------

function tiEval(): string[] {
  return [
    '| EVAL confidence_rank = CASE(',
    '      TO_LOWER(threat.indicator.confidence) == "high", 3,',
    '      TO_LOWER(threat.indicator.confidence) == "medium", 2,',
    '      TO_LOWER(threat.indicator.confidence) == "low", 1,',
    '      0)',
  ];
}

function tiAggs(where = ''): string[] {
  return [
    `    indicators = COUNT(*)${where},`,
    `    feeds = VALUES(threat.feed.name)${where},`,
    `    providers = VALUES(threat.indicator.provider)${where},`,
    `    types = VALUES(threat.indicator.type)${where},`,
    `    max_confidence = MAX(confidence_rank)${where},`,
    `    first_seen = MIN(threat.indicator.first_seen)${where},`,
    `    last_seen = MAX(threat.indicator.last_seen)${where},`,
    `    descriptions = VALUES(threat.indicator.description)${where},`,
    `    references = VALUES(threat.indicator.reference)${where}`,
  ];
}

const tiSlices = `| EVAL feeds = MV_SLICE(feeds, 0, ${LIMITS.listValues - 1}), providers = MV_SLICE(providers, 0, ${LIMITS.listValues - 1}), descriptions = MV_SLICE(descriptions, 0, ${LIMITS.descriptions - 1}), references = MV_SLICE(references, 0, ${LIMITS.descriptions - 1})`;

/** Active, unexpired IP indicators; raw copies superseded by a latest transform are skipped. */
function tiPredicates(params: RuleParams, window: TimeWindow) {
  const ageStart = days(window.dateEnd, -params.tiMaxIndicatorAgeDays);
  return {
    filter: [
      { terms: { 'threat.indicator.type': TI_INDICATOR_TYPES } },
      {
        bool: {
          should: [
            range('threat.indicator.last_seen', ageStart),
            // Feeds without last_seen: the document time stands in.
            { bool: { must_not: [{ exists: { field: 'threat.indicator.last_seen' } }], filter: [range('@timestamp', ageStart)] } },
          ],
          minimum_should_match: 1,
        },
      },
    ],
    must_not: [
      { term: { 'labels.is_ioc_transform_source': 'true' } },
      ...TI_EXPIRY_FIELDS.map((f) => ({ range: { [f]: { lte: window.dateEnd, format: 'strict_date_optional_time' } } })),
    ],
  };
}

export function buildThreatIntelQuery(
  params: RuleParams,
  window: TimeWindow,
  ips: readonly string[],
  missing: ReadonlySet<string> = new Set()
): EsqlRequestBody {
  const query = [
    fromClause(params.threatIntelIndexPatterns),
    ...nullFields(TI_OPTIONAL_FIELDS, missing),
    '| EVAL ip = threat.indicator.ip',
    ...tiEval(),
    '| WHERE confidence_rank >= ?min_confidence',
    '| STATS',
    ...tiAggs(),
    '  BY ip',
    tiSlices,
    '| SORT ip ASC',
    `| LIMIT ${LIMITS.indicatorIps}`,
  ].join('\n');
  const p = tiPredicates(params, window);
  return {
    query,
    params: [{ min_confidence: CONFIDENCE_RANK[params.tiMinConfidence] }],
    filter: { bool: { filter: [{ terms: { 'threat.indicator.ip': [...ips] } }, ...p.filter], must_not: p.must_not } },
  };
}

/**
 * Fallback when the window has more sign-in IPs than one response holds: one union query over sign-ins and
 * indicators, grouped by IP. It scans the active IP indicators (cost ~ indicator set), still one request.
 */
export function buildThreatIntelUnionQuery(
  params: RuleParams,
  window: TimeWindow,
  missing: ReadonlySet<string> = new Set()
): EsqlRequestBody {
  const query = [
    fromClause([...params.signinIndexPatterns, ...params.threatIntelIndexPatterns]),
    ...nullFields({ ...SIGNIN_OPTIONAL_FIELDS, ...TI_OPTIONAL_FIELDS }, missing),
    '| EVAL is_ti = threat.indicator.ip IS NOT NULL',
    ...signinEval(params, false),
    '| EVAL ip = CASE(is_ti, threat.indicator.ip, source.ip)',
    ...tiEval(),
    '| WHERE (is_ti AND confidence_rank >= ?min_confidence) OR (NOT is_ti AND user_key IS NOT NULL AND (is_signin OR is_activity))',
    '| STATS events = COUNT(*) WHERE NOT is_ti,',
    '    users = COUNT_DISTINCT(user_key) WHERE NOT is_ti,',
    ...tiAggs(' WHERE is_ti'),
    '  BY ip',
    '| WHERE events > 0 AND indicators > 0',
    tiSlices,
    '| SORT ip ASC',
    `| LIMIT ${LIMITS.indicatorIps}`,
  ].join('\n');
  const p = tiPredicates(params, window);
  const excluded = { terms: { 'source.ip': excludedCidrs(params.allowlistCidrs) } };
  return {
    query,
    params: [{ min_confidence: CONFIDENCE_RANK[params.tiMinConfidence] }],
    filter: {
      bool: {
        should: [
          signinFilter(window, [{ exists: { field: 'source.ip' } }], [excluded]),
          { bool: { filter: [{ exists: { field: 'threat.indicator.ip' } }, ...p.filter], must_not: p.must_not } },
        ],
        minimum_should_match: 1,
      },
    },
  };
}

// ---------- 4. per (user, IP) sign-ins and M365 activity for the candidate IPs ----------

export function buildPairsQuery(
  params: RuleParams,
  window: TimeWindow,
  ips: readonly string[],
  missing: ReadonlySet<string> = new Set()
): EsqlRequestBody {
  const query = [
    fromClause(params.signinIndexPatterns),
    ...nullFields(SIGNIN_OPTIONAL_FIELDS, missing),
    ...signinEval(params),
    '| EVAL app = COALESCE(azure.signinlogs.properties.app_display_name, event.provider),',
    '    item = COALESCE(file.name, url.original, o365.audit.ObjectId)',
    '| WHERE user_key IS NOT NULL AND (is_signin OR is_activity)',
    '| STATS signins = COUNT(*) WHERE is_signin,',
    '    first_signin = MIN(@timestamp) WHERE is_signin,',
    '    last_signin = MAX(@timestamp) WHERE is_signin,',
    `    signin_minutes = VALUES(DATE_TRUNC(${TIME_BUCKET}, @timestamp)) WHERE is_signin,`,
    '    apps = VALUES(app) WHERE is_signin,',
    '    datasets = VALUES(event.dataset),',
    '    risk_levels = VALUES(azure.signinlogs.properties.risk_level_during_signin) WHERE is_signin,',
    '    activities = COUNT(*) WHERE is_activity,',
    '    first_activity = MIN(@timestamp) WHERE is_activity,',
    '    last_activity = MAX(@timestamp) WHERE is_activity,',
    '    risky = COUNT(*) WHERE is_risky,',
    '    operations = VALUES(event.action) WHERE is_activity,',
    '    risky_operations = VALUES(event.action) WHERE is_risky,',
    '    workloads = VALUES(event.provider) WHERE is_activity,',
    '    objects = VALUES(item) WHERE is_activity,',
    '    user_names = VALUES(user.name),',
    '    user_emails = VALUES(user.email),',
    '    user_domains = VALUES(user.domain),',
    '    user_ids = VALUES(user.id),',
    '    countries = VALUES(source.geo.country_iso_code),',
    '    country_names = VALUES(source.geo.country_name),',
    '    cities = VALUES(source.geo.city_name),',
    `    as_numbers = VALUES(${fieldRef('source.as.number')}),`,
    `    as_orgs = VALUES(${fieldRef('source.as.organization.name')})`,
    '  BY ip, user_key',
    `| EVAL operations = MV_SLICE(operations, 0, ${LIMITS.operations - 1}), workloads = MV_SLICE(workloads, 0, ${LIMITS.workloads - 1}),`,
    `    objects = MV_SLICE(objects, 0, ${LIMITS.objects - 1}), apps = MV_SLICE(apps, 0, ${LIMITS.listValues - 1})`,
    '| SORT ip ASC, user_key ASC',
    `| LIMIT ${LIMITS.pairs}`,
  ].join('\n');
  return {
    query,
    params: riskyParams(params),
    filter: signinFilter(window, [{ terms: { 'source.ip': [...ips] } }]),
  };
}

/** The schema probe: `LIMIT 0` returns the columns (mapped fields) of the matched indices and no rows. */
export function buildProbeQuery(patterns: readonly string[]): EsqlRequestBody {
  return { query: `${fromClause(patterns)}\n| LIMIT 0`, params: [], filter: { match_all: {} } };
}
