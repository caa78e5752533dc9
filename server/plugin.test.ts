import { API_PRIVILEGE_READ, PLUGIN_ID, RULE_TYPE_ID } from '../common/constants';
import { DEFAULT_RULE_PARAMS } from '../common/params';
import { plugin } from './index';
import { RULE_CONSUMERS, SECURITY_APP_CATEGORY, getFeature } from './plugin';

function setupMocks() {
  const logger: any = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn(), trace: jest.fn(), fatal: jest.fn() };
  logger.get = jest.fn(() => logger);
  const router = { get: jest.fn(), post: jest.fn(), put: jest.fn(), delete: jest.fn(), routerPath: '', versioned: { get: jest.fn(() => ({ addVersion: jest.fn().mockReturnThis() })), post: jest.fn(() => ({ addVersion: jest.fn().mockReturnThis() })), put: jest.fn(), patch: jest.fn(), delete: jest.fn() } };
  const core = { http: { createRouter: jest.fn(() => router), basePath: { serverBasePath: '', prepend: (p: string) => p } }, getStartServices: jest.fn() };
  const alerting = { registerType: jest.fn() };
  const features = { registerKibanaFeature: jest.fn() };
  const ctx = { opaqueId: Symbol('x'), logger: { get: jest.fn(() => logger) }, config: { get: jest.fn(), create: jest.fn() }, env: { mode: { dev: false, prod: true }, packageInfo: { version: '9.2.0', branch: 'main' } } };
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
      solution: 'security',
      producer: 'siem',
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

  it('grants alerting privileges for the consumers and the panel API privilege', () => {
    const f = getFeature();
    const af = [{ ruleTypeId: RULE_TYPE_ID, consumers: [PLUGIN_ID, 'alerts', 'siem'] }];
    expect(RULE_CONSUMERS).toEqual([PLUGIN_ID, 'alerts', 'siem']);
    expect(f).toMatchObject({ id: PLUGIN_ID, app: [PLUGIN_ID], alerting: af, category: SECURITY_APP_CATEGORY });
    expect(f.category).toEqual({ id: 'securitySolution', label: 'Security', order: 4000, euiIconType: 'logoSecurity' });
    expect(f.privileges!.all.alerting).toEqual({ rule: { all: af, enable: af, manual_run: af, manage_rule_settings: af }, alert: { all: af } });
    expect(f.privileges!.read.alerting).toEqual({ rule: { read: af }, alert: { read: af } });
    expect(f.privileges!.all.api).toEqual([API_PRIVILEGE_READ]);
    expect(f.privileges!.read.api).toEqual([API_PRIVILEGE_READ]);
    expect(f.privileges!.all.savedObject).toEqual({ all: [], read: [] });
  });
});
