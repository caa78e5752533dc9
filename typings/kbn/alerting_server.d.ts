// Subset of `@kbn/alerting-plugin/server` used by this plugin. Matched against Kibana 9.2 (elastic/kibana main, 2026):
// x-pack/platform/plugins/shared/alerting/server/types.ts, src/platform/packages/shared/kbn-alerting-types/rule_types.ts,
// src/platform/packages/shared/kbn-alerts-as-data-utils field maps. Inside a Kibana checkout the real package resolves instead.
import type { IScopedClusterClient, Logger } from '@kbn/core/server';
import type { FieldMap } from '@kbn/alerts-as-data-utils';

export type RuleTypeParams = Record<string, any>;
export type RuleTypeState = Record<string, unknown>;
export type AlertInstanceState = Record<string, unknown>;
export type AlertInstanceContext = Record<string, unknown>;
type RuleAlertData = Record<string, unknown>;
type RuleTypeSolution = 'observability' | 'security' | 'stack';
type LicenseType = 'basic' | 'standard' | 'gold' | 'platinum' | 'enterprise' | 'trial';

export interface ActionGroup<ActionGroupIds extends string> { id: ActionGroupIds; name: string }
interface ActionVariable { name: string; description: string; usesPublicBaseUrl?: boolean }

interface RuleTypeParamsValidator<Params extends RuleTypeParams> {
  validate: (object: unknown) => Params;
  validateMutatedParams?: (mutatedOject: Params, origObject?: Params) => Params;
}


export interface IRuleTypeAlerts<AlertData extends RuleAlertData = never> {
  context: string;
  mappings: { dynamic?: 'strict' | false; fieldMap: FieldMap; shouldWrite?: never };
  shouldWrite?: boolean;
  useEcs?: boolean;
  useLegacyAlerts?: boolean;
  isSpaceAware?: boolean;
  secondaryAlias?: string;
  formatAlert?: (alert: Partial<AlertData>) => Partial<AlertData>;
}

type DeepPartial<T> = { [P in keyof T]?: T[P] extends Record<string, unknown> ? DeepPartial<T[P]> : T[P] };

interface ReportedAlert<State, Context, ActionGroupIds extends string, AlertData> {
  id: string;
  actionGroup: ActionGroupIds;
  state?: State;
  context?: Context;
  payload?: DeepPartial<AlertData>;
}
interface ReportedAlertData<AlertData> { uuid: string; start: string | null; alertDoc?: AlertData }
interface RecoveredAlertData<State, Context, ActionGroupIds extends string, AlertData> {
  alert: { getId(): string; getUuid(): string; getStart(): string | null; getState(): State; getContext(): Context };
  hit?: AlertData;
}

interface PublicAlertsClient<AlertData extends RuleAlertData, State extends AlertInstanceState, Context extends AlertInstanceContext, ActionGroupIds extends string> {
  report(alert: ReportedAlert<State, Context, ActionGroupIds, AlertData>): ReportedAlertData<AlertData>;
  setAlertData(alert: { id: string; context?: Context; payload?: DeepPartial<AlertData> }): void;
  isTrackedAlert(id: string): boolean;
  getAlertLimitValue(): number;
  setAlertLimitReached(reached: boolean): void;
  getRecoveredAlerts(): Array<RecoveredAlertData<State, Context, ActionGroupIds, AlertData>>;
}

interface RuleResultService {
  addLastRunError(message: string, userError?: boolean): void;
  addLastRunWarning(message: string): void;
  setLastRunOutcomeMessage(message: string): void;
}

export interface RuleExecutorServices<
  State extends AlertInstanceState = AlertInstanceState,
  Context extends AlertInstanceContext = AlertInstanceContext,
  ActionGroupIds extends string = never,
  AlertData extends RuleAlertData = RuleAlertData
> {
  alertsClient: PublicAlertsClient<AlertData, State, Context, ActionGroupIds> | null;
  scopedClusterClient: IScopedClusterClient;
  shouldStopExecution: () => boolean;
  shouldWriteAlerts: () => boolean;
  ruleResultService?: RuleResultService;
}

interface SanitizedRuleConfig {
  id: string;
  name: string;
  tags: string[];
  consumer: string;
  enabled: boolean;
  schedule: { interval: string };
  producer: string;
  ruleTypeId: string;
  ruleTypeName: string;
  createdBy: string | null;
  updatedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  throttle: string | null;
  notifyWhen: string | null;
  muteAll: boolean;
  snoozeSchedule?: unknown[];
}

export interface RuleExecutorOptions<
  Params extends RuleTypeParams = never,
  State extends RuleTypeState = never,
  InstanceState extends AlertInstanceState = never,
  InstanceContext extends AlertInstanceContext = never,
  ActionGroupIds extends string = never,
  AlertData extends RuleAlertData = never
> {
  executionId: string;
  logger: Logger;
  params: Params;
  previousStartedAt: Date | null;
  rule: SanitizedRuleConfig;
  services: RuleExecutorServices<InstanceState, InstanceContext, ActionGroupIds, AlertData>;
  spaceId: string;
  startedAt: Date;
  startedAtOverridden: boolean;
  state: State;
  namespace?: string;
  isServerless: boolean;
  getTimeRange: (timeWindow?: string) => { dateStart: string; dateEnd: string };
}

export type ExecutorType<
  Params extends RuleTypeParams = never,
  State extends RuleTypeState = never,
  InstanceState extends AlertInstanceState = never,
  InstanceContext extends AlertInstanceContext = never,
  ActionGroupIds extends string = never,
  AlertData extends RuleAlertData = never
> = (options: RuleExecutorOptions<Params, State, InstanceState, InstanceContext, ActionGroupIds, AlertData>) => Promise<{ state: State }>;

export interface RuleType<
  Params extends RuleTypeParams = never,
  ExtractedParams extends RuleTypeParams = never,
  State extends RuleTypeState = never,
  InstanceState extends AlertInstanceState = never,
  InstanceContext extends AlertInstanceContext = never,
  ActionGroupIds extends string = never,
  RecoveryActionGroupId extends string = never,
  AlertData extends RuleAlertData = never
> {
  id: string;
  name: string;
  validate: { params: RuleTypeParamsValidator<Params> };
  actionGroups: Array<ActionGroup<ActionGroupIds>>;
  defaultActionGroupId: ActionGroupIds;
  recoveryActionGroup?: ActionGroup<RecoveryActionGroupId>;
  executor: ExecutorType<Params, State, InstanceState, InstanceContext, ActionGroupIds, AlertData>;
  producer: string;
  solution: RuleTypeSolution;
  category: string;
  actionVariables?: { context?: ActionVariable[]; state?: ActionVariable[]; params?: ActionVariable[] };
  minimumLicenseRequired: LicenseType;
  isExportable: boolean;
  defaultScheduleInterval?: string;
  ruleTaskTimeout?: string;
  cancelAlertsOnRuleTimeout?: boolean;
  doesSetRecoveryContext?: boolean;
  alerts?: IRuleTypeAlerts<AlertData>;
  autoRecoverAlerts?: boolean;
  getViewInAppRelativeUrl?: (opts: { rule: { id: string; params: Params }; start?: number; end?: number }) => string;
}

export interface AlertingServerSetup {
  registerType<
    Params extends RuleTypeParams = RuleTypeParams,
    ExtractedParams extends RuleTypeParams = RuleTypeParams,
    State extends RuleTypeState = RuleTypeState,
    InstanceState extends AlertInstanceState = AlertInstanceState,
    InstanceContext extends AlertInstanceContext = AlertInstanceContext,
    ActionGroupIds extends string = never,
    RecoveryActionGroupId extends string = never,
    AlertData extends RuleAlertData = never
  >(ruleType: RuleType<Params, ExtractedParams, State, InstanceState, InstanceContext, ActionGroupIds, RecoveryActionGroupId, AlertData>): void;
}
export interface AlertingServerStart {}

// Only the names above marked `export` exist in the real package's server entry; the rest are local helpers.
export {};
