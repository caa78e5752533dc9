// Noise stories: benign activity that real tenants have and that breeds false positives in sign-in ×
// network-alert × threat-intel correlation. Each is labelled like the planted attacks (manifest.json): the
// right outcome (`label`), what our rule does with the default params (`expect`, honest: a known false
// positive is an expected alert whose label says no), and what the prebuilt Elastic rule's logic does
// (`baseline`). `npm run evaluate` measures both rules against these labels (docs/evaluation.md).
import type { Prng } from './prng';
import type { User } from './tenant';
import { CORPORATE, DMZ_IPS, NOISE_PLACES, feedPlace, type Place } from './network';
import { APPS } from './builders/azure_signin';
import { OPS } from './builders/o365_audit';
import { SIGNATURES, suricataDoc, securityAlertDoc, riskOf, PREBUILT, RULE_UUIDS } from './builders/network_alerts';
import { otxDoc, threatFoxLatestDoc, threatFoxRawDoc } from './builders/threat_intel';
import { sourceOf } from './builders/common';
import { baseSignin, desktopOf, emitters, phoneOf, pushSuricata } from './background';
import { ops, tf, type Ctx, type Story } from './stories';
import { EXTERNAL_ALERTS_RULE_ID } from '../../common/constants';
import { INDEX } from './indices';
import type { Sink } from './sink';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
type NewStory = Omit<Story, 'signals'> & { signals?: Story['signals'] };
const NO_SIGNALS: Story['signals'] = { network_alerts: 0, indicators: 0, signins: 0, activity: 0, risky_operations: 0 };

const sig = (id: number) => SIGNATURES.find((s) => s.id === id)!;

/** An IDS hit from `place` against the DMZ, plus its External Alerts promotion. */
function idsHit(c: Ctx, place: Place, ts: number, signatureId: number) {
  pushSuricata(c.rng, c.sink, suricataDoc(c.rng, { ts, source: place, destIp: c.rng.pick(DMZ_IPS), destPort: signatureId === 2024897 ? 1433 : 22, sourcePort: c.rng.int(1024, 65535), signature: sig(signatureId), action: 'blocked' }));
}

/** A vendor alert (not an Elastic rule) promoted by External Alerts: the promotion keeps the source event's fields. */
function promoted(c: Ctx, o: { ts: number; message: string; severity: 'medium' | 'high'; sourceEvent: Record<string, unknown>; ancestorIndex: string }) {
  c.sink.push(
    INDEX.securityAlerts,
    securityAlertDoc(c.rng, {
      ts: o.ts + c.rng.int(40_000, 110_000),
      originalTime: o.ts,
      ruleId: EXTERNAL_ALERTS_RULE_ID,
      ruleUuid: RULE_UUIDS.externalAlerts,
      ruleName: o.message,
      ruleType: 'query',
      severity: o.severity,
      riskScore: riskOf(o.severity),
      reason: `${o.message} created ${o.severity} alert.`,
      tags: ['Elastic', 'Network', 'Windows', 'APM', 'macOS', 'Linux'],
      sourceEvent: { message: o.message, ...o.sourceEvent },
      ancestorId: c.rng.hex(20),
      ancestorIndex: o.ancestorIndex,
    })
  );
}

/**
 * Plants the noise stories on the last day. `actors` are the tenant's non-admin users: the proxy colleagues
 * (10..18, at the proxy 2..8 h before the end) play the stories 15..21 h before the end, the spray targets
 * (19..29) the VPN staff (14..18 h) and the stories of the last 6 hours, so nobody is in two places at once.
 * `proxyStoryTime` is the shared-proxy story's sign-in time (its busy hours are added here).
 */
export function plantNoiseStories(rng: Prng, sink: Sink, actors: User[], proxyStoryTime: number): Story[] {
  const c: Ctx = { rng, sink, fleet: emitters(rng, sink, false), filebeat: emitters(rng, sink, true), end: sink.endMs };
  const at = (hoursBeforeEnd: number) => Math.floor((c.end - hoursBeforeEnd * HOUR) / MIN) * MIN;
  const stories: NewStory[] = [];

  // The shared-proxy story's office hours: a proxy that many users go through carries hundreds of events an
  // hour (this is what the prebuilt rule's noise cap of 100 rows per IP relies on).
  {
    const p = CORPORATE.proxy;
    const office = actors.slice(10, 19);
    for (let t = proxyStoryTime - 3 * HOUR; t < proxyStoryTime + 3 * HOUR; t += 30_000) {
      const u = office[rng.int(0, office.length - 1)];
      const desk = desktopOf(u);
      if (rng.chance(0.3)) c.fleet.signin({ ...baseSignin(u, p, t, desk, true), category: 'NonInteractiveUserSignInLogs', app: rng.pick([APPS.outlook, APPS.teams, APPS.oneDrive]), clientApp: 'Mobile Apps and Desktop clients' });
      else c.fleet.activity({ ts: t, user: u, place: p, op: rng.pick([OPS.MailItemsAccessed, OPS.FileAccessed, OPS.MessageSent, OPS.MessageRead, OPS.FileModified]), userAgent: desk.ua, file: 'Shared Documents/Q4 forecast.xlsx', team: { name: 'Finance', channel: 'General' } });
    }
  }

  // (m) a mobile carrier's CGNAT egress: another subscriber scans us, our user's phone shares the address
  {
    const p = NOISE_PLACES.carrierCgnat;
    const u = actors[10];
    const T = at(21);
    idsHit(c, p, T - 20 * MIN, 2001219);
    const phone = phoneOf(u);
    c.fleet.signin({ ...baseSignin(u, p, T, phone, true), app: APPS.outlook, clientApp: 'Mobile Apps and Desktop clients', category: 'NonInteractiveUserSignInLogs', userAgent: phone.ua, deviceId: undefined });
    c.fleet.activity({ ts: T + 40_000, user: u, place: p, op: OPS.MailItemsAccessed, userAgent: phone.ua });
    stories.push({
      id: 'cgnat-carrier-shared-ip',
      kind: 'noise',
      title: "A phone behind a mobile carrier's CGNAT address that another subscriber used to scan us",
      narrative: `${p.ip} is a T-Mobile public CGNAT egress shared by thousands of subscribers. One of them runs an SSH scan against the DMZ (Suricata + External Alerts); 20 minutes later ${u.upn}'s phone refreshes mail through the same address. (Carrier-internal 100.64.0.0/10 addresses never reach these logs, and both rules drop them anyway.)`,
      time: iso(T),
      expect: { alert: true, user: u.upn, ip: p.ip, severity: 'high', detection: 'network', min_risky_operations: 1 },
      label: { alert: false, why: 'shared carrier NAT: the scanner is another subscriber; only our user is ours on it, so a per-user count cannot tell' },
      baseline: { alert: true, why: 'External Alerts alert, then an Entra success and MailItemsAccessed on the IP in one window' },
    });
  }

  // (n) the EU VPN gateway named as the source of an outbound beacon (an infected laptop on the full tunnel)
  {
    const p = NOISE_PLACES.vpnEu;
    const staff = actors.slice(19, 28);
    const T = at(16);
    for (const u of staff) {
      const desk = desktopOf(u);
      let t = T - 2 * HOUR + rng.int(0, 10) * MIN;
      c.fleet.signin(baseSignin(u, p, t, desk, true));
      let nextRefresh = t + rng.int(35, 50) * MIN;
      while (t < T + 2 * HOUR) {
        t += rng.int(10, 16) * MIN;
        if (t >= nextRefresh) {
          c.fleet.signin({ ...baseSignin(u, p, t, desk, true), app: APPS.outlook, category: 'NonInteractiveUserSignInLogs', clientApp: 'Mobile Apps and Desktop clients' });
          nextRefresh = t + rng.int(35, 50) * MIN;
        }
        c.fleet.activity({ ts: t + 20_000, user: u, place: p, op: rng.pick([OPS.MailItemsAccessed, OPS.FileAccessed, OPS.MessageSent]), userAgent: desk.ua, file: 'Shared Documents/Onboarding checklist.docx', team: { name: 'Sales EMEA', channel: 'Deals' } });
      }
    }
    const c2 = feedPlace(rng);
    promoted(c, {
      ts: T,
      message: 'THREAT: Cobalt Strike Beacon C2 Traffic(86446)',
      severity: 'high',
      ancestorIndex: '.ds-logs-panw.panos-default-2026.11.01-000001',
      sourceEvent: {
        destination: { ip: c2.ip, address: c2.ip, port: 443, geo: { ...c2.geo } },
        event: { action: 'threat_detected', category: ['network', 'intrusion_detection'], dataset: 'panw.panos', kind: 'alert', module: 'panw', outcome: 'success', severity: 73, type: ['denied'] },
        // post-NAT source: the firewall behind the VPN concentrator logs the gateway's public address
        network: { direction: 'outbound', transport: 'tcp' },
        observer: { hostname: 'pa-vpn-fra-01', product: 'PAN-OS', type: 'firewall', vendor: 'Palo Alto Networks' },
        related: { ip: [p.ip, c2.ip] },
        rule: { name: 'Cobalt Strike Beacon C2 Traffic' },
        source: sourceOf(p),
      },
    });
    stories.push({
      id: 'vpn-egress-outbound-alert',
      kind: 'noise',
      title: 'The VPN gateway named as the source of an outbound C2 beacon',
      narrative: `${staff.length} staff work through the EU VPN gateway ${p.ip} all morning. A laptop on the full tunnel beacons to a C2 server; the firewall's outbound alert (network.direction outbound, post-NAT) names the gateway as source.ip. The alert is about our own host, not a hostile source of sign-ins.`,
      time: iso(T),
      expect: { alert: false, user: staff[0].upn, ip: p.ip, reason: 'the alert is outbound (excludeOutboundAlerts), and more than maxUsersPerIp (5) users share the gateway' },
      label: { alert: false, why: 'the alert names our own egress (outbound direction); the staff sign-ins are legitimate' },
      baseline: { alert: true, why: 'External Alerts alert and Entra successes on the IP in one window, under 100 rows (the query ignores direction and user counts)' },
    });
  }

  // (o) a cloud secure-web-gateway node listed by a threat feed
  {
    const p = NOISE_PLACES.swgNode;
    const u = actors[12];
    const T = at(15);
    c.sink.add(INDEX.otx, otxDoc(rng, { ts: T - 2 * DAY + HOUR, place: p, created: T - 10 * DAY, modified: T - 2 * DAY, pulse: 'Cobalt Strike C2 Tracker', description: 'Cobalt Strike beacon egress' }));
    const desk = desktopOf(u);
    c.fleet.signin(baseSignin(u, p, T, desk, true));
    ops(c, c.fleet, u, p, T + MIN, [[OPS.FileAccessed, 2], [OPS.MailItemsAccessed, 1]], desk.ua);
    stories.push({
      id: 'swg-egress-in-threat-feed',
      kind: 'noise',
      title: "A travelling user through a cloud secure web gateway's node that a feed lists",
      narrative: `${u.upn} works from Frankfurt; the Zscaler client sends the traffic through the Frankfurt node ${p.ip}. An OTX pulse lists that node because another Zscaler customer's malware beaconed through it. Fix: allowlistCidrs with the gateway's published egress ranges.`,
      time: iso(T),
      expect: { alert: true, user: u.upn, ip: p.ip, severity: 'high', detection: 'threat_intel', min_risky_operations: 1 },
      label: { alert: false, why: "the gateway's egress is shared by the provider's customers; the feed listed it for someone else's traffic" },
      baseline: { alert: false, why: 'threat intel is not read' },
    });
  }

  // (p) a travelling user on hotel Wi-Fi; another guest trips the IDS after the sign-in
  {
    const p = NOISE_PLACES.hotelWifi;
    const u = actors[11];
    const T = at(17);
    const desk = desktopOf(u);
    c.fleet.signin(baseSignin(u, p, T, desk, true));
    c.fleet.activity({ ts: T + 30_000, user: u, place: p, op: OPS.UserLoggedIn, userAgent: desk.ua });
    ops(c, c.fleet, u, p, T + MIN, [[OPS.FileAccessed, 2], [OPS.Send, 1]], desk.ua);
    idsHit(c, p, T + 20 * MIN, 2024897);
    stories.push({
      id: 'travelling-user-hotel-wifi',
      kind: 'noise',
      title: 'A travelling user on hotel Wi-Fi; another guest trips the IDS afterwards',
      narrative: `${u.upn} signs in from the Singapore hotel's Wi-Fi ${p.ip} and works for a few minutes. 20 minutes later another guest's laptop scans the DMZ's MSSQL port from the same address.`,
      time: iso(T),
      expect: { alert: false, user: u.upn, ip: p.ip, reason: 'the network alert comes after the sign-in (allowEitherOrder false)' },
      label: { alert: false, why: 'the sign-in precedes anything hostile from the shared hotel address' },
      baseline: { alert: true, why: 'alert and sign-in in one window; the query does not order them' },
    });
  }

  // (q) a residential address recycled by the ISP: the feed still lists the previous customer's bot
  {
    const p = NOISE_PLACES.recycledHome;
    const u = actors[28];
    const T = at(6);
    const spec = tf(c, p, { firstSeen: T - 20 * DAY, lastSeen: T - 6 * DAY, confidenceLevel: 75, malware: 'elf.mirai', malwarePrintable: 'Mirai', threatType: 'botnet_cc', tags: ['mirai'] });
    c.sink.add(INDEX.threatFoxRaw, threatFoxRawDoc(rng, spec, '1419006'));
    c.sink.add(INDEX.threatFoxLatest, threatFoxLatestDoc(rng, spec, '1419006'));
    const desk = desktopOf(u);
    c.fleet.signin(baseSignin(u, p, T, desk, true));
    ops(c, c.fleet, u, p, T + MIN, [[OPS.MailItemsAccessed, 2], [OPS.FileAccessed, 1]], desk.ua);
    stories.push({
      id: 'recycled-residential-ip',
      kind: 'noise',
      title: 'A home address recycled by the ISP while a feed still lists its previous holder',
      narrative: `Comcast re-leased ${p.ip} to ${u.upn}'s home router three days ago. A ThreatFox Mirai C2 indicator (last seen 6 days ago, 90-day expiration) still names it for the infected device of the previous customer. ${u.upn} signs in from home and works.`,
      time: iso(T),
      expect: { alert: true, user: u.upn, ip: p.ip, severity: 'high', detection: 'threat_intel', min_risky_operations: 2 },
      label: { alert: false, why: 'the indicator describes the previous lease holder; nothing about the address is hostile now' },
      baseline: { alert: false, why: 'threat intel is not read' },
    });
  }

  // (r) a legitimate user through a Tor exit that a feed lists and the IDS flags
  {
    const p = NOISE_PLACES.torExit;
    const u = actors[29];
    const T = at(4);
    c.sink.add(INDEX.otx, otxDoc(rng, { ts: T - DAY + HOUR, place: p, created: T - 30 * DAY, modified: T - DAY, pulse: 'Tor exit nodes', description: 'Tor exit relay' }));
    idsHit(c, p, T - 10 * MIN, 2522052);
    const ua = 'Mozilla/5.0 (Windows NT 10.0; rv:128.0) Gecko/20100101 Firefox/128.0';
    c.fleet.signin({ ...baseSignin(u, p, T, { browser: 'Firefox 128.0', os: 'Windows10', ua }, false), deviceId: undefined, risk: 'medium' });
    ops(c, c.fleet, u, p, T + MIN, [[OPS.MailItemsAccessed, 2]], ua);
    stories.push({
      id: 'tor-exit-legit-user',
      kind: 'noise',
      title: 'A legitimate user signs in through a Tor exit that a feed lists and the IDS flags',
      narrative: `${u.upn} uses Tor Browser while travelling; the exit relay ${p.ip} is in an OTX "Tor exit nodes" pulse and trips the IDS's Tor signature 10 minutes before the sign-in (Entra risk medium). The user is legitimate, but a Tor sign-in breaks policy and must be triaged: a benign true positive.`,
      time: iso(T),
      expect: { alert: true, user: u.upn, ip: p.ip, severity: 'high', detection: 'both', min_risky_operations: 2 },
      label: { alert: true, why: 'benign true positive: a sign-in through Tor is worth triage even when the user turns out to be legitimate' },
      baseline: { alert: true, why: 'External Alerts alert, then an Entra success and MailItemsAccessed in one window' },
    });
  }

  // (s) an indicator that expires minutes after the sign-in
  {
    const p = NOISE_PLACES.expiringIoc;
    const u = actors[19];
    const T = at(3);
    // ThreatFox computes deleted_at = last seen + IOC expiration: 12 minutes after the sign-in
    const spec = tf(c, p, { firstSeen: T - 9 * DAY, lastSeen: T - 5 * DAY + 12 * MIN, expirationDays: 5, malware: 'win.lumma', malwarePrintable: 'Lumma Stealer', threatType: 'botnet_cc', tags: ['lumma'] });
    c.sink.add(INDEX.threatFoxRaw, threatFoxRawDoc(rng, spec, '1419007'));
    c.sink.add(INDEX.threatFoxLatest, threatFoxLatestDoc(rng, spec, '1419007'));
    const desk = desktopOf(u);
    c.fleet.signin({ ...baseSignin(u, p, T, desk, false), deviceId: undefined, risk: 'medium' });
    ops(c, c.fleet, u, p, T + MIN, [[OPS.MailItemsAccessed, 3], [OPS.FileDownloaded, 1]], desk.ua);
    stories.push({
      id: 'ti-indicator-expires-mid-window',
      kind: 'attack',
      title: 'Session replay from a C2 indicator that expires 12 minutes later',
      narrative: `${p.ip} is a ThreatFox Lumma C2 indicator whose abusech.threatfox.deleted_at falls 12 minutes after ${u.upn}'s session is replayed from it (mail and a download). Runs before the expiry match it; later runs over the same window no longer do, so a run interval longer than 12 minutes would miss it.`,
      time: iso(T),
      expect: { alert: true, user: u.upn, ip: p.ip, severity: 'high', detection: 'threat_intel', min_risky_operations: 3 },
      label: { alert: true, why: 'the indicator was live when the session was replayed from it' },
      baseline: { alert: false, why: 'threat intel is not read' },
    });
  }

  // (t) Security alerts of non-network rules naming the user's own address
  {
    const u = actors[20];
    const p = u.home;
    const T = at(2);
    const host = `WS-${rng.int(1000, 9999)}`;
    sink.push(
      INDEX.securityAlerts,
      securityAlertDoc(rng, {
        ts: T - 40 * MIN,
        originalTime: T - 41 * MIN,
        ruleId: PREBUILT.endpointMalware.ruleId,
        ruleUuid: RULE_UUIDS.endpoint,
        ruleName: 'Malware Prevention Alert',
        ruleType: 'query',
        severity: 'high',
        riskScore: riskOf('high'),
        reason: `malware event with process invoice.exe, file invoice.exe, on ${host} created high alert Malware Prevention Alert.`,
        tags: ['Elastic', 'Endpoint Security'],
        sourceEvent: {
          event: { action: 'execution', category: ['malware', 'intrusion_detection'], dataset: 'endpoint.alerts', kind: 'alert', module: 'endpoint', outcome: 'success', type: ['info', 'denied'] },
          host: { name: host, hostname: host, os: { name: 'Windows', family: 'windows' } },
          file: { name: 'invoice.exe', path: 'C:\\Users\\Public\\Downloads\\invoice.exe' },
          process: { name: 'invoice.exe', pid: rng.int(1000, 30000) },
          // the laptop's own (public) address as the agent reports it
          source: { ip: p.ip, address: p.ip },
        },
        ancestorId: rng.hex(20),
        ancestorIndex: '.ds-logs-endpoint.alerts-default-2026.11.01-000001',
      })
    );
    const desk = desktopOf(u);
    sink.push(
      INDEX.securityAlerts,
      securityAlertDoc(rng, {
        ts: T - 20 * MIN,
        originalTime: T - 21 * MIN,
        ruleId: 'c4c2d6a0-5f1e-4b8a-9e53-0d2f7b1a6e44',
        ruleUuid: RULE_UUIDS.entraBruteForce,
        ruleName: 'Entra ID sign-in from a new device (custom)',
        ruleType: 'new_terms',
        severity: 'low',
        riskScore: riskOf('low'),
        reason: `authentication event by ${u.upn} from ${p.ip} created low alert Entra ID sign-in from a new device (custom).`,
        tags: ['Domain: Identity', 'Data Source: Entra ID'],
        sourceEvent: {
          event: { action: 'Sign-in activity', category: ['authentication'], dataset: 'azure.signinlogs', kind: 'event', module: 'azure', outcome: 'success', type: ['info'] },
          source: sourceOf(p),
          user: { name: u.name, domain: u.domain },
        },
        ancestorId: rng.hex(20),
        ancestorIndex: '.ds-logs-azure.signinlogs-default-2026.11.01-000001',
      })
    );
    c.fleet.signin(baseSignin(u, p, T, desk, true));
    ops(c, c.fleet, u, p, T + MIN, [[OPS.MailItemsAccessed, 1], [OPS.FileAccessed, 1]], desk.ua);
    stories.push({
      id: 'non-network-alerts-on-user-ip',
      kind: 'noise',
      title: "Endpoint and identity rules' alerts on the user's own home address",
      narrative: `An Elastic Defend malware alert on ${u.upn}'s laptop and a custom identity rule's alert both carry source.ip ${p.ip}, the user's home address; the user signs in from home 20 minutes later. Neither alert says the address is a hostile network source.`,
      time: iso(T),
      expect: { alert: false, user: u.upn, ip: p.ip, reason: 'not External Alerts and not network-category alerts: not network alerts' },
      label: { alert: false, why: "endpoint and identity alerts about the user's own device and address" },
      baseline: { alert: false, why: 'only External Alerts alerts count' },
    });
  }

  // (u) a vendor EDR malware alert promoted by External Alerts, naming the device's public address
  {
    const u = actors[21];
    const p = u.home;
    const T = at(1.5);
    const host = `LT-${rng.int(1000, 9999)}`;
    promoted(c, {
      ts: T - 30 * MIN,
      message: "'Lumma' malware was prevented",
      severity: 'high',
      ancestorIndex: '.ds-logs-m365_defender.alert-default-2026.11.01-000001',
      sourceEvent: {
        event: { action: 'Malware', category: ['malware'], dataset: 'm365_defender.alert', kind: 'alert', module: 'm365_defender', severity: 73, type: ['info'] },
        host: { name: host, hostname: host },
        observer: { product: 'Microsoft Defender for Endpoint', vendor: 'Microsoft' },
        rule: { name: "'Lumma' malware was prevented" },
        // the device's public address as Defender reports it
        source: sourceOf(p),
      },
    });
    const desk = desktopOf(u);
    c.fleet.signin(baseSignin(u, p, T, desk, true));
    ops(c, c.fleet, u, p, T + MIN, [[OPS.MailItemsAccessed, 1]], desk.ua);
    stories.push({
      id: 'edr-alert-promoted-by-external-alerts',
      kind: 'noise',
      title: "A Defender for Endpoint malware alert on the user's laptop, promoted by External Alerts",
      narrative: `Microsoft Defender for Endpoint blocks malware on ${u.upn}'s laptop ${host} and reports the device's public address ${p.ip}; External Alerts promotes it (it promotes every non-Elastic alert, whatever its category). ${u.upn} signs in from home 30 minutes later.`,
      time: iso(T),
      expect: { alert: false, user: u.upn, ip: p.ip, reason: 'the promoted alert is an endpoint (malware) event, not network traffic: requireNetworkCategory' },
      label: { alert: false, why: 'an endpoint incident on the user\'s own device, not a hostile sign-in source (our rule: requireNetworkCategory ignores promoted alerts whose event is not network traffic)' },
      baseline: { alert: true, why: 'External Alerts alert, then an Entra success in one window' },
    });
  }

  return stories.map((s) => ({ ...s, signals: s.signals ?? NO_SIGNALS }));
}
