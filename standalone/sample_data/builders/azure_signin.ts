// Entra ID sign-in log documents exactly as the Fleet Azure `signinlogs` data stream writes them.
import type { User } from '../tenant';
import type { Place } from '../network';
import type { Prng } from '../prng';
import { AGENT, fleetDataStream, iso, sourceOf, type Doc } from './common';

export const TENANT_ID = '4c1e9d2a-8f3b-4e6a-9d07-5a2b1c3d4e5f';

export type SigninCategory = 'SignInLogs' | 'NonInteractiveUserSignInLogs';
export type RiskLevel = 'none' | 'low' | 'medium' | 'high';

export interface SigninSpec {
  ts: number;
  user: User;
  place: Place;
  /** 0 = success; Entra error codes otherwise (50126 bad password, 50053 locked, 50074 MFA required, 50140 KMSI) */
  errorCode: number;
  app: { name: string; id: string; resource: string };
  clientApp: string;
  category: SigninCategory;
  risk: RiskLevel;
  userAgent: string;
  browser: string;
  os: string;
  managed: boolean;
  deviceId?: string;
  conditionalAccess: 'success' | 'failure' | 'notApplied';
  mfa: boolean;
}

export const APPS = {
  officeHome: { name: 'OfficeHome', id: '4765445b-32c6-49b0-83e6-1d93765276ca', resource: 'Office 365 SharePoint Online' },
  outlook: { name: 'Microsoft Outlook', id: '27922004-5251-4030-b22d-91ecd9a37ea4', resource: 'Office 365 Exchange Online' },
  teams: { name: 'Microsoft Teams', id: '1fec8e78-bce4-4aaf-ab1b-5451cc387264', resource: 'Microsoft Teams Services' },
  oneDrive: { name: 'OneDrive SyncEngine', id: 'ab9b8c07-8f02-4f72-87fa-80105867a763', resource: 'Office 365 SharePoint Online' },
  azurePortal: { name: 'Azure Portal', id: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c', resource: 'Windows Azure Service Management API' },
  exchangeRest: { name: 'Office 365 Exchange Online', id: '00000002-0000-0ff1-ce00-000000000000', resource: 'Office 365 Exchange Online' },
  authBroker: { name: 'Microsoft Authentication Broker', id: '29d9ed98-a469-4536-ade2-f981bc1d605e', resource: 'Microsoft Graph' },
} as const;

const FAILURE_REASON: Record<number, string> = {
  50126: 'Error validating credentials due to invalid username or password.',
  50053: 'The account is locked, you have tried to sign in too many times with an incorrect user ID or password.',
  50074: 'Strong Authentication is required.',
  50140: "This error occurred due to 'Keep me signed in' interrupt when the user was signing-in.",
  50076: 'Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access the resource.',
  500121: 'Authentication failed during strong authentication request.',
};

export function signinDoc(rng: Prng, s: SigninSpec): Doc {
  const id = rng.uuid();
  const correlationId = rng.uuid();
  const success = s.errorCode === 0;
  const interactive = s.category === 'SignInLogs';
  const reason = FAILURE_REASON[s.errorCode];
  const doc: Doc = {
    '@timestamp': iso(s.ts),
    agent: AGENT,
    azure: {
      correlation_id: correlationId,
      resource: { id: `/tenants/${TENANT_ID}/providers/Microsoft.aadiam`, provider: 'Microsoft.aadiam' },
      signinlogs: {
        category: s.category,
        identity: s.user.fullName,
        operation_name: 'Sign-in activity',
        operation_version: '1.0',
        result_type: String(s.errorCode),
        result_signature: 'None',
        ...(reason ? { result_description: reason } : {}),
        properties: {
          id,
          correlation_id: correlationId,
          created_at: iso(s.ts - rng.int(200, 4000)),
          app_id: s.app.id,
          app_display_name: s.app.name,
          resource_display_name: s.app.resource,
          client_app_used: s.clientApp,
          conditional_access_status: s.conditionalAccess,
          authentication_requirement: s.mfa ? 'multiFactorAuthentication' : 'singleFactorAuthentication',
          authentication_protocol: 'none',
          is_interactive: interactive,
          risk_level_during_signin: s.risk,
          risk_level_aggregated: s.risk,
          risk_state: s.risk === 'none' ? 'none' : 'atRisk',
          risk_detail: 'none',
          user_type: 'Member',
          user_display_name: s.user.fullName,
          user_principal_name: s.user.upn,
          user_id: s.user.id,
          session_id: rng.uuid(),
          token_issuer_type: 'AzureAD',
          processing_time_ms: rng.int(40, 900),
          status: { error_code: s.errorCode },
          device_detail: {
            browser: s.browser,
            operating_system: s.os,
            ...(s.deviceId ? { device_id: s.deviceId, trust_type: s.managed ? 'Azure AD joined' : 'Azure AD registered' } : {}),
            is_compliant: s.managed,
            is_managed: s.managed,
          },
        },
      },
      tenant_id: TENANT_ID,
    },
    client: { ip: s.place.ip },
    cloud: { provider: 'azure' },
    data_stream: fleetDataStream('azure.signinlogs'),
    ecs: { version: '8.11.0' },
    event: {
      action: 'Sign-in activity',
      category: ['authentication'],
      dataset: 'azure.signinlogs',
      duration: 0,
      id,
      ingested: iso(s.ts + rng.int(60_000, 300_000)),
      kind: 'event',
      module: 'azure',
      outcome: success ? 'success' : 'failure',
      type: ['info'],
    },
    input: { type: 'azure-eventhub' },
    log: { level: success ? '4' : '4' },
    related: { ip: [s.place.ip] },
    source: sourceOf(s.place),
    tags: ['forwarded', 'azure-signinlogs'],
    user: { domain: s.user.domain, full_name: s.user.fullName, id: s.user.id, name: s.user.name },
    user_agent: { original: s.userAgent },
  };
  if (reason) doc.message = reason;
  return doc;
}

export const USER_AGENTS = {
  windowsEdge: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.2849.68',
  macSafari: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  iosOutlook: 'Outlook-iOS/2.0',
  androidOutlook: 'Outlook-Android/2.0',
  teamsDesktop: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Teams/24295.605.3225.8804 Chrome/126.0.6478.183 Electron/31.3.1 Safari/537.36',
  oneDriveSync: 'Microsoft SkyDriveSync 24.214.1027.0001 ship; Windows NT 10.0 (19045)',
  pythonRequests: 'python-requests/2.32.3',
  headlessChrome: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/129.0.0.0 Safari/537.36',
  bav2ropc: 'BAV2ROPC',
} as const;
