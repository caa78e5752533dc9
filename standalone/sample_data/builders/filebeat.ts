// Filebeat module documents (`filebeat-*`): same ECS fields as Fleet, plus event.module/fileset.name, and the
// o365 module keeps the raw Operation/Workload/ClientIP/RecordType fields that Fleet moves away.
import type { Doc } from './common';

const FILEBEAT_AGENT = {
  type: 'filebeat',
  version: '8.19.4',
  name: 'fb-cloudlogs-legacy',
  hostname: 'fb-cloudlogs-legacy',
  id: '0d1b7c6e-2f4a-4b8e-9c51-7e3a2d1f0c99',
  ephemeral_id: 'c1a7e8d2-5b3f-4e6a-8d9c-0b1a2c3d4e5f',
};

const RECORD_TYPE_NUMBER: Record<string, number> = {
  ExchangeAdmin: 1,
  ExchangeItem: 2,
  ExchangeItemGroup: 3,
  SharePointFileOperation: 6,
  SharePointSharingOperation: 14,
  AzureActiveDirectoryStsLogon: 15,
  MicrosoftTeams: 25,
  ExchangeItemAggregated: 50,
};

export function toFilebeatSignin(fleet: Doc): Doc {
  const { data_stream: _ds, input: _in, ...rest } = fleet;
  return {
    ...rest,
    agent: FILEBEAT_AGENT,
    event: { ...(fleet.event as Doc), module: 'azure' },
    fileset: { name: 'signinlogs' },
    input: { type: 'azure-eventhub' },
    service: { type: 'azure' },
    tags: ['forwarded'],
  };
}

export function toFilebeatAudit(fleet: Doc): Doc {
  const { data_stream: _ds, input: _in, ...rest } = fleet;
  const ev = fleet.event as Doc;
  const audit = ((fleet.o365 as Doc).audit ?? {}) as Doc;
  return {
    ...rest,
    agent: FILEBEAT_AGENT,
    event: { ...ev, module: 'o365' },
    fileset: { name: 'audit' },
    input: { type: 'o365audit' },
    service: { type: 'o365' },
    tags: ['forwarded'],
    o365: {
      audit: {
        ...audit,
        Operation: ev.action,
        Workload: ev.provider,
        RecordType: RECORD_TYPE_NUMBER[String(ev.code)] ?? 0,
        ClientIP: (fleet.client as Doc).ip,
        Id: ev.id,
      },
    },
  };
}
