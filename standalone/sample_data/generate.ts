// Builds the whole sample: tenant, benign population, network noise, threat feeds and the planted stories,
// then mappings and the manifest. Pure function of its options (no clock, no Math.random).
import { DEFAULT_RULE_PARAMS } from '../../common/params';
import type { Doc } from './builders/common';
import { Prng } from './prng';
import { makeUsers } from './tenant';
import { feedNoise, networkNoise, population } from './background';
import { plantStories, type Story } from './stories';
import { plantNoiseStories } from './noise_stories';
import { mappingFor, type Mapping } from './mappings';
import { INDEX, type IndexName } from './indices';
import { Sink } from './sink';

export interface GenerateOptions {
  seed: number;
  users: number;
  days: number;
  /** ISO end of the generated range (exclusive) */
  end: string;
}

export const DEFAULTS = { seed: 1, users: 120, days: 7 } as const;
export const MIN_USERS = 34;
export const MAX_USERS = 20000;
export const MAX_DAYS = 60;

export interface ExpectedAlert {
  story: string;
  user: string;
  source_ip: string;
  severity: string;
  detection: string;
  /** a known false positive of our rule: the story's label says no alert is wanted (stories[].label.why) */
  false_positive: boolean;
}

export interface Manifest {
  generator: { name: string; version: number; seed: number; users: number; days: number; start: string; end: string };
  /** the rule params every expectation assumes (the defaults) */
  params: 'defaults';
  indices: Record<string, number>;
  stories: Story[];
  /** exactly the alerts replay must print over the whole range with default params, nothing else (known false positives included, flagged) */
  expected_alerts: ExpectedAlert[];
}

export interface SampleData {
  indices: Map<IndexName, { mapping: Mapping; docs: Doc[] }>;
  manifest: Manifest;
}

const DAY = 86_400_000;

export function validateOptions(o: GenerateOptions): string[] {
  const errors: string[] = [];
  if (!Number.isInteger(o.seed) || o.seed < 0 || o.seed > 0xffffffff) errors.push(`--seed must be an integer 0..4294967295 (got ${o.seed})`);
  if (!Number.isInteger(o.users) || o.users < MIN_USERS || o.users > MAX_USERS) errors.push(`--users must be an integer ${MIN_USERS}..${MAX_USERS} (got ${o.users})`);
  if (!Number.isInteger(o.days) || o.days < 1 || o.days > MAX_DAYS) errors.push(`--days must be an integer 1..${MAX_DAYS} (got ${o.days})`);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(o.end) || Number.isNaN(Date.parse(o.end))) errors.push(`--end must be an ISO date-time (got ${o.end})`);
  return errors;
}

/** Drops undefined values so the JSON and the mapping agree. */
function clean<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

export function generateSampleData(options: GenerateOptions): SampleData {
  const errors = validateOptions(options);
  if (errors.length) throw new Error(errors.join('; '));
  const root = new Prng(options.seed);
  const endMs = Date.parse(options.end);
  const startMs = endMs - options.days * DAY;
  const sink = new Sink(startMs, endMs);

  const users = makeUsers(root.fork('users'), options.users, 'contoso.com');
  const fabrikam = makeUsers(root.fork('fabrikam'), Math.max(4, Math.round(options.users / 10)), 'fabrikam.com', { officeShare: 0.3 });
  population(root.fork('population'), sink, users, false);
  population(root.fork('filebeat'), sink, fabrikam, true);
  networkNoise(root.fork('network'), sink);
  feedNoise(root.fork('feeds'), sink, Math.max(60, options.users * 2));
  const planted = plantStories(root.fork('stories'), sink, users, fabrikam);
  const proxyStory = planted.find((s) => s.id === 'shared-proxy-flagged')!;
  const stories = [...planted, ...plantNoiseStories(root.fork('noise'), sink, users.filter((u) => !u.admin), Date.parse(proxyStory.time))];

  const indices = new Map<IndexName, { mapping: Mapping; docs: Doc[] }>();
  for (const name of Object.values(INDEX)) {
    const docs = clean(sink.docs.get(name) ?? []);
    // index order = time order (stable for equal timestamps: generation order)
    docs.sort((a, b) => (a['@timestamp'] as string).localeCompare(b['@timestamp'] as string));
    indices.set(name, { mapping: mappingFor(docs), docs });
  }

  for (const s of stories) s.signals = measureSignals(s, indices);

  const manifest: Manifest = {
    generator: { name: 'cloud-identity-compromise sample data', version: 2, seed: options.seed, users: options.users, days: options.days, start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString() },
    params: 'defaults',
    indices: Object.fromEntries([...indices].map(([k, v]) => [k, v.docs.length])),
    stories,
    expected_alerts: stories.flatMap((s) =>
      s.expect.alert ? [{ story: s.id, user: s.expect.user, source_ip: s.expect.ip, severity: s.expect.severity, detection: s.expect.detection, false_positive: !s.label.alert }] : []
    ),
  };
  return { indices, manifest };
}

const RISKY = new Set(DEFAULT_RULE_PARAMS.riskyOperations);
const get = (d: Doc, path: string): unknown => path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), d);

/** Counts a story's evidence in the generated data: alerts and indicators on its IP, its user's events from it. */
function measureSignals(s: Story, indices: Map<IndexName, { docs: Doc[] }>): Story['signals'] {
  const ip = s.expect.ip;
  const user = s.expect.user;
  const docsOf = (i: IndexName) => indices.get(i)?.docs ?? [];
  const onIp = (d: Doc) => get(d, 'source.ip') === ip;
  const network_alerts = [...docsOf(INDEX.securityAlerts), ...docsOf(INDEX.suricata)].filter(onIp).length;
  const indicators = [...docsOf(INDEX.threatFoxLatest), ...docsOf(INDEX.otx)].filter((d) => get(d, 'threat.indicator.ip') === ip).length;
  const mine = [...docsOf(INDEX.signin), ...docsOf(INDEX.audit), ...docsOf(INDEX.filebeat)].filter(
    (d) => onIp(d) && get(d, 'event.outcome') === 'success' && (!user || `${get(d, 'user.name')}@${get(d, 'user.domain')}` === user)
  );
  const isLogon = (d: Doc) => get(d, 'event.dataset') === 'azure.signinlogs' || get(d, 'event.action') === 'UserLoggedIn';
  const activity = mine.filter((d) => !isLogon(d));
  return {
    network_alerts,
    indicators,
    signins: mine.filter(isLogon).length,
    activity: activity.length,
    risky_operations: activity.filter((d) => RISKY.has(String(get(d, 'event.action')))).length,
  };
}

/** Rule params the manifest assumes; exported so tests and docs can state them. */
export const MANIFEST_PARAMS = DEFAULT_RULE_PARAMS;
