import {
  ACTIVITY_FIELDS,
  NETWORK_ALERT_FIELDS,
  SIGNIN_FIELDS,
  THREAT_INTEL_FIELDS,
  nestedUnder,
  toActivityRow,
  toAlertDetail,
  toNetworkAlertRow,
  toSignInRow,
  toThreatIntelRows,
  type Rec,
} from './shape';

/** A record that remembers every field a mapper looks up (directly or as a dotted path). */
function recording(): { rec: Rec; read: Set<string> } {
  const read = new Set<string>();
  const rec = new Proxy({} as Rec, {
    get: (_t, k) => {
      if (typeof k === 'string') read.add(k);
      return undefined;
    },
    has: (_t, k) => {
      if (typeof k === 'string') read.add(k);
      return false;
    },
  });
  return { rec, read };
}

describe('section field lists (what the queries KEEP)', () => {
  it.each([
    ['sign-ins', SIGNIN_FIELDS, (r: Rec) => toSignInRow(r)],
    ['network alerts', NETWORK_ALERT_FIELDS, (r: Rec) => toNetworkAlertRow(r, new Set())],
    ['activity', ACTIVITY_FIELDS, (r: Rec) => toActivityRow(r, new Set())],
    ['threat intel', THREAT_INTEL_FIELDS, (r: Rec) => toThreatIntelRows([r])],
  ] as const)('list every field the %s mapper reads', (_name, fields, mapper) => {
    const { rec, read } = recording();
    mapper(rec);
    // dotted prefixes (getPath walking `a.b` of `a.b.c`) are lookups of the same field
    const top = [...read].filter((f) => ![...read].some((g) => g !== f && g.startsWith(`${f}.`)));
    expect(top.length).toBeGreaterThan(3);
    expect(top.filter((f) => !(fields as readonly string[]).includes(f))).toEqual([]);
  });
});

describe('alert document shapes', () => {
  it('reads the summary from flat, nested or mixed documents', () => {
    const flat = { 'cloud_identity.signin.first': 'a', 'cloud_identity.network_alert.ids': ['x'], 'cloud_identity.user': 'u', other: 1 };
    const nested = { cloud_identity: { signin: { first: 'a' }, network_alert: { ids: ['x'] }, user: 'u' } };
    const mixed = { cloud_identity: { 'signin.first': 'a', user: 'u' }, 'cloud_identity.network_alert': { ids: ['x'] } };
    const want = { signin: { first: 'a' }, network_alert: { ids: ['x'] }, user: 'u' };
    expect(nestedUnder(flat, 'cloud_identity')).toEqual(want);
    expect(nestedUnder(nested, 'cloud_identity')).toEqual(want);
    expect(nestedUnder(mixed, 'cloud_identity')).toEqual(want);
    expect(nestedUnder({ x: 1 }, 'cloud_identity')).toBeNull();
  });
  it('builds the header from a flat alert document', () => {
    const a = toAlertDetail({
      '@timestamp': 't',
      'kibana.alert.uuid': 'id',
      'cloud_identity.user': 'alice',
      'cloud_identity.source_ip': '203.0.113.7',
      'cloud_identity.severity': 'high',
      'cloud_identity.risk_score': 77,
      'source.geo.country_name': 'Switzerland',
      'source.as.number': 51852,
    });
    expect(a).toMatchObject({ id: 'id', user: 'alice', ip: '203.0.113.7', severity: 'high', riskScore: 77, geo: { country: 'Switzerland', asNumber: 51852 } });
  });
});

describe('network alert severity', () => {
  it.each([
    [{ 'kibana.alert.severity': 'critical' }, 'critical'],
    [{ 'event.module': 'suricata', 'event.severity': 1 }, 'high'],
    [{ 'event.dataset': 'suricata.eve', 'event.severity': 2 }, 'medium'],
    [{ 'event.module': 'suricata', 'event.severity': 3 }, 'low'],
    [{ 'event.severity': 99 }, 'critical'],
    [{ 'event.severity': 73 }, 'high'],
    [{ 'event.severity': 47 }, 'medium'],
    [{ 'event.severity': 21 }, 'low'],
    [{}, null],
  ])('%j → %s', (doc, want) => {
    expect(toNetworkAlertRow({ '@timestamp': 't', ...doc }, new Set()).severity).toBe(want);
  });
});

describe('threat intel rows', () => {
  it('drops raw copies superseded by latest-transform copies', () => {
    const rows = toThreatIntelRows([
      { '@timestamp': 't1', 'threat.feed.name': 'F', 'labels.is_ioc_transform_source': 'true' },
      { '@timestamp': 't2', 'threat.feed.name': 'F' },
    ]);
    expect(rows.map((r) => r.timestamp)).toEqual(['t2']);
  });
});

describe('sign-in rows', () => {
  it('names the app readably: Entra app, then resource, then the M365 workload before a raw ApplicationId GUID', () => {
    const guid = '4765445b-32c6-49b0-83e6-1d93765276ca';
    expect(toSignInRow({ '@timestamp': 't', 'event.provider': 'AzureActiveDirectory', 'o365.audit.ApplicationId': guid }).app).toBe('AzureActiveDirectory');
    expect(toSignInRow({ '@timestamp': 't', 'o365.audit.ApplicationId': guid }).app).toBe(guid);
    expect(toSignInRow({ '@timestamp': 't', 'azure.signinlogs.properties.app_display_name': 'OfficeHome', 'event.provider': 'x' }).app).toBe('OfficeHome');
  });
});
