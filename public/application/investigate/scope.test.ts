import { checkScope, draftFromSearch, investigatePath, resolveTime } from './scope';

const NOW = new Date('2026-03-10T12:34:56.000Z');
const draft = (over: Partial<ReturnType<typeof draftFromSearch>>) => ({ user: '', ip: '', from: 'now-24h', to: 'now', ...over });

describe('resolveTime', () => {
  it('reads ISO-8601, calendar dates and date math anchored at now', () => {
    expect(resolveTime('2026-03-01T10:00:00+01:00', false, NOW)).toBe('2026-03-01T09:00:00.000Z');
    expect(resolveTime('2026-03-01', false, NOW)).toBe('2026-03-01T00:00:00.000Z');
    expect(resolveTime('now-24h', false, NOW)).toBe('2026-03-09T12:34:56.000Z');
    expect(resolveTime('now', true, NOW)).toBe(NOW.toISOString());
    // rounding: the start of the day for `from`, its end for `to` (Kibana's roundUp)
    expect(Date.parse(resolveTime('now/d', true, NOW)!)).toBeGreaterThan(Date.parse(resolveTime('now/d', false, NOW)!));
  });

  it('refuses what datemath would hand to new Date() to guess', () => {
    for (const v of ['yesterday', 'March 1', '2026-13-45', 'now-xyz', '', '1700000000']) expect(resolveTime(v, false, NOW)).toBeNull();
  });
});

describe('checkScope', () => {
  it('accepts a user, an IP or both, normalized, with the range resolved', () => {
    expect(checkScope(draft({ user: ' Alice@Example.COM ' }), NOW)).toEqual({ ok: true, scope: { user: 'alice@example.com', from: '2026-03-09T12:34:56.000Z', to: NOW.toISOString() } });
    expect(checkScope(draft({ ip: '::FFFF:203.0.113.7' }), NOW)).toMatchObject({ ok: true, scope: { ip: '203.0.113.7' } });
    expect(checkScope(draft({ user: 'a', ip: '2001:DB8::7' }), NOW)).toMatchObject({ ok: true, scope: { user: 'a', ip: '2001:db8::7' } });
  });

  it('names what is wrong', () => {
    const bad = (d: ReturnType<typeof draft>) => {
      const r = checkScope(d, NOW);
      if (r.ok) throw new Error('expected errors');
      return r.errors;
    };
    expect(bad(draft({}))).toEqual({ scope: 'Enter a user, an IP address, or both.' });
    expect(bad(draft({ ip: '203.0.113.300' })).ip).toMatch(/“203\.0\.113\.300” is not an IPv4 or IPv6 address/);
    expect(bad(draft({ user: 'x'.repeat(300) })).user).toMatch(/1 to 256 characters/);
    expect(bad(draft({ ip: '203.0.113.7', from: 'yesterday' })).from).toMatch(/The start “yesterday” is not a time/);
    expect(bad(draft({ ip: '203.0.113.7', from: 'now', to: 'now-1d' })).range).toMatch(/is after the end/);
    expect(bad(draft({ ip: '203.0.113.7', from: 'now-90d' })).range).toBe('The range covers 90 days; the longest is 31 days.');
  });
});

describe('deep links', () => {
  it('reads user, ip, from and to, defaulting to the last 24 hours', () => {
    expect(draftFromSearch('?user=alice%40example.com&ip=203.0.113.7&from=2026-03-01T00%3A00%3A00Z&to=now')).toEqual({
      user: 'alice@example.com',
      ip: '203.0.113.7',
      from: '2026-03-01T00:00:00Z',
      to: 'now',
    });
    expect(draftFromSearch('?ip=203.0.113.7')).toEqual({ user: '', ip: '203.0.113.7', from: 'now-24h', to: 'now' });
  });

  it('builds encoded links that read back the same', () => {
    const s = { user: 'a&b=c@example.com', ip: '2001:db8::7', from: 'now-7d', to: 'now' };
    const path = investigatePath(s);
    expect(path).toBe('/investigate?user=a%26b%3Dc%40example.com&ip=2001%3Adb8%3A%3A7&from=now-7d&to=now');
    expect(draftFromSearch(path.slice(path.indexOf('?')))).toEqual(s);
    expect(investigatePath({ ip: '203.0.113.7', user: ' ', from: 'now-1h', to: 'now' })).toBe('/investigate?ip=203.0.113.7&from=now-1h&to=now');
  });
});

describe('the rule type default action message', () => {
  it("links to the user's and the IP's investigations, URLs unescaped, and the page accepts what the server builds", async () => {
    const { getRuleTypeModel } = await import('../../rule_type');
    const { investigatePath } = await import('../../../server/rule_type/executor');
    const template = getRuleTypeModel().defaultActionMessage!;
    // triple braces: Kibana's markdown escaping must not backslash `.` and `-` in URLs
    expect(template).toContain('{{{kibanaBaseUrl}}}{{{context.investigateUserUrl}}}');
    expect(template).toContain('{{{kibanaBaseUrl}}}{{{context.investigateIpUrl}}}');
    for (const by of [{ user: 'a&b=c@example.com' }, { ip: '2001:db8::7' }]) {
      const url = new URL(`https://kibana.example${investigatePath('soc-b', by, '2026-03-10T12:00:00.000Z')}`);
      expect(url.pathname).toBe('/s/soc-b/app/cloudIdentityCompromise/investigate');
      expect(checkScope(draftFromSearch(url.search), NOW)).toEqual({ ok: true, scope: { ...by, from: '2026-03-03T12:00:00.000Z', to: '2026-03-11T12:00:00.000Z' } });
    }
  });
});
