// `npm start [-- --data DIR] [--port N] [--read-only] [--users N] [--days N] [--seed N] [--no-backfill]`
// Starts the standalone host on http://127.0.0.1:5601 (everything on loopback). ES_URL (+ ES_API_KEY or
// ES_USERNAME/ES_PASSWORD) uses a real cluster instead of the embedded engine.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { REPO_ROOT } from './bundle';
import { startHost } from './host';
import { DEFAULT_KIBANA_VERSION, kibanaVersion, SUPPORTED_KIBANA_VERSIONS } from './kibana/versions';

const USAGE = `usage: npm start -- [--kibana-version V] [--data DIR] [--port N] [--read-only] [--users N] [--days N] [--seed N] [--end ISO] [--no-backfill | --backfill-hours N] [--log-level LEVEL]
  --kibana-version V   Kibana version whose contracts the shims enforce: ${SUPPORTED_KIBANA_VERSIONS.join(', ')} (default ${DEFAULT_KIBANA_VERSION})
  --data DIR     data directory (default: .data in the repository)
  --port N       HTTP port on 127.0.0.1 (default 5601, 0 = random)
  --read-only    browse as 'viewer' (feature read privileges); 'elastic' cannot be selected
  --users/--days/--seed/--end   sample data size on first start
  --backfill-hours N   replay only the sample's last N hours on first start (the planted stories are in the last day)
env: ES_URL, ES_API_KEY | ES_USERNAME + ES_PASSWORD, ES_CA_FINGERPRINT, ES_RUN_AS=true`;

async function main(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'kibana-version': { type: 'string' },
        data: { type: 'string' },
        port: { type: 'string' },
        'read-only': { type: 'boolean' },
        users: { type: 'string' },
        days: { type: 'string' },
        seed: { type: 'string' },
        end: { type: 'string' },
        'no-backfill': { type: 'boolean' },
        'backfill-hours': { type: 'string' },
        'no-schedule': { type: 'boolean' },
        'log-level': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const int = (k: string) => {
    const v = values[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !/^\d+$/.test(v)) throw new Error(`--${k} must be a non-negative integer (got ${v})`);
    return Number(v);
  };
  let port: number | undefined, users: number | undefined, days: number | undefined, seed: number | undefined, backfillHours: number | undefined;
  try {
    port = int('port');
    users = int('users');
    days = int('days');
    seed = int('seed');
    backfillHours = int('backfill-hours');
    if (port !== undefined && port > 65535) throw new Error('--port must be 0..65535');
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const kv = typeof values['kibana-version'] === 'string' ? values['kibana-version'] : DEFAULT_KIBANA_VERSION;
  try {
    kibanaVersion(kv);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const dataDir = resolve(typeof values.data === 'string' ? values.data : resolve(REPO_ROOT, '.data'));
  const t0 = Date.now();
  const host = await startHost({
    kibanaVersion: kv,
    dataDir,
    port: port ?? 5601,
    readOnly: !!values['read-only'],
    sample: { users, days, seed, end: values.end as string | undefined },
    backfill: !values['no-backfill'],
    backfillHours: backfillHours || undefined,
    schedule: !values['no-schedule'],
    logLevel: (values['log-level'] as 'info' | undefined) ?? 'info',
    onListening: (appUrl) => process.stdout.write(`UI available at ${appUrl} after ${((Date.now() - t0) / 1000).toFixed(1)} s\n`),
  });
  const b = host.bundle;
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  process.stdout.write(
    [
      `bundle: initial JS ${kb(b.initialJsBytes)} (${b.initialFiles.length} files), lazy chunks ${kb(b.lazyJsBytes)} (${b.lazyFiles} files)${b.cached ? ' [cached]' : ` [built in ${b.buildMs} ms]`}`,
      `timings (ms): ${Object.entries(host.timings).map(([k, v]) => `${k} ${v}`).join(', ')}`,
      `imitating Kibana ${host.kibanaVersion}; spaces: default (/), soc-b (/s/soc-b); users: elastic, viewer, nobody, analyst, analyst_b`,
      `Kibana standalone host ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${host.appUrl}${values['read-only'] ? ' (read-only: user viewer)' : ''}`,
      '',
    ].join('\n')
  );
  let closing = false;
  const stop = async (sig: string) => {
    if (closing) return;
    closing = true;
    process.stdout.write(`${sig}: stopping\n`);
    await host.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  return -1;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (e) => {
    process.stderr.write(`host failed to start: ${(e as Error).stack ?? e}\n`);
    process.exit(1);
  }
);
