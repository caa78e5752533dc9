import { DEFAULT_RULE_PARAMS } from '../../common/params';
import type { RuleParams } from '../../common/params';
import {
  ALL_SIGNIN_FIELDS,
  T0,
  defaultProbe,
  esqlResponse,
  fakeEsClient,
  iso,
  networkRow,
  pairRow,
  probeResponse,
  responseError,
  signinIpRow,
  tiRow,
} from './__fixtures__/fake_esql_client';
import type { FakeResponses } from './__fixtures__/fake_esql_client';
import { runCorrelation } from './correlate';
import { CorrelationError } from './errors';

const IP = '45.155.205.233';
const IP6 = '2a01:4f8:c2c:1::7';
const ALICE = 'alice@contoso.com';
const window = { dateStart: iso(-60), dateEnd: iso(60) };
const params = (p: Partial<RuleParams> = {}): RuleParams => ({ ...DEFAULT_RULE_PARAMS, detectionMode: 'network', ...p });

async function run(responses: FakeResponses, p: Partial<RuleParams> = {}, extra: Partial<Parameters<typeof runCorrelation>[0]> = {}) {
  const es = fakeEsClient(responses);
  const result = await runCorrelation({ esClient: es, params: params(p), ...window, ...extra });
  return { es, result };
}

describe('runCorrelation: network mode', () => {
  it('raises one alert per (user, IP) when a network alert precedes the sign-in', async () => {
    const { es, result } = await run({ network: [networkRow(IP)], pairs: [pairRow(IP, ALICE)] });
    expect(es.calls.map((c) => c.kind)).toEqual(['probe', 'network', 'probe', 'pairs']);
    expect(result.requests).toBe(4);
    expect(result.alerts).toHaveLength(1);
    const a = result.alerts[0];
    expect(a.id).toBe(`${ALICE}|${IP}`);
    expect(a.summary).toMatchObject({
      user: ALICE,
      source_ip: IP,
      detection: 'network',
      severity: 'high', // 1 risky operation
      signin: { count: 1, first: iso(5), apps: ['Azure Portal'], datasets: ['azure.signinlogs', 'o365.audit'] },
      network_alert: { count: 2, max_severity: 'high', max_risk_score: 73, ids: ['a1', 'a2'], lead_minutes: 15, first: iso(-20), last: iso(-10) },
      activity: { count: 3, risky_count: 1, risky_operations: ['FileDownloaded'], workloads: ['SharePoint', 'Exchange'], objects: ['q3-financials.xlsx'] },
      threat_intel: { count: 0, feeds: [] },
    });
    expect(a.payload).toMatchObject({
      'source.ip': IP,
      'user.email': ALICE,
      'user.name': 'alice',
      'source.geo.country_iso_code': 'NL',
      'source.as.number': 206728,
      'source.as.organization.name': 'Media Land LLC',
      'threat.framework': 'MITRE ATT&CK',
      'threat.tactic.id': ['TA0001', 'TA0009', 'TA0010'], // risky FileDownloaded: Collection and Exfiltration too
      'threat.technique.id': ['T1078', 'T1530'],
      'threat.technique.subtechnique.id': ['T1078.004'],
      'kibana.alert.severity': 'high',
      'cloud_identity.network_alert.lead_minutes': 15,
      'cloud_identity.detection': 'network',
    });
    expect(a.payload['kibana.alert.reason']).toMatch(/^alice@contoso.com signed in successfully once \(Azure Portal\) from 45\.155\.205\.233; 2 network alerts .* 15 minutes before the sign-in/);
    expect(a.payload['threat.enrichments']).toBeUndefined();
    expect(a.context).toMatchObject({ user: ALICE, sourceIp: IP, severity: 'high' });
    // the pairs query asked only for the candidate IP, as a DSL value
    expect(es.calls[3].body.filter.bool.filter).toContainEqual({ terms: { 'source.ip': [IP] } });
  });

  it('maps to Initial Access / T1078.004 only when there is no risky activity', async () => {
    const { result } = await run({ network: [networkRow(IP)], pairs: [pairRow(IP, ALICE, { risky: 0, risky_operations: null })] });
    expect(result.alerts[0].payload).toMatchObject({ 'threat.tactic.id': ['TA0001'], 'threat.technique.id': ['T1078'], 'threat.technique.subtechnique.id': ['T1078.004'] });
  });

  it('requires the alert to precede the sign-in within the lead time', async () => {
    const after = { network: [networkRow(IP, { alert_minutes: [iso(20)], first_alert: iso(20), last_alert: iso(20) })], pairs: [pairRow(IP, ALICE)] };
    expect((await run(after)).result.alerts).toHaveLength(0);
    const tooEarly = { network: [networkRow(IP, { alert_minutes: [iso(-70)] })], pairs: [pairRow(IP, ALICE)] };
    expect((await run(tooEarly)).result.alerts).toHaveLength(0);
    expect((await run(tooEarly)).result.stats.timeOrderMisses).toBe(1);
    const either = await run(after, { allowEitherOrder: true });
    expect(either.result.alerts).toHaveLength(1);
    expect(either.result.alerts[0].summary.network_alert.lead_minutes).toBe(-15);
  });

  it('finds the match behind more than 100 sign-ins before the alert (complete minute sets, no TOP cap)', async () => {
    // token refreshes every minute for 150 minutes, then the alert, then the attacker's sign-in 5 minutes later
    const before = Array.from({ length: 150 }, (_, i) => iso(-180 + i));
    const pair = pairRow(IP, ALICE, { signins: 151, first_signin: iso(-180), last_signin: iso(-25), signin_minutes: [...before, iso(-25)] });
    const net = networkRow(IP, { network_alerts: 1, alert_minutes: iso(-30), first_alert: iso(-30), last_alert: iso(-30) });
    const { result } = await run({ network: [net], pairs: [pair] }, {}, { dateStart: iso(-180) });
    expect(result.alerts).toHaveLength(1);
    expect(result.alerts[0].summary.network_alert.lead_minutes).toBe(5);
  });

  it('finds the match behind more than 100 alerts on one IP (a scanner keeps firing after the sign-in)', async () => {
    const later = Array.from({ length: 150 }, (_, i) => iso(-44 + i));
    const net = networkRow(IP, { network_alerts: 151, alert_minutes: [...later, iso(-50)], first_alert: iso(-50), last_alert: iso(105) });
    const pair = pairRow(IP, ALICE, { signin_minutes: iso(-45), first_signin: iso(-45), last_signin: iso(-45) });
    const { result } = await run({ network: [net], pairs: [pair] });
    expect(result.alerts).toHaveLength(1);
    expect(result.alerts[0].summary.network_alert.lead_minutes).toBe(5);
  });

  it('does not fire in strict order when the sign-in precedes the alert by more than a minute', async () => {
    // sign-in 10:05:00, alert 10:06:30 (raw times are truncated to their minute like the query does)
    const pair = pairRow(IP, ALICE, { signin_minutes: iso(5) });
    for (const alertAt of [iso(6.5), iso(7), iso(40)]) {
      const { result } = await run({ network: [networkRow(IP, { alert_minutes: [alertAt] })], pairs: [pair] });
      expect(result.alerts).toHaveLength(0);
      expect(result.stats.timeOrderMisses).toBe(1);
    }
    const either = await run({ network: [networkRow(IP, { alert_minutes: [iso(6.5)] })], pairs: [pair] }, { allowEitherOrder: true });
    expect(either.result.alerts[0].summary.network_alert.lead_minutes).toBe(-1);
  });

  it('needs a successful sign-in for the network signal (activity alone is not enough)', async () => {
    const { result } = await run({ network: [networkRow(IP)], pairs: [pairRow(IP, ALICE, { signins: 0, signin_minutes: null, first_signin: null, last_signin: null })] });
    expect(result.alerts).toHaveLength(0);
  });

  it('never correlates null, invalid, multi-valued, non-public or allowlisted IPs, and skips the sign-in query then', async () => {
    const rows = [networkRow('10.0.0.8'), networkRow('fe80::1'), networkRow('203.0.113.5'), networkRow(null as unknown as string), networkRow('not-an-ip'), networkRow([IP, '8.8.8.8'] as unknown as string), networkRow('91.1.2.3')];
    const { es, result } = await run({ network: rows }, { allowlistCidrs: ['91.0.0.0/8'] });
    expect(result.alerts).toHaveLength(0);
    expect(es.calls.map((c) => c.kind)).toEqual(['probe', 'network', 'probe']);
    expect(result.stats.rejectedIps).toEqual({ non_public: 3, missing: 1, invalid: 1, multi_valued: 1, allowlisted: 1 });
  });

  it('skips shared infrastructure: more distinct users on the IP than maxUsersPerIp', async () => {
    const users = ['a', 'b', 'c'].map((u) => pairRow(IP, `${u}@contoso.com`));
    expect((await run({ network: [networkRow(IP)], pairs: users }, { maxUsersPerIp: 2 })).result.alerts).toHaveLength(0);
    const ok = await run({ network: [networkRow(IP)], pairs: users }, { maxUsersPerIp: 3 });
    expect(ok.result.alerts.map((a) => a.id)).toEqual(['a@contoso.com|45.155.205.233', 'b@contoso.com|45.155.205.233', 'c@contoso.com|45.155.205.233']);
  });

  it('skips rows without a user and merges two spellings of one address', async () => {
    const { result } = await run({
      network: [networkRow(IP), networkRow(`::ffff:${IP}`, { network_alerts: 1, alert_ids: ['a3'] })],
      pairs: [pairRow(IP, ALICE), pairRow(IP, '', { user_key: null })],
    });
    expect(result.alerts).toHaveLength(1);
    expect(result.alerts[0].summary.network_alert.count).toBe(3);
    expect(result.alerts[0].summary.network_alert.ids).toEqual(['a1', 'a2', 'a3']);
  });

  it('sends a constant number of requests however many IPs match', async () => {
    const ips = Array.from({ length: 900 }, (_, i) => `45.${Math.floor(i / 250) + 1}.${i % 250}.9`);
    const { result } = await run({ network: ips.map((ip) => networkRow(ip)), pairs: ips.map((ip) => pairRow(ip, ALICE)) });
    expect(result.requests).toBe(4);
    expect(result.alerts).toHaveLength(DEFAULT_RULE_PARAMS.maxAlertsPerRun);
    expect(result.alertsDropped).toBe(800);
    expect(result.truncated).toBe(true);
  });

  it('orders alerts by severity, then risk score, and caps at maxAlerts', async () => {
    const { result } = await run(
      {
        network: [networkRow(IP), networkRow('185.220.101.4')],
        pairs: [pairRow(IP, ALICE, { risky: 0, risky_operations: null }), pairRow('185.220.101.4', 'bob@contoso.com', { risky: 6 })],
      },
      {},
      { maxAlerts: 1 }
    );
    expect(result.alerts.map((a) => [a.id, a.summary.severity])).toEqual([['bob@contoso.com|185.220.101.4', 'critical']]);
    expect(result.alertsDropped).toBe(1);
  });

  it('defines missing optional fields as typed nulls in the query', async () => {
    const { es } = await run({
      probe: (q) => (q.includes('.alerts-security') ? probeResponse(['@timestamp', 'source.ip', 'event.module', 'event.severity', 'rule.name']) : defaultProbe(q)),
      network: [],
    });
    expect(es.calls[1].body.query.split('\n')[1]).toBe(
      '| EVAL kibana.alert.severity = TO_STRING(null), kibana.alert.risk_score = TO_DOUBLE(null), kibana.alert.rule.name = TO_STRING(null), kibana.alert.original_time = TO_DATETIME(null), event.risk_score = TO_DOUBLE(null)'
    );
  });
});

describe('runCorrelation: threat-intel and both modes', () => {
  it('matches sign-ins and M365 activity with active indicators (IPv4 and IPv6)', async () => {
    const { es, result } = await run(
      {
        signin_ips: [signinIpRow(IP), signinIpRow(IP6), signinIpRow('8.8.4.4')],
        ti: [tiRow(IP6), tiRow(IP, { max_confidence: 1 })],
        pairs: [pairRow(IP6, ALICE, { signins: 0, first_signin: null, last_signin: null, signin_minutes: null, risky: 0, risky_operations: null }), pairRow(IP, 'bob@contoso.com', { risky: 5 })],
      },
      { detectionMode: 'threat_intel' }
    );
    expect(es.calls.map((c) => c.kind)).toEqual(['probe', 'probe', 'signin_ips', 'ti', 'pairs']);
    expect(es.calls[3].body.filter.bool.filter[0]).toEqual({ terms: { 'threat.indicator.ip': [IP, IP6, '8.8.4.4'] } });
    expect(es.calls[4].body.filter.bool.filter).toContainEqual({ terms: { 'source.ip': [IP6, IP] } });
    expect(result.alerts.map((a) => [a.id, a.summary.detection, a.summary.severity])).toEqual([
      [`bob@contoso.com|${IP}`, 'threat_intel', 'critical'],
      [`${ALICE}|${IP6}`, 'threat_intel', 'high'], // high-confidence indicator floor
    ]);
    const v6 = result.alerts[1];
    expect(v6.summary.threat_intel).toMatchObject({ count: 1, feeds: ['AbuseCH Threat Fox'], types: ['ipv6-addr'], max_confidence: 'high' });
    expect(v6.summary.signin.count).toBe(0);
    expect(v6.payload['threat.enrichments']).toEqual([
      {
        matched: { atomic: IP6, field: 'source.ip', type: 'indicator_match_rule' },
        indicator: expect.objectContaining({ ip: IP6, type: 'ipv6-addr', confidence: 'High', provider: 'ThreatFox' }),
        feed: { name: 'AbuseCH Threat Fox' },
      },
    ]);
    expect(v6.payload).toMatchObject({ 'threat.indicator.ip': IP6, 'threat.feed.name': 'AbuseCH Threat Fox', 'cloud_identity.threat_intel.count': 1 });
    expect(v6.payload['kibana.alert.reason']).toContain('1 threat-intel indicator list it (AbuseCH Threat Fox, confidence high)');
  });

  it('does not look up indicators for shared IPs and ignores indicator rows for IPs it did not ask about', async () => {
    const { es, result } = await run(
      { signin_ips: [signinIpRow(IP, 50), signinIpRow(IP6)], ti: [tiRow('185.220.101.4')], pairs: [] },
      { detectionMode: 'threat_intel' }
    );
    expect(es.calls[3].body.filter.bool.filter[0]).toEqual({ terms: { 'threat.indicator.ip': [IP6] } });
    expect(result.alerts).toHaveLength(0);
    expect(es.calls.map((c) => c.kind)).not.toContain('pairs');
  });

  it('carries both signals when network alerts and indicators match the same IP (escalation opt-in)', async () => {
    const { es, result } = await run(
      { network: [networkRow(IP, { max_severity: 1 })], signin_ips: [signinIpRow(IP)], ti: [tiRow(IP, { max_confidence: 1 })], pairs: [pairRow(IP, ALICE, { risky: 0, risky_operations: null, activities: 0 })] },
      { detectionMode: 'both' },
      { scoring: { escalateOnBothSignals: true } }
    );
    expect(result.requests).toBe(7);
    expect(es.calls.map((c) => c.kind)).toEqual(['probe', 'network', 'probe', 'probe', 'signin_ips', 'ti', 'pairs']);
    const a = result.alerts[0];
    expect(a.summary.detection).toBe('both');
    expect(a.summary.severity).toBe('medium'); // low base, one level up for two signals
    expect(a.summary.network_alert.count).toBe(2);
    expect(a.summary.threat_intel.count).toBe(1);
    expect(a.payload['cloud_identity.score_factors']).toContain('network alert and threat-intel indicator both matched');
  });

  it('keeps the request count constant for large indicator sets (union fallback when sign-in IPs overflow)', async () => {
    const many = Array.from({ length: 10000 }, (_, i) => signinIpRow(`45.${Math.floor(i / 250) + 1}.${i % 250}.1`));
    const { es, result } = await run(
      { signin_ips: many, ti_union: [{ ...tiRow(IP), events: 4, users: 1 }], pairs: [pairRow(IP, ALICE)] },
      { detectionMode: 'threat_intel' }
    );
    expect(es.calls.map((c) => c.kind)).toEqual(['probe', 'probe', 'signin_ips', 'ti_union', 'pairs']);
    expect(result.alerts).toHaveLength(1);
    expect(result.alerts[0].summary.detection).toBe('threat_intel');
  });

  it('in both mode, a failing threat-intel side leaves a warning and network alerts still come out', async () => {
    const { result } = await run(
      { network: [networkRow(IP)], signin_ips: responseError(504, 'timeout_exception', 'took too long'), pairs: [pairRow(IP, ALICE)] },
      { detectionMode: 'both' }
    );
    expect(result.alerts).toHaveLength(1);
    expect(result.warnings).toEqual([expect.stringMatching(/timed out .*continuing with the other detection mode/)]);
  });

  it('in both mode, a missing TI index is a warning; in threat_intel mode an error', async () => {
    const probe = (q: string) => (q.includes('logs-ti_') ? responseError(400, 'verification_exception', 'Found 1 problem\nline 1:1: Unknown index [logs-ti_*]') : defaultProbe(q));
    const both = await run({ probe, network: [networkRow(IP)], pairs: [pairRow(IP, ALICE)] }, { detectionMode: 'both' });
    expect(both.result.alerts).toHaveLength(1);
    expect(both.result.warnings[0]).toMatch(/no index matches the threat-intel index patterns/);
    await expect(run({ probe }, { detectionMode: 'threat_intel' })).rejects.toMatchObject({ kind: 'missing_index', userError: true });
  });
});

describe('runCorrelation: errors', () => {
  it.each([
    ['missing sign-in index', { probe: (q: string) => (q.includes('signinlogs') ? probeResponse([]) : defaultProbe(q)) }, 'missing_index', true, /no index matches the sign-in index patterns/],
    ['missing required field', { probe: (q: string) => (q.includes('signinlogs') ? probeResponse(ALL_SIGNIN_FIELDS, ['event.dataset']) : defaultProbe(q)), network: [networkRow(IP)] }, 'missing_field', true, /field \[event.dataset\] is not mapped/],
    ['conflicting source.ip', { probe: (q: string) => (q.includes('signinlogs') ? probeResponse(ALL_SIGNIN_FIELDS, [], ['source.ip']) : defaultProbe(q)) }, 'field_conflict', true, /conflicting mappings/],
    ['missing network index (network mode)', { probe: () => responseError(400, 'verification_exception', 'Found 1 problem\nline 1:6: Unknown index [.alerts-security.alerts-*]') }, 'missing_index', true, /network alert index patterns/],
    ['ES|QL 400 parsing', { network: responseError(400, 'parsing_exception', "line 3:5: mismatched input 'x'") }, 'bad_query', false, /ES\|QL rejected the request \(parsing_exception/],
    ['ES|QL 400 unknown column', { network: responseError(400, 'verification_exception', 'Found 1 problem\nline 2:9: Unknown column [kibana.alert.severity]') }, 'missing_field', true, /Unknown column/],
    ['timeout', { network: Object.assign(new Error('Request timed out'), { name: 'TimeoutError' }) }, 'timeout', false, /did not answer in time/],
    ['unreachable', { network: Object.assign(new Error('connect ECONNREFUSED'), { name: 'ConnectionError' }) }, 'unavailable', false, /unreachable/],
    ['forbidden', { network: responseError(403, 'security_exception', 'action [indices:data/read/esql] is unauthorized') }, 'unauthorized', true, /API key/],
    ['circuit breaker', { network: responseError(429, 'circuit_breaking_exception', '[request] Data too large') }, 'unavailable', false, /rejected the request under load/],
  ] as const)('%s ends the run with a classified error', async (_name, responses, kind, userError, message) => {
    const err = await run(responses as FakeResponses).then(
      () => null,
      (e) => e
    );
    expect(err).toBeInstanceOf(CorrelationError);
    expect(err).toMatchObject({ kind, userError });
    expect(err.message).toMatch(message);
  });

  it('stops before the next request when shouldStop() turns true', async () => {
    let stop = false;
    const es = fakeEsClient((kind) => {
      if (kind === 'network') stop = true;
      return kind === 'probe' ? defaultProbe('.alerts-security') : esqlResponse([networkRow(IP)]);
    });
    const err = await runCorrelation({ esClient: es, params: params(), ...window, shouldStop: () => stop }).catch((e) => e);
    expect(err).toMatchObject({ kind: 'aborted', userError: false });
    expect(es.calls).toHaveLength(2);
  });

  it('reports an abort of an in-flight request as a cancellation, even in both mode', async () => {
    const controller = new AbortController();
    const es = fakeEsClient(async (kind) => {
      if (kind === 'network') {
        controller.abort();
        return Object.assign(new Error('Request aborted'), { name: 'RequestAbortedError' });
      }
      return defaultProbe('.alerts-security');
    });
    const err = await runCorrelation({ esClient: es, params: params({ detectionMode: 'both' }), ...window, signal: controller.signal }).catch((e) => e);
    expect(err).toMatchObject({ kind: 'aborted' });
    expect(es.calls[1].options.signal).toBe(controller.signal);
  });

  it('warns about partial results and still returns the alerts', async () => {
    const { result } = await run({ network: [networkRow(IP)], pairs: [pairRow(IP, ALICE)], partial: ['pairs'] });
    expect(result.alerts).toHaveLength(1);
    expect(result.warnings).toEqual([expect.stringMatching(/partial results/)]);
  });

  it('rejects a network mode without any network alert source, and an inverted window', async () => {
    await expect(run({}, { networkAlertRuleIds: [], includeNetworkCategoryAlerts: false, includeRawSensorAlerts: false })).rejects.toMatchObject({ kind: 'invalid_settings', userError: true });
    const es = fakeEsClient({});
    await expect(runCorrelation({ esClient: es, params: params(), dateStart: iso(10), dateEnd: iso(0) })).rejects.toMatchObject({ kind: 'invalid_settings' });
    expect(T0).toBeGreaterThan(0);
  });
});
