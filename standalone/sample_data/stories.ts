// Planted stories: each one is a small, self-contained scenario on its own source IP, with the alert the
// rule must (or must not) raise for it under the default rule params. The manifest is built from these.
import type { DetectionMode, Severity } from '../../common/constants';
import type { Prng } from './prng';
import type { User } from './tenant';
import { CORPORATE, DMZ_IPS, STORY_PLACES, feedPlace, type Place } from './network';
import { APPS, USER_AGENTS } from './builders/azure_signin';
import { OPS, type OperationDef } from './builders/o365_audit';
import { SIGNATURES, externalAlertFromFirewall, suricataDoc } from './builders/network_alerts';
import { otxDoc, threatFoxLatestDoc, threatFoxRawDoc, type ThreatFoxSpec } from './builders/threat_intel';
import { baseSignin, desktopOf, emitters, pushSuricata, type Emitters } from './background';
import { INDEX } from './indices';
import type { Sink } from './sink';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** story actors 0..9, proxy colleagues 10..18, password-spray targets 19..29 (the noise stories reuse 10..29
 * at other times: noise_stories.ts) */
export const MIN_ACTORS = 30;

export type StoryExpectation =
  | { alert: true; user: string; ip: string; severity: Severity; detection: DetectionMode; min_risky_operations?: number }
  | { alert: false; user?: string; ip: string; reason: string };

/** The right outcome for a detection engineer (ground truth), or what a rule does, with why. */
export interface StoryLabel {
  alert: boolean;
  why: string;
}

export interface Story {
  id: string;
  /** attack: planted compromise; noise: benign activity that breeds false positives in real tenants */
  kind: 'attack' | 'noise' | 'control';
  title: string;
  /** what happens, in order */
  narrative: string;
  /** when the story's key event happens */
  time: string;
  /** evidence in the data (measured after generation): alerts/indicators on the IP, the story user's successful events from it */
  signals: { network_alerts: number; indicators: number; signins: number; activity: number; risky_operations: number };
  /** what OUR rule raises with the default params (a known false positive is `expect.alert` without `label.alert`) */
  expect: StoryExpectation;
  /** ground truth: should a sign-in-from-a-suspicious-source rule alert on this story? */
  label: StoryLabel;
  /**
   * what the logic of Elastic's prebuilt "M365 or Entra ID Identity Sign-in from a Suspicious Source" does with
   * it, run on the replay's schedule (the windows of our rule's runs): `npm run evaluate` measures it
   */
  baseline: StoryLabel;
}

/** The labels of the twelve original stories (kept apart so their generated data stays byte-identical). */
const ORIGINAL_LABELS: Record<string, Pick<Story, 'kind' | 'label' | 'baseline'>> = {
  'credential-stuffing-then-mailbox-takeover': {
    kind: 'attack',
    label: { alert: true, why: 'account takeover from a flagged attacker address' },
    baseline: { alert: true, why: 'an External Alerts alert, an Entra success and MailItemsAccessed on the IP in one window (under 100 rows)' },
  },
  'flagged-ip-never-signs-in': {
    kind: 'control',
    label: { alert: false, why: 'nobody signs in from it' },
    baseline: { alert: false, why: 'no sign-in from the IP' },
  },
  'signin-hours-before-alert': {
    kind: 'control',
    label: { alert: false, why: 'the sign-in predates any sign that the address is hostile' },
    baseline: { alert: false, why: 'sign-in and alert are 3 h apart: never in one 60-minute window (an 8-hour look-back would alert: the prebuilt query does not order events)' },
  },
  'shared-proxy-flagged': {
    kind: 'noise',
    label: { alert: false, why: 'the shared corporate proxy, not an attacker' },
    baseline: { alert: false, why: 'the busy proxy yields more than 100 rows in every window with the alert (the noise cap)' },
  },
  'ti-active-indicator': {
    kind: 'attack',
    label: { alert: true, why: 'sign-in and data theft from an active C2 indicator' },
    baseline: { alert: false, why: 'threat intel is not read' },
  },
  'ti-expired-indicator': {
    kind: 'control',
    label: { alert: false, why: 'the indicator expired days before' },
    baseline: { alert: false, why: 'threat intel is not read' },
  },
  'ti-stale-indicator': {
    kind: 'control',
    label: { alert: false, why: 'the indicator is 40 days old' },
    baseline: { alert: false, why: 'threat intel is not read' },
  },
  'ti-superseded-raw-copy': {
    kind: 'control',
    label: { alert: false, why: 'the feed corrected the indicator to another address' },
    baseline: { alert: false, why: 'threat intel is not read' },
  },
  'ti-ipv6-indicator': {
    kind: 'attack',
    label: { alert: true, why: 'sign-in from an active IPv6 C2 indicator' },
    baseline: { alert: false, why: 'threat intel is not read' },
  },
  'network-and-ti': {
    kind: 'attack',
    label: { alert: true, why: 'AiTM phishing proxy flagged by the firewall and a feed' },
    baseline: { alert: true, why: 'a firewall alert promoted by External Alerts, then the sign-in, in one window' },
  },
  'ti-office-activity-only': {
    kind: 'attack',
    label: { alert: true, why: 'a stolen token replayed from an indicator address' },
    baseline: { alert: false, why: 'threat intel is not read (and no Entra sign-in or MailItemsAccessed)' },
  },
  'filebeat-module-signin': {
    kind: 'attack',
    label: { alert: true, why: 'sign-in from an IDS-flagged address (subsidiary tenant)' },
    baseline: { alert: false, why: 'the sign-in is in filebeat-*, which the prebuilt query does not read' },
  },
};

export interface Ctx {
  rng: Prng;
  sink: Sink;
  fleet: Emitters;
  filebeat: Emitters;
  end: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Network alert on `place`: a Suricata hit (plus its External Alerts promotion) or a firewall alert. */
export function flag(c: Ctx, place: Place, ts: number, kind: 'suricata' | 'firewall', severity: Severity = 'medium') {
  if (kind === 'suricata') {
    const sig = SIGNATURES.find((s) => s.id === 2402000)!;
    pushSuricata(c.rng, c.sink, suricataDoc(c.rng, { ts, source: place, destIp: DMZ_IPS[0], destPort: 443, sourcePort: c.rng.int(1024, 65535), signature: sig, action: 'blocked' }));
    return 2;
  }
  c.sink.push(INDEX.securityAlerts, externalAlertFromFirewall(c.rng, { ts, source: place, destIp: DMZ_IPS[1], destPort: 443, threat: 'Suspicious TLS Evasion Found(14978)', severity }));
  return 1;
}

export function ops(c: Ctx, e: Emitters, u: User, place: Place, from: number, list: Array<[OperationDef, number]>, ua: string, extra: { file?: string } = {}) {
  let t = from;
  let n = 0;
  for (const [op, count] of list) {
    for (let i = 0; i < count; i++) {
      t += c.rng.int(40, 150) * 1000;
      e.activity({ ts: t, user: u, place, op, userAgent: ua, itemCount: op.operation === 'MailItemsAccessed' ? c.rng.int(5, 40) : undefined, file: extra.file ?? (op.workload === 'SharePoint' || op.workload === 'OneDrive' ? `Shared Documents/Finance/Wire instructions ${i + 1}.pdf` : undefined) });
      n++;
    }
  }
  return n;
}

export const tf = (c: Ctx, place: Place, o: Partial<ThreatFoxSpec> & { firstSeen: number }): ThreatFoxSpec => ({
  ts: Math.min(c.end - MIN, (o.lastSeen ?? o.firstSeen) + 2 * HOUR),
  place,
  port: 443,
  confidenceLevel: 100,
  malware: 'win.cobalt_strike',
  malwarePrintable: 'Cobalt Strike',
  threatType: 'botnet_cc',
  reporter: 'abuse_ch',
  expirationDays: 90,
  tags: ['CobaltStrike', 'c2'],
  ...o,
});

/** Plants every story; `users` are the tenant, `fabrikam` the Filebeat-collected subsidiary. */
export function plantStories(rng: Prng, sink: Sink, users: User[], fabrikam: User[]): Story[] {
  const c: Ctx = { rng, sink, fleet: emitters(rng, sink, false), filebeat: emitters(rng, sink, true), end: sink.endMs };
  // story actors: ordinary (non-admin) users, one per story
  const actors = users.filter((u) => !u.admin);
  if (actors.length < MIN_ACTORS) throw new Error(`the planted stories need at least ${MIN_ACTORS} non-admin users (got ${actors.length} of ${users.length})`);
  const actor = (i: number) => actors[i];
  const at = (hoursBeforeEnd: number) => Math.floor((c.end - hoursBeforeEnd * HOUR) / MIN) * MIN;
  const stories: Array<Omit<Story, 'kind' | 'label' | 'baseline'>> = [];

  // (a) credential stuffing, then success from the flagged IP, then mail access and an inbox rule
  {
    const p = STORY_PLACES.stuffing;
    const victim = actor(0);
    const T = at(20);
    const sprayed = [victim, ...actors.slice(19, 30)];
    let failures = 0;
    for (let i = 0; i < 36; i++) {
      const u = sprayed[i % sprayed.length];
      c.fleet.signin({ ...baseSignin(u, p, T - 40 * MIN + i * 40_000, { browser: 'Python Requests 2.32', os: 'Linux', ua: USER_AGENTS.pythonRequests }, false), errorCode: 50126, clientApp: 'Other clients', conditionalAccess: 'notApplied', mfa: false, app: APPS.exchangeRest, deviceId: undefined });
      failures++;
    }
    const alerts = flag(c, p, T - 25 * MIN, 'suricata');
    c.fleet.signin({ ...baseSignin(victim, p, T, { browser: 'Chrome 129.0.0', os: 'Linux', ua: USER_AGENTS.headlessChrome }, false), risk: 'high', conditionalAccess: 'notApplied', mfa: false, deviceId: undefined });
    c.fleet.activity({ ts: T + 40_000, user: victim, place: p, op: OPS.UserLoggedIn, userAgent: USER_AGENTS.headlessChrome });
    const mail = ops(c, c.fleet, victim, p, T + 2 * MIN, [[OPS.MailItemsAccessed, 6]], USER_AGENTS.headlessChrome);
    c.fleet.activity({ ts: T + 14 * MIN, user: victim, place: p, op: OPS.NewInboxRule, userAgent: USER_AGENTS.headlessChrome, parameters: { Name: '.', From: 'payroll@contoso.com', MoveToFolder: 'RSS Subscriptions', MarkAsRead: 'True', StopProcessingRules: 'True' } });
    stories.push({
      id: 'credential-stuffing-then-mailbox-takeover',
      title: 'Credential stuffing, success from the flagged IP, mail access and an inbox rule',
      narrative: `${failures} failed sign-ins (50126, legacy client) against ${sprayed.length} users from ${p.ip}; the perimeter IDS flags ${p.ip} (Suricata + External Alerts); 25 minutes later ${victim.upn} signs in successfully from it (Entra risk high), reads mail (6 MailItemsAccessed) and creates a hiding inbox rule (New-InboxRule).`,
      time: iso(T),
      signals: { network_alerts: alerts, indicators: 0, signins: 3, activity: mail + 1, risky_operations: mail + 1 },
      expect: { alert: true, user: victim.upn, ip: p.ip, severity: 'critical', detection: 'network', min_risky_operations: 7 },
    });
  }

  // (b) a flagged IP that never signs in
  {
    const p = STORY_PLACES.neverSignsIn;
    const T = at(19);
    let alerts = 0;
    for (let i = 0; i < 3; i++) alerts += flag(c, p, T + i * 7 * MIN, 'suricata');
    stories.push({
      id: 'flagged-ip-never-signs-in',
      title: 'A flagged IP that never signs in',
      narrative: `The IDS raises ${alerts} alerts for ${p.ip}; no user ever signs in or works from it.`,
      time: iso(T),
      signals: { network_alerts: alerts, indicators: 0, signins: 0, activity: 0, risky_operations: 0 },
      expect: { alert: false, ip: p.ip, reason: 'no sign-in or activity from the flagged IP' },
    });
  }

  // (c) a sign-in that precedes the network alert by hours
  {
    const p = STORY_PLACES.signinBeforeAlert;
    const u = actor(1);
    const T = at(18);
    const desk = desktopOf(u);
    c.fleet.signin(baseSignin(u, p, T, desk, true));
    const n = ops(c, c.fleet, u, p, T + MIN, [[OPS.FileAccessed, 2], [OPS.Send, 1]], desk.ua);
    const alerts = flag(c, p, T + 3 * HOUR, 'firewall', 'high');
    stories.push({
      id: 'signin-hours-before-alert',
      title: 'A sign-in that precedes the network alert by hours',
      narrative: `${u.upn} signs in from ${p.ip} (hotel Wi-Fi) and works briefly; 3 hours later a firewall alert names ${p.ip}. With the default params the alert must precede the sign-in by at most 60 minutes.`,
      time: iso(T),
      signals: { network_alerts: alerts, indicators: 0, signins: 1, activity: n, risky_operations: 0 },
      expect: { alert: false, user: u.upn, ip: p.ip, reason: 'network alert comes 3 h after the sign-in (leadTimeMinutes 60, allowEitherOrder false)' },
    });
  }

  // (d) a legit user behind the flagged, shared corporate proxy
  {
    const p = CORPORATE.proxy;
    const u = actor(2);
    // US business hours when the range ends at midnight UTC
    const T = at(5);
    const alerts = flag(c, p, T - 20 * MIN, 'firewall', 'medium');
    const desk = desktopOf(u);
    c.fleet.signin(baseSignin(u, p, T, desk, true));
    const n = ops(c, c.fleet, u, p, T + MIN, [[OPS.MailItemsAccessed, 2], [OPS.FileDownloaded, 1]], desk.ua);
    // office colleagues keep working through the same proxy around that time (whatever the weekday)
    const colleagues = actors.slice(10, 19);
    for (let k = -18; k <= 18; k++) {
      const w = colleagues[(k + 18) % colleagues.length];
      const ts = T + k * 5 * MIN + rng.int(0, 60) * 1000;
      c.fleet.signin({ ...baseSignin(w, p, ts, desktopOf(w), true), category: 'NonInteractiveUserSignInLogs', app: APPS.outlook, clientApp: 'Mobile Apps and Desktop clients' });
      if (k % 3 === 0) c.fleet.activity({ ts: ts + 30_000, user: w, place: p, op: OPS.MailItemsAccessed, userAgent: desktopOf(w).ua });
    }
    stories.push({
      id: 'shared-proxy-flagged',
      title: 'A legit user behind a flagged shared proxy',
      narrative: `A firewall alert names the corporate web proxy ${p.ip}; 20 minutes later ${u.upn} signs in through it, as do ${colleagues.length} colleagues in the hours around it. The IP serves more than maxUsersPerIp (5) users: shared infrastructure, no alert for anyone on it.`,
      time: iso(T),
      signals: { network_alerts: alerts, indicators: 0, signins: 1, activity: n, risky_operations: 3 },
      expect: { alert: false, user: u.upn, ip: p.ip, reason: 'shared proxy: more than maxUsersPerIp distinct users in the window' },
    });
  }

  // (e) sign-in and M365 activity from an active, unexpired ThreatFox indicator
  {
    const p = STORY_PLACES.tiActive;
    const u = actor(3);
    const T = at(14);
    const spec = tf(c, p, { firstSeen: T - 5 * DAY, lastSeen: T - DAY });
    c.sink.add(INDEX.threatFoxRaw, threatFoxRawDoc(rng, spec, '1419001'));
    c.sink.add(INDEX.threatFoxLatest, threatFoxLatestDoc(rng, spec, '1419001'));
    const desk = desktopOf(u);
    c.fleet.signin({ ...baseSignin(u, p, T, desk, false), deviceId: undefined, risk: 'medium' });
    const n = ops(c, c.fleet, u, p, T + MIN, [[OPS.FileAccessed, 2], [OPS.FileDownloaded, 3], [OPS.SharingInvitationCreated, 1]], desk.ua);
    stories.push({
      id: 'ti-active-indicator',
      title: 'Sign-in and SharePoint downloads from an active ThreatFox indicator',
      narrative: `${p.ip} is an active ThreatFox Cobalt Strike C2 indicator (confidence High, last seen a day earlier, expires in 90 days). ${u.upn} signs in from it, downloads 3 files and shares one externally.`,
      time: iso(T),
      signals: { network_alerts: 0, indicators: 1, signins: 1, activity: n, risky_operations: 4 },
      expect: { alert: true, user: u.upn, ip: p.ip, severity: 'high', detection: 'threat_intel', min_risky_operations: 4 },
    });
  }

  // (f) an expired indicator
  {
    const p = STORY_PLACES.tiExpired;
    const u = actor(4);
    const T = at(13);
    const spec = tf(c, p, { firstSeen: T - 12 * DAY, lastSeen: T - 8 * DAY, expirationDays: 5, malware: 'win.remcos', malwarePrintable: 'Remcos', tags: ['remcos'] });
    c.sink.add(INDEX.threatFoxRaw, threatFoxRawDoc(rng, spec, '1419002'));
    // the latest transform's retention has not pruned it yet: deleted_at (3 days ago) says it is expired
    c.sink.add(INDEX.threatFoxLatest, threatFoxLatestDoc(rng, spec, '1419002'));
    const desk = desktopOf(u);
    c.fleet.signin(baseSignin(u, p, T, desk, true));
    const n = ops(c, c.fleet, u, p, T + MIN, [[OPS.MailItemsAccessed, 2]], desk.ua);
    stories.push({
      id: 'ti-expired-indicator',
      title: 'Sign-in from an expired ThreatFox indicator',
      narrative: `${p.ip} was a ThreatFox Remcos indicator last seen 8 days earlier with a 5-day IOC expiration (abusech.threatfox.deleted_at 3 days before the sign-in). ${u.upn} signs in from it and reads mail.`,
      time: iso(T),
      signals: { network_alerts: 0, indicators: 1, signins: 1, activity: n, risky_operations: n },
      expect: { alert: false, user: u.upn, ip: p.ip, reason: 'indicator expired (abusech.threatfox.deleted_at before the run)' },
    });
  }

  // (g) an indicator older than tiMaxIndicatorAgeDays (second feed, OTX)
  {
    const p = STORY_PLACES.tiStale;
    const u = actor(5);
    const T = at(12);
    c.sink.add(INDEX.otx, otxDoc(rng, { ts: T - 40 * DAY + HOUR, place: p, created: T - 60 * DAY, modified: T - 40 * DAY, pulse: 'Brute-force sources Q3', description: 'SSH brute force source' }));
    const desk = desktopOf(u);
    c.fleet.signin(baseSignin(u, p, T, desk, true));
    const n = ops(c, c.fleet, u, p, T + MIN, [[OPS.FileAccessed, 1]], desk.ua);
    stories.push({
      id: 'ti-stale-indicator',
      title: 'Sign-in from an OTX indicator last seen 40 days ago',
      narrative: `${p.ip} appears in an AlienVault OTX pulse last modified 40 days before ${u.upn} signs in from it (tiMaxIndicatorAgeDays 14).`,
      time: iso(T),
      signals: { network_alerts: 0, indicators: 1, signins: 1, activity: n, risky_operations: 0 },
      expect: { alert: false, user: u.upn, ip: p.ip, reason: 'indicator older than tiMaxIndicatorAgeDays' },
    });
  }

  // (h) only a superseded raw copy names the IP
  {
    const p = STORY_PLACES.tiSuperseded;
    const u = actor(6);
    const T = at(11);
    const old = tf(c, p, { firstSeen: T - 6 * DAY, lastSeen: T - 2 * DAY, malware: 'win.lumma', malwarePrintable: 'Lumma Stealer', threatType: 'payload_delivery', tags: ['lumma'] });
    c.sink.add(INDEX.threatFoxRaw, threatFoxRawDoc(rng, { ...old, ts: T - 2 * DAY }, '1419003'));
    c.sink.add(INDEX.threatFoxRaw, threatFoxRawDoc(rng, { ...old, ts: T - 2 * DAY + 6 * HOUR }, '1419003'));
    // ThreatFox corrected the IOC: the latest doc for the same event.id names another address
    const corrected = { ...old, place: feedPlace(rng), ts: T - DAY };
    c.sink.add(INDEX.threatFoxRaw, threatFoxRawDoc(rng, corrected, '1419003'));
    c.sink.add(INDEX.threatFoxLatest, threatFoxLatestDoc(rng, corrected, '1419003'));
    const desk = desktopOf(u);
    c.fleet.signin(baseSignin(u, p, T, desk, true));
    const n = ops(c, c.fleet, u, p, T + MIN, [[OPS.FileDownloaded, 1]], desk.ua);
    stories.push({
      id: 'ti-superseded-raw-copy',
      title: 'Sign-in from an IP named only by superseded raw indicator copies',
      narrative: `ThreatFox IOC 1419003 first named ${p.ip}, then was corrected to ${corrected.place.ip}; only the raw copies (labels.is_ioc_transform_source "true") still name ${p.ip}, the latest index does not. ${u.upn} signs in from ${p.ip}.`,
      time: iso(T),
      signals: { network_alerts: 0, indicators: 0, signins: 1, activity: n, risky_operations: n },
      expect: { alert: false, user: u.upn, ip: p.ip, reason: 'raw copies superseded by the latest transform are skipped' },
    });
  }

  // (i) IPv6 indicator matching an IPv6 sign-in
  {
    const p = STORY_PLACES.tiIpv6;
    const u = actor(7);
    const T = at(10);
    const spec = tf(c, p, { firstSeen: T - 3 * DAY, lastSeen: T - 6 * HOUR, confidenceLevel: 75, malware: 'win.asyncrat', malwarePrintable: 'AsyncRAT', tags: ['asyncrat'] });
    c.sink.add(INDEX.threatFoxRaw, threatFoxRawDoc(rng, spec, '1419004'));
    c.sink.add(INDEX.threatFoxLatest, threatFoxLatestDoc(rng, spec, '1419004'));
    const desk = desktopOf(u);
    c.fleet.signin({ ...baseSignin(u, p, T, desk, false), deviceId: undefined });
    c.fleet.activity({ ts: T + 30_000, user: u, place: p, op: OPS.UserLoggedIn, userAgent: desk.ua });
    const n = ops(c, c.fleet, u, p, T + MIN, [[OPS.MailItemsAccessed, 1]], desk.ua);
    stories.push({
      id: 'ti-ipv6-indicator',
      title: 'IPv6 indicator matching an IPv6 sign-in',
      narrative: `${p.ip} is an active ThreatFox AsyncRAT indicator (ipv6-addr, confidence High). ${u.upn} signs in from it over IPv6 and opens mail once.`,
      time: iso(T),
      signals: { network_alerts: 0, indicators: 1, signins: 3, activity: n, risky_operations: n },
      expect: { alert: true, user: u.upn, ip: p.ip, severity: 'high', detection: 'threat_intel', min_risky_operations: 1 },
    });
  }

  // (j) network alert and indicator on the same IP: one alert carrying both
  {
    const p = STORY_PLACES.both;
    const u = actor(8);
    const T = at(9);
    c.sink.add(INDEX.otx, otxDoc(rng, { ts: T - DAY + HOUR, place: p, created: T - 3 * DAY, modified: T - DAY, pulse: 'AiTM phishing infrastructure', description: 'Adversary-in-the-middle phishing proxy' }));
    const alerts = flag(c, p, T - 30 * MIN, 'firewall', 'high');
    const desk = desktopOf(u);
    c.fleet.signin({ ...baseSignin(u, p, T, desk, false), deviceId: undefined, risk: 'low' });
    const n = ops(c, c.fleet, u, p, T + MIN, [[OPS.MailItemsAccessed, 2]], desk.ua);
    stories.push({
      id: 'network-and-ti',
      title: 'Network alert and threat-intel indicator on the same IP',
      narrative: `${p.ip} is in an AlienVault OTX AiTM-phishing pulse and a firewall alert (high) names it 30 minutes before ${u.upn} signs in from it and reads mail.`,
      time: iso(T),
      signals: { network_alerts: alerts, indicators: 1, signins: 3, activity: n, risky_operations: n },
      expect: { alert: true, user: u.upn, ip: p.ip, severity: 'high', detection: 'both', min_risky_operations: 2 },
    });
  }

  // (k) Office activity only (replayed token, no Entra sign-in record) from an indicator IP: Sentinel parity
  {
    const p = STORY_PLACES.officeOnlyTi;
    const u = actor(9);
    const T = at(8);
    const spec = tf(c, p, { firstSeen: T - 2 * DAY, lastSeen: T - 3 * HOUR, malware: 'js.clearfake', malwarePrintable: 'ClearFake', threatType: 'payload_delivery', tags: ['clearfake'] });
    c.sink.add(INDEX.threatFoxRaw, threatFoxRawDoc(rng, spec, '1419005'));
    c.sink.add(INDEX.threatFoxLatest, threatFoxLatestDoc(rng, spec, '1419005'));
    const n = ops(c, c.fleet, u, p, T, [[OPS.FileSyncDownloadedFull, 3], [OPS.FileDownloaded, 3], [OPS.AnonymousLinkCreated, 1]], USER_AGENTS.oneDriveSync);
    stories.push({
      id: 'ti-office-activity-only',
      title: 'Office activity without an Entra sign-in from an indicator IP',
      narrative: `A session token stolen from ${u.upn} is replayed from ${p.ip} (active ThreatFox indicator): OneDrive full syncs, downloads and an anonymous link, with no Entra sign-in record from that IP (Sentinel's rule matches Office activity alone).`,
      time: iso(T),
      signals: { network_alerts: 0, indicators: 1, signins: 0, activity: n, risky_operations: n },
      expect: { alert: true, user: u.upn, ip: p.ip, severity: 'critical', detection: 'threat_intel', min_risky_operations: 7 },
    });
  }

  // (l) the same attack pattern collected by the legacy Filebeat modules (subsidiary tenant)
  {
    const p = STORY_PLACES.filebeatLegacy;
    const u = fabrikam[0];
    const T = at(7);
    const alerts = flag(c, p, T - 15 * MIN, 'suricata');
    const desk = desktopOf(u);
    c.filebeat.signin({ ...baseSignin(u, p, T, desk, false), deviceId: undefined, risk: 'medium' });
    const n = ops(c, c.filebeat, u, p, T + MIN, [[OPS.MailItemsAccessed, 1], [OPS.FileDownloaded, 1]], desk.ua);
    stories.push({
      id: 'filebeat-module-signin',
      title: 'Flagged IP sign-in collected by the Filebeat azure/o365 modules',
      narrative: `The subsidiary ${u.domain} still ships Entra and M365 logs with Filebeat modules (filebeat-*). The IDS flags ${p.ip}; 15 minutes later ${u.upn} signs in from it, reads mail and downloads a file.`,
      time: iso(T),
      signals: { network_alerts: alerts, indicators: 0, signins: 2, activity: n, risky_operations: n },
      expect: { alert: true, user: u.upn, ip: p.ip, severity: 'high', detection: 'network', min_risky_operations: 2 },
    });
  }
  return stories.map((st) => ({ ...st, ...ORIGINAL_LABELS[st.id] }));
}
