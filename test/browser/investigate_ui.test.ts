// The "Investigate" page in real headless Chromium against the standalone host: open an investigation by user
// (deep link with an ISO range), pivot to one of the user's IPs and back to a user of that IP, open one by IP from
// the form, see bad input explained in the page, and the alert panel's counts at detection vs in the window.
// Screenshots: test-artifacts/screenshots/investigate_*.png.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { REPO, listAllAlerts, startHostProcess, type HostProcess } from '../integration/host_process';
import { CHROMIUM_ARGS, chromiumPath } from './chromium';

jest.setTimeout(600_000);

const SHOTS = join(REPO, 'test-artifacts', 'screenshots');
const dir = mkdtempSync(join(tmpdir(), 'host-investigate-'));
const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
let host: HostProcess;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];
const dialogs: string[] = [];
const sel = (subj: string) => `[data-test-subj="${subj}"]`;
let story: { user: string; source_ip: string };
let alert: { id: string; timestamp: string; user: string; ip: string };
let from: string;
let to: string;

beforeAll(async () => {
  const exe = chromiumPath();
  if (!existsSync(exe)) throw new Error(`Chromium not found at ${exe}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`);
  mkdirSync(SHOTS, { recursive: true });
  host = await startHostProcess(dir);
  const manifest = JSON.parse(readFileSync(join(dir, 'sample', 'manifest.json'), 'utf8')) as { expected_alerts: Array<{ story: string; user: string; source_ip: string }> };
  story = manifest.expected_alerts.find((e) => e.story === 'credential-stuffing-then-mailbox-takeover')!;
  const alerts = (await listAllAlerts(host.url)) as Array<{ id: string; timestamp: string; user: string; ip: string }>;
  alert = alerts.find((a) => a.user === story.user && a.ip === story.source_ip)!;
  expect(alert).toBeDefined();
  // a 4-day range around the alert (the sample covers 2 days)
  from = new Date(Date.parse(alert.timestamp) - 3 * 86_400_000).toISOString();
  to = new Date(Date.parse(alert.timestamp) + 86_400_000).toISOString();
  context = await chromium.launchPersistentContext(profile, { executablePath: exe, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1440, height: 1000 } });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
});

afterAll(async () => {
  await context?.close();
  await host?.stop('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
});

const done = () => page.waitForSelector(`${sel('cicInvestigationPanel')}[data-state="done"]`, { timeout: 60_000 });
const q = (o: Record<string, string>) => new URLSearchParams(o).toString();

describe('Investigate page in Chromium', () => {
  it('opens an investigation by IP from a deep link with date math and lists every user who signed in from it', async () => {
    await page.goto(`${host.appUrl}/investigate?${q({ ip: story.source_ip, from: 'now-7d', to: 'now' })}`);
    await done();
    await expect(page.locator(sel('cicInvestigateIp')).inputValue()).resolves.toBe(story.source_ip);
    await expect(page.locator(sel('cicHeaderIp')).innerText()).resolves.toContain(story.source_ip);
    await expect(page.locator(sel('cicHeaderUser')).innerText()).resolves.toBe('Every user');
    const users = await page.locator(sel('cicPivotUserRow')).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-user')));
    expect(users).toContain(story.user);
    expect(await page.locator(sel('cicNetworkAlertRow')).count()).toBeGreaterThan(0);
    expect(await page.locator(sel('cicSigninRow')).count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'investigate_by_ip_deep_link.png'), fullPage: true });
  });

  it('pivots from the IP to a user and from the user to the IP, over the same resolved range', async () => {
    const range = new URL(page.url());
    expect(range.searchParams.get('from')).toBe('now-7d');
    await page.locator(`${sel('cicPivotUserRow')}[data-user="${story.user}"] ${sel('cicPivotUserLink')}`).click();
    await page.waitForURL(/\/investigate\?user=/);
    await done();
    const url = new URL(page.url());
    expect(url.searchParams.get('user')).toBe(story.user);
    // the pivot carries the range the first investigation resolved (ISO), not "now-7d" again
    expect(url.searchParams.get('from')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(Date.parse(url.searchParams.get('to')!) - Date.parse(url.searchParams.get('from')!)).toBe(7 * 86_400_000);
    await expect(page.locator(sel('cicInvestigateUser')).inputValue()).resolves.toBe(story.user);
    await expect(page.locator(sel('cicHeaderUser')).innerText()).resolves.toContain(story.user);
    const row = page.locator(`${sel('cicPivotIpRow')}[data-ip="${story.source_ip}"]`);
    await row.waitFor();
    // the flagged IP carries its network alerts / indicator matches
    const net = Number(await row.locator(sel('cicPivotNetworkCount')).innerText());
    const ti = Number(await row.locator(sel('cicPivotIndicatorCount')).innerText());
    expect(net + ti).toBeGreaterThan(0);
    await expect(page.locator(sel('cicSigninsSection')).innerText()).resolves.toContain('from any IP');
    await page.screenshot({ path: join(SHOTS, 'investigate_pivot_to_user.png'), fullPage: true });
    await row.locator(sel('cicPivotIpLink')).click();
    await page.waitForURL(/\/investigate\?ip=/);
    await done();
    expect(new URL(page.url()).searchParams.get('from')).toBe(url.searchParams.get('from'));
    await page.locator(`${sel('cicPivotUserRow')}[data-user="${story.user}"]`).waitFor();
    await page.screenshot({ path: join(SHOTS, 'investigate_pivot_back_to_ip.png'), fullPage: true });
    // browser back returns to the user
    await page.goBack();
    await page.waitForSelector(sel('cicPivotIps'), { timeout: 60_000 });
    await expect(page.locator(sel('cicInvestigateUser')).inputValue()).resolves.toBe(story.user);
  });

  it('opens an investigation by user from a deep link, listing every IP the user signed in from', async () => {
    await page.goto(`${host.appUrl}/investigate?${q({ user: story.user, from, to })}`);
    await done();
    await expect(page.locator(sel('cicInvestigateUser')).inputValue()).resolves.toBe(story.user);
    await expect(page.locator(sel('cicHeaderUser')).innerText()).resolves.toContain(story.user);
    const ips = await page.locator(sel('cicPivotIpRow')).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ip')));
    expect(ips).toContain(story.source_ip);
    await page.screenshot({ path: join(SHOTS, 'investigate_by_user_deep_link.png'), fullPage: true });
  });

  it('opens an investigation by user from the form, with the range from the link', async () => {
    await page.goto(`${host.appUrl}/investigate?${q({ from, to })}`);
    await page.waitForSelector(sel('cicInvestigateStart'));
    await page.locator(sel('cicInvestigateUser')).fill(story.user.toUpperCase());
    await page.locator(sel('cicInvestigateSubmit')).click();
    await done();
    const url = new URL(page.url());
    expect([url.searchParams.get('user'), url.searchParams.get('from'), url.searchParams.get('to')]).toEqual([story.user.toUpperCase(), from, to]);
    await expect(page.locator(sel('cicHeaderUser')).innerText()).resolves.toContain(story.user);
    const ips = await page.locator(sel('cicPivotIpRow')).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ip')));
    expect(ips).toContain(story.source_ip);
    await page.screenshot({ path: join(SHOTS, 'investigate_by_user_form.png'), fullPage: true });
  });

  it('explains bad input in the page: an unparsable IP, a reversed range, an unknown user', async () => {
    await page.goto(`${host.appUrl}/investigate?${q({ ip: '203.0.113.300', from: to, to: from })}`);
    const box = page.locator(sel('cicInvestigateInvalid'));
    await box.waitFor({ timeout: 60_000 });
    await expect(box.locator(sel('cicInvestigateError-ip')).innerText()).resolves.toMatch(/not an IPv4 or IPv6 address/);
    await expect(box.locator(sel('cicInvestigateError-range')).innerText()).resolves.toMatch(/is after the end/);
    // the form says it too, next to the field, and requests nothing
    await page.locator(sel('cicInvestigateSubmit')).click();
    await page.waitForSelector('text=/“203.0.113.300” is not an IPv4 or IPv6 address/');
    await page.screenshot({ path: join(SHOTS, 'investigate_bad_input.png'), fullPage: true });
    await page.goto(`${host.appUrl}/investigate?${q({ from, to })}`);
    await page.waitForSelector(sel('cicInvestigateStart'));
    await page.locator(sel('cicInvestigateUser')).fill('nobody@nowhere.example');
    await page.locator(sel('cicInvestigateSubmit')).click();
    await expect((await page.waitForSelector(sel('cicPanelEmptyBody'), { timeout: 60_000 })).innerText()).resolves.toMatch(/No sign-ins by nobody@nowhere\.example/);
    await page.screenshot({ path: join(SHOTS, 'investigate_unknown_user.png'), fullPage: true });
  });

  it('shows an alert’s counts at detection next to the window’s, and pivots from the alert', async () => {
    await page.goto(`${host.appUrl}/alerts/${encodeURIComponent(alert.id)}`);
    await done();
    const counts = page.locator(sel('cicDetectionCounts'));
    await expect(counts.innerText()).resolves.toMatch(/At detection[\s\S]*In this window/);
    const atDetection = await page.locator(`${sel('cicCount-signins')} ${sel('cicCountAtDetection')}`).innerText();
    expect(Number(atDetection)).toBeGreaterThan(0);
    await page.locator(sel('cicPivotUsers')).waitFor();
    await page.screenshot({ path: join(SHOTS, 'investigate_alert_counts_pivots.png'), fullPage: true });
    await page.locator(`${sel('cicPivotIpRow')}[data-ip="${story.source_ip}"] ${sel('cicPivotIpLink')}`).click();
    await page.waitForURL(/\/investigate\?ip=/);
    await done();
    expect(pageErrors).toEqual([]);
    expect(dialogs).toEqual([]);
  });
});
