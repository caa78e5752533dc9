// Host page: a small status bar (user, last rule run) and the plugin's app from `public/application`, given an
// http client that talks to the host's routes and a RuleSettingsApi backed by Kibana's alerting HTTP API subset
// (PUT the params, `_run_soon`, poll the rule until the new run is recorded).
import { renderApp, type RuleSettingsApi } from '../../../public/application';
import { createHttpClient } from './http_client';

interface ApiRule {
  id: string;
  params: Record<string, unknown>;
  running: boolean;
  schedule: { interval: string };
  last_run: null | {
    outcome: string;
    outcome_msg: string[];
    warning: string | null;
    execution_id: string;
    alerts_count: { active: number; new: number; recovered: number };
    backfill: boolean;
  };
  execution_status: { last_execution_date: string; last_duration?: number };
}

const params = new URLSearchParams(window.location.search);
// `?hostUser=viewer` (or nobody; not `user`, which the investigate page's deep links use) browses as a less privileged host user (header x-kibana-host-user).
const asUser = params.get('hostUser') ?? sessionStorage.getItem('kibanaHostUser') ?? '';
if (params.get('hostUser')) sessionStorage.setItem('kibanaHostUser', asUser);
const http = createHttpClient((): Record<string, string> => (asUser ? { 'x-kibana-host-user': asUser } : {}));

const statusEl = document.getElementById('hostRuleStatus')!;
const userEl = document.getElementById('hostUser')!;
userEl.textContent = asUser || 'elastic';

async function findRule(): Promise<ApiRule> {
  const res = await http.get<{ data: ApiRule[] }>('/api/alerting/rules/_find');
  if (!res.data.length) throw new Error('no rule visible to this user');
  return res.data[0];
}
const getRule = (id: string) => http.get<ApiRule>(`/api/alerting/rule/${encodeURIComponent(id)}`);

function describe(r: ApiRule): string {
  const lr = r.last_run;
  if (!lr) return `Rule every ${r.schedule.interval}: not run yet`;
  const when = new Date(r.execution_status.last_execution_date).toLocaleString();
  const alerts = `${lr.alerts_count.active} active (${lr.alerts_count.new} new, ${lr.alerts_count.recovered} recovered)`;
  const msgs = lr.outcome_msg.length ? ` — ${lr.outcome_msg.join('; ')}` : '';
  return `Last run ${when}${lr.backfill ? ' (backfill)' : ''}: ${lr.outcome} in ${r.execution_status.last_duration ?? 0} ms, ${alerts}${msgs}`;
}

function showStatus(r: ApiRule) {
  // textContent only: outcome messages can quote data
  statusEl.textContent = describe(r);
  statusEl.dataset.outcome = r.last_run?.outcome ?? 'pending';
  statusEl.dataset.executionId = r.last_run?.execution_id ?? '';
}

async function waitForRun(id: string, previous: string | undefined, timeoutMs = 300_000): Promise<ApiRule> {
  const t0 = Date.now();
  for (;;) {
    const r = await getRule(id);
    if (!r.running && r.last_run && r.last_run.execution_id !== previous) return r;
    if (Date.now() - t0 > timeoutMs) throw new Error('the rule did not finish running in time');
    await new Promise((res) => setTimeout(res, 300));
  }
}

/** While the host replays the sample data, the status bar shows its progress. */
async function followBackfill(onDone: () => void) {
  let wasRunning = false;
  for (;;) {
    const st = await fetch('/api/status').then((r) => r.json() as Promise<{ backfill?: { done: boolean; runs: number; steps: number } }>, () => null);
    const b = st?.backfill;
    if (!b || b.done) {
      if (wasRunning) {
        onDone();
        findRule().then(showStatus, () => undefined);
      }
      return;
    }
    wasRunning = true;
    statusEl.textContent = `Replaying the sample data: ${b.steps ? Math.floor((b.runs / b.steps) * 100) : 0}% (${b.runs}/${b.steps} rule runs); alerts appear as it progresses`;
    statusEl.dataset.outcome = 'backfill';
    await new Promise((r) => setTimeout(r, 2000));
  }
}

async function boot() {
  let rule: ApiRule | null = null;
  try {
    rule = await findRule();
    showStatus(rule);
  } catch (e) {
    statusEl.textContent = `Rule status unavailable: ${(e as Error).message}`;
  }
  const ruleApi: RuleSettingsApi | undefined = rule
    ? {
        getParams: async () => (await getRule(rule!.id)).params,
        saveAndRun: async (next) => {
          const before = await getRule(rule!.id);
          await http.put(`/api/alerting/rule/${encodeURIComponent(rule!.id)}`, { body: JSON.stringify({ params: next }) });
          await http.post(`/api/alerting/rule/${encodeURIComponent(rule!.id)}/_run_soon`);
          const after = await waitForRun(rule!.id, before.last_run?.execution_id);
          showStatus(after);
          return { message: `Saved. ${describe(after)}` };
        },
      }
    : undefined;
  const theme = params.get('theme') === 'dark' || (params.get('theme') !== 'light' && window.matchMedia?.('(prefers-color-scheme: dark)').matches) ? 'dark' : 'light';
  document.body.dataset.theme = theme;
  const mount = () => renderApp({ element: document.getElementById('app')!, http, theme, rule: ruleApi });
  let unmount = mount();
  void followBackfill(() => {
    // the replay finished while the page was open: show the full alert list
    unmount();
    unmount = mount();
  });
  if (rule) {
    const id = rule.id;
    setInterval(() => {
      getRule(id).then(showStatus, () => undefined);
    }, 15_000);
  }
}

void boot();
