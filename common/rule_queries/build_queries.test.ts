import fs from 'fs';
import path from 'path';
import { DEFAULT_RULE_PARAMS, decodeRuleParams } from '../params';
import type { RuleParams } from '../params';
import {
  LIMITS,
  NETWORK_OPTIONAL_FIELDS,
  SIGNIN_OPTIONAL_FIELDS,
  buildNetworkQuery,
  buildPairsQuery,
  buildProbeQuery,
  buildSigninIpsQuery,
  buildThreatIntelQuery,
  buildThreatIntelUnionQuery,
  fieldRef,
  fromClause,
  networkWindow,
} from './build_queries';

const GOLDEN = path.join(__dirname, '__fixtures__', 'default_queries.golden.esql');
const window = { dateStart: '2026-11-23T10:00:00.000Z', dateEnd: '2026-11-23T11:00:00.000Z' };
const ips = ['45.155.205.233', '2a01:4f8:c2c:1::7'];

function defaultQueries(params: RuleParams = DEFAULT_RULE_PARAMS) {
  return {
    'network alerts per IP': buildNetworkQuery(params, window).query,
    'sign-in/activity IPs of the window (threat-intel modes)': buildSigninIpsQuery(params, window).query,
    'threat-intel indicators for those IPs': buildThreatIntelQuery(params, window, ips).query,
    'threat-intel union fallback (too many sign-in IPs)': buildThreatIntelUnionQuery(params, window).query,
    'sign-ins and M365 activity per (user, IP) for the candidate IPs': buildPairsQuery(params, window, ips).query,
    'schema probe (one per index group)': buildProbeQuery(params.signinIndexPatterns).query,
  };
}

const render = (qs: Record<string, string>) => Object.entries(qs).map(([name, q]) => `// ---- ${name} ----\n${q}\n`).join('\n');

const hostile = (): RuleParams => {
  const r = decodeRuleParams({
    networkAlertRuleIds: ['x" | DROP source.ip //', 'a\\" OR true', '`; FROM secrets', 'eb079c62-4481-4d6e-9643-3ca499df7aaa'],
    riskyOperations: ['New-InboxRule" OR "1"=="1', '|| LIMIT 0', '"""', 'FileDownloaded', 'Add-MailboxPermission', 'MemberAdded', 'New-MailboxExportRequest', 'AnonymousLinkUsed', 'AnonymousLinkCreated', 'SharingInvitationCreated', 'MessageCreated'],
    allowlistCidrs: ['45.155.205.0/24', '2a01:4f8::/32'],
    minNetworkAlertSeverity: 'high',
    minNetworkAlerts: 3,
    tiMinConfidence: 'medium',
  });
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.params;
};

describe('build_queries', () => {
  it('matches the golden ES|QL for the default params', () => {
    const text = render(defaultQueries());
    if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(GOLDEN, text);
    expect(text).toBe(fs.readFileSync(GOLDEN, 'utf8'));
  });

  it('never changes the query text for hostile param values (same count of risky operations)', () => {
    const h = hostile();
    const a = defaultQueries();
    const b = defaultQueries(h);
    expect(b).toEqual(a);
    // ...and the values travel as parameters and DSL values only
    const net = buildNetworkQuery(h, window);
    expect(net.params).toEqual([{ min_severity: 3 }, { min_alerts: 3 }]);
    expect(JSON.stringify(net.filter)).toContain('x\\" | DROP source.ip //');
    const pairs = buildPairsQuery(h, window, ['"; DROP', ...ips]);
    expect(pairs.params[0]).toEqual({ r0: 'New-InboxRule" OR "1"=="1' });
    expect(pairs.params).toHaveLength(11);
    for (const q of Object.values(b)) {
      expect(q).not.toContain('DROP');
      expect(q).not.toContain('45.155.205');
      expect(q).not.toContain('secrets');
    }
    expect(buildThreatIntelQuery(h, window, ips).params).toEqual([{ min_confidence: 2 }]);
  });

  it('uses one placeholder per risky operation and none when the list is empty', () => {
    const none = { ...DEFAULT_RULE_PARAMS, riskyOperations: [] };
    const q = buildPairsQuery(none, window, ips);
    expect(q.query).toContain('| EVAL is_risky = false');
    expect(q.params).toEqual([]);
    const two = buildPairsQuery({ ...DEFAULT_RULE_PARAMS, riskyOperations: ['A', 'B'] }, window, ips);
    expect(two.query).toContain('event.action IN (?r0, ?r1)');
    expect(two.params).toEqual([{ r0: 'A' }, { r1: 'B' }]);
  });

  it('pushes the time range, selectors and noise ranges into the DSL filter', () => {
    const q = buildNetworkQuery(DEFAULT_RULE_PARAMS, window);
    const f = q.filter as { bool: { filter: any[]; must_not: any[] } };
    expect(f.bool.filter[0]).toEqual({ range: { '@timestamp': { gte: '2026-11-23T09:00:00.000Z', lte: window.dateEnd, format: 'strict_date_optional_time' } } });
    expect(f.bool.filter[1]).toEqual({ exists: { field: 'source.ip' } });
    expect(f.bool.filter[2].bool.should).toEqual([
      // requireNetworkCategory: promoted endpoint alerts (malware on a laptop) do not count
      { bool: { filter: [{ terms: { 'kibana.alert.rule.rule_id': ['eb079c62-4481-4d6e-9643-3ca499df7aaa'] } }, { term: { 'event.category': 'network' } }] } },
      { bool: { filter: [{ term: { 'event.kind': 'signal' } }, { term: { 'event.category': 'network' } }] } },
      { bool: { filter: [{ term: { 'event.kind': 'alert' } }, { term: { 'event.category': 'network' } }] } },
    ]);
    expect(f.bool.must_not[0].terms['source.ip']).toEqual(expect.arrayContaining(['10.0.0.0/8', 'fe80::/10', '203.0.113.0/24']));
    // excludeOutboundAlerts: on outbound traffic source.ip is our side
    expect(f.bool.must_not[1]).toEqual({ terms: { 'network.direction': ['outbound', 'egress'] } });
    const loose = buildNetworkQuery({ ...DEFAULT_RULE_PARAMS, requireNetworkCategory: false, excludeOutboundAlerts: false }, window).filter as typeof f;
    expect(loose.bool.filter[2].bool.should[0]).toEqual({ terms: { 'kibana.alert.rule.rule_id': ['eb079c62-4481-4d6e-9643-3ca499df7aaa'] } });
    expect(loose.bool.must_not).toHaveLength(1);
    // data_stream.* is never used: alerts indices leave it unmapped
    expect(JSON.stringify(q)).not.toContain('data_stream');
  });

  it('extends the network window by the lead time (both sides with allowEitherOrder)', () => {
    expect(networkWindow(DEFAULT_RULE_PARAMS, window)).toEqual({ dateStart: '2026-11-23T09:00:00.000Z', dateEnd: window.dateEnd });
    expect(networkWindow({ ...DEFAULT_RULE_PARAMS, allowEitherOrder: true, leadTimeMinutes: 30 }, window)).toEqual({
      dateStart: '2026-11-23T09:30:00.000Z',
      dateEnd: '2026-11-23T11:30:00.000Z',
    });
  });

  it('omits disabled network selectors', () => {
    const q = buildNetworkQuery({ ...DEFAULT_RULE_PARAMS, networkAlertRuleIds: [], includeNetworkCategoryAlerts: false }, window);
    const should = (q.filter as any).bool.filter[2].bool.should;
    expect(should).toEqual([{ bool: { filter: [{ term: { 'event.kind': 'alert' } }, { term: { 'event.category': 'network' } }] } }]);
  });

  it('filters sign-ins by candidate IPs and datasets, values only in the DSL', () => {
    const q = buildPairsQuery(DEFAULT_RULE_PARAMS, window, ips);
    expect((q.filter as any).bool.filter).toEqual([
      { range: { '@timestamp': { gte: window.dateStart, lte: window.dateEnd, format: 'strict_date_optional_time' } } },
      { terms: { 'event.dataset': ['azure.signinlogs', 'o365.audit'] } },
      { terms: { 'source.ip': ips } },
    ]);
  });

  it('selects only active, unexpired, non-superseded IP indicators of the configured age', () => {
    const q = buildThreatIntelQuery({ ...DEFAULT_RULE_PARAMS, tiMaxIndicatorAgeDays: 14 }, window, ips);
    const f = (q.filter as any).bool;
    expect(f.filter[0]).toEqual({ terms: { 'threat.indicator.ip': ips } });
    expect(f.filter[1]).toEqual({ terms: { 'threat.indicator.type': ['ipv4-addr', 'ipv6-addr'] } });
    expect(f.filter[2].bool.should[0]).toEqual({ range: { 'threat.indicator.last_seen': { gte: '2026-11-09T11:00:00.000Z', format: 'strict_date_optional_time' } } });
    expect(f.must_not[0]).toEqual({ term: { 'labels.is_ioc_transform_source': 'true' } });
    expect(f.must_not).toContainEqual({ range: { 'abusech.threatfox.deleted_at': { lte: window.dateEnd, format: 'strict_date_optional_time' } } });
  });

  it('defines fields no matched index maps as typed nulls, and only those', () => {
    const q = buildNetworkQuery(DEFAULT_RULE_PARAMS, window, new Set(['kibana.alert.severity', 'kibana.alert.original_time', 'event.severity']));
    const lines = q.query.split('\n');
    expect(lines[1]).toBe('| EVAL kibana.alert.severity = TO_STRING(null), kibana.alert.original_time = TO_DATETIME(null), event.severity = TO_LONG(null)');
    const p = buildPairsQuery(DEFAULT_RULE_PARAMS, window, ips, new Set(['source.as.number', 'azure.signinlogs.properties.risk_level_during_signin']));
    expect(p.query.split('\n')[1]).toBe('| EVAL azure.signinlogs.properties.risk_level_during_signin = TO_STRING(null), source.`as`.number = TO_LONG(null)');
    expect(Object.keys(NETWORK_OPTIONAL_FIELDS).length + Object.keys(SIGNIN_OPTIONAL_FIELDS).length).toBeGreaterThan(20);
  });

  it('quotes keyword path segments and refuses invalid index patterns', () => {
    expect(fieldRef('source.as.organization.name')).toBe('source.`as`.organization.name');
    expect(fieldRef('@timestamp')).toBe('@timestamp');
    expect(fieldRef('a.first.b-c')).toBe('a.`first`.`b-c`');
    expect(() => fromClause(['logs-*', 'x | DROP'])).toThrow(/invalid index pattern/);
    expect(fromClause(['filebeat-*', 'logs-ti_*', 'filebeat-*'], '_id')).toBe('FROM filebeat-*, logs-ti_* METADATA _id');
  });

  it('returns complete minute sets for the time-order check, not capped TOP lists', () => {
    const n = buildNetworkQuery(DEFAULT_RULE_PARAMS, window).query;
    const p = buildPairsQuery(DEFAULT_RULE_PARAMS, window, ips).query;
    expect(n).toContain('alert_minutes = VALUES(DATE_TRUNC(1 minute, alert_time)),');
    expect(p).toContain('signin_minutes = VALUES(DATE_TRUNC(1 minute, @timestamp)) WHERE is_signin,');
    for (const q of [n, p]) expect(q).not.toMatch(/\bTOP\(/);
  });

  it('caps every list and row count by constants', () => {
    const p = buildPairsQuery(DEFAULT_RULE_PARAMS, window, ips).query;
    expect(p).toContain(`MV_SLICE(operations, 0, ${LIMITS.operations - 1})`);
    expect(p).toContain(`MV_SLICE(workloads, 0, ${LIMITS.workloads - 1})`);
    expect(p).toContain(`MV_SLICE(objects, 0, ${LIMITS.objects - 1})`);
    expect(p).toContain(`| LIMIT ${LIMITS.pairs}`);
    expect(buildNetworkQuery(DEFAULT_RULE_PARAMS, window).query).toContain('MV_SLICE(alert_ids, 0, 19)');
  });
});
