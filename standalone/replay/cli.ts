// `npm run replay -- --data DIR [--params FILE.json] [--from ISO --to ISO] [--interval 5m] [--format ndjson|table]`
// Loads a folder of `<index>.ndjson` (+ optional `<index>.mapping.json`) into an in-memory embedded engine (or
// the cluster at ES_URL), runs the rule over the range in rule-interval steps, prints each alert once.
// Exit 0 on success, 2 on bad input (message names the file and line), 1 on an unexpected failure.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { decodeRuleParams, DEFAULT_RULE_PARAMS, type RuleParams } from '../../common/params';
import { FolderError, readDataFolder, type FolderIndex } from '../sample_data/folder';
import { loadIndices } from '../sample_data/load';
import { clientFromEnv } from '../sample_data/es_connection';
import { unreadIndexReason } from './patterns';
import { parseInterval, schedule } from './schedule';
import { jsonErrorLocation } from './json_position';
import { alertFields, decayed, formatTable, replayRuns, type Correlate } from './replay';
import { connect, loadCorrelate, type StartEngine } from './deps';

const USAGE =
  'usage: npm run replay -- --data DIR [--params FILE.json] [--from ISO --to ISO] [--interval 5m] [--format ndjson|table]\n' +
  '       with ES_URL (+ ES_API_KEY or ES_USERNAME/ES_PASSWORD) the folder is loaded into that cluster; without --data the\n' +
  '       cluster\'s existing data is replayed (then --from and --to are required)';

export class InputError extends Error {}

export interface ReplayIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env?: NodeJS.ProcessEnv;
  correlate?: Correlate;
  startEngine?: StartEngine;
}

const ISO_RE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
function parseIso(flag: string, v: string): number {
  const ms = Date.parse(v);
  if (!ISO_RE.test(v) || Number.isNaN(ms)) throw new InputError(`${flag}: bad date '${v}' (expected ISO 8601, e.g. 2026-11-19T00:00:00Z)`);
  return ms;
}

export async function readParamsFile(file: string): Promise<RuleParams> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new InputError(`${file}: unreadable params file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${file}${jsonErrorLocation(text)}: invalid JSON in params file (${(e as Error).message})`);
  }
  const res = decodeRuleParams(json);
  if (!res.ok) throw new InputError(`${file}: invalid rule params: ${res.errors.join('; ')}`);
  return res.params;
}

/** Event time range of the data: min..max @timestamp, threat-intel indicator docs (event.kind enrichment) aside. */
export function dataRange(indices: FolderIndex[]): { from: number; to: number } | null {
  let from = Infinity;
  let to = -Infinity;
  for (const idx of indices) {
    for (const d of idx.docs) {
      const ev = d.event as { kind?: unknown } | undefined;
      if (ev && ev.kind === 'enrichment') continue;
      const t = typeof d['@timestamp'] === 'number' ? (d['@timestamp'] as number) : Date.parse(String(d['@timestamp']));
      if (Number.isNaN(t)) continue;
      if (t < from) from = t;
      if (t > to) to = t;
    }
  }
  return Number.isFinite(from) ? { from, to } : null;
}

/** Event documents (not indicators) whose @timestamp falls in the replayed range: the throughput basis. */
export function countEvents(indices: FolderIndex[], from: number, to: number): number {
  let n = 0;
  for (const idx of indices) {
    for (const d of idx.docs) {
      const ev = d.event as { kind?: unknown } | undefined;
      if (ev && ev.kind === 'enrichment') continue;
      const t = typeof d['@timestamp'] === 'number' ? (d['@timestamp'] as number) : Date.parse(String(d['@timestamp']));
      if (t >= from && t <= to) n++;
    }
  }
  return n;
}

export async function main(argv: string[], io: ReplayIo): Promise<number> {
  const env = io.env ?? process.env;
  try {
    let values: Record<string, string | boolean | undefined>;
    try {
      ({ values } = parseArgs({
        args: argv,
        options: {
          data: { type: 'string' },
          params: { type: 'string' },
          from: { type: 'string' },
          to: { type: 'string' },
          interval: { type: 'string', default: '5m' },
          format: { type: 'string', default: 'ndjson' },
          help: { type: 'boolean' },
        },
        strict: true,
      }));
    } catch (e) {
      throw new InputError((e as Error).message);
    }
    if (values.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    const format = values.format as string;
    if (format !== 'ndjson' && format !== 'table') throw new InputError(`--format must be ndjson or table (got '${format}')`);
    const intervalMs = parseInterval(values.interval as string);
    if (intervalMs === null) throw new InputError(`--interval: bad interval '${values.interval}' (e.g. 30s, 5m, 1h)`);
    const from = values.from !== undefined ? parseIso('--from', values.from as string) : undefined;
    const to = values.to !== undefined ? parseIso('--to', values.to as string) : undefined;
    if ((from === undefined) !== (to === undefined)) throw new InputError('--from and --to go together');
    if (from !== undefined && to !== undefined && from >= to) throw new InputError(`--from (${values.from}) must be before --to (${values.to})`);
    const params = values.params ? await readParamsFile(values.params as string) : DEFAULT_RULE_PARAMS;
    const dataDir = values.data as string | undefined;
    const cluster = clientFromEnv(env);
    if (!dataDir && !cluster) throw new InputError(`--data DIR is required\n${USAGE}`);

    let indices: FolderIndex[] = [];
    if (dataDir) {
      try {
        indices = await readDataFolder(dataDir, { accept: (name) => unreadIndexReason(params, name), requireTimestamp: true });
      } catch (e) {
        if (e instanceof FolderError) throw new InputError(e.message);
        throw e;
      }
    }
    let range = from !== undefined && to !== undefined ? { from, to } : dataDir ? dataRange(indices) : null;
    if (!range) throw new InputError(dataDir ? `${dataDir}: no event documents with @timestamp to replay` : '--from and --to are required when replaying a cluster without --data');
    if (range.to === range.from) range = { from: range.from, to: range.from + 1 };
    const runs = schedule({ from: range.from, to: range.to, intervalMs, lookbackMinutes: params.lookbackMinutes, maxCatchUpMinutes: params.maxCatchUpMinutes });

    const { client, close } = await connect(cluster, io.startEngine);
    try {
      const events = countEvents(indices, range.from, range.to);
      if (indices.length) {
        const loaded = await loadIndices(indices, { client });
        io.stderr(`loaded ${loaded.total} documents into ${indices.length} indices in ${(loaded.ms / 1000).toFixed(1)} s (${Math.round(loaded.total / Math.max(loaded.ms / 1000, 0.001))} docs/s)\n`);
        // The parsed folder is in the engine now: drop it so the rule runs do not pay garbage collection over a
        // heap of input documents that neither Kibana nor Elasticsearch would hold.
        indices = [];
      }
      const correlate = io.correlate ?? loadCorrelate();
      const res = await replayRuns({ esClient: client, params, runs, correlate });
      if (format === 'ndjson') for (const a of res.alerts) io.stdout(`${JSON.stringify(alertFields(a))}\n`);
      else io.stdout(formatTable(res.alerts));
      const secs = Math.max(res.ms / 1000, 0.001);
      io.stderr(
        `replayed ${new Date(range.from).toISOString()} .. ${new Date(range.to).toISOString()}: ${res.runs} runs every ${values.interval}, ` +
          `${res.requests} requests, ${res.alerts.length} alerts in ${secs.toFixed(1)} s` +
          (events ? `; throughput ${Math.round(events / secs)} events/s (${events} events in range)` : '') +
          (res.truncatedRuns ? `; ${res.truncatedRuns} runs truncated` : '') +
          '\n'
      );
      for (const w of res.warnings) io.stderr(`warning: ${w}\n`);
      for (const a of decayed(res.alerts)) {
        io.stderr(`note: alert ${a.id} keeps its peak severity ${a.peak.severity} (risk ${a.peak.risk_score}) from the run of ${a.peak.at}; its latest run alone says ${a.summary.severity} (risk ${a.summary.risk_score})\n`);
      }
    } finally {
      await close();
    }
    return 0;
  } catch (e) {
    if (e instanceof InputError) {
      io.stderr(`replay: ${e.message}\n`);
      return 2;
    }
    io.stderr(`replay failed: ${(e as Error).stack ?? e}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) }).then((code) => {
    process.exitCode = code;
  });
}
