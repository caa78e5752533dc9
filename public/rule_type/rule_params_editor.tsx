// `ruleParamsExpression`: edits every rule setting with EUI controls, shows the codec's messages inline
// and the ES|QL the settings produce. Works in Kibana's rule flyout and in the standalone settings page.
import React, { useEffect, useMemo } from 'react';
import {
  EuiAccordion,
  EuiCallOut,
  EuiCodeBlock,
  EuiDescribedFormGroup,
  EuiFieldNumber,
  EuiFlexGrid,
  EuiFlexItem,
  EuiFormRow,
  EuiSelect,
  EuiSpacer,
  EuiSwitch,
  EuiTextArea,
  EuiTitle,
} from '@elastic/eui';
import { DETECTION_MODES, SEVERITIES, TI_CONFIDENCE_LEVELS } from '../../common/constants';
import { DEFAULT_RULE_PARAMS, decodeRuleParams, type RuleParams } from '../../common/params';
import { ENTRA_RISK_LEVELS } from '../../common/scoring';
import { tr } from '../i18n';
import { previewQueries } from './esql_preview';
import type { ParamKey } from './validate';

export interface RuleParamsEditorProps {
  ruleParams: Partial<Record<ParamKey, unknown>>;
  setRuleParams: (key: any, value: any) => void;
  errors: Record<string, unknown>;
}

const errorsOf = (errors: Record<string, unknown>, key: string, sub?: string): string[] => {
  const v = errors[key];
  const list = (Array.isArray(v) ? v : v ? [v] : []).map(String);
  if (!sub) return list;
  return list.filter((m) => m.startsWith(`${sub}:`) || (sub === 'highRiskyOperations' && m.includes('must not exceed'))).map((m) => m.replace(`${sub}: `, ''));
};

const lines = (v: unknown) => (Array.isArray(v) ? v.map(String).join('\n') : '');
const toList = (s: string) =>
  s
    .split('\n')
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
const toNumber = (s: string): number | null => (s.trim() === '' ? null : Number(s));

export function RuleParamsEditor({ ruleParams, setRuleParams, errors }: RuleParamsEditorProps) {
  // A new rule starts from the defaults (Kibana passes `{}`).
  useEffect(() => {
    for (const [k, v] of Object.entries(DEFAULT_RULE_PARAMS)) {
      if ((ruleParams as Record<string, unknown>)[k] === undefined) setRuleParams(k, v);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const p = { ...DEFAULT_RULE_PARAMS, ...ruleParams } as Record<string, unknown>;
  const decoded = useMemo(() => decodeRuleParams(ruleParams), [ruleParams]);

  const row = (key: ParamKey, label: string, help: string, control: (invalid: boolean) => React.ReactElement, sub?: string) => {
    const errs = errorsOf(errors, key, sub);
    return (
      <EuiFlexItem key={sub ? `${key}.${sub}` : key}>
        <EuiFormRow label={label} helpText={help} isInvalid={errs.length > 0} error={errs} fullWidth>
          {control(errs.length > 0)}
        </EuiFormRow>
      </EuiFlexItem>
    );
  };
  const num = (key: ParamKey, label: string, help: string) =>
    row(key, label, help, (invalid) => (
      <EuiFieldNumber
        data-test-subj={`cicParam-${key}`}
        value={p[key] === null || p[key] === undefined || Number.isNaN(p[key]) ? '' : (p[key] as number)}
        isInvalid={invalid}
        onChange={(e) => setRuleParams(key, toNumber(e.target.value))}
        fullWidth
      />
    ));
  const list = (key: ParamKey, label: string, help: string) =>
    row(key, label, help, (invalid) => (
      <EuiTextArea
        data-test-subj={`cicParam-${key}`}
        rows={3}
        value={lines(p[key])}
        isInvalid={invalid}
        onChange={(e) => setRuleParams(key, toList(e.target.value))}
        fullWidth
        compressed
      />
    ));
  const toggle = (key: ParamKey, label: string, help: string) =>
    row(key, '', help, () => (
      <EuiSwitch data-test-subj={`cicParam-${key}`} label={label} checked={p[key] === true} onChange={(e) => setRuleParams(key, e.target.checked)} />
    ));
  const select = (key: ParamKey, label: string, help: string, options: readonly string[]) =>
    row(key, label, help, (invalid) => (
      <EuiSelect
        data-test-subj={`cicParam-${key}`}
        value={String(p[key] ?? '')}
        isInvalid={invalid}
        options={options.map((o) => ({ value: o, text: o }))}
        onChange={(e) => setRuleParams(key, e.target.value)}
        fullWidth
      />
    ));
  const thresholds = (p.severityThresholds ?? {}) as Record<string, unknown>;
  const threshold = (sub: string, label: string, help: string) =>
    row(
      'severityThresholds',
      label,
      help,
      (invalid) => (
        <EuiFieldNumber
          data-test-subj={`cicParam-severityThresholds-${sub}`}
          value={thresholds[sub] === null || thresholds[sub] === undefined ? '' : (thresholds[sub] as number)}
          isInvalid={invalid}
          onChange={(e) => setRuleParams('severityThresholds', { ...thresholds, [sub]: toNumber(e.target.value) })}
          fullWidth
        />
      ),
      sub
    );

  const floors = (p.signalFloors ?? {}) as Record<string, unknown>;
  const floor = (sub: string, label: string, options: readonly string[]) =>
    row(
      'signalFloors',
      label,
      '',
      (invalid) => (
        <EuiSelect
          data-test-subj={`cicParam-signalFloors-${sub}`}
          value={String(floors[sub] ?? '')}
          isInvalid={invalid}
          options={[...options, 'off'].map((o) => ({ value: o, text: o }))}
          onChange={(e) => setRuleParams('signalFloors', { ...floors, [sub]: e.target.value })}
          fullWidth
        />
      ),
      sub
    );

  const group = (title: string, description: string, children: React.ReactNode) => (
    <EuiDescribedFormGroup title={<h4>{title}</h4>} description={description} fullWidth>
      <EuiFlexGrid columns={2} gutterSize="s">
        {children}
      </EuiFlexGrid>
    </EuiDescribedFormGroup>
  );

  return (
    <div data-test-subj="cicRuleEditor">
      {group(tr('editor.detection', 'Detection'), tr('editor.detectionHelp', 'Which signals must match a sign-in IP.'), [
        select('detectionMode', tr('editor.detectionMode', 'Detection mode'), tr('editor.detectionModeHelp', 'network alerts, threat intel, or both'), DETECTION_MODES),
        num('lookbackMinutes', tr('editor.lookback', 'Look-back (minutes)'), tr('editor.lookbackHelp', 'Sign-ins searched per run')),
        num('maxCatchUpMinutes', tr('editor.catchUp', 'Max catch-up (minutes)'), tr('editor.catchUpHelp', 'Gap after a late run that the next run covers')),
        num('leadTimeMinutes', tr('editor.leadTime', 'Lead time (minutes)'), tr('editor.leadTimeHelp', 'How long before the sign-in a network alert may be')),
        toggle('allowEitherOrder', tr('editor.eitherOrder', 'Also accept network alerts after the sign-in'), tr('editor.eitherOrderHelp', 'within the lead time')),
        num('maxAlertsPerRun', tr('editor.maxAlerts', 'Max alerts per run'), ''),
      ])}
      {group(tr('editor.sources', 'Sources'), tr('editor.sourcesHelp', 'Index patterns, one per line (lowercase, * wildcards).'), [
        list('signinIndexPatterns', tr('editor.signinIdx', 'Sign-in and M365 audit indices'), ''),
        list('networkAlertIndexPatterns', tr('editor.networkIdx', 'Network alert indices'), ''),
        list('threatIntelIndexPatterns', tr('editor.tiIdx', 'Threat-intel indices'), ''),
      ])}
      {group(tr('editor.network', 'Network alerts'), tr('editor.networkHelp', 'Which alerts count, and how many.'), [
        list('networkAlertRuleIds', tr('editor.ruleIds', 'Security rule ids (one per line)'), tr('editor.ruleIdsHelp', 'kibana.alert.rule.rule_id')),
        toggle('includeNetworkCategoryAlerts', tr('editor.categoryAlerts', 'Security alerts with event.category network'), ''),
        toggle('includeRawSensorAlerts', tr('editor.rawAlerts', 'Raw sensor alerts (e.g. Suricata)'), ''),
        toggle(
          'requireNetworkCategory',
          tr('editor.requireNetworkCategory', 'Rule alerts must be network alerts'),
          tr('editor.requireNetworkCategoryHelp', 'Alerts of the listed rules count only when their event is network traffic (External Alerts also promotes endpoint alerts that name the victim’s IP)')
        ),
        toggle(
          'excludeOutboundAlerts',
          tr('editor.excludeOutbound', 'Skip outbound alerts'),
          tr('editor.excludeOutboundHelp', 'Alerts with network.direction outbound or egress name our own host or egress IP as source.ip')
        ),
        num('minNetworkAlerts', tr('editor.minAlerts', 'Minimum network alerts'), ''),
        select('minNetworkAlertSeverity', tr('editor.minSeverity', 'Minimum network alert severity'), '', SEVERITIES),
      ])}
      {group(tr('editor.noise', 'Noise control'), tr('editor.noiseHelp', 'Shared infrastructure and trusted ranges are skipped.'), [
        num('maxUsersPerIp', tr('editor.maxUsers', 'Max distinct users per IP'), tr('editor.maxUsersHelp', 'More users = shared egress, skipped')),
        list('allowlistCidrs', tr('editor.allowlist', 'Allowlisted CIDRs (one per line)'), '203.0.113.0/24'),
      ])}
      {group(tr('editor.activity', 'M365 activity and severity'), tr('editor.activityHelp', 'Risky operations raise severity.'), [
        list('riskyOperations', tr('editor.risky', 'Risky operations (one per line)'), ''),
        threshold('criticalRiskyOperations', tr('editor.critical', 'Critical at risky operations ≥'), ''),
        threshold('highRiskyOperations', tr('editor.high', 'High at risky operations ≥'), ''),
        threshold('mediumTotalEvents', tr('editor.medium', 'Medium at events ≥'), ''),
      ])}
      {group(tr('editor.floors', 'Severity floors'), tr('editor.floorsHelp', 'Signals that raise an alert to at least medium or high (never lower it).'), [
        floor('tiConfidenceForHigh', tr('editor.tiHigh', 'High when indicator confidence ≥'), TI_CONFIDENCE_LEVELS),
        floor('tiConfidenceForMedium', tr('editor.tiMedium', 'Medium when indicator confidence ≥'), TI_CONFIDENCE_LEVELS),
        floor('networkSeverityForHigh', tr('editor.netHigh', 'High when network alert severity ≥'), SEVERITIES),
        floor('networkSeverityForMedium', tr('editor.netMedium', 'Medium when network alert severity ≥'), SEVERITIES),
        floor('entraRiskForHigh', tr('editor.entraHigh', 'High when Entra sign-in risk ≥'), ENTRA_RISK_LEVELS),
        floor('entraRiskForMedium', tr('editor.entraMedium', 'Medium when Entra sign-in risk ≥'), ENTRA_RISK_LEVELS),
        row(
          'signalFloors',
          tr('editor.escalate', 'One level up when network alert and indicator both match'),
          '',
          () => (
            <EuiSwitch
              data-test-subj="cicParam-signalFloors-escalateOnBothSignals"
              label={tr('editor.escalateLabel', 'Escalate')}
              checked={floors.escalateOnBothSignals === true}
              onChange={(e) => setRuleParams('signalFloors', { ...floors, escalateOnBothSignals: e.target.checked })}
            />
          ),
          'escalateOnBothSignals'
        ),
      ])}
      {group(tr('editor.ti', 'Threat intel'), tr('editor.tiHelp', 'Indicator age and confidence.'), [
        num('tiMaxIndicatorAgeDays', tr('editor.tiAge', 'Max indicator age (days)'), ''),
        select('tiMinConfidence', tr('editor.tiConfidence', 'Minimum indicator confidence'), '', TI_CONFIDENCE_LEVELS),
      ])}
      <EuiSpacer size="m" />
      <EuiAccordion id="cicEsqlPreview" buttonContent={tr('editor.preview', 'ES|QL these settings produce')} initialIsOpen data-test-subj="cicEsqlPreviewToggle">
        <div data-test-subj="cicEsqlPreview">
          {decoded.ok ? (
            previewQueries(decoded.params as RuleParams).map((q) => (
              <div key={q.id} data-test-subj={`cicEsqlPreview-${q.id}`}>
                <EuiSpacer size="s" />
                <EuiTitle size="xxs">
                  <h5>{q.title}</h5>
                </EuiTitle>
                <EuiCodeBlock language="esql" fontSize="s" paddingSize="s" isCopyable overflowHeight={260}>
                  {q.esql}
                </EuiCodeBlock>
              </div>
            ))
          ) : (
            <EuiCallOut size="s" color="warning" data-test-subj="cicEsqlPreviewInvalid" title={tr('editor.previewInvalid', 'Fix the settings above to see the queries')} />
          )}
        </div>
      </EuiAccordion>
    </div>
  );
}

// default export for React.lazy (the rule flyout loads the editor on demand)
export default RuleParamsEditor;
