// The benign population: daily sign-ins, token refreshes and Microsoft 365 work of every user, perimeter
// scanners that trip the IDS, internal IDS noise, endpoint alerts and threat feeds full of unrelated IPs.
// None of it may raise an alert.
import type { Prng } from './prng';
import type { User } from './tenant';
import { CORPORATE, DMZ_IPS, feedPlace, internalIp, scannerPlace, type Place } from './network';
import { APPS, USER_AGENTS, signinDoc, type SigninSpec } from './builders/azure_signin';
import { OPS, activityDoc, type ActivitySpec, type OperationDef } from './builders/o365_audit';
import { SIGNATURES, externalAlertFromSuricata, suricataDoc, securityAlertDoc, riskOf, PREBUILT, RULE_UUIDS } from './builders/network_alerts';
import { threatFoxLatestDoc, threatFoxRawDoc, otxDoc } from './builders/threat_intel';
import { toFilebeatAudit, toFilebeatSignin } from './builders/filebeat';
import { INDEX } from './indices';
import type { Sink } from './sink';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Work-day start in UTC by where the user lives. */
const startHourUtc = (u: User) => (u.home.geo.country_iso_code === 'US' ? 15.5 : u.home.geo.country_iso_code === 'GB' ? 8 : 7);

const FILES = [
  'Shared Documents/Q4 forecast.xlsx',
  'Shared Documents/Board deck FY27.pptx',
  'Shared Documents/Vendor contracts/MSA Northwind.docx',
  'Shared Documents/Payroll/Payroll 2026-11.xlsx',
  'Shared Documents/Onboarding checklist.docx',
  'Shared Documents/Architecture/Network diagram.vsdx',
  'Documents/notes.txt',
  'Documents/Expense report.xlsx',
];
const TEAMS = [
  { name: 'Finance', channel: 'General' },
  { name: 'Engineering', channel: 'Releases' },
  { name: 'Sales EMEA', channel: 'Deals' },
  { name: 'IT Operations', channel: 'Incidents' },
];

export interface UserDevice {
  browser: string;
  os: string;
  ua: string;
}
export const desktopOf = (u: User): UserDevice =>
  u.os === 'MacOs'
    ? { browser: 'Safari 18.1', os: 'MacOs', ua: USER_AGENTS.macSafari }
    : { browser: 'Edge 130.0.2849', os: 'Windows10', ua: USER_AGENTS.windowsEdge };
export const phoneOf = (u: User): UserDevice =>
  u.phoneOs === 'Ios' ? { browser: 'Mobile Safari', os: 'Ios', ua: USER_AGENTS.iosOutlook } : { browser: 'Chrome Mobile', os: 'Android', ua: USER_AGENTS.androidOutlook };

export interface Emitters {
  signin(s: SigninSpec): void;
  activity(a: ActivitySpec): void;
}

/** Emits into the Fleet indices, or into the Filebeat index for the legacy-collected subsidiary. */
export function emitters(rng: Prng, sink: Sink, filebeat: boolean): Emitters {
  return {
    signin: (s) => {
      const d = signinDoc(rng, s);
      if (filebeat) sink.push(INDEX.filebeat, toFilebeatSignin(d));
      else sink.push(INDEX.signin, d);
    },
    activity: (a) => {
      const d = activityDoc(rng, a);
      if (filebeat) sink.push(INDEX.filebeat, toFilebeatAudit(d));
      else sink.push(INDEX.audit, d);
    },
  };
}

export const baseSignin = (u: User, place: Place, ts: number, device: UserDevice, managed: boolean): SigninSpec => ({
  ts,
  user: u,
  place,
  errorCode: 0,
  app: APPS.officeHome,
  clientApp: 'Browser',
  category: 'SignInLogs',
  risk: 'none',
  userAgent: device.ua,
  browser: device.browser,
  os: device.os,
  managed,
  deviceId: managed ? u.deviceId : undefined,
  conditionalAccess: 'success',
  mfa: true,
});

/** One user's ordinary day. */
export function userDay(rng: Prng, e: Emitters, u: User, dayStart: number, weekday: boolean) {
  if (!weekday && !rng.chance(0.25)) {
    // weekend: the phone still refreshes mail now and then
    for (let i = rng.int(1, 3); i > 0; i--) phoneRefresh(rng, e, u, dayStart + rng.int(9 * HOUR, 21 * HOUR));
    return;
  }
  const inOffice = weekday && !u.remote && rng.chance(0.8);
  const viaVpn = !inOffice && u.usesVpn && rng.chance(0.6);
  const place: Place = inOffice ? u.office : viaVpn ? (u.home.ip.includes(':') ? CORPORATE.vpnV6 : CORPORATE.vpn) : u.home;
  const managed = true;
  const desk = desktopOf(u);
  const start = dayStart + Math.round(startHourUtc(u) * HOUR) + rng.int(-45, 60) * MIN;
  const length = weekday ? rng.int(7 * 60, 9 * 60) * MIN : rng.int(60, 180) * MIN;
  const end = start + length;

  // morning interactive sign-in, sometimes after a typo or an MFA prompt
  let t = start;
  if (rng.chance(0.06)) {
    e.signin({ ...baseSignin(u, place, t, desk, managed), errorCode: 50126, conditionalAccess: 'notApplied', mfa: false });
    t += rng.int(20, 90) * 1000;
  }
  if (rng.chance(0.05)) {
    e.signin({ ...baseSignin(u, place, t, desk, managed), errorCode: 50074, conditionalAccess: 'notApplied' });
    t += rng.int(20, 60) * 1000;
  }
  e.signin(baseSignin(u, place, t, desk, managed));
  e.activity({ ts: t + rng.int(5, 40) * 1000, user: u, place, op: OPS.UserLoggedIn, userAgent: desk.ua });

  // Outlook / Teams / OneDrive token refreshes through the day (non-interactive)
  const refreshApps = [APPS.outlook, APPS.teams, APPS.oneDrive, APPS.exchangeRest] as const;
  for (let r = start + rng.int(20, 70) * MIN; r < end; r += rng.int(35, 80) * MIN) {
    const app = rng.pick(refreshApps);
    e.signin({
      ...baseSignin(u, place, r, desk, managed),
      app,
      clientApp: app === APPS.outlook ? 'Mobile Apps and Desktop clients' : 'Mobile Apps and Desktop clients',
      category: 'NonInteractiveUserSignInLogs',
      userAgent: app === APPS.teams ? USER_AGENTS.teamsDesktop : app === APPS.oneDrive ? USER_AGENTS.oneDriveSync : desk.ua,
    });
  }
  // a second interactive app after lunch
  if (rng.chance(0.6)) {
    const ts = start + rng.int(3 * 60, 6 * 60) * MIN;
    e.signin({ ...baseSignin(u, place, ts, desk, managed), app: u.admin && rng.chance(0.5) ? APPS.azurePortal : APPS.teams });
  }

  // Microsoft 365 work
  const work = (op: OperationDef, n: number, extra: Partial<ActivitySpec> = {}) => {
    for (let i = 0; i < n; i++) {
      e.activity({ ts: rng.int(start + 2 * MIN, end), user: u, place, op, userAgent: desk.ua, ...extra, ...(op.workload === 'SharePoint' || op.workload === 'OneDrive' ? { file: rng.pick(FILES) } : {}), ...(op.workload === 'MicrosoftTeams' ? { team: rng.pick(TEAMS) } : {}) });
    }
  };
  work(OPS.MailItemsAccessed, rng.int(2, 8));
  work(OPS.Send, rng.int(0, 4));
  work(OPS.MoveToDeletedItems, rng.int(0, 2));
  work(OPS.FileAccessed, rng.int(1, 6));
  work(OPS.FileModified, rng.int(0, 3));
  work(OPS.FileDownloaded, rng.int(0, 2));
  work(OPS.FileUploaded, rng.int(0, 1));
  work(OPS.MessageSent, rng.int(1, 6));
  work(OPS.MessageRead, rng.int(0, 3));
  if (rng.chance(0.05)) work(OPS.SharingInvitationCreated, 1);
  if (u.admin && rng.chance(0.5)) {
    work(OPS.SetMailbox, 1, { parameters: { Identity: `shared-${rng.int(1, 9)}@${u.domain}`, ForwardingSmtpAddress: '' } });
    if (rng.chance(0.5)) work(OPS.AddMailboxPermission, 1, { parameters: { Identity: `shared-${rng.int(1, 9)}@${u.domain}`, User: u.upn, AccessRights: 'FullAccess' } });
    if (rng.chance(0.3)) work(OPS.MemberAdded, 1);
  }

  // phone during the day and in the evening
  for (let i = rng.int(1, 3); i > 0; i--) phoneRefresh(rng, e, u, rng.int(start, end + 4 * HOUR));
}

function phoneRefresh(rng: Prng, e: Emitters, u: User, ts: number) {
  const phone = phoneOf(u);
  e.signin({
    ...baseSignin(u, u.mobile, ts, phone, true),
    app: APPS.outlook,
    clientApp: 'Mobile Apps and Desktop clients',
    category: 'NonInteractiveUserSignInLogs',
    userAgent: phone.ua,
    browser: phone.browser,
    os: phone.os,
    deviceId: undefined,
  });
  if (rng.chance(0.7)) e.activity({ ts: ts + rng.int(10, 120) * 1000, user: u, place: u.mobile, op: OPS.MailItemsAccessed, userAgent: phone.ua });
}

export function population(rng: Prng, sink: Sink, users: User[], filebeat: boolean) {
  const e = emitters(rng, sink, filebeat);
  const firstDay = Math.floor(sink.startMs / DAY) * DAY;
  for (let day = firstDay; day < sink.endMs; day += DAY) {
    const dow = new Date(day).getUTCDay();
    const weekday = dow >= 1 && dow <= 5;
    for (const u of users) userDay(rng, e, u, day, weekday);
  }
}

/** Perimeter noise: scanners hitting the DMZ (Suricata + External Alerts), internal policy hits, endpoint alerts. */
export function networkNoise(rng: Prng, sink: Sink) {
  const hours = Math.ceil((sink.endMs - sink.startMs) / HOUR);
  const scanners = Array.from({ length: Math.max(6, Math.round(hours / 3)) }, () => scannerPlace(rng));
  for (let h = 0; h < hours; h++) {
    for (let i = rng.int(0, 3); i > 0; i--) {
      const ts = sink.startMs + h * HOUR + rng.int(0, HOUR - 1);
      const sig = rng.pick(SIGNATURES.slice(0, 8));
      const raw = suricataDoc(rng, { ts, source: rng.pick(scanners), destIp: rng.pick(DMZ_IPS), destPort: rng.pick([22, 443, 1433, 3306, 80]), sourcePort: rng.int(1024, 65535), signature: sig, action: rng.chance(0.8) ? 'blocked' : 'allowed' });
      pushSuricata(rng, sink, raw);
    }
    if (rng.chance(0.3)) {
      // outbound policy hits from internal hosts (private source: never a sign-in address)
      const ts = sink.startMs + h * HOUR + rng.int(0, HOUR - 1);
      const raw = suricataDoc(rng, { ts, source: { ip: internalIp(rng) }, destIp: feedPlace(rng).ip, destPort: 443, sourcePort: rng.int(1024, 65535), signature: rng.pick(SIGNATURES.slice(8)), action: 'allowed' });
      pushSuricata(rng, sink, raw);
    }
    if (rng.chance(0.08)) {
      const ts = sink.startMs + h * HOUR + rng.int(0, HOUR - 1);
      const host = `WS-${rng.int(1000, 9999)}`;
      sink.push(
        INDEX.securityAlerts,
        securityAlertDoc(rng, {
          ts,
          originalTime: ts - rng.int(1000, 60_000),
          ruleId: PREBUILT.endpointMalware.ruleId,
          ruleUuid: RULE_UUIDS.endpoint,
          ruleName: 'Malware Prevention Alert',
          ruleType: 'query',
          severity: 'high',
          riskScore: riskOf('high'),
          reason: `malware event with process setup.exe, file setup.exe, on ${host} created high alert Malware Prevention Alert.`,
          tags: ['Elastic', 'Endpoint Security'],
          sourceEvent: {
            event: { action: 'execution', category: ['malware', 'intrusion_detection'], dataset: 'endpoint.alerts', kind: 'alert', module: 'endpoint', outcome: 'success', type: ['info', 'denied'] },
            host: { name: host, hostname: host, ip: [internalIp(rng)], os: { name: 'Windows', family: 'windows' } },
            file: { name: 'setup.exe', path: 'C:\\Users\\Public\\Downloads\\setup.exe' },
            process: { name: 'setup.exe', pid: rng.int(1000, 30000) },
          },
          ancestorId: rng.hex(20),
          ancestorIndex: '.ds-logs-endpoint.alerts-default-2026.11.01-000001',
        })
      );
    }
  }
}

export function pushSuricata(rng: Prng, sink: Sink, raw: Record<string, unknown>) {
  if (sink.push(INDEX.suricata, raw)) {
    sink.push(INDEX.securityAlerts, externalAlertFromSuricata(rng, raw, rng.hex(20), rng.int(30_000, 110_000)));
  }
}

const MALWARE = [
  ['win.cobalt_strike', 'Cobalt Strike'],
  ['win.asyncrat', 'AsyncRAT'],
  ['elf.mirai', 'Mirai'],
  ['win.remcos', 'Remcos'],
  ['win.lumma', 'Lumma Stealer'],
  ['js.clearfake', 'ClearFake'],
] as const;

/** Threat feeds full of IPs nobody in the tenant touches: active, expired and raw-only indicators. */
export function feedNoise(rng: Prng, sink: Sink, count: number) {
  const end = sink.endMs;
  for (let i = 0; i < count; i++) {
    const [malware, printable] = rng.pick(MALWARE);
    const firstSeen = end - rng.int(1, 60) * DAY - rng.int(0, DAY);
    const lastSeen = Math.min(end - HOUR, firstSeen + rng.int(0, 10) * DAY);
    const spec = {
      ts: Math.min(end - MIN, lastSeen + rng.int(1, 6) * HOUR),
      place: feedPlace(rng),
      port: rng.pick([443, 8080, 4444, 2222, 80]),
      firstSeen,
      lastSeen: rng.chance(0.7) ? lastSeen : undefined,
      confidenceLevel: rng.pick([100, 100, 75, 50, 25]),
      malware,
      malwarePrintable: printable,
      threatType: rng.chance(0.8) ? ('botnet_cc' as const) : ('payload_delivery' as const),
      reporter: rng.pick(['abuse_ch', 'ThreatHunter', 'Gi7w0rm', 'skocherhan']),
      expirationDays: 90,
      tags: [malware.split('.')[1]],
    };
    const id = String(1_300_000 + i * 7 + rng.int(0, 6));
    sink.add(INDEX.threatFoxRaw, threatFoxRawDoc(rng, spec, id));
    // the transform keeps indicators whose deleted_at is still ahead; expired ones only remain as raw copies
    if (firstSeen > end - 50 * DAY || rng.chance(0.5)) sink.add(INDEX.threatFoxLatest, threatFoxLatestDoc(rng, spec, id));
  }
  for (let i = 0; i < Math.round(count / 4); i++) {
    const modified = end - rng.int(1, 40) * DAY;
    sink.add(
      INDEX.otx,
      otxDoc(rng, { ts: Math.min(end - MIN, modified + HOUR), place: feedPlace(rng), created: modified - rng.int(0, 20) * DAY, modified, pulse: rng.pick(['Cobalt Strike C2 Tracker', 'Mirai botnet scanners', 'Phishing kit hosting']), description: 'Malicious host' })
    );
  }
}
