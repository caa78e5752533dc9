// The internal routes end to end: real handlers (fake router), ES|QL against the embedded engine (or ES_URL)
// through @elastic/elasticsearch, as the "current user" client; the internal user client throws.
import type { Client } from '@elastic/elasticsearch';
import { registerRoutes } from '../../server/routes';
import { getFeature } from '../../server/plugin';
import { contractsFor } from '../../server/kibana_version';
import { FeaturesRegistry } from '../../standalone/host/kibana/features';
import { HttpService } from '../../standalone/host/kibana/http';
import { createLoggerFactory } from '../../standalone/host/kibana/logger';
import { createRuleRegistryStart } from '../../standalone/host/kibana/rule_registry';
import { Security } from '../../standalone/host/kibana/security';
import { kibanaVersion } from '../../standalone/host/kibana/versions';
import { ALERTS_API_PATH, API_VERSION, INVESTIGATION_API_PATH } from '../../common/constants';
import { DEFAULT_RULE_PARAMS } from '../../common/params';
import { SIGNIN_FIELDS } from '../../server/investigation/shape';
import { getTestEs, TestEs } from '../helpers/es_client';
import { runEsql } from '../../server/investigation/investigate';
import { boundedPivot, buildUserPivotQuery, toUserPivotRow } from '../../server/investigation/pivots';

const HOST_KIBANA_VERSION = '9.5.0';
let es: TestEs;
let client: Client;
const PREFIX = `it${Date.now().toString(36)}`;
// our own index names (valid patterns), so a shared ES_URL cluster is not disturbed
const IDX = {
  signin: `logs-azure.signinlogs-${PREFIX}`,
  audit: `logs-o365.audit-${PREFIX}`,
  network: `.alerts-security.alerts-${PREFIX}`,
  ti: `logs-ti_abusech_latest.dest_threatfox-${PREFIX}`,
  alerts: `.alerts-cloud-identity-compromise.alerts-${PREFIX}`,
};
const params = {
  ...DEFAULT_RULE_PARAMS,
  signinIndexPatterns: [`logs-azure.signinlogs-${PREFIX}`, `logs-o365.audit-${PREFIX}`],
  networkAlertIndexPatterns: [`.alerts-security.alerts-${PREFIX}`],
  threatIntelIndexPatterns: [`logs-ti_abusech_latest.dest_threatfox-${PREFIX}`],
};

const kw = { type: 'keyword' } as const;
const userProps = { email: kw, name: kw, domain: kw, id: kw };
const EVIL = '<img src=x onerror=alert(1)>';

async function seed() {
  await client.indices.create({
    index: IDX.signin,
    mappings: {
      properties: {
        '@timestamp': { type: 'date' },
        source: { properties: { ip: { type: 'ip' }, geo: { properties: { country_iso_code: kw } } } },
        event: { properties: { dataset: kw, outcome: kw, action: kw, provider: kw } },
        user: { properties: userProps },
        user_agent: { properties: { original: kw } },
        azure: { properties: { signinlogs: { properties: { properties: { properties: { app_display_name: kw, risk_level_during_signin: kw, client_app_used: kw } } } } } },
      },
    },
  });
  await client.indices.create({
    index: IDX.audit,
    mappings: {
      properties: {
        '@timestamp': { type: 'date' },
        source: { properties: { ip: { type: 'ip' } } },
        event: { properties: { dataset: kw, outcome: kw, action: kw, provider: kw } },
        user: { properties: userProps },
        file: { properties: { name: kw } },
      },
    },
  });
  await client.indices.create({
    index: IDX.network,
    mappings: {
      properties: {
        '@timestamp': { type: 'date' },
        source: { properties: { ip: { type: 'ip' } } },
        destination: { properties: { ip: { type: 'ip' }, port: { type: 'long' } } },
        kibana: { properties: { alert: { properties: { severity: kw, risk_score: { type: 'float' }, reason: kw, rule: { properties: { name: kw, rule_id: kw } } } } } },
      },
    },
  });
  await client.indices.create({
    index: IDX.ti,
    mappings: {
      properties: {
        '@timestamp': { type: 'date' },
        threat: {
          properties: {
            feed: { properties: { name: kw } },
            indicator: { properties: { ip: { type: 'ip' }, type: kw, confidence: kw, provider: kw, first_seen: { type: 'date' }, last_seen: { type: 'date' }, description: kw } },
          },
        },
      },
    },
  });
  await client.indices.create({
    index: IDX.alerts,
    mappings: {
      properties: {
        '@timestamp': { type: 'date' },
        kibana: {
          properties: {
            alert: {
              properties: {
                uuid: kw,
                status: kw,
                reason: kw,
                instance: { properties: { id: kw } },
                rule: { properties: { name: kw, uuid: kw, rule_type_id: kw, consumer: kw, parameters: { type: 'flattened' } } },
              },
            },
            space_ids: kw,
          },
        },
        cloud_identity: { properties: { user: kw, source_ip: { type: 'ip' }, severity: kw, risk_score: { type: 'float' }, detection: kw } },
      },
    },
  });
  const signin = (t: string, ip: string, email: string, outcome = 'success', app = 'Azure Portal') => ({
    '@timestamp': t,
    source: { ip, geo: { country_iso_code: 'NL' } },
    event: { dataset: 'azure.signinlogs', outcome, action: 'Sign-in activity' },
    user: { email, name: email.split('@')[0], domain: email.split('@')[1] },
    user_agent: { original: EVIL },
    azure: { signinlogs: { properties: { app_display_name: app, risk_level_during_signin: 'high', client_app_used: 'Browser' } } },
    // like filebeat-*: many more fields than the panel shows (dynamically mapped)
    extra: Object.fromEntries(Array.from({ length: 300 }, (_, n) => [`f${n}`, `v${n}`])),
  });
  const ops = [
    { index: IDX.signin, doc: signin('2026-03-01T10:30:00.000Z', '203.0.113.7', 'Alice@Example.com') },
    { index: IDX.signin, doc: signin('2026-03-01T10:35:00.000Z', '203.0.113.7', 'alice@example.com', 'failure', EVIL) },
    { index: IDX.signin, doc: signin('2026-03-01T10:31:00.000Z', '203.0.113.7', 'bob@example.com') },
    { index: IDX.signin, doc: signin('2026-03-01T10:32:00.000Z', '198.51.100.9', 'alice@example.com') },
    { index: IDX.signin, doc: signin('2026-02-01T10:30:00.000Z', '203.0.113.7', 'alice@example.com') },
    {
      index: IDX.audit,
      doc: { '@timestamp': '2026-03-01T10:40:00.000Z', source: { ip: '203.0.113.7' }, event: { dataset: 'o365.audit', outcome: 'success', action: 'FileDownloaded', provider: 'SharePoint' }, user: { email: 'alice@example.com' }, file: { name: 'payroll.xlsx' } },
    },
    {
      index: IDX.audit,
      doc: { '@timestamp': '2026-03-01T10:41:00.000Z', source: { ip: '203.0.113.7' }, event: { dataset: 'o365.audit', outcome: 'success', action: 'FileAccessed', provider: 'SharePoint' }, user: { email: 'alice@example.com' }, file: { name: 'notes.docx' } },
    },
    {
      index: IDX.audit,
      doc: { '@timestamp': '2026-03-01T10:30:30.000Z', source: { ip: '203.0.113.7' }, event: { dataset: 'o365.audit', outcome: 'success', action: 'UserLoggedIn', provider: 'AzureActiveDirectory' }, user: { email: 'alice@example.com' } },
    },
    {
      index: IDX.network,
      id: 'net-1',
      doc: { '@timestamp': '2026-03-01T10:10:00.000Z', source: { ip: '203.0.113.7' }, destination: { ip: '10.0.0.5', port: 443 }, kibana: { alert: { severity: 'high', risk_score: 73, reason: EVIL, rule: { name: 'ET SCAN inbound', rule_id: 'x' } } } },
    },
    {
      index: IDX.network,
      id: 'net-2',
      doc: { '@timestamp': '2026-03-01T10:12:00.000Z', source: { ip: '198.51.100.9' }, destination: { ip: '10.0.0.6', port: 22 }, kibana: { alert: { severity: 'low', risk_score: 21, reason: 'other ip', rule: { name: 'other', rule_id: 'x' } } } },
    },
    {
      index: IDX.ti,
      doc: { '@timestamp': '2026-02-28T00:00:00.000Z', threat: { feed: { name: 'AbuseCH Threat Fox' }, indicator: { ip: '203.0.113.7', type: 'ipv4-addr', confidence: 'High', provider: 'abuse.ch', first_seen: '2026-02-20T00:00:00.000Z', last_seen: '2026-02-28T00:00:00.000Z', description: 'botnet C2' } } },
    },
    ...[
      ['uuid-1', '2026-03-01T11:00:00.000Z', 'alice@example.com', '203.0.113.7', 'high', 73],
      ['uuid-2', '2026-03-01T12:00:00.000Z', 'bob@example.com', '198.51.100.9', 'low', 21],
      ['uuid-3', '2026-03-01T13:00:00.000Z', 'carol@example.com', '2001:db8::7', 'critical', 99],
    ].map(([uuid, ts, user, ip, severity, risk]) => ({
      index: IDX.alerts,
      id: String(uuid),
      doc: {
        '@timestamp': ts,
        kibana: {
          alert: {
            uuid,
            status: 'active',
            reason: `${user} signed in from ${ip} ${EVIL}`,
            instance: { id: `${user}|${ip}` },
            rule: { name: 'Cloud sign-in from a flagged source IP', uuid: 'rule-1', rule_type_id: 'cloudIdentityCompromise.signinCorrelation', consumer: 'cloudIdentityCompromise', parameters: params },
          },
          space_ids: ['default'],
        },
        cloud_identity: {
          user,
          source_ip: ip,
          severity,
          risk_score: risk,
          detection: 'both',
          signin: { first: '2026-03-01T10:30:00.000Z', last: '2026-03-01T10:35:00.000Z' },
          network_alert: { first: '2026-03-01T10:10:00.000Z', last: '2026-03-01T10:10:00.000Z', ids: ['net-1'] },
          activity: { first: '2026-03-01T10:40:00.000Z', last: '2026-03-01T10:41:00.000Z' },
        },
      },
    })),
  ];
  const res = await client.bulk({ refresh: true, operations: ops.flatMap((o) => [{ index: { _index: o.index, ...('id' in o ? { _id: o.id } : {}) } }, o.doc]) });
  expect(res.errors).toBe(false);
}

// ---- the real handlers behind the host's Kibana HTTP service and strict rule-registry client ----
// Routes are registered by the plugin's own registerRoutes on the host router (standalone/host/kibana/http.ts:
// versioned routes, Kibana's validation errors, `security.authz`), and alerts are read through the host's
// rule-registry alerts client (standalone/host/kibana/rule_registry.ts, mirroring Kibana's alerts_client.ts):
// internal-user search with the alerting authorization, space and rule-type filters, every hit re-authorized.
// Requests come from `analyst` (feature `all` in the default space, no index privilege on `.alerts-*`).
const features = new FeaturesRegistry(HOST_KIBANA_VERSION);
features.registerKibanaFeature(getFeature(contractsFor(HOST_KIBANA_VERSION)));
const security = new Security(features);
let currentUserClient: Client;
const internalUser = new Proxy({}, { get: () => { throw new Error('asInternalUser must not be used by the routes'); } });
let http: HttpService;

async function startHost() {
  http = new HttpService({
    logger: createLoggerFactory({ level: 'off' }).get('http'),
    security,
    scopedClient: () => ({ asCurrentUser: currentUserClient, asInternalUser: internalUser }) as never,
    kibanaVersion: HOST_KIBANA_VERSION,
  });
  // The test's alerts indices stand for the rule type's alerts alias in the default space.
  const rac = createRuleRegistryStart({ internalClient: client as never, security, version: kibanaVersion(HOST_KIBANA_VERSION), getAlertIndicesAlias: () => [`${IDX.alerts}*`] });
  registerRoutes(http.createRouter(), createLoggerFactory({ level: 'off' }).get('routes'), (request) => rac.getRacClientWithRequest(request) as never);
  await http.start();
}

async function call(path: string, query: Record<string, string>, asCurrentUser: Client = client, user = 'analyst') {
  currentUserClient = asCurrentUser;
  const res = await fetch(`${http.url}${path}?${new URLSearchParams(query)}`, {
    headers: { 'x-elastic-internal-origin': 'Kibana', 'elastic-api-version': API_VERSION, 'x-kibana-host-user': user },
  });
  return { status: res.status, payload: (await res.json()) as any };
}

beforeAll(async () => {
  es = await getTestEs();
  client = es.client;
  await seed();
  await startHost();
}, 60_000);
afterAll(async () => {
  await http?.stop();
  if (!es) return;
  if (!es.embedded) await client.indices.delete({ index: Object.values(IDX), ignore_unavailable: true }).catch(() => undefined);
  await es.close();
});

describe('Kibana authorization in front of the routes', () => {
  it('refuses a user without the feature privilege in this space (analyst_b holds it only in soc-b)', async () => {
    const r = await call(ALERTS_API_PATH, {}, client, 'analyst_b');
    expect(r.status).toBe(403);
    expect(r.payload.message).toMatch(/is unauthorized for user, this action is granted by the Kibana privileges \[cloudIdentityCompromise-read\]/);
  });

  it('lists alerts through the rule registry alerts client for a user authorized in this space', async () => {
    const r = await call(ALERTS_API_PATH, { perPage: '1' });
    expect(r.status).toBe(200);
    expect(r.payload.alerts).toHaveLength(1);
  });
});

describe('GET alerts', () => {
  it('lists alerts newest first with total and paging', async () => {
    const r = await call(ALERTS_API_PATH, { perPage: '2' });
    expect(r.status).toBe(200);
    expect(r.payload.total).toBeGreaterThanOrEqual(3);
    const mine = r.payload.alerts.filter((a: any) => a.id.startsWith('uuid-'));
    expect(r.payload.alerts).toHaveLength(2);
    expect(mine[0].timestamp >= (mine[1]?.timestamp ?? '')).toBe(true);
    const page2 = await call(ALERTS_API_PATH, { perPage: '2', page: '1' });
    expect(page2.payload.alerts.length).toBeGreaterThanOrEqual(1);
    expect(page2.payload.alerts[0].id).not.toBe(r.payload.alerts[0].id);
  });

  it('filters by severity, user (case-insensitive input) and IP (IPv6 canonical form)', async () => {
    expect((await call(ALERTS_API_PATH, { severity: 'critical', user: 'CAROL@example.com' })).payload.alerts.map((a: any) => a.id)).toEqual(['uuid-3']);
    expect((await call(ALERTS_API_PATH, { ip: '2001:DB8:0:0::7' })).payload.alerts.map((a: any) => a.id)).toEqual(['uuid-3']);
    expect((await call(ALERTS_API_PATH, { ip: '203.0.113.7' })).payload.alerts.map((a: any) => a.id)).toEqual(['uuid-1']);
    expect((await call(ALERTS_API_PATH, { user: 'nobody@example.com' })).payload).toMatchObject({ total: 0, alerts: [] });
    expect((await call(ALERTS_API_PATH, { ruleId: 'rule-1', severity: 'low' })).payload.alerts.map((a: any) => a.id)).toEqual(['uuid-2']);
    expect((await call(ALERTS_API_PATH, { ruleId: 'another-rule' })).payload.total).toBe(0);
  });

  it('answers malformed filters with 400', async () => {
    const r = await call(ALERTS_API_PATH, { ip: '203.0.113.300' });
    expect(r.status).toBe(400);
    expect(r.payload.message).toMatch(/IPv4 or IPv6 address/);
  });
});

describe('GET investigation', () => {
  it('returns the alert, its sign-ins, network alerts, M365 activity and TI matches, each sorted newest first', async () => {
    const r = await call(INVESTIGATION_API_PATH, { alertId: 'uuid-1' });
    expect(r.status).toBe(200);
    const b = r.payload;
    expect(b.alert).toMatchObject({ id: 'uuid-1', user: 'alice@example.com', ip: '203.0.113.7', severity: 'high', riskScore: 73 });
    expect(b.indices.signins).toEqual(params.signinIndexPatterns);
    // alice from 203.0.113.7 in the window: two Entra sign-ins + the M365 logon; not bob's, not the other IP, not last month
    expect(b.signins.items.map((s: any) => s.timestamp)).toEqual(['2026-03-01T10:35:00.000Z', '2026-03-01T10:30:30.000Z', '2026-03-01T10:30:00.000Z']);
    expect(b.signins.items[0]).toMatchObject({ user: 'alice@example.com', app: EVIL, outcome: 'failure', country: 'NL', riskLevel: 'high' });
    expect(b.networkAlerts.items).toHaveLength(1);
    expect(b.networkAlerts.items[0]).toMatchObject({ id: 'net-1', rule: 'ET SCAN inbound', severity: 'high', riskScore: 73, destination: '10.0.0.5:443', reason: EVIL, linked: true });
    expect(b.activity.items.map((a: any) => [a.operation, a.risky])).toEqual([
      ['FileAccessed', false],
      ['FileDownloaded', true],
    ]);
    expect(b.threatIntel.items).toHaveLength(1);
    expect(b.threatIntel.items[0]).toMatchObject({ feed: 'AbuseCH Threat Fox', confidence: 'High', type: 'ipv4-addr', description: 'botnet C2' });
    for (const s of [b.signins, b.networkAlerts, b.activity, b.threatIntel]) {
      expect(s.error).toBeUndefined();
      expect(s.esql.query).not.toContain('203.0.113.7');
    }
  });

  it('works from user+ip+window and bounds the sections by size', async () => {
    const r = await call(INVESTIGATION_API_PATH, { user: 'Alice@Example.com', ip: '203.0.113.7', from: '2026-03-01T00:00:00Z', to: '2026-03-02T00:00:00Z', size: '1' });
    expect(r.status).toBe(200);
    expect(r.payload.alert).toBeNull();
    expect(r.payload.signins.items).toHaveLength(1);
    expect(r.payload.signins.truncated).toBe(true);
  });

  it('maps bad input to 400 and an unknown alert id to 404', async () => {
    expect((await call(INVESTIGATION_API_PATH, { alertId: 'no-such-alert' })).status).toBe(404);
    const bad = await call(INVESTIGATION_API_PATH, { user: 'a', ip: 'x', from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' });
    expect(bad.status).toBe(400);
    const late = await call(INVESTIGATION_API_PATH, { user: 'a', ip: '203.0.113.7', from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' });
    expect(late.payload.message).toMatch(/is after to/);
  });
});

describe('GET investigation beyond one alert', () => {
  const day = { from: '2026-03-01T00:00:00Z', to: '2026-03-02T00:00:00Z' };

  it('investigates a user alone: their sign-ins from any IP, and every IP with its network alerts and indicators', async () => {
    const r = await call(INVESTIGATION_API_PATH, { user: 'ALICE@example.com', ...day });
    expect(r.status).toBe(200);
    const b = r.payload;
    expect(b).toMatchObject({ user: 'alice@example.com', ip: null, alert: null });
    // both IPs, not bob's sign-in, not last month's
    expect(b.signins.items.map((s: any) => s.timestamp)).toEqual(['2026-03-01T10:35:00.000Z', '2026-03-01T10:32:00.000Z', '2026-03-01T10:30:30.000Z', '2026-03-01T10:30:00.000Z']);
    expect(new Set(b.signins.items.map((s: any) => s.user))).toEqual(new Set(['alice@example.com']));
    expect(b.pivots.users).toBeNull();
    expect(b.pivots.ips).toMatchObject({ truncated: false, limit: 100 });
    expect(b.pivots.ips.error).toBeUndefined();
    const byIp = Object.fromEntries(b.pivots.ips.items.map((x: any) => [x.ip, x]));
    expect(byIp['203.0.113.7']).toMatchObject({ signins: 3, networkAlerts: 1, indicators: 1, firstSeen: '2026-03-01T10:30:00.000Z', lastSeen: '2026-03-01T10:35:00.000Z' });
    expect(byIp['198.51.100.9']).toMatchObject({ signins: 1, networkAlerts: 1, indicators: 0 });
    expect(b.pivots.ips.esql.query).toMatch(/STATS .* BY pivot_ip/);
    expect(b.pivots.ips.esql.query).not.toContain('alice');
    // network alerts and indicators on the IPs the user signed in from
    expect(b.networkAlerts.items.map((n: any) => n.id).sort()).toEqual(['net-1', 'net-2']);
    expect(b.threatIntel.items).toHaveLength(1);
    expect(b.activity.items.map((a: any) => a.operation)).toEqual(['FileAccessed', 'FileDownloaded']);
  });

  it('investigates an IP alone: every user who signed in from it, the network alerts and indicators on it', async () => {
    const r = await call(INVESTIGATION_API_PATH, { ip: '203.0.113.7', ...day });
    expect(r.status).toBe(200);
    const b = r.payload;
    expect(b).toMatchObject({ user: null, ip: '203.0.113.7' });
    expect(b.signins.items.map((s: any) => [s.timestamp, s.user])).toEqual([
      ['2026-03-01T10:35:00.000Z', 'alice@example.com'],
      ['2026-03-01T10:31:00.000Z', 'bob@example.com'],
      ['2026-03-01T10:30:30.000Z', 'alice@example.com'],
      ['2026-03-01T10:30:00.000Z', 'alice@example.com'],
    ]);
    expect(b.pivots.ips).toBeNull();
    expect(b.pivots.users.items.map((u: any) => [u.user, u.signins])).toEqual([
      ['alice@example.com', 3],
      ['bob@example.com', 1],
    ]);
    expect(b.networkAlerts.items.map((n: any) => n.id)).toEqual(['net-1']);
    expect(b.threatIntel.items).toHaveLength(1);
  });

  it('pivots both ways for user + IP, and bounds a pivot with LIMIT saying it was truncated', async () => {
    const both = await call(INVESTIGATION_API_PATH, { user: 'alice@example.com', ip: '203.0.113.7', ...day });
    expect(both.payload.pivots.ips.items.map((x: any) => x.ip).sort()).toEqual(['198.51.100.9', '203.0.113.7']);
    expect(both.payload.pivots.users.items.map((x: any) => x.user)).toEqual(['alice@example.com', 'bob@example.com']);
    expect(both.payload.pivots.users.esql.query).toMatch(/\| LIMIT 101$/);
    // the same aggregate with a limit of 1: one group kept, and the answer says more matched
    const q = buildUserPivotQuery({ indices: params.signinIndexPatterns, ip: '203.0.113.7', limit: 1, ...day });
    const rows = (await runEsql(client as any, q)).map(toUserPivotRow);
    expect(rows.map((r) => r.user)).toEqual(['alice@example.com', 'bob@example.com']);
    expect(boundedPivot(rows, 1)).toEqual({ items: [rows[0]], truncated: true });
  });

  it('answers an unknown user with empty sections, an empty pivot and a note instead of queries on no IPs', async () => {
    const r = await call(INVESTIGATION_API_PATH, { user: 'nobody@example.com', ...day });
    expect(r.status).toBe(200);
    expect(r.payload.signins.items).toEqual([]);
    expect(r.payload.pivots.ips.items).toEqual([]);
    expect(r.payload.networkAlerts.items).toEqual([]);
    expect(r.payload.networkAlerts.esql.query).toMatch(/^\/\/ not queried/);
  });

  it.each([
    [{ ip: '203.0.113.300', ...day }, /^\[request query\]: ip: "203\.0\.113\.300" is not IPv4 or IPv6/],
    [{ user: 'a\u0001b', ...day }, /^\[request query\]: user: /],
    [{ ip: '203.0.113.7', from: 'yesterday', to: day.to }, /^\[request query\]: from: "yesterday" is not ISO-8601/],
    [{ ip: '203.0.113.7', from: day.to, to: day.from }, /^\[request query\]: from: .* is after to/],
    [{ ip: '203.0.113.7', from: '2026-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z' }, /window is 59 days, longer than the maximum of 31 days/],
    [{ from: day.from, to: day.to }, /give alertId, or user and\/or ip/],
    [{ user: 'alice@example.com' }, /missing parameter\(s\): from, to/],
  ])('answers bad input %j with 400 naming the field', async (q, msg) => {
    const r = await call(INVESTIGATION_API_PATH, q as Record<string, string>);
    expect(r.status).toBe(400);
    expect(r.payload.message).toMatch(msg);
  });
});

/** The real client, with every ES|QL request and response passed to `onQuery` (which may alter the response). */
function observed(onQuery: (query: string, res: any) => void): Client {
  return new Proxy(client, {
    get(target, key, receiver) {
      if (key !== 'esql') return Reflect.get(target, key, receiver);
      return {
        query: async (req: any, opts?: any) => {
          const res = await target.esql.query(req, opts);
          onQuery(req.query, res);
          return res;
        },
      };
    },
  });
}

describe('investigation queries return only what the panel shows', () => {
  it('KEEPs the shown fields of a source with hundreds of fields', async () => {
    const seen: Array<{ query: string; columns: string[] }> = [];
    const r = await call(INVESTIGATION_API_PATH, { alertId: 'uuid-1' }, observed((query, res) => seen.push({ query, columns: res.columns.map((c: any) => c.name) })));
    expect(r.status).toBe(200);
    expect(r.payload.signins.items).toHaveLength(3);
    expect(r.payload.signins.esql.query).toMatch(/\| KEEP @timestamp, user\.email, /);
    const signinRes = seen.find((x) => x.query === r.payload.signins.esql.query)!;
    expect(signinRes.columns.filter((c) => !(SIGNIN_FIELDS as readonly string[]).includes(c))).toEqual([]);
    expect(signinRes.columns.length).toBeLessThan(25);
    // the probe still sees every mapped field: that is where the KEEP list comes from
    expect(seen.some((x) => x.query.endsWith('| LIMIT 0') && x.columns.includes('extra.f299'))).toBe(true);
    for (const s of [r.payload.networkAlerts, r.payload.activity, r.payload.threatIntel]) expect(s.esql.query).toMatch(/\| KEEP /);
  });

  it('flags a section whose response is partial, and only that one', async () => {
    const r = await call(
      INVESTIGATION_API_PATH,
      { alertId: 'uuid-1' },
      observed((query, res) => {
        if (query.includes('METADATA _id')) res.is_partial = true; // as Elasticsearch answers when a shard failed
      })
    );
    expect(r.status).toBe(200);
    expect(r.payload.networkAlerts).toMatchObject({ partial: true });
    expect(r.payload.networkAlerts.items).toHaveLength(1);
    for (const s of [r.payload.signins, r.payload.activity, r.payload.threatIntel]) expect(s.partial).toBeUndefined();
  });
});

describe('malformed stored data never becomes a 500', () => {
  const ODD = {
    signin: `logs-azure.signinlogs-${PREFIX}-odd`,
    alerts: `.alerts-cloud-identity-compromise.alerts-${PREFIX}-odd`,
  };
  const oddParams = { ...params, signinIndexPatterns: [...params.signinIndexPatterns, ODD.signin] };
  beforeAll(async () => {
    // source.ip as keyword (older data, or a custom integration): anything can be stored there
    await client.indices.create({
      index: ODD.signin,
      mappings: {
        properties: {
          '@timestamp': { type: 'date' },
          source: { properties: { ip: kw } },
          event: { properties: { dataset: kw, outcome: kw, action: kw } },
          user: { properties: userProps },
        },
      },
    });
    // Kibana's alerts indices ignore malformed values (the document is kept, the field is not indexed)
    await client.indices.create({
      index: ODD.alerts,
      mappings: {
        properties: {
          '@timestamp': { type: 'date' },
          kibana: { properties: { alert: { properties: { uuid: kw, status: kw, reason: kw, rule: { properties: { name: kw, uuid: kw, rule_type_id: kw, consumer: kw, parameters: { type: 'flattened' } } } } }, space_ids: kw } },
          cloud_identity: { properties: { user: kw, source_ip: { type: 'ip', ignore_malformed: true }, severity: kw } },
        },
      },
    });
    const signin = (ts: string | null, ip: string) => ({
      ...(ts ? { '@timestamp': ts } : {}),
      source: { ip },
      event: { dataset: 'azure.signinlogs', outcome: 'success', action: 'Sign-in activity' },
      user: { email: 'alice@example.com' },
    });
    const alert = (uuid: string, ts: string | null, ip: string) => ({
      ...(ts ? { '@timestamp': ts } : {}),
      kibana: { alert: { uuid, status: 'active', reason: 'odd', rule: { name: 'R', uuid: 'rule-odd', rule_type_id: 'cloudIdentityCompromise.signinCorrelation', consumer: 'cloudIdentityCompromise', parameters: oddParams } }, space_ids: ['default'] },
      cloud_identity: { user: 'alice@example.com', source_ip: ip, severity: 'high' },
    });
    const ops = [
      { index: ODD.signin, doc: signin('2026-03-01T10:33:00.000Z', '203.0.113.7') },
      { index: ODD.signin, doc: signin('2026-03-01T10:34:00.000Z', 'not-an-ip') },
      { index: ODD.signin, doc: signin('2026-03-01T10:36:00.000Z', '203.0.113.07') },
      { index: ODD.signin, doc: signin(null, '203.0.113.7') },
      { index: ODD.alerts, id: 'odd-ip', doc: alert('odd-ip', '2026-03-01T11:00:00.000Z', '203.0.113.300') },
      { index: ODD.alerts, id: 'odd-no-time', doc: alert('odd-no-time', null, '203.0.113.7') },
    ];
    const res = await client.bulk({ refresh: true, operations: ops.flatMap((o) => [{ index: { _index: o.index, ...('id' in o ? { _id: o.id } : {}) } }, o.doc]) });
    expect(res.errors).toBe(false);
  });

  it('answers an alert whose stored source IP is malformed with a 400 naming it', async () => {
    const r = await call(INVESTIGATION_API_PATH, { alertId: 'odd-ip' });
    expect(r.status).toBe(400);
    expect(r.payload.message).toBe('alert [odd-ip] has a malformed source IP [203.0.113.300] (cloud_identity.source_ip); nothing can be correlated with it');
  });

  it('investigates an alert without @timestamp (window anchored at now)', async () => {
    const r = await call(INVESTIGATION_API_PATH, { alertId: 'odd-no-time' });
    expect(r.status).toBe(200);
    expect(r.payload.alert).toMatchObject({ id: 'odd-no-time', timestamp: '', ip: '203.0.113.7' });
    expect(Date.parse(r.payload.to)).toBeGreaterThan(Date.parse(r.payload.from));
    for (const s of [r.payload.signins, r.payload.networkAlerts, r.payload.activity, r.payload.threatIntel]) expect(s.error).toBeUndefined();
  });

  it('skips sign-ins with a malformed IP or no @timestamp, keeps the good one', async () => {
    const r = await call(INVESTIGATION_API_PATH, { user: 'alice@example.com', ip: '203.0.113.7', from: '2026-03-01T10:00:00Z', to: '2026-03-01T11:00:00Z' });
    expect(r.status).toBe(200);
    // the default patterns (logs-azure.signinlogs-*) cover the odd index too, where source.ip is a keyword
    expect(r.payload.signins.error).toBeUndefined();
    expect(r.payload.signins.items.map((x: any) => x.timestamp)).toEqual([
      '2026-03-01T10:35:00.000Z',
      '2026-03-01T10:33:00.000Z',
      '2026-03-01T10:30:30.000Z',
      '2026-03-01T10:30:00.000Z',
    ]);
  });

  it('lists both alerts, the one without @timestamp last', async () => {
    const r = await call(ALERTS_API_PATH, { ruleId: 'rule-odd' });
    expect(r.status).toBe(200);
    expect(r.payload.alerts.map((a: any) => [a.id, a.timestamp])).toEqual([
      ['odd-ip', '2026-03-01T11:00:00.000Z'],
      ['odd-no-time', ''],
    ]);
  });
});
