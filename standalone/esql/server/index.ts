export { startHttpServer } from './http';
export type { EsHttpServer } from './http';
export { ES_VERSION } from './context';
export { formatWarning, setExecutorForTesting } from './routes_esql';
