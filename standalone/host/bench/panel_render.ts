// Benchmark (not a test): the investigation panel's render time in headless Chromium with 5,000 sign-ins on one
// alert, plus the page-load bundle size (initial JS vs lazy chunks, raw and gzip).
//   npx tsx standalone/host/bench/panel_render.ts [--signins 5000] [--runs 5] [--data DIR]
import { execFileSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseArgs } from 'util';
import { gzipSync } from 'zlib';
import { chromium } from 'playwright-core';
import { startHost } from '../host';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const BENCH_IP = '185.220.101.47';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const { values } = parseArgs({ options: { signins: { type: 'string', default: '5000' }, runs: { type: 'string', default: '5' }, data: { type: 'string' } } });
  const nSignins = Number(values.signins);
  const runs = Number(values.runs);
  const dataDir = values.data ?? mkdtempSync(join(tmpdir(), 'bench-panel-'));
  const exe = process.env.CHROMIUM_PATH ?? execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();

  const host = await startHost({ dataDir, port: 0, sample: { users: 34, days: 2 }, schedule: false, logLevel: 'warn', progress: () => undefined });
  try {
    // the credential-stuffing story re-planted on a new IP, shifted to end 5 minutes ago, with its successful
    // sign-in repeated nSignins times over the 20 minutes before (all after the story's network alerts: the rule's
    // time-order check looks at the first 100 sign-in times of a pair)
    const sample = join(dataDir, 'sample');
    const manifest = JSON.parse(readFileSync(join(sample, 'manifest.json'), 'utf8')) as { expected_alerts: Array<{ story: string; source_ip: string }> };
    const storyIp = manifest.expected_alerts.find((e) => e.story === 'credential-stuffing-then-mailbox-takeover')!.source_ip;
    const docs: Array<{ index: string; doc: Record<string, any> }> = [];
    for (const f of readdirSync(sample).filter((x) => x.endsWith('.ndjson'))) {
      for (const line of readFileSync(join(sample, f), 'utf8').split('\n')) {
        if (line.includes(`"${storyIp}"`)) docs.push({ index: f.replace(/\.ndjson$/, ''), doc: JSON.parse(line.split(storyIp).join(BENCH_IP)) });
      }
    }
    const isSuccess = (d: { index: string; doc: Record<string, any> }) => d.index.includes('signinlogs') && d.doc.event?.outcome === 'success';
    const lastSuccess = Math.max(...docs.filter(isSuccess).map((d) => Date.parse(d.doc['@timestamp'])));
    const delta = Date.now() - 5 * 60_000 - lastSuccess;
    const shift = (v: any): any =>
      typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v) && !Number.isNaN(Date.parse(v))
        ? new Date(Date.parse(v) + delta).toISOString()
        : Array.isArray(v)
          ? v.map(shift)
          : v && typeof v === 'object'
            ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shift(x)]))
            : v;
    const ops: object[] = [];
    for (const d of docs) ops.push({ create: { _index: d.index } }, shift(d.doc));
    const template = shift(docs.find(isSuccess)!.doc);
    const end = Date.parse(template['@timestamp']);
    for (let i = 1; i < nSignins; i++) {
      const d = JSON.parse(JSON.stringify(template));
      d['@timestamp'] = new Date(end - Math.floor((i * 20 * 60_000) / nSignins)).toISOString();
      ops.push({ create: { _index: 'logs-azure.signinlogs-default' } }, d);
    }
    const bulk = await host.esClient.bulk({ operations: ops, refresh: true });
    if (bulk.errors) throw new Error('planting failed');
    const run = await host.alerting.runNow(host.ruleId);
    const list = await fetch(`${host.url}/internal/cloudIdentityCompromise/alerts?ip=${BENCH_IP}`, { headers: { 'x-elastic-internal-origin': 'Kibana', 'elastic-api-version': '1' } }).then((r) => r.json() as Promise<{ alerts: Array<{ id: string }> }>);
    if (!list.alerts.length) throw new Error(`no alert for the bench IP (run: ${JSON.stringify(run)})`);
    const alertId = list.alerts[0].id;

    const profile = mkdtempSync(join(tmpdir(), 'bench-profile-'));
    const context = await chromium.launchPersistentContext(profile, { executablePath: exe, headless: true, args: ARGS, viewport: { width: 1440, height: 1000 } });
    const page = context.pages()[0] ?? (await context.newPage());
    // ask the investigation API for every sign-in (the panel's default section size is smaller)
    await page.route('**/internal/cloudIdentityCompromise/investigation?*', (route) => {
      const u = new URL(route.request().url());
      u.searchParams.set('size', String(nSignins));
      return route.continue({ url: u.toString() });
    });
    const url = `${host.appUrl}/alerts/${encodeURIComponent(alertId)}`;
    const results: Array<{ total: number; api: number; render: number; rows: number }> = [];
    for (let i = 0; i < runs + 1; i++) {
      const t0 = Date.now();
      const respP = page.waitForResponse((r) => r.url().includes('/internal/cloudIdentityCompromise/investigation'), { timeout: 120_000 });
      await page.goto(url);
      const resp = await respP;
      await resp.finished();
      const tResp = Date.now();
      await page.waitForSelector('[data-test-subj="cicInvestigationPanel"][data-state="done"]', { timeout: 120_000 });
      await page.waitForSelector('[data-test-subj="cicTimeline"] canvas', { timeout: 120_000 });
      // wait for the next two frames, i.e. the browser painted
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const tDone = Date.now();
      const body = (await resp.json()) as { signins?: { items?: unknown[]; truncated?: boolean } };
      const rows = body.signins?.items?.length ?? -1;
      if (i > 0) results.push({ total: tDone - t0, api: tResp - t0, render: tDone - tResp, rows }); // first run warms caches
    }
    // sorting the 5,000-row sign-in table by a column
    const sortT: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = Date.now();
      await page.locator('[data-test-subj="cicSigninsTable"] thead button').nth(i % 2).click();
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      sortT.push(Date.now() - t);
    }
    await context.close();
    rmSync(profile, { recursive: true, force: true });

    const b = host.bundle;
    const gz = (files: string[]) => files.reduce((s, f) => s + gzipSync(readFileSync(join(b.dir, f))).length, 0);
    const kb = (x: number) => `${(x / 1024).toFixed(0)} KiB`;
    console.log(`sign-ins returned to the panel: ${results[0]?.rows}`);
    console.log(`panel with ${nSignins} sign-ins, median of ${runs}: total ${median(results.map((r) => r.total))} ms (API ${median(results.map((r) => r.api))} ms, render after the response ${median(results.map((r) => r.render))} ms)`);
    console.log(`runs: ${results.map((r) => `${r.total}/${r.api}/${r.render}`).join(', ')} (total/api/render ms)`);
    console.log(`sort sign-ins table: ${sortT.join(', ')} ms`);
    console.log(`page-load bundle: initial JS ${kb(b.initialJsBytes)} raw / ${kb(gz(b.initialFiles))} gzip in ${b.initialFiles.length} files; lazy chunks ${kb(b.lazyJsBytes)} raw in ${b.lazyFiles} files`);
  } finally {
    await host.close();
    if (!values.data) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  }
);
