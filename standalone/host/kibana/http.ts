// Kibana's HTTP service subset on @hapi/hapi (Kibana's own HTTP stack): `IRouter` with plain and versioned routes,
// validation functions, `security.authz` checks, Kibana's internal-API restriction and XSRF rule, Kibana-shaped
// error bodies, and a request handler context whose ES client acts as the current user.
import { randomUUID } from 'crypto';
import Hapi from '@hapi/hapi';
import { Subject } from 'rxjs';
import type {
  ErrorHttpResponseOptions,
  HttpResponseOptions,
  IKibanaResponse,
  IRouter,
  IScopedClusterClient,
  KibanaRequest,
  KibanaResponseFactory,
  Logger,
  RequestHandler,
  RequestHandlerContext,
  ResponseError,
  RouteAccess,
  RouteConfig,
  RouteMethod,
  RouteSecurity,
  RouteValidationError,
  RouteValidatorConfig,
  VersionedRoute,
  VersionedRouteConfig,
  VersionedRouter,
} from '@kbn/core/server';
import { missingPrivileges, type HostUser, type Security } from './security';
import { HOST_SPACES, parseSpaceUrl, type SpaceId } from './spaces';

/** What Kibana's other services know about a request: its space (spaces plugin) and its user (security plugin). */
const requestInfo = new WeakMap<object, { spaceId: SpaceId; user: HostUser }>();
export function getRequestInfo(request: KibanaRequest): { spaceId: SpaceId; user: HostUser } {
  const info = requestInfo.get(request);
  if (!info) throw new Error('not a request of the host HTTP server');
  return info;
}

export const VERSION_HEADER = 'elastic-api-version';
export const INTERNAL_ORIGIN_HEADER = 'x-elastic-internal-origin';

class KibanaResponse<T = unknown> implements IKibanaResponse<T> {
  constructor(public readonly status: number, public readonly payload?: T, public readonly options: HttpResponseOptions<T> = {}) {}
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  500: 'Internal Server Error',
};

/** Kibana wraps error bodies as `{ statusCode, error, message, attributes? }`. */
function errorBody(statusCode: number, body?: ResponseError) {
  let message: string = REASONS[statusCode] ?? 'Error';
  let attributes: Record<string, unknown> | undefined;
  if (typeof body === 'string') message = body;
  else if (body instanceof Error) message = body.message;
  else if (body && typeof body === 'object') {
    message = body.message instanceof Error ? body.message.message : String(body.message);
    attributes = body.attributes;
  }
  return { statusCode, error: REASONS[statusCode] ?? 'Error', message, ...(attributes ? { attributes } : {}) };
}

export const kibanaResponseFactory: KibanaResponseFactory & { noContent(): IKibanaResponse } = {
  ok: (o = {}) => new KibanaResponse(200, o.body, o),
  noContent: () => new KibanaResponse(204),
  badRequest: (o: ErrorHttpResponseOptions = {}) => new KibanaResponse(400, errorBody(400, o.body), { headers: o.headers }),
  unauthorized: (o: ErrorHttpResponseOptions = {}) => new KibanaResponse(401, errorBody(401, o.body), { headers: o.headers }),
  forbidden: (o: ErrorHttpResponseOptions = {}) => new KibanaResponse(403, errorBody(403, o.body), { headers: o.headers }),
  notFound: (o: ErrorHttpResponseOptions = {}) => new KibanaResponse(404, errorBody(404, o.body), { headers: o.headers }),
  conflict: (o: ErrorHttpResponseOptions = {}) => new KibanaResponse(409, errorBody(409, o.body), { headers: o.headers }),
  customError: (o) => {
    if (!o || !o.statusCode || o.statusCode < 400) throw new Error(`invalid customError statusCode [${o?.statusCode}]`);
    return new KibanaResponse(o.statusCode, errorBody(o.statusCode, o.body), { headers: o.headers });
  },
};

class ValidationError extends Error implements RouteValidationError {}

type Part = 'params' | 'query' | 'body';
const NAMESPACE: Record<Part, string> = { params: 'request params', query: 'request query', body: 'request body' };

/** Runs a validation function like Kibana's RouteValidator: `(data, { ok, badRequest })`; absent spec → `{}`. */
function validatePart(spec: RouteValidatorConfig<unknown, unknown, unknown>[Part] | undefined, part: Part, data: unknown): unknown {
  if (!spec) return {};
  if (typeof spec !== 'function') throw new Error(`validation for ${part} must be a function in the standalone host`);
  const prefix = (path: string[] = []) => `[${[NAMESPACE[part], ...path].join('.')}]`;
  let result: { value?: unknown; error?: RouteValidationError };
  try {
    result = spec(data, {
      ok: (value) => ({ value }),
      badRequest: (error, path) => ({ error: new ValidationError(`${prefix(path)}: ${typeof error === 'string' ? error : error.message}`) }),
    });
  } catch (e) {
    throw new ValidationError(`${prefix()}: ${(e as Error).message}`);
  }
  if (!result || typeof result !== 'object') throw new ValidationError(`${prefix()}: validation function returned no result`);
  if (result.error) throw result.error instanceof ValidationError ? result.error : new ValidationError(`${prefix()}: ${result.error.message}`);
  return result.value;
}

export interface HttpServerDeps {
  logger: Logger;
  security: Security;
  /** Builds the ES client pair for a request's user. */
  scopedClient: (user: HostUser, request: KibanaRequest) => IScopedClusterClient;
  /** Kibana 9 restricts internal APIs to requests with `x-elastic-internal-origin` (server.restrictInternalApis). */
  restrictInternalApis?: boolean;
  /** the Kibana version the browser client must match (`kbn-version` header) */
  kibanaVersion?: string;
  spaces?: readonly SpaceId[];
}

interface RouteDef {
  method: RouteMethod;
  path: string;
  access: RouteAccess;
  security: RouteSecurity | undefined;
}

/** Host-level context available to host routes (not part of Kibana's contract). */
export interface HostRequestInfo {
  user: HostUser;
}

export class HttpService {
  readonly server: Hapi.Server;
  private readonly versioned = new Map<string, Map<string, { validate: RouteValidatorConfig<any, any, any> | false; handler: RequestHandler<any, any, any, any, any> }>>();
  private readonly routes: RouteDef[] = [];

  constructor(private readonly deps: HttpServerDeps, opts: { host?: string; port?: number } = {}) {
    this.server = Hapi.server({
      host: opts.host ?? '127.0.0.1',
      port: opts.port ?? 0,
      routes: { payload: { maxBytes: 1024 * 1024 } },
      router: { stripTrailingSlash: true },
    });
    // Spaces: `/s/<id>/rest` routes as `/rest` in space <id> (the spaces plugin's onRequest interceptor).
    const spaces = deps.spaces ?? HOST_SPACES;
    this.server.ext('onRequest', (req, h) => {
      const { spaceId, path } = parseSpaceUrl(req.url.pathname);
      if (!spaces.includes(spaceId)) {
        return h.response({ statusCode: 404, error: 'Not Found', message: `Saved object [space/${spaceId}] not found` }).code(404).takeover();
      }
      (req.app as { spaceId?: SpaceId }).spaceId = spaceId;
      if (path !== req.url.pathname) req.setUrl(path + req.url.search);
      return h.continue;
    });
  }

  /** The space of a hapi request (after the `/s/<id>` prefix was stripped). */
  static spaceOf(req: Hapi.Request): SpaceId {
    return (req.app as { spaceId?: SpaceId }).spaceId ?? 'default';
  }

  get url() {
    return `http://127.0.0.1:${this.server.info.port}`;
  }

  getRoutes(): readonly RouteDef[] {
    return this.routes;
  }

  createRouter<Ctx extends RequestHandlerContext = RequestHandlerContext>(prefix = ''): IRouter<Ctx> {
    const add =
      (method: 'get' | 'post' | 'put' | 'delete' | 'patch') =>
      (route: RouteConfig<any, any, any, any>, handler: RequestHandler<any, any, any, Ctx, any>) => {
        const path = prefix + route.path;
        const access = route.options?.access ?? defaultAccess(path);
        this.register({ method, path, access, security: route.security }, route.validate, (req, h, user) =>
          this.invoke(req, h, user, { method, path, access, security: route.security }, route.validate, handler as RequestHandler)
        );
      };
    const versionedRoute = (method: 'get' | 'post' | 'put' | 'patch' | 'delete') => (config: VersionedRouteConfig<any>): VersionedRoute<any, Ctx> => {
      const path = prefix + config.path;
      const key = `${method} ${path}`;
      const versions = new Map();
      this.versioned.set(key, versions);
      const def: RouteDef = { method, path, access: config.access, security: config.security };
      this.register(def, false, (req, h, user) => {
        const available = [...versions.keys()];
        const requested = headerValue(req.headers[VERSION_HEADER] as string | string[] | undefined);
        // Kibana resolves public routes to the oldest version; internal routes must name one.
        const version = requested || (def.access === 'public' && available.length > 0 ? [...available].sort()[0] : undefined);
        if (!version) {
          return this.reply(h, kibanaResponseFactory.badRequest({ body: `Please specify a version via ${VERSION_HEADER} header. Available versions: ${versionsToString(available)}` }));
        }
        const invalid = invalidRouteVersion(def.access === 'public', version);
        if (invalid) return this.reply(h, kibanaResponseFactory.badRequest({ body: invalid }));
        const entry = versions.get(version);
        if (!entry) {
          return this.reply(h, kibanaResponseFactory.badRequest({ body: `No version "${version}" available for [${method}] [${path}]. Available versions are: ${versionsToString(available)}` }));
        }
        const validate = entry.validate === false ? false : entry.validate.request ?? {};
        return this.invoke(req, h, user, def, validate, entry.handler, version);
      });
      const api: VersionedRoute<any, Ctx> = {
        addVersion: (opts, handler) => {
          const invalid = invalidRouteVersion(def.access === 'public', opts.version);
          if (invalid) throw new Error(invalid);
          if (versions.has(opts.version)) throw new Error(`Version "${opts.version}" handler has already been registered for the route [${method}] [${path}]"`);
          versions.set(opts.version, { validate: opts.validate, handler });
          return api;
        },
      };
      return api;
    };
    const versioned: VersionedRouter<Ctx> = {
      get: versionedRoute('get'),
      post: versionedRoute('post'),
      put: versionedRoute('put'),
      patch: versionedRoute('patch'),
      delete: versionedRoute('delete'),
    };
    return { routerPath: prefix || '/', get: add('get'), post: add('post'), put: add('put'), delete: add('delete'), versioned } as IRouter<Ctx>;
  }

  /** Common pre-handler: user, internal-origin restriction, XSRF, authz. */
  private register(
    def: RouteDef,
    _validate: unknown,
    run: (req: Hapi.Request, h: Hapi.ResponseToolkit, user: HostUser) => Promise<Hapi.ResponseObject> | Hapi.ResponseObject
  ) {
    if (!def.security) throw new Error(`Route [${def.method}] [${def.path}] must define security.authz (Kibana 9 requires it)`);
    this.routes.push(def);
    this.server.route({
      method: def.method.toUpperCase() as Hapi.RouteDefMethods,
      path: def.path,
      options: { payload: def.method === 'get' ? undefined : { parse: true, allow: ['application/json', 'text/plain'], failAction: 'error' } },
      handler: async (req, h) => {
        const user = this.deps.security.userFor(req.headers as Record<string, string | string[] | undefined>, HttpService.spaceOf(req));
        if ('error' in user) return this.reply(h, kibanaResponseFactory.unauthorized({ body: user.error }));
        // Kibana's version check on browser requests (core http onPreAuth: kbn-version must match the server).
        const kbnVersion = headerValue(req.headers['kbn-version'] as string | string[] | undefined);
        if (this.deps.kibanaVersion && kbnVersion && kbnVersion !== this.deps.kibanaVersion) {
          return this.reply(
            h,
            kibanaResponseFactory.badRequest({ body: { message: 'Browser client is out of date, please refresh the page', attributes: { expected: this.deps.kibanaVersion, got: kbnVersion } } })
          );
        }
        if (this.deps.restrictInternalApis !== false && def.access === 'internal' && !req.headers[INTERNAL_ORIGIN_HEADER]) {
          return this.reply(h, kibanaResponseFactory.badRequest({ body: `uri [${req.url.pathname}] with method [${def.method}] exists but is not available with the current configuration` }));
        }
        const safe = def.method === 'get' || def.method === 'options';
        if (!safe && !req.headers['kbn-xsrf'] && !req.headers['kbn-version'] && !req.headers[INTERNAL_ORIGIN_HEADER]) {
          return this.reply(h, kibanaResponseFactory.badRequest({ body: 'Request must contain a kbn-xsrf header.' }));
        }
        const authz = def.security!.authz;
        if ('requiredPrivileges' in authz) {
          const missing = missingPrivileges(authz.requiredPrivileges, (p) => user.apiPrivileges.has(p));
          if (missing.length > 0) {
            return this.reply(
              h,
              kibanaResponseFactory.forbidden({
                body: `API [${def.method.toUpperCase()} ${req.url.pathname}${req.url.search}] is unauthorized for user, this action is granted by the Kibana privileges [${missing.join(',')}]`,
              })
            );
          }
        }
        return run(req, h, user);
      },
    });
  }

  private async invoke(
    req: Hapi.Request,
    h: Hapi.ResponseToolkit,
    user: HostUser,
    def: RouteDef,
    validate: RouteValidatorConfig<any, any, any> | false,
    handler: RequestHandler,
    version?: string
  ) {
    let params: unknown = {};
    let query: unknown = {};
    let body: unknown = {};
    try {
      if (validate) {
        params = validatePart(validate.params, 'params', req.params ?? {});
        query = validatePart(validate.query, 'query', { ...(req.query as object) });
        body = validatePart(validate.body, 'body', req.payload ?? {});
      }
    } catch (e) {
      if (e instanceof ValidationError) return this.reply(h, kibanaResponseFactory.badRequest({ body: e.message }));
      throw e;
    }
    const aborted$ = new Subject<void>();
    const completed$ = new Subject<void>();
    req.raw.req.once('close', () => {
      if (!req.raw.res.writableEnded) aborted$.next();
      aborted$.complete();
    });
    req.raw.res.once('finish', () => {
      completed$.next();
      completed$.complete();
    });
    const url = new URL(req.url.href);
    const headers = { ...req.headers } as Record<string, string | string[] | undefined>;
    const kibanaRequest = Object.freeze({
      id: randomUUID(),
      url,
      route: { path: def.path, method: def.method },
      headers,
      params,
      query,
      body,
      events: { aborted$: aborted$.asObservable(), completed$: completed$.asObservable() },
      // not in the typed subset, handy for host routes and logs
      ...(version ? { apiVersion: version } : {}),
      auth: { isAuthenticated: true, username: user.username },
    }) as KibanaRequest;
    requestInfo.set(kibanaRequest, { spaceId: HttpService.spaceOf(req), user });
    let corePromise: ReturnType<typeof Promise.resolve<{ elasticsearch: { client: IScopedClusterClient } }>> | undefined;
    const context = {
      get core() {
        corePromise ??= Promise.resolve({ elasticsearch: { client: scoped() } });
        return corePromise;
      },
    } as RequestHandlerContext;
    const scoped = () => this.deps.scopedClient(user, kibanaRequest);
    try {
      const res = await handler(context, kibanaRequest, kibanaResponseFactory);
      if (!(res instanceof KibanaResponse)) throw new Error(`Unexpected result from Route Handler. Expected KibanaResponse, but given: ${typeof res}.`);
      return this.reply(h, res);
    } catch (e) {
      const status = (e as { meta?: { statusCode?: number } }).meta?.statusCode;
      // Kibana turns an ES 401 into a 401; everything else thrown is a 500 with a generic message.
      if (status === 401) return this.reply(h, kibanaResponseFactory.unauthorized({ body: (e as Error).message }));
      this.deps.logger.error(e as Error);
      return this.reply(h, new KibanaResponse(500, { statusCode: 500, error: 'Internal Server Error', message: 'An internal server error occurred.' }));
    }
  }

  private reply(h: Hapi.ResponseToolkit, res: IKibanaResponse) {
    const body = res.status >= 400 ? res.payload : res.options.body;
    const out = h.response((body === undefined ? null : body) as Hapi.ResponseValue).code(res.status);
    if (body !== undefined && body !== null && typeof body === 'object' && !Buffer.isBuffer(body) && typeof (body as { pipe?: unknown }).pipe !== 'function') {
      out.type('application/json; charset=utf-8');
    }
    for (const [k, v] of Object.entries(res.options.headers ?? {})) out.header(k, Array.isArray(v) ? v.join(', ') : v);
    return out;
  }

  async start() {
    await this.server.start();
  }

  async stop() {
    await this.server.stop({ timeout: 2000 });
  }
}

// Kibana's versioned route (src/core/packages/http/router-server-internal/src/versioned_router/core_versioned_route.ts
// and route_version_utils.ts): versions listed as `[1, 2]`; internal versions are positive integers, public ones dates.
function versionsToString(v: string[]) {
  return v.length ? `[${v.join(', ')}]` : '<none>';
}

function invalidRouteVersion(isPublic: boolean, version: string): string | undefined {
  if (isPublic) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(version) || Number.isNaN(Date.parse(version))) {
      return `Invalid version. Received "${version}", expected a valid date string formatted as YYYY-MM-DD.`;
    }
    return undefined;
  }
  if (!/^[1-9][0-9]*$/.test(version)) return `Invalid version number. Received "${version}", expected a string containing _only_ a finite, whole number greater than 0.`;
  return undefined;
}

function headerValue(v: string | string[] | undefined) {
  return Array.isArray(v) ? v[0] : v;
}

function defaultAccess(path: string): RouteAccess {
  return path.startsWith('/internal/') ? 'internal' : 'public';
}
