// Subset of `@kbn/core/server` used by this plugin. Matched against Kibana 9.2 (elastic/kibana main, 2026):
// src/core/packages/{plugins,http,elasticsearch,logging}/server/src/*.d.ts. Inside a Kibana checkout the real package resolves instead.
import type { Client } from '@elastic/elasticsearch';
import type { Observable } from 'rxjs';

export type ElasticsearchClient = Omit<Client, 'connectionPool' | 'serializer' | 'extend' | 'close' | 'diagnostic'>;

export interface IScopedClusterClient {
  readonly asInternalUser: ElasticsearchClient;
  readonly asCurrentUser: ElasticsearchClient;
}

export type LogMeta = Record<string, unknown>;
export interface Logger {
  trace(message: string, meta?: LogMeta): void;
  debug(message: string, meta?: LogMeta): void;
  info(message: string, meta?: LogMeta): void;
  warn(errorOrMessage: string | Error, meta?: LogMeta): void;
  error(errorOrMessage: string | Error, meta?: LogMeta): void;
  fatal(errorOrMessage: string | Error, meta?: LogMeta): void;
  get(...childContextPaths: string[]): Logger;
}

export interface PluginInitializerContext<ConfigSchema = unknown> {
  opaqueId: symbol;
  logger: { get(...contextParts: string[]): Logger };
  config: { get<T = ConfigSchema>(): T; create<T = ConfigSchema>(): Observable<T> };
  env: { mode: { dev: boolean; prod: boolean }; packageInfo: { version: string; branch: string } };
}

export interface Plugin<TSetup = void, TStart = void, TPluginsSetup extends Record<string, any> = {}, TPluginsStart extends Record<string, any> = {}> {
  setup(core: CoreSetup<TPluginsStart, TStart>, plugins: TPluginsSetup): TSetup;
  start(core: CoreStart, plugins: TPluginsStart): TStart;
  stop?(): void | Promise<void>;
}

export type PluginInitializer<TSetup, TStart, TPluginsSetup extends Record<string, any> = {}, TPluginsStart extends Record<string, any> = {}> = (
  core: PluginInitializerContext
) => Promise<Plugin<TSetup, TStart, TPluginsSetup, TPluginsStart>>;

// ---- HTTP ----
export type RouteMethod = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'options';
export type RouteAccess = 'public' | 'internal';

export interface RouteValidationError extends Error {}
export interface RouteValidationResultFactory {
  ok: <T>(value: T) => { value: T };
  badRequest: (error: Error | string, path?: string[]) => { error: RouteValidationError };
}
export type RouteValidationFunction<T> = (
  data: any,
  validationResult: RouteValidationResultFactory
) => { value: T; error?: never } | { value?: never; error: RouteValidationError };
export type RouteValidationSpec<T> = RouteValidationFunction<T>;
export interface RouteValidatorConfig<P, Q, B> {
  params?: RouteValidationSpec<P>;
  query?: RouteValidationSpec<Q>;
  body?: RouteValidationSpec<B>;
}

export type Privilege = string;
export interface PrivilegeSet {
  anyRequired?: Array<Privilege | { allOf: Privilege[] }>;
  allRequired?: Array<Privilege | { anyOf: Privilege[] }>;
}
export type Privileges = Array<Privilege | PrivilegeSet>;
export interface AuthzEnabled { requiredPrivileges: Privileges }
export interface AuthzDisabled { enabled: false; reason: string }
export interface RouteSecurity {
  authz: AuthzEnabled | AuthzDisabled;
  authc?: { enabled: true } | { enabled: 'minimal' | 'optional' | false; reason: string };
}

export interface KibanaRequest<Params = unknown, Query = unknown, Body = unknown, Method extends RouteMethod = any> {
  readonly id: string;
  readonly url: URL;
  readonly route: { path: string; method: Method };
  readonly headers: Record<string, string | string[] | undefined>;
  readonly params: Params;
  readonly query: Query;
  readonly body: Body;
  readonly events: { aborted$: Observable<void>; completed$: Observable<void> };
}

export interface ResponseErrorAttributes { [key: string]: unknown }
export type ResponseError = string | Error | { message: string | Error; attributes?: ResponseErrorAttributes };
export interface IKibanaResponse<T = any> {
  readonly status: number;
  readonly payload?: T;
  readonly options: { body?: T; headers?: Record<string, string | string[]> };
}
export interface HttpResponseOptions<T = any> { body?: T; headers?: Record<string, string | string[]> }
export interface ErrorHttpResponseOptions { body?: ResponseError; headers?: Record<string, string | string[]> }
export interface KibanaResponseFactory {
  ok<T = any>(options?: HttpResponseOptions<T>): IKibanaResponse<T>;
  badRequest(options?: ErrorHttpResponseOptions): IKibanaResponse;
  unauthorized(options?: ErrorHttpResponseOptions): IKibanaResponse;
  forbidden(options?: ErrorHttpResponseOptions): IKibanaResponse;
  notFound(options?: ErrorHttpResponseOptions): IKibanaResponse;
  conflict(options?: ErrorHttpResponseOptions): IKibanaResponse;
  customError(options: ErrorHttpResponseOptions & { statusCode: number }): IKibanaResponse;
}

export interface RequestHandlerContext {
  core: Promise<{ elasticsearch: { client: IScopedClusterClient } }>;
}

export type RequestHandler<P = unknown, Q = unknown, B = unknown, Context extends RequestHandlerContext = RequestHandlerContext, Method extends RouteMethod = any> = (
  context: Context,
  request: KibanaRequest<P, Q, B, Method>,
  response: KibanaResponseFactory
) => IKibanaResponse<any> | Promise<IKibanaResponse<any>>;

export interface RouteConfig<P, Q, B, Method extends RouteMethod> {
  path: string;
  validate: RouteValidatorConfig<P, Q, B> | false;
  security: RouteSecurity;
  options?: { access?: RouteAccess; tags?: readonly string[] };
}

export interface AddVersionOpts<P, Q, B> {
  version: string;
  validate: false | { request?: RouteValidatorConfig<P, Q, B>; response?: Record<number, unknown> };
}
export interface VersionedRoute<Method extends RouteMethod, Ctx extends RequestHandlerContext = RequestHandlerContext> {
  addVersion<P = unknown, Q = unknown, B = unknown>(options: AddVersionOpts<P, Q, B>, handler: RequestHandler<P, Q, B, Ctx, Method>): VersionedRoute<Method, Ctx>;
}
export interface VersionedRouteConfig<Method extends RouteMethod> {
  path: string;
  access: RouteAccess;
  security: RouteSecurity;
  summary?: string;
  description?: string;
}
export interface VersionedRouter<Ctx extends RequestHandlerContext = RequestHandlerContext> {
  get(config: VersionedRouteConfig<'get'>): VersionedRoute<'get', Ctx>;
  post(config: VersionedRouteConfig<'post'>): VersionedRoute<'post', Ctx>;
  put(config: VersionedRouteConfig<'put'>): VersionedRoute<'put', Ctx>;
  patch(config: VersionedRouteConfig<'patch'>): VersionedRoute<'patch', Ctx>;
  delete(config: VersionedRouteConfig<'delete'>): VersionedRoute<'delete', Ctx>;
}

export interface IRouter<Context extends RequestHandlerContext = RequestHandlerContext> {
  routerPath: string;
  get<P, Q, B>(route: RouteConfig<P, Q, B, 'get'>, handler: RequestHandler<P, Q, B, Context, 'get'>): void;
  post<P, Q, B>(route: RouteConfig<P, Q, B, 'post'>, handler: RequestHandler<P, Q, B, Context, 'post'>): void;
  put<P, Q, B>(route: RouteConfig<P, Q, B, 'put'>, handler: RequestHandler<P, Q, B, Context, 'put'>): void;
  delete<P, Q, B>(route: RouteConfig<P, Q, B, 'delete'>, handler: RequestHandler<P, Q, B, Context, 'delete'>): void;
  versioned: VersionedRouter<Context>;
}

export interface HttpServiceSetup {
  createRouter<Context extends RequestHandlerContext = RequestHandlerContext>(): IRouter<Context>;
  basePath: { serverBasePath: string; prepend(path: string): string };
}

export interface CoreSetup<TPluginsStart extends Record<string, any> = {}, TStart = unknown> {
  http: HttpServiceSetup;
  getStartServices(): Promise<[CoreStart, TPluginsStart, TStart]>;
}
export interface CoreStart {
  elasticsearch: { client: { asInternalUser: ElasticsearchClient; asScoped(request: KibanaRequest): IScopedClusterClient } };
}

export interface AppCategory { id: string; label: string; ariaLabel?: string; order?: number; euiIconType?: string }
