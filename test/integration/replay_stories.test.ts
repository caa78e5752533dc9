// Replays a small generated sample through the real rule executor and the embedded engine (or ES_URL) and
// checks the result against the manifest: every planted story raises exactly its alert, nothing else fires.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSampleData, type SampleData } from '../../standalone/sample_data/generate';
import { writeSampleData } from '../../standalone/sample_data/write';
import { CORPORATE } from '../../standalone/sample_data/network';
import { main } from '../../standalone/replay/cli';

jest.setTimeout(15 * 60_000);

const END = '2026-11-20T00:00:00.000Z';
let dir: string;
let data: SampleData;
let printed: Array<Record<string, unknown>>;
let stderr: string;
let code: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'replay-stories-'));
  data = generateSampleData({ seed: 11, users: 40, days: 2, end: END });
  await writeSampleData(dir, data);
  let out = '';
  stderr = '';
  code = await main(['--data', dir], { stdout: (s) => (out += s), stderr: (s) => (stderr += s) });
  printed = out
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const key = (user: unknown, ip: unknown) => `${user}|${ip}`;

describe('replay over the generated sample (default params)', () => {
  it('exits 0 and reports throughput', () => {
    expect([code, stderr]).toEqual([0, expect.stringMatching(/throughput \d+ events\/s/)]);
  });

  it('raises exactly the manifest alerts, each once', () => {
    const got = printed.map((a) => key(a['cloud_identity.user'], a['cloud_identity.source_ip'])).sort();
    const want = data.manifest.expected_alerts.map((a) => key(a.user, a.source_ip)).sort();
    expect(got).toEqual(want);
    expect(new Set(printed.map((a) => a['kibana.alert.instance.id'])).size).toBe(printed.length);
  });

  it.each([
    'credential-stuffing-then-mailbox-takeover', 'ti-active-indicator', 'ti-ipv6-indicator', 'network-and-ti', 'ti-office-activity-only', 'filebeat-module-signin',
    // noise stories: the benign true positive, the expiring indicator and our rule's known false positives
    'tor-exit-legit-user', 'ti-indicator-expires-mid-window', 'cgnat-carrier-shared-ip', 'swg-egress-in-threat-feed', 'recycled-residential-ip',
  ])(
    'story %s: user, IP, detection and severity as the manifest says',
    (id) => {
      const exp = data.manifest.expected_alerts.find((a) => a.story === id)!;
      expect(exp).toBeDefined();
      const a = printed.find((p) => key(p['cloud_identity.user'], p['cloud_identity.source_ip']) === key(exp.user, exp.source_ip));
      expect(a && { detection: a['cloud_identity.detection'], severity: a['kibana.alert.severity'] }).toEqual({ detection: exp.detection, severity: exp.severity });
    }
  );

  it('stays silent on every non-alerting story and on the shared proxy', () => {
    const ips = new Set(printed.map((a) => a['source.ip']));
    for (const s of data.manifest.stories.filter((x) => !x.expect.alert)) expect([s.id, ips.has(s.expect.ip)]).toEqual([s.id, false]);
    expect(ips.has(CORPORATE.proxy.ip)).toBe(false);
  });
});
