// Kibana's RuleTypeRegistry.register checks (behaviour, not code): x-pack/platform/plugins/shared/alerting/server/
// rule_type_registry.ts (one stored version, 0bbac85), plugin.ts registerType (license), alerts_service register
// (one options set per context), lib/parse_duration.ts (durations).
import type { RuleType } from '@kbn/alerting-plugin/server';

export type AnyRuleType = RuleType<any, any, any, any, any, string, string, any>;

const RULE_TYPE_ID_RE = /^[a-zA-Z0-9_\-.]*$/;
const DURATION_RE = /^(\d+)(s|m|h|d)$/;
const LICENSES = ['basic', 'standard', 'gold', 'platinum', 'enterprise', 'trial'];
const RESERVED_ACTION_GROUP = 'recovered';

export function parseDuration(d: string): number {
  const m = DURATION_RE.exec(d);
  if (!m) throw new Error(`Invalid duration "${d}". Durations must be of the form {number}x. Example: 5s, 5m, 5h or 5d"`);
  const n = Number(m[1]);
  return n * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

export class RuleTypeRegistry {
  private readonly types = new Map<string, AnyRuleType>();
  private readonly contexts = new Map<string, string>();

  constructor(private readonly o: { warn?: (m: string) => void; minimumScheduleInterval?: string } = {}) {}

  /**
   * Kibana's order and messages: duplicate, task timeout, default interval (below the 1m minimum only warns),
   * cancelAlertsOnRuleTimeout, recovery / reserved action groups, duplicate severities, then the id schema (the id is
   * validated when stored). The alerting plugin's registerType wrapper checks the license first. Fields the
   * TypeScript types require (name, producer, solution from 9.1, executor, validate) are not checked at run time by
   * Kibana; the host checks only what would otherwise crash it later (executor, validate.params.validate).
   */
  register(ruleType: AnyRuleType): void {
    const id = ruleType.id;
    if (!LICENSES.includes(ruleType.minimumLicenseRequired)) throw new Error(`"${ruleType.minimumLicenseRequired}" is not a valid license type`);
    if (this.types.has(id)) throw new Error(`Rule type "${id}" is already registered.`);
    if (ruleType.ruleTaskTimeout) {
      const err = durationError(ruleType.ruleTaskTimeout);
      if (err) throw new Error(`Rule type "${id}" has invalid timeout: ${err}.`);
    }
    if (ruleType.defaultScheduleInterval) {
      const err = durationError(ruleType.defaultScheduleInterval);
      if (err) throw new Error(`Rule type "${id}" has invalid default interval: ${err}.`);
      const min = this.o.minimumScheduleInterval ?? '1m';
      if (parseDuration(ruleType.defaultScheduleInterval) < parseDuration(min)) {
        this.o.warn?.(`Rule type "${id}" has a default interval of "${ruleType.defaultScheduleInterval}", which is less than the configured minimum of "${min}".`);
      }
    }
    if (ruleType.cancelAlertsOnRuleTimeout === false && ruleType.autoRecoverAlerts !== false) {
      throw new Error(`Rule type "${id}" cannot have both cancelAlertsOnRuleTimeout set to false and autoRecoverAlerts set to true.`);
    }
    const groups = ruleType.actionGroups ?? [];
    const ids = groups.map((g) => g.id);
    const reserved = [ruleType.recoveryActionGroup?.id ?? RESERVED_ACTION_GROUP];
    if (ruleType.recoveryActionGroup && ids.includes(ruleType.recoveryActionGroup.id)) {
      throw new Error(`Rule type [id="${id}"] cannot be registered. Action group [${ruleType.recoveryActionGroup.id}] cannot be used as both a recovery and an active action group.`);
    }
    const clash = [...new Set(ids)].filter((g) => reserved.includes(g));
    if (clash.length) throw new Error(`Rule type [id="${id}"] cannot be registered. Action groups [${clash.join(', ')}] are reserved by the framework.`);
    const severities = new Set<number>();
    for (const g of groups as Array<{ severity?: { level: number } }>) {
      if (!g.severity) continue;
      if (severities.has(g.severity.level)) throw new Error(`Rule type [id="${id}"] cannot be registered. Action group definitions cannot contain duplicate severity levels.`);
      severities.add(g.severity.level);
    }
    if (typeof id !== 'string') throw new Error(`expected AlertType Id of type [string] but got [${typeof id}]`);
    if (!RULE_TYPE_ID_RE.test(id)) {
      const bad = id.match(/[^a-zA-Z0-9_\-.]+/g)!;
      throw new Error(`expected AlertType Id not to include invalid character${bad.length > 1 ? 's' : ''}: ${bad.join(', ')}`);
    }
    // host-only: Kibana would fail later (first run / first rule save) without these
    if (typeof ruleType.executor !== 'function') throw new Error(`Rule type "${id}" needs an executor.`);
    if (typeof ruleType.validate?.params?.validate !== 'function') throw new Error(`Rule type "${id}" needs validate.params.validate.`);
    // alerts_service.ts register(): one set of options per context
    if (ruleType.alerts) {
      const opts = JSON.stringify(ruleType.alerts, (_k, v) => (typeof v === 'function' ? String(v) : v));
      const prev = this.contexts.get(ruleType.alerts.context);
      if (prev !== undefined && prev !== opts) throw new Error(`${ruleType.alerts.context} has already been registered with different options`);
      this.contexts.set(ruleType.alerts.context, opts);
    }
    this.types.set(id, Object.freeze({ ...ruleType }));
  }

  get(id: string): AnyRuleType {
    const t = this.types.get(id);
    if (!t) throw new Error(`Rule type "${id}" is not registered.`);
    return t;
  }

  has(id: string) {
    return this.types.has(id);
  }

  list(): AnyRuleType[] {
    return [...this.types.values()];
  }
}

function durationError(d: string): string | undefined {
  try {
    parseDuration(d);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
