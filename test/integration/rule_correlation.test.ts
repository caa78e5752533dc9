// runCorrelation end to end through @elastic/elasticsearch against the embedded engine (or ES_URL):
// realistic ECS indices, planted stories, every mode; the request count stays constant for many IPs.
import { DEFAULT_RULE_PARAMS } from '../../common/params';
import type { RuleParams } from '../../common/params';
import { runCorrelation } from '../../server/rule_type/correlate';
import type { CorrelationResult } from '../../server/rule_type/correlate';
import { executor } from '../../server/rule_type/executor';
import {
  WINDOW,
  entraSignin,
  filebeatO365,
  load,
  o365,
  securityAlert,
  suricataAlert,
  threatFox,
} from '../fixtures/rule/scenario';
import type { Indexed } from '../fixtures/rule/scenario';
import { getTestEs } from '../helpers/es_client';
import type { TestEs } from '../helpers/es_client';

const P = {
  alice: { ip: '45.155.205.233', country: 'NL', asn: 206728, org: 'Media Land LLC' },
  bob: { ip: '185.220.101.4' },
  carol: { ip: '10.20.30.40' },
  shared: { ip: '91.198.174.192' },
  dave: { ip: '193.0.6.139' },
  erin: { ip: '2a01:4f8:c2c:1::7' },
  frank: { ip: '5.188.10.10' },
  grace: { ip: '62.233.50.10' },
  heidi: { ip: '80.66.88.204' },
  ivan: { ip: '194.26.192.64' },
  oscar: { ip: '141.98.10.60' },
  peggy: { ip: '103.75.201.2' },
  trent: { ip: '87.236.176.5' },
  sybil: { ip: '45.9.148.3' },
  victor: { ip: '92.118.39.10' },
};
const u = (name: string) => `${name}@contoso.com`;

function stories(): Indexed[] {
  return [
    // alice: IDS alert, 10 min later a successful sign-in, then downloads and an inbox rule (risky x3)
    suricataAlert(P.alice, -50, 1),
    entraSignin(u('alice'), P.alice, -40, { app: 'Azure Portal' }),
    o365(u('alice'), P.alice, -38, 'FileDownloaded', { object: 'q3-financials.xlsx' }),
    o365(u('alice'), P.alice, -37, 'FileDownloaded', { object: 'payroll.xlsx' }),
    o365(u('alice'), P.alice, -35, 'New-InboxRule'),
    o365(u('alice'), P.alice, -34, 'FileAccessed', { object: 'readme.docx' }),
    // judy: same IP, Filebeat-module O365 logon
    filebeatO365(u('judy'), P.alice, -30, 'UserLoggedIn'),
    // bob: the network alert comes 10 min AFTER the sign-in
    entraSignin(u('bob'), P.bob, -20),
    securityAlert(P.bob, -10),
    // carol: private address, never correlated
    securityAlert(P.carol, -30),
    entraSignin(u('carol'), P.carol, -20),
    // shared proxy: 6 users behind one flagged IP
    securityAlert(P.shared, -55),
    ...['u1', 'u2', 'u3', 'u4', 'u5', 'u6'].map((n, i) => entraSignin(u(n), P.shared, -30 + i)),
    // dave: flagged, signs in 1 min later (allowlisted in one variant)
    securityAlert(P.dave, -45, { severity: 'medium' }),
    entraSignin(u('dave'), P.dave, -44),
    // erin: IPv6 indicator (active, latest + raw copy), mailbox access over IPv6
    ...threatFox(P.erin.ip),
    o365(u('erin'), P.erin, -20, 'MailItemsAccessed'),
    // frank: expired indicator
    ...threatFox(P.frank.ip, { deletedAtDays: -1 }),
    entraSignin(u('frank'), P.frank, -15),
    // grace: only the raw copy (superseded by the latest transform, which has dropped it)
    ...threatFox(P.grace.ip, { latest: false }),
    entraSignin(u('grace'), P.grace, -15),
    // heidi: flagged IP, failed sign-in only
    securityAlert(P.heidi, -30),
    entraSignin(u('heidi'), P.heidi, -20, { success: false }),
    // ivan: alert 65 minutes before the sign-in (lead time 60)
    suricataAlert(P.ivan, -115, 1),
    entraSignin(u('ivan'), P.ivan, -50),
    // oscar: indicator last seen 30 days ago (max age 14 days)
    ...threatFox(P.oscar.ip, { lastSeenDays: 30 }),
    entraSignin(u('oscar'), P.oscar, -10),
    // peggy: a URL indicator that happens to carry an IP
    ...threatFox(P.peggy.ip, { type: 'url' }),
    entraSignin(u('peggy'), P.peggy, -10),
    // trent: critical network alert AND an active indicator
    securityAlert(P.trent, -25, { severity: 'critical' }),
    ...threatFox(P.trent.ip, { confidence: 'Medium' }),
    entraSignin(u('trent'), P.trent, -20, { risk: 'medium' }),
    o365(u('trent'), P.trent, -19, 'MailItemsAccessed'),
    // sybil: a Security alert of a non-network rule is not a network alert
    securityAlert(P.sybil, -20, { ruleId: 'some-endpoint-rule', ruleName: 'Malware', category: ['process'] }),
    entraSignin(u('sybil'), P.sybil, -10),
    // victor: a low-severity Suricata alert (event.severity 3)
    suricataAlert(P.victor, -20, 3),
    entraSignin(u('victor'), P.victor, -10),
  ];
}

let es: TestEs;
beforeAll(async () => {
  es = await getTestEs();
  await load(es.client, stories());
});
afterAll(async () => {
  await es?.close();
});

const params = (p: Partial<RuleParams>): RuleParams => ({ ...DEFAULT_RULE_PARAMS, ...p });
const correlate = (p: Partial<RuleParams> = {}) => runCorrelation({ esClient: es.client, params: params(p), ...WINDOW });
const ids = (r: CorrelationResult) => r.alerts.map((a) => a.id).sort();
const byId = (r: CorrelationResult, id: string) => {
  const a = r.alerts.find((x) => x.id === id);
  if (!a) throw new Error(`no alert ${id}; got ${ids(r).join(', ')}`);
  return a;
};

describe('rule correlation against the engine', () => {
  it('network mode: exactly the planted network stories', async () => {
    const r = await correlate({ detectionMode: 'network' });
    expect(r.warnings).toEqual([]);
    expect(ids(r)).toEqual([`alice@contoso.com|${P.alice.ip}`, `dave@contoso.com|${P.dave.ip}`, `judy@contoso.com|${P.alice.ip}`, `trent@contoso.com|${P.trent.ip}`, `victor@contoso.com|${P.victor.ip}`].sort());
    expect(r.requests).toBe(4);
    const alice = byId(r, `alice@contoso.com|${P.alice.ip}`);
    expect(alice.summary).toMatchObject({
      user: 'alice@contoso.com',
      source_ip: P.alice.ip,
      detection: 'network',
      severity: 'high',
      signin: { count: 1, apps: ['Azure Portal'] },
      network_alert: { count: 1, max_severity: 'high', lead_minutes: 10 },
      activity: { count: 4, risky_count: 3 },
    });
    expect(alice.summary.activity.operations.sort()).toEqual(['FileAccessed', 'FileDownloaded', 'New-InboxRule']);
    expect(alice.summary.activity.risky_operations.sort()).toEqual(['FileDownloaded', 'New-InboxRule']);
    expect(alice.summary.activity.objects.sort()).toEqual(['payroll.xlsx', 'q3-financials.xlsx', 'readme.docx']);
    expect(alice.summary.signin.datasets.sort()).toEqual(['azure.signinlogs', 'o365.audit']);
    expect(alice.summary.network_alert.rule_names).toEqual(['ET COMPROMISED Known Compromised or Hostile Host Traffic']);
    expect(alice.summary.network_alert.ids).toHaveLength(1);
    expect(alice.payload).toMatchObject({ 'source.geo.country_iso_code': 'NL', 'source.as.number': 206728, 'source.as.organization.name': 'Media Land LLC', 'user.email': 'alice@contoso.com' });
    const judy = byId(r, `judy@contoso.com|${P.alice.ip}`);
    expect(judy.summary.signin).toMatchObject({ count: 1, datasets: ['o365.audit'] });
    expect(byId(r, `victor@contoso.com|${P.victor.ip}`).summary.network_alert.max_severity).toBe('low');
  });

  it('threat-intel mode: active IPv4/IPv6 indicators only (not expired, superseded, too old or non-IP)', async () => {
    const r = await correlate({ detectionMode: 'threat_intel' });
    expect(ids(r)).toEqual([`erin@contoso.com|${P.erin.ip}`, `trent@contoso.com|${P.trent.ip}`]);
    expect(r.requests).toBe(5);
    const erin = byId(r, `erin@contoso.com|${P.erin.ip}`);
    expect(erin.summary).toMatchObject({
      detection: 'threat_intel',
      severity: 'high',
      signin: { count: 1 },
      activity: { count: 1, risky_count: 1, risky_operations: ['MailItemsAccessed'] },
      threat_intel: { count: 1, feeds: ['AbuseCH Threat Fox'], types: ['ipv6-addr'], max_confidence: 'high', providers: ['ThreatFox'] },
    });
    expect((erin.payload['threat.enrichments'] as any[])[0].matched).toEqual({ atomic: P.erin.ip, field: 'source.ip', type: 'indicator_match_rule' });
  });

  it('both mode: the union, with both signals on one alert', async () => {
    const r = await correlate({ detectionMode: 'both' });
    expect(r.requests).toBe(7);
    expect(ids(r)).toEqual(
      [`alice@contoso.com|${P.alice.ip}`, `dave@contoso.com|${P.dave.ip}`, `erin@contoso.com|${P.erin.ip}`, `judy@contoso.com|${P.alice.ip}`, `trent@contoso.com|${P.trent.ip}`, `victor@contoso.com|${P.victor.ip}`].sort()
    );
    const trent = byId(r, `trent@contoso.com|${P.trent.ip}`);
    expect(trent.summary.detection).toBe('both');
    expect(trent.summary.network_alert).toMatchObject({ count: 1, max_severity: 'critical', lead_minutes: 5 });
    expect(trent.summary.threat_intel).toMatchObject({ count: 1, max_confidence: 'medium' });
    expect(trent.summary.severity).toBe('high'); // 1 risky op -> high; critical network alert floor -> high
    expect(trent.payload['kibana.alert.reason']).toMatch(/network alert .* and 1 threat-intel indicator list it/);
  });

  it('allows either order, the allowlist, and a minimum severity', async () => {
    const either = await correlate({ detectionMode: 'network', allowEitherOrder: true });
    expect(ids(either)).toContain(`bob@contoso.com|${P.bob.ip}`);
    expect(byId(either, `bob@contoso.com|${P.bob.ip}`).summary.network_alert.lead_minutes).toBeLessThan(0);
    const allow = await correlate({ detectionMode: 'network', allowlistCidrs: ['193.0.6.0/24'] });
    expect(ids(allow)).not.toContain(`dave@contoso.com|${P.dave.ip}`);
    const medium = await correlate({ detectionMode: 'network', minNetworkAlertSeverity: 'medium' });
    expect(ids(medium)).not.toContain(`victor@contoso.com|${P.victor.ip}`);
    expect(ids(medium)).toContain(`dave@contoso.com|${P.dave.ip}`);
    const high = await correlate({ detectionMode: 'network', minNetworkAlertSeverity: 'high' });
    expect(ids(high)).not.toContain(`dave@contoso.com|${P.dave.ip}`);
  });

  it('treats an IP with more users than maxUsersPerIp as shared, and a larger limit lets it through', async () => {
    const wide = await correlate({ detectionMode: 'network', maxUsersPerIp: 6 });
    expect(ids(wide).filter((id) => id.endsWith(`|${P.shared.ip}`))).toHaveLength(6);
    const narrow = await correlate({ detectionMode: 'network' });
    expect(ids(narrow).filter((id) => id.endsWith(`|${P.shared.ip}`))).toHaveLength(0);
  });

  it('runs when optional fields are unmapped everywhere (Suricata-only alerts, Entra-only sign-ins)', async () => {
    const r = await correlate({ detectionMode: 'network', networkAlertIndexPatterns: ['logs-suricata.eve-*'], signinIndexPatterns: ['logs-azure.signinlogs-*'] });
    expect(ids(r)).toEqual([`alice@contoso.com|${P.alice.ip}`, `victor@contoso.com|${P.victor.ip}`]);
    const alice = byId(r, `alice@contoso.com|${P.alice.ip}`);
    expect(alice.summary.network_alert).toMatchObject({ count: 1, max_severity: 'high', max_risk_score: null, rule_names: ['ET COMPROMISED Known Compromised or Hostile Host Traffic'] });
    expect(alice.summary.activity.count).toBe(0);
  });

  it('reports through the Kibana executor with the real client', async () => {
    const report = jest.fn((_a: any) => ({ uuid: 'u', start: null }));
    const ruleResultService = { addLastRunError: jest.fn(), addLastRunWarning: jest.fn(), setLastRunOutcomeMessage: jest.fn() };
    const startedAt = new Date(WINDOW.dateEnd);
    await executor(
      {
        executionId: 'e',
        logger: { debug: jest.fn(), warn: jest.fn() } as any,
        params: params({ detectionMode: 'both' }),
        previousStartedAt: null,
        rule: { id: 'r1', ruleTypeId: 'cloudIdentityCompromise.signinCorrelation' } as any,
        services: {
          alertsClient: { report, setAlertData: jest.fn(), isTrackedAlert: () => false, getAlertLimitValue: () => 1000, setAlertLimitReached: jest.fn(), getRecoveredAlerts: () => [] },
          scopedClusterClient: { asCurrentUser: es.client, asInternalUser: es.client },
          shouldStopExecution: () => false,
          shouldWriteAlerts: () => true,
          ruleResultService,
        } as any,
        spaceId: 'default',
        startedAt,
        startedAtOverridden: false,
        state: {},
        isServerless: false,
        getTimeRange: () => WINDOW,
      },
      undefined
    );
    expect(ruleResultService.addLastRunError).not.toHaveBeenCalled();
    expect(report.mock.calls.map((c) => c[0].id).sort()).toEqual(
      [`alice@contoso.com|${P.alice.ip}`, `dave@contoso.com|${P.dave.ip}`, `erin@contoso.com|${P.erin.ip}`, `judy@contoso.com|${P.alice.ip}`, `trent@contoso.com|${P.trent.ip}`, `victor@contoso.com|${P.victor.ip}`].sort()
    );
    expect(ruleResultService.setLastRunOutcomeMessage).toHaveBeenCalledWith(expect.stringMatching(/^6 alert\(s\) .*; 7 ES\|QL request\(s\)$/));
  });

  it('ends with a clear user error for a missing index and keeps going in both mode', async () => {
    await expect(correlate({ detectionMode: 'network', networkAlertIndexPatterns: ['logs-nothing-here-*'] })).rejects.toMatchObject({ kind: 'missing_index', userError: true });
    const r = await correlate({ detectionMode: 'both', threatIntelIndexPatterns: ['logs-ti_nothing-*'] });
    expect(r.warnings[0]).toMatch(/no index matches the threat-intel index patterns/);
    expect(ids(r)).toContain(`alice@contoso.com|${P.alice.ip}`);
  });
});

describe('time order with more than 100 events per group (complete minute sets)', () => {
  let dense: TestEs;
  const refresher = { ip: '45.146.164.10' };
  const scanner = { ip: '45.146.164.11' };
  beforeAll(async () => {
    dense = await getTestEs();
    const docs: Indexed[] = [];
    // mike: 150 token refreshes every 12 s (−58 … −28.2 min), the network alert at −28, the attacker's sign-in at −20
    for (let i = 0; i < 150; i++) docs.push(entraSignin(u('mike'), refresher, -58 + i * 0.2));
    docs.push(suricataAlert(refresher, -28, 1), entraSignin(u('mike'), refresher, -20));
    // nina: an alert at −50, her sign-in at −45, then 150 more alerts from the scanner after it
    docs.push(suricataAlert(scanner, -50, 1), entraSignin(u('nina'), scanner, -45));
    for (let i = 0; i < 150; i++) docs.push(suricataAlert(scanner, -44 + i * 0.2, 1));
    // olga: signs in 90 s before the only alert on her IP (strict order: no alert)
    docs.push(entraSignin(u('olga'), { ip: '45.146.164.12' }, -40), suricataAlert({ ip: '45.146.164.12' }, -38.5, 1));
    await load(dense.client, docs);
  });
  afterAll(async () => {
    await dense?.close();
  });

  it('finds the preceding alert behind 150 earlier sign-ins and behind 150 later alerts', async () => {
    const r = await runCorrelation({ esClient: dense.client, params: params({ detectionMode: 'network' }), ...WINDOW });
    expect(r.warnings).toEqual([]);
    expect(ids(r)).toEqual([`mike@contoso.com|${refresher.ip}`, `nina@contoso.com|${scanner.ip}`]);
    const mike = byId(r, `mike@contoso.com|${refresher.ip}`);
    expect(mike.summary.signin.count).toBe(151);
    // the closest preceding alert minute (−28) to a sign-in minute (the refresh at −28.2 is in minute −29, before it)
    expect(mike.summary.network_alert).toMatchObject({ count: 1, lead_minutes: 8 });
    expect(byId(r, `nina@contoso.com|${scanner.ip}`).summary.network_alert).toMatchObject({ count: 151, lead_minutes: 5 });
    expect(r.stats.timeOrderMisses).toBe(1); // olga
  });
});

describe('request count for many IPs', () => {
  let big: TestEs;
  beforeAll(async () => {
    big = await getTestEs();
    const docs: Indexed[] = [];
    for (let i = 0; i < 300; i++) {
      const place = { ip: `45.${150 + Math.floor(i / 200)}.${i % 200}.${10 + (i % 7)}` };
      docs.push(securityAlert(place, -40), entraSignin(`user${i}@contoso.com`, place, -30), ...threatFox(place.ip, { raw: false }));
    }
    await load(big.client, docs);
  });
  afterAll(async () => {
    await big?.close();
  });

  it('stays at the same constant number of requests for 300 IPs as for one', async () => {
    const r = await runCorrelation({ esClient: big.client, params: params({ detectionMode: 'both', maxAlertsPerRun: 1000 }), ...WINDOW });
    expect(r.requests).toBe(7);
    expect(r.alerts).toHaveLength(300);
    expect(r.alerts.every((a) => a.summary.detection === 'both')).toBe(true);
    const small = await correlate({ detectionMode: 'both' });
    expect(small.requests).toBe(r.requests);
  });
});

describe('threat intel when the window has more sign-in IPs than one response holds', () => {
  let big: TestEs;
  const hit = '45.151.1.77';
  beforeAll(async () => {
    big = await getTestEs();
    const docs: Indexed[] = [];
    // 10,050 distinct sign-in IPs (one user each) overflow the 10,000-row IP census
    for (let i = 0; i < 10050; i++) docs.push(entraSignin(`user${i}@contoso.com`, { ip: `46.${1 + Math.floor(i / 250)}.${i % 250}.9` }, -30));
    docs.push(entraSignin('mallory@contoso.com', { ip: hit }, -20), ...threatFox(hit, { raw: true }));
    docs.push(...threatFox('45.151.1.78'), ...threatFox('45.151.1.79', { deletedAtDays: -2 }));
    await load(big.client, docs);
  }, 120_000);
  afterAll(async () => {
    await big?.close();
  });

  it('falls back to one union query and still matches only active indicators', async () => {
    const spy = jest.spyOn(big.client.esql, 'query');
    const r = await runCorrelation({ esClient: big.client, params: params({ detectionMode: 'threat_intel' }), ...WINDOW });
    expect(r.requests).toBe(5); // probe, probe, IP census (full), union, pairs
    const queries = spy.mock.calls.map((c) => String((c[0] as { query: string }).query));
    expect(queries.filter((q) => q.includes('is_ti = threat.indicator.ip IS NOT NULL'))).toHaveLength(1);
    expect(queries.filter((q) => q.startsWith('FROM logs-ti_*, filebeat-*\n| EVAL ip = threat.indicator.ip'))).toHaveLength(0);
    spy.mockRestore();
    expect(ids(r)).toEqual([`mallory@contoso.com|${hit}`]);
    expect(r.alerts[0].summary.threat_intel).toMatchObject({ count: 1, max_confidence: 'high' });
  }, 120_000);
});
