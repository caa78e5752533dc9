// Network detections: raw Suricata eve alerts (Fleet `suricata.eve`) and the Security alerts Kibana's
// detection engine writes for them (External Alerts promotion) or for other vendors' sensors.
import type { Place } from '../network';
import type { Prng } from '../prng';
import type { Severity } from '../../../common/constants';
import { EXTERNAL_ALERTS_RULE_ID } from '../../../common/constants';
import { AGENT, fleetDataStream, iso, sourceOf, type Doc } from './common';

export interface Signature {
  id: number;
  name: string;
  category: string;
  /** Suricata priority 1 (high) .. 3 (low) */
  severity: 1 | 2 | 3;
}

export const SIGNATURES: Signature[] = [
  { id: 2024897, name: 'ET SCAN Suspicious inbound to MSSQL port 1433', category: 'Potentially Bad Traffic', severity: 2 },
  { id: 2001219, name: 'ET SCAN Potential SSH Scan', category: 'Attempted Information Leak', severity: 2 },
  { id: 2010937, name: 'ET SCAN Suspicious inbound to mySQL port 3306', category: 'Potentially Bad Traffic', severity: 2 },
  { id: 2402000, name: 'ET DROP Dshield Block Listed Source group 1', category: 'Misc Attack', severity: 2 },
  { id: 2522052, name: 'ET TOR Known Tor Exit Node Traffic group 53', category: 'Misc Attack', severity: 2 },
  { id: 2034647, name: 'ET EXPLOIT Apache log4j RCE Attempt (http ldap) (CVE-2021-44228)', category: 'Attempted Administrator Privilege Gain', severity: 1 },
  { id: 2033966, name: 'ET EXPLOIT Microsoft Exchange Server SSRF ProxyShell Attempt', category: 'Attempted Administrator Privilege Gain', severity: 1 },
  { id: 2029340, name: 'ET WEB_SERVER Possible SQL Injection Attempt UNION SELECT', category: 'Web Application Attack', severity: 1 },
  { id: 2013028, name: 'ET POLICY curl User-Agent Outbound', category: 'Attempted Information Leak', severity: 3 },
  { id: 2027865, name: 'ET INFO Observed DNS Query to .cloud TLD', category: 'Potentially Bad Traffic', severity: 3 },
];

export interface SensorHit {
  ts: number;
  source: Place | { ip: string };
  destIp: string;
  destPort: number;
  sourcePort: number;
  signature: Signature;
  action: 'allowed' | 'blocked';
}

export const SURICATA_SENSOR = { hostname: 'ids-dmz-01', iface: 'ens192' };

export function suricataDoc(rng: Prng, h: SensorHit): Doc {
  const src = 'geo' in h.source ? sourceOf(h.source, h.sourcePort) : { ip: h.source.ip, address: h.source.ip, port: h.sourcePort };
  return {
    '@timestamp': iso(h.ts),
    agent: { ...AGENT, name: SURICATA_SENSOR.hostname },
    data_stream: fleetDataStream('suricata.eve'),
    destination: { address: h.destIp, ip: h.destIp, port: h.destPort },
    ecs: { version: '8.11.0' },
    event: {
      category: ['network', 'intrusion_detection'],
      created: iso(h.ts + rng.int(5, 900)),
      dataset: 'suricata.eve',
      ingested: iso(h.ts + rng.int(2000, 20_000)),
      kind: 'alert',
      module: 'suricata',
      severity: h.signature.severity,
      type: [h.action === 'blocked' ? 'denied' : 'allowed'],
    },
    host: { hostname: SURICATA_SENSOR.hostname, name: SURICATA_SENSOR.hostname },
    input: { type: 'log' },
    log: { file: { path: '/var/log/suricata/eve.json' } },
    message: h.signature.category,
    network: { community_id: `1:${rng.hex(27)}=`, protocol: h.destPort === 443 || h.destPort === 80 ? 'http' : undefined, transport: 'tcp' },
    observer: { hostname: SURICATA_SENSOR.hostname, product: 'Suricata', type: 'ids', vendor: 'OISF' },
    related: { ip: [src.ip, h.destIp] },
    rule: { category: h.signature.category, id: String(h.signature.id), name: h.signature.name },
    source: src,
    suricata: {
      eve: {
        alert: {
          action: h.action,
          category: h.signature.category,
          gid: 1,
          rev: rng.int(1, 9),
          severity: h.signature.severity,
          signature: h.signature.name,
          signature_id: h.signature.id,
        },
        event_type: 'alert',
        flow_id: rng.int(1, 2 ** 50),
        in_iface: SURICATA_SENSOR.iface,
      },
    },
    tags: ['forwarded', 'suricata-eve'],
  };
}

/** Security alerts: one doc in `.alerts-security.alerts-default` (alerts-as-data; no data_stream.* fields). */
export interface SecurityAlertSpec {
  ts: number;
  /** time of the source event */
  originalTime: number;
  ruleId: string;
  ruleUuid: string;
  ruleName: string;
  ruleType: 'query' | 'eql' | 'threshold' | 'threat_match' | 'esql' | 'new_terms';
  severity: Severity;
  riskScore: number;
  reason: string;
  tags: string[];
  /** Source event fields merged into the alert (source.ip, destination.*, event.*, rule.*, host.*...) */
  sourceEvent: Doc;
  ancestorId: string;
  ancestorIndex: string;
}

const RISK_BY_SEVERITY: Record<Severity, number> = { low: 21, medium: 47, high: 73, critical: 99 };
export const riskOf = (s: Severity) => RISK_BY_SEVERITY[s];

/** Kibana saved-object ids of the installed prebuilt rules (differ per install; rule_id is stable). */
export const RULE_UUIDS = {
  externalAlerts: '3b1f6a92-58f0-11ef-9a4b-2b6b0f6a8d11',
  endpoint: '3b20b4de-58f0-11ef-9a4b-2b6b0f6a8d11',
  entraBruteForce: '3b21c8f0-58f0-11ef-9a4b-2b6b0f6a8d11',
};
export const PREBUILT = {
  endpointMalware: { ruleId: '9a1a2dae-0b5f-4c3d-8305-a268d404c306', name: 'Endpoint Security (Elastic Defend)' },
};

export function securityAlertDoc(rng: Prng, a: SecurityAlertSpec): Doc {
  const uuid = rng.hex(64);
  const ev = (a.sourceEvent.event ?? {}) as Doc;
  const doc: Doc = {
    ...a.sourceEvent,
    '@timestamp': iso(a.ts),
    event: { ...ev, kind: 'signal' },
    kibana: {
      alert: {
        ancestors: [{ depth: 0, id: a.ancestorId, index: a.ancestorIndex, type: 'event' }],
        depth: 1,
        last_detected: iso(a.ts),
        original_event: { ...ev },
        original_time: iso(a.originalTime),
        reason: a.reason,
        risk_score: a.riskScore,
        rule: {
          category: a.ruleType === 'query' ? 'Custom Query Rule' : 'Event Correlation Rule',
          consumer: 'siem',
          execution: { uuid: rng.uuid() },
          name: a.ruleName,
          producer: 'siem',
          rule_id: a.ruleId,
          rule_type_id: `siem.${a.ruleType === 'query' ? 'queryRule' : a.ruleType + 'Rule'}`,
          tags: a.tags,
          type: a.ruleType,
          uuid: a.ruleUuid,
          version: 104,
        },
        severity: a.severity,
        start: iso(a.ts),
        status: 'active',
        uuid,
        workflow_status: 'open',
      },
      space_ids: ['default'],
      version: '8.19.4',
    },
  };
  delete doc.data_stream;
  return doc;
}

/** External Alerts promotes every sensor alert; its rule name is overridden with the event message. */
export function externalAlertFromSuricata(rng: Prng, raw: Doc, rawId: string, delayMs: number, severity: Severity = 'medium'): Doc {
  const { data_stream: _ds, ...rest } = raw;
  const ev = raw.event as Doc;
  const src = raw.source as Doc;
  const dst = raw.destination as Doc;
  const rule = raw.rule as Doc;
  return securityAlertDoc(rng, {
    ts: Date.parse(raw['@timestamp'] as string) + delayMs,
    originalTime: Date.parse(raw['@timestamp'] as string),
    ruleId: EXTERNAL_ALERTS_RULE_ID,
    ruleUuid: RULE_UUIDS.externalAlerts,
    ruleName: String(raw.message),
    ruleType: 'query',
    severity,
    riskScore: riskOf(severity),
    reason: `${ev.category instanceof Array ? (ev.category as string[]).join(', ') : ev.category} event with source ${src.ip}:${src.port}, destination ${dst.ip}:${dst.port}, on ${SURICATA_SENSOR.hostname} created ${severity} alert ${raw.message}.`,
    tags: ['Elastic', 'Network', 'Windows', 'APM', 'macOS', 'Linux'],
    sourceEvent: { ...rest, rule },
    ancestorId: rawId,
    ancestorIndex: '.ds-logs-suricata.eve-default-2026.11.01-000001',
  });
}

/** A firewall threat-prevention alert (Palo Alto) promoted by External Alerts; the raw log is not in the sample. */
export function externalAlertFromFirewall(
  rng: Prng,
  o: { ts: number; source: Place; destIp: string; destPort: number; threat: string; severity: Severity }
): Doc {
  const sev = { low: 21, medium: 47, high: 73, critical: 99 }[o.severity];
  return securityAlertDoc(rng, {
    ts: o.ts + rng.int(40_000, 110_000),
    originalTime: o.ts,
    ruleId: EXTERNAL_ALERTS_RULE_ID,
    ruleUuid: RULE_UUIDS.externalAlerts,
    ruleName: `THREAT: ${o.threat}`,
    ruleType: 'query',
    severity: o.severity,
    riskScore: sev,
    reason: `network event with source ${o.source.ip}, destination ${o.destIp}:${o.destPort}, on pa-edge-01 created ${o.severity} alert THREAT: ${o.threat}.`,
    tags: ['Elastic', 'Network', 'Windows', 'APM', 'macOS', 'Linux'],
    sourceEvent: {
      destination: { ip: o.destIp, port: o.destPort, address: o.destIp },
      ecs: { version: '8.11.0' },
      event: {
        action: 'threat_detected',
        category: ['network', 'intrusion_detection'],
        dataset: 'panw.panos',
        kind: 'alert',
        module: 'panw',
        outcome: 'success',
        severity: sev,
        type: ['denied'],
      },
      message: `THREAT: ${o.threat}`,
      observer: { hostname: 'pa-edge-01', product: 'PAN-OS', type: 'firewall', vendor: 'Palo Alto Networks' },
      related: { ip: [o.source.ip, o.destIp] },
      rule: { name: o.threat },
      source: sourceOf(o.source),
    },
    ancestorId: rng.hex(20),
    ancestorIndex: '.ds-logs-panw.panos-default-2026.11.01-000001',
  });
}
