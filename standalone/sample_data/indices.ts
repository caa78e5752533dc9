// Index names as Fleet (and Kibana's detection engine) create them.
export const INDEX = {
  signin: 'logs-azure.signinlogs-default',
  audit: 'logs-o365.audit-default',
  securityAlerts: '.alerts-security.alerts-default',
  suricata: 'logs-suricata.eve-default',
  threatFoxRaw: 'logs-ti_abusech.threatfox-default',
  threatFoxLatest: 'logs-ti_abusech_latest.dest_threatfox-1',
  otx: 'logs-ti_otx.threat-default',
  filebeat: 'filebeat-8.19.4',
} as const;
export type IndexName = (typeof INDEX)[keyof typeof INDEX];
