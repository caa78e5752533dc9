import '../test_utils/setup';
import React, { useState } from 'react';
import { render, screen, waitFor, within, fireEvent } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EuiProvider } from '@elastic/eui';
import { DEFAULT_RULE_PARAMS } from '../../common/params';
import { RuleParamsEditor } from './rule_params_editor';
import { validateParams } from './validate';
import { RuleSettings } from '../application/rule_settings';

/** Mirrors Kibana's flyout: params state, errors from the model's validate. */
function Host({ initial, onChange }: { initial: Record<string, unknown>; onChange?: (p: Record<string, unknown>) => void }) {
  const [params, setParams] = useState(initial);
  return (
    <EuiProvider colorMode="light">
      <RuleParamsEditor
        ruleParams={params}
        errors={validateParams(params).errors}
        setRuleParams={(k: string, v: unknown) =>
          setParams((p) => {
            const next = { ...p, [k]: v };
            onChange?.(next);
            return next;
          })
        }
      />
    </EuiProvider>
  );
}

const rowOf = (subj: string) => screen.getByTestId(subj).closest('.euiFormRow') as HTMLElement;

describe('validateParams (the codec as form errors)', () => {
  it('has every key and no errors for the defaults', () => {
    const { errors } = validateParams(DEFAULT_RULE_PARAMS);
    expect(Object.keys(errors).sort()).toEqual(Object.keys(DEFAULT_RULE_PARAMS).sort());
    expect(Object.values(errors).flat()).toEqual([]);
  });
  it('names the field and the expectation', () => {
    const { errors } = validateParams({ ...DEFAULT_RULE_PARAMS, lookbackMinutes: 1, allowlistCidrs: ['10.0.0.0/8', 'nope'] });
    expect(errors.lookbackMinutes).toEqual(['Expected integer 5..10080, got 1']);
    expect(errors.allowlistCidrs).toEqual(['Item 2: "nope": not an IPv4 or IPv6 address']);
  });
  it('says why an allowlist entry is not what Elasticsearch accepts', () => {
    const { errors } = validateParams({ ...DEFAULT_RULE_PARAMS, allowlistCidrs: ['10.1/8', '::ffff:91.0.0.0/104'] });
    expect(errors.allowlistCidrs).toEqual([
      'Item 1: "10.1/8": IPv4 needs four decimal parts, got 2',
      'Item 2: "::ffff:91.0.0.0/104": an IPv4-mapped address cannot take a prefix; write the IPv4 range, e.g. 91.0.0.0/8',
    ]);
  });
  it('reports the cross-field threshold rule on severityThresholds', () => {
    const { errors } = validateParams({ ...DEFAULT_RULE_PARAMS, severityThresholds: { criticalRiskyOperations: 2, highRiskyOperations: 3, mediumTotalEvents: 10 } });
    expect(errors.severityThresholds.join()).toMatch(/must not exceed/);
  });
});

describe('RuleParamsEditor', () => {
  it('fills defaults for a new rule and shows the ES|QL they produce', async () => {
    const onChange = jest.fn();
    render(<Host initial={{}} onChange={onChange} />);
    await waitFor(() => expect(onChange).toHaveBeenCalled());
    expect(screen.getByTestId('cicParam-lookbackMinutes')).toHaveValue(60);
    const preview = screen.getByTestId('cicEsqlPreview');
    expect(within(preview).getByTestId('cicEsqlPreview-network').textContent).toContain('FROM .alerts-security.alerts-*, logs-suricata.eve-*');
    expect(within(preview).getByTestId('cicEsqlPreview-pairs')).toBeInTheDocument();
  });

  it('shows inline codec errors as the user types and hides the preview while invalid', async () => {
    render(<Host initial={{ ...DEFAULT_RULE_PARAMS }} />);
    const lookback = screen.getByTestId('cicParam-lookbackMinutes');
    await userEvent.clear(lookback);
    await userEvent.type(lookback, '3');
    expect(within(rowOf('cicParam-lookbackMinutes')).getByText('Expected integer 5..10080, got 3')).toBeInTheDocument();
    expect(screen.getByTestId('cicEsqlPreviewInvalid')).toBeInTheDocument();

    const idx = screen.getByTestId('cicParam-signinIndexPatterns');
    fireEvent.change(idx, { target: { value: 'logs-ok-*\nlogs-* | DROP x' } });
    expect(within(rowOf('cicParam-signinIndexPatterns')).getByText(/^Item 2: expected index pattern/)).toBeInTheDocument();

    const allow = screen.getByTestId('cicParam-allowlistCidrs');
    fireEvent.change(allow, { target: { value: '203.0.113.0/24\nfe80::1%eth0' } });
    expect(within(rowOf('cicParam-allowlistCidrs')).getByText('Item 2: "fe80::1%eth0": zone ids like %eth0 are not allowed')).toBeInTheDocument();
    fireEvent.change(allow, { target: { value: '203.0.113.0/24' } });
    expect(within(rowOf('cicParam-allowlistCidrs')).queryByText(/Item/)).toBeNull();

    await userEvent.clear(lookback);
    await userEvent.type(lookback, '30');
    expect(within(rowOf('cicParam-lookbackMinutes')).queryByText(/Expected/)).toBeNull();
  });

  it('changes the preview when a setting changes', async () => {
    render(<Host initial={{ ...DEFAULT_RULE_PARAMS }} />);
    await userEvent.selectOptions(screen.getByTestId('cicParam-detectionMode'), 'threat_intel');
    expect(screen.queryByTestId('cicEsqlPreview-network')).toBeNull();
    expect(screen.getByTestId('cicEsqlPreview-threatIntel')).toBeInTheDocument();
  });

  it('shows the threshold error under the high threshold field', async () => {
    render(<Host initial={{ ...DEFAULT_RULE_PARAMS }} />);
    const high = screen.getByTestId('cicParam-severityThresholds-highRiskyOperations');
    await userEvent.clear(high);
    await userEvent.type(high, '9');
    expect(within(rowOf('cicParam-severityThresholds-highRiskyOperations')).getByText(/must not exceed/)).toBeInTheDocument();
  });

  it('edits the severity floors as one nested setting, keeping the other floors', async () => {
    render(<Host initial={{ ...DEFAULT_RULE_PARAMS }} />);
    await userEvent.selectOptions(screen.getByTestId('cicParam-signalFloors-tiConfidenceForHigh'), 'off');
    await userEvent.click(screen.getByTestId('cicParam-signalFloors-escalateOnBothSignals'));
    expect((screen.getByTestId('cicParam-signalFloors-tiConfidenceForHigh') as HTMLSelectElement).value).toBe('off');
    expect((screen.getByTestId('cicParam-signalFloors-networkSeverityForHigh') as HTMLSelectElement).value).toBe(DEFAULT_RULE_PARAMS.signalFloors.networkSeverityForHigh);
    expect(screen.getByTestId('cicParam-signalFloors-escalateOnBothSignals')).toBeChecked();
    expect(screen.queryByTestId('cicEsqlPreviewInvalid')).toBeNull();
  });
});

describe('RuleSettings (standalone save and re-run)', () => {
  it('saves valid params and reports the result; blocks invalid ones', async () => {
    const saveAndRun = jest.fn(async () => ({ message: '3 alerts' }));
    render(
      <EuiProvider colorMode="light">
        <RuleSettings api={{ getParams: async () => ({ ...DEFAULT_RULE_PARAMS }), saveAndRun }} />
      </EuiProvider>
    );
    const min = await screen.findByTestId('cicParam-minNetworkAlerts');
    await userEvent.clear(min);
    expect(screen.getByTestId('cicRuleSaveAndRerun')).toBeDisabled();
    await userEvent.type(min, '2');
    await userEvent.click(screen.getByTestId('cicRuleSaveAndRerun'));
    expect(saveAndRun).toHaveBeenCalledWith(expect.objectContaining({ minNetworkAlerts: 2 }));
    expect(await screen.findByTestId('cicRuleSaveResult')).toHaveTextContent('3 alerts');
  });
});
