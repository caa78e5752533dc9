export { startHttpServer } from './http';
export type { EsHttpServer, HttpServerOptions } from './http';
export { DEFAULT_MAX_CONTENT_LENGTH } from './http';
export { ES_VERSION } from './context';
export { formatWarning, setExecutorForTesting } from './routes_esql';
