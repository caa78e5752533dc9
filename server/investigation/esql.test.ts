import { Params, fromClause, inlineParams } from './esql';
import { buildSigninsQuery } from './queries';

describe('fromClause', () => {
  it('joins validated patterns', () => {
    expect(fromClause(['logs-a-*', '.alerts-x-*'], ['_id'])).toBe('FROM logs-a-*, .alerts-x-* METADATA _id');
  });
  it.each(['logs-* | DROP x', 'a,b', 'Logs', 'x"', ''])('rejects %j', (p) => {
    expect(() => fromClause([p])).toThrow(/invalid index pattern/);
  });
});

describe('Params / inlineParams', () => {
  it('rejects duplicate names', () => {
    const p = new Params();
    p.add('a', 1);
    expect(() => p.add('a', 2)).toThrow(/duplicate/);
  });
  it('inlines values as escaped ES|QL literals for copying', () => {
    const q = buildSigninsQuery({ indices: ['logs-x-*'], user: 'a"b\\c', ip: '203.0.113.7', from: '2026-01-01T00:00:00.000Z', to: '2026-01-01T01:00:00.000Z', size: 10 });
    const text = inlineParams(q);
    expect(text).toContain('investigated_user == "a\\"b\\\\c"');
    expect(text).toContain('TO_IP("203.0.113.7")');
    expect(text).not.toMatch(/\?[a-z]/);
    expect(text).toContain('LIMIT 11');
  });
});

describe('section queries', () => {
  const base = { indices: ['logs-x-*'], user: 'alice', ip: '203.0.113.7', from: '2026-01-01T00:00:00.000Z', to: '2026-01-01T01:00:00.000Z', size: 5 };
  it('defines user fields that no index maps as typed nulls (from the probe)', async () => {
    const { buildSigninsQuery: b, missingSigninFields } = await import('./queries');
    const missing = missingSigninFields(['@timestamp', 'source.ip', 'event.dataset', 'user.name', 'event.action']);
    expect([...missing].sort()).toEqual(['user.domain', 'user.email', 'user.id']);
    const q = b({ ...base, missing });
    expect(q.query).toContain('| EVAL user.email = TO_STRING(null), user.domain = TO_STRING(null), user.id = TO_STRING(null)');
    expect(b(base).query).not.toContain('TO_STRING(null)');
  });
  it('puts every value in params and the time range in the DSL filter', async () => {
    const { buildActivityQuery, buildNetworkAlertsQuery, buildThreatIntelQuery } = await import('./queries');
    for (const q of [buildActivityQuery(base), buildNetworkAlertsQuery(base), buildThreatIntelQuery(base)]) {
      expect(q.query).not.toMatch(/alice|203\.0\.113\.7|2026-/);
      expect(q.params).toEqual(expect.arrayContaining([{ ip: '203.0.113.7' }, { from: base.from }, { to: base.to }]));
      expect(q.filter).toEqual({ bool: { filter: [{ range: { '@timestamp': { gte: base.from, lte: base.to, format: 'strict_date_optional_time' } } }] } });
      expect(q.query).toMatch(/SORT @timestamp DESC\n\| LIMIT 6$/);
    }
  });
  it('KEEPs only the shown fields the probe found, plus its own columns; no probe, no KEEP', async () => {
    const { buildSigninsQuery: b, buildNetworkAlertsQuery, buildThreatIntelQuery, missingSigninFields } = await import('./queries');
    const columns = ['@timestamp', 'source.ip', 'event.dataset', 'event.action', 'user.name', 'extra.f1', 'message', 'threat.indicator.ip'];
    const missing = missingSigninFields(columns);
    expect(b({ ...base, columns, missing }).query).toMatch(
      /\| LIMIT 6\n\| KEEP @timestamp, user\.email, user\.name, user\.domain, user\.id, investigated_user, event\.dataset$/
    );
    expect(buildNetworkAlertsQuery({ ...base, columns }).query).toMatch(/\| KEEP _id, @timestamp, event\.dataset, message$/);
    expect(buildThreatIntelQuery({ ...base, columns }).query).toMatch(/\| KEEP @timestamp, threat\.indicator\.ip, event\.dataset, message$/);
    expect(buildThreatIntelQuery(base).query).not.toContain('KEEP');
  });
});
