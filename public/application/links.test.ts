import { discoverUrl, rison, ruleUrl } from './links';

describe('links', () => {
  it('rison-encodes strings with quotes and bangs', () => {
    expect(rison({ a: "it's!", b: 'plain', n: 1, t: true })).toBe("(a:'it!'s!!',b:plain,n:1,t:!t)");
    expect(rison('')).toBe("''");
    expect(rison('1abc')).toBe("'1abc'");
  });
  it('builds a Discover URL whose state survives URL decoding', () => {
    const url = discoverUrl('FROM x | WHERE a == "b&c#d"', '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z');
    const [, hash] = url.split('#');
    expect(hash).not.toMatch(/[ "]/);
    const a = new URLSearchParams(hash.slice(2)).get('_a');
    expect(a).toBe(`(dataSource:(type:esql),query:(esql:'FROM x | WHERE a == "b&c#d"'))`);
    expect(new URLSearchParams(hash.slice(2)).get('_g')).toBe("(time:(from:'2026-01-01T00:00:00.000Z',to:'2026-01-02T00:00:00.000Z'))");
  });
  it('prepends the base path and encodes the rule id', () => {
    expect(ruleUrl('a/b c', { prepend: (p) => `/kbn${p}` })).toBe('/kbn/app/management/insightsAndAlerting/triggersActions/rule/a%2Fb%20c');
  });
});
