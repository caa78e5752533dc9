// Entry point for hosts (the standalone host bundles this file with esbuild; Kibana's mount calls it too).
import React from 'react';
import { createRoot } from 'react-dom/client';
import { APP_BASE_PATH } from './constants';
import { App, ColorMode, ThemeSource } from './app';
import { AppHistory, createBrowserHistory } from './history';
import type { HttpLike } from './http';
import type { RuleSettingsApi } from './rule_settings';

export type { HttpLike } from './http';
export type { AppHistory } from './history';
export type { RuleSettingsApi } from './rule_settings';
export { createBrowserHistory, createMemoryHistory } from './history';

export interface RenderAppOptions {
  element: HTMLElement;
  http: HttpLike;
  /** Default: browser history under `/app/cloudIdentityCompromise` (deep links `/alerts/<id>`). */
  history?: AppHistory;
  /** 'light' | 'dark', or Kibana's CoreTheme `{ darkMode }`. */
  theme?: ColorMode | { darkMode: boolean };
  theme$?: ThemeSource;
  /** Enables the "Rule settings" tab with "Save and re-run". */
  rule?: RuleSettingsApi;
  /** Kibana: wrap the tree (core.rendering.addContext) instead of our own EuiProvider. */
  wrap?: (node: React.ReactNode) => React.ReactElement;
}

/** Renders the app into `element`; returns the unmount function. */
export function renderApp({ element, http, history, theme, theme$, rule, wrap }: RenderAppOptions): () => void {
  const colorMode: ColorMode = typeof theme === 'string' ? theme : theme?.darkMode ? 'dark' : 'light';
  const root = createRoot(element);
  const app = React.createElement(App, {
    http,
    history: history ?? createBrowserHistory(APP_BASE_PATH),
    colorMode,
    theme$,
    rule,
    withEuiProvider: !wrap,
  });
  root.render(wrap ? wrap(app) : app);
  return () => root.unmount();
}
