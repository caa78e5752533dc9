import { MAX_RESULT_WINDOW, decodeAlertsListQuery, decodeInvestigationQuery, isValidIp } from './api';

describe('decodeAlertsListQuery paging (never past Elasticsearch max_result_window)', () => {
  it('accepts every page that ends within the first 10 000 alerts, for each page size', () => {
    for (const perPage of [10, 20, 50, 100]) {
      const last = MAX_RESULT_WINDOW / perPage - 1;
      expect(decodeAlertsListQuery({ page: String(last), perPage: String(perPage) })).toEqual({ ok: true, value: { page: last, perPage } });
      expect(decodeAlertsListQuery({ page: String(last + 1), perPage: String(perPage) }).ok).toBe(false);
    }
  });

  it('bounds offset + page size, not the offset alone', () => {
    // page 100 of 100 starts at 10 000: an offset of exactly the window, so its rows would all be past it
    const r = decodeAlertsListQuery({ page: '100', perPage: '100' });
    expect(r).toEqual({
      ok: false,
      message:
        'page 100 of 100 alerts would end at alert 10100, but Elasticsearch returns only the first 10000 (index.max_result_window); the last page of 100 is 99: narrow the filters to see older alerts',
    });
    // the default page size (20) applies when perPage is absent
    expect(decodeAlertsListQuery({ page: '499' }).ok).toBe(true);
    expect(decodeAlertsListQuery({ page: '500' })).toMatchObject({ ok: false, message: expect.stringMatching(/last page of 20 is 499/) });
  });

  it('names the last page when the size does not divide the window', () => {
    expect(decodeAlertsListQuery({ page: '332', perPage: '30' }).ok).toBe(true);
    expect(decodeAlertsListQuery({ page: '333', perPage: '30' })).toMatchObject({ ok: false, message: expect.stringMatching(/last page of 30 is 332/) });
  });
});

describe('IP parameters follow the Elasticsearch address grammar', () => {
  it.each(['8.8.8.8', '2001:db8::1', '::ffff:1.2.3.4'])('accepts %s', (ip) => expect(isValidIp(ip)).toBe(true));
  it.each(['127.1', '010.0.0.1', 'fe80::1%eth0', '::ffff:010.1.1.1', '1.2.3.4/32'])('rejects %s', (ip) => {
    expect(isValidIp(ip)).toBe(false);
    expect(decodeAlertsListQuery({ ip }).ok).toBe(false);
  });
  it('normalizes a mapped address to IPv4 for the investigation', () => {
    const r = decodeInvestigationQuery({ user: 'A@x.com', ip: '::ffff:45.155.205.233', from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' });
    expect(r).toMatchObject({ ok: true, value: { ip: '45.155.205.233', user: 'a@x.com' } });
  });
});
