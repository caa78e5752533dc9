// Kibana executor: the run's time window, runCorrelation, then alerts-as-data reporting with stable ids,
// the alert limit, recovered-alert context and last-run errors/warnings through ruleResultService.
import type { RuleExecutorOptions } from '@kbn/alerting-plugin/server';
import type { Logger } from '@kbn/core/server';
import { ACTION_GROUP_ID, PLUGIN_ID } from '../../common/constants';
import type { RuleParams } from '../../common/params';
import type { Severity } from '../../common/constants';
import { peakOf, severityPayload, SEVERITY_RANK } from '../../common/scoring';
import type { SeverityAndRisk } from '../../common/scoring';
import { runCorrelation } from './correlate';
import type { CorrelationResult } from './correlate';
import { classifyEsError } from './errors';
import { createTaskRunError, TaskErrorSource } from '../kbn_shim';

export interface RuleState extends Record<string, unknown> {
  /** End of the last successfully searched window (ISO), for diagnostics. */
  lastWindowEnd?: string;
}

type ActionGroupId = typeof ACTION_GROUP_ID;
export type ExecutorOptions = RuleExecutorOptions<RuleParams, RuleState, {}, Record<string, unknown>, ActionGroupId, Record<string, unknown>>;

/** How often shouldStopExecution() is polled to abort an in-flight request. */
export const STOP_POLL_MS = 250;

/**
 * [startedAt − lookback, startedAt] (shifted by the framework's query delay when getTimeRange applies one),
 * extended back to where the previous run ended so a late run leaves no gap, but never more than
 * maxCatchUpMinutes beyond the normal look-back.
 */
export function computeWindow(o: {
  params: RuleParams;
  startedAt: Date;
  previousStartedAt: Date | null;
  getTimeRange?: (timeWindow?: string) => { dateStart: string; dateEnd: string };
}): { dateStart: string; dateEnd: string; catchUpMinutes: number } {
  const lookbackMs = o.params.lookbackMinutes * 60_000;
  let end = o.startedAt.getTime();
  let start = end - lookbackMs;
  if (o.getTimeRange) {
    const r = o.getTimeRange(`${o.params.lookbackMinutes}m`);
    const s = Date.parse(r.dateStart);
    const e = Date.parse(r.dateEnd);
    if (Number.isFinite(s) && Number.isFinite(e) && s <= e) {
      start = s;
      end = e;
    }
  }
  const delayMs = Math.max(0, o.startedAt.getTime() - end);
  let catchUpMinutes = 0;
  if (o.previousStartedAt) {
    const previousEnd = o.previousStartedAt.getTime() - delayMs;
    const earliest = start - o.params.maxCatchUpMinutes * 60_000;
    if (previousEnd < start) {
      const newStart = Math.max(previousEnd, earliest);
      catchUpMinutes = Math.round((start - newStart) / 60_000);
      start = newStart;
    }
  }
  return { dateStart: new Date(start).toISOString(), dateEnd: new Date(end).toISOString(), catchUpMinutes };
}


/** Reads a field from an alert document stored flat ('a.b.c') or nested ({ a: { b: { c } } }). */
function readField(doc: unknown, path: string): unknown {
  if (!doc || typeof doc !== 'object') return undefined;
  const flat = (doc as Record<string, unknown>)[path];
  if (flat !== undefined) return flat;
  let node: unknown = doc;
  for (const part of path.split('.')) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** Severity and risk score of the alert as last written (the tracked alert document), if any. */
export function trackedSeverity(alertDoc: unknown): SeverityAndRisk | null {
  const severity = readField(alertDoc, 'kibana.alert.severity');
  if (typeof severity !== 'string' || !(severity in SEVERITY_RANK)) return null;
  const risk = Number(readField(alertDoc, 'kibana.alert.risk_score'));
  return { severity: severity as Severity, risk_score: Number.isFinite(risk) ? risk : 0 };
}

const spacePrefix = (spaceId: string | undefined) => (spaceId && spaceId !== 'default' ? `/s/${encodeURIComponent(spaceId)}` : '');

/** Relative URL of the alert in the investigation app, space-aware like Kibana's own links. */
export const alertDetailsPath = (spaceId: string | undefined, uuid: string) => `${spacePrefix(spaceId)}/app/${PLUGIN_ID}/alerts/${encodeURIComponent(uuid)}`;

/** Days of history an action message's investigation links cover, ending a day after the run's window. */
export const INVESTIGATE_LINK_DAYS = 7;

/**
 * Relative URL of an investigation of a user or an IP over a fixed range around the detection (absolute, so a
 * message read days later opens the same evidence). Values are URL-encoded: messages cannot encode them.
 */
export function investigatePath(spaceId: string | undefined, by: { user?: string; ip?: string }, windowEnd: string): string {
  const end = Date.parse(windowEnd);
  const q = new URLSearchParams();
  if (by.user) q.set('user', by.user);
  if (by.ip) q.set('ip', by.ip);
  q.set('from', new Date(end - INVESTIGATE_LINK_DAYS * 86_400_000).toISOString());
  q.set('to', new Date(end + 86_400_000).toISOString());
  return `${spacePrefix(spaceId)}/app/${PLUGIN_ID}/investigate?${q.toString()}`;
}

export async function executor(options: ExecutorOptions, pluginLogger?: Logger): Promise<{ state: RuleState }> {
  const { services, params, rule } = options;
  const logger = options.logger ?? pluginLogger;
  const { alertsClient, ruleResultService } = services;
  if (!alertsClient) {
    // Framework misconfiguration (alerts-as-data disabled): not something the rule owner can fix.
    throw new Error(`Rule ${rule.id}: the alerts client is unavailable, so alerts cannot be written (alerts-as-data must be enabled)`);
  }
  const window = computeWindow({ params, startedAt: options.startedAt, previousStartedAt: options.previousStartedAt, getTimeRange: options.getTimeRange });
  const alertLimit = alertsClient.getAlertLimitValue();
  const maxAlerts = Math.max(0, Math.min(params.maxAlertsPerRun, alertLimit));

  // Inside Kibana the framework's wrapped client (alerting/server/lib/wrap_scoped_cluster_client.ts) replaces this
  // signal on search and ES|QL calls with the rule's own, which it aborts on cancellation; ours stops the requests
  // of unwrapped clients (replay, the standalone tools). runCorrelation also checks shouldStop between requests.
  const controller = new AbortController();
  const timer = setInterval(() => {
    if (services.shouldStopExecution()) controller.abort();
  }, STOP_POLL_MS);
  (timer as { unref?: () => void }).unref?.();

  let result: CorrelationResult;
  try {
    result = await runCorrelation({
      esClient: services.scopedClusterClient.asCurrentUser,
      params,
      dateStart: window.dateStart,
      dateEnd: window.dateEnd,
      signal: controller.signal,
      shouldStop: services.shouldStopExecution,
      maxAlerts,
    });
  } catch (e) {
    const err = classifyEsError(e, 'Rule run');
    logger?.warn(`${rule.ruleTypeId}:${rule.id} ${err.userError ? 'user' : 'framework'} error: ${err.message}`);
    // The framework checks after every run that a rule which asked for the alert limit also reported on it.
    alertsClient.setAlertLimitReached(false);
    // As Kibana's stack rules do: a task-run error whose source says who must act. The framework records the
    // message as the rule's last-run error and the source as user (index patterns, mappings, privileges) or framework.
    throw createTaskRunError(new Error(err.message), err.userError ? TaskErrorSource.USER : TaskErrorSource.FRAMEWORK);
  } finally {
    clearInterval(timer);
  }

  for (const alert of result.alerts) {
    const { uuid, alertDoc } = alertsClient.report({ id: alert.id, actionGroup: ACTION_GROUP_ID, context: alert.context, payload: alert.payload });
    const peak = peakOf(trackedSeverity(alertDoc), alert.summary);
    // The investigation panel's deep link needs the alert uuid, which only report() knows. setAlertData REPLACES the
    // payload (alerting/server/alerts_client/alerts_client.ts), so it carries the whole payload again.
    const alertDetailsUrl = alertDetailsPath(options.spaceId, uuid);
    alertsClient.setAlertData({
      id: alert.id,
      context: {
        ...alert.context,
        severity: peak.severity,
        riskScore: peak.risk_score,
        alertDetailsUrl,
        investigateUserUrl: investigatePath(options.spaceId, { user: alert.summary.user }, window.dateEnd),
        investigateIpUrl: investigatePath(options.spaceId, { ip: alert.summary.source_ip }, window.dateEnd),
      },
      payload: { ...alert.payload, ...severityPayload(peak), 'kibana.alert.url': alertDetailsUrl },
    });
  }
  // Tells the framework not to recover tracked alerts that were merely left out this run.
  alertsClient.setAlertLimitReached(result.alertsDropped > 0);

  // No payload for recovered alerts: the framework keeps their last document and marks it recovered.
  for (const recovered of alertsClient.getRecoveredAlerts()) {
    const id = recovered.alert.getId();
    const sep = id.lastIndexOf('|');
    const user = sep >= 0 ? id.slice(0, sep) : id;
    const sourceIp = sep >= 0 ? id.slice(sep + 1) : '';
    alertsClient.setAlertData({
      id,
      context: {
        user,
        sourceIp,
        reason: `No sign-in by ${user} from ${sourceIp} matched a network alert or threat-intel indicator between ${window.dateStart} and ${window.dateEnd}.`,
      },
    });
  }

  const warnings = [...result.warnings];
  if (result.alertsDropped > 0) {
    warnings.push(
      `Alert limit reached: ${result.alerts.length + result.alertsDropped} (user, IP) pairs matched, the ${result.alerts.length} most severe were reported ` +
        `(limit ${maxAlerts} = min(maxAlertsPerRun ${params.maxAlertsPerRun}, framework limit ${alertLimit}))`
    );
  }
  for (const w of warnings) ruleResultService?.addLastRunWarning(w);
  const outcome =
    `${result.alerts.length} alert(s) from ${result.stats.candidateIps} candidate IP(s) in [${window.dateStart}, ${window.dateEnd}]` +
    (window.catchUpMinutes ? ` (caught up ${window.catchUpMinutes} min after a late run)` : '') +
    `; ${result.requests} ES|QL request(s)`;
  ruleResultService?.setLastRunOutcomeMessage(warnings.length ? `${outcome}; ${warnings.length} warning(s): ${warnings.join(' | ')}` : outcome);
  logger?.debug(`${rule.ruleTypeId}:${rule.id} ${outcome}`, { stats: result.stats });
  return { state: { ...options.state, lastWindowEnd: window.dateEnd } };
}
