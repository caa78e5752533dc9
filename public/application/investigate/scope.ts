// The "Investigate" page's scope: a user, an IP or both over a time range, read from the deep link
// `/investigate?user=&ip=&from=&to=` (from/to: ISO-8601 or Kibana date math such as now-24h, now/d) and checked
// here with the same rules as the API, so bad input gets a message in the page instead of a failed request.
import dateMath from '@elastic/datemath';
import { MAX_INVESTIGATION_WINDOW_DAYS, MAX_INVESTIGATION_WINDOW_MS, UserString, isIsoDate, isValidIp, normalizeIp } from '../../../common/api';
import { tr } from '../../i18n';

export const INVESTIGATE_PATH = '/investigate';
export const DEFAULT_FROM = 'now-24h';
export const DEFAULT_TO = 'now';

/** What the URL (or the form) says, as typed. */
export interface ScopeDraft {
  user: string;
  ip: string;
  from: string;
  to: string;
}
/** A checked scope: normalized user/IP, from/to resolved to ISO instants. */
export interface Scope {
  user?: string;
  ip?: string;
  from: string;
  to: string;
}
export type ScopeErrors = Partial<Record<'scope' | 'user' | 'ip' | 'from' | 'to' | 'range', string>>;
export type ScopeResult = { ok: true; scope: Scope } | { ok: false; errors: ScopeErrors };

export function draftFromSearch(search: string): ScopeDraft {
  const q = new URLSearchParams(search);
  return { user: q.get('user') ?? '', ip: q.get('ip') ?? '', from: q.get('from') || DEFAULT_FROM, to: q.get('to') || DEFAULT_TO };
}

/** `/investigate?...` for a draft or scope (empty values left out). */
export function investigatePath(s: { user?: string; ip?: string; from: string; to: string }): string {
  const q = new URLSearchParams();
  for (const k of ['user', 'ip', 'from', 'to'] as const) {
    const v = s[k]?.trim();
    if (v) q.set(k, v);
  }
  return `${INVESTIGATE_PATH}?${q.toString()}`;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/**
 * ISO-8601 with a zone, a calendar date (UTC midnight), or date math anchored at `now` (`now-7d`, `now/d`).
 * Anything else is refused: datemath would hand it to `new Date()`, which guesses.
 */
export function resolveTime(value: string, roundUp: boolean, now: Date = new Date()): string | null {
  const v = value.trim();
  if (isIsoDate(v)) return new Date(Date.parse(v)).toISOString();
  if (DATE_ONLY.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))) return new Date(`${v}T00:00:00Z`).toISOString();
  if (!/^now([+\-/]|$)/.test(v)) return null;
  const m = dateMath.parse(v, { roundUp, forceNow: now });
  return m && m.isValid() ? m.toISOString() : null;
}

const days = (ms: number) => Math.ceil(ms / 86_400_000);

/** Checks a draft; each message names what is wrong and how to fix it. */
export function checkScope(d: ScopeDraft, now: Date = new Date()): ScopeResult {
  const errors: ScopeErrors = {};
  const user = d.user.trim();
  const ip = d.ip.trim();
  if (!user && !ip) errors.scope = tr('investigate.needScope', 'Enter a user, an IP address, or both.');
  if (user && !UserString.is(user)) errors.user = tr('investigate.badUser', 'The user must be 1 to 256 characters without control characters.');
  if (ip && !isValidIp(ip)) errors.ip = tr('investigate.badIp', '“{ip}” is not an IPv4 or IPv6 address (e.g. 203.0.113.7 or 2001:db8::7).', { ip: ip.slice(0, 64) });
  const from = resolveTime(d.from, false, now);
  const to = resolveTime(d.to, true, now);
  const hint = tr('investigate.timeHint', 'use an ISO-8601 time such as 2026-03-01T00:00:00Z or date math such as now-24h');
  if (!from) errors.from = tr('investigate.badFrom', 'The start “{value}” is not a time: {hint}.', { value: d.from.slice(0, 64), hint });
  if (!to) errors.to = tr('investigate.badTo', 'The end “{value}” is not a time: {hint}.', { value: d.to.slice(0, 64), hint });
  if (from && to) {
    const span = Date.parse(to) - Date.parse(from);
    if (span < 0) errors.range = tr('investigate.reversed', 'The start ({from}) is after the end ({to}).', { from, to });
    else if (span > MAX_INVESTIGATION_WINDOW_MS) {
      errors.range = tr('investigate.tooLong', 'The range covers {days} days; the longest is {max} days.', { days: days(span), max: MAX_INVESTIGATION_WINDOW_DAYS });
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    scope: { ...(user ? { user: user.toLowerCase() } : {}), ...(ip ? { ip: normalizeIp(ip) } : {}), from: from!, to: to! },
  };
}

/** Kibana's default quick ranges (`timepicker:quickRanges`) that fit the longest window. */
export const quickRanges = () => [
  { start: 'now/d', end: 'now/d', label: tr('investigate.range.today', 'Today') },
  { start: 'now/w', end: 'now/w', label: tr('investigate.range.week', 'This week') },
  { start: 'now-15m', end: 'now', label: tr('investigate.range.15m', 'Last 15 minutes') },
  { start: 'now-30m', end: 'now', label: tr('investigate.range.30m', 'Last 30 minutes') },
  { start: 'now-1h', end: 'now', label: tr('investigate.range.1h', 'Last 1 hour') },
  { start: 'now-24h', end: 'now', label: tr('investigate.range.24h', 'Last 24 hours') },
  { start: 'now-7d', end: 'now', label: tr('investigate.range.7d', 'Last 7 days') },
  { start: 'now-30d', end: 'now', label: tr('investigate.range.30d', 'Last 30 days') },
];
