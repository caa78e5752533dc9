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
    defaultActionMessage: tr(
      'ruleType.defaultAction',
      '{{context.user}} signed in from {{context.sourceIp}} ({{context.severity}}, risk {{context.riskScore}}): {{context.reason}} — {{kibanaBaseUrl}}{{context.alertDetailsUrl}}'
    ),
  };
}
