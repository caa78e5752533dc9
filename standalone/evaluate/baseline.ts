// The baseline: the logic of Elastic's prebuilt ES|QL rule "M365 or Entra ID Identity Sign-in from a
// Suspicious Source" (detection-rules `rules/cross-platform/initial_access_azure_o365_with_network_alert.toml`,
// rule_id f0cc239b-67fa-46fc-89d4-f861753a40f5), written here from its documented conditions
// (/work/shared/notes/elastic_rule_anchor.md, docs/evaluation.md), run the way Kibana runs an ES|QL
// detection rule: the query text plus ` | limit <max_signals + 1>`, and a Query DSL time-range filter on the
// rule's timestamp override with @timestamp as fallback.
import type { Client } from '@elastic/elasticsearch';
import { EXTERNAL_ALERTS_RULE_ID } from '../../common/constants';
import type { Run } from '../replay/schedule';

/** The prebuilt rule's metadata that shapes how it runs. */
export const PREBUILT = {
  ruleId: 'f0cc239b-67fa-46fc-89d4-f861753a40f5',
  name: 'M365 or Entra ID Identity Sign-in from a Suspicious Source',
  lookbackMinutes: 8 * 60,
  intervalMinutes: 60,
  timestampOverride: 'event.ingested',
  /** Kibana's default max_signals: the ES|QL request gets `| limit 101` */
  maxSignals: 100,
  /** rows per source IP above which the rule stays silent (its noise cap) */
  maxRows: 100,
};

/** Special-purpose ranges the prebuilt rule drops (private, loopback, link-local, documentation, CGNAT, multicast, reserved). */
const DROPPED_RANGES = [
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24',
  '192.0.2.0/24', '192.31.196.0/24', '192.52.193.0/24', '192.88.99.0/24', '192.168.0.0/16', '192.175.48.0/24',
  '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/4', '240.0.0.0/4', '::1/128', 'fe80::/10', 'ff00::/8',
];

/**
 * Our own ES|QL for the prebuilt rule's logic: one row per source IP that, in the run's window, has
 * (1) an External Alerts alert whose dataset is not Entra/M365, (2) a successful Entra sign-in or a successful
 * MailItemsAccessed, (3) at least two distinct datasets and (4) at most 100 rows. No per-user grouping and no
 * time order. The dataset test reads `event.dataset` (mapped on alerts-as-data, Fleet and Filebeat documents);
 * the rule's latest text reads `data_stream.dataset`, which `.alerts-security.*` does not map (docs/evaluation.md).
 */
export const DEFAULT_BASELINE_QUERY = [
  'FROM logs-o365.audit-*, logs-azure.signinlogs-*, .alerts-security.*',
  '| EVAL ip = TO_IP(source.ip),',
  '    is_cloud = event.dataset IN ("o365.audit", "azure.signinlogs"),',
  `    is_external_alert = kibana.alert.rule.rule_id == "${EXTERNAL_ALERTS_RULE_ID}"`,
  '| WHERE ip IS NOT NULL AND (is_cloud OR is_external_alert)',
  `    AND NOT CIDR_MATCH(ip, ${DROPPED_RANGES.map((r) => `"${r}"`).join(', ')})`,
  '| EVAL mail_success = event.dataset == "o365.audit" AND event.action == "MailItemsAccessed" AND event.outcome == "success",',
  '    entra_success = event.dataset == "azure.signinlogs" AND event.outcome == "success",',
  '    network_alert = is_external_alert AND NOT is_cloud',
  '| STATS rows = COUNT(*),',
  '    network_alerts = COUNT(*) WHERE network_alert,',
  '    entra_successes = COUNT(*) WHERE entra_success,',
  '    mail_successes = COUNT(*) WHERE mail_success,',
  '    datasets = COUNT_DISTINCT(event.dataset),',
  '    dataset_values = VALUES(event.dataset)',
  '  BY source_ip = ip',
  `| WHERE network_alerts > 0 AND datasets >= 2 AND (entra_successes > 0 OR mail_successes > 0) AND rows <= ${PREBUILT.maxRows}`,
].join('\n');

/** Kibana's time-range filter for a rule with a timestamp override and the @timestamp fallback (build_events_query.ts `buildTimeRangeFilter`). */
export function timeRangeFilter(from: string, to: string, primary = PREBUILT.timestampOverride): Record<string, unknown> {
  const range = (field: string) => ({ range: { [field]: { lte: to, gte: from, format: 'strict_date_optional_time' } } });
  if (primary === '@timestamp') return range('@timestamp');
  return {
    bool: {
      minimum_should_match: 1,
      should: [range(primary), { bool: { filter: [range('@timestamp')], must_not: { exists: { field: primary } } } }],
    },
  };
}

export interface BaselineAlert {
  /** canonical source IP: the prebuilt rule's only grouping key */
  ip: string;
  /** runs that returned the IP: each is a separate alert document (an aggregating ES|QL rule's alert id hashes the run's time range) */
  documents: number;
  /** run times of the first and last run that returned it */
  first: string;
  last: string;
}

export interface BaselineResult {
  alerts: BaselineAlert[];
  runs: number;
  /** total alert documents written (sum of per-run rows) */
  documents: number;
  truncatedRuns: number;
  ms: number;
}

/** The column holding the source IP: ours is `source_ip`; a copy of the real rule names it `Esql.source_ip`. */
export function ipColumnIndex(columns: Array<{ name: string; type: string }>): number {
  for (const name of ['source_ip', 'Esql.source_ip', 'source.ip']) {
    const i = columns.findIndex((c) => c.name === name);
    if (i >= 0) return i;
  }
  return columns.findIndex((c) => c.type === 'ip');
}

export class BaselineQueryError extends Error {}

export async function runBaseline(o: { client: Client; query: string; runs: Run[]; onRun?: (i: number) => void }): Promise<BaselineResult> {
  const t0 = Date.now();
  const byIp = new Map<string, BaselineAlert>();
  let documents = 0;
  let truncatedRuns = 0;
  const query = `${o.query.trim()}\n| LIMIT ${PREBUILT.maxSignals + 1}`;
  for (let i = 0; i < o.runs.length; i++) {
    const run = o.runs[i];
    o.onRun?.(i);
    let resp: { columns: Array<{ name: string; type: string }>; values: unknown[][] };
    try {
      resp = (await o.client.esql.query({ query, filter: timeRangeFilter(run.dateStart, run.dateEnd), format: 'json', columnar: false })) as unknown as typeof resp;
    } catch (e) {
      const reason = (e as { meta?: { body?: { error?: { reason?: string } } } }).meta?.body?.error?.reason ?? (e as Error).message;
      throw new BaselineQueryError(`baseline query failed on the run at ${run.dateEnd}: ${reason}`);
    }
    const col = ipColumnIndex(resp.columns);
    if (col < 0) throw new BaselineQueryError(`baseline query returns no source IP column (expected source_ip, Esql.source_ip or an ip column; got ${resp.columns.map((c) => c.name).join(', ') || 'none'})`);
    // Kibana writes at most max_signals alerts per run
    const rows = resp.values.slice(0, PREBUILT.maxSignals);
    if (resp.values.length > PREBUILT.maxSignals) truncatedRuns++;
    const at = run.dateEnd;
    for (const row of rows) {
      const ip = String(row[col] ?? '');
      if (!ip) continue;
      documents++;
      const prev = byIp.get(ip);
      byIp.set(ip, prev ? { ...prev, documents: prev.documents + 1, last: at } : { ip, documents: 1, first: at, last: at });
    }
  }
  const alerts = [...byIp.values()].sort((a, b) => a.first.localeCompare(b.first) || a.ip.localeCompare(b.ip));
  return { alerts, runs: o.runs.length, documents, truncatedRuns, ms: Date.now() - t0 };
}
