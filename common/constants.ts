// Identifiers and defaults shared by the server, the browser and the standalone tools.

export const PLUGIN_ID = 'cloudIdentityCompromise';
export const PLUGIN_NAME = 'Cloud identity compromise';
export const RULE_TYPE_ID = 'cloudIdentityCompromise.signinCorrelation';
export const RULE_TYPE_NAME = 'Cloud sign-in from a flagged source IP';
export const ACTION_GROUP_ID = 'compromisedSignin';
export const ALERTS_CONTEXT = 'cloud-identity-compromise';

/** Elastic's prebuilt "External Alerts" promotion rule, the default source of network alerts. */
export const EXTERNAL_ALERTS_RULE_ID = 'eb079c62-4481-4d6e-9643-3ca499df7aaa';

export const DEFAULT_SIGNIN_INDEX_PATTERNS = ['logs-azure.signinlogs-*', 'logs-o365.audit-*', 'filebeat-*'];
export const DEFAULT_NETWORK_ALERT_INDEX_PATTERNS = ['.alerts-security.alerts-*', 'logs-suricata.eve-*'];
export const DEFAULT_THREAT_INTEL_INDEX_PATTERNS = ['logs-ti_*', 'filebeat-*'];

/** Microsoft 365 operations that raise severity when seen from the flagged IP (Sentinel's list). */
export const DEFAULT_RISKY_OPERATIONS = [
  'FileDownloaded',
  'FileSyncDownloadedFull',
  'MailItemsAccessed',
  'New-InboxRule',
  'SharingInvitationCreated',
  'AnonymousLinkCreated',
  'AnonymousLinkUsed',
  'MessageCreated',
  'MemberAdded',
  'Add-MailboxPermission',
  'New-MailboxExportRequest',
];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const DETECTION_MODES = ['network', 'threat_intel', 'both'] as const;
export type DetectionMode = (typeof DETECTION_MODES)[number];

export const TI_CONFIDENCE_LEVELS = ['none', 'low', 'medium', 'high'] as const;
export type TiConfidence = (typeof TI_CONFIDENCE_LEVELS)[number];

export const MITRE = {
  framework: 'MITRE ATT&CK',
  tactic: { id: 'TA0001', name: 'Initial Access', reference: 'https://attack.mitre.org/tactics/TA0001/' },
  technique: { id: 'T1078', name: 'Valid Accounts', reference: 'https://attack.mitre.org/techniques/T1078/' },
  subtechnique: { id: 'T1078.004', name: 'Cloud Accounts', reference: 'https://attack.mitre.org/techniques/T1078/004/' },
} as const;

/** Caps that keep every request and alert document bounded. */
export const MAX_LINKED_ALERT_IDS = 20;
export const MAX_LOOKBACK_MINUTES = 7 * 24 * 60;

/** Internal API of the investigation panel (versioned internal routes). */
export const API_VERSION = '1';
export const INVESTIGATION_API_PATH = `/internal/${PLUGIN_ID}/investigation`;
export const ALERTS_API_PATH = `/internal/${PLUGIN_ID}/alerts`;
export const API_PRIVILEGE_READ = `${PLUGIN_ID}-read`;

/**
 * Who owns and may hold rules of this type. Consumers: our app (rules created in the plugin) and `alerts`
 * (rules created in Stack Management > Rules). Not `siem`: that consumer switches on Security Solution's own code
 * paths. The reasoning per Kibana source is in docs/kibana_compatibility.md.
 */
export const RULE_CONSUMERS = [PLUGIN_ID, 'alerts'] as const;
export const RULE_PRODUCER = PLUGIN_ID;
