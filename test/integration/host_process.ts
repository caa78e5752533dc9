// Runs `standalone/host/cli.ts` as a child process (tests need SIGKILL) and talks to it over HTTP.
import { spawn, type ChildProcess } from 'child_process';
import { join, resolve } from 'path';

export const REPO = resolve(__dirname, '..', '..');

/** Small sample: the minimum users, 2 days. */
export const SMALL_SAMPLE = ['--users', '34', '--days', '2'];

export interface HostProcess {
  url: string;
  appUrl: string;
  engineUrl: string | null;
  proc: ChildProcess;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startHostProcess(
  dataDir: string,
  args: string[] = SMALL_SAMPLE,
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 180_000,
  /** runs once when the UI is up and the first-start backfill is still running */
  duringBackfill?: (url: string, proc: ChildProcess, output: () => string) => Promise<void>
): Promise<HostProcess> {
  const childEnv = { ...process.env, ...env };
  if (!env.ES_URL) delete childEnv.ES_URL;
  // node itself with tsx's loader (not the tsx wrapper, which would leave the host orphaned on SIGKILL)
  const proc = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'standalone/host/cli.ts'), '--data', dataDir, '--port', '0', '--no-schedule', '--log-level', 'warn', ...args], {
    cwd: REPO,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (c) => (out += c));
  proc.stderr!.on('data', (c) => (out += c));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  let early: Promise<void> | undefined;
  const ready = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`host not ready in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const check = () => {
      const ui = /UI available at (http:\/\/127\.0\.0\.1:\d+)\/app\//.exec(out);
      if (ui && duringBackfill && !early && /backfill: running/.test(out) && !/backfill: 100%/.test(out)) early = duringBackfill(ui[1], proc, () => out);
      const m = /host ready in [\d.]+ s: (http:\/\/127\.0\.0\.1:\d+)\/app\//.exec(out);
      if (m) {
        clearTimeout(timer);
        res(m[1]);
      }
    };
    proc.stdout!.on('data', check);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`host exited with ${code} before ready:\n${out}`));
    });
  });
  await early;
  const engine = /embedded engine on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
  return {
    url: ready,
    appUrl: `${ready}/app/cloudIdentityCompromise`,
    engineUrl: engine ? engine[1] : null,
    proc,
    output: () => out,
    stop: async (signal = 'SIGTERM') => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
}

export const KIBANA_HEADERS = { 'x-elastic-internal-origin': 'Kibana', 'elastic-api-version': '1', 'kbn-xsrf': 'true' };

export async function api<T = any>(base: string, path: string, init: { method?: string; body?: unknown; user?: string; headers?: Record<string, string> } = {}) {
  const res = await fetch(base + path, {
    method: init.method ?? 'GET',
    headers: {
      ...KIBANA_HEADERS,
      'content-type': 'application/json',
      ...(init.user ? { 'x-kibana-host-user': init.user } : {}),
      ...(init.headers ?? {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: body as T };
}

/** The host's single rule, through Kibana's alerting API subset. */
export async function getRule(base: string) {
  const r = await api(base, '/api/alerting/rules/_find');
  if (r.status !== 200) throw new Error(`_find: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.data[0];
}

/** POST _run_soon and wait until a new execution is recorded. */
export async function runAndWait(base: string, ruleId: string, timeoutMs = 120_000) {
  const before = (await api(base, `/api/alerting/rule/${ruleId}`)).body.last_run?.execution_id;
  const r = await api(base, `/api/alerting/rule/${ruleId}/_run_soon`, { method: 'POST' });
  if (r.status !== 204) throw new Error(`_run_soon: ${r.status} ${JSON.stringify(r.body)}`);
  const t0 = Date.now();
  for (;;) {
    const rule = (await api(base, `/api/alerting/rule/${ruleId}`)).body;
    if (!rule.running && rule.last_run && rule.last_run.execution_id !== before) return rule;
    if (Date.now() - t0 > timeoutMs) throw new Error('rule run did not finish');
    await new Promise((res) => setTimeout(res, 200));
  }
}

/** Every alert through the plugin's own alerts route (pages of 100). */
export async function listAllAlerts(base: string, user?: string) {
  const all: any[] = [];
  for (let page = 0; ; page++) {
    const r = await api(base, `/internal/cloudIdentityCompromise/alerts?perPage=100&page=${page}`, { user });
    if (r.status !== 200) throw new Error(`alerts: ${r.status} ${JSON.stringify(r.body)}`);
    all.push(...r.body.alerts);
    if (r.body.alerts.length < 100 || all.length >= r.body.total) return all;
  }
}

/** Attacker-controlled strings planted into the data (markup and script in every field the UI shows). */
export const HOSTILE = {
  ip: '91.240.118.77',
  userLocal: '<img src=x onerror=alert(1)>',
  upn: '<img src=x onerror=alert(1)>@contoso.com',
  displayName: '<script>alert(2)</script> Mallory',
  app: '<img src=x onerror=alert(3)>OfficeHome',
  userAgent: 'Mozilla/5.0 <script>alert(4)</script><img src=x onerror=alert(5)>',
  signature: '<script>alert(6)</script> ET HOSTILE signature',
  reason: '<img src=x onerror=alert(7)> hostile reason',
} as const;

const setPath = (doc: Record<string, any>, path: string, value: unknown) => {
  // both flat dotted keys and nested objects, only where the field exists
  if (path in doc) doc[path] = value;
  const parts = path.split('.');
  let node = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    if (!node || typeof node[parts[i]] !== 'object') return;
    node = node[parts[i]];
  }
  if (node && parts[parts.length - 1] in node) node[parts[parts.length - 1]] = value;
};

/**
 * Re-plants the credential-stuffing story on a new IP with hostile user, app, user-agent, signature and
 * reason values, shifted so its last successful sign-in is 15 minutes ago (the next live run sees it).
 * Returns the hostile alert's expected (user, ip).
 */
export async function plantHostileStory(engineUrl: string, sampleDir: string, storyIp: string, storyUser: string) {
  const { readdirSync, readFileSync } = await import('fs');
  const files = readdirSync(sampleDir).filter((f) => f.endsWith('.ndjson'));
  const docs: Array<{ index: string; doc: Record<string, any> }> = [];
  const esc = (s: string) => JSON.stringify(s).slice(1, -1);
  const local = storyUser.split('@')[0];
  for (const f of files) {
    const index = f.replace(/\.ndjson$/, '');
    for (const line of readFileSync(join(sampleDir, f), 'utf8').split('\n')) {
      if (!line.includes(`"${storyIp}"`)) continue;
      let s = line.split(storyIp).join(HOSTILE.ip);
      s = s.split(storyUser).join(esc(HOSTILE.upn)).split(local).join(esc(HOSTILE.userLocal));
      docs.push({ index, doc: JSON.parse(s) });
    }
  }
  const successTimes = docs
    .filter((d) => d.index.includes('signinlogs') && JSON.stringify(d.doc).includes('"success"'))
    .map((d) => Date.parse(d.doc['@timestamp']));
  const delta = Date.now() - 15 * 60_000 - Math.max(...successTimes);
  const shiftDates = (v: any): any => {
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v) && !Number.isNaN(Date.parse(v))) return new Date(Date.parse(v) + delta).toISOString();
    if (Array.isArray(v)) return v.map(shiftDates);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shiftDates(x)]));
    return v;
  };
  const ops: string[] = [];
  for (const d of docs) {
    const doc = shiftDates(d.doc);
    setPath(doc, 'azure.signinlogs.properties.app_display_name', HOSTILE.app);
    setPath(doc, 'azure.signinlogs.properties.user_display_name', HOSTILE.displayName);
    setPath(doc, 'azure.signinlogs.identity', HOSTILE.displayName);
    setPath(doc, 'user.full_name', HOSTILE.displayName);
    setPath(doc, 'user_agent.original', HOSTILE.userAgent);
    setPath(doc, 'suricata.eve.alert.signature', HOSTILE.signature);
    setPath(doc, 'rule.name', HOSTILE.signature);
    setPath(doc, 'kibana.alert.rule.name', HOSTILE.signature);
    setPath(doc, 'kibana.alert.reason', HOSTILE.reason);
    setPath(doc, 'message', HOSTILE.reason);
    ops.push(JSON.stringify({ create: { _index: d.index } }), JSON.stringify(doc));
  }
  const res = await fetch(`${engineUrl}/_bulk?refresh=true`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: ops.join('\n') + '\n' });
  const body = (await res.json()) as { errors: boolean; items: unknown[] };
  if (!res.ok || body.errors) throw new Error(`planting failed: ${res.status} ${JSON.stringify(body).slice(0, 500)}`);
  return { user: HOSTILE.upn, ip: HOSTILE.ip, documents: docs.length };
}
