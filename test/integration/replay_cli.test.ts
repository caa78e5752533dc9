// The replay CLI end to end on a tiny hand-written folder (no mapping files): the real process, the embedded
// engine and the rule; params files change what fires.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { main } from '../../standalone/replay/cli';

jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '../..');
const FIXTURE = join(ROOT, 'test/fixtures/replay/minimal');

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s), env: {} });
  const table = argv.includes('table');
  return { code, out, err, alerts: table ? [] : out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('replay CLI on test/fixtures/replay/minimal', () => {
  it('the real process prints one NDJSON alert (alice, flagged IP) and throughput, exit 0', async () => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'standalone/replay/cli.ts'), '--data', FIXTURE], {
      cwd: ROOT,
      env: { ...process.env, ES_URL: '' },
    });
    const lines = stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      'kibana.alert.instance.id': expect.stringContaining('alice@contoso.com'),
      'source.ip': '45.137.21.9',
      'cloud_identity.detection': 'network',
      'kibana.alert.status': 'active',
    });
    expect(Date.parse(lines[0]['kibana.alert.start'] as string)).toBeLessThanOrEqual(Date.parse(lines[0]['@timestamp'] as string));
    expect(stderr).toMatch(/throughput \d+ events\/s \(8 events in range\)/);
  });

  it('--format table and an explicit range', async () => {
    const r = await run(['--data', FIXTURE, '--format', 'table', '--from', '2026-11-19T10:00:00Z', '--to', '2026-11-19T11:00:00Z', '--interval', '10m']);
    expect(r.code).toBe(0);
    const rows = r.out.trimEnd().split('\n');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatch(/alice@contoso\.com\s+45\.137\.21\.9\s+\w+\s+\d+\s+network/);
    expect(r.err).toContain('7 runs every 10m');
  });

  it('a range before the attack raises nothing', async () => {
    const r = await run(['--data', FIXTURE, '--from', '2026-11-19T08:00:00Z', '--to', '2026-11-19T10:20:00Z']);
    expect([r.code, r.alerts]).toEqual([0, []]);
  });

  it('params from a file: accepting alerts after the sign-in within 4 h also flags carol', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'replay-params-'));
    try {
      const file = join(dir, 'params.json');
      writeFileSync(file, JSON.stringify({ allowEitherOrder: true, leadTimeMinutes: 240, detectionMode: 'network' }));
      const r = await run(['--data', FIXTURE, '--params', file]);
      expect(r.code).toBe(0);
      expect(r.alerts.map((a) => a['source.ip']).sort()).toEqual(['45.137.21.9', '89.248.165.52']);
      expect(r.err).not.toContain('Threat-intel');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
