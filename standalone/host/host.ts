// The standalone host: embedded engine (or ES_URL), first-start seeding, the UNMODIFIED server plugin on the
// Kibana contract shims in ./kibana, backfill over the sample's time range, the bundled browser app.
import { mkdirSync } from 'fs';
import { join, resolve } from 'path';
import type { Plugin, PluginInitializerContext } from '@kbn/core/server';
import { DEFAULT_RULE_PARAMS } from '../../common/params';
import { PLUGIN_ID, RULE_TYPE_ID } from '../../common/constants';
import { startEngine } from '../esql';
import { buildBundle, type BundleInfo } from './bundle';
import { AlertingService, parseDuration } from './kibana/alerting';
import { registerAlertingRoutes } from './kibana/alerting/routes';
import { RuleStore } from './kibana/alerting/rule_store';
import { createCoreSetup, createCoreStart, createPluginInitializerContext } from './kibana/core';
import { connectionFromEnv, ElasticsearchService } from './kibana/elasticsearch';
import { FeaturesRegistry } from './kibana/features';
import { HttpService } from './kibana/http';
import { createLoggerFactory, type LogLevel } from './kibana/logger';
import { createRuleRegistryStart } from './kibana/rule_registry';
import { HOST_USERS, Security, type HostUserName } from './kibana/security';
import { HOST_SPACES } from './kibana/spaces';
import { registerStackManagementRoutes } from './kibana/stack_management';
import { DEFAULT_KIBANA_VERSION, kibanaVersion } from './kibana/versions';
import { APP_PATH, registerPageRoutes } from './page';
import { seedIfNeeded, type SampleOptions, type SeedState } from './seed';

/** The Kibana version the host imitates unless `kibanaVersion` says otherwise (the newest supported). */
export const KIBANA_VERSION = DEFAULT_KIBANA_VERSION;

export interface HostOptions {
  dataDir: string;
  /** Kibana version whose contracts the shims enforce (9.2.0 .. 9.5.0; default the newest) */
  kibanaVersion?: string;
  /** default 5601; 0 = random */
  port?: number;
  /** default user is `viewer` (feature read privileges) and `elastic` cannot be selected */
  readOnly?: boolean;
  sample?: SampleOptions;
  /** replay the sample range on first start (default true) */
  backfill?: boolean;
  /** replay only the last N hours of the sample (default: all of it) */
  backfillHours?: number;
  /** run the rule at its interval (default true) */
  schedule?: boolean;
  env?: NodeJS.ProcessEnv;
  logLevel?: LogLevel;
  /** progress lines (default: stdout) */
  progress?: (line: string) => void;
  /** log lines (default: stderr) */
  writeLog?: (line: string) => void;
  maxAlerts?: number;
  /** called once the HTTP server listens (before the backfill) */
  onListening?: (appUrl: string) => void;
}

export interface BackfillStatus {
  done: boolean;
  runs: number;
  steps: number;
}

export interface Host {
  url: string;
  appUrl: string;
  ruleId: string;
  alerting: AlertingService;
  bundle: BundleInfo;
  seed: SeedState;
  timings: Record<string, number>;
  external: boolean;
  /** the internal client (the engine or ES_URL) */
  esClient: ElasticsearchService['client'];
  kibanaVersion: string;
  /** the rule of each space (same rule type; `default` is the one backfilled) */
  ruleIds: Record<string, string>;
  close(): Promise<void>;
}

export const BACKFILL_META = 'backfill';
interface BackfillState {
  done: boolean;
  next: string;
  end: string;
  runs: number;
}

export async function startHost(opts: HostOptions): Promise<Host> {
  const t0 = Date.now();
  const version = kibanaVersion(opts.kibanaVersion ?? DEFAULT_KIBANA_VERSION);
  const KIBANA_VERSION = version.version;
  const timings: Record<string, number> = {};
  const mark = (k: string, since: number) => (timings[k] = Date.now() - since);
  const env = opts.env ?? process.env;
  const progress = opts.progress ?? ((l: string) => process.stdout.write(`${l}\n`));
  const dataDir = resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const loggers = createLoggerFactory({ level: opts.logLevel ?? 'info', write: opts.writeLog });
  const log = loggers.get('host');
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const c of closers.reverse()) await c().catch((e) => log.warn(e as Error));
  };

  try {
    // 1. Elasticsearch: a real cluster, or the embedded engine on <dataDir>/engine
    let t = Date.now();
    const conn = connectionFromEnv(env);
    let es: ElasticsearchService;
    if (conn) {
      es = new ElasticsearchService(conn);
      progress(`using Elasticsearch at ${conn.url}`);
    } else {
      const engine = await startEngine({ dataDir: join(dataDir, 'engine'), port: 0 });
      closers.push(() => engine.close());
      // the engine has no security: the host checks the users' index privileges like Elasticsearch
      es = new ElasticsearchService({ url: engine.url, runAs: true, enforceIndexPrivileges: true });
      progress(`embedded engine on ${engine.url} (data in ${join(dataDir, 'engine')})`);
    }
    closers.push(() => es.close());
    mark('engine', t);

    const store = new RuleStore(join(dataDir, 'kibana_host', 'state.json'));

    // 2. sample data on first start (bundle builds meanwhile)
    const bundleP = buildBundle(join(dataDir, 'bundle'), progress);
    bundleP.catch(() => undefined);
    t = Date.now();
    const seed = await seedIfNeeded({ client: es.client, store, dataDir, external: !!conn, sample: opts.sample, progress });
    mark('seed', t);

    // 3. Kibana core + plugins, then the unmodified server plugin
    t = Date.now();
    const features = new FeaturesRegistry(version);
    const allowed: HostUserName[] = opts.readOnly ? HOST_USERS.filter((u) => u !== 'elastic') : [...HOST_USERS];
    const security = new Security(features, allowed, allowed[0], version);
    const http = new HttpService(
      { logger: loggers.get('http', 'server'), security, scopedClient: (user, request) => es.asScoped(user, request.id), kibanaVersion: KIBANA_VERSION, spaces: HOST_SPACES },
      { host: '127.0.0.1', port: opts.port ?? 5601 }
    );
    closers.push(() => http.stop());
    const alerting = new AlertingService({
      logger: loggers.get('plugins', 'alerting'),
      store,
      internalClient: es.client,
      // Kibana runs rules with the API key of the user who saved the rule: here `elastic`.
      ruleClient: () => es.asScoped(security.getUser('elastic')),
      maxAlerts: opts.maxAlerts,
      kibanaVersion: KIBANA_VERSION,
      schedule: opts.schedule !== false,
    });
    closers.push(() => alerting.stop());

    const { plugin } = (await import('../../server')) as { plugin: (ctx: PluginInitializerContext) => Promise<Plugin<unknown, unknown, any, any>> };
    const instance = await plugin(createPluginInitializerContext(PLUGIN_ID, loggers, {}, KIBANA_VERSION));
    let resolveStart!: (v: [ReturnType<typeof createCoreStart>, Record<string, unknown>, unknown]) => void;
    const startServices = new Promise<[ReturnType<typeof createCoreStart>, Record<string, unknown>, unknown]>((r) => (resolveStart = r));
    // a registration Kibana refuses (feature schema, rule type checks) throws here: Kibana would not start either
    instance.setup(createCoreSetup(http, startServices), { alerting: alerting.setup(), features, taskManager: {}, ruleRegistry: {} });
    features.lock();
    const coreStart = createCoreStart(es);
    const ruleRegistry = createRuleRegistryStart({
      internalClient: es.client as never,
      security,
      version,
      getAlertIndicesAlias: (ids, spaceId) => alerting.getAlertIndicesAlias(ids, spaceId),
    });
    const pluginsStart = { alerting: {}, ruleRegistry, taskManager: {} };
    const pluginStart = instance.start(coreStart, pluginsStart);
    resolveStart([coreStart, pluginsStart, pluginStart]);
    if (instance.stop) closers.push(async () => void (await instance.stop!()));
    registerAlertingRoutes(http.createRouter(), alerting, security);
    registerStackManagementRoutes(http.createRouter(), alerting, security, version);
    await alerting.start(PLUGIN_ID, { [RULE_TYPE_ID]: DEFAULT_RULE_PARAMS }, HOST_SPACES);
    const ruleIds: Record<string, string> = {};
    for (const { rule } of alerting.listRules()) if (rule.ruleTypeId === RULE_TYPE_ID) ruleIds[rule.spaceId ?? 'default'] = rule.id;
    if (!ruleIds.default) throw new Error(`the plugin did not register ${RULE_TYPE_ID}`);
    const ruleId = ruleIds.default;
    mark('plugin', t);

    // 4. browser bundle and page; the UI is up while the backfill runs (rule changes wait for it)
    t = Date.now();
    const bundle = await bundleP;
    registerPageRoutes(http.server, bundle, KIBANA_VERSION);
    const backfillStatus: BackfillStatus = { done: true, runs: 0, steps: 0 };
    http.server.route({
      method: 'GET',
      path: '/api/status',
      handler: () => ({
        name: 'kibana-standalone-host',
        version: { number: KIBANA_VERSION },
        status: { overall: { level: 'available' } },
        rule: ruleId,
        backfill: backfillStatus,
      }),
    });
    mark('bundle', t);
    await http.start();
    mark('listening', t0);
    opts.onListening?.(`${http.url}${APP_PATH}`);

    // 5. backfill: the sample's range in rule-interval steps, so the planted stories show up at once
    t = Date.now();
    if (opts.backfill !== false && seed.loaded && seed.start) {
      alerting.setBusy('the host is replaying the sample data (backfill); try again when it has finished');
      try {
        await backfill(alerting, store, ruleId, seed, progress, backfillStatus, opts.backfillHours);
      } finally {
        alerting.setBusy(null);
      }
    }
    mark('backfill', t);
    alerting.startScheduler();
    timings.total = Date.now() - t0;
    return { url: http.url, appUrl: `${http.url}${APP_PATH}`, ruleId, ruleIds, alerting, bundle, seed, timings, external: !!conn, esClient: es.client, kibanaVersion: KIBANA_VERSION, close };
  } catch (e) {
    await close();
    throw e;
  }
}

async function backfill(
  alerting: AlertingService,
  store: RuleStore,
  ruleId: string,
  seed: SeedState,
  progress: (l: string) => void,
  status: BackfillStatus,
  hours?: number
) {
  const interval = parseDuration(alerting.getRule(ruleId)!.rule.schedule.interval);
  let state = store.getMeta<BackfillState>(BACKFILL_META);
  if (state?.done) return;
  status.done = false;
  // first step: one interval after the sample's start; last: the sample's end
  const from = hours ? Math.max(Date.parse(seed.start), Date.parse(seed.end) - hours * 3_600_000) : Date.parse(seed.start);
  state ??= { done: false, next: new Date(from + interval).toISOString(), end: seed.end, runs: 0 };
  const end = Date.parse(state.end);
  // resume after the last recorded run (the task state is written on every run, the meta every 20)
  const task = alerting.getRule(ruleId)!.task;
  const afterLast = task.lastRun?.backfill && task.previousStartedAt ? Date.parse(task.previousStartedAt) + interval : 0;
  const first = Math.max(Date.parse(state.next), afterLast);
  const steps = Math.max(0, Math.floor((end - first) / interval) + 1);
  status.steps = steps;
  progress(`backfill: running the rule over ${new Date(first - interval).toISOString()} .. ${seed.end} in ${steps} steps of ${interval / 60_000} min`);
  const t0 = Date.now();
  let lastPct = -1;
  let alertsNow = 0;
  for (let at = first, i = 0; at <= end; at += interval, i++) {
    const run = await alerting.runAt(ruleId, new Date(at));
    alertsNow = run.alertsCount.active;
    state = { ...state, next: new Date(at + interval).toISOString(), runs: state.runs + 1 };
    status.runs = i + 1;
    // persist progress every 20 runs (the rule's task state is persisted on every run)
    if (i % 20 === 0) store.setMeta(BACKFILL_META, state);
    const pct = Math.floor(((i + 1) / steps) * 10) * 10;
    if (pct !== lastPct) {
      lastPct = pct;
      progress(`backfill: ${pct}% (${i + 1}/${steps} runs, ${Date.now() - t0} ms, ${alertsNow} active alerts)`);
    }
  }
  store.setMeta(BACKFILL_META, { ...state, done: true });
  status.done = true;
}
