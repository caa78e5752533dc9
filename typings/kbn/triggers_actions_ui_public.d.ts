// Subset of `@kbn/triggers-actions-ui-plugin/public` used by this plugin. Matched against Kibana 9.2 (elastic/kibana main, 2026):
// src/platform/packages/shared/kbn-alerts-ui-shared/src/common/types/rule_types.ts, x-pack/platform/plugins/shared/triggers_actions_ui/public/{plugin.ts,application/type_registry.ts}.
import type { ComponentType, FunctionComponent, LazyExoticComponent } from 'react';

export interface ValidationResult {
  errors: Record<string, any>;
}
export interface ActionGroup<ActionGroupIds extends string> {
  id: ActionGroupIds;
  name: string;
}
export type RuleTypeParams = Record<string, any>;
export type RuleTypeMetaData = Record<string, any>;
export type IErrorObject = Record<string, string | string[] | IErrorObject>;

export interface RuleTypeParamsExpressionProps<Params extends RuleTypeParams = RuleTypeParams, MetaData = RuleTypeMetaData, ActionGroupIds extends string = string> {
  id?: string;
  ruleParams: Params;
  ruleInterval: string;
  ruleThrottle: string;
  alertNotifyWhen: string;
  setRuleParams: <Key extends keyof Params>(property: Key, value: Params[Key] | undefined) => void;
  /** @deprecated */
  setRuleProperty: (key: string, value: unknown) => void;
  onChangeMetaData: (metadata: MetaData) => void;
  errors: IErrorObject;
  defaultActionGroupId: string;
  actionGroups: Array<ActionGroup<ActionGroupIds>>;
  metadata?: MetaData;
  charts: unknown;
  data: unknown;
  dataViews?: unknown;
  unifiedSearch: unknown;
}

export interface RuleTypeModel<Params extends RuleTypeParams = RuleTypeParams> {
  id: string;
  description: string;
  iconClass: string;
  documentationUrl: string | ((docLinks: unknown) => string) | null;
  validate: (ruleParams: Params, isServerless?: boolean) => ValidationResult;
  ruleParamsExpression:
    | FunctionComponent<any>
    | LazyExoticComponent<ComponentType<RuleTypeParamsExpressionProps<Params>>>;
  requiresAppContext: boolean;
  defaultActionMessage?: string;
  defaultRecoveryMessage?: string;
  defaultSummaryMessage?: string;
  alertDetailsAppSection?: FunctionComponent<any> | LazyExoticComponent<ComponentType<any>>;
}

export interface TypeRegistry<T extends { id: string }> {
  has(id: string): boolean;
  register(objectType: T): void;
  get(id: string): T;
  list(): T[];
}

export interface TriggersAndActionsUIPublicPluginSetup {
  ruleTypeRegistry: TypeRegistry<RuleTypeModel<any>>;
}
export interface TriggersAndActionsUIPublicPluginStart {
  ruleTypeRegistry: TypeRegistry<RuleTypeModel<any>>;
}
