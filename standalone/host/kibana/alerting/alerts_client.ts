// Kibana's public AlertsClient for one execution, as strict as Kibana. Mirrors (behaviour, not code):
//   x-pack/platform/plugins/shared/alerting/server/alerts_client/alerts_client.ts   report / setAlertData
//   .../alerts_client/legacy_alerts_client.ts + alert/create_alert_factory.ts       known alerts, the alert limit
//   .../alerts_client/lib/alert_limit_service.ts                                     checkLimitUsage
//   .../alerts_client/lib/build_new_alert.ts, build_ongoing_alert.ts, build_recovered_alert.ts   documents
// Same in every 9.x minor the host imitates:
// - `report()` stores the payload it is given (a later `report()`/`setAlertData()` with a payload REPLACES it; no
//   merge), and replaces the alert's context and (non-empty) state.
// - `setAlertData()` accepts only alerts known to the legacy client: reported in this run, or tracked active from
//   the previous run (the ones that recover if not reported); anything else throws.
// - the limit: `getAlertLimitValue()` marks the limit as requested; unless `setAlertLimitReached()` is called
//   afterwards, the task runner's `checkLimitUsage()` fails the run. Reporting past the limit throws in `report()`.
// - `getRecoveredAlerts()` is empty unless the rule type sets `doesSetRecoveryContext` (and `autoRecoverAlerts`).
// - documents: a new alert gets the payload plus framework fields; an ongoing or recovered alert is the previous
//   document deep-merged with this run's payload (arrays replaced) plus framework fields; `_id` is the alert uuid.
import { createHash } from 'crypto';
import type { RuleExecutorServices } from '@kbn/alerting-plugin/server';
import type { AnyRuleType } from './registry';
import type { StoredRule, TrackedAlert } from './rule_store';

type Doc = Record<string, unknown>;
// The public alerts client type, as the executor sees it (the real package does not export its name).
type PublicAlertsClient = NonNullable<RuleExecutorServices<Record<string, unknown>, Record<string, unknown>, string, Doc>['alertsClient']>;
type RecoveredAlertData = ReturnType<PublicAlertsClient['getRecoveredAlerts']>[number];

interface Reported {
  id: string;
  actionGroup: string;
  state: Record<string, unknown>;
  context: Record<string, unknown>;
  payload: Doc;
}

export class LimitReachedError extends Error {}

export interface AlertsClientOptions {
  ruleType: AnyRuleType;
  rule: StoredRule;
  tracked: Record<string, TrackedAlert>;
  maxAlerts: number;
  startedAt: Date;
  executionId: string;
  spaceId: string;
  kibanaVersion: string;
}

export interface FinalizeResult {
  tracked: Record<string, TrackedAlert>;
  docs: Array<{ id: string; doc: Doc }>;
  counts: { active: number; new: number; recovered: number; ignored: number };
  limitReached: boolean;
}

export class HostAlertsClient implements PublicAlertsClient {
  private readonly reported = new Map<string, Reported>();
  /** the payload each alert's document is built from (the last one given) */
  private readonly payloads = new Map<string, Doc>();
  private readonly recoveredContext = new Map<string, Record<string, unknown>>();
  private limitReached = false;
  private limitRequested = false;
  private limitReported = false;

  constructor(private readonly o: AlertsClientOptions) {}

  private activeTracked() {
    return Object.values(this.o.tracked).filter((a) => a.status === 'active');
  }

  report(alert: { id: string; actionGroup: string; state?: Record<string, unknown>; context?: Record<string, unknown>; payload?: Doc }) {
    const groups = this.o.ruleType.actionGroups.map((g) => g.id);
    if (!groups.includes(alert.actionGroup)) throw new Error(`Invalid action group "${alert.actionGroup}" for alert "${alert.id}"`);
    const existing = this.reported.get(alert.id);
    if (!existing && this.reported.size >= this.o.maxAlerts) {
      // Kibana's alert factory: creating past the limit marks it reached (an internal report, which does not count
      // as the rule reporting it) and throws.
      this.limitReached = true;
      this.limitReported = false;
      throw new LimitReachedError(`Rule reported more than ${this.o.maxAlerts} alerts.`);
    }
    const prev = this.o.tracked[alert.id];
    const state = alert.state && Object.keys(alert.state).length > 0 ? alert.state : existing?.state ?? prev?.state ?? {};
    this.reported.set(alert.id, { id: alert.id, actionGroup: alert.actionGroup, state, context: alert.context ?? {}, payload: existing?.payload ?? {} });
    // the payload is replaced only when one is given
    if (alert.payload) this.payloads.set(alert.id, alert.payload);
    const ongoing = prev?.status === 'active';
    return {
      uuid: prev?.uuid ?? this.uuidFor(alert.id),
      start: ongoing ? prev.start : this.o.startedAt.toISOString(),
      alertDoc: ongoing ? (prev.doc as Doc | undefined) : undefined,
    };
  }

  private readonly newUuids = new Map<string, string>();
  /**
   * A new alert's uuid is derived from (rule, alert id, start): if the host dies after writing the documents but
   * before saving the task state, re-running the same step rewrites the same documents instead of orphaning them.
   */
  private uuidFor(id: string) {
    let u = this.newUuids.get(id);
    if (!u) {
      const h = createHash('sha256').update(`${this.o.rule.id}\u0000${id}\u0000${this.o.startedAt.toISOString()}`).digest('hex');
      u = `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
      this.newUuids.set(id, u);
    }
    return u;
  }

  setAlertData(alert: { id: string; context?: Record<string, unknown>; payload?: Doc }) {
    const rep = this.reported.get(alert.id);
    const trackedActive = this.o.tracked[alert.id]?.status === 'active';
    if (!rep && !trackedActive) {
      throw new Error(`Cannot set alert data for alert ${alert.id} because it has not been reported and it is not recovered.`);
    }
    // the context is replaced (legacy alert setContext), and so is the payload when one is given
    if (rep) rep.context = alert.context ?? {};
    else this.recoveredContext.set(alert.id, alert.context ?? {});
    if (alert.payload) this.payloads.set(alert.id, alert.payload);
  }

  isTrackedAlert(id: string) {
    return this.o.tracked[id]?.status === 'active';
  }

  getAlertLimitValue() {
    this.limitRequested = true;
    return this.o.maxAlerts;
  }

  setAlertLimitReached(reached: boolean) {
    this.limitReported = true;
    this.limitReached = reached;
  }

  hasReachedAlertLimit() {
    return this.limitReached;
  }

  /** AlertLimitService.checkLimitUsage: called by the task runner right after the executor returns. */
  checkLimitUsage() {
    if (this.limitRequested && !this.limitReported) {
      throw new Error('Rule has not reported whether alert limit has been reached after requesting limit value!');
    }
  }

  private recoveredIds(): string[] {
    // With the limit reached Kibana keeps unreported alerts active: they may just not have been reported.
    if (this.o.ruleType.autoRecoverAlerts === false || this.limitReached) return [];
    return this.activeTracked()
      .filter((a) => !this.reported.has(a.id))
      .map((a) => a.id);
  }

  getRecoveredAlerts(): RecoveredAlertData[] {
    // create_alert_factory.ts done(): recovered alerts only for rule types that set recovery context
    if (!this.o.ruleType.doesSetRecoveryContext) return [];
    return this.recoveredIds().map((id) => {
      const t = this.o.tracked[id];
      return {
        alert: { getId: () => id, getUuid: () => t.uuid, getStart: () => t.start, getState: () => t.state, getContext: () => this.recoveredContext.get(id) ?? {} },
        hit: t.doc as Doc | undefined,
      };
    });
  }

  private frameworkFields(a: { id: string; uuid: string; status: 'active' | 'recovered'; start: string; actionGroup: string; action: string; end?: string }): Doc {
    const { rule, ruleType, startedAt } = this.o;
    const now = startedAt.toISOString();
    const durationUs = Math.max(0, ((a.end ? Date.parse(a.end) : startedAt.getTime()) - Date.parse(a.start)) * 1000);
    return {
      '@timestamp': now,
      'event.action': a.action,
      'event.kind': 'signal',
      'kibana.alert.action_group': a.actionGroup,
      'kibana.alert.uuid': a.uuid,
      'kibana.alert.instance.id': a.id,
      'kibana.alert.status': a.status,
      'kibana.alert.start': a.start,
      ...(a.end ? { 'kibana.alert.end': a.end } : {}),
      'kibana.alert.duration.us': durationUs,
      'kibana.alert.time_range': a.end ? { gte: a.start, lte: a.end } : { gte: a.start },
      'kibana.alert.workflow_status': 'open',
      'kibana.alert.flapping': false,
      'kibana.alert.rule.uuid': rule.id,
      'kibana.alert.rule.name': rule.name,
      'kibana.alert.rule.rule_type_id': ruleType.id,
      'kibana.alert.rule.category': ruleType.name,
      'kibana.alert.rule.consumer': rule.consumer,
      'kibana.alert.rule.producer': ruleType.producer,
      'kibana.alert.rule.tags': rule.tags,
      'kibana.alert.rule.revision': rule.revision,
      'kibana.alert.rule.execution.uuid': this.o.executionId,
      'kibana.alert.rule.parameters': rule.params,
      'kibana.space_ids': [this.o.spaceId],
      'kibana.version': this.o.kibanaVersion,
    };
  }

  /** Computes the next tracked-alert state and the documents to index (Kibana's processAlerts + persistAlerts). */
  finalize(): FinalizeResult {
    const now = this.o.startedAt.toISOString();
    const tracked: Record<string, TrackedAlert> = {};
    const docs: FinalizeResult['docs'] = [];
    const counts = { active: 0, new: 0, recovered: 0, ignored: 0 };
    for (const [id, t] of Object.entries(this.o.tracked)) tracked[id] = { ...t };

    for (const rep of this.reported.values()) {
      const prev = this.o.tracked[rep.id];
      const ongoing = prev?.status === 'active';
      const uuid = prev?.uuid ?? this.uuidFor(rep.id);
      const start = ongoing ? prev.start : now;
      // Payload never overrides framework fields (Kibana strips them from the payload).
      const payload = stripFramework(this.payloads.get(rep.id) ?? {});
      const base = ongoing ? deepMerge(stripFramework((prev.doc as Doc | undefined) ?? {}), payload) : payload;
      const doc = { ...base, ...this.frameworkFields({ id: rep.id, uuid, status: 'active', start, actionGroup: rep.actionGroup, action: ongoing ? 'active' : 'open' }) };
      tracked[rep.id] = { id: rep.id, uuid, status: 'active', start, state: rep.state, actionGroup: rep.actionGroup, doc };
      docs.push({ id: uuid, doc });
      counts.active++;
      if (!ongoing) counts.new++;
    }
    for (const id of this.recoveredIds()) {
      const prev = this.o.tracked[id];
      const base = deepMerge(stripFramework(prev.doc ?? {}), stripFramework(this.payloads.get(id) ?? {}));
      const doc = {
        ...base,
        ...this.frameworkFields({ id, uuid: prev.uuid, status: 'recovered', start: prev.start, end: now, actionGroup: this.o.ruleType.recoveryActionGroup?.id ?? 'recovered', action: 'close' }),
      };
      tracked[id] = { id, uuid: prev.uuid, status: 'recovered', start: prev.start, end: now, state: prev.state };
      docs.push({ id: prev.uuid, doc });
      counts.recovered++;
    }
    return { tracked, docs, counts, limitReached: this.limitReached };
  }
}

/** deepmerge with arrays replaced (Kibana's alert builders merge the previous document and the payload this way). */
function deepMerge(a: Doc, b: Doc): Doc {
  const out: Doc = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const cur = out[k];
    out[k] = isObj(cur) && isObj(v) ? deepMerge(cur, v) : v;
  }
  return out;
}
const isObj = (v: unknown): v is Doc => v !== null && typeof v === 'object' && !Array.isArray(v);

const FRAMEWORK_PREFIXES = ['kibana.alert.rule.', 'kibana.alert.uuid', 'kibana.alert.instance.id', 'kibana.alert.status', 'kibana.alert.start', 'kibana.alert.end', 'kibana.alert.duration', 'kibana.alert.time_range', 'kibana.alert.action_group', 'kibana.alert.flapping', 'kibana.space_ids', 'kibana.version', 'event.action', 'event.kind', '@timestamp'];

/** Drops framework-owned keys from a payload (dotted keys; nested `kibana.alert.*` objects stay as written). */
function stripFramework(payload: Doc): Doc {
  const out: Doc = {};
  for (const [k, v] of Object.entries(payload)) {
    if (FRAMEWORK_PREFIXES.some((p) => k === p || k.startsWith(p))) continue;
    out[k] = v;
  }
  return out;
}
