// One rule execution like Kibana's TaskRunner: builds RuleExecutorOptions (startedAt, previousStartedAt, services
// with the alerts client, ruleResultService, the wrapped ES client, shouldStopExecution on timeout), calls the
// executor, persists the rule state and tracked alerts, writes alert documents and records the last run.
// Mirrors (behaviour, not code) x-pack/platform/plugins/shared/alerting/server/task_runner/rule_type_runner.ts
// (executor call, then `alertsClient.checkLimitUsage()` in the same try; a throw is swallowed when the alert limit
// was reached, otherwise the run fails with reason `execute` and the task error source
// `getErrorSource(err) || FRAMEWORK`), monitoring/rule_result_service.ts and lib/last_run_status.ts (outcome
// failed > warning > succeeded; the maxAlerts / timeout / ruleExecution warning reasons; outcome messages).
import { randomUUID } from 'crypto';
import type { IScopedClusterClient, Logger } from '@kbn/core/server';
import type { RuleExecutorOptions } from '@kbn/alerting-plugin/server';
import { getErrorSource, TaskErrorSource } from '../task_manager';
import { HostAlertsClient } from './alerts_client';
import { createWrappedScopedClusterClient } from './wrap_scoped_cluster_client';
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
  const abortController = new AbortController();
  // task manager cancels a run past its timeout: the rule's abort signal fires (searches through the wrapped client stop)
  const timer = setTimeout(() => {
    timedOut = true;
    abortController.abort();
  }, timeoutMs);
  timer.unref();
  const spaceId = o.rule.spaceId ?? 'default';
  const wrapped = createWrappedScopedClusterClient({ scopedClusterClient: o.scopedClusterClient, rule: { ruleTypeId: o.ruleType.id, id: o.rule.id, spaceId }, logger: o.logger, abortController });

  const alertsClient = new HostAlertsClient({
    ruleType: o.ruleType,
    rule: o.rule,
    tracked: o.task.alerts,
    maxAlerts: o.maxAlerts,
    startedAt: o.startedAt,
    executionId,
    spaceId,
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
      scopedClusterClient: wrapped.client,
      shouldStopExecution: () => timedOut,
      shouldWriteAlerts: () => writes,
      ruleResultService: {
        addLastRunError: (m) => errors.push(m),
        addLastRunWarning: (m) => warnings.push(m),
        setLastRunOutcomeMessage: (m) => (outcomeMessage = m),
      },
    },
    spaceId,
    namespace: spaceId === 'default' ? undefined : spaceId,
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
  let errorSource: TaskErrorSource | undefined;
  try {
    const res = await o.ruleType.executor(options);
    newRuleState = res?.state ?? {};
    // the framework's check, inside the same try as the executor
    alertsClient.checkLimitUsage();
  } catch (e) {
    // an error after the alert limit was reached is swallowed: the run ends with the maxAlerts warning
    if (!alertsClient.hasReachedAlertLimit()) {
      failed = e as Error;
      errorSource = getErrorSource(e) ?? TaskErrorSource.FRAMEWORK;
    }
  } finally {
    clearTimeout(timer);
  }
  const limitError = alertsClient.hasReachedAlertLimit();

  const timedOutCancel = timedOut && o.ruleType.cancelAlertsOnRuleTimeout !== false;
  let task: TaskState = { ...o.task, previousStartedAt: o.startedAt.toISOString(), runs: o.task.runs + 1 };
  let counts = { active: 0, new: 0, recovered: 0, ignored: 0 };
  if (!failed && !timedOutCancel) {
    const fin = alertsClient.finalize();
    if (writes) await o.alertsIndex!.write(fin.docs);
    task = { ...task, ruleState: newRuleState, alerts: fin.tracked };
    counts = fin.counts;
  }

  let outcome: LastRun['outcome'] = 'succeeded';
  let warning: LastRun['warning'] = null;
  const outcomeMsg: string[] = [];
  if (failed) {
    outcome = 'failed';
    warning = 'execute';
    outcomeMsg.push(failed.message);
    o.logger.error(`Executing Rule ${spaceId}:${o.ruleType.id}:${o.rule.id} has resulted in Error: ${failed.message}`);
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
    errorSource: failed ? errorSource ?? TaskErrorSource.FRAMEWORK : null,
    searchMetrics: wrapped.getMetrics(),
  };
  return { task: { ...task, lastRun }, lastRun };
}
