// The alert document this rule writes (alerts-as-data, `useEcs: true`). One shape shared by the executor
// (payload), the field map (server), the replay CLI (output) and the investigation panel (header).
// ECS fields keep their ECS names; everything the rule computes lives under `cloud_identity.*`.
import type { DetectionMode, Severity } from './constants';

export interface CorrelationSummary {
  /** Normalized identity: lowercase of user.email, user.name@user.domain, user.name, user.id (first present). */
  user: string;
  source_ip: string;
  severity: Severity;
  /** 0..100 */
  risk_score: number;
  /** Which signals matched: network alerts, threat intel, or both. */
  detection: DetectionMode;
  signin: {
    count: number;
    first: string;
    last: string;
    apps: string[];
    /** event.dataset values, e.g. azure.signinlogs, o365.audit */
    datasets: string[];
    /** Entra risk_level_during_signin values seen (none/low/medium/high) */
    risk_levels: string[];
  };
  network_alert: {
    count: number;
    rule_names: string[];
    max_severity: Severity | null;
    max_risk_score: number | null;
    first: string | null;
    last: string | null;
    /** _id of linked alerts / sensor events, newest first, capped at MAX_LINKED_ALERT_IDS */
    ids: string[];
    /** minutes from the closest preceding network alert to the first sign-in after it (time order evidence) */
    lead_minutes: number | null;
  };
  activity: {
    count: number;
    risky_count: number;
    /** up to 15 */
    operations: string[];
    risky_operations: string[];
    /** up to 5 (event.provider / Workload) */
    workloads: string[];
    /** files or items touched, up to 10 */
    objects: string[];
    first: string | null;
    last: string | null;
  };
  threat_intel: {
    count: number;
    feeds: string[];
    providers: string[];
    types: string[];
    max_confidence: string | null;
    first_seen: string | null;
    last_seen: string | null;
    descriptions: string[];
  };
}

/** Flattened field names under which the summary is written, for the field map and for readers. */
export const ALERT_FIELD_PREFIX = 'cloud_identity';
