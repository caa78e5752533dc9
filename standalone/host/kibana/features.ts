// Kibana's features registry (`features.registerKibanaFeature`), as strict as Kibana for the version the host
// imitates. Mirrors (behaviour, not code):
//   x-pack/platform/plugins/shared/features/server/feature_registry.ts  (locked after setup, duplicate ids)
//   x-pack/platform/plugins/shared/features/server/feature_schema.ts    (config-schema + validateKibanaFeature)
// Stored versions compared: 3767f52 (8.x, with `scope`; alerting.rule {all, read}) and 2549770c (9.x main, with
// `hidden`; alerting.rule {all, enable, manual_run, manage_rule_settings, read, write}). Per 9.x minor
// (notes §0, PRs #237526 → 9.3, #252703 → 9.4, #273342 → 9.5):
//   9.2: alerting.rule {all, read}            9.3: + enable, manual_run
//   9.4: + manage_rule_settings               9.5: + mute_alerts
// `alerting.alert` is {all, read} throughout. The 2549770c snapshot also accepts `rule.write`; no release note or
// PR in the index dates it, so no version here accepts it (a plugin using it would not start on the others).
// A validation failure throws, and in Kibana that stops the server.
import type { FeaturesPluginSetup, KibanaFeatureConfig } from '@kbn/features-plugin/server';
import { arrayOf, boolean, literal, maybe, number, object, oneOf, recordOf, string, type Validator } from './config_schema';
import { kibanaVersion, type KibanaVersion } from './versions';

const featurePrivilegePartRe = /^[a-zA-Z0-9_-]+$/;
const managementSectionIdRe = /^[a-zA-Z0-9_-]+$/;
const uiCapabilitiesRe = /^[a-zA-Z0-9:_-]+$/;
const PROHIBITED_IDS = new Set(['catalogue', 'management', 'navLinks']);

/** The `alerting.rule` operation groups each version's feature schema accepts. */
export function alertingRuleKeys(v: KibanaVersion): string[] {
  const keys = ['all', 'read'];
  if (v.atLeast('9.3')) keys.push('enable', 'manual_run');
  if (v.atLeast('9.4')) keys.push('manage_rule_settings');
  if (v.atLeast('9.5')) keys.push('mute_alerts');
  return keys;
}

const regexString = (re: RegExp) => string((s) => (re.test(s) ? undefined : `Does not satisfy regexp ${re.toString()}`));

export function kibanaFeatureSchema(v: KibanaVersion): Validator {
  const capabilities = arrayOf(regexString(uiCapabilitiesRe));
  const management = recordOf(regexString(managementSectionIdRe), capabilities);
  const alertingList = arrayOf(object({ ruleTypeId: string(), consumers: arrayOf(string(), { minSize: 1 }) }));
  const appCategory = object({ id: string(), label: string(), ariaLabel: maybe(string()), euiIconType: maybe(string()), order: maybe(number) });
  const featureAndPrivileges = object({ feature: string(), privileges: arrayOf(string()) });
  const casesList = arrayOf(string());
  const cases = maybe(
    object(Object.fromEntries(['all', 'create', 'read', 'update', 'delete', 'push', 'settings', 'createComment', 'reopenCase', 'assign'].map((k) => [k, maybe(casesList)])))
  );
  const alerting = maybe(
    object({
      rule: maybe(object(Object.fromEntries(alertingRuleKeys(v).map((k) => [k, maybe(alertingList)])))),
      alert: maybe(object({ all: maybe(alertingList), read: maybe(alertingList) })),
    })
  );
  const privilege = object({
    excludeFromBasePrivileges: maybe(boolean),
    requireAllSpaces: maybe(boolean),
    disabled: maybe(boolean),
    management: maybe(management),
    catalogue: maybe(capabilities),
    api: maybe(arrayOf(string())),
    app: maybe(arrayOf(string())),
    alerting,
    cases,
    savedObject: object({ all: arrayOf(string()), read: arrayOf(string()) }),
    ui: capabilities,
    replacedBy: maybe(oneOf([arrayOf(featureAndPrivileges), object({ minimal: arrayOf(featureAndPrivileges), default: arrayOf(featureAndPrivileges) })])),
  });
  const license = oneOf(['basic', 'standard', 'gold', 'platinum', 'enterprise', 'trial'].map(literal));
  return object({
    id: string((s) => {
      if (!featurePrivilegePartRe.test(s)) return `Does not satisfy regexp ${featurePrivilegePartRe.toString()}`;
      if (PROHIBITED_IDS.has(s)) return `[${s}] is not allowed`;
    }),
    name: string(),
    category: appCategory,
    hidden: maybe(boolean),
    description: maybe(string()),
    order: maybe(number),
    excludeFromBasePrivileges: maybe(boolean),
    minimumLicense: maybe(license),
    app: arrayOf(string()),
    management: maybe(management),
    catalogue: maybe(capabilities),
    alerting: maybe(alertingList),
    cases: maybe(casesList),
    privileges: oneOf([literal(null), object({ all: maybe(privilege), read: maybe(privilege) })]),
    // sub-features: validated only for shape here (the plugin registers none)
    subFeatures: maybe(arrayOf((x, path) => object({ name: string() , requireAllSpaces: maybe(boolean), privilegesTooltip: maybe(string()), description: maybe(string()), privilegeGroups: maybe(arrayOf((g) => void g)) })(x, path))),
    privilegesTooltip: maybe(string()),
    reserved: maybe(object({ description: string(), privileges: arrayOf(object({ id: string(), privilege })) })),
    deprecated: maybe(object({ notice: string(), replacedBy: maybe(arrayOf(string())) })),
  });
}

type Privilege = NonNullable<NonNullable<KibanaFeatureConfig['privileges']>['all']>;
type AlertingPrivilege = ReadonlyArray<{ ruleTypeId: string; consumers: readonly string[] }>;

/** validateKibanaFeature: the schema, then the cross-checks config-schema cannot express. */
export function validateKibanaFeature(feature: KibanaFeatureConfig, v: KibanaVersion) {
  kibanaFeatureSchema(v)(feature, []);
  const f = feature as KibanaFeatureConfig & { hidden?: boolean; reserved?: { privileges: Array<{ id: string; privilege: Privilege }> }; catalogue?: readonly string[] };
  if (f.hidden && (f.privileges !== null || f.reserved === undefined)) throw new Error(`Feature ${f.id} cannot be hidden.`);

  const app = f.app ?? [];
  const management = (f.management ?? {}) as Record<string, readonly string[]>;
  const catalogue = f.catalogue ?? [];
  const alerting = (f.alerting ?? []) as AlertingPrivilege;
  const unseenApps = new Set(app);
  const unseenManagement = new Map(Object.entries(management).map(([s, ids]) => [s, new Set(ids)]));
  const unseenCatalogue = new Set(catalogue);
  const alertingMap = new Map(alerting.map(({ ruleTypeId, consumers }) => [ruleTypeId, new Set(consumers)]));
  const unseenRuleTypes = new Set(alertingMap.keys());
  const unseenConsumers = new Set(alerting.flatMap(({ consumers }) => [...consumers]));

  const checkList = (privilegeId: string, entries: readonly string[] = [], declared: readonly string[], unseen: Set<string>, what: string) => {
    for (const e of entries) unseen.delete(e);
    const unknown = entries.filter((e) => !declared.includes(e));
    if (unknown.length) throw new Error(`Feature privilege ${f.id}.${privilegeId} has unknown ${what} entries: ${unknown.join(', ')}`);
  };
  const checkManagement = (privilegeId: string, entry: Record<string, readonly string[]> = {}) => {
    for (const [section, ids] of Object.entries(entry)) {
      const unseen = unseenManagement.get(section);
      if (unseen) {
        for (const id of ids) {
          unseen.delete(id);
          if (unseen.size === 0) unseenManagement.delete(section);
        }
      }
      if (!management[section]) throw new Error(`Feature privilege ${f.id}.${privilegeId} has unknown management section: ${section}`);
      const unknown = ids.filter((id) => !management[section].includes(id));
      if (unknown.length) throw new Error(`Feature privilege ${f.id}.${privilegeId} has unknown management entries for section ${section}: ${unknown.join(', ')}`);
    }
  };
  const checkAlerting = (privilegeId: string, entry: Privilege['alerting']) => {
    const lists = [...Object.values(entry?.rule ?? {}), ...Object.values(entry?.alert ?? {})] as Array<AlertingPrivilege | undefined>;
    for (const list of lists) {
      for (const { ruleTypeId, consumers } of list ?? []) {
        const known = alertingMap.get(ruleTypeId);
        if (!known) throw new Error(`Feature privilege ${f.id}.${privilegeId} has unknown ruleTypeId: ${ruleTypeId}`);
        for (const c of consumers) {
          if (!known.has(c)) throw new Error(`Feature privilege ${f.id}.${privilegeId}.${ruleTypeId} has unknown consumer: ${c}`);
          unseenConsumers.delete(c);
        }
        unseenRuleTypes.delete(ruleTypeId);
      }
    }
  };

  const entries: Array<[string, Privilege]> = [];
  if (f.privileges) entries.push(...(Object.entries(f.privileges) as Array<[string, Privilege]>));
  for (const r of f.reserved?.privileges ?? []) entries.push([r.id, r.privilege]);
  if (entries.length === 0) return;
  for (const [id, p] of entries) {
    if (!p) throw new Error('Privilege definition may not be null or undefined');
    checkList(id, p.app, app, unseenApps, 'app');
    checkList(id, (p as { catalogue?: readonly string[] }).catalogue, catalogue, unseenCatalogue, 'catalogue');
    checkManagement(id, p.management as Record<string, readonly string[]> | undefined);
    checkAlerting(id, p.alerting);
  }
  if (unseenApps.size) throw new Error(`Feature ${f.id} specifies app entries which are not granted to any privileges: ${[...unseenApps].join(',')}`);
  if (unseenCatalogue.size) throw new Error(`Feature ${f.id} specifies catalogue entries which are not granted to any privileges: ${[...unseenCatalogue].join(',')}`);
  if (unseenManagement.size) {
    const ids = [...unseenManagement].flatMap(([s, set]) => [...set].map((id) => `${s}.${id}`));
    throw new Error(`Feature ${f.id} specifies management entries which are not granted to any privileges: ${ids.join(',')}`);
  }
  if (unseenRuleTypes.size) throw new Error(`Feature ${f.id} specifies alerting rule types which are not granted to any privileges: ${[...unseenRuleTypes].join(',')}`);
  if (unseenConsumers.size) throw new Error(`Feature ${f.id} specifies alerting consumers which are not granted to any privileges: ${[...unseenConsumers].join(',')}`);
}

export class FeaturesRegistry implements FeaturesPluginSetup {
  private readonly features = new Map<string, KibanaFeatureConfig>();
  private locked = false;
  readonly version: KibanaVersion;

  constructor(version: KibanaVersion | string = kibanaVersion()) {
    this.version = typeof version === 'string' ? kibanaVersion(version) : version;
  }

  registerKibanaFeature(feature: KibanaFeatureConfig): void {
    if (this.locked) throw new Error(`Features are locked, can't register new features. Attempt to register ${feature.id} failed.`);
    validateKibanaFeature(feature, this.version);
    if (this.features.has(feature.id)) throw new Error(`Feature with id ${feature.id} is already registered.`);
    this.features.set(feature.id, feature);
  }

  /** Kibana locks the registry when setup ends (start can no longer register). */
  lock() {
    this.locked = true;
  }

  getAll(): KibanaFeatureConfig[] {
    return [...this.features.values()];
  }
}
