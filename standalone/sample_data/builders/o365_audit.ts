// Microsoft 365 unified audit documents as the Fleet `o365.audit` data stream writes them: Operation,
// Workload and RecordType are moved to event.action/provider/code, the client address to client.ip and
// source.ip (+ geo/ASN); only a few raw o365.audit.* fields are kept.
import type { User } from '../tenant';
import type { Place } from '../network';
import type { Prng } from '../prng';
import { TENANT_ID } from './azure_signin';
import { AGENT, fleetDataStream, iso, sourceOf, type Doc } from './common';

export type Workload = 'AzureActiveDirectory' | 'Exchange' | 'SharePoint' | 'OneDrive' | 'MicrosoftTeams';

export interface OperationDef {
  operation: string;
  workload: Workload;
  recordType: string;
  category: string[];
  type: string[];
}

const op = (operation: string, workload: Workload, recordType: string, category: string[], type: string[]): OperationDef => ({
  operation,
  workload,
  recordType,
  category,
  type,
});

export const OPS = {
  UserLoggedIn: op('UserLoggedIn', 'AzureActiveDirectory', 'AzureActiveDirectoryStsLogon', ['authentication'], ['start']),
  UserLoginFailed: op('UserLoginFailed', 'AzureActiveDirectory', 'AzureActiveDirectoryStsLogon', ['authentication'], ['start']),
  MailItemsAccessed: op('MailItemsAccessed', 'Exchange', 'ExchangeItemAggregated', ['email'], ['access']),
  Send: op('Send', 'Exchange', 'ExchangeItem', ['email'], ['info']),
  MoveToDeletedItems: op('MoveToDeletedItems', 'Exchange', 'ExchangeItemGroup', ['email'], ['deletion']),
  NewInboxRule: op('New-InboxRule', 'Exchange', 'ExchangeAdmin', ['web', 'configuration'], ['creation']),
  SetMailbox: op('Set-Mailbox', 'Exchange', 'ExchangeAdmin', ['web', 'configuration'], ['change']),
  AddMailboxPermission: op('Add-MailboxPermission', 'Exchange', 'ExchangeAdmin', ['web', 'iam'], ['change']),
  NewMailboxExportRequest: op('New-MailboxExportRequest', 'Exchange', 'ExchangeAdmin', ['web', 'configuration'], ['creation']),
  FileAccessed: op('FileAccessed', 'SharePoint', 'SharePointFileOperation', ['file'], ['access']),
  FileModified: op('FileModified', 'SharePoint', 'SharePointFileOperation', ['file'], ['change']),
  FileDownloaded: op('FileDownloaded', 'SharePoint', 'SharePointFileOperation', ['file'], ['access']),
  FileUploaded: op('FileUploaded', 'OneDrive', 'SharePointFileOperation', ['file'], ['creation']),
  FileSyncDownloadedFull: op('FileSyncDownloadedFull', 'OneDrive', 'SharePointFileOperation', ['file'], ['access']),
  SharingInvitationCreated: op('SharingInvitationCreated', 'SharePoint', 'SharePointSharingOperation', ['file'], ['creation']),
  AnonymousLinkCreated: op('AnonymousLinkCreated', 'SharePoint', 'SharePointSharingOperation', ['file'], ['creation']),
  MessageSent: op('MessageSent', 'MicrosoftTeams', 'MicrosoftTeams', ['web'], ['info']),
  MessageRead: op('MessageRead', 'MicrosoftTeams', 'MicrosoftTeams', ['web'], ['access']),
  MemberAdded: op('MemberAdded', 'MicrosoftTeams', 'MicrosoftTeams', ['web', 'iam'], ['change']),
} as const;

export interface ActivitySpec {
  ts: number;
  user: User;
  place: Place;
  op: OperationDef;
  failed?: boolean;
  /** SharePoint/OneDrive file: site-relative path, e.g. "Shared Documents/Q3 forecast.xlsx" */
  file?: string;
  site?: string;
  /** New-InboxRule / Set-Mailbox / permission parameters */
  parameters?: Record<string, string>;
  team?: { name: string; channel: string };
  userAgent?: string;
  itemCount?: number;
}

export const orgIdOf = () => TENANT_ID;

export function activityDoc(rng: Prng, a: ActivitySpec): Doc {
  const id = rng.uuid();
  const raw: Doc = {
    UserId: a.user.upn,
    UserKey: a.user.id,
    UserType: a.user.admin && a.op.recordType === 'ExchangeAdmin' ? 'Admin' : 'Regular',
    OrganizationId: TENANT_ID,
    CreationTime: iso(a.ts).slice(0, 19),
    Version: 1,
  };
  const doc: Doc = {
    '@timestamp': iso(a.ts),
    agent: AGENT,
    client: { ip: a.place.ip, address: a.place.ip },
    data_stream: fleetDataStream('o365.audit'),
    ecs: { version: '8.11.0' },
    event: {
      action: a.op.operation,
      category: a.op.category,
      code: a.op.recordType,
      dataset: 'o365.audit',
      id,
      ingested: iso(a.ts + rng.int(120_000, 900_000)),
      kind: 'event',
      module: 'o365',
      outcome: a.failed ? 'failure' : 'success',
      provider: a.op.workload,
      type: a.op.type,
    },
    input: { type: 'cel' },
    organization: { id: TENANT_ID },
    related: { ip: [a.place.ip], user: [a.user.name, a.user.upn] },
    source: sourceOf(a.place),
    tags: ['forwarded', 'o365-audit'],
    user: { domain: a.user.domain, email: a.user.upn, id: a.user.upn, name: a.user.name },
  };
  if (a.userAgent) doc.user_agent = { original: a.userAgent };
  switch (a.op.workload) {
    case 'AzureActiveDirectory':
      raw.ResultStatus = a.failed ? 'Failed' : 'Success';
      raw.ApplicationId = '4765445b-32c6-49b0-83e6-1d93765276ca';
      raw.ObjectId = '00000003-0000-0ff1-ce00-000000000000';
      raw.ExtendedProperties = { RequestType: 'Login:login', ResultStatusDetail: a.failed ? 'UserError' : 'Redirect' };
      raw.ErrorNumber = a.failed ? '50126' : '0';
      break;
    case 'Exchange':
      raw.ResultStatus = a.failed ? 'Failed' : 'Succeeded';
      raw.MailboxOwnerUPN = a.user.upn;
      raw.LogonType = a.user.admin && a.op.recordType === 'ExchangeAdmin' ? 2 : 0;
      raw.ClientInfoString = a.userAgent ? `Client=REST;${a.userAgent};` : 'Client=OWA;Action=ViaProxy';
      if (a.op.operation === 'MailItemsAccessed') {
        raw.OperationProperties = [{ Name: 'MailAccessType', Value: rng.chance(0.7) ? 'Bind' : 'Sync' }];
        raw.OperationCount = a.itemCount ?? rng.int(1, 12);
        raw.Folders = [{ Path: '\\Inbox', FolderItems: Array.from({ length: Math.min(3, a.itemCount ?? 1) }, () => ({ InternetMessageId: `<${rng.hex(16)}@${a.user.domain}>` })) }];
      }
      if (a.parameters) {
        raw.Parameters = a.parameters;
        raw.ObjectId = a.parameters.Name ?? a.parameters.Identity ?? a.user.upn;
      }
      break;
    case 'SharePoint':
    case 'OneDrive': {
      const site =
        a.site ?? (a.op.workload === 'OneDrive' ? `https://contoso-my.sharepoint.com/personal/${a.user.name.replace(/\./g, '_')}_contoso_com/` : 'https://contoso.sharepoint.com/sites/Finance/');
      const path = a.file ?? 'Shared Documents/Report.docx';
      const fileName = path.split('/').pop() ?? path;
      const dot = fileName.lastIndexOf('.');
      raw.SiteUrl = site;
      raw.SourceRelativeUrl = path.split('/').slice(0, -1).join('/');
      raw.ObjectId = `${site}${path}`;
      raw.ItemType = 'File';
      raw.EventSource = 'SharePoint';
      doc.url = { original: `${site}${path}` };
      doc.file = { name: fileName, ...(dot > 0 ? { extension: fileName.slice(dot + 1).toLowerCase() } : {}), directory: raw.SourceRelativeUrl };
      break;
    }
    case 'MicrosoftTeams':
      raw.TeamName = a.team?.name ?? 'General';
      raw.ChannelName = a.team?.channel ?? 'General';
      raw.CommunicationType = 'Channel';
      break;
  }
  doc.o365 = { audit: raw };
  return doc;
}
