import ipaddr from 'ipaddr.js';
import { generateSampleData, validateOptions, type SampleData } from './generate';
import { INDEX } from './indices';
import { collectFields, flattenMapping, getPath } from './mappings';
import { docProblem } from './folder';
import { STORY_PLACES, CORPORATE, NOISE_PLACES } from './network';
import type { Doc } from './builders/common';

const END = '2026-11-20T00:00:00.000Z';
const OPTS = { seed: 7, users: 40, days: 2, end: END };
const serialize = (d: SampleData) =>
  JSON.stringify(d.manifest) + [...d.indices].map(([k, v]) => `${k}\n${JSON.stringify(v.mapping)}\n${v.docs.map((x) => JSON.stringify(x)).join('\n')}`).join('\n');

describe('generateSampleData', () => {
  const data = generateSampleData(OPTS);
  const docs = (i: string) => data.indices.get(i as never)?.docs ?? [];
  const at = (d: Doc) => Date.parse(d['@timestamp'] as string);
  const storyById = new Map(data.manifest.stories.map((s) => [s.id, s]));
  const story = (id: string) => {
    const s = storyById.get(id);
    if (!s) throw new Error(`story ${id} missing`);
    return s;
  };
  const eventDocs = [...docs(INDEX.signin), ...docs(INDEX.audit), ...docs(INDEX.filebeat)];
  const successFrom = (ip: string) => eventDocs.filter((d) => getPath(d, 'source.ip') === ip && getPath(d, 'event.outcome') === 'success');
  const networkAlertsOn = (ip: string) => [...docs(INDEX.securityAlerts), ...docs(INDEX.suricata)].filter((d) => getPath(d, 'source.ip') === ip);

  it('is byte-identical for the same seed and options, different for another seed', () => {
    expect(serialize(generateSampleData(OPTS))).toBe(serialize(data));
    expect(serialize(generateSampleData({ ...OPTS, seed: 8 }))).not.toBe(serialize(data));
  });

  it('writes every index with documents inside the range (indicators may predate it)', () => {
    for (const name of Object.values(INDEX)) expect(docs(name).length).toBeGreaterThan(0);
    const start = Date.parse(data.manifest.generator.start);
    for (const name of [INDEX.signin, INDEX.audit, INDEX.securityAlerts, INDEX.suricata, INDEX.filebeat]) {
      for (const d of docs(name)) {
        expect(at(d)).toBeGreaterThanOrEqual(start);
        expect(at(d)).toBeLessThan(Date.parse(END));
      }
    }
    expect(data.manifest.indices[INDEX.signin]).toBe(docs(INDEX.signin).length);
  });

  it('has a realistic population: failures, non-interactive sign-ins, IPv6, M365 workloads, shared egress', () => {
    const signins = docs(INDEX.signin);
    expect(signins.some((d) => getPath(d, 'event.outcome') === 'failure')).toBe(true);
    expect(signins.some((d) => getPath(d, 'azure.signinlogs.category') === 'NonInteractiveUserSignInLogs')).toBe(true);
    expect(signins.some((d) => String(getPath(d, 'source.ip')).includes(':'))).toBe(true);
    const actions = new Set(docs(INDEX.audit).map((d) => getPath(d, 'event.action')));
    for (const a of ['UserLoggedIn', 'MailItemsAccessed', 'FileDownloaded', 'New-InboxRule', 'MessageSent', 'Set-Mailbox']) expect(actions).toContain(a);
    const proxyUsers = new Set(signins.filter((d) => getPath(d, 'source.ip') === CORPORATE.proxy.ip).map((d) => getPath(d, 'user.name')));
    expect(proxyUsers.size).toBeGreaterThan(10);
    // Fleet moved the raw O365 fields; Filebeat kept them
    expect(docs(INDEX.audit).every((d) => getPath(d, 'o365.audit.Operation') === undefined)).toBe(true);
    const fbAudit = docs(INDEX.filebeat).filter((d) => getPath(d, 'fileset.name') === 'audit');
    expect(fbAudit.length).toBeGreaterThan(0);
    expect(fbAudit.every((d) => getPath(d, 'o365.audit.Operation') === getPath(d, 'event.action'))).toBe(true);
  });

  it('security alerts look like alerts-as-data: no data_stream, event.kind signal, External Alerts rule id', () => {
    const alerts = docs(INDEX.securityAlerts);
    expect(alerts.every((d) => d.data_stream === undefined && getPath(d, 'event.kind') === 'signal')).toBe(true);
    expect(alerts.some((d) => getPath(d, 'kibana.alert.rule.rule_id') === 'eb079c62-4481-4d6e-9643-3ca499df7aaa')).toBe(true);
    expect(alerts.some((d) => getPath(d, 'kibana.alert.rule.rule_id') !== 'eb079c62-4481-4d6e-9643-3ca499df7aaa')).toBe(true);
    expect(flattenMapping(data.indices.get(INDEX.securityAlerts)!.mapping).has('data_stream.dataset')).toBe(false);
  });

  it('mappings cover every field with ECS types and every document fits them', () => {
    for (const [name, { mapping, docs: list }] of data.indices) {
      const types = flattenMapping(mapping);
      for (const path of collectFields(list).keys()) expect([name, path, types.has(path)]).toEqual([name, path, true]);
      for (const d of list) expect(docProblem(d, types)).toBeNull();
      expect(types.get('@timestamp')).toBe('date');
      if (name.startsWith('logs-') && !name.includes('_latest.')) expect(types.get('data_stream.dataset')).toBe('constant_keyword');
    }
    const signin = flattenMapping(data.indices.get(INDEX.signin)!.mapping);
    expect(signin.get('source.ip')).toBe('ip');
    expect(signin.get('source.geo.location')).toBe('geo_point');
    expect(signin.get('source.as.number')).toBe('long');
    expect(signin.get('azure.signinlogs.properties.status.error_code')).toBe('long');
    expect(signin.get('azure.signinlogs.properties.is_interactive')).toBe('boolean');
    expect(flattenMapping(data.indices.get(INDEX.threatFoxLatest)!.mapping).get('threat.indicator.ip')).toBe('ip');
    expect(flattenMapping(data.indices.get(INDEX.securityAlerts)!.mapping).get('kibana.alert.risk_score')).toBe('float');
  });

  it('story addresses are public unicast, never documentation or private ranges', () => {
    const doc = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '2001:db8::/32'].map((c) => ipaddr.parseCIDR(c));
    for (const p of [...Object.values(STORY_PLACES), ...Object.values(NOISE_PLACES)]) {
      const a = ipaddr.parse(p.ip);
      expect([p.ip, a.range()]).toEqual([p.ip, a.kind() === 'ipv6' ? 'unicast' : 'unicast']);
      for (const [net, bits] of doc) if (net.kind() === a.kind()) expect(a.match([net, bits] as never)).toBe(false);
    }
  });

  it('plants every story with the evidence it needs', () => {
    expect(data.manifest.stories.map((s) => s.id).sort()).toEqual(
      [
        'credential-stuffing-then-mailbox-takeover',
        'filebeat-module-signin',
        'flagged-ip-never-signs-in',
        'network-and-ti',
        'shared-proxy-flagged',
        'signin-hours-before-alert',
        'ti-active-indicator',
        'ti-expired-indicator',
        'ti-ipv6-indicator',
        'ti-office-activity-only',
        'ti-stale-indicator',
        'ti-superseded-raw-copy',
        'cgnat-carrier-shared-ip',
        'vpn-egress-outbound-alert',
        'swg-egress-in-threat-feed',
        'travelling-user-hotel-wifi',
        'recycled-residential-ip',
        'tor-exit-legit-user',
        'ti-indicator-expires-mid-window',
        'non-network-alerts-on-user-ip',
        'edr-alert-promoted-by-external-alerts',
      ].sort()
    );
    // (a) failures from many users, then success, mail access and an inbox rule after the network alert
    const a = story('credential-stuffing-then-mailbox-takeover');
    const ipA = STORY_PLACES.stuffing.ip;
    const fails = docs(INDEX.signin).filter((d) => getPath(d, 'source.ip') === ipA && getPath(d, 'event.outcome') === 'failure');
    expect(new Set(fails.map((d) => getPath(d, 'user.name'))).size).toBeGreaterThan(5);
    const firstAlert = Math.min(...networkAlertsOn(ipA).map((d) => Date.parse((getPath(d, 'kibana.alert.original_time') ?? d['@timestamp']) as string)));
    const ok = successFrom(ipA);
    expect(new Set(ok.map((d) => `${getPath(d, 'user.name')}@${getPath(d, 'user.domain')}`))).toEqual(new Set([a.expect.user]));
    expect(Math.min(...ok.map(at))).toBeGreaterThan(firstAlert);
    expect(ok.filter((d) => getPath(d, 'event.action') === 'New-InboxRule')).toHaveLength(1);
    expect(ok.filter((d) => getPath(d, 'event.action') === 'MailItemsAccessed').length).toBeGreaterThanOrEqual(5);
    // (b) never signs in
    expect(networkAlertsOn(STORY_PLACES.neverSignsIn.ip).length).toBeGreaterThan(0);
    expect(eventDocs.filter((d) => getPath(d, 'source.ip') === STORY_PLACES.neverSignsIn.ip)).toHaveLength(0);
    // (c) sign-in hours before the only alert
    const c = successFrom(STORY_PLACES.signinBeforeAlert.ip);
    const cAlerts = networkAlertsOn(STORY_PLACES.signinBeforeAlert.ip).map((d) => Date.parse((getPath(d, 'kibana.alert.original_time') ?? d['@timestamp']) as string));
    expect(Math.min(...cAlerts) - Math.max(...c.map(at))).toBeGreaterThan(2 * 3_600_000);
    // (d) flagged proxy with many users around the story time
    const d = story('shared-proxy-flagged');
    const tD = Date.parse(d.time);
    expect(networkAlertsOn(CORPORATE.proxy.ip).length).toBeGreaterThan(0);
    const around = successFrom(CORPORATE.proxy.ip).filter((x) => Math.abs(at(x) - tD) <= 60 * 60_000);
    expect(new Set(around.map((x) => getPath(x, 'user.name'))).size).toBeGreaterThan(5);
    // TI stories
    const latest = docs(INDEX.threatFoxLatest);
    const raw = docs(INDEX.threatFoxRaw);
    const tiOn = (list: Doc[], ip: string) => list.filter((x) => getPath(x, 'threat.indicator.ip') === ip);
    const tE = Date.parse(story('ti-active-indicator').time);
    const e = tiOn(latest, STORY_PLACES.tiActive.ip);
    expect(e).toHaveLength(1);
    expect(Date.parse(getPath(e[0], 'abusech.threatfox.deleted_at') as string)).toBeGreaterThan(tE);
    expect(getPath(e[0], 'labels.is_ioc_transform_source')).toBeUndefined();
    expect(tiOn(raw, STORY_PLACES.tiActive.ip).every((x) => getPath(x, 'labels.is_ioc_transform_source') === 'true')).toBe(true);
    const f = tiOn(latest, STORY_PLACES.tiExpired.ip);
    expect(Date.parse(getPath(f[0], 'abusech.threatfox.deleted_at') as string)).toBeLessThan(Date.parse(story('ti-expired-indicator').time));
    const g = tiOn(docs(INDEX.otx), STORY_PLACES.tiStale.ip);
    expect(Date.parse(story('ti-stale-indicator').time) - Date.parse(getPath(g[0], 'threat.indicator.last_seen') as string)).toBeGreaterThan(14 * 86_400_000);
    expect(tiOn(latest, STORY_PLACES.tiSuperseded.ip)).toHaveLength(0);
    expect(tiOn(raw, STORY_PLACES.tiSuperseded.ip).length).toBeGreaterThan(0);
    expect(getPath(tiOn(latest, STORY_PLACES.tiIpv6.ip)[0], 'threat.indicator.type')).toBe('ipv6-addr');
    expect(successFrom(STORY_PLACES.tiIpv6.ip).length).toBeGreaterThan(0);
    expect(tiOn(docs(INDEX.otx), STORY_PLACES.both.ip)).toHaveLength(1);
    expect(networkAlertsOn(STORY_PLACES.both.ip).length).toBeGreaterThan(0);
    const k = successFrom(STORY_PLACES.officeOnlyTi.ip);
    expect(k.length).toBeGreaterThan(0);
    expect(k.every((x) => getPath(x, 'event.dataset') === 'o365.audit' && getPath(x, 'event.action') !== 'UserLoggedIn')).toBe(true);
    const l = successFrom(STORY_PLACES.filebeatLegacy.ip);
    expect(l.length).toBeGreaterThan(0);
    expect(l.every((x) => getPath(x, 'fileset.name') !== undefined && x.data_stream === undefined)).toBe(true);
  });

  it('network alerts never name a benign sign-in address (only the stories and the shared proxy)', () => {
    const signinIps = new Set(eventDocs.filter((d) => getPath(d, 'event.outcome') === 'success').map((d) => String(getPath(d, 'source.ip'))));
    const flagged = new Set([...docs(INDEX.securityAlerts), ...docs(INDEX.suricata)].map((d) => getPath(d, 'source.ip')).filter((ip): ip is string => typeof ip === 'string'));
    const both = [...flagged].filter((ip) => signinIps.has(ip)).sort();
    const homeOf = (id: string) => story(id).expect.ip;
    expect(both).toEqual(
      [
        STORY_PLACES.stuffing.ip, STORY_PLACES.signinBeforeAlert.ip, STORY_PLACES.both.ip, STORY_PLACES.filebeatLegacy.ip, CORPORATE.proxy.ip,
        NOISE_PLACES.carrierCgnat.ip, NOISE_PLACES.vpnEu.ip, NOISE_PLACES.hotelWifi.ip, NOISE_PLACES.torExit.ip,
        homeOf('non-network-alerts-on-user-ip'), homeOf('edr-alert-promoted-by-external-alerts'),
      ].sort()
    );
    const indicatorIps = new Set([...docs(INDEX.threatFoxRaw), ...docs(INDEX.otx)].map((d) => String(getPath(d, 'threat.indicator.ip'))));
    const tiBoth = [...indicatorIps].filter((ip) => signinIps.has(ip)).sort();
    expect(tiBoth).toEqual(
      [
        STORY_PLACES.tiActive.ip, STORY_PLACES.tiExpired.ip, STORY_PLACES.tiStale.ip, STORY_PLACES.tiSuperseded.ip, STORY_PLACES.tiIpv6.ip, STORY_PLACES.both.ip, STORY_PLACES.officeOnlyTi.ip,
        NOISE_PLACES.swgNode.ip, NOISE_PLACES.recycledHome.ip, NOISE_PLACES.torExit.ip, NOISE_PLACES.expiringIoc.ip,
      ].sort()
    );
  });

  it('lists exactly the alerting stories as expected alerts, known false positives flagged by their label', () => {
    expect(data.manifest.expected_alerts.map((x) => x.story).sort()).toEqual(data.manifest.stories.filter((s) => s.expect.alert).map((s) => s.id).sort());
    for (const a of data.manifest.expected_alerts) expect([a.story, a.false_positive]).toEqual([a.story, !story(a.story).label.alert]);
    expect(data.manifest.expected_alerts.some((a) => a.false_positive)).toBe(true);
  });

  it('labels every story: ground truth, our rule and the baseline, each with why; one IP per story', () => {
    for (const s of data.manifest.stories) {
      expect([s.id, typeof s.label.alert, s.label.why.length > 0, typeof s.baseline.alert, s.baseline.why.length > 0]).toEqual([s.id, 'boolean', true, 'boolean', true]);
      expect(['attack', 'noise', 'control']).toContain(s.kind);
    }
    const ips = data.manifest.stories.map((s) => s.expect.ip);
    expect(new Set(ips).size).toBe(ips.length);
  });

  it('plants the noise stories with the evidence their labels describe', () => {
    const alertTimes = (ip: string) => networkAlertsOn(ip).filter((d) => d.kibana !== undefined).map((d) => Date.parse((getPath(d, 'kibana.alert.original_time') ?? d['@timestamp']) as string));
    const users = (ip: string) => new Set(successFrom(ip).map((d) => getPath(d, 'user.name')));
    // CGNAT: External Alerts on the carrier address before one tenant user's phone uses it
    const cg = story('cgnat-carrier-shared-ip');
    expect(Math.max(...alertTimes(cg.expect.ip))).toBeLessThan(Date.parse(cg.time));
    expect(users(cg.expect.ip).size).toBe(1);
    // VPN: an outbound alert names the gateway, which more than maxUsersPerIp users use
    const vpn = networkAlertsOn(NOISE_PLACES.vpnEu.ip);
    expect(vpn.map((d) => getPath(d, 'network.direction'))).toEqual(['outbound']);
    expect(users(NOISE_PLACES.vpnEu.ip).size).toBeGreaterThan(5);
    // hotel: every sign-in precedes the alert
    const hotel = successFrom(NOISE_PLACES.hotelWifi.ip).map(at);
    expect(Math.max(...hotel)).toBeLessThan(Math.min(...alertTimes(NOISE_PLACES.hotelWifi.ip)));
    // expiring indicator: deleted_at falls after the sign-in, within 15 minutes
    const exp = story('ti-indicator-expires-mid-window');
    const ioc = docs(INDEX.threatFoxLatest).find((d) => getPath(d, 'threat.indicator.ip') === NOISE_PLACES.expiringIoc.ip)!;
    const deletedAt = Date.parse(getPath(ioc, 'abusech.threatfox.deleted_at') as string);
    expect(deletedAt - Date.parse(exp.time)).toBeGreaterThan(0);
    expect(deletedAt - Date.parse(exp.time)).toBeLessThanOrEqual(15 * 60_000);
    // non-network alerts: not External Alerts, not network category
    const nn = networkAlertsOn(story('non-network-alerts-on-user-ip').expect.ip);
    expect(nn.length).toBe(2);
    for (const d of nn) {
      expect(getPath(d, 'kibana.alert.rule.rule_id')).not.toBe('eb079c62-4481-4d6e-9643-3ca499df7aaa');
      expect(getPath(d, 'event.category')).not.toContain('network');
    }
    // EDR: promoted by External Alerts, malware category
    const edr = networkAlertsOn(story('edr-alert-promoted-by-external-alerts').expect.ip);
    expect(edr.map((d) => [getPath(d, 'kibana.alert.rule.rule_id'), getPath(d, 'event.category')])).toEqual([['eb079c62-4481-4d6e-9643-3ca499df7aaa', ['malware']]]);
  });

  it('validates its options', () => {
    expect(validateOptions({ ...OPTS, users: 5 })).toEqual([expect.stringContaining('--users')]);
    expect(validateOptions({ ...OPTS, days: 0 })).toEqual([expect.stringContaining('--days')]);
    expect(validateOptions({ ...OPTS, end: 'yesterday' })).toEqual([expect.stringContaining('--end')]);
    expect(() => generateSampleData({ ...OPTS, seed: -1 })).toThrow('--seed');
  });
});
