// The ES|QL the rule sends for given settings, from the rule's own builders (common/rule_queries/build_queries.ts,
// pure functions), with parameters inlined for reading.
import { inlineEsqlParams } from '../../common/api';
import { tr } from '../i18n';
import type { RuleParams } from '../../common/params';
import {
  buildNetworkQuery,
  buildPairsQuery,
  buildSigninIpsQuery,
  buildThreatIntelQuery,
  type EsqlRequestBody,
} from '../../common/rule_queries/build_queries';

export interface PreviewQuery {
  id: string;
  title: string;
  esql: string;
  filter: string;
}

const EXAMPLE_IP = '203.0.113.7';

/** One entry per request of a run (candidate IP lists are shown with an example address). */
export function previewQueries(params: RuleParams, now = new Date()): PreviewQuery[] {
  const window = { dateStart: new Date(now.getTime() - params.lookbackMinutes * 60_000).toISOString(), dateEnd: now.toISOString() };
  const out: Array<[string, string, EsqlRequestBody]> = [];
  if (params.detectionMode !== 'threat_intel') out.push(['network', tr('preview.network', 'Network alerts per source IP'), buildNetworkQuery(params, window)]);
  if (params.detectionMode !== 'network') {
    out.push(['signinIps', tr('preview.signinIps', 'Sign-in and activity IPs'), buildSigninIpsQuery(params, window)]);
    out.push(['threatIntel', tr('preview.threatIntel', 'Threat-intel indicators for those IPs'), buildThreatIntelQuery(params, window, [EXAMPLE_IP])]);
  }
  out.push(['pairs', tr('preview.pairs', 'Sign-ins and M365 activity per (user, IP)'), buildPairsQuery(params, window, [EXAMPLE_IP])]);
  return out.map(([id, title, body]) => ({ id, title, esql: inlineEsqlParams(body), filter: JSON.stringify(body.filter, null, 2) }));
}
