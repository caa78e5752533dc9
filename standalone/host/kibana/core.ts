// Kibana core contracts handed to the plugin: PluginInitializerContext (logger, config, env), CoreSetup (http
// router factory, getStartServices) and CoreStart (elasticsearch client and asScoped).
// Mirrors (the subset we use) src/core/packages/plugins/server-internal/src/plugin_context.ts
// (createPluginInitializerContext / createPluginSetupContext / createPluginStartContext).
import { BehaviorSubject } from 'rxjs';
import type { CoreSetup, CoreStart, KibanaRequest, PluginInitializerContext } from '@kbn/core/server';
import type { ElasticsearchService } from './elasticsearch';
import { getRequestInfo, type HttpService } from './http';
import type { LoggerFactory } from './logger';

export function createPluginInitializerContext(pluginId: string, loggers: LoggerFactory, config: unknown = {}, version = '9.2.0'): PluginInitializerContext {
  return {
    opaqueId: Symbol(pluginId),
    logger: { get: (...parts) => loggers.get('plugins', pluginId, ...parts) },
    config: { get: <T>() => config as T, create: <T>() => new BehaviorSubject(config as T).asObservable() },
    env: { mode: { dev: false, prod: true }, packageInfo: { version, branch: 'main' } },
  };
}

export function createCoreStart(es: ElasticsearchService): CoreStart {
  return {
    elasticsearch: {
      client: {
        asInternalUser: es.client,
        // the request's user (the host's security shim), as Kibana scopes the client to the request's credentials
        asScoped: (request: KibanaRequest) => es.asScoped(getRequestInfo(request).user, request.id),
      },
    },
  };
}

export function createCoreSetup<TPluginsStart extends Record<string, any>, TStart>(
  http: HttpService,
  startServices: Promise<[CoreStart, TPluginsStart, TStart]>
): CoreSetup<TPluginsStart, TStart> {
  return {
    http: {
      createRouter: () => http.createRouter(),
      basePath: { serverBasePath: '', prepend: (p: string) => p },
    },
    getStartServices: () => startServices,
  };
}
