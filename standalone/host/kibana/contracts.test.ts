// Contract tests: the strict shims fail where Kibana (and Elasticsearch) fail, per Kibana version.
import { createServer, type Server } from 'http';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { AddressInfo } from 'net';
import type { KibanaFeatureConfig } from '@kbn/features-plugin/server';
import type { RuleType } from '@kbn/alerting-plugin/server';
import { AlertingService } from './alerting';
import { RuleTypeRegistry } from './alerting/registry';
import { registerAlertingRoutes } from './alerting/routes';
import { RuleStore } from './alerting/rule_store';
import { createWrappedScopedClusterClient } from './alerting/wrap_scoped_cluster_client';
import { ElasticsearchService } from './elasticsearch';
import { esqlSources } from './es_security';
import { FeaturesRegistry, alertingRuleKeys } from './features';
import { HttpService, getRequestInfo } from './http';
import { createLoggerFactory } from './logger';
import { createRuleRegistryStart } from './rule_registry';
import { Security } from './security';
import { registerStackManagementRoutes } from './stack_management';
import { createTaskRunError, TaskErrorSource } from './task_manager';
import { kibanaVersion } from './versions';

const silent = createLoggerFactory({ level: 'off' });
const V = (v: string) => kibanaVersion(v);
const rt = [{ ruleTypeId: 'fake.rule', consumers: ['fakePlugin'] }];

function feature(ruleKeys: string[], extra: Partial<KibanaFeatureConfig> = {}): KibanaFeatureConfig {
  return {
    id: 'fakePlugin',
    name: 'Fake',
    category: { id: 'security', label: 'Security' },
    app: ['fakePlugin'],
    management: { insightsAndAlerting: ['triggersActions'] },
    alerting: rt,
    privileges: {
      all: {
        app: ['fakePlugin'],
        api: ['fake-read'],
        management: { insightsAndAlerting: ['triggersActions'] },
        alerting: { rule: Object.fromEntries(ruleKeys.map((k) => [k, rt])) as never, alert: { all: rt } },
        savedObject: { all: [], read: [] },
        ui: [],
      },
      read: { app: ['fakePlugin'], api: ['fake-read'], alerting: { rule: { read: rt }, alert: { read: rt } }, savedObject: { all: [], read: [] }, ui: [] },
    },
    ...extra,
  };
}

describe('features registry per Kibana version (feature_schema.ts)', () => {
  it('accepts exactly the alerting.rule keys of each minor', () => {
    expect(alertingRuleKeys(V('9.2.0'))).toEqual(['all', 'read']);
    expect(alertingRuleKeys(V('9.3.0'))).toEqual(['all', 'read', 'enable', 'manual_run']);
    expect(alertingRuleKeys(V('9.4.0'))).toEqual(['all', 'read', 'enable', 'manual_run', 'manage_rule_settings']);
    expect(alertingRuleKeys(V('9.5.0'))).toEqual(['all', 'read', 'enable', 'manual_run', 'manage_rule_settings', 'mute_alerts']);
  });

  it.each([
    ['9.2.0', 'enable'],
    ['9.3.0', 'manage_rule_settings'],
    ['9.4.0', 'mute_alerts'],
  ])('Kibana %s refuses rule.%s with config-schema\'s message', (v, key) => {
    const f = new FeaturesRegistry(v);
    expect(() => f.registerKibanaFeature(feature(['all', key]))).toThrow(
      `[privileges]: types that failed validation:\n- [privileges.0]: expected value to equal [null]\n- [privileges.1.all.alerting.rule.${key}]: definition for this key is missing`
    );
    expect(f.getAll()).toHaveLength(0);
  });

  it('accepts a newer key on the minor that introduced it', () => {
    for (const [v, key] of [['9.3.0', 'manual_run'], ['9.4.0', 'manage_rule_settings'], ['9.5.0', 'mute_alerts']]) {
      const f = new FeaturesRegistry(v);
      f.registerKibanaFeature(feature(['all', key]));
      expect(f.getAll()).toHaveLength(1);
    }
    // `write` is in one stored main snapshot only; no released minor accepts it here
    expect(() => new FeaturesRegistry('9.5.0').registerKibanaFeature(feature(['all', 'write']))).toThrow(/\[privileges\.1\.all\.alerting\.rule\.write\]: definition for this key is missing/);
  });

  it('runs validateKibanaFeature cross-checks: unknown entries and entries no privilege grants', () => {
    const f = new FeaturesRegistry('9.5.0');
    const withPriv = (all: object) => feature(['all'], { privileges: { all: { savedObject: { all: [], read: [] }, ui: [], ...all }, read: { savedObject: { all: [], read: [] }, ui: [] } } as never });
    expect(() => f.registerKibanaFeature(withPriv({ app: ['fakePlugin', 'other'], management: { insightsAndAlerting: ['triggersActions'] }, alerting: { rule: { all: rt } } }))).toThrow(
      'Feature privilege fakePlugin.all has unknown app entries: other'
    );
    expect(() => f.registerKibanaFeature(withPriv({ app: ['fakePlugin'], management: { insightsAndAlerting: ['triggersActionsRules'] }, alerting: { rule: { all: rt } } }))).toThrow(
      'Feature privilege fakePlugin.all has unknown management entries for section insightsAndAlerting: triggersActionsRules'
    );
    expect(() => f.registerKibanaFeature(withPriv({ app: ['fakePlugin'], management: { kibana: ['x'] }, alerting: { rule: { all: rt } } }))).toThrow(
      'Feature privilege fakePlugin.all has unknown management section: kibana'
    );
    expect(() => f.registerKibanaFeature(withPriv({ app: ['fakePlugin'], management: { insightsAndAlerting: ['triggersActions'] }, alerting: { rule: { all: [{ ruleTypeId: 'fake.rule', consumers: ['alerts'] }] } } }))).toThrow(
      'Feature privilege fakePlugin.all.fake.rule has unknown consumer: alerts'
    );
    expect(() => f.registerKibanaFeature(withPriv({ management: { insightsAndAlerting: ['triggersActions'] }, alerting: { rule: { all: rt } } }))).toThrow(
      'Feature fakePlugin specifies app entries which are not granted to any privileges: fakePlugin'
    );
    expect(() => f.registerKibanaFeature(withPriv({ app: ['fakePlugin'], alerting: { rule: { all: rt } } }))).toThrow(
      'Feature fakePlugin specifies management entries which are not granted to any privileges: insightsAndAlerting.triggersActions'
    );
    expect(() => f.registerKibanaFeature(withPriv({ app: ['fakePlugin'], management: { insightsAndAlerting: ['triggersActions'] } }))).toThrow(
      'Feature fakePlugin specifies alerting rule types which are not granted to any privileges: fake.rule'
    );
    expect(() => f.registerKibanaFeature({ ...feature(['all']), id: 'bad.id' })).toThrow('[id]: Does not satisfy regexp /^[a-zA-Z0-9_-]+$/');
    expect(() => f.registerKibanaFeature({ ...feature(['all']), extra: 1 } as never)).toThrow('[extra]: definition for this key is missing');
    f.registerKibanaFeature(feature(['all']));
    f.lock();
    expect(() => f.registerKibanaFeature({ ...feature(['all']), id: 'late' })).toThrow("Features are locked, can't register new features. Attempt to register late failed.");
  });
});

describe('alerting authorization per version', () => {
  it('rule.all implies manual runs before 9.4 only (PR #252703)', () => {
    for (const [v, expected] of [['9.3.0', true], ['9.4.0', false]] as const) {
      const f = new FeaturesRegistry(v);
      f.registerKibanaFeature(feature(['all']));
      const sec = new Security(f);
      expect(sec.canOnRule(sec.getUser('elastic'), 'manual_run', 'fake.rule', 'fakePlugin')).toBe(expected);
      expect(sec.canOnRule(sec.getUser('elastic'), 'read', 'fake.rule', 'fakePlugin')).toBe(true);
    }
  });
});

async function recordingEs(answer: (path: string, body: any) => unknown = () => ({ hits: { total: { value: 0, relation: 'eq' }, hits: [] } })) {
  const requests: Array<{ method: string; path: string; body: any }> = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = raw ? (raw.trim().startsWith('{') && !raw.includes('\n{') ? JSON.parse(raw) : raw) : undefined;
      requests.push({ method: req.method!, path: req.url!, body });
      res.setHeader('x-elastic-product', 'Elasticsearch');
      res.setHeader('content-type', 'application/json');
      if (req.method === 'HEAD') return res.end();
      if (req.url!.startsWith('/_bulk')) return res.end(JSON.stringify({ errors: false, items: [] }));
      res.end(JSON.stringify(answer(req.url!, body)));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, close: () => new Promise<void>((r) => server.close(() => r())) };
}

type Exec = RuleType<Record<string, unknown>, never, Record<string, unknown>, {}, {}, 'hit', never, Record<string, unknown>>['executor'];
const ruleType = (executor: Exec) =>
  ({
    id: 'fake.rule',
    name: 'Fake',
    solution: 'security',
    category: 'securitySolution',
    producer: 'siem',
    minimumLicenseRequired: 'basic',
    isExportable: true,
    actionGroups: [{ id: 'hit', name: 'Hit' }],
    defaultActionGroupId: 'hit',
    doesSetRecoveryContext: true,
    validate: { params: { validate: (o: unknown) => (o ?? {}) as Record<string, unknown> } },
    alerts: { context: 'fake', mappings: { fieldMap: {} }, shouldWrite: true, useEcs: true },
    executor,
  }) as RuleType<any, any, any, any, any, string, string, any>;

describe('alerts client and task runner (alerts_client.ts, rule_type_runner.ts, last_run_status.ts)', () => {
  let es: Awaited<ReturnType<typeof recordingEs>>;
  let esService: ElasticsearchService;
  let dir: string;
  beforeEach(async () => {
    es = await recordingEs();
    esService = new ElasticsearchService({ url: es.url, runAs: false });
    dir = mkdtempSync(join(tmpdir(), 'host-contract-'));
  });
  afterEach(async () => {
    await esService.close();
    await es.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const docs = () => es.requests.filter((r) => r.path.startsWith('/_bulk')).flatMap((r) => String(r.body).trim().split('\n').map((l) => JSON.parse(l)));
  async function service(exec: Exec) {
    const svc = new AlertingService({ logger: silent.get('a'), store: new RuleStore(join(dir, 's.json')), internalClient: esService.client, ruleClient: () => esService.asScoped({ username: 'elastic', roles: ['superuser'], indexPrivileges: [] }), schedule: false });
    svc.setup().registerType(ruleType(exec));
    await svc.start('fakePlugin', {}, ['default', 'soc-b']);
    return svc;
  }

  it('setAlertData REPLACES the payload given to report (no merge), and throws for an unknown alert', async () => {
    let thrown = '';
    const svc = await service(async ({ services }) => {
      const ac = services.alertsClient!;
      ac.report({ id: 'a', actionGroup: 'hit', payload: { 'kibana.alert.reason': 'full', 'source.ip': '10.0.0.1' } });
      ac.setAlertData({ id: 'a', payload: { 'kibana.alert.reason': 'partial' } });
      try {
        ac.setAlertData({ id: 'never-reported', payload: {} });
      } catch (e) {
        thrown = (e as Error).message;
      }
      return { state: {} };
    });
    const rule = svc.listRules().find((e) => e.rule.spaceId === 'default')!.rule;
    const run = await svc.runNow(rule.id);
    expect(run.outcome).toBe('succeeded');
    expect(thrown).toBe('Cannot set alert data for alert never-reported because it has not been reported and it is not recovered.');
    const [action, doc] = docs();
    expect(doc['kibana.alert.reason']).toBe('partial');
    expect(doc).not.toHaveProperty('source.ip');
    // Kibana writes the alert with its uuid as _id, and the rule's space
    expect(action.index._id).toBe(doc['kibana.alert.uuid']);
    expect(doc['kibana.space_ids']).toEqual(['default']);
  });

  it('recovered alerts: setAlertData works on the previous run\'s active alerts; the document is the previous one merged with the new payload', async () => {
    let round = 0;
    const svc = await service(async ({ services }) => {
      const ac = services.alertsClient!;
      round++;
      if (round === 1) ac.report({ id: 'a', actionGroup: 'hit', payload: { 'kibana.alert.reason': 'r1', 'source.ip': '10.0.0.1' } });
      else for (const r of ac.getRecoveredAlerts()) ac.setAlertData({ id: r.alert.getId(), payload: { 'kibana.alert.reason': 'gone' } });
      return { state: {} };
    });
    const rule = svc.listRules().find((e) => e.rule.spaceId === 'soc-b')!.rule;
    await svc.runNow(rule.id);
    const r2 = await svc.runNow(rule.id);
    expect(r2.alertsCount.recovered).toBe(1);
    const recovered = docs().filter((d) => d['kibana.alert.status'] === 'recovered')[0];
    expect(recovered).toMatchObject({ 'kibana.alert.reason': 'gone', 'source.ip': '10.0.0.1', 'event.action': 'close', 'kibana.space_ids': ['soc-b'] });
  });

  it('checkLimitUsage: asking for the limit without reporting fails the run with the framework as the error source', async () => {
    const svc = await service(async ({ services }) => {
      services.alertsClient!.getAlertLimitValue();
      services.ruleResultService?.addLastRunWarning('ignored');
      return { state: {} };
    });
    const run = await svc.runNow(svc.listRules()[0].rule.id);
    expect(run).toMatchObject({
      outcome: 'failed',
      warning: 'execute',
      outcomeMsg: ['Rule has not reported whether alert limit has been reached after requesting limit value!'],
      errorSource: 'framework',
    });
    expect(docs()).toHaveLength(0);
  });

  it('an executor error tagged by createTaskRunError keeps its source; once the limit is reached errors are swallowed', async () => {
    let mode = 'user';
    const svc = await service(async ({ services }) => {
      const ac = services.alertsClient!;
      if (mode === 'user') throw createTaskRunError(new Error('bad query'), TaskErrorSource.USER);
      ac.setAlertLimitReached(true);
      throw new Error('after the limit');
    });
    const id = svc.listRules()[0].rule.id;
    expect(await svc.runNow(id)).toMatchObject({ outcome: 'failed', outcomeMsg: ['bad query'], errorSource: 'user' });
    mode = 'limit';
    expect(await svc.runNow(id)).toMatchObject({ outcome: 'warning', warning: 'maxAlerts', errorSource: null });
  });

  it('getRecoveredAlerts is empty without doesSetRecoveryContext', async () => {
    let recovered = -1;
    let round = 0;
    const svc = new AlertingService({ logger: silent.get('a'), store: new RuleStore(join(dir, 't.json')), internalClient: esService.client, ruleClient: () => esService.asScoped({ username: 'elastic', roles: [], indexPrivileges: [] }), schedule: false });
    svc.setup().registerType({
      ...ruleType(async ({ services }) => {
        if (++round === 1) services.alertsClient!.report({ id: 'a', actionGroup: 'hit' });
        else recovered = services.alertsClient!.getRecoveredAlerts().length;
        return { state: {} };
      }),
      doesSetRecoveryContext: false,
    });
    await svc.start('fakePlugin');
    const id = svc.listRules()[0].rule.id;
    await svc.runNow(id);
    const r2 = await svc.runNow(id);
    expect(recovered).toBe(0);
    expect(r2.alertsCount.recovered).toBe(1);
  });
});

describe('alerts index mapping (dynamic strict, like Kibana)', () => {
  it('drops the document of an alert whose payload has a field nothing maps, logs it, and the run succeeds', async () => {
    const { startEngine } = await import('../../esql');
    const dir = mkdtempSync(join(tmpdir(), 'host-strict-map-'));
    const engine = await startEngine({ dataDir: join(dir, 'engine'), port: 0 });
    const esService = new ElasticsearchService({ url: engine.url, runAs: false });
    const errors: string[] = [];
    const logger = createLoggerFactory({ level: 'error', write: (l) => errors.push(l) });
    try {
      const svc = new AlertingService({ logger: logger.get('a'), store: new RuleStore(join(dir, 's.json')), internalClient: esService.client, ruleClient: () => esService.asScoped({ username: 'elastic', roles: [], indexPrivileges: [] }), schedule: false });
      svc.setup().registerType({
        ...ruleType(async ({ services }) => {
          services.alertsClient!.report({ id: 'ok', actionGroup: 'hit', payload: { 'fake.value': 1, 'source.ip': '10.1.2.3' } });
          services.alertsClient!.report({ id: 'bad', actionGroup: 'hit', payload: { 'custom.unmapped': 'x' } });
          return { state: {} };
        }),
        alerts: { context: 'fake', mappings: { fieldMap: { 'fake.value': { type: 'long', required: false } } }, shouldWrite: true, useEcs: true },
      });
      await svc.start('fakePlugin');
      const run = await svc.runNow(svc.listRules()[0].rule.id);
      expect(run.outcome).toBe('succeeded');
      await esService.client.indices.refresh({ index: '.alerts-fake.alerts-default' });
      const found = await esService.client.search<Record<string, unknown>>({ index: '.alerts-fake.alerts-default', size: 10 });
      expect(found.hits.hits.map((h) => h._source!['kibana.alert.instance.id'])).toEqual(['ok']);
      expect(errors.join('\n')).toMatch(/Error writing 1 out of 2 alerts - .*strict_dynamic_mapping_exception/);
    } finally {
      await esService.close();
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('rule type registry (rule_type_registry.ts register)', () => {
  it("throws Kibana's messages in Kibana's order", () => {
    const warnings: string[] = [];
    const reg = new RuleTypeRegistry({ warn: (m) => warnings.push(m) });
    const t = ruleType(async () => ({ state: {} }));
    expect(() => reg.register({ ...t, minimumLicenseRequired: 'free' as never })).toThrow('"free" is not a valid license type');
    expect(() => reg.register({ ...t, ruleTaskTimeout: '5 minutes' })).toThrow('Rule type "fake.rule" has invalid timeout: Invalid duration "5 minutes". Durations must be of the form {number}x. Example: 5s, 5m, 5h or 5d".');
    expect(() => reg.register({ ...t, defaultScheduleInterval: 'soon' })).toThrow('Rule type "fake.rule" has invalid default interval: Invalid duration "soon"');
    expect(() => reg.register({ ...t, cancelAlertsOnRuleTimeout: false })).toThrow('Rule type "fake.rule" cannot have both cancelAlertsOnRuleTimeout set to false and autoRecoverAlerts set to true.');
    expect(() => reg.register({ ...t, actionGroups: [...t.actionGroups, { id: 'recovered', name: 'r' }] })).toThrow('Rule type [id="fake.rule"] cannot be registered. Action groups [recovered] are reserved by the framework.');
    expect(() => reg.register({ ...t, recoveryActionGroup: { id: 'hit', name: 'h' } })).toThrow('Action group [hit] cannot be used as both a recovery and an active action group.');
    expect(() => reg.register({ ...t, id: 'fake:rule' })).toThrow('expected AlertType Id not to include invalid character: :');
    reg.register({ ...t, defaultScheduleInterval: '10s' });
    expect(warnings).toEqual(['Rule type "fake.rule" has a default interval of "10s", which is less than the configured minimum of "1m".']);
    expect(() => reg.register(t)).toThrow('Rule type "fake.rule" is already registered.');
    expect(() => reg.register({ ...t, id: 'other', alerts: { ...t.alerts!, useEcs: false } })).toThrow('fake has already been registered with different options');
  });
});

describe("the executor's wrapped ES client (wrap_scoped_cluster_client.ts)", () => {
  it('replaces the caller\'s signal with the rule\'s on POST /_query and search, not on /_query/async; aborted runs fail with the framework message', async () => {
    const seen: Array<{ path: string; signal: unknown }> = [];
    const fakeClient: any = {
      transport: { request: async (p: { path: string }, o: { signal?: unknown } = {}) => (seen.push({ path: p.path, signal: o.signal }), { columns: [], values: [] }) },
      search: async (_p: unknown, o: { signal?: unknown } = {}) => (seen.push({ path: 'search', signal: o.signal }), { took: 3, hits: { hits: [] } }),
      eql: { search: async () => ({}) },
    };
    fakeClient.child = () => ({ ...fakeClient, transport: { ...fakeClient.transport }, eql: { ...fakeClient.eql } });
    const abortController = new AbortController();
    const mine = new AbortController();
    const { client, getMetrics } = createWrappedScopedClusterClient({
      scopedClusterClient: { asInternalUser: fakeClient, asCurrentUser: fakeClient },
      rule: { ruleTypeId: 'fake.rule', id: 'r1', spaceId: 'default' },
      logger: silent.get('w'),
      abortController,
    });
    await client.asCurrentUser.transport.request({ method: 'POST', path: '/_query', body: { query: 'FROM x' } }, { signal: mine.signal });
    await client.asCurrentUser.transport.request({ method: 'POST', path: '/_query/async', body: { query: 'FROM x' } }, { signal: mine.signal });
    await client.asCurrentUser.search({ index: 'x' }, { signal: mine.signal });
    expect(seen.map((s) => [s.path, s.signal === abortController.signal, s.signal === mine.signal])).toEqual([
      ['/_query', true, false],
      ['/_query/async', false, true],
      ['search', true, false],
    ]);
    expect(getMetrics()).toMatchObject({ numSearches: 2, esSearchDurationMs: 3 });
    fakeClient.search = async () => {
      throw new Error('socket closed');
    };
    const wrapped2 = createWrappedScopedClusterClient({ scopedClusterClient: { asInternalUser: fakeClient, asCurrentUser: fakeClient }, rule: { ruleTypeId: 'fake.rule', id: 'r1', spaceId: 'default' }, logger: silent.get('w'), abortController });
    abortController.abort();
    await expect(wrapped2.client.asCurrentUser.search({ index: 'x' })).rejects.toThrow('Search has been aborted due to cancelled execution');
  });
});

describe('Elasticsearch index privileges for asCurrentUser (es_security.ts)', () => {
  it('reads the indices of an ES|QL query', () => {
    expect(esqlSources('FROM logs-*, .alerts-security.alerts-* METADATA _id | WHERE x == "FROM y" | LOOKUP JOIN threat_lookup ON ip')).toEqual(['logs-*', '.alerts-security.alerts-*', 'threat_lookup']);
  });

  it("answers Elasticsearch's 403 security_exception to an analyst reading .alerts-*, not for source data", async () => {
    const es = await recordingEs(() => ({ columns: [], values: [] }));
    const svc = new ElasticsearchService({ url: es.url, runAs: true, enforceIndexPrivileges: true });
    const f = new FeaturesRegistry('9.5.0');
    f.registerKibanaFeature(feature(['all']));
    const sec = new Security(f);
    const analyst = svc.asScoped(sec.getUser('analyst_b', 'soc-b')).asCurrentUser;
    await expect(analyst.esql.query({ query: 'FROM logs-azure.signinlogs-*, .alerts-security.alerts-* | LIMIT 1' })).resolves.toBeDefined();
    const err = await analyst.esql.query({ query: 'FROM .alerts-fake.alerts-default | LIMIT 1' }).then(
      () => null,
      (e) => e
    );
    expect(err?.meta?.statusCode).toBe(403);
    expect(err.meta.body.error).toMatchObject({
      type: 'security_exception',
      reason:
        'action [indices:data/read/esql] is unauthorized for user [analyst_b] with effective roles [soc_b_analyst] on indices [.alerts-fake.alerts-default], this action is granted by the index privileges [read,all]',
    });
    // a wrapped child (the rule framework's) still acts as the user
    await expect(analyst.child({}).search({ index: '.alerts-*' })).rejects.toMatchObject({ meta: { statusCode: 403 } });
    // elastic reads everything; the internal user is not the analyst
    await expect(svc.asScoped(sec.getUser('elastic')).asCurrentUser.search({ index: '.alerts-*' })).resolves.toBeDefined();
    expect(es.requests.filter((r) => r.path.includes('alerts-fake') || r.path.startsWith('/.alerts-*'))).toHaveLength(1);
    await svc.close();
    await es.close();
  });
});

describe('spaces, router strictness, rule registry client, stack management', () => {
  let es: Awaited<ReturnType<typeof recordingEs>>;
  let esService: ElasticsearchService;
  let http: HttpService;
  let dir: string;
  let alerting: AlertingService;
  const hit = (id: string, consumer = 'fakePlugin') => ({ _index: '.alerts-fake.alerts-default', _id: id, _source: { 'kibana.alert.rule.rule_type_id': 'fake.rule', 'kibana.alert.rule.consumer': consumer, 'kibana.alert.uuid': id } });
  let hits: unknown[] = [];
  beforeAll(async () => {
    es = await recordingEs(() => ({ took: 1, hits: { total: { value: hits.length, relation: 'eq' }, hits } }));
    esService = new ElasticsearchService({ url: es.url, runAs: true, enforceIndexPrivileges: true });
    dir = mkdtempSync(join(tmpdir(), 'host-spaces-'));
    const version = V('9.4.0');
    const features = new FeaturesRegistry(version);
    // a 9.5 management id on a 9.4 Kibana: registers, but the Rules page never shows it
    features.registerKibanaFeature(
      feature(['all', 'manual_run'], {
        management: { insightsAndAlerting: ['triggersActionsRules'] },
        privileges: {
          all: { app: ['fakePlugin'], api: ['fake-read'], management: { insightsAndAlerting: ['triggersActionsRules'] }, alerting: { rule: { all: rt }, alert: { all: rt } }, savedObject: { all: [], read: [] }, ui: [] },
          read: { app: ['fakePlugin'], api: ['fake-read'], alerting: { rule: { read: rt }, alert: { read: rt } }, savedObject: { all: [], read: [] }, ui: [] },
        },
      })
    );
    const security = new Security(features);
    alerting = new AlertingService({ logger: silent.get('a'), store: new RuleStore(join(dir, 's.json')), internalClient: esService.client, ruleClient: () => esService.asScoped(security.getUser('elastic')), schedule: false });
    alerting.setup().registerType(ruleType(async () => ({ state: {} })));
    http = new HttpService({ logger: silent.get('http'), security, scopedClient: (u, r) => esService.asScoped(u, r.id), kibanaVersion: '9.4.0' });
    const rac = createRuleRegistryStart({ internalClient: esService.client as never, security, version, getAlertIndicesAlias: (ids, s) => alerting.getAlertIndicesAlias(ids, s) });
    const router = http.createRouter();
    router.get({ path: '/internal/fake/alerts', validate: false, security: { authz: { requiredPrivileges: ['fake-read'] } } }, async (_c, req, res) => {
      const client = await rac.getRacClientWithRequest(req);
      try {
        const found = await client.find({ ruleTypeIds: ['fake.rule'], query: { term: { x: 1 } }, size: 5 });
        return res.ok({ body: { space: getRequestInfo(req).spaceId, ids: found.hits.hits.map((h) => h._id) } });
      } catch (e) {
        return res.customError({ statusCode: (e as { output: { statusCode: number } }).output.statusCode, body: (e as Error).message });
      }
    });
    router.get({ path: '/internal/fake/alert/{id}', validate: { params: (p, { ok }) => ok(p) }, security: { authz: { requiredPrivileges: ['fake-read'] } } }, async (_c, req, res) => {
      const client = await rac.getRacClientWithRequest(req);
      try {
        return res.ok({ body: await client.get({ id: (req.params as { id: string }).id }) });
      } catch (e) {
        return res.customError({ statusCode: (e as { output: { statusCode: number } }).output.statusCode, body: (e as Error).message });
      }
    });
    registerStackManagementRoutes(http.createRouter(), alerting, security, version);
    registerAlertingRoutes(http.createRouter(), alerting, security);
    const v = router.versioned.get({ path: '/internal/fake/v', access: 'internal', security: { authz: { requiredPrivileges: ['fake-read'] } } });
    v.addVersion({ version: '1', validate: false }, async (_c, _r, res) => res.ok({ body: { v: 1 } }));
    v.addVersion({ version: '2', validate: false }, async (_c, _r, res) => res.ok({ body: { v: 2 } }));
    expect(() => v.addVersion({ version: '2', validate: false }, async (_c, _r, res) => res.ok())).toThrow('Version "2" handler has already been registered for the route [get] [/internal/fake/v]"');
    await http.start();
  });
  afterAll(async () => {
    await http.stop();
    await esService.close();
    await es.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const call = (path: string, user = 'elastic', headers: Record<string, string> = {}) =>
    fetch(http.url + path, { headers: { 'x-elastic-internal-origin': 'Kibana', 'x-kibana-host-user': user, ...headers } });
  const lastSearch = () => es.requests.filter((r) => r.path.includes('_search')).slice(-1)[0];

  it('routes /s/<space>/ URLs in that space; unknown spaces are 404; kbn-version must match', async () => {
    hits = [];
    expect(await (await call('/s/soc-b/internal/fake/alerts')).json()).toEqual({ space: 'soc-b', ids: [] });
    expect(await (await call('/internal/fake/alerts')).json()).toEqual({ space: 'default', ids: [] });
    expect((await call('/s/nope/internal/fake/alerts')).status).toBe(404);
    const old = await call('/internal/fake/alerts', 'elastic', { 'kbn-version': '9.2.0' });
    expect(old.status).toBe(400);
    expect(await old.json()).toMatchObject({ message: 'Browser client is out of date, please refresh the page', attributes: { expected: '9.4.0', got: '9.2.0' } });
  });

  it("answers Kibana's versioned-route errors", async () => {
    const none = await fetch(http.url + '/internal/fake/v', { headers: { 'x-elastic-internal-origin': 'Kibana' } });
    expect((await none.json()).message).toBe('Please specify a version via elastic-api-version header. Available versions: [1, 2]');
    const bad = await call('/internal/fake/v', 'elastic', { 'elastic-api-version': '1.0' });
    expect((await bad.json()).message).toBe('Invalid version number. Received "1.0", expected a string containing _only_ a finite, whole number greater than 0.');
    const missing = await call('/internal/fake/v', 'elastic', { 'elastic-api-version': '3' });
    expect((await missing.json()).message).toBe('No version "3" available for [get] [/internal/fake/v]. Available versions are: [1, 2]');
    expect(await (await call('/internal/fake/v', 'elastic', { 'elastic-api-version': '2' })).json()).toEqual({ v: 2 });
  });

  it('feature privileges are per space: analyst_b has none in default', async () => {
    expect((await call('/internal/fake/alerts', 'analyst_b')).status).toBe(403);
    const rules = await call('/api/alerting/rules/_find', 'analyst_b');
    expect(rules.status).toBe(403);
    expect((await rules.json()).message).toBe('Unauthorized to find rules for any rule types');
    expect((await call('/s/soc-b/internal/fake/alerts', 'analyst_b')).status).toBe(200);
  });

  it("find: internal user, '.alerts-*' narrowed to the authorized aliases, authz + space + ruleTypeIds filters, caller query in must, no from", async () => {
    hits = [hit('a1')];
    const res = await call('/s/soc-b/internal/fake/alerts', 'analyst_b');
    expect(await res.json()).toEqual({ space: 'soc-b', ids: ['a1'] });
    const req = lastSearch();
    expect(req.path.startsWith('/.alerts-fake.alerts-default/_search')).toBe(true);
    expect(req.path).toContain('ignore_unavailable=true');
    expect(req.body).not.toHaveProperty('from');
    expect(req.body.sort).toEqual([{ '@timestamp': { order: 'asc', unmapped_type: 'date' } }]);
    expect(req.body.query.bool.must).toEqual([{ term: { x: 1 } }]);
    expect(req.body.query.bool.filter).toContainEqual({ term: { 'kibana.space_ids': 'soc-b' } });
    expect(req.body.query.bool.filter).toContainEqual({ terms: { 'kibana.alert.rule.rule_type_id': ['fake.rule'] } });
    expect(JSON.stringify(req.body.query.bool.filter[0])).toContain('"kibana.alert.rule.consumer":"fakePlugin"');
  });

  it('a hit the user may not read (or any failure) is a 404; get of a missing id is a 404', async () => {
    hits = [hit('a2', 'otherConsumer')];
    const res = await call('/s/soc-b/internal/fake/alerts', 'analyst_b');
    expect(res.status).toBe(404);
    expect((await res.json()).message).toMatch(/^Unable to retrieve alert details for alert with id of "undefined" or with query "\{"term":\{"x":1\}\}" and operation find/);
    hits = [];
    const missing = await call('/s/soc-b/internal/fake/alert/zzz', 'analyst_b');
    expect(missing.status).toBe(404);
    expect((await missing.json()).message).toBe('Unable to retrieve alert details for alert with id of "zzz" and operation get');
    expect(lastSearch().path.startsWith('/.alerts-*/_search')).toBe(true);
  });

  it('a 9.5 management id on Kibana 9.4 hides the Rules page (no throw at registration)', async () => {
    const body = await (await call('/api/host/stack_management/rules')).json();
    expect(body).toMatchObject({ kibana_version: '9.4.0', capability: 'management.insightsAndAlerting.triggersActions', visible: false, granted_management: ['insightsAndAlerting.triggersActionsRules'], rule_types: [] });
  });
});
