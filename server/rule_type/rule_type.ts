// The rule type definition registered with alerting (shape of Kibana's stack es_query rule type).
import type { ActionGroup, RuleType } from '@kbn/alerting-plugin/server';
import type { Logger } from '@kbn/core/server';
import { ACTION_GROUP_ID, ALERTS_CONTEXT, PLUGIN_ID, RULE_PRODUCER, RULE_TYPE_ID, RULE_TYPE_NAME } from '../../common/constants';
import type { RuleParams } from '../../common/params';
import { validateRuleParams } from '../../common/params';
import { executor } from './executor';
import type { RuleState } from './executor';
import { cloudIdentityFieldMap } from './field_map';

export type ActionGroupId = typeof ACTION_GROUP_ID;
export type AlertContext = Record<string, unknown>;
export type CloudIdentityRuleType = RuleType<RuleParams, never, RuleState, {}, AlertContext, ActionGroupId, never, Record<string, unknown>>;

export const ACTION_GROUP: ActionGroup<ActionGroupId> = { id: ACTION_GROUP_ID, name: 'Compromised sign-in detected' };

export const actionVariables = {
  context: [
    { name: 'user', description: 'Normalized user identity (email, user@domain, user name or id)' },
    { name: 'sourceIp', description: 'Source IP of the sign-in' },
    { name: 'severity', description: 'Alert severity: low, medium, high or critical' },
    { name: 'riskScore', description: 'Risk score 0..100' },
    { name: 'detection', description: 'Which signals matched: network, threat_intel or both' },
    { name: 'reason', description: 'Human-readable reason of the alert' },
    { name: 'signinCount', description: 'Successful sign-ins from the IP in the window' },
    { name: 'firstSignin', description: 'First sign-in time' },
    { name: 'lastSignin', description: 'Last sign-in time' },
    { name: 'networkAlertCount', description: 'Network alerts on the IP' },
    { name: 'networkRuleNames', description: 'Rules of the network alerts' },
    { name: 'indicatorCount', description: 'Matching threat-intel indicators' },
    { name: 'indicatorFeeds', description: 'Threat-intel feeds that list the IP' },
    { name: 'activityCount', description: 'Microsoft 365 operations from the IP' },
    { name: 'riskyOperationCount', description: 'Risky Microsoft 365 operations from the IP' },
    { name: 'riskyOperations', description: 'Names of the risky operations seen' },
    { name: 'alertDetailsUrl', description: 'Relative URL of this alert in the investigation panel', usesPublicBaseUrl: true },
    { name: 'investigateUserUrl', description: "Relative URL of an investigation of the user's sign-ins from every IP (7 days up to the detection)", usesPublicBaseUrl: true },
    { name: 'investigateIpUrl', description: 'Relative URL of an investigation of every user who signed in from the IP (7 days up to the detection)', usesPublicBaseUrl: true },
  ],
  params: [
    { name: 'detectionMode', description: 'network, threat_intel or both' },
    { name: 'lookbackMinutes', description: 'Sign-in look-back per run, minutes' },
    { name: 'leadTimeMinutes', description: 'Longest time a network alert may precede the sign-in, minutes' },
  ],
};

export function getRuleType(logger: Logger): CloudIdentityRuleType {
  return {
    id: RULE_TYPE_ID,
    name: RULE_TYPE_NAME,
    producer: RULE_PRODUCER,
    // 'stack', not 'security': views that pick rule types by solution (dashboard alerts panel, alerts filters form)
    // would otherwise combine it with siem.* types and answer 400 "mixed authorization"; see docs/kibana_compatibility.md.
    solution: 'stack',
    // A DEFAULT_APP_CATEGORIES id: Security maintenance windows apply to it.
    category: 'securitySolution',
    minimumLicenseRequired: 'basic',
    isExportable: true,
    validate: { params: { validate: (object: unknown) => validateRuleParams(object) } },
    actionGroups: [ACTION_GROUP],
    defaultActionGroupId: ACTION_GROUP_ID,
    actionVariables,
    defaultScheduleInterval: '5m',
    doesSetRecoveryContext: true,
    alerts: {
      context: ALERTS_CONTEXT,
      mappings: { fieldMap: cloudIdentityFieldMap },
      shouldWrite: true,
      useEcs: true,
    },
    executor: (options) => executor(options, logger),
    getViewInAppRelativeUrl: ({ rule }) => `/app/${PLUGIN_ID}/alerts?ruleId=${encodeURIComponent(rule.id)}`,
  };
}
