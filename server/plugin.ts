// Server plugin: registers the rule type, the Kibana feature that grants it, and the panel's internal routes.
import type { AlertingServerSetup } from '@kbn/alerting-plugin/server';
import type { CoreSetup, CoreStart, Logger, Plugin, PluginInitializerContext } from '@kbn/core/server';
import type { FeaturesPluginSetup, KibanaFeatureConfig } from '@kbn/features-plugin/server';
import { API_PRIVILEGE_READ, PLUGIN_ID, PLUGIN_NAME, RULE_TYPE_ID } from '../common/constants';
import { registerRoutes } from './routes';
import { getRuleType } from './rule_type/rule_type';

export interface SetupDeps {
  alerting: AlertingServerSetup;
  features: FeaturesPluginSetup;
}

/** Consumers that may own rules of this type: our app, Stack Management > Rules, and Security. */
export const RULE_CONSUMERS = [PLUGIN_ID, 'alerts', 'siem'] as const;

/** Kibana's DEFAULT_APP_CATEGORIES.security (src/core/packages/application/common/src/default_app_categories.ts), as a literal. */
export const SECURITY_APP_CATEGORY = {
  id: 'securitySolution',
  label: 'Security',
  order: 4000,
  euiIconType: 'logoSecurity',
};

export function getFeature(): KibanaFeatureConfig {
  const alerting = [{ ruleTypeId: RULE_TYPE_ID, consumers: [...RULE_CONSUMERS] }];
  return {
    id: PLUGIN_ID,
    name: PLUGIN_NAME,
    category: SECURITY_APP_CATEGORY,
    app: [PLUGIN_ID],
    management: { insightsAndAlerting: ['triggersActionsRules', 'triggersActionsAlerts'] },
    alerting,
    privileges: {
      all: {
        app: [PLUGIN_ID],
        api: [API_PRIVILEGE_READ],
        management: { insightsAndAlerting: ['triggersActionsRules', 'triggersActionsAlerts'] },
        alerting: { rule: { all: alerting, enable: alerting, manual_run: alerting, manage_rule_settings: alerting }, alert: { all: alerting } },
        savedObject: { all: [], read: [] },
        ui: ['show', 'save'],
      },
      read: {
        app: [PLUGIN_ID],
        api: [API_PRIVILEGE_READ],
        management: { insightsAndAlerting: ['triggersActionsRules', 'triggersActionsAlerts'] },
        alerting: { rule: { read: alerting }, alert: { read: alerting } },
        savedObject: { all: [], read: [] },
        ui: ['show'],
      },
    },
  };
}

export class CloudIdentityCompromisePlugin implements Plugin<void, void, SetupDeps> {
  private readonly logger: Logger;

  constructor(ctx: PluginInitializerContext) {
    this.logger = ctx.logger.get();
  }

  setup(core: CoreSetup, { alerting, features }: SetupDeps): void {
    features.registerKibanaFeature(getFeature());
    alerting.registerType(getRuleType(this.logger.get('rule')));
    registerRoutes(core.http.createRouter(), this.logger.get('routes'));
  }

  start(_core: CoreStart): void {}

  stop(): void {}
}
