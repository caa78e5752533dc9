// Real headless Chromium (Debian's /usr/bin/chromium via playwright-core) against the standalone host on a
// small sample: alert list → planted story → sign-ins, network alerts, timeline; rule editor save and re-run;
// hostile markup planted into the data renders as text and never executes. Screenshots: test-artifacts/screenshots/.
import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { chromium, type BrowserContext, type Dialog, type Page } from 'playwright-core';
import { HOSTILE, REPO, api, getRule, plantHostileStory, runAndWait, startHostProcess, type HostProcess } from '../integration/host_process';
import { guardConsole, type ConsoleGuard } from './console_guard';

jest.setTimeout(600_000);

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = join(REPO, 'test-artifacts', 'screenshots');

/** Chromium from CHROMIUM_PATH, or `which chromium`. Missing = the suite fails (CI installs it). */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch {
    return '/usr/bin/chromium';
  }
}

const dir = mkdtempSync(join(tmpdir(), 'host-browser-'));
const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
let host: HostProcess;
let context: BrowserContext;
let page: Page;
const dialogs: string[] = [];
const pageErrors: string[] = [];
let consoleGuard: ConsoleGuard;
let manifest: { expected_alerts: Array<{ story: string; user: string; source_ip: string }> };
const sel = (subj: string) => `[data-test-subj="${subj}"]`;

beforeAll(async () => {
  const exe = chromiumPath();
  if (!existsSync(exe)) throw new Error(`Chromium not found at ${exe}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`);
  mkdirSync(SHOTS, { recursive: true });
  host = await startHostProcess(dir);
  manifest = JSON.parse(readFileSync(join(dir, 'sample', 'manifest.json'), 'utf8'));
  const stuffing = manifest.expected_alerts.find((e) => e.story === 'credential-stuffing-then-mailbox-takeover')!;
  await plantHostileStory(host.engineUrl!, join(dir, 'sample'), stuffing.source_ip, stuffing.user);
  const rule = await getRule(host.url);
  await runAndWait(host.url, rule.id);
  context = await chromium.launchPersistentContext(profile, { executablePath: exe, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1440, height: 1000 } });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('dialog', (d: Dialog) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  consoleGuard = guardConsole(page);
});

// any console error/warning or uncaught exception in the page fails the test that caused it
afterEach(() => {
  expect(consoleGuard.take()).toEqual([]);
});

afterAll(async () => {
  await context?.close();
  await host?.stop('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
});

async function openList() {
  await page.goto(host.appUrl);
  await page.waitForSelector(`${sel('cicAlertsTable')} ${sel('cicAlertOpen')}`, { timeout: 60_000 });
}

async function openAlertOf(user: string, ip: string) {
  await openList();
  const rows = page.locator(`${sel('cicAlertsTable')} tbody tr`).filter({ hasText: ip }).filter({ has: page.getByText(user, { exact: true }) });
  await rows.first().locator(sel('cicAlertOpen')).click();
  await page.waitForSelector(`${sel('cicInvestigationPanel')}[data-state="done"]`, { timeout: 60_000 });
}

describe('standalone host in Chromium', () => {
  it('shows the alert list with the planted stories', async () => {
    await openList();
    const text = await page.locator(sel('cicAlertsTable')).innerText();
    for (const e of manifest.expected_alerts) {
      expect(text).toContain(e.user);
      expect(text).toContain(e.source_ip);
    }
    await expect(page.locator(sel('hostRuleStatus')).innerText()).resolves.toMatch(/Last run .*(succeeded|warning)/);
    await page.screenshot({ path: join(SHOTS, 'alert_list.png'), fullPage: true });
    // the EUI theme follows the host's light/dark choice
    await page.goto(`${host.appUrl}?theme=dark`);
    await page.waitForSelector(`${sel('cicApp')}[data-color-mode="dark"] ${sel('cicAlertOpen')}`, { timeout: 60_000 });
    await page.screenshot({ path: join(SHOTS, 'alert_list_dark.png'), fullPage: true });
  });

  it('opens a planted attack story: header, sign-ins, network alerts and the timeline', async () => {
    const stuffing = manifest.expected_alerts.find((e) => e.story === 'credential-stuffing-then-mailbox-takeover')!;
    await openAlertOf(stuffing.user, stuffing.source_ip);
    expect(page.url()).toMatch(/\/app\/cloudIdentityCompromise\/alerts\//);
    await expect(page.locator(sel('cicHeaderUser')).innerText()).resolves.toContain(stuffing.user);
    await expect(page.locator(sel('cicHeaderIp')).innerText()).resolves.toContain(stuffing.source_ip);
    expect(await page.locator(sel('cicSigninRow')).count()).toBeGreaterThan(0);
    expect(await page.locator(sel('cicNetworkAlertRow')).count()).toBeGreaterThan(0);
    const timeline = page.locator(sel('cicTimeline'));
    await timeline.waitFor();
    expect(Number(await timeline.getAttribute('data-points'))).toBeGreaterThan(0);
    // the chart really drew (canvas from @elastic/charts)
    await page.waitForSelector(`${sel('cicTimeline')} canvas`, { timeout: 30_000 });
    await page.screenshot({ path: join(SHOTS, 'investigation_panel.png'), fullPage: true });
  });

  it.each([
    ['ti-active-indicator', 'investigation_panel_threat_intel.png'],
    ['network-and-ti', 'investigation_panel_both.png'],
  ])('shows the threat-intel matches of the %s story in the panel', async (story, shot) => {
    const exp = manifest.expected_alerts.find((e) => e.story === story)!;
    await openAlertOf(exp.user, exp.source_ip);
    await expect(page.locator(sel('cicHeaderIp')).innerText()).resolves.toContain(exp.source_ip);
    expect(await page.locator(sel('cicThreatIntelRow')).count()).toBeGreaterThan(0);
    if (story === 'network-and-ti') expect(await page.locator(sel('cicNetworkAlertRow')).count()).toBeGreaterThan(0);
    await page.waitForSelector(`${sel('cicTimeline')} canvas`, { timeout: 30_000 });
    await page.screenshot({ path: join(SHOTS, shot), fullPage: true });
  });

  it('changes a threshold in the rule editor, saves and sees the rule re-run', async () => {
    const rule = await getRule(host.url);
    const before = rule.last_run.execution_id;
    await page.goto(`${host.appUrl}/settings`);
    await page.waitForSelector(sel('cicRuleEditor'), { timeout: 60_000 });
    const input = page.locator(`input${sel('cicParam-maxUsersPerIp')}, ${sel('cicParam-maxUsersPerIp')} input`).first();
    // an invalid value is flagged inline and cannot be saved
    await input.fill('0');
    await page.waitForSelector(sel('cicRuleSettingsInvalid'));
    expect(await page.locator(sel('cicRuleSaveAndRerun')).isDisabled()).toBe(true);
    await input.fill(String(rule.params.maxUsersPerIp + 2));
    await page.locator(sel('cicRuleSaveAndRerun')).click();
    const result = page.locator(`${sel('cicRuleSaveResult')}[data-ok="true"]`);
    await result.waitFor({ timeout: 120_000 });
    await expect(result.innerText()).resolves.toMatch(/Saved/);
    const after = await getRule(host.url);
    expect(after.params.maxUsersPerIp).toBe(rule.params.maxUsersPerIp + 2);
    expect(after.last_run.execution_id).not.toBe(before);
    expect(after.last_run.backfill).toBe(false);
    await expect(page.locator(sel('hostRuleStatus')).getAttribute('data-execution-id')).resolves.toBe(after.last_run.execution_id);
    await page.screenshot({ path: join(SHOTS, 'rule_settings_saved.png'), fullPage: true });
  });

  it('renders attacker-controlled fields as text: nothing executes, nothing is injected', async () => {
    await openAlertOf(HOSTILE.upn, HOSTILE.ip);
    // let lazy sections, the chart and any injected handlers settle
    await page.waitForTimeout(1000);
    const body = await page.locator('body').innerText();
    expect(body).toContain(HOSTILE.upn);
    expect(body).toContain(HOSTILE.app);
    expect(body).toContain(HOSTILE.signature);
    const injected = await page.evaluate(() => ({
      imgs: document.querySelectorAll('img[src="x"]').length,
      inlineScripts: [...document.querySelectorAll('script')].filter((s) => !s.src).length,
      onerrorAttrs: document.querySelectorAll('[onerror]').length,
    }));
    expect(injected).toEqual({ imgs: 0, inlineScripts: 0, onerrorAttrs: 0 });
    await page.screenshot({ path: join(SHOTS, 'hostile_fields_inert.png'), fullPage: true });
    // and the list with the hostile alert
    await openList();
    await expect(page.locator(sel('cicAlertsTable')).innerText()).resolves.toContain(HOSTILE.upn);
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => document.querySelectorAll('img[src="x"], [onerror]').length)).toBe(0);
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('browses as a user without the feature privilege: the API answers 403 and the page says so', async () => {
    const r = await api(host.url, '/internal/cloudIdentityCompromise/alerts', { user: 'nobody' });
    expect(r.status).toBe(403);
    // the browser logs the failed request itself; that one is expected here
    consoleGuard.allow(/Failed to load resource: the server responded with a status of 403/);
    await page.goto(`${host.appUrl}?hostUser=nobody`);
    await page.waitForSelector(sel('cicAlertsError'), { timeout: 60_000 });
    await expect(page.locator(sel('cicAlertsError')).innerText()).resolves.toMatch(/403|unauthorized/i);
    await page.screenshot({ path: join(SHOTS, 'unprivileged_user.png'), fullPage: true });
  });
});
