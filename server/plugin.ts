// Server plugin: registers the rule type, the Kibana feature that grants it, and the panel's internal routes.
// Version-dependent contracts (feature privilege keys, management ids) come from the running Kibana's version.
import type { AlertingServerSetup } from '@kbn/alerting-plugin/server';
import type { CoreSetup, CoreStart, KibanaRequest, Logger, Plugin, PluginInitializerContext } from '@kbn/core/server';
import type { FeaturesPluginSetup, KibanaFeatureConfig } from '@kbn/features-plugin/server';
import type { RuleRegistryPluginStartContract } from '@kbn/rule-registry-plugin/server';
import { API_PRIVILEGE_READ, PLUGIN_ID, PLUGIN_NAME, RULE_CONSUMERS, RULE_TYPE_ID } from '../common/constants';
import { contractsFor, type KibanaContracts } from './kibana_version';
import { registerRoutes } from './routes';
import type { AlertsReader } from './investigation/alerts_reader';
import { getRuleType } from './rule_type/rule_type';

export interface SetupDeps {
  alerting: AlertingServerSetup;
  features: FeaturesPluginSetup;
}
export interface StartDeps {
  ruleRegistry: RuleRegistryPluginStartContract;
}

/** Kibana's DEFAULT_APP_CATEGORIES.security (src/core/packages/application/common/src/default_app_categories.ts), as a literal. */
export const SECURITY_APP_CATEGORY = {
  id: 'securitySolution',
  label: 'Security',
  order: 4000,
  euiIconType: 'logoSecurity',
};

export function getFeature(contracts: KibanaContracts): KibanaFeatureConfig {
  const alerting = [{ ruleTypeId: RULE_TYPE_ID, consumers: [...RULE_CONSUMERS] }];
  // Only the keys this Kibana's feature schema accepts; from 9.4 `all` must list enable/manual_run/settings itself.
  const ruleAll = Object.fromEntries(contracts.ruleAllKeys.map((k) => [k, alerting]));
  const management = { insightsAndAlerting: [...contracts.managementIds] };
  return {
    id: PLUGIN_ID,
    name: PLUGIN_NAME,
    category: SECURITY_APP_CATEGORY,
    app: [PLUGIN_ID],
    management,
    alerting,
    privileges: {
      all: {
        app: [PLUGIN_ID],
        api: [API_PRIVILEGE_READ],
        management,
        alerting: { rule: ruleAll, alert: { all: alerting } },
        savedObject: { all: [], read: [] },
        ui: ['show', 'save'],
      },
      read: {
        app: [PLUGIN_ID],
        api: [API_PRIVILEGE_READ],
        management,
        alerting: { rule: { read: alerting }, alert: { read: alerting } },
        savedObject: { all: [], read: [] },
        ui: ['show'],
      },
    },
  };
}

export class CloudIdentityCompromisePlugin implements Plugin<void, void, SetupDeps, StartDeps> {
  private readonly logger: Logger;
  private readonly contracts: KibanaContracts;

  constructor(ctx: PluginInitializerContext) {
    this.logger = ctx.logger.get();
    // Throws for a Kibana outside the supported range, before anything is registered.
    this.contracts = contractsFor(ctx.env.packageInfo.version);
  }

  setup(core: CoreSetup<StartDeps>, { alerting, features }: SetupDeps): void {
    this.logger.debug(`Kibana contracts ${this.contracts.minor}: rule privileges [${this.contracts.ruleAllKeys.join(', ')}], management [${this.contracts.managementIds.join(', ')}]`);
    features.registerKibanaFeature(getFeature(this.contracts));
    alerting.registerType(getRuleType(this.logger.get('rule')));
    // Alerts are read through the rule registry's alerts client: Kibana's alerting authorization and space filter,
    // no index privileges on .alerts-* needed.
    const getAlertsReader = async (request: KibanaRequest): Promise<AlertsReader> => {
      const [, { ruleRegistry }] = await core.getStartServices();
      return ruleRegistry.getRacClientWithRequest(request);
    };
    registerRoutes(core.http.createRouter(), this.logger.get('routes'), getAlertsReader);
  }

  start(_core: CoreStart, _plugins: StartDeps): void {}

  stop(): void {}
}
