// One rule execution like Kibana's TaskRunner: builds RuleExecutorOptions (startedAt, previousStartedAt, services
// with the alerts client, ruleResultService, shouldStopExecution on timeout), calls the executor, persists the
// rule state and tracked alerts, writes alert documents and records the last run.
import { randomUUID } from 'crypto';
import type { IScopedClusterClient, Logger } from '@kbn/core/server';
import type { RuleExecutorOptions } from '@kbn/alerting-plugin/server';
import { HostAlertsClient, LimitReachedError } from './alerts_client';
import type { AlertsIndex } from './alerts_index';
import { parseDuration, type AnyRuleType } from './registry';
import type { LastRun, StoredRule, TaskState } from './rule_store';

export interface RunOptions {
  ruleType: AnyRuleType;
  rule: StoredRule;
  task: TaskState;
  startedAt: Date;
  /** backfill / replay runs set startedAt explicitly (Kibana: startedAtOverridden for ad-hoc runs) */
  startedAtOverridden: boolean;
  previousStartedAt: Date | null;
  logger: Logger;
  scopedClusterClient: IScopedClusterClient;
  alertsIndex: AlertsIndex | null;
  maxAlerts: number;
  kibanaVersion: string;
}

export async function runRule(o: RunOptions): Promise<{ task: TaskState; lastRun: LastRun }> {
  const executionId = randomUUID();
  const t0 = performance.now();
  const warnings: string[] = [];
  const errors: string[] = [];
  let outcomeMessage: string | undefined;
  let timeRange: LastRun['timeRange'] = null;
  const timeoutMs = parseDuration(o.ruleType.ruleTaskTimeout ?? '5m');
  let timedOut = false;
  const timer = setTimeout(() => (timedOut = true), timeoutMs);
  timer.unref();

  const alertsClient = new HostAlertsClient({
    ruleType: o.ruleType,
    rule: o.rule,
    tracked: o.task.alerts,
    maxAlerts: o.maxAlerts,
    startedAt: o.startedAt,
    executionId,
    spaceId: 'default',
    kibanaVersion: o.kibanaVersion,
  });
  const writes = o.ruleType.alerts?.shouldWrite === true && o.alertsIndex !== null;
  const params = o.ruleType.validate.params.validate(o.rule.params);

  const options: RuleExecutorOptions<any, any, any, any, string, any> = {
    executionId,
    logger: o.logger,
    params,
    previousStartedAt: o.previousStartedAt,
    startedAt: o.startedAt,
    startedAtOverridden: o.startedAtOverridden,
    state: o.task.ruleState,
    rule: {
      id: o.rule.id,
      name: o.rule.name,
      tags: o.rule.tags,
      consumer: o.rule.consumer,
      enabled: o.rule.enabled,
      schedule: o.rule.schedule,
      producer: o.ruleType.producer,
      ruleTypeId: o.ruleType.id,
      ruleTypeName: o.ruleType.name,
      createdBy: o.rule.createdBy,
      updatedBy: o.rule.updatedBy,
      createdAt: new Date(o.rule.createdAt),
      updatedAt: new Date(o.rule.updatedAt),
      throttle: null,
      notifyWhen: null,
      muteAll: false,
      snoozeSchedule: [],
    },
    services: {
      alertsClient: writes ? alertsClient : null,
      scopedClusterClient: o.scopedClusterClient,
      shouldStopExecution: () => timedOut,
      shouldWriteAlerts: () => writes,
      ruleResultService: {
        addLastRunError: (m) => errors.push(m),
        addLastRunWarning: (m) => warnings.push(m),
        setLastRunOutcomeMessage: (m) => (outcomeMessage = m),
      },
    },
    spaceId: 'default',
    isServerless: false,
    getTimeRange: (window?: string) => {
      const end = o.startedAt.getTime();
      const ms = window ? parseDuration(window) : parseDuration(o.rule.schedule.interval);
      timeRange = { dateStart: new Date(end - ms).toISOString(), dateEnd: new Date(end).toISOString() };
      return timeRange;
    },
  };

  let newRuleState = o.task.ruleState;
  let failed: Error | undefined;
  let limitError = false;
  try {
    const res = await o.ruleType.executor(options);
    newRuleState = res?.state ?? {};
  } catch (e) {
    if (e instanceof LimitReachedError) limitError = true;
    else failed = e as Error;
  } finally {
    clearTimeout(timer);
  }

  const timedOutCancel = timedOut && o.ruleType.cancelAlertsOnRuleTimeout !== false;
  let task: TaskState = { ...o.task, previousStartedAt: o.startedAt.toISOString(), runs: o.task.runs + 1 };
  let counts = { active: 0, new: 0, recovered: 0, ignored: 0 };
  if (!failed && !timedOutCancel) {
    const fin = alertsClient.finalize();
    if (writes) await o.alertsIndex!.write(fin.docs);
    task = { ...task, ruleState: newRuleState, alerts: fin.tracked };
    counts = fin.counts;
    limitError ||= fin.limitReached;
  }

  let outcome: LastRun['outcome'] = 'succeeded';
  let warning: LastRun['warning'] = null;
  const outcomeMsg: string[] = [];
  if (failed) {
    outcome = 'failed';
    warning = 'execute';
    outcomeMsg.push(failed.message);
    o.logger.error(`Executing Rule default:${o.ruleType.id}:${o.rule.id} has resulted in Error: ${failed.message}`);
  } else if (errors.length) {
    outcome = 'failed';
    outcomeMsg.push(...errors);
  } else if (timedOutCancel) {
    outcome = 'warning';
    warning = 'timeout';
    outcomeMsg.push(`${o.ruleType.id}:${o.rule.id}: execution cancelled due to timeout - exceeded rule type timeout of ${o.ruleType.ruleTaskTimeout ?? '5m'}`);
  } else if (limitError) {
    outcome = 'warning';
    warning = 'maxAlerts';
    outcomeMsg.push('Rule reported more than the maximum number of alerts in a single run. Alerts may be missed and recovery notifications may be delayed');
  } else if (warnings.length) {
    outcome = 'warning';
    warning = 'ruleExecution';
  }
  if (!failed) outcomeMsg.push(...warnings);
  if (outcomeMessage) outcomeMsg.push(outcomeMessage);

  const lastRun: LastRun = {
    executionId,
    outcome,
    outcomeMsg,
    warning,
    startedAt: o.startedAt.toISOString(),
    durationMs: Math.round(performance.now() - t0),
    timeRange,
    alertsCount: counts,
    backfill: o.startedAtOverridden,
  };
  return { task: { ...task, lastRun }, lastRun };
}
