// Kibana's alerting plugin for the host: the setup contract (`registerType`), one rule per registered rule type
// (params default to the type's validated defaults), a scheduler that runs it at its interval, run-soon,
// params updates validated by the rule type, and backfill runs over a past time range.
// Mirrors (behaviour, not code) x-pack/platform/plugins/shared/alerting/server/plugin.ts (setup contract),
// rule_type_registry.ts (registration checks) and task_runner/task_runner.ts (a run per schedule interval); the
// rules client's update validates params with the rule type as Kibana's does (params invalid: ...).
import { randomUUID } from 'crypto';
import type { AlertingServerSetup, RuleType } from '@kbn/alerting-plugin/server';
import type { IScopedClusterClient, Logger } from '@kbn/core/server';
import type { Client } from '@elastic/elasticsearch';
import { AlertsIndex } from './alerts_index';
import { parseDuration, RuleTypeRegistry, type AnyRuleType } from './registry';
import { RuleStore, type LastRun, type StoredRule } from './rule_store';
import { runRule } from './task_runner';

export { RuleTypeRegistry, parseDuration } from './registry';
export type { StoredRule, LastRun } from './rule_store';

export interface AlertingServiceOptions {
  logger: Logger;
  store: RuleStore;
  /** the ES client for framework writes (alerts index) */
  internalClient: Client;
  /** the client pair passed to executors (Kibana: scoped to the API key of the rule's creator) */
  ruleClient: () => IScopedClusterClient;
  maxAlerts?: number;
  kibanaVersion?: string;
  /** disables the timer (tests drive runs explicitly) */
  schedule?: boolean;
}

export class ParamsInvalidError extends Error {}

export class AlertingService {
  readonly registry = new RuleTypeRegistry({ warn: (m) => this.o.logger.warn(m) });
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<LastRun>>();
  private readonly indices = new Map<string, AlertsIndex>();
  private stopped = false;
  private busy: string | null = null;

  constructor(private readonly o: AlertingServiceOptions) {}

  setup(): AlertingServerSetup {
    return {
      registerType: (ruleType: RuleType<any, any, any, any, any, any, any, any>) => this.registry.register(ruleType as AnyRuleType),
    };
  }

  alertsIndexFor(ruleType: AnyRuleType): AlertsIndex | null {
    if (!ruleType.alerts) return null;
    let idx = this.indices.get(ruleType.alerts.context);
    if (!idx) {
      const dyn = ruleType.alerts.mappings.dynamic === false ? false : 'strict';
      idx = new AlertsIndex(this.o.internalClient, ruleType.alerts.context, ruleType.alerts.mappings.fieldMap, this.o.logger.get('alertsIndex'), dyn, ruleType.alerts.useEcs === true);
      this.indices.set(ruleType.alerts.context, idx);
    }
    return idx;
  }

  /** Kibana's `getAlertIndicesAlias(ruleTypeIds, spaceId)`: the alias of each rule type's alerts index in the space. */
  getAlertIndicesAlias(ruleTypeIds: string[], spaceId = 'default'): string[] {
    const out = new Set<string>();
    for (const id of ruleTypeIds) {
      if (!this.registry.has(id)) continue;
      const t = this.registry.get(id);
      if (t.alerts?.context) out.add(`.alerts-${t.alerts.context}.alerts-${t.alerts.isSpaceAware ? spaceId : 'default'}`);
    }
    return [...out];
  }

  /** Creates the rule for each registered type in each space on first start (default params through the type's validator). */
  async start(consumer: string, defaults: Record<string, Record<string, unknown>> = {}, spaces: readonly string[] = ['default']) {
    for (const type of this.registry.list()) {
     for (const spaceId of spaces) {
      let entry = this.o.store.list().find((e) => e.rule.ruleTypeId === type.id && (e.rule.spaceId ?? 'default') === spaceId);
      if (!entry) {
        const now = new Date().toISOString();
        const rule: StoredRule = {
          id: randomUUID(),
          name: type.name,
          ruleTypeId: type.id,
          consumer,
          tags: [],
          enabled: true,
          schedule: { interval: type.defaultScheduleInterval ?? '5m' },
          params: type.validate.params.validate(defaults[type.id] ?? {}) as Record<string, unknown>,
          createdAt: now,
          updatedAt: now,
          createdBy: 'elastic',
          updatedBy: 'elastic',
          revision: 0,
          spaceId,
        };
        this.o.store.put(rule);
        entry = this.o.store.get(rule.id);
        this.o.logger.info(`created rule ${rule.id} (${type.id}) in space ${spaceId} every ${rule.schedule.interval}`);
      }
     }
      await this.alertsIndexFor(type)?.ensure();
    }
  }

  /** Starts the interval timers; an overdue rule runs right away, like task manager claiming it. */
  startScheduler() {
    if (this.o.schedule === false) return;
    for (const { rule, task } of this.o.store.list()) {
      const interval = parseDuration(rule.schedule.interval);
      const last = task.previousStartedAt && !task.lastRun?.backfill ? Date.parse(task.previousStartedAt) : 0;
      this.scheduleNext(rule.id, Math.max(0, last + interval - Date.now()));
    }
  }

  private scheduleNext(ruleId: string, delay: number) {
    if (this.stopped) return;
    clearTimeout(this.timers.get(ruleId));
    const timer = setTimeout(() => {
      this.runNow(ruleId)
        .catch((e) => this.o.logger.error(e as Error))
        .finally(() => {
          const entry = this.o.store.get(ruleId);
          if (entry) this.scheduleNext(ruleId, parseDuration(entry.rule.schedule.interval));
        });
    }, delay);
    timer.unref();
    this.timers.set(ruleId, timer);
  }

  /** While set (host backfill), rule updates and manual runs are refused with this reason. */
  setBusy(reason: string | null) {
    this.busy = reason;
  }

  busyReason() {
    return this.busy;
  }

  getRule(id: string) {
    return this.o.store.get(id);
  }

  listRules() {
    return this.o.store.list();
  }

  isRunning(id: string) {
    return this.running.has(id);
  }

  /** Validates like Kibana's rules client update: the rule type's params validator; throws ParamsInvalidError. */
  updateRule(id: string, patch: { params?: unknown; name?: string; tags?: string[]; schedule?: { interval: string } }, user: string) {
    const entry = this.o.store.get(id);
    if (!entry) throw new Error(`Saved object [alert/${id}] not found`);
    const type = this.registry.get(entry.rule.ruleTypeId);
    let params = entry.rule.params;
    if (patch.params !== undefined) {
      try {
        params = type.validate.params.validate(patch.params) as Record<string, unknown>;
      } catch (e) {
        throw new ParamsInvalidError(`params invalid: ${(e as Error).message}`);
      }
    }
    if (patch.schedule) parseDuration(patch.schedule.interval);
    const rule: StoredRule = {
      ...entry.rule,
      name: patch.name ?? entry.rule.name,
      tags: patch.tags ?? entry.rule.tags,
      schedule: patch.schedule ?? entry.rule.schedule,
      params,
      updatedAt: new Date().toISOString(),
      updatedBy: user,
      revision: entry.rule.revision + 1,
    };
    this.o.store.put(rule);
    if (patch.schedule && this.timers.has(id)) this.scheduleNext(id, parseDuration(rule.schedule.interval));
    return rule;
  }

  /** Runs the rule now at the current time (serialized with scheduled runs). */
  runNow(id: string): Promise<LastRun> {
    return this.execute(id, new Date(), false);
  }

  /** Runs at a given past time (backfill): Kibana's ad-hoc run with startedAt overridden. */
  runAt(id: string, startedAt: Date): Promise<LastRun> {
    return this.execute(id, startedAt, true);
  }

  private execute(id: string, startedAt: Date | (() => Date), overridden: boolean): Promise<LastRun> {
    const prev = this.running.get(id) ?? Promise.resolve(undefined as unknown as LastRun);
    const next = prev
      .catch(() => undefined)
      .then(async () => {
        const entry = this.o.store.get(id);
        if (!entry) throw new Error(`Saved object [alert/${id}] not found`);
        const type = this.registry.get(entry.rule.ruleTypeId);
        const at = typeof startedAt === 'function' ? startedAt() : startedAt;
        const { task, lastRun } = await runRule({
          ruleType: type,
          rule: entry.rule,
          task: entry.task,
          startedAt: at,
          startedAtOverridden: overridden,
          previousStartedAt: entry.task.previousStartedAt ? new Date(entry.task.previousStartedAt) : null,
          logger: this.o.logger.get(type.id),
          scopedClusterClient: this.o.ruleClient(),
          alertsIndex: this.alertsIndexFor(type),
          maxAlerts: this.o.maxAlerts ?? 1000,
          kibanaVersion: this.o.kibanaVersion ?? '9.2.0',
        });
        this.o.store.setTask(id, task);
        const lvl = lastRun.outcome === 'succeeded' ? 'debug' : 'warn';
        this.o.logger[overridden ? 'debug' : lvl](
          `rule ${id} run at ${lastRun.startedAt}: ${lastRun.outcome} in ${lastRun.durationMs}ms, active ${lastRun.alertsCount.active} (new ${lastRun.alertsCount.new}, recovered ${lastRun.alertsCount.recovered})${lastRun.outcomeMsg.length ? ` — ${lastRun.outcomeMsg.join('; ')}` : ''}`
        );
        return lastRun;
      });
    const tracked = next.finally(() => {
      if (this.running.get(id) === tracked) this.running.delete(id);
    });
    this.running.set(id, tracked);
    return next;
  }

  async stop() {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    await Promise.allSettled([...this.running.values()]);
  }
}
