import { evaluate, formatEvaluation, type Labels } from './score';
import { ipColumnIndex, timeRangeFilter } from './baseline';

const labels: Labels = {
  stories: [
    { id: 'attack-v6', kind: 'attack', label: { alert: true, why: 'x' }, expect: { ip: '2a03:b0c0:0003:00d0:0000:0000:01b2:4001' }, baseline: { alert: false, why: 'no TI' } },
    { id: 'shared', kind: 'noise', label: { alert: false, why: 'y' }, expect: { ip: '172.56.21.140' }, baseline: { alert: false, why: 'expected quiet' } },
    { id: 'quiet', kind: 'control', label: { alert: false, why: 'z' }, expect: { ip: '193.32.162.77' } },
  ],
};

describe('evaluate', () => {
  const e = evaluate({
    ours: [
      { user: 'a@x', ip: '2a03:b0c0:3:d0::1b2:4001' },
      { user: 'b@x', ip: '172.56.21.140' },
      { user: 'c@x', ip: '172.56.21.140' },
      { user: 'd@x', ip: '8.8.8.8' },
    ],
    baseline: [{ ip: '172.56.21.140', documents: 12, first: '2026-11-19T00:00:00Z', last: '2026-11-19T01:00:00Z' }],
    baselineDocuments: 12,
    labels,
  });

  it('matches stories by canonical IP and counts our alerts per user, the baseline once per IP', () => {
    expect(e.stories.map((s) => [s.id, s.ours, s.baseline])).toEqual([
      ['attack-v6', 1, 0],
      ['shared', 2, 1],
      ['quiet', 0, 0],
    ]);
    expect(e.ours).toEqual({ alerts: 4, caught: 1, missed: 0, falsePositiveStories: 1, falsePositiveAlerts: 2, outsideLabels: 1 });
    expect(e.baseline).toEqual({ alerts: 1, caught: 0, missed: 1, falsePositiveStories: 1, falsePositiveAlerts: 1, outsideLabels: 0, documents: 12 });
    expect(e.outside.ours).toEqual([{ user: 'd@x', ip: '8.8.8.8' }]);
  });

  it('prints verdicts, the unlabelled alerts and where the baseline differs from the labels', () => {
    const t = formatEvaluation(e, ['head']);
    expect(t).toMatch(/^shared \(no alert\)\s+FALSE POSITIVE \(2\)\s+FALSE POSITIVE$/m);
    expect(t).toMatch(/^attack-v6 \(alert\)\s+caught\s+MISSED$/m);
    expect(t).toMatch(/^alerts raised\s+4\s+1 IPs \(12 alert docs\)$/m);
    expect(t).toContain('our rule: d@x 8.8.8.8');
    expect(t).toContain('differ from the labels\' "baseline" expectation: shared');
  });

  it('without labels: only the counts', () => {
    const t = formatEvaluation(evaluate({ ours: [], baseline: [], baselineDocuments: 0, labels: null }), []);
    expect(t).not.toContain('story (label)');
    expect(t).toMatch(/^alerts raised\s+0\s+0 IPs \(0 alert docs\)$/m);
  });
});

describe('baseline request pieces', () => {
  it("filters on the timestamp override, falling back to @timestamp when a document lacks it (Kibana's buildTimeRangeFilter)", () => {
    const f = timeRangeFilter('2026-11-19T00:00:00Z', '2026-11-19T08:00:00Z') as { bool: { should: unknown[] } };
    expect(f.bool.should).toEqual([
      { range: { 'event.ingested': { gte: '2026-11-19T00:00:00Z', lte: '2026-11-19T08:00:00Z', format: 'strict_date_optional_time' } } },
      { bool: { filter: [{ range: { '@timestamp': { gte: '2026-11-19T00:00:00Z', lte: '2026-11-19T08:00:00Z', format: 'strict_date_optional_time' } } }], must_not: { exists: { field: 'event.ingested' } } } },
    ]);
  });

  it('finds the IP column by name, else by type', () => {
    expect(ipColumnIndex([{ name: 'rows', type: 'long' }, { name: 'Esql.source_ip', type: 'ip' }])).toBe(1);
    expect(ipColumnIndex([{ name: 'n', type: 'long' }, { name: 'addr', type: 'ip' }])).toBe(1);
    expect(ipColumnIndex([{ name: 'n', type: 'long' }])).toBe(-1);
  });
});
