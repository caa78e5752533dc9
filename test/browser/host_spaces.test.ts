// Spaces and analysts in Chromium: an analyst whose role holds only the feature's read privilege in space soc-b
// (and no index privilege on .alerts-*) sees exactly soc-b's alerts, read through the rule registry's alerts client
// with its space filter; default's alerts never show, and the default space answers 403 for that analyst.
// Screenshots: test-artifacts/screenshots/space_b_analyst.png, space_b_analyst_in_default.png.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { HOSTILE, REPO, api, plantHostileStory, startHostProcess, type HostProcess } from '../integration/host_process';
import { CHROMIUM_ARGS, chromiumPath } from './chromium';

jest.setTimeout(600_000);

const SHOTS = join(REPO, 'test-artifacts', 'screenshots');
const dir = mkdtempSync(join(tmpdir(), 'host-spaces-'));
const profile = mkdtempSync(join(tmpdir(), 'chromium-spaces-'));
let host: HostProcess;
let context: BrowserContext;
let page: Page;
let manifestIps: string[];
const pageErrors: string[] = [];
const sel = (subj: string) => `[data-test-subj="${subj}"]`;

async function runInSpace(space: string, user = 'elastic') {
  const rules = await api(host.url, `/s/${space}/api/alerting/rules/_find`, { user });
  const rule = rules.body.data[0];
  const before = rule.last_run?.execution_id;
  const r = await api(host.url, `/s/${space}/api/alerting/rule/${rule.id}/_run_soon`, { method: 'POST', user });
  if (r.status !== 204) throw new Error(`_run_soon: ${r.status} ${JSON.stringify(r.body)}`);
  for (const t0 = Date.now(); Date.now() - t0 < 120_000; await new Promise((res) => setTimeout(res, 200))) {
    const now = (await api(host.url, `/s/${space}/api/alerting/rule/${rule.id}`, { user })).body;
    if (!now.running && now.last_run && now.last_run.execution_id !== before) return now;
  }
  throw new Error('rule run did not finish');
}

beforeAll(async () => {
  const exe = chromiumPath();
  if (!existsSync(exe)) throw new Error(`Chromium not found at ${exe}`);
  mkdirSync(SHOTS, { recursive: true });
  host = await startHostProcess(dir);
  const manifest = JSON.parse(readFileSync(join(dir, 'sample', 'manifest.json'), 'utf8')) as { expected_alerts: Array<{ story: string; user: string; source_ip: string }> };
  manifestIps = manifest.expected_alerts.map((e) => e.source_ip);
  const stuffing = manifest.expected_alerts.find((e) => e.story === 'credential-stuffing-then-mailbox-takeover')!;
  // a fresh story 15 minutes ago: only soc-b's rule runs now, so only soc-b gets its alert
  await plantHostileStory(host.engineUrl!, join(dir, 'sample'), stuffing.source_ip, stuffing.user);
  const ran = await runInSpace('soc-b');
  expect(ran.space_id).toBe('soc-b');
  context = await chromium.launchPersistentContext(profile, { executablePath: exe, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1440, height: 1000 } });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

afterAll(async () => {
  await context?.close();
  await host?.stop('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
});

describe('spaces and analysts', () => {
  it('keeps each space\'s rule and alerts apart in the API', async () => {
    const b = await api(host.url, '/s/soc-b/internal/cloudIdentityCompromise/alerts?perPage=100', { user: 'analyst_b' });
    expect(b.status).toBe(200);
    const bIps = b.body.alerts.map((a: { ip: string }) => a.ip);
    expect(bIps).toContain(HOSTILE.ip);
    const d = await api(host.url, '/internal/cloudIdentityCompromise/alerts?perPage=100', { user: 'analyst' });
    expect(d.status).toBe(200);
    const dIps = d.body.alerts.map((a: { ip: string }) => a.ip);
    expect(dIps).not.toContain(HOSTILE.ip);
    expect(dIps.some((ip: string) => manifestIps.includes(ip))).toBe(true);
    // no alert id is in both spaces
    const dIds = new Set(d.body.alerts.map((a: { id: string }) => a.id));
    expect(b.body.alerts.filter((a: { id: string }) => dIds.has(a.id))).toEqual([]);
    // the analyst holds no privilege in default
    expect((await api(host.url, '/internal/cloudIdentityCompromise/alerts', { user: 'analyst_b' })).status).toBe(403);
  });

  it("shows the space-B analyst only space B's alerts", async () => {
    await page.goto(`${host.url}/s/soc-b/app/cloudIdentityCompromise?hostUser=analyst_b`);
    await page.waitForSelector(`${sel('cicAlertsTable')} ${sel('cicAlertOpen')}`, { timeout: 60_000 });
    const table = await page.locator(sel('cicAlertsTable')).innerText();
    expect(table).toContain(HOSTILE.ip);
    const backfilledOnly = manifestIps.filter((ip) => ip !== HOSTILE.ip);
    for (const ip of backfilledOnly) expect(table).not.toContain(ip);
    await page.screenshot({ path: join(SHOTS, 'space_b_analyst.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('answers 403 to the space-B analyst in the default space, and the page says so', async () => {
    await page.goto(`${host.url}/app/cloudIdentityCompromise?hostUser=analyst_b`);
    await page.waitForSelector(`${sel('cicAlertsError')}, #hostError, [data-test-subj="hostError"]`, { timeout: 60_000 }).catch(() => undefined);
    await page.screenshot({ path: join(SHOTS, 'space_b_analyst_in_default.png'), fullPage: true });
    const text = await page.locator('body').innerText();
    expect(text).toMatch(/403|unauthorized|no rule visible/i);
    expect(text).not.toContain(HOSTILE.ip);
  });
});
