// Subset of `@kbn/features-plugin/server` used by this plugin. Matched against Kibana 9.2 (elastic/kibana main, 2026):
// x-pack/platform/plugins/shared/features/common/{kibana_feature,feature_kibana_privileges,alerting_kibana_privilege}.ts.
import type { AppCategory } from '@kbn/core/server';

export type AlertingKibanaPrivilege = ReadonlyArray<{ ruleTypeId: string; consumers: readonly string[] }>;

export interface FeatureKibanaPrivileges {
  excludeFromBasePrivileges?: boolean;
  api?: readonly string[];
  app?: readonly string[];
  catalogue?: readonly string[];
  management?: { [sectionId: string]: readonly string[] };
  alerting?: {
    rule?: { all?: AlertingKibanaPrivilege; read?: AlertingKibanaPrivilege; enable?: AlertingKibanaPrivilege; manual_run?: AlertingKibanaPrivilege; manage_rule_settings?: AlertingKibanaPrivilege };
    alert?: { all?: AlertingKibanaPrivilege; read?: AlertingKibanaPrivilege };
  };
  savedObject: { all: readonly string[]; read: readonly string[] };
  ui: readonly string[];
}

export interface KibanaFeatureConfig {
  id: string;
  name: string;
  category: AppCategory;
  order?: number;
  app: readonly string[];
  catalogue?: readonly string[];
  management?: { [sectionId: string]: readonly string[] };
  alerting?: AlertingKibanaPrivilege;
  privileges: { all: FeatureKibanaPrivileges; read: FeatureKibanaPrivileges } | null;
  minimumLicense?: string;
  description?: string;
}

export interface FeaturesPluginSetup {
  registerKibanaFeature(feature: KibanaFeatureConfig): void;
}
