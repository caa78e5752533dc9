// Severity and risk score of one (user, IP) alert. The table (docs/rule_design.md, "Scoring"):
//
// | rule (first that applies sets the base)            | base severity |
// |-----------------------------------------------------|---------------|
// | risky M365 operations >= criticalRiskyOperations (5) | critical      |
// | risky M365 operations >= highRiskyOperations (1)     | high          |
// | sign-ins + M365 activity >= mediumTotalEvents (10)   | medium        |
// | otherwise                                            | low           |
//
// Signal floors (raise the base, never lower it; each threshold can be 'off'):
// | signal                                             | floor  |
// |----------------------------------------------------|--------|
// | TI max confidence >= tiConfidenceForHigh (high)    | high   |
// | TI max confidence >= tiConfidenceForMedium (medium)| medium |
// | network max severity >= networkSeverityForHigh (critical) | high |
// | network max severity >= networkSeverityForMedium (high)   | medium |
// | Entra risk level >= entraRiskForHigh (high)        | high   |
// | Entra risk level >= entraRiskForMedium (medium)    | medium |
// | both network and TI matched (escalateOnBothSignals, default off) | one level up, at most critical |
//
// With every floor 'off' the base table is exactly the Sentinel "Office activity from TI-known malicious IP"
// buckets (Critical >= 5 risky, High >= 1, Medium >= 10 hits, else Low).
//
// Risk score: the Elastic band start of the severity (low 21, medium 47, high 73, critical 99) plus
// 2 per risky operation (at most 5 counted), +5 when both signals matched (always, even without escalation), +3 for Entra risk high,
// capped at the band top (46, 72, 98, 100), so the score never crosses into the next severity band.
import type { Severity, TiConfidence } from './constants';
import { SEVERITIES, TI_CONFIDENCE_LEVELS } from './constants';

export const ENTRA_RISK_LEVELS = ['none', 'low', 'medium', 'high'] as const;
export type EntraRiskLevel = (typeof ENTRA_RISK_LEVELS)[number];

export interface ScoringThresholds {
  criticalRiskyOperations: number;
  highRiskyOperations: number;
  mediumTotalEvents: number;
  tiConfidenceForHigh: TiConfidence | 'off';
  tiConfidenceForMedium: TiConfidence | 'off';
  networkSeverityForHigh: Severity | 'off';
  networkSeverityForMedium: Severity | 'off';
  entraRiskForHigh: EntraRiskLevel | 'off';
  entraRiskForMedium: EntraRiskLevel | 'off';
  escalateOnBothSignals: boolean;
}

/** Defaults for the signal floors; the first three come from the rule params (`severityThresholds`). */
export const DEFAULT_SIGNAL_FLOORS: Omit<ScoringThresholds, 'criticalRiskyOperations' | 'highRiskyOperations' | 'mediumTotalEvents'> = {
  tiConfidenceForHigh: 'high',
  tiConfidenceForMedium: 'medium',
  networkSeverityForHigh: 'critical',
  networkSeverityForMedium: 'high',
  entraRiskForHigh: 'high',
  entraRiskForMedium: 'medium',
  escalateOnBothSignals: false,
};

export interface ScoringInput {
  riskyOperations: number;
  /** sign-ins + M365 activity events */
  totalEvents: number;
  network: { matched: boolean; maxSeverity: Severity | null };
  threatIntel: { matched: boolean; maxConfidence: TiConfidence | null };
  /** Entra `risk_level_during_signin` values seen (unknown values are ignored) */
  entraRiskLevels: readonly string[];
}

export interface Score {
  severity: Severity;
  risk_score: number;
  /** Which rows of the table applied, for the alert reason and the panel. */
  factors: string[];
}

const sevRank = (s: Severity) => SEVERITIES.indexOf(s);
const confRank = (c: TiConfidence) => TI_CONFIDENCE_LEVELS.indexOf(c);
const entraRank = (c: EntraRiskLevel) => ENTRA_RISK_LEVELS.indexOf(c);
const BAND: Record<Severity, [number, number]> = { low: [21, 46], medium: [47, 72], high: [73, 98], critical: [99, 100] };

export function maxEntraRisk(levels: readonly string[]): EntraRiskLevel | null {
  let best: EntraRiskLevel | null = null;
  for (const l of levels) {
    const v = String(l).toLowerCase() as EntraRiskLevel;
    if (!ENTRA_RISK_LEVELS.includes(v)) continue;
    if (best === null || entraRank(v) > entraRank(best)) best = v;
  }
  return best;
}

export function scoreAlert(input: ScoringInput, t: ScoringThresholds): Score {
  const factors: string[] = [];
  let severity: Severity;
  if (input.riskyOperations >= t.criticalRiskyOperations) {
    severity = 'critical';
    factors.push(`${input.riskyOperations} risky operations >= ${t.criticalRiskyOperations}`);
  } else if (input.riskyOperations >= t.highRiskyOperations) {
    severity = 'high';
    factors.push(`${input.riskyOperations} risky operations >= ${t.highRiskyOperations}`);
  } else if (input.totalEvents >= t.mediumTotalEvents) {
    severity = 'medium';
    factors.push(`${input.totalEvents} events >= ${t.mediumTotalEvents}`);
  } else severity = 'low';

  const floor = (to: Severity, why: string) => {
    if (sevRank(to) > sevRank(severity)) {
      severity = to;
      factors.push(why);
    }
  };
  const ti = input.threatIntel;
  if (ti.matched && ti.maxConfidence) {
    if (t.tiConfidenceForHigh !== 'off' && confRank(ti.maxConfidence) >= confRank(t.tiConfidenceForHigh)) floor('high', `indicator confidence ${ti.maxConfidence}`);
    else if (t.tiConfidenceForMedium !== 'off' && confRank(ti.maxConfidence) >= confRank(t.tiConfidenceForMedium)) floor('medium', `indicator confidence ${ti.maxConfidence}`);
  }
  const net = input.network;
  if (net.matched && net.maxSeverity) {
    if (t.networkSeverityForHigh !== 'off' && sevRank(net.maxSeverity) >= sevRank(t.networkSeverityForHigh)) floor('high', `network alert severity ${net.maxSeverity}`);
    else if (t.networkSeverityForMedium !== 'off' && sevRank(net.maxSeverity) >= sevRank(t.networkSeverityForMedium)) floor('medium', `network alert severity ${net.maxSeverity}`);
  }
  const entra = maxEntraRisk(input.entraRiskLevels);
  if (entra) {
    if (t.entraRiskForHigh !== 'off' && entraRank(entra) >= entraRank(t.entraRiskForHigh)) floor('high', `Entra sign-in risk ${entra}`);
    else if (t.entraRiskForMedium !== 'off' && entraRank(entra) >= entraRank(t.entraRiskForMedium)) floor('medium', `Entra sign-in risk ${entra}`);
  }
  const both = net.matched && ti.matched;
  if (both && t.escalateOnBothSignals && severity !== 'critical') {
    severity = SEVERITIES[sevRank(severity) + 1];
    factors.push('network alert and threat-intel indicator both matched');
  }

  const [start, top] = BAND[severity];
  const bonus =
    2 * Math.min(Math.max(input.riskyOperations, 0), 5) +
    (both ? 5 : 0) +
    (entra === 'high' ? 3 : 0);
  return { severity, risk_score: Math.min(top, start + bonus), factors };
}

/** Rule params → thresholds: the three count thresholds from params, the floors from params when present. */
export function scoringThresholds(
  severityThresholds: { criticalRiskyOperations: number; highRiskyOperations: number; mediumTotalEvents: number },
  floors: Partial<typeof DEFAULT_SIGNAL_FLOORS> = {}
): ScoringThresholds {
  return { ...DEFAULT_SIGNAL_FLOORS, ...floors, ...pick(severityThresholds) };
}

const pick = (s: { criticalRiskyOperations: number; highRiskyOperations: number; mediumTotalEvents: number }) => ({
  criticalRiskyOperations: s.criticalRiskyOperations,
  highRiskyOperations: s.highRiskyOperations,
  mediumTotalEvents: s.mediumTotalEvents,
});

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { low: 1, medium: 2, high: 3, critical: 4 };

export interface SeverityAndRisk {
  severity: Severity;
  risk_score: number;
}

/**
 * An ongoing alert keeps its peak: as the look-back slides past early evidence (the first risky operations),
 * a later run sees less of the same incident, which must not downgrade the alert. Used by the Kibana executor
 * (against the tracked alert document), the replay CLI and the standalone host alike.
 */
export function peakOf(previous: SeverityAndRisk | null | undefined, current: SeverityAndRisk): SeverityAndRisk {
  const pick = (s: SeverityAndRisk) => ({ severity: s.severity, risk_score: s.risk_score });
  if (!previous || !(previous.severity in SEVERITY_RANK)) return pick(current);
  const rank = (s: SeverityAndRisk) => SEVERITY_RANK[s.severity] * 1000 + s.risk_score;
  return pick(rank(previous) > rank(current) ? previous : current);
}

/** The alert document fields that carry severity and risk score (Kibana's and ours). */
export const severityPayload = (s: SeverityAndRisk) => ({
  'kibana.alert.severity': s.severity,
  'kibana.alert.risk_score': s.risk_score,
  'cloud_identity.severity': s.severity,
  'cloud_identity.risk_score': s.risk_score,
});
