import { API_PRIVILEGE_READ, PLUGIN_ID, RULE_TYPE_ID } from '../common/constants';
import { DEFAULT_RULE_PARAMS } from '../common/params';
import { plugin } from './index';
import { RULE_CONSUMERS } from '../common/constants';
import { SECURITY_APP_CATEGORY, getFeature } from './plugin';
import { contractsFor } from './kibana_version';

function setupMocks(version = '9.2.0') {
  const logger: any = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn(), trace: jest.fn(), fatal: jest.fn() };
  logger.get = jest.fn(() => logger);
  const router = { get: jest.fn(), post: jest.fn(), put: jest.fn(), delete: jest.fn(), routerPath: '', versioned: { get: jest.fn(() => ({ addVersion: jest.fn().mockReturnThis() })), post: jest.fn(() => ({ addVersion: jest.fn().mockReturnThis() })), put: jest.fn(), patch: jest.fn(), delete: jest.fn() } };
  const core = { http: { createRouter: jest.fn(() => router), basePath: { serverBasePath: '', prepend: (p: string) => p } }, getStartServices: jest.fn() };
  const alerting = { registerType: jest.fn() };
  const features = { registerKibanaFeature: jest.fn() };
  const ctx = { opaqueId: Symbol('x'), logger: { get: jest.fn(() => logger) }, config: { get: jest.fn(), create: jest.fn() }, env: { mode: { dev: false, prod: true }, packageInfo: { version, branch: 'main' } } };
  return { logger, router, core, alerting, features, ctx };
}

describe('server plugin', () => {
  it('registers the rule type, the feature and the routes in setup', async () => {
    const m = setupMocks();
    const p = await plugin(m.ctx as any);
    p.setup(m.core as any, { alerting: m.alerting as any, features: m.features as any });
    expect(m.alerting.registerType).toHaveBeenCalledTimes(1);
    expect(m.features.registerKibanaFeature).toHaveBeenCalledTimes(1);
    expect(m.core.http.createRouter).toHaveBeenCalledTimes(1);
    expect(m.router.versioned.get.mock.calls.length + m.router.get.mock.calls.length).toBeGreaterThan(0);

    const rt = m.alerting.registerType.mock.calls[0][0];
    expect(rt).toMatchObject({
      id: RULE_TYPE_ID,
      producer: PLUGIN_ID,
      solution: 'stack',
      category: 'securitySolution',
      minimumLicenseRequired: 'basic',
      isExportable: true,
      defaultActionGroupId: 'compromisedSignin',
      alerts: { context: 'cloud-identity-compromise', shouldWrite: true, useEcs: true },
    });
    // Kibana registry checks
    expect(rt.id).toMatch(/^[a-zA-Z0-9_\-.]*$/);
    expect(rt.actionGroups.map((g: any) => g.id)).not.toContain('recovered');
    expect(rt.defaultScheduleInterval).toMatch(/^\d+[smhd]$/);
    expect(rt.getViewInAppRelativeUrl({ rule: { id: 'r/1', params: DEFAULT_RULE_PARAMS } })).toBe(`/app/${PLUGIN_ID}/alerts?ruleId=r%2F1`);
    // validate.params: defaults fill in, errors name the field (Kibana prefixes "params invalid: ")
    expect(rt.validate.params.validate({})).toEqual(DEFAULT_RULE_PARAMS);
    expect(() => rt.validate.params.validate({ leadTimeMinutes: 0 })).toThrow(/leadTimeMinutes/);
    expect(() => rt.validate.params.validate({ signinIndexPatterns: ['logs-* | DROP x'] })).toThrow(/signinIndexPatterns/);
    expect(rt.actionVariables.context.map((v: any) => v.name)).toEqual(expect.arrayContaining(['user', 'sourceIp', 'severity', 'reason']));
  });

  const af = [{ ruleTypeId: RULE_TYPE_ID, consumers: [PLUGIN_ID, 'alerts'] }];

  it('grants alerting privileges for our app and Stack Management consumers (not siem), and the panel API privilege', () => {
    const f = getFeature(contractsFor('9.5.0'));
    expect(RULE_CONSUMERS).toEqual([PLUGIN_ID, 'alerts']);
    expect(f).toMatchObject({ id: PLUGIN_ID, app: [PLUGIN_ID], alerting: af, category: SECURITY_APP_CATEGORY });
    expect(f.category).toEqual({ id: 'securitySolution', label: 'Security', order: 4000, euiIconType: 'logoSecurity' });
    expect(f.privileges!.read.alerting).toEqual({ rule: { read: af }, alert: { read: af } });
    expect(f.privileges!.all.api).toEqual([API_PRIVILEGE_READ]);
    expect(f.privileges!.read.api).toEqual([API_PRIVILEGE_READ]);
    expect(f.privileges!.all.savedObject).toEqual({ all: [], read: [] });
  });

  it.each([
    ['9.2.0', { all: af }, ['triggersActions']],
    ['9.3.4', { all: af, enable: af, manual_run: af }, ['triggersActions']],
    ['9.4.0', { all: af, enable: af, manual_run: af, manage_rule_settings: af }, ['triggersActions']],
    ['9.5.0-SNAPSHOT', { all: af, enable: af, manual_run: af, manage_rule_settings: af, mute_alerts: af }, ['triggersActionsRules', 'triggersActionsAlerts']],
    ['9.7.1', { all: af, enable: af, manual_run: af, manage_rule_settings: af, mute_alerts: af }, ['triggersActionsRules', 'triggersActionsAlerts']],
  ])('on Kibana %s grants exactly the rule privilege keys and management ids that version has', async (version, ruleAll, managementIds) => {
    const m = setupMocks(version);
    const p = await plugin(m.ctx as any);
    p.setup(m.core as any, { alerting: m.alerting as any, features: m.features as any });
    const f = m.features.registerKibanaFeature.mock.calls[0][0];
    expect(f.privileges.all.alerting).toEqual({ rule: ruleAll, alert: { all: af } });
    expect(f.management).toEqual({ insightsAndAlerting: managementIds });
    expect(f.privileges.all.management).toEqual({ insightsAndAlerting: managementIds });
    expect(f.privileges.read.management).toEqual({ insightsAndAlerting: managementIds });
  });

  it.each(['9.1.3', '8.18.0', '10.0.0', 'main'])('refuses to start on Kibana %s with a message naming the supported range', async (version) => {
    const m = setupMocks(version);
    await expect(plugin(m.ctx as any)).rejects.toThrow(/supports Kibana 9\.2 – 9\.x|cannot read the Kibana version/);
    expect(m.features.registerKibanaFeature).not.toHaveBeenCalled();
  });
});
