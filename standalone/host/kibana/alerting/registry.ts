// Kibana's RuleTypeRegistry.register checks (x-pack/platform/plugins/shared/alerting/server/rule_type_registry.ts):
// id pattern and uniqueness, durations, reserved/duplicate action groups, a params validator, alerts config.
import type { RuleType } from '@kbn/alerting-plugin/server';

export type AnyRuleType = RuleType<any, any, any, any, any, string, string, any>;

const RULE_TYPE_ID_RE = /^[a-zA-Z0-9_\-.]*$/;
const DURATION_RE = /^(\d+)(s|m|h|d)$/;
const LICENSES = ['basic', 'standard', 'gold', 'platinum', 'enterprise', 'trial'];
const SOLUTIONS = ['observability', 'security', 'stack'];
const RESERVED_ACTION_GROUP = 'recovered';
const CONTEXT_RE = /^[a-z0-9_.-]+$/;

export function parseDuration(d: string): number {
  const m = DURATION_RE.exec(d);
  if (!m) throw new Error(`Invalid duration "${d}". Durations must be of the form {number}x. Example: 5s, 5m, 5h or 5d"`);
  const n = Number(m[1]);
  return n * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

export class RuleTypeRegistry {
  private readonly types = new Map<string, AnyRuleType>();

  register(ruleType: AnyRuleType): void {
    const id = ruleType.id;
    const fail = (msg: string) => {
      throw new Error(`Rule type [id="${id}"] cannot be registered. ${msg}`);
    };
    if (typeof id !== 'string' || !id || !RULE_TYPE_ID_RE.test(id)) throw new Error(`Rule type "${id}" has an invalid id: it must match ${RULE_TYPE_ID_RE}`);
    if (this.types.has(id)) throw new Error(`Rule type "${id}" is already registered.`);
    if (!ruleType.name) fail('It needs a name.');
    if (!ruleType.category) fail('It needs a category.');
    if (!ruleType.producer) fail('It needs a producer.');
    if (!SOLUTIONS.includes(ruleType.solution)) fail(`Unknown solution [${ruleType.solution}].`);
    if (!LICENSES.includes(ruleType.minimumLicenseRequired)) fail(`"${ruleType.minimumLicenseRequired}" is not a valid license type.`);
    if (typeof ruleType.executor !== 'function') fail('It needs an executor.');
    if (typeof ruleType.validate?.params?.validate !== 'function') fail('It needs validate.params.validate.');
    for (const [key, value] of [
      ['ruleTaskTimeout', ruleType.ruleTaskTimeout],
      ['defaultScheduleInterval', ruleType.defaultScheduleInterval],
    ] as const) {
      if (value === undefined) continue;
      try {
        parseDuration(value);
      } catch (e) {
        fail(`Error: ${(e as Error).message} (${key})`);
      }
    }
    const groups = ruleType.actionGroups ?? [];
    if (groups.length === 0) fail('It needs at least one action group.');
    const ids = groups.map((g) => g.id);
    const dup = ids.filter((g, i) => ids.indexOf(g) !== i);
    if (dup.length) fail(`Action groups [${dup.join(', ')}] are defined more than once.`);
    const recoveryId = ruleType.recoveryActionGroup?.id ?? RESERVED_ACTION_GROUP;
    if (ruleType.recoveryActionGroup && ids.includes(recoveryId)) {
      fail(`Action group [${recoveryId}] cannot be used as both a recovery and an active action group.`);
    }
    if (ids.includes(RESERVED_ACTION_GROUP)) fail(`Action groups [${RESERVED_ACTION_GROUP}] are reserved by the framework.`);
    if (!ids.includes(ruleType.defaultActionGroupId)) fail(`Default action group [${ruleType.defaultActionGroupId}] is not one of its action groups.`);
    if (ruleType.cancelAlertsOnRuleTimeout === false && ruleType.autoRecoverAlerts !== false) {
      fail('cancelAlertsOnRuleTimeout: false requires autoRecoverAlerts: false.');
    }
    if (ruleType.alerts) {
      if (!ruleType.alerts.context || !CONTEXT_RE.test(ruleType.alerts.context)) fail(`Invalid alerts context [${ruleType.alerts.context}].`);
      if (!ruleType.alerts.mappings?.fieldMap) fail('alerts.mappings.fieldMap is required.');
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
