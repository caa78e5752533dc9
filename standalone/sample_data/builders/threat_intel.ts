// Threat-intel indicator documents: AbuseCH ThreatFox (Fleet `ti_abusech.threatfox` raw data stream plus the
// `latest` transform destination that keeps one active doc per indicator) and AlienVault OTX (`ti_otx.threat`).
import type { Place } from '../network';
import type { Prng } from '../prng';
import { AGENT, fleetDataStream, iso, type Doc } from './common';

const DAY = 86_400_000;

export interface ThreatFoxSpec {
  /** poll time (@timestamp) */
  ts: number;
  place: Place;
  port: number;
  firstSeen: number;
  lastSeen?: number;
  /** 0..100 as reported by ThreatFox */
  confidenceLevel: number;
  malware: string;
  malwarePrintable: string;
  threatType: 'botnet_cc' | 'payload_delivery';
  reporter: string;
  /** days; the integration's "IOC Expiration Duration" */
  expirationDays: number;
  tags: string[];
}

export const threatFoxConfidence = (v: number) => (v >= 70 ? 'High' : v >= 30 ? 'Medium' : v > 0 ? 'Low' : 'None');

function threatFoxCommon(rng: Prng, s: ThreatFoxSpec, eventId: string): Doc {
  const v6 = s.place.ip.includes(':');
  // deleted_at = last activity + IOC expiration duration, as the integration's pipeline computes it
  const deletedAt = (s.lastSeen ?? s.firstSeen) + s.expirationDays * DAY;
  return {
    '@timestamp': iso(s.ts),
    abusech: {
      threatfox: {
        confidence_level: s.confidenceLevel,
        deleted_at: iso(deletedAt),
        ioc_expiration_duration: `${s.expirationDays}d`,
        malware: s.malware,
        tags: s.tags,
        threat_type: s.threatType,
        threat_type_desc:
          s.threatType === 'botnet_cc' ? 'Indicator that identifies a botnet command&control server (C&C)' : 'Indicator that identifies a malware distribution server (payload delivery)',
      },
    },
    agent: AGENT,
    ecs: { version: '8.11.0' },
    event: {
      category: ['threat'],
      dataset: 'ti_abusech.threatfox',
      id: eventId,
      ingested: iso(s.ts + rng.int(1000, 9000)),
      kind: 'enrichment',
      type: ['indicator'],
    },
    input: { type: 'cel' },
    tags: ['forwarded', 'abusech-threatfox', ...s.tags],
    threat: {
      feed: { dashboard_id: 'ti_abusech-c0d8d1f0-3b20-11ed-9cc8-b5d6c1e6e9c5', name: 'AbuseCH Threat Fox' },
      indicator: {
        confidence: threatFoxConfidence(s.confidenceLevel),
        description: s.threatType === 'botnet_cc' ? 'ip:port combination that is used for botnet Command&control (C&C)' : 'ip:port combination that is used for payload delivery',
        first_seen: iso(s.firstSeen),
        ...(s.lastSeen !== undefined ? { last_seen: iso(s.lastSeen) } : {}),
        ip: s.place.ip,
        marking: { tlp: 'WHITE' },
        port: s.port,
        provider: s.reporter,
        reference: `https://threatfox.abuse.ch/ioc/${eventId}/`,
        type: v6 ? 'ipv6-addr' : 'ipv4-addr',
      },
      software: { name: s.malwarePrintable, reference: `https://malpedia.caad.fkie.fraunhofer.de/details/${s.malware}` },
    },
  };
}

/** A raw poll result in `logs-ti_abusech.threatfox-default` (marked as the transform's source). */
export function threatFoxRawDoc(rng: Prng, s: ThreatFoxSpec, eventId: string): Doc {
  return {
    ...threatFoxCommon(rng, s, eventId),
    data_stream: fleetDataStream('ti_abusech.threatfox'),
    labels: { is_ioc_transform_source: 'true' },
  };
}

/** The latest-transform copy in `logs-ti_abusech_latest.dest_threatfox-1`: the label is dropped. */
export function threatFoxLatestDoc(rng: Prng, s: ThreatFoxSpec, eventId: string): Doc {
  return threatFoxCommon(rng, s, eventId);
}

export interface OtxSpec {
  ts: number;
  place: Place;
  created: number;
  modified: number;
  pulse: string;
  description: string;
}

/** AlienVault OTX pulse indicator (`logs-ti_otx.threat-default`). */
export function otxDoc(rng: Prng, s: OtxSpec): Doc {
  const v6 = s.place.ip.includes(':');
  const id = String(rng.int(1_000_000_000, 4_000_000_000));
  return {
    '@timestamp': iso(s.ts),
    agent: AGENT,
    data_stream: fleetDataStream('ti_otx.threat'),
    ecs: { version: '8.11.0' },
    event: {
      category: ['threat'],
      dataset: 'ti_otx.threat',
      id,
      ingested: iso(s.ts + rng.int(1000, 9000)),
      kind: 'enrichment',
      type: ['indicator'],
    },
    input: { type: 'httpjson' },
    otx: {
      content: '',
      description: s.description,
      id,
      indicator: s.place.ip,
      pulse: { name: s.pulse },
      title: s.pulse,
      type: v6 ? 'IPv6' : 'IPv4',
    },
    tags: ['forwarded', 'otx-threat'],
    threat: {
      feed: { dashboard_id: 'ti_otx-96ad7d40-8c79-11ec-8e8d-b7e6d8f2d0d7', name: 'AlienVault OTX' },
      indicator: {
        confidence: 'Medium',
        description: s.description,
        first_seen: iso(s.created),
        last_seen: iso(s.modified),
        ip: s.place.ip,
        provider: 'AlienVault OTX',
        type: v6 ? 'ipv6-addr' : 'ipv4-addr',
        geo: { country_iso_code: s.place.geo.country_iso_code },
        as: { number: s.place.as.number, organization: { name: s.place.as.organization.name } },
      },
    },
  };
}
