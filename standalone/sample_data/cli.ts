// `npm run sample-data -- --out DIR [--seed N] [--users N] [--days N] [--end ISO]`
// Without --end the range ends at the current hour (UTC, rounded down) so a fresh install shows recent
// data; pass --end for byte-identical output (same seed + options + end => same bytes).
import { parseArgs } from 'node:util';
import { DEFAULTS, generateSampleData, validateOptions } from './generate';
import { writeSampleData } from './write';

export const defaultEnd = (nowMs: number) => new Date(Math.floor(nowMs / 3_600_000) * 3_600_000).toISOString();

const USAGE = 'usage: npm run sample-data -- --out DIR [--seed N] [--users N] [--days N] [--end ISO]';

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  now: () => number;
}

const int = (s: string | undefined, dflt: number) => (s === undefined ? dflt : /^\d+$/.test(s) ? Number(s) : NaN);

export async function main(argv: string[], io: Io): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { out: { type: 'string' }, seed: { type: 'string' }, users: { type: 'string' }, days: { type: 'string' }, end: { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
    }));
  } catch (e) {
    io.stderr(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (typeof values.out !== 'string' || !values.out) {
    io.stderr(`--out DIR is required\n${USAGE}\n`);
    return 2;
  }
  const opts = {
    seed: int(values.seed as string | undefined, DEFAULTS.seed),
    users: int(values.users as string | undefined, DEFAULTS.users),
    days: int(values.days as string | undefined, DEFAULTS.days),
    end: (values.end as string | undefined) ?? defaultEnd(io.now()),
  };
  const errors = validateOptions(opts);
  if (errors.length) {
    io.stderr(`${errors.join('\n')}\n${USAGE}\n`);
    return 2;
  }
  const t0 = Date.now();
  const data = generateSampleData(opts);
  await writeSampleData(values.out, data);
  const total = Object.values(data.manifest.indices).reduce((a, b) => a + b, 0);
  io.stderr(`wrote ${total} documents in ${data.indices.size} indices to ${values.out} (${data.manifest.stories.length} stories, ${data.manifest.expected_alerts.length} expected alerts, ${Date.now() - t0} ms)\n`);
  for (const [k, v] of Object.entries(data.manifest.indices)) io.stderr(`  ${k}: ${v}\n`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), now: () => Date.now() }).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`${(e as Error).stack ?? e}\n`);
      process.exit(1);
    }
  );
}
