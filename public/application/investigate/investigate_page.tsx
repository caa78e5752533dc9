// "Investigate": open an investigation for any user, any IP, or both, over a chosen range. The URL is the state
// (`/investigate?user=&ip=&from=&to=`), so a deep link from Discover, a case, a ticket or an action message opens
// the same view, and pivots are plain links. Bad input gets a message here; nothing is requested until it is valid.
import React, { useMemo, useState } from 'react';
import {
  EuiButton,
  EuiCallOut,
  EuiEmptyPrompt,
  EuiFieldText,
  EuiFlexGroup,
  EuiFlexItem,
  EuiForm,
  EuiFormRow,
  EuiSpacer,
  EuiSuperDatePicker,
} from '@elastic/eui';
import { tr } from '../../i18n';
import type { HttpLike } from '../http';
import InvestigationPanel from '../investigation/investigation_panel';
import type { Navigation } from '../investigation/pivots';
import { type ScopeDraft, type ScopeErrors, DEFAULT_FROM, DEFAULT_TO, checkScope, draftFromSearch, investigatePath, quickRanges, resolveTime } from './scope';

export interface InvestigatePageProps {
  http: HttpLike;
  /** the `?user=&ip=&from=&to=` of the current location */
  search: string;
  nav: Navigation;
  colorMode: 'light' | 'dark';
}

function Errors({ errors, testSubj }: { errors: ScopeErrors; testSubj: string }) {
  return (
    <EuiCallOut data-test-subj={testSubj} color="danger" iconType="error" title={tr('investigate.invalid', 'Cannot investigate this')}>
      <ul>
        {Object.entries(errors).map(([field, msg]) => (
          <li key={field} data-test-subj={`cicInvestigateError-${field}`}>
            {msg}
          </li>
        ))}
      </ul>
    </EuiCallOut>
  );
}

export function InvestigatePage({ http, search, nav, colorMode }: InvestigatePageProps) {
  const fromUrl = useMemo(() => draftFromSearch(search), [search]);
  // resolved once per URL: date math (`now-24h`) must not move on every render
  const checked = useMemo(() => checkScope(fromUrl), [fromUrl]);
  const hasScope = !!(fromUrl.user.trim() || fromUrl.ip.trim());
  const [draft, setDraft] = useState<ScopeDraft>(fromUrl);
  const [draftErrors, setDraftErrors] = useState<ScopeErrors | null>(null);
  // a new URL (pivot, back/forward) resets the form to it
  const [lastSearch, setLastSearch] = useState(search);
  if (lastSearch !== search) {
    setLastSearch(search);
    setDraft(fromUrl);
    setDraftErrors(null);
  }

  const submit = (e?: React.FormEvent) => {
    e?.preventDefault();
    const r = checkScope(draft);
    if (!r.ok) {
      setDraftErrors(r.errors);
      return;
    }
    setDraftErrors(null);
    // keep date math in the URL: reloading the link re-reads "the last 24 hours"
    nav.navigate(investigatePath(draft));
  };

  const errs = draftErrors ?? {};
  return (
    <div data-test-subj="cicInvestigatePage">
      {/* noValidate: EUI marks invalid fields with setCustomValidity, which would block the re-submit that clears them */}
      <EuiForm component="form" onSubmit={submit} noValidate data-test-subj="cicInvestigateForm">
        <EuiFlexGroup gutterSize="s" alignItems="flexEnd" wrap>
          <EuiFlexItem grow={2}>
            <EuiFormRow label={tr('investigate.user', 'User (e-mail / UPN)')} isInvalid={!!errs.user} error={errs.user}>
              <EuiFieldText
                data-test-subj="cicInvestigateUser"
                value={draft.user}
                isInvalid={!!errs.user}
                placeholder="alice@example.com"
                onChange={(e) => setDraft({ ...draft, user: e.target.value })}
              />
            </EuiFormRow>
          </EuiFlexItem>
          <EuiFlexItem grow={1}>
            <EuiFormRow label={tr('investigate.ip', 'Source IP')} isInvalid={!!errs.ip} error={errs.ip}>
              <EuiFieldText
                data-test-subj="cicInvestigateIp"
                value={draft.ip}
                isInvalid={!!errs.ip}
                placeholder="203.0.113.7"
                onChange={(e) => setDraft({ ...draft, ip: e.target.value })}
              />
            </EuiFormRow>
          </EuiFlexItem>
          <EuiFlexItem grow={3}>
            <EuiFormRow label={tr('investigate.range', 'Time range')} isInvalid={!!(errs.from || errs.to || errs.range)} error={[errs.from, errs.to, errs.range].filter(Boolean)}>
              <EuiSuperDatePicker
                data-test-subj="cicInvestigateRange"
                // the picker (moment) only gets values that parse; a bad one is reported next to the form instead
                start={resolveTime(draft.from, false) ? draft.from : DEFAULT_FROM}
                end={resolveTime(draft.to, true) ? draft.to : DEFAULT_TO}
                commonlyUsedRanges={quickRanges()}
                showUpdateButton={false}
                onTimeChange={({ start, end }) => setDraft((d) => ({ ...d, from: start, to: end }))}
                width="full"
              />
            </EuiFormRow>
          </EuiFlexItem>
          <EuiFlexItem grow={false}>
            <EuiFormRow hasEmptyLabelSpace>
              <EuiButton data-test-subj="cicInvestigateSubmit" type="submit" fill iconType="search">
                {tr('investigate.submit', 'Investigate')}
              </EuiButton>
            </EuiFormRow>
          </EuiFlexItem>
        </EuiFlexGroup>
        {errs.scope ? (
          <>
            <EuiSpacer size="s" />
            <EuiCallOut data-test-subj="cicInvestigateError-scope" color="danger" size="s" iconType="error" title={errs.scope} />
          </>
        ) : null}
      </EuiForm>
      <EuiSpacer size="m" />
      {!hasScope ? (
        <EuiEmptyPrompt
          data-test-subj="cicInvestigateStart"
          iconType="search"
          title={<h2>{tr('investigate.startTitle', 'Investigate a user, an IP, or both')}</h2>}
          body={
            <p>
              {tr(
                'investigate.startBody',
                'Enter the user or the source IP you saw in Discover, a case or a ticket, and a time range. From a user you see every IP they signed in from; from an IP, every user who signed in from it.'
              )}
            </p>
          }
        />
      ) : !checked.ok ? (
        <Errors errors={checked.errors} testSubj="cicInvestigateInvalid" />
      ) : (
        <InvestigationPanel http={http} scope={checked.scope} colorMode={colorMode} nav={nav} />
      )}
    </div>
  );
}

// default export for React.lazy
export default InvestigatePage;
