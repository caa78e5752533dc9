// `npm run bench:replay [-- --users N] [-- --days 2,7]`: replays generated sample data (same seed and end, one
// span per --days entry) through the embedded engine and prints events/s per span and how replay time grows with
// the span (linear = the time ratio equals the span ratio). Figures only; nothing here is a timed test.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { generateSampleData } from '../sample_data/generate';
import { writeSampleData } from '../sample_data/write';
import { main as replay } from './cli';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const USERS = Number(arg('users') ?? 2000);
const DAYS = (arg('days') ?? '2,7').split(',').map(Number);
const END = '2026-11-20T00:00:00.000Z';

async function one(days: number): Promise<{ days: number; secs: number; events: number; runs: number; alerts: number; loadSecs: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `replay-bench-${days}d-`));
  try {
    // No variable keeps the generated data: it is garbage once written, not live heap during the replay.
    await writeSampleData(dir, generateSampleData({ seed: 1, users: USERS, days, end: END }));
    let err = '';
    let alerts = 0;
    const code = await replay(['--data', dir], { stdout: (s) => (alerts += s.split('\n').filter(Boolean).length), stderr: (s) => (err += s) });
    if (code !== 0) throw new Error(`replay exited ${code}: ${err}`);
    const m = /runs every \S+, \d+ requests, \d+ alerts in ([\d.]+) s; throughput (\d+) events\/s \((\d+) events in range\)/.exec(err);
    const runs = Number(/: (\d+) runs every/.exec(err)?.[1] ?? 0);
    const load = /in ([\d.]+) s \(\d+ docs\/s\)/.exec(err);
    if (!m) throw new Error(`unexpected replay output: ${err}`);
    return { days, secs: Number(m[1]), events: Number(m[3]), runs, alerts, loadSecs: Number(load?.[1] ?? NaN) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(`replay benchmark: ${USERS} users, spans ${DAYS.join(' and ')} days, node ${process.version}, ${os.cpus().length} cores`);
  const res = [];
  for (const d of DAYS) {
    const r = await one(d);
    res.push(r);
    console.log(`  ${d} days: ${r.events} events, ${r.runs} runs, ${r.alerts} alerts; load ${r.loadSecs.toFixed(1)} s; replay ${r.secs.toFixed(1)} s = ${Math.round(r.events / r.secs)} events/s (goal >= 10,000/s)`);
  }
  if (res.length >= 2) {
    const [a, b] = [res[0], res[res.length - 1]];
    const spanRatio = b.days / a.days;
    const timeRatio = b.secs / a.secs;
    console.log(`  replay time ratio ${timeRatio.toFixed(2)} for a span ratio of ${spanRatio.toFixed(2)}: ${timeRatio <= spanRatio * 1.25 ? 'linear' : timeRatio >= spanRatio * spanRatio * 0.75 ? 'quadratic' : 'super-linear'}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
