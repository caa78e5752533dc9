// The rule type's browser model for Kibana's rule flyout (triggersActionsUi.ruleTypeRegistry.register).
import { lazy } from 'react';
import type { RuleTypeModel } from '@kbn/triggers-actions-ui-plugin/public';
import { RULE_TYPE_ID } from '../../common/constants';
import type { RuleParams } from '../../common/params';
import { tr } from '../i18n';
import { validateParams } from './validate';

export function getRuleTypeModel(): RuleTypeModel<RuleParams> {
  return {
    id: RULE_TYPE_ID,
    description: tr('ruleType.description', 'Alerts when a user signs in to Entra ID / Microsoft 365 from an IP that network alerts or threat intel flagged.'),
    iconClass: 'securityAnalyticsApp',
    documentationUrl: null,
    ruleParamsExpression: lazy(() => import('./rule_params_editor')),
    validate: (params: RuleParams) => validateParams(params),
    requiresAppContext: false,
    // URLs in triple braces: Kibana's markdown escaping (actions/server/lib/mustache_renderer.ts) would put
    // backslashes before the `-` and `.` inside them. The IP is canonical (digits, hex, `.` `:`), safe in a URL
    // unencoded; the user is not, so it gets no deep link here (that needs a URL-encoded context variable).
    defaultActionMessage: tr(
      'ruleType.defaultAction',
      '{{context.user}} signed in from {{context.sourceIp}} ({{context.severity}}, risk {{context.riskScore}}): {{context.reason}} — {{{kibanaBaseUrl}}}{{{context.alertDetailsUrl}}} — every IP this user signed in from: {{{kibanaBaseUrl}}}{{{context.investigateUserUrl}}} — everyone who signed in from this IP: {{{kibanaBaseUrl}}}{{{context.investigateIpUrl}}}'
    ),
  };
}
