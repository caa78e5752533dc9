// `npm run evaluate` end to end on a small generated sample: our rule (the real executor) and the prebuilt
// rule's logic (our ES|QL through @elastic/elasticsearch) over the embedded engine, scored against the
// manifest's labels. Every expectation comes from the manifest: our rule's `expect`, the label, the
// baseline's `baseline` expectation.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateSampleData, type SampleData } from '../../standalone/sample_data/generate';
import { writeSampleData } from '../../standalone/sample_data/write';
import { main } from '../../standalone/evaluate/cli';
import { DEFAULT_BASELINE_QUERY } from '../../standalone/evaluate/baseline';

jest.setTimeout(15 * 60_000);

const END = '2026-11-20T00:00:00.000Z';
const FIXTURE = resolve(__dirname, '../fixtures/replay/minimal');
let dir: string;
let data: SampleData;
let table: string;
let stderr: string;
let code: number;

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const c = await main(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s), env: {} });
  return { code: c, out, err };
}

/** Story rows of the printed table: id, label, our verdict, the baseline's verdict. */
function storyRows(text: string) {
  const rows = new Map<string, { label: string; ours: string; baseline: string }>();
  for (const line of text.split('\n')) {
    const m = /^(\S+) \((alert|no alert)\)\s+(caught(?: \(\d+\))?|MISSED|FALSE POSITIVE(?: \(\d+\))?|-)\s+(caught|MISSED|FALSE POSITIVE|-)$/.exec(line);
    if (m) rows.set(m[1], { label: m[2], ours: m[3], baseline: m[4] });
  }
  return rows;
}
const summary = (text: string, name: string) => {
  const line = text.split('\n').find((l) => l.startsWith(name));
  return line ? line.slice(52).trim().split(/\s{2,}/) : null;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'evaluate-'));
  data = generateSampleData({ seed: 11, users: 40, days: 2, end: END });
  await writeSampleData(dir, data);
  const r = await run(['--data', dir]);
  ({ code, out: table, err: stderr } = r);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run evaluate on a generated sample (default params, manifest labels)', () => {
  it('exits 0 and prints a row per labelled story', () => {
    expect([code, stderr]).toEqual([0, expect.stringMatching(/baseline: \d+ runs[\s\S]*our rule: \d+ runs/)]);
    expect([...storyRows(table).keys()].sort()).toEqual(data.manifest.stories.map((s) => s.id).sort());
  });

  it('our rule: exactly the manifest expectations, every wanted alert caught, known false positives shown as such', () => {
    const rows = storyRows(table);
    for (const s of data.manifest.stories) {
      const ours = rows.get(s.id)!.ours;
      const want = s.expect.alert ? (s.label.alert ? 'caught' : 'FALSE POSITIVE') : s.label.alert ? 'MISSED' : '-';
      expect([s.id, ours]).toEqual([s.id, want]);
    }
    const wanted = data.manifest.stories.filter((s) => s.label.alert);
    expect(wanted.every((s) => s.expect.alert)).toBe(true);
    expect(summary(table, 'alerts raised')![0]).toBe(String(data.manifest.expected_alerts.length));
    const fps = data.manifest.expected_alerts.filter((a) => a.false_positive);
    expect(summary(table, 'labelled no-alert stories alerted')![0]).toBe(`${new Set(fps.map((a) => a.story)).size} (${fps.length} alerts)`);
  });

  it('the prebuilt logic: per source IP, as the labels say, once per IP however many runs', () => {
    const rows = storyRows(table);
    for (const s of data.manifest.stories) {
      const want = s.baseline.alert ? (s.label.alert ? 'caught' : 'FALSE POSITIVE') : s.label.alert ? 'MISSED' : '-';
      expect([s.id, rows.get(s.id)!.baseline]).toEqual([s.id, want]);
    }
    const ips = data.manifest.stories.filter((s) => s.baseline.alert).length;
    const [alerts] = summary(table, 'alerts raised')!.slice(1);
    const m = /^(\d+) IPs \((\d+) alert docs\)$/.exec(alerts);
    expect(m && Number(m[1])).toBe(ips);
    // an aggregating ES|QL rule writes a new alert document on every run that returns the IP
    expect(Number(m![2])).toBeGreaterThan(ips);
    expect(summary(table, 'granularity')).toEqual(['user + source IP', 'source IP']);
  });

  it('no alert of either rule falls outside the labels; the noise stories breed false positives for both', () => {
    expect(summary(table, 'alerts outside the labels')).toEqual(['0', '0']);
    const noise = data.manifest.stories.filter((s) => s.kind === 'noise' && !s.label.alert);
    expect(noise.filter((s) => s.expect.alert).length).toBeGreaterThan(0);
    expect(noise.filter((s) => s.baseline.alert).length).toBeGreaterThan(0);
    const caught = (pick: (s: (typeof data.manifest.stories)[number]) => boolean) => data.manifest.stories.filter((s) => s.label.alert && pick(s)).length;
    const wanted = data.manifest.stories.filter((s) => s.label.alert).length;
    expect(summary(table, 'labelled stories wanting an alert caught')).toEqual([`${caught((s) => s.expect.alert)}/${wanted}`, `${caught((s) => s.baseline.alert)}/${wanted}`]);
  });
});

describe('npm run evaluate on test/fixtures/replay/minimal (hand-written labels)', () => {
  // alice: External Alert on 45.137.21.9, then a success 20 minutes later; carol: a success 3 h before the alert on her IP
  const LABELS = {
    stories: [
      { id: 'alice', label: { alert: true, why: 'success after the alert' }, expect: { ip: '45.137.21.9' } },
      { id: 'carol', label: { alert: false, why: 'the alert comes 3 h after the sign-in' }, expect: { ip: '89.248.165.52' } },
    ],
  };
  let d: string;
  let labels: string;
  beforeAll(() => {
    d = mkdtempSync(join(tmpdir(), 'evaluate-min-'));
    labels = join(d, 'labels.json');
    writeFileSync(labels, JSON.stringify(LABELS));
  });
  afterAll(() => rmSync(d, { recursive: true, force: true }));

  it('a user-supplied baseline query (column Esql.source_ip): alice caught by both, carol by neither on 60-minute windows', async () => {
    const file = join(d, 'rule.esql');
    writeFileSync(file, DEFAULT_BASELINE_QUERY.replace('BY source_ip = ip', 'BY Esql.source_ip = ip'));
    const r = await run(['--data', FIXTURE, '--labels', labels, '--baseline-query', file]);
    expect([r.code, r.err]).toEqual([0, expect.not.stringContaining('NOW()')]);
    expect(r.out).toContain(`query from ${file}`);
    const rows = storyRows(r.out);
    expect(rows.get('alice')).toEqual({ label: 'alert', ours: 'caught', baseline: 'caught' });
    expect(rows.get('carol')).toEqual({ label: 'no alert', ours: '-', baseline: '-' });
  });

  it("--baseline-schedule rule: the prebuilt rule's 8-hour look-back puts carol's sign-in and the later alert in one window", async () => {
    const r = await run(['--data', FIXTURE, '--labels', labels, '--baseline-schedule', 'rule', '--format', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { header: string[]; stories: Array<{ id: string; ours: number; baseline: number }>; baseline: { falsePositiveStories: number } };
    expect(json.header.join('\n')).toContain('8-hour look-back');
    expect(json.stories.map((s) => [s.id, s.ours, s.baseline])).toEqual([['alice', 1, 1], ['carol', 0, 1]]);
    expect(json.baseline.falsePositiveStories).toBe(1);
  });

  it('bad labels, a broken baseline query and bad flags exit 2 with a message naming the problem', async () => {
    const bad = join(d, 'bad.json');
    writeFileSync(bad, JSON.stringify({ stories: [{ id: 'x', label: { alert: 'yes', why: '' }, expect: { ip: '1.2.3.4' } }] }));
    {
      const l = await run(['--data', FIXTURE, '--labels', bad]);
      expect([l.code, l.err]).toEqual([2, expect.stringContaining('stories[0] (x): "label" must be')]);
      const q = join(d, 'bad.esql');
      writeFileSync(q, 'FROM logs-azure.signinlogs-* | STATS BY');
      const b = await run(['--data', FIXTURE, '--baseline-query', q]);
      expect([b.code, b.err]).toEqual([2, expect.stringContaining('baseline query failed')]);
      const f = await run(['--data', FIXTURE, '--baseline-schedule', 'daily']);
      expect([f.code, f.err]).toEqual([2, expect.stringContaining('--baseline-schedule must be replay or rule')]);
    }
  });
});
