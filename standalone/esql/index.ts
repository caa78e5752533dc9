// Embedded Elasticsearch-compatible engine: storage + REST server (+ the ES|QL executor from ./exec).
import { Store } from './store';
import { startHttpServer } from './server';

export interface EngineOptions {
  /** Data directory; omitted = in-memory only. */
  dataDir?: string;
  /** TCP port on 127.0.0.1; 0 (default) = random. */
  port?: number;
  /** ES `http.max_content_length` in bytes (default 100mb); lower it in tests. */
  maxContentLength?: number;
}

export interface Engine {
  url: string;
  close(): Promise<void>;
  /** The underlying store (in-process access for tools and benchmarks). */
  store: Store;
}

export async function startEngine(opts: EngineOptions = {}): Promise<Engine> {
  const store = Store.open(opts.dataDir);
  let server;
  try {
    server = await startHttpServer(store, opts.port ?? 0, { maxContentLength: opts.maxContentLength });
  } catch (e) {
    store.close();
    throw e;
  }
  let closed = false;
  return {
    url: server.url,
    store,
    async close() {
      if (closed) return;
      closed = true;
      await server.close();
      store.close();
    },
  };
}

export { Store } from './store';
