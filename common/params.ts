// Rule params: one io-ts codec shared by server validation (`validate.params`) and the browser editor.
import * as t from 'io-ts';
import { isLeft } from 'fp-ts/Either';
import { formatValidationErrors } from 'io-ts-reporters';
import { allowlistEntryError } from './ip';
import {
  DEFAULT_NETWORK_ALERT_INDEX_PATTERNS,
  DEFAULT_RISKY_OPERATIONS,
  DEFAULT_SIGNIN_INDEX_PATTERNS,
  DEFAULT_THREAT_INTEL_INDEX_PATTERNS,
  DETECTION_MODES,
  EXTERNAL_ALERTS_RULE_ID,
  MAX_LOOKBACK_MINUTES,
  SEVERITIES,
  TI_CONFIDENCE_LEVELS,
} from './constants';
import { DEFAULT_SIGNAL_FLOORS, ENTRA_RISK_LEVELS } from './scoring';

const keyof = <T extends readonly string[]>(values: T, name: string) =>
  t.keyof(Object.fromEntries(values.map((v) => [v, null])) as { [K in T[number]]: null }, name);

/** An integer within [min, max]; the codec name states the bounds so decode errors say what was expected. */
export const boundedInt = (min: number, max: number) =>
  new t.Type<number, number, unknown>(
    `integer ${min}..${max}`,
    (u): u is number => typeof u === 'number' && Number.isInteger(u) && u >= min && u <= max,
    (u, c) => (typeof u === 'number' && Number.isInteger(u) && u >= min && u <= max ? t.success(u) : t.failure(u, c)),
    t.identity
  );

const refinedString = (name: string, test: (s: string) => boolean) =>
  new t.Type<string, string, unknown>(
    name,
    (u): u is string => typeof u === 'string' && test(u),
    (u, c) => (typeof u === 'string' && test(u) ? t.success(u) : t.failure(u, c)),
    t.identity
  );

/**
 * Index patterns cannot be ES|QL parameters (FROM takes only source names), so they pass a strict
 * allowlist: lowercase names with `*` wildcards, an optional `cluster:` prefix, nothing that could
 * end the FROM clause (spaces, commas, pipes, quotes, brackets, slashes, comments).
 */
export const INDEX_PATTERN_RE = /^(?:[a-z0-9_*][a-z0-9_*-]{0,63}:)?[a-z0-9_.*+][a-z0-9_.*+-]{0,254}$/;
export const isValidIndexPattern = (s: string) => INDEX_PATTERN_RE.test(s) && s !== '.' && s !== '..' && !s.includes('..');
export const IndexPattern = refinedString('index pattern (lowercase letters, digits, . _ - + *, optional cluster: prefix)', isValidIndexPattern);

/** Allowlist entries go into a `terms` query on `source.ip`: only what Elasticsearch parses there (common/ip.ts). */
export const isValidCidr = (s: string) => allowlistEntryError(s) === null;
const CIDR_NAME = 'IPv4 or IPv6 CIDR (e.g. 203.0.113.0/24) or address';
/** Fails with the reason (io-ts-reporters appends it in parentheses), so the editor can say what is wrong. */
export const Cidr = new t.Type<string, string, unknown>(
  CIDR_NAME,
  (u): u is string => typeof u === 'string' && isValidCidr(u),
  (u, c) => {
    if (typeof u !== 'string') return t.failure(u, c);
    const reason = allowlistEntryError(u);
    return reason === null ? t.success(u) : t.failure(u, c, reason);
  },
  t.identity
);

/** Rule ids and M365 operation names: printable, no control characters, bounded. */
export const SafeToken = refinedString('non-empty text of at most 256 characters without control characters', (s) =>
  // eslint-disable-next-line no-control-regex
  s.length > 0 && s.length <= 256 && !/[\u0000-\u001f\u007f]/.test(s)
);

const boundedArray = <C extends t.Mixed>(codec: C, min: number, max: number) =>
  t.refinement(t.array(codec), (a) => a.length >= min && a.length <= max, `array of ${min}..${max} ${codec.name}`);

export const SeverityThresholds = t.exact(
  t.type({
    /** critical when risky operations >= this */
    criticalRiskyOperations: boundedInt(1, 100000),
    /** high when risky operations >= this */
    highRiskyOperations: boundedInt(1, 100000),
    /** medium when total events (sign-ins + activity) >= this */
    mediumTotalEvents: boundedInt(1, 1000000),
  })
);

const orOff = <T extends readonly string[]>(values: T) => keyof([...values, 'off'] as const, `one of ${[...values, 'off'].join(', ')}`);

/** Signals that raise the base severity to a floor (docs/rule_design.md, "Scoring"); each can be 'off'. */
export const SignalFloors = t.exact(
  t.type({
    tiConfidenceForHigh: orOff(TI_CONFIDENCE_LEVELS),
    tiConfidenceForMedium: orOff(TI_CONFIDENCE_LEVELS),
    networkSeverityForHigh: orOff(SEVERITIES),
    networkSeverityForMedium: orOff(SEVERITIES),
    entraRiskForHigh: orOff(ENTRA_RISK_LEVELS),
    entraRiskForMedium: orOff(ENTRA_RISK_LEVELS),
    escalateOnBothSignals: t.boolean,
  })
);

export const ruleParamsProps = {
  detectionMode: keyof(DETECTION_MODES, `one of ${DETECTION_MODES.join(', ')}`),
  signinIndexPatterns: boundedArray(IndexPattern, 1, 20),
  networkAlertIndexPatterns: boundedArray(IndexPattern, 1, 20),
  threatIntelIndexPatterns: boundedArray(IndexPattern, 1, 20),
  /** Security alerts from these rule ids count as network alerts (kibana.alert.rule.rule_id). */
  networkAlertRuleIds: boundedArray(SafeToken, 0, 100),
  /** Also count Security alerts of any rule whose source event has event.category network. */
  includeNetworkCategoryAlerts: t.boolean,
  /** Also count raw sensor alerts (event.kind alert and event.category network, e.g. Suricata). */
  includeRawSensorAlerts: t.boolean,
  /**
   * Alerts of networkAlertRuleIds count only when their source event is network traffic (event.category network):
   * External Alerts also promotes endpoint alerts (malware on a laptop) whose source.ip is the victim's.
   */
  requireNetworkCategory: t.boolean,
  /** Skip alerts whose network.direction is outbound or egress: their source.ip is our own host or egress NAT. */
  excludeOutboundAlerts: t.boolean,
  /** Sign-in look-back per run, minutes. */
  lookbackMinutes: boundedInt(5, MAX_LOOKBACK_MINUTES),
  /** Longest gap after a late run that the next run catches up, minutes. */
  maxCatchUpMinutes: boundedInt(0, MAX_LOOKBACK_MINUTES),
  /** A network alert may precede the sign-in by at most this many minutes. */
  leadTimeMinutes: boundedInt(1, 24 * 60),
  /** Accept a network alert that comes after the sign-in (within the lead time) too. */
  allowEitherOrder: t.boolean,
  minNetworkAlerts: boundedInt(1, 10000),
  minNetworkAlertSeverity: keyof(SEVERITIES, `one of ${SEVERITIES.join(', ')}`),
  /** An IP used by more distinct users than this in the window is shared infrastructure: skipped. */
  maxUsersPerIp: boundedInt(1, 100000),
  allowlistCidrs: boundedArray(Cidr, 0, 500),
  riskyOperations: boundedArray(SafeToken, 0, 200),
  severityThresholds: SeverityThresholds,
  signalFloors: SignalFloors,
  /** Threat intel: indicators last seen within this many days, and not expired. */
  tiMaxIndicatorAgeDays: boundedInt(1, 365),
  tiMinConfidence: keyof(TI_CONFIDENCE_LEVELS, `one of ${TI_CONFIDENCE_LEVELS.join(', ')}`),
  maxAlertsPerRun: boundedInt(1, 10000),
};

export const RuleParamsCodec = t.exact(t.type(ruleParamsProps), 'RuleParams');
export type RuleParams = t.TypeOf<typeof RuleParamsCodec>;

export const DEFAULT_RULE_PARAMS: RuleParams = {
  detectionMode: 'both',
  signinIndexPatterns: [...DEFAULT_SIGNIN_INDEX_PATTERNS],
  networkAlertIndexPatterns: [...DEFAULT_NETWORK_ALERT_INDEX_PATTERNS],
  threatIntelIndexPatterns: [...DEFAULT_THREAT_INTEL_INDEX_PATTERNS],
  networkAlertRuleIds: [EXTERNAL_ALERTS_RULE_ID],
  includeNetworkCategoryAlerts: true,
  includeRawSensorAlerts: true,
  requireNetworkCategory: true,
  excludeOutboundAlerts: true,
  lookbackMinutes: 60,
  maxCatchUpMinutes: 24 * 60,
  leadTimeMinutes: 60,
  allowEitherOrder: false,
  minNetworkAlerts: 1,
  minNetworkAlertSeverity: 'low',
  maxUsersPerIp: 5,
  allowlistCidrs: [],
  riskyOperations: [...DEFAULT_RISKY_OPERATIONS],
  severityThresholds: { criticalRiskyOperations: 5, highRiskyOperations: 1, mediumTotalEvents: 10 },
  signalFloors: { ...DEFAULT_SIGNAL_FLOORS },
  tiMaxIndicatorAgeDays: 14,
  tiMinConfidence: 'none',
  maxAlertsPerRun: 100,
};

export type ParamsResult = { ok: true; params: RuleParams } | { ok: false; errors: string[] };

const NESTED_SETTINGS = ['severityThresholds', 'signalFloors'] as const;

/** Missing keys (top level, and inside the nested settings objects) take their defaults; unknown keys and wrong values are errors naming the field. */
export function decodeRuleParams(input: unknown): ParamsResult {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, errors: [`rule params must be an object, got ${input === null ? 'null' : Array.isArray(input) ? 'array' : typeof input}`] };
  }
  const raw = input as Record<string, unknown>;
  const unknownKeys = Object.keys(raw).filter((k) => !(k in ruleParamsProps));
  const merged: Record<string, unknown> = { ...DEFAULT_RULE_PARAMS };
  for (const [k, v] of Object.entries(raw)) if (v !== undefined && k in ruleParamsProps) merged[k] = v;
  for (const k of NESTED_SETTINGS) {
    const v = raw[k];
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      merged[k] = { ...DEFAULT_RULE_PARAMS[k], ...(v as object) };
      for (const inner of Object.keys(v)) if (!(inner in DEFAULT_RULE_PARAMS[k])) unknownKeys.push(`${k}.${inner}`);
    }
  }
  const decoded = RuleParamsCodec.decode(merged);
  const errors = unknownKeys.map((k) => `unknown setting [${k}]`);
  if (isLeft(decoded)) errors.push(...formatValidationErrors(decoded.left, { truncateLongTypes: false }));
  else if (decoded.right.severityThresholds.highRiskyOperations > decoded.right.severityThresholds.criticalRiskyOperations) {
    errors.push('severityThresholds.highRiskyOperations must not exceed severityThresholds.criticalRiskyOperations');
  }
  if (errors.length > 0 || isLeft(decoded)) return { ok: false, errors };
  return { ok: true, params: decoded.right };
}

/** `validate.params` for the rule type: throws one readable message (Kibana prefixes it with "params invalid: "). */
export function validateRuleParams(input: unknown): RuleParams {
  const result = decodeRuleParams(input);
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.params;
}
