// Rule runs as Kibana's task manager schedules them: every `interval` from the range start; each run's
// window is the look-back ending at the run time, extended back to the previous run when the gap since
// it is longer than the look-back (capped at look-back + maxCatchUpMinutes).

export interface Run {
  /** run (task start) time, ms */
  at: number;
  dateStart: string;
  dateEnd: string;
}

export interface ScheduleInput {
  from: number;
  to: number;
  intervalMs: number;
  lookbackMinutes: number;
  maxCatchUpMinutes: number;
}

/** Parses Kibana-style intervals: `30s`, `5m`, `1h`, `1d`. */
export function parseInterval(s: string): number | null {
  const m = /^(\d+)([smhd])$/.exec(s.trim());
  if (!m) return null;
  const n = Number(m[1]);
  if (n <= 0) return null;
  return n * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

export function schedule(i: ScheduleInput): Run[] {
  const runs: Run[] = [];
  const lookback = i.lookbackMinutes * 60_000;
  const cap = lookback + i.maxCatchUpMinutes * 60_000;
  // the rule is created at `from` and runs right away (no previous run), then every interval until a run
  // covers `to`
  let prev: number | null = null;
  for (let at = i.from; ; at += i.intervalMs) {
    const start = prev === null ? at - lookback : Math.max(Math.min(at - lookback, prev), at - cap);
    runs.push({ at, dateStart: new Date(start).toISOString(), dateEnd: new Date(at).toISOString() });
    prev = at;
    if (at >= i.to) break;
  }
  return runs;
}
