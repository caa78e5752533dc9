// Subset of `@kbn/core/public` used by this plugin. Matched against Kibana 9.2 (elastic/kibana main, 2026):
// src/core/packages/{application,http,theme,rendering,plugins}/browser/src/*.ts. Inside a Kibana checkout the real package resolves instead.
import type { Observable } from 'rxjs';
import type { ReactElement, ReactNode } from 'react';

// ---- plugins ----
export interface PluginInitializerContext<ConfigSchema extends object = object> {
  readonly opaqueId: symbol;
  readonly env: { mode: { dev: boolean; prod: boolean }; packageInfo: { version: string; branch: string; buildNum: number; buildSha: string; dist: boolean } };
  readonly config: { get: <T extends object = ConfigSchema>() => T };
}
export interface Plugin<TSetup = void, TStart = void, TPluginsSetup extends object = object, TPluginsStart extends object = object> {
  setup(core: CoreSetup<TPluginsStart, TStart>, plugins: TPluginsSetup): TSetup;
  start(core: CoreStart, plugins: TPluginsStart): TStart;
  stop?(): void;
}
export type PluginInitializer<TSetup, TStart, TPluginsSetup extends object = object, TPluginsStart extends object = object> = (
  core: PluginInitializerContext
) => Plugin<TSetup, TStart, TPluginsSetup, TPluginsStart>;

// ---- http ----
export interface HttpFetchQuery {
  [key: string]: string | number | boolean | string[] | number[] | boolean[] | undefined | null;
}
export interface HttpFetchOptions extends Omit<RequestInit, 'body'> {
  query?: HttpFetchQuery;
  body?: BodyInit | null;
  prependBasePath?: boolean;
  headers?: Record<string, string>;
  asSystemRequest?: boolean;
  asResponse?: boolean;
  rawResponse?: boolean;
  context?: unknown;
  version?: string;
}
export interface HttpHandler {
  <TResponseBody = unknown>(path: string, options?: HttpFetchOptions): Promise<TResponseBody>;
}
export interface IBasePath {
  get: () => string;
  prepend: (url: string) => string;
  remove: (url: string) => string;
  readonly serverBasePath: string;
}
export interface HttpSetup {
  basePath: IBasePath;
  fetch: HttpHandler;
  get: HttpHandler;
  post: HttpHandler;
  put: HttpHandler;
  delete: HttpHandler;
}
export type HttpStart = HttpSetup;

// ---- theme ----
export interface CoreTheme {
  readonly darkMode: boolean;
  readonly name: string;
}
export interface ThemeServiceStart {
  theme$: Observable<CoreTheme>;
  getTheme(): CoreTheme;
}

// ---- application ----
export interface ScopedHistory<HistoryLocationState = unknown> {
  readonly location: { pathname: string; search: string; hash: string; state?: HistoryLocationState };
  push(path: string, state?: HistoryLocationState): void;
  replace(path: string, state?: HistoryLocationState): void;
  listen(listener: (location: { pathname: string; search: string; hash: string }, action: string) => void): () => void;
  createHref(location: { pathname?: string; search?: string; hash?: string }, options?: { prependBasePath?: boolean }): string;
}
export type UnmountCallback = () => void;
export interface AppMountParameters<HistoryLocationState = unknown> {
  element: HTMLElement;
  history: ScopedHistory<HistoryLocationState>;
  appBasePath: string;
  onAppLeave: (handler: unknown) => void;
  setHeaderActionMenu: (menuMount: ((element: HTMLElement) => UnmountCallback) | undefined) => void;
  /** @deprecated use `core.theme.theme$` */
  theme$: Observable<CoreTheme>;
}
export type AppMount<HistoryLocationState = unknown> = (params: AppMountParameters<HistoryLocationState>) => UnmountCallback | Promise<UnmountCallback>;
export type AppDeepLinkLocations = 'globalSearch' | 'sideNav' | 'home' | 'kibanaOverview';
export interface AppDeepLink<Id extends string = string> {
  id: Id;
  title: string;
  path?: string;
  deepLinks?: Array<AppDeepLink<Id>>;
  visibleIn?: AppDeepLinkLocations[];
  keywords?: string[];
  euiIconType?: string;
  order?: number;
}
export interface AppCategory {
  id: string;
  label: string;
  ariaLabel?: string;
  order?: number;
  euiIconType?: string;
}
export interface App<HistoryLocationState = unknown> {
  id: string;
  title: string;
  mount: AppMount<HistoryLocationState>;
  category?: AppCategory;
  order?: number;
  euiIconType?: string;
  appRoute?: string;
  visibleIn?: AppDeepLinkLocations[];
  deepLinks?: AppDeepLink[];
  keywords?: string[];
}
export interface ApplicationSetup {
  register<HistoryLocationState = unknown>(app: App<HistoryLocationState>): void;
}
export interface ApplicationStart {
  navigateToApp(appId: string, options?: { path?: string; state?: unknown; replace?: boolean; openInNewTab?: boolean }): Promise<void>;
  navigateToUrl(url: string, options?: { skipAppLeave?: boolean; forceRedirect?: boolean; state?: unknown }): Promise<void>;
  getUrlForApp(appId: string, options?: { path?: string; absolute?: boolean; deepLinkId?: string }): string;
}

// ---- core ----
export interface RenderingService {
  addContext(element: ReactNode): ReactElement<string>;
}
export interface CoreSetup<TPluginsStart extends object = object, TStart = unknown> {
  application: ApplicationSetup;
  http: HttpSetup;
  theme: ThemeServiceStart;
  getStartServices(): Promise<[CoreStart, TPluginsStart, TStart]>;
}
export interface CoreStart {
  application: ApplicationStart;
  http: HttpStart;
  theme: ThemeServiceStart;
  rendering: RenderingService;
}
