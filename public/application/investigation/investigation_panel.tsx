// The investigation panel for one alert (lazy-loaded chunk). Loads the investigation once per alert and
// shows loading / error+retry / empty states; never renders blank.
import React, { useEffect, useState } from 'react';
import {
  EuiButton,
  EuiButtonEmpty,
  EuiCallOut,
  EuiCopy,
  EuiEmptyPrompt,
  EuiFlexGroup,
  EuiFlexItem,
  EuiLoadingSpinner,
  EuiPanel,
  EuiSpacer,
} from '@elastic/eui';
import type { InvestigationResponse } from '../../../common/api';
import { inlineEsqlParams } from '../../../common/api';
import { tr } from '../../i18n';
import { HttpLike, errorMessage, fetchInvestigation } from '../http';
import { discoverUrl, ruleUrl } from '../links';
import { APP_BASE_PATH } from '../constants';
import { formatTime } from '../format';
import type { Scope } from '../investigate/scope';
import { ActivitySection } from './activity_section';
import { DetectionCounts } from './counts';
import { IpPivot, type Navigation, UserPivot } from './pivots';
import { InvestigationHeader } from './header';
import { NetworkAlertsTable } from './network_alerts_table';
import { SigninsTable } from './signins_table';
import { ThreatIntelSection } from './threat_intel_section';
import { Timeline } from './timeline';

export interface InvestigationPanelProps {
  http: HttpLike;
  /** one alert; or `scope`: a user and/or IP over from..to (ISO) */
  alertId?: string;
  scope?: Scope;
  colorMode: 'light' | 'dark';
  onBack?: () => void;
  /** pivot links; without it pivots are listed without links */
  nav?: Navigation;
}

/** The four section queries with values inlined, as one ES|QL script (comment-separated) for copying. */
export function esqlForView(data: InvestigationResponse): string {
  return [
    [tr('copy.signins', 'Sign-ins'), data.signins],
    [tr('copy.network', 'Network alerts'), data.networkAlerts],
    [tr('copy.activity', 'Microsoft 365 activity'), data.activity],
    [tr('copy.ti', 'Threat intelligence'), data.threatIntel],
  ]
    .map(([title, s]) => `// ${title as string}\n${inlineEsqlParams((s as InvestigationResponse['signins']).esql)}`)
    .join('\n\n');
}

/** Without navigation (embedding), pivot links still carry an in-app path. */
const NO_NAV: Navigation = { hrefFor: (p) => `${APP_BASE_PATH}${p}`, navigate: () => undefined };

/** Says which scope found nothing, and what to check. */
function emptyBody(d: InvestigationResponse): string {
  const range = { from: formatTime(d.from), to: formatTime(d.to) };
  if (d.user && d.ip) return tr('panel.emptyUserIp', 'No sign-ins by {user} from {ip}, and no network alerts, activity or indicators, between {from} and {to}.', { user: d.user, ip: d.ip, ...range });
  if (d.user) {
    return tr('panel.emptyUser', 'No sign-ins by {user} between {from} and {to}. Users are matched exactly on their e-mail / UPN (lowercase): check the spelling, or widen the range.', { user: d.user, ...range });
  }
  if (d.ip) return tr('panel.emptyIp', 'Nobody signed in from {ip} between {from} and {to}, and no network alerts or indicators name it. Widen the range?', { ip: d.ip, ...range });
  return tr('panel.emptyBody', 'No sign-ins, network alerts, activity or indicators for this user and IP in the window.');
}

/** Section titles that say what was searched: one user's, one IP's, or both. */
export function sectionTitles(d: InvestigationResponse): { signins?: string; network?: string; activity?: string } {
  if (d.user && !d.ip) {
    return {
      signins: tr('scope.userSignins', 'Sign-ins by {user}, from any IP', { user: d.user }),
      network: tr('scope.userNetwork', 'Network alerts on the IPs {user} signed in from', { user: d.user }),
      activity: tr('scope.userActivity', 'Microsoft 365 activity of {user}, from any IP', { user: d.user }),
    };
  }
  if (d.ip && !d.user) {
    return {
      signins: tr('scope.ipSignins', 'Sign-ins from {ip}, every user', { ip: d.ip }),
      activity: tr('scope.ipActivity', 'Microsoft 365 activity from {ip}, every user', { ip: d.ip }),
    };
  }
  return {};
}

const isEmpty = (d: InvestigationResponse) =>
  !d.alert &&
  d.signins.items.length + d.networkAlerts.items.length + d.activity.items.length + d.threatIntel.items.length === 0 &&
  ![d.signins, d.networkAlerts, d.activity, d.threatIntel, d.pivots?.ips, d.pivots?.users].some((s) => s?.error);

export function InvestigationPanel({ http, alertId, scope, colorMode, onBack, nav }: InvestigationPanelProps) {
  const scopeKey = scope ? JSON.stringify([scope.user, scope.ip, scope.from, scope.to]) : '';
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<{ status: 'loading' | 'error' | 'done'; data?: InvestigationResponse; error?: string }>({ status: 'loading' });

  useEffect(() => {
    const ac = new AbortController();
    setState({ status: 'loading' });
    fetchInvestigation(http, alertId ?? scope!, ac.signal).then(
      (data) => !ac.signal.aborted && setState({ status: 'done', data }),
      (e) => !ac.signal.aborted && setState({ status: 'error', error: errorMessage(e) })
    );
    return () => ac.abort();
  }, [http, alertId, scopeKey, attempt]);

  const back = onBack ? (
    <EuiButtonEmpty data-test-subj="cicBackToList" iconType="arrowLeft" onClick={onBack} size="s">
      {tr('panel.back', 'All alerts')}
    </EuiButtonEmpty>
  ) : null;

  if (state.status === 'loading') {
    return (
      <div data-test-subj="cicInvestigationPanel" data-state="loading">
        {back}
        <EuiEmptyPrompt data-test-subj="cicPanelLoading" icon={<EuiLoadingSpinner size="xl" />} title={<h2>{tr('panel.loading', 'Loading investigation…')}</h2>} />
      </div>
    );
  }
  if (state.status === 'error' || !state.data) {
    return (
      <div data-test-subj="cicInvestigationPanel" data-state="error">
        {back}
        <EuiCallOut data-test-subj="cicPanelError" color="danger" iconType="error" title={tr('panel.error', 'Could not load the investigation')}>
          <p data-test-subj="cicPanelErrorMessage">{state.error}</p>
          <EuiButton data-test-subj="cicPanelRetry" color="danger" onClick={() => setAttempt((n) => n + 1)}>
            {tr('common.retry', 'Retry')}
          </EuiButton>
        </EuiCallOut>
      </div>
    );
  }
  const data = state.data;
  if (isEmpty(data)) {
    return (
      <div data-test-subj="cicInvestigationPanel" data-state="empty">
        {back}
        <EuiEmptyPrompt
          data-test-subj="cicPanelEmpty"
          iconType="search"
          title={<h2>{tr('panel.empty', 'Nothing found')}</h2>}
          body={<p data-test-subj="cicPanelEmptyBody">{emptyBody(data)}</p>}
          actions={
            <EuiButton data-test-subj="cicPanelRetry" onClick={() => setAttempt((n) => n + 1)}>
              {tr('common.reload', 'Reload')}
            </EuiButton>
          }
        />
      </div>
    );
  }
  const signinsEsql = inlineEsqlParams(data.signins.esql);
  const titles = sectionTitles(data);
  return (
    <div data-test-subj="cicInvestigationPanel" data-state="done">
      <EuiFlexGroup gutterSize="s" alignItems="center" wrap responsive={false}>
        <EuiFlexItem grow={false}>{back}</EuiFlexItem>
        <EuiFlexItem />
        <EuiFlexItem grow={false}>
          <EuiButtonEmpty data-test-subj="cicLinkDiscover" iconType="discoverApp" size="s" href={discoverUrl(signinsEsql, data.from, data.to, http.basePath)} target="_blank">
            {tr('panel.discover', 'Open sign-ins in Discover')}
          </EuiButtonEmpty>
        </EuiFlexItem>
        {data.alert?.ruleUuid ? (
          <EuiFlexItem grow={false}>
            <EuiButtonEmpty data-test-subj="cicLinkRule" iconType="bell" size="s" href={ruleUrl(data.alert.ruleUuid, http.basePath)} target="_blank">
              {tr('panel.rule', 'Open the rule')}
            </EuiButtonEmpty>
          </EuiFlexItem>
        ) : null}
        <EuiFlexItem grow={false}>
          <EuiCopy textToCopy={esqlForView(data)}>
            {(copy) => (
              <EuiButtonEmpty data-test-subj="cicCopyEsql" iconType="copyClipboard" size="s" onClick={copy}>
                {tr('panel.copyEsql', 'Copy ES|QL')}
              </EuiButtonEmpty>
            )}
          </EuiCopy>
        </EuiFlexItem>
      </EuiFlexGroup>
      <EuiSpacer size="s" />
      <InvestigationHeader data={data} />
      <EuiSpacer size="m" />
      {data.alert ? (
        <>
          <DetectionCounts data={data} />
          <EuiSpacer size="m" />
        </>
      ) : null}
      {data.pivots?.ips ? (
        <>
          <IpPivot data={data} pivot={data.pivots.ips} nav={nav ?? NO_NAV} />
          <EuiSpacer size="m" />
        </>
      ) : null}
      {data.pivots?.users ? (
        <>
          <UserPivot data={data} pivot={data.pivots.users} nav={nav ?? NO_NAV} />
          <EuiSpacer size="m" />
        </>
      ) : null}
      <EuiPanel hasBorder paddingSize="m">
        <Timeline data={data} colorMode={colorMode} />
      </EuiPanel>
      <EuiSpacer size="m" />
      <SigninsTable section={data.signins} title={titles.signins} />
      <EuiSpacer size="m" />
      <NetworkAlertsTable section={data.networkAlerts} title={titles.network} />
      <EuiSpacer size="m" />
      <ActivitySection section={data.activity} title={titles.activity} />
      <EuiSpacer size="m" />
      <ThreatIntelSection section={data.threatIntel} />
    </div>
  );
}

// default export for React.lazy
export default InvestigationPanel;
