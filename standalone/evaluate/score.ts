// Scores both rules against labelled stories and prints the side-by-side table.
// A story is matched by its source IP (every story has its own). An alert on a story whose label wants an
// alert catches it; an alert on a story whose label says no alert is a false positive; an alert on an IP no
// story names is "outside the labels" (counted as a false positive too: the background population is benign).
import { canonicalIp } from '../../common/ip';
import type { BaselineAlert } from './baseline';

export interface LabelledStory {
  id: string;
  kind?: string;
  title?: string;
  label: { alert: boolean; why: string };
  expect: { ip: string };
  baseline?: { alert: boolean; why: string };
}

export interface Labels {
  stories: LabelledStory[];
}

export interface OurAlert {
  user: string;
  ip: string;
}

export interface StoryOutcome {
  id: string;
  kind: string;
  wanted: boolean;
  why: string;
  ip: string;
  /** alerts each rule raised on the story's IP (ours: one per user) */
  ours: number;
  baseline: number;
  /** what the label file says the baseline does, if it says */
  baselineExpected?: boolean;
}

export interface RuleScore {
  alerts: number;
  caught: number;
  missed: number;
  falsePositiveStories: number;
  falsePositiveAlerts: number;
  outsideLabels: number;
}

export interface Evaluation {
  stories: StoryOutcome[];
  ours: RuleScore;
  baseline: RuleScore & { documents: number };
  outside: { ours: OurAlert[]; baseline: string[] };
}

const canon = (ip: string) => canonicalIp(ip) ?? ip.toLowerCase();

export function evaluate(o: { ours: OurAlert[]; baseline: BaselineAlert[]; baselineDocuments: number; labels: Labels | null }): Evaluation {
  const stories = o.labels?.stories ?? [];
  const storyIps = new Set(stories.map((s) => canon(s.expect.ip)));
  const oursByIp = new Map<string, number>();
  for (const a of o.ours) oursByIp.set(canon(a.ip), (oursByIp.get(canon(a.ip)) ?? 0) + 1);
  const baseIps = new Set(o.baseline.map((a) => canon(a.ip)));
  const outcomes: StoryOutcome[] = stories.map((s) => {
    const ip = canon(s.expect.ip);
    return {
      id: s.id,
      kind: s.kind ?? (s.label.alert ? 'attack' : 'noise'),
      wanted: s.label.alert,
      why: s.label.why,
      ip,
      ours: oursByIp.get(ip) ?? 0,
      baseline: baseIps.has(ip) ? 1 : 0,
      ...(s.baseline ? { baselineExpected: s.baseline.alert } : {}),
    };
  });
  const score = (count: (s: StoryOutcome) => number, alerts: number, outsideLabels: number): RuleScore => ({
    alerts,
    caught: outcomes.filter((s) => s.wanted && count(s) > 0).length,
    missed: outcomes.filter((s) => s.wanted && count(s) === 0).length,
    falsePositiveStories: outcomes.filter((s) => !s.wanted && count(s) > 0).length,
    falsePositiveAlerts: outcomes.filter((s) => !s.wanted).reduce((n, s) => n + count(s), 0),
    outsideLabels,
  });
  const outsideOurs = o.ours.filter((a) => !storyIps.has(canon(a.ip)));
  const outsideBase = o.baseline.filter((a) => !storyIps.has(canon(a.ip))).map((a) => a.ip);
  return {
    stories: outcomes,
    ours: score((s) => s.ours, o.ours.length, outsideOurs.length),
    baseline: { ...score((s) => s.baseline, o.baseline.length, outsideBase.length), documents: o.baselineDocuments },
    outside: { ours: outsideOurs, baseline: outsideBase },
  };
}

const pad = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));

function verdict(wanted: boolean, n: number, perUser: boolean): string {
  if (wanted) return n > 0 ? (perUser && n > 1 ? `caught (${n})` : 'caught') : 'MISSED';
  return n > 0 ? (perUser && n > 1 ? `FALSE POSITIVE (${n})` : 'FALSE POSITIVE') : '-';
}

/** The side-by-side table (plain text, fixed width). */
export function formatEvaluation(e: Evaluation, header: string[]): string {
  const W = [52, 24, 24];
  const row = (cells: string[]) => cells.map((c, i) => pad(c, W[i] ?? 0)).join(' ').trimEnd();
  const wanted = e.stories.filter((s) => s.wanted).length;
  const unwanted = e.stories.length - wanted;
  const lines = [...header, ''];
  lines.push(row(['', 'our rule', 'Elastic prebuilt (logic)']));
  lines.push(row(['granularity', 'user + source IP', 'source IP']));
  lines.push(row(['alerts raised', String(e.ours.alerts), `${e.baseline.alerts} IPs (${e.baseline.documents} alert docs)`]));
  if (e.stories.length) {
    lines.push(row([`labelled stories wanting an alert caught (${wanted})`, `${e.ours.caught}/${wanted}`, `${e.baseline.caught}/${wanted}`]));
    lines.push(row([`labelled no-alert stories alerted (${unwanted})`, `${e.ours.falsePositiveStories} (${e.ours.falsePositiveAlerts} alerts)`, `${e.baseline.falsePositiveStories}`]));
    lines.push(row(['alerts outside the labels', String(e.ours.outsideLabels), String(e.baseline.outsideLabels)]));
    lines.push('');
    lines.push(row(['story (label)', 'our rule', 'Elastic prebuilt (logic)']));
    for (const s of e.stories) lines.push(row([`${s.id} (${s.wanted ? 'alert' : 'no alert'})`, verdict(s.wanted, s.ours, true), verdict(s.wanted, s.baseline, false)]));
  }
  const differ = e.stories.filter((s) => s.baselineExpected !== undefined && s.baselineExpected !== s.baseline > 0);
  if (differ.length) {
    lines.push('');
    lines.push(`baseline outcomes that differ from the labels' "baseline" expectation: ${differ.map((s) => s.id).join(', ')}`);
  }
  if (e.outside.ours.length || e.outside.baseline.length) {
    lines.push('');
    lines.push('alerts outside the labels:');
    for (const a of e.outside.ours) lines.push(`  our rule: ${a.user} ${a.ip}`);
    for (const ip of e.outside.baseline) lines.push(`  Elastic prebuilt (logic): ${ip}`);
  }
  return `${lines.join('\n')}\n`;
}
