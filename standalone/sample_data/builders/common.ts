// Small helpers shared by the per-source document builders.
import type { Place } from '../network';

export type Doc = Record<string, unknown>;

export const iso = (ms: number) => new Date(ms).toISOString();

/** `source.*` as Fleet's geoip + ASN processors leave it. */
export const sourceOf = (place: Place, port?: number): Doc => ({
  ip: place.ip,
  address: place.ip,
  ...(port !== undefined ? { port } : {}),
  geo: { ...place.geo },
  as: { number: place.as.number, organization: { name: place.as.organization.name } },
});

export const fleetDataStream = (dataset: string, type = 'logs', namespace = 'default') => ({ type, dataset, namespace });

export const AGENT = {
  type: 'filebeat',
  version: '8.19.4',
  name: 'elastic-agent-cloudlogs-01',
  id: '5f0c2a1e-7d4b-4c39-9b7a-2b8f3f3e6a11',
  ephemeral_id: '9b6e2f4d-1c3a-4f0e-8d7b-6a5c4b3a2f10',
};
