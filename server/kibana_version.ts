// Version-dependent Kibana contracts, chosen from the running Kibana's version
// (`initializerContext.env.packageInfo.version`). Supported: every 9.x minor from 9.2 to the newest main (9.5).
//
// What differs (facts from Kibana's source; see docs/kibana_compatibility.md for the files and PRs):
// - Feature privilege keys under `privileges.*.alerting.rule`, validated by
//   x-pack/platform/plugins/shared/features/server/feature_schema.ts with config-schema objects that reject unknown
//   keys (registerKibanaFeature throws at setup and Kibana stops): `all`, `read` up to 9.2; 9.3 adds `enable`,
//   `manual_run` (PR #237526); 9.4 adds `manage_rule_settings` (PR #252703), and from 9.4 `rule.all` no longer
//   implies enable/disable, manual run and rule settings, so they are granted explicitly; 9.5 adds `mute_alerts`
//   (PR #273342).
// - Stack Management ids of the rules and alerts pages: `triggersActions` up to 9.4; `triggersActionsRules` and
//   `triggersActionsAlerts` from 9.5 (PR #276985).

export const MIN_SUPPORTED = { major: 9, minor: 2 } as const;
/** The newest minor whose contracts we know; newer 9.x minors use these. */
export const NEWEST_KNOWN = { major: 9, minor: 5 } as const;
export const SUPPORTED_RANGE = `${MIN_SUPPORTED.major}.${MIN_SUPPORTED.minor} – ${NEWEST_KNOWN.major}.x`;

export type RulePrivilegeKey = 'all' | 'read' | 'enable' | 'manual_run' | 'manage_rule_settings' | 'mute_alerts';

export interface KibanaContracts {
  /** `major.minor` the contracts were chosen for (newer minors than NEWEST_KNOWN are capped to it). */
  minor: string;
  /** Rule privilege keys granted by the feature's `all` privilege, all of which this Kibana's schema accepts. */
  ruleAllKeys: readonly RulePrivilegeKey[];
  /** Stack Management > Insights and Alerting ids for the rules and alerts pages. */
  managementIds: readonly string[];
}

export class UnsupportedKibanaVersionError extends Error {}

export function parseKibanaVersion(version: string): { major: number; minor: number } {
  const m = /^(\d+)\.(\d+)(?:\.\d+)?(?:-[0-9A-Za-z.-]+)?$/.exec(version.trim());
  if (!m) throw new UnsupportedKibanaVersionError(`cannot read the Kibana version [${version}] (expected e.g. 9.3.1 or 9.5.0-SNAPSHOT)`);
  return { major: Number(m[1]), minor: Number(m[2]) };
}

export function contractsFor(version: string): KibanaContracts {
  const { major, minor } = parseKibanaVersion(version);
  if (major !== MIN_SUPPORTED.major || minor < MIN_SUPPORTED.minor) {
    throw new UnsupportedKibanaVersionError(`this plugin supports Kibana ${SUPPORTED_RANGE}; the running Kibana is ${version}`);
  }
  const m = Math.min(minor, NEWEST_KNOWN.minor);
  const ruleAllKeys: RulePrivilegeKey[] = ['all'];
  if (m >= 3) ruleAllKeys.push('enable', 'manual_run');
  if (m >= 4) ruleAllKeys.push('manage_rule_settings');
  if (m >= 5) ruleAllKeys.push('mute_alerts');
  return {
    minor: `${major}.${m}`,
    ruleAllKeys,
    managementIds: m >= 5 ? ['triggersActionsRules', 'triggersActionsAlerts'] : ['triggersActions'],
  };
}
