// App root shared by Kibana and the standalone host: routes `/` (alert list), `/alerts/<id>` (panel,
// lazy chunk), `/investigate?user=&ip=&from=&to=` (any user / IP, lazy chunk) and `/settings` (rule editor,
// when the host can save and re-run the rule).
import React, { Suspense, lazy, useEffect, useState } from 'react';
import {
  EuiErrorBoundary,
  EuiLoadingSpinner,
  EuiPageTemplate,
  EuiProvider,
  EuiTab,
  EuiTabs,
} from '@elastic/eui';
import { PLUGIN_NAME } from '../../common/constants';
import { tr } from '../i18n';
import { AlertsList } from './alerts_list';
import { AppHistory, alertIdFromPath, alertPath } from './history';
import type { HttpLike } from './http';
import type { RuleSettingsApi } from './rule_settings';
import { APP_BASE_PATH } from './constants';
import { INVESTIGATE_PATH } from './investigate/scope';
import type { Navigation } from './investigation/pivots';

const InvestigationPanel = lazy(() => import('./investigation/investigation_panel'));
const InvestigatePage = lazy(() => import('./investigate/investigate_page'));
const RuleSettings = lazy(() => import('./rule_settings').then((m) => ({ default: m.RuleSettings })));

export type ColorMode = 'light' | 'dark';
export interface ThemeSource {
  subscribe(next: (t: { darkMode: boolean }) => void): { unsubscribe(): void };
}

export interface AppProps {
  http: HttpLike;
  history: AppHistory;
  colorMode?: ColorMode;
  /** Kibana's `core.theme.theme$`: the app follows light/dark changes. */
  theme$?: ThemeSource;
  rule?: RuleSettingsApi;
  /** Standalone: wrap in EuiProvider. Kibana's rendering context already provides it. */
  withEuiProvider?: boolean;
}

function useLocation(history: AppHistory) {
  const read = () => ({ pathname: history.location.pathname, search: history.location.search ?? '' });
  const [loc, setLoc] = useState(read);
  useEffect(() => history.listen(() => setLoc(read())), [history]);
  return loc;
}

function useColorMode(initial: ColorMode, theme$?: ThemeSource) {
  const [mode, setMode] = useState<ColorMode>(initial);
  useEffect(() => {
    setMode(initial);
  }, [initial]);
  useEffect(() => {
    if (!theme$) return;
    const sub = theme$.subscribe((t) => setMode(t.darkMode ? 'dark' : 'light'));
    return () => sub.unsubscribe();
  }, [theme$]);
  return mode;
}

const Loading = () => <EuiLoadingSpinner data-test-subj="cicChunkLoading" size="xl" />;

export function App({ http, history, colorMode = 'light', theme$, rule, withEuiProvider = true }: AppProps) {
  const { pathname, search } = useLocation(history);
  const ruleId = new URLSearchParams(search).get('ruleId');
  const mode = useColorMode(colorMode, theme$);
  const alertId = alertIdFromPath(pathname);
  const onSettings = pathname === '/settings' && !!rule;
  const onInvestigate = pathname === INVESTIGATE_PATH || pathname === `${INVESTIGATE_PATH}/`;
  const nav: Navigation = {
    hrefFor: (path) => (http.basePath ? http.basePath.prepend(`${APP_BASE_PATH}${path}`) : `${APP_BASE_PATH}${path}`),
    navigate: (path) => history.push(path),
  };

  const body = (
    <EuiPageTemplate restrictWidth={false} data-test-subj="cicApp" data-color-mode={mode}>
      <EuiPageTemplate.Header pageTitle={PLUGIN_NAME} bottomBorder>
        <EuiTabs>
          <EuiTab data-test-subj="cicTabAlerts" isSelected={!onSettings && !onInvestigate} onClick={() => history.push('/')}>
            {tr('app.tabAlerts', 'Alerts')}
          </EuiTab>
          <EuiTab data-test-subj="cicTabInvestigate" isSelected={onInvestigate} onClick={() => history.push(INVESTIGATE_PATH)}>
            {tr('app.tabInvestigate', 'Investigate')}
          </EuiTab>
          {rule ? (
            <EuiTab data-test-subj="cicTabSettings" isSelected={onSettings} onClick={() => history.push('/settings')}>
              {tr('app.tabSettings', 'Rule settings')}
            </EuiTab>
          ) : null}
        </EuiTabs>
      </EuiPageTemplate.Header>
      <EuiPageTemplate.Section>
        <EuiErrorBoundary>
          <Suspense fallback={<Loading />}>
            {onSettings && rule ? (
              <RuleSettings api={rule} onSaved={() => undefined} />
            ) : onInvestigate ? (
              <InvestigatePage http={http} search={search} nav={nav} colorMode={mode} />
            ) : alertId ? (
              <InvestigationPanel key={alertId} http={http} alertId={alertId} colorMode={mode} onBack={() => history.push('/')} nav={nav} />
            ) : (
              <AlertsList http={http} ruleId={ruleId} onClearRule={() => history.push('/')} onOpen={(id) => history.push(alertPath(id))} />
            )}
          </Suspense>
        </EuiErrorBoundary>
      </EuiPageTemplate.Section>
    </EuiPageTemplate>
  );
  return withEuiProvider ? <EuiProvider colorMode={mode}>{body}</EuiProvider> : body;
}
