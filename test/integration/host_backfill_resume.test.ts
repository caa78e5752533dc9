// SIGKILL in the middle of the first-start backfill: the restart resumes after the last recorded run, so the
// rule runs exactly once per step over the whole sample, and the planted stories are all there.
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { getRule, listAllAlerts, startHostProcess, type HostProcess } from './host_process';

jest.setTimeout(600_000);

const dir = mkdtempSync(join(tmpdir(), 'host-resume-'));
let host: HostProcess | undefined;
afterAll(async () => {
  await host?.stop('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

it('resumes an interrupted backfill without repeating or skipping steps', async () => {
  let killedAt = '';
  await expect(
    startHostProcess(dir, undefined, {}, undefined, async (_url, proc, output) => {
      while (!/backfill: [3-9]0%/.test(output())) await new Promise((r) => setTimeout(r, 20));
      killedAt = /backfill: ([3-9]0%) \((\d+)\/(\d+)/.exec(output())![0];
      proc.kill('SIGKILL');
    })
  ).rejects.toThrow(/exited/);
  expect(killedAt).not.toBe('');

  host = await startHostProcess(dir);
  const out = host.output();
  expect(out).not.toMatch(/generating sample data/);
  const steps = Number(/in (\d+) steps of 5 min/.exec(out)![1]);
  const rule = await getRule(host.url);
  // 2 days in 5-minute steps: every step ran exactly once across the two processes
  expect(rule.runs).toBe(2 * 24 * 12);
  expect(steps).toBeLessThan(2 * 24 * 12);
  const manifest = JSON.parse(readFileSync(join(dir, 'sample', 'manifest.json'), 'utf8')) as { expected_alerts: Array<{ user: string; source_ip: string }> };
  const alerts = await listAllAlerts(host.url);
  expect(new Set(alerts.map((a) => `${a.user}|${a.ip}`))).toEqual(new Set(manifest.expected_alerts.map((e) => `${e.user}|${e.source_ip}`)));
});
