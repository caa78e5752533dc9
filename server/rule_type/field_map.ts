// Mappings of every field the alert document carries beyond the framework's own kibana.alert.* fields.
// ECS fields are listed with their ECS types (identical to the `useEcs` component template, so the two agree);
// the rule's computed summary lives under cloud_identity.* (common/alert_fields.ts).
import type { FieldMap } from '@kbn/alerts-as-data-utils';

/**
 * Keywords skip indexing values over 1024 characters, as Kibana's ECS and alerts-as-data field maps do
 * (kbn-alerts-as-data-utils ecs_field_map: `ignore_above: 1024`): a long indicator description or object name
 * would otherwise exceed Lucene's 32 766-byte term limit and fail the whole alert write. _source keeps the value.
 */
export const KEYWORD_IGNORE_ABOVE = 1024;
const kw = (array = false) => ({ type: 'keyword', array, required: false, ignore_above: KEYWORD_IGNORE_ABOVE });
const date = () => ({ type: 'date', array: false, required: false });
const long = () => ({ type: 'long', array: false, required: false });
const float = () => ({ type: 'float', array: false, required: false });

/** Fields the payload sets that the framework's base alert field map already maps (not repeated here). */
export const FRAMEWORK_MAPPED_FIELDS = ['kibana.alert.reason'];

export const cloudIdentityFieldMap: FieldMap = {
  // framework fields not in the base alert map for non-Security rule types
  'kibana.alert.severity': kw(),
  'kibana.alert.risk_score': float(),

  // ECS: who and from where
  'user.name': kw(),
  'user.email': kw(),
  'user.domain': kw(),
  'user.id': kw(),
  'source.ip': { type: 'ip', array: false, required: false },
  'source.geo.country_iso_code': kw(),
  'source.geo.country_name': kw(),
  'source.geo.city_name': kw(),
  'source.as.number': long(),
  'source.as.organization.name': kw(),

  // ECS: MITRE ATT&CK
  'threat.framework': kw(),
  'threat.tactic.id': kw(true),
  'threat.tactic.name': kw(true),
  'threat.tactic.reference': kw(true),
  'threat.technique.id': kw(true),
  'threat.technique.name': kw(true),
  'threat.technique.reference': kw(true),
  'threat.technique.subtechnique.id': kw(true),
  'threat.technique.subtechnique.name': kw(true),
  'threat.technique.subtechnique.reference': kw(true),

  // ECS: threat-intel match (threat.enrichments is nested in ECS; indicator fields as in ECS)
  'threat.enrichments': { type: 'nested', array: true, required: false },
  'threat.enrichments.matched.atomic': kw(),
  'threat.enrichments.matched.field': kw(),
  'threat.enrichments.matched.type': kw(),
  'threat.enrichments.indicator.ip': { type: 'ip', array: false, required: false },
  'threat.enrichments.indicator.type': kw(),
  'threat.enrichments.indicator.confidence': kw(),
  'threat.enrichments.indicator.provider': kw(),
  'threat.enrichments.indicator.first_seen': date(),
  'threat.enrichments.indicator.last_seen': date(),
  'threat.enrichments.indicator.description': kw(),
  'threat.enrichments.indicator.reference': kw(),
  'threat.enrichments.feed.name': kw(),
  'threat.indicator.ip': { type: 'ip', array: false, required: false },
  'threat.indicator.type': kw(),
  'threat.indicator.confidence': kw(),
  'threat.indicator.provider': kw(),
  'threat.indicator.first_seen': date(),
  'threat.indicator.last_seen': date(),
  'threat.indicator.description': kw(),
  'threat.indicator.reference': kw(),
  'threat.feed.name': kw(),

  // cloud_identity.*: the CorrelationSummary, flattened
  'cloud_identity.user': kw(),
  'cloud_identity.source_ip': { type: 'ip', array: false, required: false },
  'cloud_identity.severity': kw(),
  'cloud_identity.risk_score': float(),
  'cloud_identity.detection': kw(),
  'cloud_identity.score_factors': kw(true),
  'cloud_identity.signin.count': long(),
  'cloud_identity.signin.first': date(),
  'cloud_identity.signin.last': date(),
  'cloud_identity.signin.apps': kw(true),
  'cloud_identity.signin.datasets': kw(true),
  'cloud_identity.signin.risk_levels': kw(true),
  'cloud_identity.network_alert.count': long(),
  'cloud_identity.network_alert.rule_names': kw(true),
  'cloud_identity.network_alert.max_severity': kw(),
  'cloud_identity.network_alert.max_risk_score': float(),
  'cloud_identity.network_alert.first': date(),
  'cloud_identity.network_alert.last': date(),
  'cloud_identity.network_alert.ids': kw(true),
  'cloud_identity.network_alert.lead_minutes': float(),
  'cloud_identity.activity.count': long(),
  'cloud_identity.activity.risky_count': long(),
  'cloud_identity.activity.operations': kw(true),
  'cloud_identity.activity.risky_operations': kw(true),
  'cloud_identity.activity.workloads': kw(true),
  'cloud_identity.activity.objects': kw(true),
  'cloud_identity.activity.first': date(),
  'cloud_identity.activity.last': date(),
  'cloud_identity.threat_intel.count': long(),
  'cloud_identity.threat_intel.feeds': kw(true),
  'cloud_identity.threat_intel.providers': kw(true),
  'cloud_identity.threat_intel.types': kw(true),
  'cloud_identity.threat_intel.max_confidence': kw(),
  'cloud_identity.threat_intel.first_seen': date(),
  'cloud_identity.threat_intel.last_seen': date(),
  'cloud_identity.threat_intel.descriptions': kw(true),
};
