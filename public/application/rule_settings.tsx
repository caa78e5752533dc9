// Standalone rule settings page: the same editor as Kibana's flyout plus "Save and re-run", for hosts
// that can persist the params and run the rule (the standalone host passes `RuleSettingsApi`).
import React, { useEffect, useMemo, useState } from 'react';
import { EuiButton, EuiCallOut, EuiFlexGroup, EuiFlexItem, EuiLoadingSpinner, EuiSpacer } from '@elastic/eui';
import { tr } from '../i18n';
import { RuleParamsEditor } from '../rule_type/rule_params_editor';
import { hasErrors, validateParams } from '../rule_type/validate';
import { errorMessage } from './http';

export interface RuleSettingsApi {
  getParams(): Promise<Record<string, unknown>>;
  /** Persist the params and run the rule; resolves with a short summary to show (e.g. "3 alerts"). */
  saveAndRun(params: Record<string, unknown>): Promise<{ message?: string } | void>;
}

export function RuleSettings({ api, onSaved }: { api: RuleSettingsApi; onSaved?: () => void }) {
  const [params, setParams] = useState<Record<string, unknown> | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setLoadError(null);
    api.getParams().then(
      (p) => live && setParams(p ?? {}),
      (e) => live && setLoadError(errorMessage(e))
    );
    return () => {
      live = false;
    };
  }, [api, attempt]);

  const errors = useMemo(() => validateParams(params ?? {}).errors, [params]);
  if (loadError) {
    return (
      <EuiCallOut data-test-subj="cicRuleSettingsError" color="danger" iconType="error" title={tr('settings.loadError', 'Could not load the rule settings')}>
        <p>{loadError}</p>
        <EuiButton data-test-subj="cicRuleSettingsRetry" color="danger" onClick={() => setAttempt((n) => n + 1)}>
          {tr('common.retry', 'Retry')}
        </EuiButton>
      </EuiCallOut>
    );
  }
  if (!params) return <EuiLoadingSpinner data-test-subj="cicRuleSettingsLoading" size="l" />;

  const invalid = hasErrors(errors);
  const save = async () => {
    setSaving(true);
    setResult(null);
    try {
      const r = await api.saveAndRun(params);
      setResult({ ok: true, message: (r && r.message) || tr('settings.saved', 'Saved; the rule ran again.') });
      onSaved?.();
    } catch (e) {
      setResult({ ok: false, message: errorMessage(e) });
    } finally {
      setSaving(false);
    }
  };
  return (
    <div data-test-subj="cicRuleSettings">
      <RuleParamsEditor ruleParams={params} errors={errors} setRuleParams={(k: string, v: unknown) => setParams((prev) => ({ ...(prev ?? {}), [k]: v }))} />
      <EuiSpacer size="m" />
      <EuiFlexGroup gutterSize="s" alignItems="center">
        <EuiFlexItem grow={false}>
          <EuiButton data-test-subj="cicRuleSaveAndRerun" fill isLoading={saving} isDisabled={invalid || saving} onClick={save}>
            {tr('settings.saveAndRerun', 'Save and re-run')}
          </EuiButton>
        </EuiFlexItem>
        {invalid ? (
          <EuiFlexItem grow={false} data-test-subj="cicRuleSettingsInvalid">
            {tr('settings.invalid', 'Fix the highlighted settings first.')}
          </EuiFlexItem>
        ) : null}
      </EuiFlexGroup>
      {result ? (
        <>
          <EuiSpacer size="s" />
          <EuiCallOut data-test-subj="cicRuleSaveResult" data-ok={String(result.ok)} color={result.ok ? 'success' : 'danger'} size="s" title={result.message} />
        </>
      ) : null}
    </div>
  );
}
