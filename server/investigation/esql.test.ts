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
