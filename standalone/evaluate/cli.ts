// `npm run evaluate -- --data DIR [--params FILE] [--labels FILE] [--baseline-query FILE] [--interval 5m]
//    [--baseline-schedule replay|rule] [--format table|json]`
// Replays our rule over a data folder (standalone/replay) and runs the baseline query (the prebuilt Elastic
// rule's logic, or the user's own copy of it) over the same documents, then scores both against labelled
// stories (a sample-data manifest.json). Exit 0 on success, 2 on bad input, 1 on an unexpected failure.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_RULE_PARAMS } from '../../common/params';
import { FolderError, readDataFolder, type FolderIndex } from '../sample_data/folder';
import { loadIndices } from '../sample_data/load';
import { clientFromEnv } from '../sample_data/es_connection';
import { unreadIndexReason } from '../replay/patterns';
import { parseInterval, schedule, type Run } from '../replay/schedule';
import { jsonErrorLocation } from '../replay/json_position';
import { replayRuns, type Correlate } from '../replay/replay';
import { connect, loadCorrelate, type StartEngine } from '../replay/deps';
import { InputError, dataRange, readParamsFile } from '../replay/cli';
import { BaselineQueryError, DEFAULT_BASELINE_QUERY, PREBUILT, runBaseline } from './baseline';
import { evaluate, formatEvaluation, type Labels } from './score';

const USAGE =
  'usage: npm run evaluate -- --data DIR [--params FILE.json] [--labels manifest.json] [--baseline-query FILE.esql]\n' +
  '       [--interval 5m] [--baseline-schedule replay|rule] [--format table|json]\n' +
  '       labels default to DIR/manifest.json when it exists; --baseline-schedule rule runs the baseline every 1h over 8h\n' +
  '       (the prebuilt rule\'s own schedule) instead of our rule\'s runs and windows; ES_URL loads into that cluster';

export interface EvaluateIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env?: NodeJS.ProcessEnv;
  correlate?: Correlate;
  startEngine?: StartEngine;
}

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw new InputError(`${file}: unreadable ${what} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** Labels: a sample-data manifest (or any JSON with `stories[]` of `{ id, label: { alert, why }, expect: { ip } }`). */
export async function readLabels(file: string): Promise<Labels> {
  const text = await readText(file, 'labels file');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${file}${jsonErrorLocation(text)}: invalid JSON in labels file (${(e as Error).message})`);
  }
  const stories = (json as { stories?: unknown })?.stories;
  if (!Array.isArray(stories)) throw new InputError(`${file}: labels need a "stories" array (the sample data's manifest.json format)`);
  stories.forEach((s, i) => {
    const st = s as { id?: unknown; label?: { alert?: unknown; why?: unknown }; expect?: { ip?: unknown } };
    const where = `${file}: stories[${i}]`;
    if (typeof st?.id !== 'string') throw new InputError(`${where}: "id" must be a string`);
    if (typeof st.label?.alert !== 'boolean' || typeof st.label.why !== 'string') throw new InputError(`${where} (${st.id}): "label" must be { "alert": boolean, "why": string }`);
    if (typeof st.expect?.ip !== 'string') throw new InputError(`${where} (${st.id}): "expect.ip" must be the story's source IP`);
  });
  return { stories: stories as Labels['stories'] };
}

/** The prebuilt rule's own schedule over the range: a run every hour, each over the last 8 hours. */
export function prebuiltSchedule(from: number, to: number): Run[] {
  return schedule({ from, to, intervalMs: PREBUILT.intervalMinutes * 60_000, lookbackMinutes: PREBUILT.lookbackMinutes, maxCatchUpMinutes: 0 });
}

export async function main(argv: string[], io: EvaluateIo): Promise<number> {
  const env = io.env ?? process.env;
  try {
    let values: Record<string, string | boolean | undefined>;
    try {
      ({ values } = parseArgs({
        args: argv,
        options: {
          data: { type: 'string' },
          params: { type: 'string' },
          labels: { type: 'string' },
          'baseline-query': { type: 'string' },
          'baseline-schedule': { type: 'string', default: 'replay' },
          interval: { type: 'string', default: '5m' },
          format: { type: 'string', default: 'table' },
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
    const dataDir = values.data as string | undefined;
    if (!dataDir) throw new InputError(`--data DIR is required\n${USAGE}`);
    const format = values.format as string;
    if (format !== 'table' && format !== 'json') throw new InputError(`--format must be table or json (got '${format}')`);
    const baselineSchedule = values['baseline-schedule'] as string;
    if (baselineSchedule !== 'replay' && baselineSchedule !== 'rule') throw new InputError(`--baseline-schedule must be replay or rule (got '${baselineSchedule}')`);
    const intervalMs = parseInterval(values.interval as string);
    if (intervalMs === null) throw new InputError(`--interval: bad interval '${values.interval}' (e.g. 30s, 5m, 1h)`);
    const params = values.params ? await readParamsFile(values.params as string) : DEFAULT_RULE_PARAMS;
    const labelsFile = (values.labels as string | undefined) ?? (existsSync(join(dataDir, 'manifest.json')) ? join(dataDir, 'manifest.json') : undefined);
    const labels = labelsFile ? await readLabels(labelsFile) : null;
    const baselineFile = values['baseline-query'] as string | undefined;
    const baselineQuery = baselineFile ? (await readText(baselineFile, 'baseline query file')).trim() : DEFAULT_BASELINE_QUERY;
    if (!baselineQuery) throw new InputError(`${baselineFile}: the baseline query file is empty`);
    if (/\bnow\s*\(\s*\)/i.test(baselineQuery)) {
      io.stderr(`warning: the baseline query uses NOW(): a replay of past data needs the time range from the request filter only (remove the in-query "@timestamp > NOW() - 8 hours" condition)\n`);
    }

    let indices: FolderIndex[];
    try {
      indices = await readDataFolder(dataDir, { accept: (name) => unreadIndexReason(params, name), requireTimestamp: true });
    } catch (e) {
      if (e instanceof FolderError) throw new InputError(e.message);
      throw e;
    }
    let range = dataRange(indices);
    if (!range) throw new InputError(`${dataDir}: no event documents with @timestamp to replay`);
    if (range.to === range.from) range = { from: range.from, to: range.from + 1 };
    const runs = schedule({ from: range.from, to: range.to, intervalMs, lookbackMinutes: params.lookbackMinutes, maxCatchUpMinutes: params.maxCatchUpMinutes });
    const baselineRuns = baselineSchedule === 'rule' ? prebuiltSchedule(range.from, range.to) : runs;

    const cluster = clientFromEnv(env);
    const { client, close } = await connect(cluster, io.startEngine);
    try {
      const loaded = await loadIndices(indices, { client });
      io.stderr(`loaded ${loaded.total} documents into ${indices.length} indices in ${(loaded.ms / 1000).toFixed(1)} s\n`);
      // the baseline first: a broken user query fails before the (longer) replay
      const base = await runBaseline({ client, query: baselineQuery, runs: baselineRuns });
      io.stderr(`baseline: ${base.runs} runs, ${base.alerts.length} IPs, ${base.documents} alert documents in ${(base.ms / 1000).toFixed(1)} s\n`);
      const ours = await replayRuns({ esClient: client, params, runs, correlate: io.correlate ?? loadCorrelate() });
      io.stderr(`our rule: ${ours.runs} runs, ${ours.alerts.length} alerts in ${(ours.ms / 1000).toFixed(1)} s\n`);
      for (const w of ours.warnings) io.stderr(`warning (our rule): ${w}\n`);
      if (ours.truncatedRuns) io.stderr(`warning (our rule): ${ours.truncatedRuns} runs truncated\n`);
      if (base.truncatedRuns) io.stderr(`warning (baseline): ${base.truncatedRuns} runs returned more than ${PREBUILT.maxSignals} rows (Kibana keeps max_signals)\n`);

      const result = evaluate({
        ours: ours.alerts.map((a) => ({ user: a.summary.user, ip: a.summary.source_ip })),
        baseline: base.alerts,
        baselineDocuments: base.documents,
        labels,
      });
      const fmt = (ms: number) => new Date(ms).toISOString().slice(0, 16) + 'Z';
      const every = (r: Run[]) => (r.length > 1 ? `${Math.round((Date.parse(r[1].dateEnd) - Date.parse(r[0].dateEnd)) / 60_000)}m` : '-');
      const header = [
        `data ${dataDir}: ${fmt(range.from)} .. ${fmt(range.to)}${labelsFile ? `, labels ${labelsFile}` : ', no labels'}`,
        `our rule: ${runs.length} runs every ${every(runs)}, ${params.lookbackMinutes}-minute look-back (${values.params ? values.params : 'default params'})`,
        `baseline: ${baselineFile ? `query from ${baselineFile}` : `our ES|QL of "${PREBUILT.name}"`}, ${baselineRuns.length} runs every ${every(baselineRuns)}, ` +
          (baselineSchedule === 'rule' ? `${PREBUILT.lookbackMinutes / 60}-hour look-back (the prebuilt schedule)` : 'the same windows as our rule') +
          `, window on ${PREBUILT.timestampOverride} (else @timestamp); an IP counts once however many runs alert on it`,
      ];
      if (format === 'json') io.stdout(`${JSON.stringify({ header, ...result }, null, 2)}\n`);
      else io.stdout(formatEvaluation(result, header));
    } finally {
      await close();
    }
    return 0;
  } catch (e) {
    if (e instanceof InputError || e instanceof BaselineQueryError) {
      io.stderr(`evaluate: ${e.message}\n`);
      return 2;
    }
    io.stderr(`evaluate failed: ${(e as Error).stack ?? e}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) }).then((code) => {
    process.exitCode = code;
  });
}
