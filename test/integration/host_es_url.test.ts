// ES_URL mode: the host uses an external cluster (here the engine started on its own, standing in for a real
// cluster): it seeds an empty cluster once, and a second host on a fresh data directory does not seed again.
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { startEngine } from '../../standalone/esql';
import { getRule, listAllAlerts, startHostProcess, type HostProcess } from './host_process';

jest.setTimeout(600_000);

const dirs: string[] = [];
const tmp = (p: string) => {
  const d = mkdtempSync(join(tmpdir(), p));
  dirs.push(d);
  return d;
};
let engine: Awaited<ReturnType<typeof startEngine>>;
const hosts: HostProcess[] = [];

beforeAll(async () => {
  engine = await startEngine({ dataDir: tmp('host-esurl-engine-'), port: 0 });
});
afterAll(async () => {
  for (const h of hosts) await h.stop('SIGKILL');
  await engine?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

it('seeds an empty cluster given by ES_URL, runs the rule against it, and never re-seeds a cluster with data', async () => {
  const first = await startHostProcess(tmp('host-esurl-a-'), undefined, { ES_URL: engine.url });
  hosts.push(first);
  expect(first.output()).toContain(`using Elasticsearch at ${engine.url}`);
  expect(first.engineUrl).toBeNull();
  expect(first.output()).toMatch(/loading sample data: 100%/);
  const alerts = await listAllAlerts(first.url);
  expect(alerts.length).toBeGreaterThan(0);
  // the alerts live in the external cluster
  const count = await fetch(`${engine.url}/.alerts-cloud-identity-compromise.alerts-default/_count`).then((r) => r.json() as Promise<{ count: number }>);
  expect(count.count).toBe(alerts.length);
  await first.stop('SIGTERM');

  const second = await startHostProcess(tmp('host-esurl-b-'), undefined, { ES_URL: engine.url });
  hosts.push(second);
  expect(second.output()).toMatch(/cluster already has \d+ sign-in documents: not loading the sample data/);
  expect(second.output()).not.toMatch(/backfill:/);
  expect((await getRule(second.url)).last_run).toBeNull();
  // the alerts written by the first host are visible to the plugin route of the second
  expect((await listAllAlerts(second.url)).length).toBe(alerts.length);
});
