// The Kibana-contract shims against a tiny fake plugin and a fake Elasticsearch (records requests).
import { createServer, type IncomingHttpHeaders, type Server } from 'http';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { AddressInfo } from 'net';
import type { RuleType } from '@kbn/alerting-plugin/server';
import { AlertingService, ParamsInvalidError } from './alerting';
import { RuleStore } from './alerting/rule_store';
import { HostAlertsClient } from './alerting/alerts_client';
import { ElasticsearchService } from './elasticsearch';
import { FeaturesRegistry } from './features';
import { HttpService } from './http';
import { createLoggerFactory } from './logger';
import { Security, missingPrivileges } from './security';

interface Recorded { method: string; url: string; headers: IncomingHttpHeaders; body: string }

async function fakeEs() {
  const requests: Recorded[] = [];
  const indices = new Set<string>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      requests.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      res.setHeader('x-elastic-product', 'Elasticsearch');
      res.setHeader('content-type', 'application/json');
      const path = req.url!.split('?')[0];
      if (req.method === 'HEAD') {
        res.statusCode = indices.has(decodeURIComponent(path.slice(1))) ? 200 : 404;
        return res.end();
      }
      if (req.method === 'PUT') {
        indices.add(decodeURIComponent(path.slice(1)));
        return res.end(JSON.stringify({ acknowledged: true }));
      }
      if (path === '/_bulk') {
        const n = body.trim().split('\n').length / 2;
        return res.end(JSON.stringify({ errors: false, took: 1, items: Array.from({ length: n }, () => ({ index: { status: 201 } })) }));
      }
      res.end(JSON.stringify({ hits: { hits: [] } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const bulks = () =>
    requests
      .filter((r) => r.url.startsWith('/_bulk'))
      .flatMap((r) => r.body.trim().split('\n').filter((_, i) => i % 2 === 1).map((l) => JSON.parse(l) as Record<string, unknown>));
  return { url, requests, bulks, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const silent = createLoggerFactory({ level: 'off' });

function fakeFeature(features: FeaturesRegistry) {
  features.registerKibanaFeature({
    id: 'fakePlugin',
    name: 'Fake',
    category: { id: 'management', label: 'Management' },
    app: [],
    alerting: [{ ruleTypeId: 'fake.rule', consumers: ['fakePlugin'] }],
    privileges: {
      all: {
        api: ['fake-read', 'fake-write'],
        savedObject: { all: [], read: [] },
        ui: [],
        // from 9.4 `rule.all` no longer implies manual runs: granted explicitly
        alerting: { rule: { all: [{ ruleTypeId: 'fake.rule', consumers: ['fakePlugin'] }], manual_run: [{ ruleTypeId: 'fake.rule', consumers: ['fakePlugin'] }] } },
      },
      read: { api: ['fake-read'], savedObject: { all: [], read: [] }, ui: [], alerting: { rule: { read: [{ ruleTypeId: 'fake.rule', consumers: ['fakePlugin'] }] } } },
    },
  });
}

describe('HTTP router shim', () => {
  let es: Awaited<ReturnType<typeof fakeEs>>;
  let http: HttpService;
  let esService: ElasticsearchService;
  let seenUser: string | undefined;
  beforeAll(async () => {
    es = await fakeEs();
    esService = new ElasticsearchService({ url: es.url, runAs: true });
    const features = new FeaturesRegistry();
    fakeFeature(features);
    const security = new Security(features);
    http = new HttpService({ logger: silent.get('http'), security, scopedClient: (u, r) => esService.asScoped(u, r.id) });
    const router = http.createRouter();
    router.versioned
      .get({ path: '/internal/fake/items/{id}', access: 'internal', security: { authz: { requiredPrivileges: ['fake-read'] } } })
      .addVersion(
        {
          version: '1',
          validate: {
            request: {
              params: (d, { ok, badRequest }) => (/^[a-z]+$/.test(d.id) ? ok({ id: d.id as string }) : badRequest('id must be lowercase letters', ['id'])),
              query: (d, { ok, badRequest }) => (d.size === undefined || /^\d+$/.test(d.size) ? ok({ size: Number(d.size ?? 10) }) : badRequest('size must be a number')),
            },
          },
        },
        async (ctx, req, res) => {
          const { elasticsearch } = await ctx.core;
          await elasticsearch.client.asCurrentUser.search({ index: 'x' });
          seenUser = String(es.requests[es.requests.length - 1].headers['es-security-runas-user']);
          return res.ok({ body: { id: (req.params as { id: string }).id, size: (req.query as { size: number }).size } });
        }
      );
    router.post(
      { path: '/internal/fake/write', validate: { body: (d, { ok }) => ok(d) }, security: { authz: { requiredPrivileges: [{ allRequired: ['fake-read', 'fake-write'] }] } } },
      async (_c, req, res) => res.ok({ body: { got: req.body } })
    );
    router.get({ path: '/api/fake/boom', validate: false, security: { authz: { enabled: false, reason: 'test' } } }, async () => {
      throw new Error('boom');
    });
    await http.start();
  });
  afterAll(async () => {
    await http.stop();
    await esService.close();
    await es.close();
  });
  const call = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(http.url + path, { ...init, headers: { 'x-elastic-internal-origin': 'Kibana', 'elastic-api-version': '1', ...(init.headers ?? {}) } });

  it('serves a versioned internal route with validated params and the current user on the ES client', async () => {
    const res = await call('/internal/fake/items/abc?size=5');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: 'abc', size: 5 });
    expect(seenUser).toBe('elastic');
  });
  it('requires the internal-origin header and the version header like Kibana 9', async () => {
    const noOrigin = await fetch(http.url + '/internal/fake/items/abc', { headers: { 'elastic-api-version': '1' } });
    expect(noOrigin.status).toBe(400);
    expect((await noOrigin.json()).message).toMatch(/exists but is not available with the current configuration/);
    const noVersion = await fetch(http.url + '/internal/fake/items/abc', { headers: { 'x-elastic-internal-origin': 'Kibana' } });
    expect(noVersion.status).toBe(400);
    expect((await noVersion.json()).message).toMatch(/elastic-api-version/);
    const badVersion = await call('/internal/fake/items/abc', { headers: { 'elastic-api-version': '7' } });
    expect(badVersion.status).toBe(400);
  });
  it('returns 400 with the validation namespace and path', async () => {
    const res = await call('/internal/fake/items/ABC');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ statusCode: 400, error: 'Bad Request', message: '[request params.id]: id must be lowercase letters' });
    const q = await call('/internal/fake/items/abc?size=x');
    expect((await q.json()).message).toBe('[request query]: size must be a number');
  });
  it('enforces requiredPrivileges per user (403 names the privileges)', async () => {
    const nobody = await call('/internal/fake/items/abc', { headers: { 'x-kibana-host-user': 'nobody' } });
    expect(nobody.status).toBe(403);
    expect((await nobody.json()).message).toMatch(/granted by the Kibana privileges \[fake-read\]/);
    const viewerWrite = await call('/internal/fake/write', { method: 'POST', body: '{}', headers: { 'x-kibana-host-user': 'viewer', 'content-type': 'application/json' } });
    expect(viewerWrite.status).toBe(403);
    const viewerRead = await call('/internal/fake/items/abc', { headers: { 'x-kibana-host-user': 'viewer' } });
    expect(viewerRead.status).toBe(200);
    const unknown = await call('/internal/fake/items/abc', { headers: { 'x-kibana-host-user': 'root' } });
    expect(unknown.status).toBe(401);
  });
  it('requires kbn-xsrf (or internal origin) on writes and parses JSON bodies', async () => {
    const noXsrf = await fetch(http.url + '/internal/fake/write', { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
    expect(noXsrf.status).toBe(400);
    const ok = await call('/internal/fake/write', { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
    expect(await ok.json()).toEqual({ got: { a: 1 } });
  });
  it('turns a thrown handler error into a generic 500', async () => {
    const res = await fetch(http.url + '/api/fake/boom');
    expect(res.status).toBe(500);
    expect((await res.json()).message).toBe('An internal server error occurred.');
  });
});

describe('privilege semantics', () => {
  it('follows Kibana allRequired/anyRequired', () => {
    const has = (p: string) => ['a', 'b'].includes(p);
    expect(missingPrivileges(['a', 'c'], has)).toEqual(['c']);
    expect(missingPrivileges([{ anyRequired: ['c', 'b'] }], has)).toEqual([]);
    expect(missingPrivileges([{ anyRequired: ['c', { allOf: ['a', 'd'] }] }], has)).toHaveLength(1);
    expect(missingPrivileges([{ allRequired: ['a', { anyOf: ['c', 'b'] }] }], has)).toEqual([]);
  });
});

type FakeParams = { threshold: number };
function fakeRuleType(hits: { current: string[] }, seen: Array<Record<string, unknown>>): RuleType<FakeParams, FakeParams, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>, 'hit', never, Record<string, unknown>> {
  return {
    id: 'fake.rule',
    name: 'Fake rule',
    category: 'management',
    producer: 'fakePlugin',
    solution: 'security',
    minimumLicenseRequired: 'basic',
    isExportable: true,
    actionGroups: [{ id: 'hit', name: 'Hit' }],
    defaultActionGroupId: 'hit',
    defaultScheduleInterval: '1m',
    validate: {
      params: {
        validate: (o: unknown) => {
          const p = { threshold: 1, ...(o as object) } as FakeParams;
          if (!Number.isInteger(p.threshold) || p.threshold < 1) throw new Error('threshold must be a positive integer');
          return p;
        },
      },
    },
    alerts: { context: 'fake', mappings: { fieldMap: { 'fake.value': { type: 'long', required: false } } }, shouldWrite: true },
    doesSetRecoveryContext: true,
    executor: async ({ services, params, startedAt, previousStartedAt, state, getTimeRange }) => {
      const ac = services.alertsClient!;
      seen.push({ startedAt, previousStartedAt, state, range: getTimeRange('5m'), limit: ac.getAlertLimitValue() });
      let n = 0;
      const limit = ac.getAlertLimitValue();
      for (const id of hits.current) {
        if (n >= limit) break;
        ac.report({ id, actionGroup: 'hit', payload: { 'fake.value': params.threshold, 'kibana.alert.reason': `<b>${id}</b>` } });
        n++;
      }
      // Kibana requires the report after asking for the limit, on every path
      ac.setAlertLimitReached(hits.current.length > limit);
      for (const r of ac.getRecoveredAlerts()) ac.setAlertData({ id: r.alert.getId(), payload: { 'fake.value': 0 } });
      if (hits.current.includes('warn')) services.ruleResultService?.addLastRunWarning('partial results');
      return { state: { runs: ((state.runs as number) ?? 0) + 1 } };
    },
  };
}

describe('alerting shim', () => {
  let es: Awaited<ReturnType<typeof fakeEs>>;
  let esService: ElasticsearchService;
  let dir: string;
  beforeEach(async () => {
    es = await fakeEs();
    esService = new ElasticsearchService({ url: es.url, runAs: false });
    dir = mkdtempSync(join(tmpdir(), 'host-alerting-'));
  });
  afterEach(async () => {
    await esService.close();
    await es.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const make = (maxAlerts = 1000) =>
    new AlertingService({ logger: silent.get('alerting'), store: new RuleStore(join(dir, 'state.json')), internalClient: esService.client, ruleClient: () => esService.asScoped({ username: 'elastic', roles: ['superuser'], indexPrivileges: [] }), maxAlerts, schedule: false });

  it('validates rule types like Kibana', () => {
    const svc = make();
    const t = fakeRuleType({ current: [] }, []);
    expect(() => svc.setup().registerType({ ...t, id: 'bad id!' })).toThrow('expected AlertType Id not to include invalid characters:  , !');
    expect(() => svc.setup().registerType({ ...t, actionGroups: [{ id: 'recovered' as 'hit', name: 'x' }], defaultActionGroupId: 'recovered' as 'hit' })).toThrow(/reserved/);
    expect(() => svc.setup().registerType({ ...t, ruleTaskTimeout: '5 minutes' })).toThrow(/Invalid duration/);
    expect(() => svc.setup().registerType({ ...t, validate: {} as never })).toThrow(/validate/);
    svc.setup().registerType(t);
    expect(() => svc.setup().registerType(t)).toThrow(/already registered/);
  });

  it('runs the executor with Kibana options, writes open/active/close docs with stable uuids and persists state', async () => {
    const hits = { current: ['u1|1.2.3.4', 'u2|5.6.7.8'] };
    const seen: Array<Record<string, unknown>> = [];
    const svc = make();
    svc.setup().registerType(fakeRuleType(hits, seen));
    await svc.start('fakePlugin', { 'fake.rule': { threshold: 3 } });
    const [{ rule }] = svc.listRules();
    expect(rule.params).toEqual({ threshold: 3 });
    const t1 = new Date('2026-01-01T00:00:00Z');
    const r1 = await svc.runAt(rule.id, t1);
    expect(r1).toMatchObject({ outcome: 'succeeded', alertsCount: { active: 2, new: 2, recovered: 0 } });
    expect(seen[0]).toMatchObject({ startedAt: t1, previousStartedAt: null, state: {}, limit: 1000, range: { dateStart: '2025-12-31T23:55:00.000Z', dateEnd: '2026-01-01T00:00:00.000Z' } });
    const docs1 = es.bulks();
    expect(docs1).toHaveLength(2);
    expect(docs1[0]).toMatchObject({
      'kibana.alert.instance.id': 'u1|1.2.3.4',
      'kibana.alert.status': 'active',
      'kibana.alert.start': t1.toISOString(),
      'kibana.alert.rule.uuid': rule.id,
      'kibana.alert.rule.rule_type_id': 'fake.rule',
      'kibana.alert.rule.parameters': { threshold: 3 },
      'kibana.alert.workflow_status': 'open',
      'kibana.space_ids': ['default'],
      'event.action': 'open',
      'fake.value': 3,
    });
    expect(es.requests.some((r) => r.method === 'PUT' && r.url.startsWith('/.alerts-fake.alerts-default'))).toBe(true);

    // second run, u2 stops matching → recovered, same uuid, u1 ongoing
    hits.current = ['u1|1.2.3.4'];
    const t2 = new Date('2026-01-01T00:01:00Z');
    const r2 = await svc.runAt(rule.id, t2);
    expect(r2.alertsCount).toEqual({ active: 1, new: 0, recovered: 1, ignored: 0 });
    expect(seen[1]).toMatchObject({ previousStartedAt: t1, state: { runs: 1 } });
    const docs2 = es.bulks().slice(2);
    const u1 = docs2.find((d) => d['kibana.alert.instance.id'] === 'u1|1.2.3.4')!;
    const u2 = docs2.find((d) => d['kibana.alert.instance.id'] === 'u2|5.6.7.8')!;
    expect(u1['kibana.alert.uuid']).toBe(docs1[0]['kibana.alert.uuid']);
    expect(u1).toMatchObject({ 'event.action': 'active', 'kibana.alert.start': t1.toISOString() });
    expect(u2).toMatchObject({ 'kibana.alert.status': 'recovered', 'kibana.alert.end': t2.toISOString(), 'event.action': 'close', 'fake.value': 0, 'kibana.alert.uuid': docs1[1]['kibana.alert.uuid'] });

    // restart from the same state file: the tracked alert and the rule state survive
    await svc.stop();
    const again = make();
    again.setup().registerType(fakeRuleType(hits, seen));
    await again.start('fakePlugin');
    expect(again.listRules()).toHaveLength(1);
    await again.runAt(rule.id, new Date('2026-01-01T00:02:00Z'));
    expect(seen[2]).toMatchObject({ previousStartedAt: t2, state: { runs: 2 } });
    expect(es.bulks().slice(-1)[0]).toMatchObject({ 'kibana.alert.uuid': docs1[0]['kibana.alert.uuid'], 'event.action': 'active' });
  });

  it('honours the alert limit (no recoveries, maxAlerts warning) and ruleResultService warnings', async () => {
    const hits = { current: ['a', 'b', 'c'] };
    const svc = make(2);
    svc.setup().registerType(fakeRuleType(hits, []));
    await svc.start('fakePlugin');
    const [{ rule }] = svc.listRules();
    const r1 = await svc.runNow(rule.id);
    expect(r1).toMatchObject({ outcome: 'warning', warning: 'maxAlerts', alertsCount: { active: 2 } });
    hits.current = ['c', 'warn', 'd'];
    const r2 = await svc.runNow(rule.id);
    // limit reached again: a and b are not recovered
    expect(r2.alertsCount.recovered).toBe(0);
    hits.current = ['warn'];
    const r3 = await svc.runNow(rule.id);
    expect(r3).toMatchObject({ outcome: 'warning', warning: 'ruleExecution', outcomeMsg: ['partial results'] });
    expect(r3.alertsCount.recovered).toBe(3);
  });

  it('validates params updates with the rule type validator', async () => {
    const svc = make();
    svc.setup().registerType(fakeRuleType({ current: [] }, []));
    await svc.start('fakePlugin');
    const [{ rule }] = svc.listRules();
    expect(() => svc.updateRule(rule.id, { params: { threshold: 0 } }, 'elastic')).toThrow(ParamsInvalidError);
    expect(() => svc.updateRule(rule.id, { params: { threshold: 0 } }, 'elastic')).toThrow('params invalid: threshold must be a positive integer');
    expect(svc.updateRule(rule.id, { params: { threshold: 9 } }, 'elastic')).toMatchObject({ params: { threshold: 9 }, revision: 1 });
  });
});

describe('alerts client', () => {
  it('derives new alert uuids from rule, id and start, so a re-run step rewrites the same documents', () => {
    const rule = { id: 'r1', name: 'n', ruleTypeId: 'fake.rule', consumer: 'c', tags: [], enabled: true, schedule: { interval: '1m' }, params: {}, createdAt: '', updatedAt: '', createdBy: 'e', updatedBy: 'e', revision: 0 };
    const make = (startedAt: string) =>
      new HostAlertsClient({ ruleType: fakeRuleType({ current: [] }, []) as never, rule, tracked: {}, maxAlerts: 10, startedAt: new Date(startedAt), executionId: 'x', spaceId: 'default', kibanaVersion: '9.2.0' });
    const a = make('2026-01-01T00:00:00Z').report({ id: 'u|1.2.3.4', actionGroup: 'hit' });
    const b = make('2026-01-01T00:00:00Z').report({ id: 'u|1.2.3.4', actionGroup: 'hit' });
    const c = make('2026-01-01T00:05:00Z').report({ id: 'u|1.2.3.4', actionGroup: 'hit' });
    expect(a.uuid).toBe(b.uuid);
    expect(a.uuid).not.toBe(c.uuid);
    expect(a.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(() => make('2026-01-01T00:00:00Z').report({ id: 'x', actionGroup: 'nope' })).toThrow(/Invalid action group/);
  });
});

describe('scheduler and users', () => {
  it('runs the rule at its interval, overdue rules right away', async () => {
    const es = await fakeEs();
    const esService = new ElasticsearchService({ url: es.url, runAs: false });
    const dir = mkdtempSync(join(tmpdir(), 'host-sched-'));
    // Wait for the third run itself, not for a fixed time: a sleep of 2.6 s for three 1 s-spaced runs left 0.6 s
    // for run time and timer lateness, which a loaded machine (parallel jest workers) can exceed.
    const seen: Array<Record<string, unknown>> = [];
    let thirdRun!: () => void;
    const threeRuns = new Promise<void>((resolve) => (thirdRun = resolve));
    const push = seen.push.bind(seen);
    seen.push = (...items) => {
      const n = push(...items);
      if (n >= 3) thirdRun();
      return n;
    };
    const svc = new AlertingService({ logger: silent.get('a'), store: new RuleStore(join(dir, 's.json')), internalClient: esService.client, ruleClient: () => esService.asScoped({ username: 'elastic', roles: ['superuser'], indexPrivileges: [] }) });
    svc.setup().registerType({ ...fakeRuleType({ current: ['x'] }, seen), defaultScheduleInterval: '1s' });
    await svc.start('fakePlugin');
    svc.startScheduler();
    await threeRuns;
    await svc.stop();
    // first run immediately (never ran), then every second: never sooner than the interval
    const starts = seen.slice(0, 3).map((x) => new Date(x.startedAt as string | Date).getTime());
    // (timers never fire early; 5 ms of slack for Date.now() rounding against the timer clock)
    expect(starts[1] - starts[0]).toBeGreaterThanOrEqual(995);
    expect(starts[2] - starts[1]).toBeGreaterThanOrEqual(995);
    expect(seen[0].previousStartedAt ?? null).toBeNull();
    expect(seen[1].previousStartedAt).toEqual(seen[0].startedAt);
    expect(seen[2].previousStartedAt).toEqual(seen[1].startedAt);
    await esService.close();
    await es.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('--read-only: the default user is viewer and elastic cannot be selected', () => {
    const f = new FeaturesRegistry();
    fakeFeature(f);
    const sec = new Security(f, ['viewer', 'nobody']);
    const def = sec.userFor({});
    expect('username' in def && def.username).toBe('viewer');
    expect(sec.userFor({ 'x-kibana-host-user': 'elastic' })).toEqual({ error: 'unknown or disallowed user [elastic]' });
    const viewer = sec.getUser('viewer');
    expect(sec.canOnRule(viewer, 'read', 'fake.rule', 'fakePlugin')).toBe(true);
    expect(sec.canOnRule(viewer, 'all', 'fake.rule', 'fakePlugin')).toBe(false);
    expect(sec.canOnRule(sec.getUser('elastic'), 'manual_run', 'fake.rule', 'fakePlugin')).toBe(true);
    expect(sec.canOnRule(sec.getUser('elastic'), 'read', 'fake.rule', 'otherConsumer')).toBe(false);
  });
});

describe('features registry', () => {
  it('rejects duplicates and alerting privileges for undeclared rule types', () => {
    const f = new FeaturesRegistry();
    fakeFeature(f);
    expect(() => fakeFeature(f)).toThrow(/already registered/);
    expect(() =>
      f.registerKibanaFeature({
        id: 'other',
        name: 'o',
        category: { id: 'x', label: 'x' },
        app: [],
        privileges: { all: { savedObject: { all: [], read: [] }, ui: [], alerting: { rule: { all: [{ ruleTypeId: 'nope', consumers: ['x'] }] } } }, read: { savedObject: { all: [], read: [] }, ui: [] } },
      })
    ).toThrow('Feature privilege other.all has unknown ruleTypeId: nope');
  });
});
