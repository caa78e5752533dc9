// App root shared by Kibana and the standalone host: routes `/` (alert list), `/alerts/<id>` (panel,
// lazy chunk) and `/settings` (rule editor, when the host can save and re-run the rule).
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

const InvestigationPanel = lazy(() => import('./investigation/investigation_panel'));
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

  const body = (
    <EuiPageTemplate restrictWidth={false} data-test-subj="cicApp" data-color-mode={mode}>
      <EuiPageTemplate.Header pageTitle={PLUGIN_NAME} bottomBorder>
        <EuiTabs>
          <EuiTab data-test-subj="cicTabAlerts" isSelected={!onSettings} onClick={() => history.push('/')}>
            {tr('app.tabAlerts', 'Alerts')}
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
            ) : alertId ? (
              <InvestigationPanel key={alertId} http={http} alertId={alertId} colorMode={mode} onBack={() => history.push('/')} />
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
