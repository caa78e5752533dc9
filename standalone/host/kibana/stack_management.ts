// A stand-in for Stack Management > Alerts and Insights > Rules, to make the management ids a feature grants
// observable. Mirrors x-pack/platform/plugins/shared/triggers_actions_ui/public/plugin.ts (the Rules app registered
// under insightsAndAlerting) and src/platform/plugins/shared/management/server/capabilities_provider.ts (one
// `management.<section>.<id>` capability per app, granted by features). Kibana does not check management ids
// when a feature registers (feature_schema.ts only checks that privileges name ids the feature declares); an id no app registers just yields a capability nobody reads, so the
// Rules page stays hidden for a user whose only feature grants the wrong id. The Rules app's capability is
// `management.insightsAndAlerting.triggersActions` through 9.4 and `triggersActionsRules` (with
// `triggersActionsAlerts` for the Alerts page) from 9.5 (PR #276985, notes §0).
// GET /api/host/stack_management/rules → { visible, capability, rule_types } for the request's user and space.
import type { IRouter } from '@kbn/core/server';
import { getRequestInfo } from './http';
import type { AlertingService } from './alerting';
import type { Security } from './security';
import type { KibanaVersion } from './versions';

export function managementRulesAppIds(v: KibanaVersion): { rules: string; alerts: string | null } {
  return v.atLeast('9.5') ? { rules: 'triggersActionsRules', alerts: 'triggersActionsAlerts' } : { rules: 'triggersActions', alerts: null };
}

export function registerStackManagementRoutes(router: IRouter, alerting: AlertingService, security: Security, version: KibanaVersion) {
  router.get(
    {
      path: '/api/host/stack_management/rules',
      validate: false,
      security: { authz: { enabled: false, reason: 'host page stand-in: visibility follows the user capabilities' } },
      options: { access: 'public' },
    },
    async (_ctx, request, res) => {
      const { user } = getRequestInfo(request);
      const ids = managementRulesAppIds(version);
      const capability = `management:insightsAndAlerting.${ids.rules}`;
      const visible = user.capabilities.has(capability);
      const granted = [...user.capabilities].filter((c) => c.startsWith('management:insightsAndAlerting.')).map((c) => c.slice('management:'.length));
      const ruleTypes = visible
        ? alerting.registry
            .list()
            .filter((t) => [...user.ruleGrants].some((g) => g.split(':')[1] === t.id))
            .map((t) => ({ id: t.id, name: t.name, producer: t.producer, solution: t.solution }))
        : [];
      return res.ok({ body: { kibana_version: version.version, capability: `management.insightsAndAlerting.${ids.rules}`, visible, granted_management: granted, rule_types: ruleTypes } });
    }
  );
}
