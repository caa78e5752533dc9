// The unmodified plugin against the host's strict shims for every Kibana minor the host imitates: setup registers
// the feature and the rule type exactly as that Kibana accepts them, and a feature written for another minor is
// refused the way Kibana refuses it (Kibana would not start).
import { spawnSync } from 'child_process';
import { join } from 'path';
import type { Plugin, PluginInitializerContext } from '@kbn/core/server';
import { getFeature } from '../../server/plugin';
import { contractsFor } from '../../server/kibana_version';
import { PLUGIN_ID } from '../../common/constants';
import { AlertingService } from '../../standalone/host/kibana/alerting';
import { RuleStore } from '../../standalone/host/kibana/alerting/rule_store';
import { createCoreSetup, createPluginInitializerContext } from '../../standalone/host/kibana/core';
import { FeaturesRegistry } from '../../standalone/host/kibana/features';
import { HttpService } from '../../standalone/host/kibana/http';
import { createLoggerFactory } from '../../standalone/host/kibana/logger';
import { Security } from '../../standalone/host/kibana/security';
import { SUPPORTED_KIBANA_VERSIONS } from '../../standalone/host/kibana/versions';
import { REPO } from './host_process';

const silent = createLoggerFactory({ level: 'off' });

describe.each(SUPPORTED_KIBANA_VERSIONS)('Kibana %s', (version) => {
  it('runs the plugin setup on the strict shims', async () => {
    const features = new FeaturesRegistry(version);
    const security = new Security(features);
    const http = new HttpService({ logger: silent.get('http'), security, scopedClient: () => ({}) as never });
    const alerting = new AlertingService({ logger: silent.get('a'), store: new RuleStore('/nonexistent/never-written.json'), internalClient: {} as never, ruleClient: () => ({}) as never, schedule: false });
    const { plugin } = (await import('../../server')) as { plugin: (ctx: PluginInitializerContext) => Promise<Plugin<unknown, unknown, any, any>> };
    const instance = await plugin(createPluginInitializerContext(PLUGIN_ID, silent, {}, version));
    instance.setup(createCoreSetup(http, new Promise(() => undefined)), { alerting: alerting.setup(), features, taskManager: {}, ruleRegistry: {} });
    expect(features.getAll().map((f) => f.id)).toEqual([PLUGIN_ID]);
    expect(alerting.registry.list()).toHaveLength(1);
  });
});

it('refuses a feature written for another minor, as that Kibana does', () => {
  expect(() => new FeaturesRegistry('9.2.0').registerKibanaFeature(getFeature(contractsFor('9.5.0')))).toThrow(
    /\[privileges\.1\.all\.alerting\.rule\.enable\]: definition for this key is missing/
  );
  expect(() => new FeaturesRegistry('9.4.0').registerKibanaFeature(getFeature(contractsFor('9.5.0')))).toThrow(
    /\[privileges\.1\.all\.alerting\.rule\.mute_alerts\]: definition for this key is missing/
  );
});

it('npm start refuses a Kibana version the host does not imitate', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'standalone/host/cli.ts'), '--kibana-version', '9.1.0'], { cwd: REPO, encoding: 'utf8' });
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/unsupported Kibana version \[9\.1\.0\]: the host imitates 9\.2\.0, 9\.3\.0, 9\.4\.0, 9\.5\.0/);
});
