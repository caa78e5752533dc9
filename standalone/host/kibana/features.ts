// Kibana's features registry (`features.registerKibanaFeature`): validates and keeps the feature configs; the
// security shim derives each user's API and alerting privileges from them, like Kibana's feature privileges.
import type { FeaturesPluginSetup, KibanaFeatureConfig } from '@kbn/features-plugin/server';

// Kibana: x-pack/platform/plugins/shared/features/server/feature_schema.ts (featurePrivilegePartRegex / id regex)
const FEATURE_ID_RE = /^[a-zA-Z0-9_-]+$/;
const API_PRIVILEGE_RE = /^(?![-_.])[a-zA-Z0-9_.:-]+$/;

export class FeaturesRegistry implements FeaturesPluginSetup {
  private readonly features = new Map<string, KibanaFeatureConfig>();
  private locked = false;

  registerKibanaFeature(feature: KibanaFeatureConfig): void {
    if (this.locked) throw new Error(`Features are locked, can't register new features. Attempt to register ${feature.id} failed.`);
    if (!FEATURE_ID_RE.test(feature.id)) throw new Error(`[id]: invalid feature id [${feature.id}]`);
    if (this.features.has(feature.id)) throw new Error(`Feature with id ${feature.id} is already registered.`);
    if (!feature.name) throw new Error(`[name]: feature ${feature.id} needs a name`);
    if (!feature.category?.id) throw new Error(`[category]: feature ${feature.id} needs a category`);
    if (!Array.isArray(feature.app)) throw new Error(`[app]: feature ${feature.id} needs an app list`);
    for (const [name, priv] of Object.entries(feature.privileges ?? {})) {
      if (!priv.savedObject || !Array.isArray(priv.ui)) throw new Error(`[privileges.${name}]: savedObject and ui are required`);
      for (const api of priv.api ?? []) {
        if (!API_PRIVILEGE_RE.test(api)) throw new Error(`[privileges.${name}.api]: invalid API privilege [${api}]`);
      }
      // Kibana rejects alerting privileges for rule types that the feature does not list in `alerting`.
      const declared = new Set((feature.alerting ?? []).map((a) => a.ruleTypeId));
      const kinds = [...Object.values(priv.alerting?.rule ?? {}), ...Object.values(priv.alerting?.alert ?? {})];
      for (const list of kinds) {
        for (const entry of list ?? []) {
          if (!declared.has(entry.ruleTypeId)) {
            throw new Error(`Feature privilege ${feature.id}.${name} has unknown alerting entries: ${entry.ruleTypeId}`);
          }
        }
      }
    }
    this.features.set(feature.id, feature);
  }

  lock() {
    this.locked = true;
  }

  getAll(): KibanaFeatureConfig[] {
    return [...this.features.values()];
  }
}
